"""Django admin for JDs: who gets in, the list, editing through jd_update, every action via the changelist."""

import csv
import io

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from jd_library.admin import JobDescriptionAdmin
from jd_library.models import JobDescription
from tests.accounts.factories import UserFactory, loti_admin, staff_of
from tests.fixtures import sign_in
from tests.jd_library.factories import JobDescriptionFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:jd_library_jobdescription_changelist"
Status = JobDescription.Status


@pytest.fixture
def admin_client(client):
    return sign_in(client, loti_admin(), mfa=True)


@pytest.fixture
def uploader():
    return staff_of(Organisation.objects.get(slug="hackney"), email="uploader@hackney.gov.uk")


def submitted_jd(**kwargs) -> JobDescription:
    return JobDescriptionFactory(status=Status.SUBMITTED, submitted_at=timezone.now(), **kwargs)


def run_action(client, action: str, jds, **extra):
    data = {"action": action, "index": "0", "_selected_action": [jd.pk for jd in jds], **extra}
    return client.post(reverse(CHANGELIST), data)


def statuses(*jds) -> list[str]:
    return [JobDescription.objects.values_list("status", flat=True).get(pk=jd.pk) for jd in jds]


def exemplar_state(*jds) -> list[tuple[bool, str]]:
    return [JobDescription.objects.values_list("is_exemplar", "exemplar_note").get(pk=jd.pk) for jd in jds]


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# Who gets in


def test_changelist_needs_a_loti_admin_who_passed_two_factor(client):
    url = reverse(CHANGELIST)
    assert client.get(url).status_code == 302
    sign_in(client, staff_of(Organisation.objects.get(slug="hackney")), mfa=True)
    assert client.get(url).status_code == 302
    client.logout()
    sign_in(client, loti_admin())
    assert client.get(url).status_code == 302
    client.logout()
    sign_in(client, loti_admin(email="second@loti.london"), mfa=True)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("who", ["borough staff", "staff flag only"])
def test_others_cannot_run_admin_actions(client, who):
    jd = submitted_jd()
    exemplar = JobDescriptionFactory(status=Status.PUBLISHED, is_exemplar=True, exemplar_note="Clear")
    user = staff_of(Organisation.objects.get(slug="hackney")) if who == "borough staff" else None
    sign_in(client, user or UserFactory(is_staff=True), mfa=True)
    for action, jds, extra in (
        ("approve_selected", [jd], {}),
        ("reject_selected", [jd], {"reason": "No", "apply": "Reject"}),
        ("unmark_exemplar_selected", [exemplar], {}),
        ("archive_selected", [exemplar], {}),
    ):
        response = run_action(client, action, jds, **extra)
        assert response.status_code == 302
        location = response.headers["Location"]
        assert "/accounts/login/" in location or "/admin/login/" in location
    assert statuses(jd, exemplar) == [Status.SUBMITTED, Status.PUBLISHED]
    assert exemplar_state(exemplar) == [(True, "Clear")]


# The list


def test_changelist_filters_and_searches(admin_client):
    JobDescriptionFactory(status=Status.PUBLISHED, title="Data Analyst", grade_label="PO4")
    JobDescriptionFactory(status=Status.DRAFT, title="Delivery Manager", grade_label="Band 6")
    response = admin_client.get(reverse(CHANGELIST), {"q": "Band 6"})
    assert response.status_code == 200
    assert [jd.title for jd in response.context["cl"].result_list] == ["Delivery Manager"]
    response = admin_client.get(reverse(CHANGELIST), {"status__exact": "published"})
    assert [jd.title for jd in response.context["cl"].result_list] == ["Data Analyst"]
    page = response.content.decode()
    for name in (
        "is_exemplar__exact",
        "organisation__id__exact",
        "role__family__id__exact",
        "level__id__exact",
        "year_advertised",
    ):
        assert name in page


