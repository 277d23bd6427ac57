"""LOTI's moderation page for the JD library: the queue, approving, rejecting with a reason, exemplars."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from jd_library.models import JobDescription
from jd_library.tasks import send_jd_decision_email
from tests.accounts.factories import UserFactory, loti_admin, staff_of
from tests.fixtures import assert_permission_matrix, sign_in
from tests.jd_library.factories import JobDescriptionFactory

pytestmark = pytest.mark.django_db

LOTI_ONLY = frozenset({"loti_admin"})
Status = JobDescription.Status
QUEUE = reverse("jd_library:moderation")
PUBLISHED_TAB = f"{QUEUE}?tab=published"


def submitted_jd(**kwargs) -> JobDescription:
    kwargs.setdefault("submitted_at", timezone.now() - timedelta(hours=1))
    return JobDescriptionFactory(status=Status.SUBMITTED, **kwargs)


def published_jd(**kwargs) -> JobDescription:
    return JobDescriptionFactory(status=Status.PUBLISHED, **kwargs)


def exemplar_jd(**kwargs) -> JobDescription:
    return published_jd(is_exemplar=True, exemplar_note="Plain English and clear skill levels.", **kwargs)


def state_of(jd: JobDescription) -> tuple:
    return JobDescription.objects.values_list(
        "status", "is_exemplar", "exemplar_note", "rejection_reason"
    ).get(pk=jd.pk)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def url(name: str, jd: JobDescription) -> str:
    return reverse(f"jd_library:{name}", kwargs={"pk": jd.pk})


@pytest.fixture
def admin_client(client):
    return sign_in(client, loti_admin(), mfa=True)


@pytest.fixture
def uploader():
    return staff_of(Organisation.objects.get(slug="hackney"), email="uploader@hackney.gov.uk")


# The queue


def test_queue_lists_submitted_jds_oldest_first(admin_client):
    now = timezone.now()
    newer = submitted_jd(title="Delivery Manager", submitted_at=now - timedelta(hours=2))
    older = submitted_jd(
        title="Data Analyst",
        organisation=Organisation.objects.get(slug="camden"),
        submitted_at=now - timedelta(days=3),
    )
    JobDescriptionFactory(status=Status.DRAFT, title="Software Developer")
    published_jd(title="Service Designer")
    JobDescriptionFactory(status=Status.REJECTED, title="Content Designer")
    response = admin_client.get(QUEUE)
    assert response.status_code == 200
    assert response.templates[0].name == "jd_library/moderation.html"
    assert list(response.context["jds"]) == [older, newer]
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert "2 job descriptions waiting, oldest first" in page
    assert "London Borough of Camden" in page
    assert timezone.localtime(older.submitted_at).strftime("%-d %B %Y") in page
    assert page.index("Data Analyst") < page.index("Delivery Manager")
    for hidden in ("Software Developer", "Service Designer", "Content Designer"):
        assert hidden not in page
    for jd in (older, newer):
        assert url("preview", jd) in page
        assert f'action="{url("approve", jd)}"' in page
        assert url("reject", jd) in page
    assert "Waiting for approval (2)" in page
    assert "Published (1)" in page


def test_empty_queue_says_so(admin_client):
    page = admin_client.get(QUEUE).content.decode()
    assert "There are no job descriptions waiting for approval." in page


def test_preview_link_opens_for_a_moderator(admin_client):
    jd = submitted_jd(organisation=Organisation.objects.get(slug="camden"))
    response = admin_client.get(url("preview", jd))
    assert response.status_code == 200
    assert response.templates[0].name == "jd_library/preview.html"


def test_queue_is_for_loti_admins_only(actors):
    submitted_jd()
    responses = assert_permission_matrix(actors, lambda client: client.get(QUEUE), allowed=LOTI_ONLY)
    assert responses["anonymous"].status_code == 302
    assert responses["candidate"].status_code == 403
    assert responses["owner_staff"].status_code == 403


def test_published_tab_is_for_loti_admins_only(actors):
    published_jd()
    assert_permission_matrix(actors, lambda client: client.get(PUBLISHED_TAB), allowed=LOTI_ONLY)


def test_a_loti_admin_without_two_factor_is_sent_to_use_it(client):
    sign_in(client, loti_admin())
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert "reauthenticate" in response.headers["Location"]


def test_queue_query_count_does_not_grow_with_the_queue(admin_client):
    submitted_jd(created_by=UserFactory())
    with CaptureQueriesContext(connection) as one:
        assert admin_client.get(QUEUE).status_code == 200
    for _ in range(99):
        submitted_jd(created_by=UserFactory())
    with CaptureQueriesContext(connection) as hundred:
        response = admin_client.get(QUEUE)
    assert "100 job descriptions waiting" in response.content.decode()
    assert len(hundred) == len(one)


# The published tab


def test_published_tab_shows_exemplars_first_with_their_notes(admin_client):
    now = timezone.now()
    newest = published_jd(title="Data Engineer", published_at=now)
    exemplar = exemplar_jd(title="Content Designer", published_at=now - timedelta(days=30))
    submitted_jd(title="Delivery Manager")
    response = admin_client.get(PUBLISHED_TAB)
    assert response.status_code == 200
    assert [jd.pk for jd in response.context["page"]] == [exemplar.pk, newest.pk]
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert "Plain English and clear skill levels." in page
    assert "Delivery Manager" not in page
    assert f'href="{url("exemplar", newest)}"' in page
    assert "Mark as exemplar" in page
    assert f'href="{url("exemplar", exemplar)}"' in page
    assert "Change note or remove" in page
    assert 'aria-current="page">Published (2)' in page


def test_published_tab_searches(admin_client):
    published_jd(title="Data Engineer")
    published_jd(title="Service Designer")
    response = admin_client.get(QUEUE, {"tab": "published", "q": "designer"})
    assert [jd.title for jd in response.context["page"]] == ["Service Designer"]
    response = admin_client.get(QUEUE, {"tab": "published", "q": "zebra"})
    assert "No published job descriptions match “zebra”" in response.content.decode()


def test_published_tab_pages(admin_client):
    JobDescriptionFactory.create_batch(51, status=Status.PUBLISHED)
    first = admin_client.get(PUBLISHED_TAB)
    assert len(first.context["page"].object_list) == 50
    assert first.context["next_url"].endswith("page=2")
    second = admin_client.get(first.context["next_url"])
    assert len(second.context["page"].object_list) == 1
    assert second.context["previous_url"].endswith("page=1")
    assert "Page 1 of 2" in second.content.decode()


def test_published_tab_query_count_does_not_grow_with_rows(admin_client):
    exemplar_jd(created_by=UserFactory())
    with CaptureQueriesContext(connection) as one:
        assert admin_client.get(PUBLISHED_TAB).status_code == 200
    for n in range(99):
        published_jd(is_exemplar=n % 3 == 0, exemplar_note="Good" if n % 3 == 0 else "")
    with CaptureQueriesContext(connection) as hundred:
        assert admin_client.get(PUBLISHED_TAB).status_code == 200
    assert len(hundred) == len(one)


# Approve


def test_only_loti_admins_can_approve(actors):
    attempts = []

    def attempt(client):
        attempts.append(submitted_jd())
        return client.post(url("approve", attempts[-1]))

    assert_permission_matrix(
        actors, attempt, allowed=LOTI_ONLY, unchanged=lambda: state_of(attempts[-1])[0] == Status.SUBMITTED
    )
    assert [state_of(jd)[0] for jd in attempts] == [Status.SUBMITTED] * 4 + [Status.PUBLISHED]


def test_approve_publishes_and_emails_the_uploader(
    admin_client, uploader, django_capture_on_commit_callbacks
):
    jd = submitted_jd(title="Data Analyst", created_by=uploader)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url("approve", jd), follow=True)
    assert response.redirect_chain == [(QUEUE, 302)]
    jd.refresh_from_db()
    assert jd.status == Status.PUBLISHED
    assert jd.published_at is not None
    page = response.content.decode()
    assert "“Data Analyst” is approved and in the JD library." in page
    assert "We have emailed the person who submitted it." in page
    [email] = mail.outbox
    assert email.to == ["uploader@hackney.gov.uk"]
    assert email.subject == "Your job description is in the JD library: Data Analyst"
    assert jd.get_absolute_url() in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert jd.get_absolute_url() in html


def test_approve_without_an_uploader_sends_no_email(admin_client, django_capture_on_commit_callbacks):
    jd = submitted_jd(created_by=None)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url("approve", jd), follow=True)
    assert state_of(jd)[0] == Status.PUBLISHED
    assert "We have emailed" not in response.content.decode()
    assert not mail.outbox


def test_approve_is_not_a_get(admin_client):
    jd = submitted_jd()
    assert admin_client.get(url("approve", jd)).status_code == 405
    assert state_of(jd)[0] == Status.SUBMITTED


@pytest.mark.parametrize("status", [Status.DRAFT, Status.PUBLISHED, Status.REJECTED, Status.ARCHIVED])
def test_approving_a_jd_not_waiting_changes_nothing(
    admin_client, uploader, status, django_capture_on_commit_callbacks
):
    jd = JobDescriptionFactory(status=status, created_by=uploader, title="Data Analyst")
    before = JobDescription.objects.values_list("status", "published_at").get(pk=jd.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url("approve", jd))
    assert response.status_code == 302
    [message] = messages_of(response)
    assert message.startswith("“Data Analyst” was not approved. A job description that is")
    assert "cannot be published" in message
    assert JobDescription.objects.values_list("status", "published_at").get(pk=jd.pk) == before
    assert not mail.outbox


def test_approve_missing_jd_is_not_found(admin_client):
    assert admin_client.post(reverse("jd_library:approve", kwargs={"pk": 999_999})).status_code == 404


# Reject


def test_reject_form_asks_for_a_reason(admin_client):
    jd = submitted_jd(title="Delivery Manager")
    response = admin_client.get(url("reject", jd))
    assert response.status_code == 200
    assert response.templates[0].name == "jd_library/reject.html"
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert "Reject Delivery Manager" in page
    assert '<textarea name="reason"' in page
    assert url("preview", jd) in page


@pytest.mark.parametrize("reason", ["", "   \n  "])
def test_reject_without_a_reason_shows_an_error_and_changes_nothing(admin_client, reason):
    jd = submitted_jd()
    before = state_of(jd)
    response = admin_client.post(url("reject", jd), {"reason": reason})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert '<a href="#id_reason">Enter why the job description is being rejected</a>' in page
    assert "<title>Error: " in page
    assert state_of(jd) == before
    assert not mail.outbox


def test_reject_with_a_reason_too_long_changes_nothing(admin_client):
    jd = submitted_jd()
    response = admin_client.post(url("reject", jd), {"reason": "x" * 2001})
    assert "Reason must be 2,000 characters or fewer" in response.content.decode()
    assert state_of(jd)[0] == Status.SUBMITTED


def test_reject_sends_the_jd_back_and_emails_the_reason(
    admin_client, uploader, django_capture_on_commit_callbacks
):
    jd = submitted_jd(title="Data Analyst", created_by=uploader)
    reason = "Please add the grade's spine points & say if it includes London weighting."
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url("reject", jd), {"reason": reason}, follow=True)
    assert response.redirect_chain == [(QUEUE, 302)]
    assert (
        "“Data Analyst” is rejected. We have emailed the person who submitted it."
        in response.content.decode()
    )
    jd.refresh_from_db()
    assert jd.status == Status.REJECTED
    assert jd.rejection_reason == reason
    [email] = mail.outbox
    assert email.to == ["uploader@hackney.gov.uk"]
    assert email.subject == "Your job description needs changes: Data Analyst"
    assert reason in email.body
    assert url("edit", jd) in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert "Please add the grade&#x27;s spine points &amp; say if it includes London weighting." in html
    assert url("edit", jd) in html


def test_only_loti_admins_can_reject(actors):
    attempts = []

    def attempt(client):
        attempts.append(submitted_jd())
        return client.post(url("reject", attempts[-1]), {"reason": "Add the grade"})

    assert_permission_matrix(
        actors, attempt, allowed=LOTI_ONLY, unchanged=lambda: state_of(attempts[-1])[0] == Status.SUBMITTED
    )
    assert [state_of(jd)[0] for jd in attempts] == [Status.SUBMITTED] * 4 + [Status.REJECTED]


def test_only_loti_admins_see_the_reject_form(actors):
    jd = submitted_jd()
    assert_permission_matrix(actors, lambda client: client.get(url("reject", jd)), allowed=LOTI_ONLY)


@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.REJECTED, Status.DRAFT, Status.ARCHIVED])
def test_a_jd_not_waiting_for_approval_cannot_be_rejected(admin_client, status):
    jd = JobDescriptionFactory(status=status)
    before = state_of(jd)
    for response in (
        admin_client.get(url("reject", jd), follow=True),
        admin_client.post(url("reject", jd), {"reason": "No"}, follow=True),
    ):
        assert response.redirect_chain == [(QUEUE, 302)]
        assert "is not waiting for approval" in response.content.decode()
    assert state_of(jd) == before
    assert not mail.outbox


# Exemplars


def test_exemplar_form_asks_for_a_note(admin_client):
    jd = published_jd(title="Service Designer")
    response = admin_client.get(url("exemplar", jd))
    assert response.status_code == 200
    assert response.templates[0].name == "jd_library/exemplar.html"
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert "Mark Service Designer as an exemplar" in page
    assert '<textarea name="note"' in page
    assert 'name="remove"' not in page


@pytest.mark.parametrize("note", ["", "  \n "])
def test_marking_without_a_note_shows_an_error_and_changes_nothing(admin_client, note):
    jd = published_jd()
    response = admin_client.post(url("exemplar", jd), {"note": note})
    assert response.status_code == 200
    page = response.content.decode()
    assert '<a href="#id_note">Enter why this job description is an exemplar</a>' in page
    assert "<title>Error: " in page
    assert state_of(jd)[1:3] == (False, "")


def test_marking_with_a_note_makes_an_exemplar(admin_client):
    jd = published_jd(title="Service Designer")
    response = admin_client.post(
        url("exemplar", jd), {"note": "  Clear purpose and honest salary.  "}, follow=True
    )
    assert response.redirect_chain == [(PUBLISHED_TAB, 302)]
    assert "“Service Designer” is now an exemplar." in response.content.decode()
    assert state_of(jd)[:3] == (Status.PUBLISHED, True, "Clear purpose and honest salary.")
    assert not mail.outbox


def test_an_exemplar_note_can_be_changed(admin_client):
    jd = exemplar_jd(title="Service Designer")
    page = admin_client.get(url("exemplar", jd)).content.decode()
    assert "Change the exemplar note for Service Designer" in page
    assert "Plain English and clear skill levels.</textarea>" in page
    assert 'name="remove"' in page
    response = admin_client.post(url("exemplar", jd), {"note": "Skills set out at DDaT levels."})
    assert "“Service Designer” has a new exemplar note." in messages_of(response)
    assert state_of(jd)[1:3] == (True, "Skills set out at DDaT levels.")


def test_removing_an_exemplar(admin_client):
    jd = exemplar_jd(title="Service Designer")
    response = admin_client.post(url("exemplar", jd), {"remove": "1"})
    assert response.status_code == 302
    assert response.headers["Location"] == PUBLISHED_TAB
    assert "“Service Designer” is no longer an exemplar." in messages_of(response)
    assert state_of(jd)[:3] == (Status.PUBLISHED, False, "")


def test_removing_what_is_not_an_exemplar_changes_nothing(admin_client):
    jd = published_jd(title="Service Designer")
    response = admin_client.post(url("exemplar", jd), {"remove": "1"})
    assert messages_of(response) == ["“Service Designer” is not an exemplar, so there is nothing to remove."]
    assert state_of(jd)[1:3] == (False, "")


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.DRAFT, Status.REJECTED, Status.ARCHIVED])
def test_only_published_jds_can_be_exemplars(admin_client, status):
    jd = JobDescriptionFactory(status=status, title="Data Analyst")
    for response in (
        admin_client.get(url("exemplar", jd), follow=True),
        admin_client.post(url("exemplar", jd), {"note": "Good"}, follow=True),
    ):
        assert response.redirect_chain == [(PUBLISHED_TAB, 302)]
        assert "“Data Analyst” is not published, so it cannot be an exemplar." in response.content.decode()
    assert state_of(jd)[1:3] == (False, "")


def test_only_loti_admins_can_mark_exemplars(actors):
    attempts = []

    def attempt(client):
        attempts.append(published_jd())
        return client.post(url("exemplar", attempts[-1]), {"note": "Clear and short"})

    assert_permission_matrix(
        actors, attempt, allowed=LOTI_ONLY, unchanged=lambda: not state_of(attempts[-1])[1]
    )
    assert [state_of(jd)[1] for jd in attempts] == [False] * 4 + [True]


def test_only_loti_admins_can_remove_exemplars(actors):
    attempts = []

    def attempt(client):
        attempts.append(exemplar_jd())
        return client.post(url("exemplar", attempts[-1]), {"remove": "1"})

    assert_permission_matrix(actors, attempt, allowed=LOTI_ONLY, unchanged=lambda: state_of(attempts[-1])[1])
    assert [state_of(jd)[1] for jd in attempts] == [True] * 4 + [False]


def test_only_loti_admins_see_the_exemplar_form(actors):
    jd = published_jd()
    assert_permission_matrix(actors, lambda client: client.get(url("exemplar", jd)), allowed=LOTI_ONLY)


# The email task


def test_decision_email_is_sent_only_while_the_decision_stands(uploader):
    jd = JobDescriptionFactory(status=Status.REJECTED, created_by=uploader, rejection_reason="Add the grade")
    assert send_jd_decision_email(jd.pk, Status.PUBLISHED) is False
    assert send_jd_decision_email(jd.pk, Status.REJECTED) is True
    JobDescription.objects.filter(pk=jd.pk).update(status=Status.SUBMITTED)
    assert send_jd_decision_email(jd.pk, Status.REJECTED) is False
    assert send_jd_decision_email(999_999, Status.REJECTED) is False
    assert len(mail.outbox) == 1
