from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from jobs.models import Job
from tests.accounts.factories import UserFactory, loti_admin, staff_of
from tests.fixtures import assert_permission_matrix, sign_in
from tests.jobs.factories import JobFactory
from tests.jobs.test_forms import job_post_data

pytestmark = pytest.mark.django_db
MEMBERS_AND_ADMIN = frozenset({"other_staff", "owner_staff", "loti_admin"})


def templates_of(response) -> list[str]:
    return [template.name for template in response.templates]


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def hackney():
    return Organisation.objects.get(slug="hackney")


@pytest.fixture
def hackney_client(client, hackney):
    sign_in(client, staff_of(hackney))
    return client


# Permission matrices: only the owning organisation's staff and LOTI admins get through; a refused
# request changes nothing.


def test_create_permission_matrix(actors, hackney):
    """Any member may post, but only for their own organisation; candidates and anonymous people may not."""
    before = {"count": 0}

    def attempt(client):
        before["count"] = Job.objects.count()
        return client.post(reverse("jobs:create"), job_post_data(organisation=str(hackney.pk)))

    responses = assert_permission_matrix(
        actors,
        attempt,
        allowed=MEMBERS_AND_ADMIN,
        unchanged=lambda: Job.objects.count() == before["count"],
    )
    assert responses["candidate"].status_code == 403
    assert Job.objects.filter(organisation=hackney).count() == 2
    assert Job.objects.get(created_by=actors.users["other_staff"]).organisation == actors.other_organisation


def test_edit_permission_matrix(actors):
    jobs = []

    def attempt(client):
        jobs.append(JobFactory(title="Data analyst"))
        return client.post(reverse("jobs:edit", args=[jobs[-1].pk]), job_post_data(title="Changed title"))

    assert_permission_matrix(
        actors, attempt, unchanged=lambda: Job.objects.get(pk=jobs[-1].pk).title == "Data analyst"
    )
    assert Job.objects.filter(title="Changed title").count() == 2


def test_edit_page_permission_matrix(actors):
    job = JobFactory()
    assert_permission_matrix(actors, lambda client: client.get(reverse("jobs:edit", args=[job.pk])))


def test_submit_permission_matrix(actors):
    jobs = []

    def attempt(client):
        jobs.append(JobFactory())
        return client.post(reverse("jobs:submit", args=[jobs[-1].pk]))

    assert_permission_matrix(
        actors, attempt, unchanged=lambda: Job.objects.get(pk=jobs[-1].pk).status == Job.Status.DRAFT
    )
    assert Job.objects.filter(status=Job.Status.SUBMITTED).count() == 2


def test_close_permission_matrix(actors):
    jobs = []

    def attempt(client):
        jobs.append(JobFactory(status=Job.Status.PUBLISHED))
        return client.post(reverse("jobs:close", args=[jobs[-1].pk]))

    assert_permission_matrix(
        actors, attempt, unchanged=lambda: Job.objects.get(pk=jobs[-1].pk).status == Job.Status.PUBLISHED
    )
    assert Job.objects.filter(status=Job.Status.CLOSED).count() == 2


def test_close_page_permission_matrix(actors):
    job = JobFactory(status=Job.Status.PUBLISHED)
    assert_permission_matrix(actors, lambda client: client.get(reverse("jobs:close", args=[job.pk])))


def test_duplicate_permission_matrix(actors):
    before = {"count": 0}

    def attempt(client):
        job = JobFactory(status=Job.Status.PUBLISHED)
        before["count"] = Job.objects.count()
        return client.post(reverse("jobs:duplicate", args=[job.pk]))

    assert_permission_matrix(actors, attempt, unchanged=lambda: Job.objects.count() == before["count"])
    assert Job.objects.filter(status=Job.Status.DRAFT).count() == 2


def test_archive_permission_matrix(actors):
    jobs = []

    def attempt(client):
        jobs.append(JobFactory(status=Job.Status.CLOSED))
        return client.post(reverse("jobs:archive", args=[jobs[-1].pk]))

    assert_permission_matrix(
        actors, attempt, unchanged=lambda: Job.objects.get(pk=jobs[-1].pk).status == Job.Status.CLOSED
    )
    assert Job.objects.filter(status=Job.Status.ARCHIVED).count() == 2


def test_preview_permission_matrix(actors):
    job = JobFactory()
    assert_permission_matrix(actors, lambda client: client.get(reverse("jobs:preview", args=[job.pk])))


def test_dashboard_permission_matrix(actors):
    responses = assert_permission_matrix(
        actors, lambda client: client.get(reverse("jobs:mine")), allowed=MEMBERS_AND_ADMIN
    )
    assert responses["candidate"].status_code == 403


