from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from jobs.models import Job
from tests.accounts.factories import UserFactory, loti_admin, staff_of
from tests.fixtures import assert_permission_matrix, sign_in
from tests.jobs.factories import JobFactory

pytestmark = pytest.mark.django_db

LOTI_ONLY = frozenset({"loti_admin"})


def submitted_job(**kwargs) -> Job:
    kwargs.setdefault("submitted_at", timezone.now() - timedelta(hours=1))
    return JobFactory(status=Job.Status.SUBMITTED, published_at=None, **kwargs)


def status_of(job: Job) -> str:
    return Job.objects.values_list("status", flat=True).get(pk=job.pk)


@pytest.fixture
def admin_client(client):
    return sign_in(client, loti_admin(), mfa=True)


@pytest.fixture
def poster():
    return staff_of(Organisation.objects.get(slug="hackney"), email="poster@hackney.gov.uk")


# The queue


def test_queue_lists_submitted_jobs_oldest_first(admin_client):
    now = timezone.now()
    newer = submitted_job(title="Delivery manager", submitted_at=now - timedelta(hours=2))
    older = submitted_job(
        title="Data analyst",
        organisation=Organisation.objects.get(slug="camden"),
        submitted_at=now - timedelta(days=3),
    )
    JobFactory(status=Job.Status.DRAFT, title="Software developer")
    JobFactory(status=Job.Status.PUBLISHED, title="Senior service designer")
    response = admin_client.get(reverse("jobs:moderation"))
    assert response.status_code == 200
    assert response.templates[0].name == "jobs/moderation.html"
    assert list(response.context["jobs"]) == [older, newer]
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert "2 jobs waiting" in page
    assert "London Borough of Camden" in page
    assert "Software developer" not in page
    assert "Senior service designer" not in page
    for job in (older, newer):
        assert reverse("jobs:preview", kwargs={"pk": job.pk}) in page
        assert f'action="{reverse("jobs:approve", kwargs={"pk": job.pk})}"' in page
        assert reverse("jobs:reject", kwargs={"pk": job.pk}) in page


def test_preview_link_opens_for_a_moderator(admin_client):
    job = submitted_job(title="Delivery manager", organisation=Organisation.objects.get(slug="camden"))
    response = admin_client.get(reverse("jobs:preview", kwargs={"pk": job.pk}))
    assert response.status_code == 200
    assert "jobs/includes/job_body.html" in [t.name for t in response.templates]


def test_empty_queue_says_so(admin_client):
    page = admin_client.get(reverse("jobs:moderation")).content.decode()
    assert "There are no jobs waiting for approval." in page


def test_queue_is_for_loti_admins_only(actors):
    submitted_job()
    responses = assert_permission_matrix(
        actors, lambda client: client.get(reverse("jobs:moderation")), allowed=LOTI_ONLY
    )
    assert responses["anonymous"].status_code == 302
    assert responses["candidate"].status_code == 403
    assert responses["owner_staff"].status_code == 403


def test_staff_flag_alone_does_not_make_a_moderator(client):
    sign_in(client, UserFactory(is_staff=True))
    assert client.get(reverse("jobs:moderation")).status_code == 403


def test_queue_query_count_does_not_grow_with_the_queue(admin_client):
    submitted_job(created_by=UserFactory())
    with CaptureQueriesContext(connection) as one:
        assert admin_client.get(reverse("jobs:moderation")).status_code == 200
    for _ in range(99):
        submitted_job(created_by=UserFactory())
    with CaptureQueriesContext(connection) as hundred:
        response = admin_client.get(reverse("jobs:moderation"))
    assert "100 jobs waiting" in response.content.decode()
    assert len(hundred) == len(one)


# Approve


def test_only_loti_admins_can_approve(actors):
    attempts = []

    def attempt(client):
        attempts.append(submitted_job())
        return client.post(reverse("jobs:approve", kwargs={"pk": attempts[-1].pk}))

    assert_permission_matrix(
        actors, attempt, allowed=LOTI_ONLY, unchanged=lambda: status_of(attempts[-1]) == Job.Status.SUBMITTED
    )
    assert [status_of(job) for job in attempts] == [Job.Status.SUBMITTED] * 4 + [Job.Status.PUBLISHED]


def test_approve_publishes_and_emails_the_poster(admin_client, poster, django_capture_on_commit_callbacks):
    job = submitted_job(title="Data analyst", created_by=poster)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("jobs:approve", kwargs={"pk": job.pk}), follow=True)
    assert response.redirect_chain == [(reverse("jobs:moderation"), 302)]
    job.refresh_from_db()
    assert job.status == Job.Status.PUBLISHED
    assert job.published_at is not None
    assert "“Data analyst” is approved" in response.content.decode()
    [email] = mail.outbox
    assert email.to == ["poster@hackney.gov.uk"]
    assert email.subject == "Your job is live: Data analyst"
    assert job.get_absolute_url() in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert job.get_absolute_url() in html


