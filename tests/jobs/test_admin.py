import csv
import io
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from jobs.admin import JobAdmin
from jobs.models import Job
from tests.accounts.factories import UserFactory, loti_admin, staff_of
from tests.fixtures import sign_in
from tests.jobs.factories import JobFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:jobs_job_changelist"


@pytest.fixture
def admin_client(client):
    return sign_in(client, loti_admin(), mfa=True)


@pytest.fixture
def poster():
    return staff_of(Organisation.objects.get(slug="hackney"), email="poster@hackney.gov.uk")


def submitted_job(**kwargs) -> Job:
    return JobFactory(status=Job.Status.SUBMITTED, submitted_at=timezone.now(), published_at=None, **kwargs)


def run_action(client, action: str, jobs, **extra):
    data = {"action": action, "index": "0", "_selected_action": [job.pk for job in jobs], **extra}
    return client.post(reverse(CHANGELIST), data)


def statuses(*jobs) -> list[str]:
    return [Job.objects.values_list("status", flat=True).get(pk=job.pk) for job in jobs]


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# Who gets in


def test_changelist_needs_a_loti_admin_who_passed_two_factor(client):
    url = reverse(CHANGELIST)
    assert client.get(url).status_code == 302
    sign_in(client, staff_of(Organisation.objects.get(slug="hackney")))
    assert client.get(url).status_code == 302
    client.logout()
    sign_in(client, loti_admin())
    assert client.get(url).status_code == 302
    client.logout()
    sign_in(client, loti_admin(email="second@loti.london"), mfa=True)
    assert client.get(url).status_code == 200


def test_a_borough_cannot_run_admin_actions(client):
    job = submitted_job()
    sign_in(client, staff_of(Organisation.objects.get(slug="hackney")), mfa=True)
    response = run_action(client, "approve_selected", [job])
    assert response.status_code == 302
    assert (
        "/accounts/login/" in response.headers["Location"] or "/admin/login/" in response.headers["Location"]
    )
    assert statuses(job) == [Job.Status.SUBMITTED]


# The list