def test_write_views_refuse_get(actors):
    client = actors.client("owner_staff")
    job = JobFactory(status=Job.Status.CLOSED)
    for name in ("jobs:submit", "jobs:duplicate", "jobs:archive"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 405
    assert Job.objects.get(pk=job.pk).status == Job.Status.CLOSED
    assert Job.objects.count() == 1


def test_camden_staff_cannot_post_for_hackney(client, hackney):
    camden_staff = staff_of(Organisation.objects.get(slug="camden"))
    sign_in(client, camden_staff)
    response = client.post(reverse("jobs:create"), job_post_data(organisation=str(hackney.pk)))
    assert response.status_code == 302
    assert not Job.objects.filter(organisation=hackney).exists()
    assert Job.objects.get().organisation.slug == "camden"


# Posting a job


def test_post_a_job_page(hackney_client):
    response = hackney_client.get(reverse("jobs:create"))
    assert response.status_code == 200
    assert "jobs/form.html" in templates_of(response)
    html = response.content.decode()
    assert "<h1" in html
    assert html.count("<h1") == 1
    assert 'value="11:55pm"' in html
    assert "London Borough of Hackney" in html
    assert 'name="organisation"' not in html


def test_save_and_preview_creates_a_draft(hackney_client, hackney):
    response = hackney_client.post(reverse("jobs:create"), {**job_post_data(), "action": "preview"})
    job = Job.objects.get()
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("jobs:preview", args=[job.pk])
    assert (job.status, job.organisation, job.title) == (Job.Status.DRAFT, hackney, "Data analyst")


def test_save_as_draft_goes_to_the_drafts(hackney_client):
    response = hackney_client.post(
        reverse("jobs:create"), {**job_post_data(), "action": "draft"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("jobs:mine") + "?status=draft"
    assert "Draft saved: Data analyst" in messages_of(response)
    assert "Data analyst" in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"apply_url": "javascript:alert(1)"}, "Enter a link starting with https://"),
        ({"apply_url": "ftp://files.example.gov.uk/job"}, "Enter a link starting with https://"),
        ({"salary_min": "50000", "salary_max": "40000"}, "Maximum salary must be the same as or more than"),
        ({"closing_year": str(timezone.localdate().year - 1)}, "Closing date must be in the future"),
        ({"description": ""}, "Enter the job description"),
    ],
)
def test_bad_input_is_shown_and_nothing_is_saved(hackney_client, overrides, message):
    response = hackney_client.post(reverse("jobs:create"), job_post_data(**overrides))
    assert response.status_code == 200
    assert "jobs/form.html" in templates_of(response)
    html = response.content.decode()
    assert "There is a problem" in html
    assert html.count(message) == 2  # in the error summary and beside the field
    assert "<title>Error: " in html
    assert not Job.objects.exists()


def test_date_errors_mark_the_date_inputs(hackney_client):
    response = hackney_client.post(reverse("jobs:create"), job_post_data(closing_month=""))
    html = response.content.decode()
    assert 'href="#id_closing_month">Closing date must include a month</a>' in html
    assert "govuk-date-input__input govuk-input--width-2 govuk-input--error" in html


def test_script_in_the_description_is_sanitised(hackney_client):
    hackney_client.post(
        reverse("jobs:create"), job_post_data(description="<p>Hello</p><script>alert('x')</script>")
    )
    assert Job.objects.get().description == "<p>Hello</p>"


def test_candidates_get_a_page_that_says_why(client):
    sign_in(client, UserFactory())
    response = client.get(reverse("jobs:create"))
    assert response.status_code == 403
    assert "You cannot post jobs with this account" in response.content.decode()
    assert client.post(reverse("jobs:create"), job_post_data()).status_code == 403
    assert not Job.objects.exists()


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get(reverse("jobs:create"))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("account_login"))


def test_loti_admins_choose_the_organisation(client, hackney):
    sign_in(client, loti_admin(), mfa=True)
    assert 'name="organisation"' in client.get(reverse("jobs:create")).content.decode()
    client.post(reverse("jobs:create"), job_post_data(organisation=str(hackney.pk)))
    assert Job.objects.get().organisation == hackney


# Editing


def test_edit_page_shows_the_job(hackney_client):
    job = JobFactory(title="Delivery manager")
    response = hackney_client.get(reverse("jobs:edit", args=[job.pk]))
    assert response.status_code == 200
    assert "jobs/form.html" in templates_of(response)
    assert 'value="Delivery manager"' in response.content.decode()


def test_edit_saves_changes(hackney_client):
    job = JobFactory()
    response = hackney_client.post(
        reverse("jobs:edit", args=[job.pk]), job_post_data(title="Lead data analyst")
    )
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("jobs:preview", args=[job.pk])
    job.refresh_from_db()
    assert job.title == "Lead data analyst"