def test_approve_is_not_a_get(admin_client):
    job = submitted_job()
    assert admin_client.get(reverse("jobs:approve", kwargs={"pk": job.pk})).status_code == 405
    assert status_of(job) == Job.Status.SUBMITTED


def test_approving_twice_changes_nothing_the_second_time(
    admin_client, poster, django_capture_on_commit_callbacks
):
    job = submitted_job(created_by=poster)
    url = reverse("jobs:approve", kwargs={"pk": job.pk})
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url)
    published_at = Job.objects.get(pk=job.pk).published_at
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url)
    assert response.status_code == 302
    message = [str(m) for m in get_messages(response.wsgi_request)][-1]
    assert "was not approved" in message
    assert "published cannot be approved" in message
    assert Job.objects.get(pk=job.pk).published_at == published_at
    assert len(mail.outbox) == 1


def test_a_job_past_its_closing_date_cannot_be_approved(admin_client, django_capture_on_commit_callbacks):
    job = submitted_job(closes_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("jobs:approve", kwargs={"pk": job.pk}), follow=True)
    assert "closing date has passed" in response.content.decode()
    assert status_of(job) == Job.Status.SUBMITTED
    assert not mail.outbox


def test_approve_missing_job_is_not_found(admin_client):
    assert admin_client.post(reverse("jobs:approve", kwargs={"pk": 999_999})).status_code == 404


# Reject


def test_reject_form_asks_for_a_reason(admin_client):
    job = submitted_job(title="Delivery manager")
    response = admin_client.get(reverse("jobs:reject", kwargs={"pk": job.pk}))
    assert response.status_code == 200
    assert response.templates[0].name == "jobs/reject.html"
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert "Reject Delivery manager" in page
    assert '<textarea name="reason"' in page
    assert reverse("jobs:preview", kwargs={"pk": job.pk}) in page


@pytest.mark.parametrize("reason", ["", "   \n  "])
def test_reject_without_a_reason_shows_an_error_and_changes_nothing(admin_client, reason):
    job = submitted_job()
    response = admin_client.post(reverse("jobs:reject", kwargs={"pk": job.pk}), {"reason": reason})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert '<a href="#id_reason">Enter why the job is being rejected</a>' in page
    assert "<title>Error: " in page
    assert status_of(job) == Job.Status.SUBMITTED
    assert not mail.outbox


def test_reject_sends_the_job_back_and_emails_the_reason(
    admin_client, poster, django_capture_on_commit_callbacks
):
    job = submitted_job(title="Data analyst", created_by=poster)
    reason = "Please add the salary band's spine points & the interview dates."
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("jobs:reject", kwargs={"pk": job.pk}), {"reason": reason}, follow=True
        )
    assert response.redirect_chain == [(reverse("jobs:moderation"), 302)]
    assert "“Data analyst” is rejected" in response.content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.REJECTED
    assert job.rejection_reason == reason
    [email] = mail.outbox
    assert email.to == ["poster@hackney.gov.uk"]
    assert email.subject == "Your job needs changes: Data analyst"
    assert reason in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert "Please add the salary band&#x27;s spine points &amp; the interview dates." in html


def test_only_loti_admins_can_reject(actors):
    attempts = []

    def attempt(client):
        attempts.append(submitted_job())
        return client.post(
            reverse("jobs:reject", kwargs={"pk": attempts[-1].pk}), {"reason": "Add the grade"}
        )

    assert_permission_matrix(
        actors, attempt, allowed=LOTI_ONLY, unchanged=lambda: status_of(attempts[-1]) == Job.Status.SUBMITTED
    )
    assert [status_of(job) for job in attempts] == [Job.Status.SUBMITTED] * 4 + [Job.Status.REJECTED]


def test_only_loti_admins_see_the_reject_form(actors):
    job = submitted_job()
    assert_permission_matrix(
        actors, lambda client: client.get(reverse("jobs:reject", kwargs={"pk": job.pk})), allowed=LOTI_ONLY
    )


@pytest.mark.parametrize("status", [Job.Status.PUBLISHED, Job.Status.REJECTED, Job.Status.DRAFT])
def test_a_job_not_waiting_for_approval_cannot_be_rejected(admin_client, status):
    job = JobFactory(status=status)
    for response in (
        admin_client.get(reverse("jobs:reject", kwargs={"pk": job.pk}), follow=True),
        admin_client.post(reverse("jobs:reject", kwargs={"pk": job.pk}), {"reason": "No"}, follow=True),
    ):
        assert response.redirect_chain == [(reverse("jobs:moderation"), 302)]
        assert "is not waiting for approval" in response.content.decode()
    assert status_of(job) == status
    assert not mail.outbox