def test_changelist_query_count_does_not_grow_with_rows(admin_client, django_assert_max_num_queries):
    JobDescriptionFactory.create_batch(5, status=Status.PUBLISHED)
    with django_assert_max_num_queries(30) as few:
        admin_client.get(reverse(CHANGELIST))
    JobDescriptionFactory.create_batch(60, status=Status.PUBLISHED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert admin_client.get(reverse(CHANGELIST)).status_code == 200


def test_jds_are_not_added_or_deleted_in_admin(admin_client):
    jd = JobDescriptionFactory(status=Status.ARCHIVED)
    assert admin_client.get(reverse("admin:jd_library_jobdescription_add")).status_code == 403
    response = admin_client.post(
        reverse("admin:jd_library_jobdescription_delete", args=[jd.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert JobDescription.objects.filter(pk=jd.pk).exists()
    choices = admin_client.get(reverse(CHANGELIST)).context["action_form"].fields["action"].choices
    assert [name for name, _ in choices if name] == [
        "approve_selected", "reject_selected", "mark_exemplar_selected", "unmark_exemplar_selected",
        "archive_selected", "export_as_csv",
    ]  # fmt: skip


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.PUBLISHED, Status.ARCHIVED])
def test_jds_outside_draft_and_rejected_are_view_only(admin_client, status):
    jd = JobDescriptionFactory(status=status, title="Data Analyst")
    url = reverse("admin:jd_library_jobdescription_change", args=[jd.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    assert admin_client.post(url, {"title": "Changed"}).status_code == 403
    assert JobDescription.objects.get(pk=jd.pk).title == "Data Analyst"


def form_data(client, url: str) -> dict:
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {name: ("" if value is None else value) for name, value in data.items()}
    data["london_weighting_included"] = "on"
    return data


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REJECTED])
def test_editing_goes_through_the_service(admin_client, status):
    jd = JobDescriptionFactory(status=status, title="Data Analyst")
    url = reverse("admin:jd_library_jobdescription_change", args=[jd.pk])
    data = form_data(admin_client, url)
    data["title"] = "Lead Data Analyst"
    data["purpose"] = "<p>Lead our analysts.</p><script>alert(1)</script>"
    data["skills"] = "- Data visualisation\n- Data ethics"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    jd.refresh_from_db()
    assert jd.title == "Lead Data Analyst"
    assert jd.purpose == "<p>Lead our analysts.</p>"
    assert jd.skills == "<ul><li>Data visualisation</li><li>Data ethics</li></ul>"
    assert "Lead Data Analyst" in jd.search_document
    assert "Data ethics" in jd.search_document
    assert jd.status == status


def test_editing_refuses_a_maximum_salary_below_the_minimum(admin_client):
    jd = JobDescriptionFactory(status=Status.DRAFT, title="Data Analyst")
    url = reverse("admin:jd_library_jobdescription_change", args=[jd.pk])
    data = form_data(admin_client, url)
    data.update(title="Changed", salary_min="50000", salary_max="40000")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert JobDescription.objects.get(pk=jd.pk).title == "Data Analyst"


# Approve


def test_approve_selected_publishes_emails_and_reports_failures(
    admin_client, uploader, django_capture_on_commit_callbacks
):
    first = submitted_jd(title="Data Analyst", created_by=uploader)
    second = submitted_jd(title="Delivery Manager", created_by=uploader)
    draft = JobDescriptionFactory(status=Status.DRAFT, title="Software Developer", created_by=uploader)
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(admin_client, "approve_selected", [first, second, draft])
    assert response.status_code == 302
    assert statuses(first, second, draft) == [Status.PUBLISHED, Status.PUBLISHED, Status.DRAFT]
    notes = messages_of(response)
    assert "2 job descriptions approved and published." in notes
    assert any("Software Developer" in note and "cannot be published" in note for note in notes)
    assert sorted(email.subject for email in mail.outbox) == [
        "Your job description is in the JD library: Data Analyst",
        "Your job description is in the JD library: Delivery Manager",
    ]


# Reject


def test_reject_selected_asks_for_a_reason_first(admin_client):
    jd = submitted_jd(title="Data Analyst")
    response = run_action(admin_client, "reject_selected", [jd])
    assert response.status_code == 200
    assert response.templates[0].name == "admin/jd_library/jobdescription/action_with_text.html"
    page = response.content.decode()
    assert f'name="_selected_action" value="{jd.pk}"' in page
    assert '<input type="hidden" name="action" value="reject_selected">' in page
    assert '<textarea name="reason"' in page
    assert "Data Analyst (London Borough of Hackney, waiting for approval)" in page
    assert statuses(jd) == [Status.SUBMITTED]


def test_reject_selected_without_a_reason_changes_nothing(admin_client):
    jd = submitted_jd()
    response = run_action(admin_client, "reject_selected", [jd], reason=" ", apply="Reject")
    assert response.status_code == 200
    assert "Enter why the job description is being rejected" in response.content.decode()
    assert statuses(jd) == [Status.SUBMITTED]
    assert not mail.outbox


def test_reject_selected_with_a_reason_rejects_and_emails(
    admin_client, uploader, django_capture_on_commit_callbacks
):
    jds = [submitted_jd(title="Data Analyst", created_by=uploader), submitted_jd(title="Delivery Manager")]
    published = JobDescriptionFactory(status=Status.PUBLISHED, title="Software Developer")
    reason = "Add the salary spine points & the grade."
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(
            admin_client, "reject_selected", [*jds, published], reason=reason, apply="Reject the selected"
        )
    assert response.status_code == 302
    assert statuses(*jds, published) == [Status.REJECTED, Status.REJECTED, Status.PUBLISHED]
    assert JobDescription.objects.get(pk=jds[0].pk).rejection_reason == reason
    notes = messages_of(response)
    assert "2 job descriptions rejected." in notes
    assert any("Software Developer" in note and "cannot be rejected" in note for note in notes)
    # The second JD has no uploader on record, so only one email goes.
    [email] = mail.outbox
    assert email.subject == "Your job description needs changes: Data Analyst"
    assert reason in email.body
    assert "Add the salary spine points &amp; the grade." in email.alternatives[0][0]


# Exemplars


def test_mark_exemplar_selected_asks_for_a_note_first(admin_client):
    jd = JobDescriptionFactory(status=Status.PUBLISHED, title="Service Designer")
    response = run_action(admin_client, "mark_exemplar_selected", [jd])
    assert response.status_code == 200
    page = response.content.decode()
    assert '<textarea name="note"' in page
    assert '<input type="hidden" name="action" value="mark_exemplar_selected">' in page
    assert exemplar_state(jd) == [(False, "")]


def test_mark_exemplar_selected_without_a_note_changes_nothing(admin_client):
    jd = JobDescriptionFactory(status=Status.PUBLISHED)
    response = run_action(admin_client, "mark_exemplar_selected", [jd], note="", apply="Mark")
    assert response.status_code == 200
    assert "Enter why this job description is an exemplar" in response.content.decode()
    assert exemplar_state(jd) == [(False, "")]


def test_mark_exemplar_selected_marks_published_jds_only(admin_client):
    published = JobDescriptionFactory(status=Status.PUBLISHED, title="Service Designer")
    draft = JobDescriptionFactory(status=Status.DRAFT, title="Data Analyst")
    response = run_action(
        admin_client, "mark_exemplar_selected", [published, draft], note="Clear skill levels.", apply="Mark"
    )
    assert response.status_code == 302
    assert exemplar_state(published, draft) == [(True, "Clear skill levels."), (False, "")]
    notes = messages_of(response)
    assert "1 job description marked as an exemplar." in notes
    assert any("Data Analyst" in note and "cannot be marked as an exemplar" in note for note in notes)


def test_unmark_exemplar_selected(admin_client):
    exemplar = JobDescriptionFactory(status=Status.PUBLISHED, is_exemplar=True, exemplar_note="Clear")
    other = JobDescriptionFactory(status=Status.PUBLISHED, title="Data Analyst")
    response = run_action(admin_client, "unmark_exemplar_selected", [exemplar, other])
    assert exemplar_state(exemplar, other) == [(False, ""), (False, "")]
    notes = messages_of(response)
    assert "1 job description removed from the exemplars." in notes
    assert any("Data Analyst" in note and "It is not an exemplar." in note for note in notes)


# Archive and export


def test_archive_selected_archives_what_may_be_archived(admin_client):
    exemplar = JobDescriptionFactory(status=Status.PUBLISHED, is_exemplar=True, exemplar_note="Clear")
    draft = JobDescriptionFactory(status=Status.DRAFT)
    waiting = submitted_jd(title="Data Analyst")
    response = run_action(admin_client, "archive_selected", [exemplar, draft, waiting])
    assert statuses(exemplar, draft, waiting) == [Status.ARCHIVED, Status.ARCHIVED, Status.SUBMITTED]
    assert exemplar_state(exemplar) == [(False, "")]
    notes = messages_of(response)
    assert "2 job descriptions archived." in notes
    assert any("Data Analyst" in note and "cannot be archived" in note for note in notes)


def test_export_as_csv(admin_client):
    jd = JobDescriptionFactory(status=Status.PUBLISHED, title="=HYPERLINK(1)", grade_label="PO4")
    response = run_action(admin_client, "export_as_csv", [jd])
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == JobDescriptionAdmin.csv_fields
    assert rows[1][:3] == [str(jd.pk), "'=HYPERLINK(1)", "London Borough of Hackney"]
    assert rows[1][rows[0].index("grade_label")] == "PO4"
    assert rows[1][rows[0].index("salary_min")] == "42000"