def test_edit_shows_why_loti_asked_for_changes(hackney_client):
    job = JobFactory(status=Job.Status.REJECTED, rejection_reason="Give the salary range for the grade.")
    html = hackney_client.get(reverse("jobs:edit", args=[job.pk])).content.decode()
    assert "LOTI asked for changes" in html
    assert "Give the salary range for the grade." in html


@pytest.mark.parametrize("status", [Job.Status.PUBLISHED, Job.Status.SUBMITTED, Job.Status.CLOSED])
def test_edit_is_refused_once_submitted(hackney_client, status):
    job = JobFactory(status=status, title="Data analyst")
    response = hackney_client.post(
        reverse("jobs:edit", args=[job.pk]), job_post_data(title="Changed title"), follow=True
    )
    assert response.redirect_chain[0][0] == reverse("jobs:preview", args=[job.pk])
    assert any(message.startswith("You cannot change a job that is") for message in messages_of(response))
    job.refresh_from_db()
    assert job.title == "Data analyst"


def test_edit_with_bad_input_changes_nothing(hackney_client):
    job = JobFactory(title="Data analyst")
    response = hackney_client.post(
        reverse("jobs:edit", args=[job.pk]), job_post_data(title="Changed", apply_url="javascript:alert(1)")
    )
    assert response.status_code == 200
    assert "Enter a link starting with https://" in response.content.decode()
    job.refresh_from_db()
    assert job.title == "Data analyst"


# Preview, submit, close, duplicate, archive


def test_preview_shows_the_job_as_candidates_will(hackney_client):
    job = JobFactory(title="Data analyst", description="<p>Analyse housing data.</p>")
    response = hackney_client.get(reverse("jobs:preview", args=[job.pk]))
    assert response.status_code == 200
    assert {"jobs/preview.html", "jobs/includes/job_body.html"} <= set(templates_of(response))
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Analyse housing data." in html
    assert "Draft" in html
    assert "Submit for approval" in html
    assert "Archive job" in html
    assert "Close job" not in html


def test_preview_of_a_live_job_offers_close_not_edit(hackney_client):
    job = JobFactory(status=Job.Status.PUBLISHED)
    html = hackney_client.get(reverse("jobs:preview", args=[job.pk])).content.decode()
    assert "Close job" in html
    assert "Edit job" not in html
    assert "Submit for approval" not in html
    assert "Archive job" not in html


def test_submit_sends_the_job_to_loti(hackney_client):
    job = JobFactory()
    response = hackney_client.post(reverse("jobs:submit", args=[job.pk]), follow=True)
    assert "Job submitted: LOTI will review it" in messages_of(response)
    assert "jobs/mine.html" in templates_of(response)
    job.refresh_from_db()
    assert job.status == Job.Status.SUBMITTED
    assert job.submitted_at is not None


def test_submit_of_a_live_job_says_why_and_changes_nothing(hackney_client):
    job = JobFactory(status=Job.Status.PUBLISHED)
    response = hackney_client.post(reverse("jobs:submit", args=[job.pk]), follow=True)
    assert response.redirect_chain[0][0] == reverse("jobs:preview", args=[job.pk])
    assert "A job that is published cannot be submitted." in messages_of(response)
    job.refresh_from_db()
    assert job.status == Job.Status.PUBLISHED