def test_changelist_filters_and_searches(admin_client):
    JobFactory(status=Job.Status.PUBLISHED, title="Data analyst", reference="HK0731")
    JobFactory(status=Job.Status.DRAFT, title="Delivery manager", reference="HK0999")
    response = admin_client.get(reverse(CHANGELIST), {"q": "HK0731"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Data analyst" in page
    assert "Delivery manager" not in page
    response = admin_client.get(reverse(CHANGELIST), {"status__exact": "draft"})
    assert [job.title for job in response.context["cl"].result_list] == ["Delivery manager"]
    for name in (
        "role__family__id__exact",
        "level__id__exact",
        "contract_type",
        "workplace",
        "organisation__id__exact",
    ):
        assert name in page


def test_changelist_query_count_does_not_grow_with_rows(admin_client, django_assert_max_num_queries):
    JobFactory.create_batch(5, status=Job.Status.PUBLISHED)
    with django_assert_max_num_queries(30) as few:
        admin_client.get(reverse(CHANGELIST))
    JobFactory.create_batch(60, status=Job.Status.PUBLISHED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert admin_client.get(reverse(CHANGELIST)).status_code == 200


def test_jobs_are_not_added_or_deleted_in_admin(admin_client):
    job = JobFactory(status=Job.Status.CLOSED)
    assert admin_client.get(reverse("admin:jobs_job_add")).status_code == 403
    assert (
        admin_client.post(reverse("admin:jobs_job_delete", args=[job.pk]), {"post": "yes"}).status_code == 403
    )
    assert Job.objects.filter(pk=job.pk).exists()
    choices = admin_client.get(reverse(CHANGELIST)).context["action_form"].fields["action"].choices
    assert [name for name, _ in choices if name] == [
        "approve_selected", "reject_selected", "close_selected", "archive_selected", "export_as_csv",
    ]  # fmt: skip


def test_published_job_is_view_only(admin_client):
    job = JobFactory(status=Job.Status.PUBLISHED, title="Data analyst")
    response = admin_client.get(reverse("admin:jobs_job_change", args=[job.pk]))
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    response = admin_client.post(reverse("admin:jobs_job_change", args=[job.pk]), {"title": "Changed"})
    assert response.status_code == 403
    assert Job.objects.get(pk=job.pk).title == "Data analyst"


def test_editing_a_draft_goes_through_the_service(admin_client):
    job = JobFactory(status=Job.Status.DRAFT, title="Data analyst")
    url = reverse("admin:jobs_job_change", args=[job.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {name: ("" if value is None else value) for name, value in data.items()}
    data["london_weighting_included"] = "on"
    data["closes_at_0"], data["closes_at_1"] = (
        (timezone.localtime() + timedelta(days=9)).strftime("%Y-%m-%d %H:%M:%S").split(" ")
    )
    data.pop("closes_at")
    data["title"] = "Lead data analyst"
    data["description"] = "<p>Hello</p><script>alert(1)</script>"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    job.refresh_from_db()
    assert job.title == "Lead data analyst"
    assert job.description == "<p>Hello</p>"
    assert "Lead data analyst" in job.search_document
    assert job.status == Job.Status.DRAFT


def test_editing_a_draft_refuses_a_past_closing_date(admin_client):
    job = JobFactory(status=Job.Status.DRAFT, title="Data analyst")
    url = reverse("admin:jobs_job_change", args=[job.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: ("" if form[name].value() is None else form[name].value()) for name in form.fields}
    data.pop("closes_at")
    data["closes_at_0"], data["closes_at_1"] = "2020-01-01", "12:00:00"
    data["title"] = "Changed"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "The closing date must be in the future." in response.content.decode()
    assert Job.objects.get(pk=job.pk).title == "Data analyst"


# Actions


def test_approve_selected_publishes_emails_and_reports_failures(
    admin_client, poster, django_capture_on_commit_callbacks
):
    first = submitted_job(title="Data analyst", created_by=poster)
    second = submitted_job(title="Delivery manager", created_by=poster)
    draft = JobFactory(status=Job.Status.DRAFT, title="Software developer", created_by=poster)
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(admin_client, "approve_selected", [first, second, draft])
    assert response.status_code == 302
    assert statuses(first, second, draft) == [Job.Status.PUBLISHED, Job.Status.PUBLISHED, Job.Status.DRAFT]
    notes = messages_of(response)
    assert "2 jobs approved and published." in notes
    assert any("Software developer" in note and "cannot be approved" in note for note in notes)
    assert sorted(email.subject for email in mail.outbox) == [
        "Your job is live: Data analyst",
        "Your job is live: Delivery manager",
    ]


def test_reject_selected_asks_for_a_reason_first(admin_client):
    job = submitted_job(title="Data analyst")
    response = run_action(admin_client, "reject_selected", [job])
    assert response.status_code == 200
    assert response.templates[0].name == "admin/jobs/job/reject_selected.html"
    page = response.content.decode()
    assert f'name="_selected_action" value="{job.pk}"' in page
    assert '<textarea name="reason"' in page
    assert statuses(job) == [Job.Status.SUBMITTED]


def test_reject_selected_without_a_reason_changes_nothing(admin_client):
    job = submitted_job()
    response = admin_client.post(
        reverse(CHANGELIST),
        {"action": "reject_selected", "_selected_action": [job.pk], "reason": " ", "apply": "Reject"},
    )
    assert response.status_code == 200
    assert "Enter why the job is being rejected" in response.content.decode()
    assert statuses(job) == [Job.Status.SUBMITTED]
    assert not mail.outbox


def test_reject_selected_with_a_reason_rejects_and_emails(
    admin_client, poster, django_capture_on_commit_callbacks
):
    jobs = [submitted_job(title="Data analyst", created_by=poster), submitted_job(title="Delivery manager")]
    published = JobFactory(status=Job.Status.PUBLISHED, title="Software developer")
    reason = "Add the salary spine points."
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse(CHANGELIST),
            {
                "action": "reject_selected",
                "_selected_action": [job.pk for job in [*jobs, published]],
                "reason": reason,
                "apply": "Reject the selected jobs",
            },
        )
    assert response.status_code == 302
    assert statuses(*jobs, published) == [Job.Status.REJECTED, Job.Status.REJECTED, Job.Status.PUBLISHED]
    assert Job.objects.get(pk=jobs[0].pk).rejection_reason == reason
    notes = messages_of(response)
    assert "2 jobs rejected." in notes
    assert any("Software developer" in note for note in notes)
    # The second job has no poster on record, so only one email goes.
    [email] = mail.outbox
    assert email.subject == "Your job needs changes: Data analyst"
    assert reason in email.body
    assert reason in email.alternatives[0][0]


def test_close_selected_closes_published_jobs_only(admin_client):
    live = JobFactory(status=Job.Status.PUBLISHED)
    draft = JobFactory(status=Job.Status.DRAFT)
    response = run_action(admin_client, "close_selected", [live, draft])
    assert response.status_code == 302
    assert statuses(live, draft) == [Job.Status.CLOSED, Job.Status.DRAFT]
    assert Job.objects.get(pk=live.pk).ended_at is not None
    assert "1 job closed." in messages_of(response)


def test_archive_selected_archives_ended_jobs_only(admin_client):
    closed = JobFactory(status=Job.Status.CLOSED, ended_at=timezone.now())
    live = JobFactory(status=Job.Status.PUBLISHED)
    response = run_action(admin_client, "archive_selected", [closed, live])
    assert statuses(closed, live) == [Job.Status.ARCHIVED, Job.Status.PUBLISHED]
    assert "1 job archived." in messages_of(response)


def test_export_as_csv(admin_client):
    job = JobFactory(status=Job.Status.PUBLISHED, title="=HYPERLINK(1)", reference="HK0731")
    response = run_action(admin_client, "export_as_csv", [job])
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == JobAdmin.csv_fields
    assert rows[1][:3] == [str(job.pk), "'=HYPERLINK(1)", "HK0731"]
    assert rows[1][3] == "London Borough of Hackney"


def test_a_candidate_with_staff_flag_is_not_a_loti_admin(client):
    job = submitted_job()
    sign_in(client, UserFactory(is_staff=True), mfa=True)
    response = run_action(client, "approve_selected", [job])
    assert response.status_code == 302
    assert statuses(job) == [Job.Status.SUBMITTED]