def test_submit_after_the_closing_date_asks_for_a_new_one(hackney_client):
    job = JobFactory(closes_at=timezone.now() - timedelta(hours=1))
    response = hackney_client.post(reverse("jobs:submit", args=[job.pk]))
    assert response.headers["Location"] == reverse("jobs:edit", args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.DRAFT


def test_close_asks_first(hackney_client):
    job = JobFactory(status=Job.Status.PUBLISHED)
    response = hackney_client.get(reverse("jobs:close", args=[job.pk]))
    assert response.status_code == 200
    assert "jobs/close.html" in templates_of(response)
    assert "Are you sure you want to close this job?" in response.content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.PUBLISHED


def test_close_stops_the_job(hackney_client):
    job = JobFactory(status=Job.Status.PUBLISHED, title="Data analyst")
    response = hackney_client.post(reverse("jobs:close", args=[job.pk]), follow=True)
    assert "Job closed: candidates can no longer apply for Data analyst" in messages_of(response)
    job.refresh_from_db()
    assert job.status == Job.Status.CLOSED
    assert job.ended_at is not None


def test_close_of_a_draft_is_refused(hackney_client):
    job = JobFactory()
    response = hackney_client.post(reverse("jobs:close", args=[job.pk]))
    assert response.headers["Location"] == reverse("jobs:preview", args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.DRAFT


def test_duplicate_opens_the_new_draft(hackney_client):
    job = JobFactory(status=Job.Status.EXPIRED, closes_at=timezone.now() - timedelta(days=2))
    response = hackney_client.post(reverse("jobs:duplicate", args=[job.pk]))
    copy = Job.objects.exclude(pk=job.pk).get()
    assert response.headers["Location"] == reverse("jobs:edit", args=[copy.pk])
    assert (copy.status, copy.title, copy.organisation_id) == (
        Job.Status.DRAFT,
        job.title,
        job.organisation_id,
    )
    assert copy.closes_at > timezone.now()


def test_archive_puts_away_an_ended_job(hackney_client):
    job = JobFactory(status=Job.Status.CLOSED)
    response = hackney_client.post(reverse("jobs:archive", args=[job.pk]))
    assert response.headers["Location"] == reverse("jobs:mine") + "?status=archived"
    job.refresh_from_db()
    assert job.status == Job.Status.ARCHIVED


def test_archive_of_a_live_job_is_refused(hackney_client):
    job = JobFactory(status=Job.Status.PUBLISHED)
    response = hackney_client.post(reverse("jobs:archive", args=[job.pk]), follow=True)
    assert "A job that is published cannot be archived." in messages_of(response)
    job.refresh_from_db()
    assert job.status == Job.Status.PUBLISHED


# The dashboard


def test_dashboard_groups_jobs_by_status(hackney_client):
    now = timezone.now()
    JobFactory(title="Live job", status=Job.Status.PUBLISHED, view_count=321, apply_count=45)
    JobFactory(title="Waiting job", status=Job.Status.SUBMITTED)
    JobFactory(title="Draft job")
    JobFactory(title="Rejected job", status=Job.Status.REJECTED)
    JobFactory(title="Closed job", status=Job.Status.CLOSED)
    JobFactory(title="Expired job", status=Job.Status.EXPIRED, closes_at=now - timedelta(days=1))
    JobFactory(title="Past closing job", status=Job.Status.PUBLISHED, closes_at=now - timedelta(hours=1))
    JobFactory(title="Archived job", status=Job.Status.ARCHIVED)

    def titles(status=""):
        response = hackney_client.get(reverse("jobs:mine"), {"status": status} if status else {})
        assert response.status_code == 200
        assert "jobs/mine.html" in templates_of(response)
        return {job.title for job in response.context["page"]}, response.content.decode()

    live, html = titles()
    assert live == {"Live job"}
    assert "321" in html
    assert "45" in html
    assert "Live (1)" in html
    assert "Closed and expired (3)" in html
    assert "LOTI asked for changes to 1 job." in html
    assert titles("submitted")[0] == {"Waiting job"}
    assert titles("draft")[0] == {"Draft job"}
    assert titles("rejected")[0] == {"Rejected job"}
    assert titles("ended")[0] == {"Closed job", "Expired job", "Past closing job"}
    assert titles("archived")[0] == {"Archived job"}


def test_dashboard_shows_only_the_users_organisation(client):
    camden = Organisation.objects.get(slug="camden")
    JobFactory(title="Hackney job", status=Job.Status.PUBLISHED)
    JobFactory(title="Camden job", status=Job.Status.PUBLISHED, organisation=camden)
    sign_in(client, staff_of(camden))
    response = client.get(reverse("jobs:mine"))
    assert {job.title for job in response.context["page"]} == {"Camden job"}
    assert "Hackney job" not in response.content.decode()


def test_loti_admins_see_every_organisation_and_can_filter(client):
    camden = Organisation.objects.get(slug="camden")
    JobFactory(title="Hackney job", status=Job.Status.PUBLISHED)
    JobFactory(title="Camden job", status=Job.Status.PUBLISHED, organisation=camden)
    sign_in(client, loti_admin(), mfa=True)
    response = client.get(reverse("jobs:mine"))
    assert {job.title for job in response.context["page"]} == {"Hackney job", "Camden job"}
    response = client.get(reverse("jobs:mine"), {"organisation": "camden"})
    assert {job.title for job in response.context["page"]} == {"Camden job"}


def test_dashboard_pages_long_lists(hackney_client):
    JobFactory.create_batch(55, status=Job.Status.PUBLISHED)
    first = hackney_client.get(reverse("jobs:mine"))
    second = hackney_client.get(reverse("jobs:mine"), {"status": "live", "page": "2"})
    assert len(first.context["page"]) == 50
    assert len(second.context["page"]) == 5
    assert "?status=live&amp;page=2" in first.content.decode()


@pytest.mark.parametrize("role", ["owner_staff", "loti_admin"])
def test_dashboard_query_budget(actors, django_assert_max_num_queries, role):
    def queries(client) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("jobs:mine")).status_code == 200
        return len(captured)

    JobFactory(status=Job.Status.PUBLISHED)
    with_one = queries(actors.client(role))
    JobFactory.create_batch(199, status=Job.Status.PUBLISHED)
    client = actors.client(role)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("jobs:mine")).status_code == 200
    assert queries(actors.client(role)) == with_one
