"""Borough staff's side of the JD library: who may do what, and what each page shows and changes."""

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import Organisation
from jd_library import services
from jd_library.checker import check_jd
from jd_library.models import JobDescription
from tests.accounts.factories import MembershipFactory, UserFactory, loti_admin, staff_of
from tests.fixtures import assert_permission_matrix, sign_in
from tests.jd_library import docx_samples
from tests.jd_library.factories import JobDescriptionFactory
from tests.jd_library.test_forms import jd_post_data
from tests.jd_library.test_upload import review_data, upload

pytestmark = pytest.mark.django_db
MEMBERS_AND_ADMIN = frozenset({"other_staff", "owner_staff", "loti_admin"})
Status = JobDescription.Status


def templates_of(response) -> list[str]:
    return [template.name for template in response.templates]


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def hackney():
    return Organisation.objects.get(slug="hackney")


@pytest.fixture
def camden():
    return Organisation.objects.get(slug="camden")


@pytest.fixture
def hackney_client(client, hackney):
    sign_in(client, staff_of(hackney))
    return client


# Permission matrices. Uploading, writing and copying are open to every member, for their own organisation;
# changing a JD only to its organisation's staff and LOTI admins. A refused request changes nothing.


def test_upload_permission_matrix(actors, hackney):
    """The whole upload: the file, then the checked form with the token."""
    before = {"count": 0}

    def attempt(client):
        before["count"] = JobDescription.objects.count()
        response = upload(client, "jd.docx", docx_samples.good_jd_docx())
        if response.status_code != 200:
            return response
        assert templates_of(response)[0] == "jd_library/form.html"
        return client.post(reverse("jd_library:upload"), review_data(response, organisation=str(hackney.pk)))

    responses = assert_permission_matrix(
        actors,
        attempt,
        allowed=MEMBERS_AND_ADMIN,
        unchanged=lambda: JobDescription.objects.count() == before["count"],
    )
    assert responses["candidate"].status_code == 403
    assert JobDescription.objects.filter(organisation=hackney, status=Status.SUBMITTED).count() == 2
    camden_jd = JobDescription.objects.get(created_by=actors.users["other_staff"])
    assert camden_jd.organisation == actors.other_organisation
    assert camden_jd.original_filename == "jd.docx"


def test_upload_page_permission_matrix(actors):
    assert_permission_matrix(
        actors, lambda client: client.get(reverse("jd_library:upload")), allowed=MEMBERS_AND_ADMIN
    )


def test_create_permission_matrix(actors, hackney):
    before = {"count": 0}

    def attempt(client):
        before["count"] = JobDescription.objects.count()
        return client.post(reverse("jd_library:create"), jd_post_data(organisation=str(hackney.pk)))

    responses = assert_permission_matrix(
        actors,
        attempt,
        allowed=MEMBERS_AND_ADMIN,
        unchanged=lambda: JobDescription.objects.count() == before["count"],
    )
    assert responses["candidate"].status_code == 403
    assert JobDescription.objects.filter(organisation=hackney).count() == 2
    assert (
        JobDescription.objects.get(created_by=actors.users["other_staff"]).organisation
        == actors.other_organisation
    )


def test_edit_permission_matrix(actors):
    jds = []

    def attempt(client):
        jds.append(JobDescriptionFactory(title="Data Analyst"))
        return client.post(reverse("jd_library:edit", args=[jds[-1].pk]), jd_post_data(title="Changed title"))

    assert_permission_matrix(
        actors, attempt, unchanged=lambda: JobDescription.objects.get(pk=jds[-1].pk).title == "Data Analyst"
    )
    assert JobDescription.objects.filter(title="Changed title").count() == 2


def test_edit_page_permission_matrix(actors):
    jd = JobDescriptionFactory()
    assert_permission_matrix(actors, lambda client: client.get(reverse("jd_library:edit", args=[jd.pk])))


def test_preview_permission_matrix(actors):
    jd = JobDescriptionFactory()
    assert_permission_matrix(actors, lambda client: client.get(reverse("jd_library:preview", args=[jd.pk])))


def test_submit_permission_matrix(actors):
    jds = []

    def attempt(client):
        jds.append(JobDescriptionFactory())
        return client.post(reverse("jd_library:submit", args=[jds[-1].pk]))

    assert_permission_matrix(
        actors, attempt, unchanged=lambda: JobDescription.objects.get(pk=jds[-1].pk).status == Status.DRAFT
    )
    assert JobDescription.objects.filter(status=Status.SUBMITTED).count() == 2


def test_archive_permission_matrix(actors):
    jds = []

    def attempt(client):
        jds.append(JobDescriptionFactory(status=Status.PUBLISHED))
        return client.post(reverse("jd_library:archive", args=[jds[-1].pk]))

    assert_permission_matrix(
        actors,
        attempt,
        unchanged=lambda: JobDescription.objects.get(pk=jds[-1].pk).status == Status.PUBLISHED,
    )
    assert JobDescription.objects.filter(status=Status.ARCHIVED).count() == 2


def test_use_as_starting_point_permission_matrix(actors, hackney):
    """Any member may copy a published JD, of any borough, into their own organisation."""
    source = JobDescriptionFactory(organisation=actors.other_organisation, status=Status.PUBLISHED)
    before = {"count": 0}

    def attempt(client):
        before["count"] = JobDescription.objects.count()
        return client.post(reverse("jd_library:use", args=[source.pk]), {"organisation": str(hackney.pk)})

    responses = assert_permission_matrix(
        actors,
        attempt,
        allowed=MEMBERS_AND_ADMIN,
        unchanged=lambda: JobDescription.objects.count() == before["count"],
    )
    assert responses["candidate"].status_code == 403
    copies = JobDescription.objects.filter(based_on=source)
    assert sorted((copy.created_by_id, copy.organisation.slug) for copy in copies) == sorted(
        [
            (actors.users["other_staff"].pk, "camden"),
            (actors.users["owner_staff"].pk, "hackney"),
            (actors.users["loti_admin"].pk, "hackney"),
        ]
    )
    assert all(copy.status == Status.DRAFT for copy in copies)


def test_dashboard_permission_matrix(actors):
    responses = assert_permission_matrix(
        actors, lambda client: client.get(reverse("jd_library:mine")), allowed=MEMBERS_AND_ADMIN
    )
    assert responses["candidate"].status_code == 403


@pytest.mark.parametrize("name", ["submit", "archive", "use"])
def test_write_views_refuse_get(hackney_client, name):
    jd = JobDescriptionFactory(status=Status.PUBLISHED if name == "use" else Status.DRAFT)
    response = hackney_client.get(reverse(f"jd_library:{name}", args=[jd.pk]))
    assert response.status_code == 405
    assert JobDescription.objects.count() == 1
    assert JobDescription.objects.get().status == jd.status


# Writing a JD.


def test_write_a_jd_page(hackney_client):
    response = hackney_client.get(reverse("jd_library:create"))
    assert response.status_code == 200
    assert templates_of(response)[0] == "jd_library/form.html"
    content = response.content.decode()
    assert '<h1 class="govuk-heading-xl">Write a job description</h1>' in content
    assert "London Borough of Hackney" in content
    assert '<optgroup label="Data">' in content
    assert 'name="organisation"' not in content


def test_save_and_preview_creates_a_draft(hackney_client, hackney):
    response = hackney_client.post(reverse("jd_library:create"), jd_post_data())
    jd = JobDescription.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("jd_library:preview", args=[jd.pk])
    assert (jd.organisation, jd.status) == (hackney, Status.DRAFT)


def test_save_as_draft_goes_to_the_drafts(hackney_client):
    response = hackney_client.post(reverse("jd_library:create"), jd_post_data(action="draft"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("jd_library:mine") + "?status=draft"
    assert messages_of(response) == ["Draft saved: Senior Data Analyst"]
    assert "Senior Data Analyst" in response.content.decode()


def test_bad_input_is_shown_and_nothing_is_saved(hackney_client):
    response = hackney_client.post(
        reverse("jd_library:create"), jd_post_data(salary_min="50000", salary_max="40000", purpose=" ")
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Error: Write a job description" in content
    assert "There is a problem" in content
    assert (
        'href="#id_salary_max">Maximum salary must be the same as or more than the minimum salary' in content
    )
    assert 'href="#id_purpose">Enter the job purpose' in content
    assert JobDescription.objects.count() == 0


def test_service_errors_are_shown_on_the_form(hackney_client, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError({"title": "A job description with this title already exists"})

    monkeypatch.setattr(services, "jd_create", refuse)
    response = hackney_client.post(reverse("jd_library:create"), jd_post_data())
    assert response.status_code == 200
    assert "A job description with this title already exists" in response.content.decode()
    assert JobDescription.objects.count() == 0


def test_loti_admins_choose_the_organisation(client, camden):
    sign_in(client, loti_admin())
    assert 'name="organisation"' in client.get(reverse("jd_library:create")).content.decode()
    client.post(reverse("jd_library:create"), jd_post_data(organisation=str(camden.pk)))
    assert JobDescription.objects.get().organisation == camden


def test_candidates_get_a_page_that_says_why(client):
    sign_in(client, UserFactory())
    for name in ("create", "upload", "mine"):
        response = client.get(reverse(f"jd_library:{name}"))
        assert response.status_code == 403
        assert "add and verify your work email address" in response.content.decode()


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get(reverse("jd_library:upload"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# Changing a JD.


def test_edit_page_shows_the_jd_as_editable_text(hackney_client):
    jd = JobDescriptionFactory()
    response = hackney_client.get(reverse("jd_library:edit", args=[jd.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Change job description" in content
    assert "- Build dashboards with service teams\n- Clean and join data sets" in content


def test_edit_saves_changes(hackney_client):
    jd = JobDescriptionFactory()
    response = hackney_client.post(
        reverse("jd_library:edit", args=[jd.pk]), jd_post_data(title="Lead Analyst")
    )
    assert response.status_code == 302
    assert response.url == reverse("jd_library:preview", args=[jd.pk])
    jd.refresh_from_db()
    assert (jd.title, jd.status) == ("Lead Analyst", Status.DRAFT)


def test_edit_shows_why_loti_asked_for_changes(hackney_client):
    jd = JobDescriptionFactory(status=Status.REJECTED, rejection_reason="Add the salary for the grade.")
    content = hackney_client.get(reverse("jd_library:edit", args=[jd.pk])).content.decode()
    assert "LOTI asked for changes" in content
    assert "Add the salary for the grade." in content


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.PUBLISHED, Status.ARCHIVED])
def test_edit_is_refused_unless_draft_or_rejected(hackney_client, status):
    jd = JobDescriptionFactory(status=status)
    for response in (
        hackney_client.get(reverse("jd_library:edit", args=[jd.pk])),
        hackney_client.post(reverse("jd_library:edit", args=[jd.pk]), jd_post_data(title="Changed")),
    ):
        assert response.status_code == 302
        assert response.url == reverse("jd_library:preview", args=[jd.pk])
    assert JobDescription.objects.get(pk=jd.pk).title == "Data Analyst"
    response = hackney_client.get(reverse("jd_library:preview", args=[jd.pk]))
    assert any("You cannot change a job description that is" in message for message in messages_of(response))


def test_edit_with_bad_input_changes_nothing(hackney_client):
    jd = JobDescriptionFactory()
    response = hackney_client.post(
        reverse("jd_library:edit", args=[jd.pk]), jd_post_data(title="Changed", year_advertised="1990")
    )
    assert response.status_code == 200
    assert "Year advertised must be 2000 or later" in response.content.decode()
    assert JobDescription.objects.get(pk=jd.pk).title == "Data Analyst"


# Preview, submit, archive.


def test_preview_shows_the_jd_its_status_and_the_checkers_findings(hackney_client):
    jd = JobDescriptionFactory(original_filename="analyst.docx")
    response = hackney_client.get(reverse("jd_library:preview", args=[jd.pk]))
    assert response.status_code == 200
    assert templates_of(response)[0] == "jd_library/preview.html"
    assert "jd_library/includes/jd_sections.html" in templates_of(response)
    assert "jd_library/includes/checker_report.html" in templates_of(response)
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert 'Status: <strong class="govuk-tag govuk-tag--grey">Draft</strong>' in content
    assert "Key responsibilities" in content
    assert "<li>Build dashboards with service teams</li>" in content
    assert "£42,000 to £47,500 a year" in content
    assert "What the JD checker found" in content
    assert "out of 100" in content
    assert "analyst.docx" in content
    assert f'formaction="{reverse("jd_library:submit", args=[jd.pk])}"' in content
    assert f'formaction="{reverse("jd_library:archive", args=[jd.pk])}"' in content
    assert reverse("jd_library:edit", args=[jd.pk]) in content


def test_preview_of_a_submitted_jd_offers_nothing_to_do(hackney_client):
    jd = JobDescriptionFactory(status=Status.SUBMITTED)
    content = hackney_client.get(reverse("jd_library:preview", args=[jd.pk])).content.decode()
    assert "LOTI is checking this job description" in content
    assert "formaction" not in content


def test_submit_sends_the_jd_to_loti(hackney_client):
    jd = JobDescriptionFactory(status=Status.REJECTED, rejection_reason="Add the salary.")
    response = hackney_client.post(reverse("jd_library:submit", args=[jd.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("jd_library:mine") + "?status=submitted"
    jd.refresh_from_db()
    assert (jd.status, jd.rejection_reason) == (Status.SUBMITTED, "")
    assert messages_of(response) == [
        "Job description submitted: LOTI will check Data Analyst before it goes in the library"
    ]


def test_submit_of_a_published_jd_says_why_and_changes_nothing(hackney_client):
    jd = JobDescriptionFactory(status=Status.PUBLISHED)
    response = hackney_client.post(reverse("jd_library:submit", args=[jd.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("jd_library:preview", args=[jd.pk])
    assert messages_of(response) == ["A job description that is published cannot be submitted."]
    assert JobDescription.objects.get(pk=jd.pk).status == Status.PUBLISHED


def test_archive_takes_a_jd_out_of_the_library(hackney_client):
    jd = JobDescriptionFactory(status=Status.PUBLISHED, is_exemplar=True, exemplar_note="Clear and kind.")
    response = hackney_client.post(reverse("jd_library:archive", args=[jd.pk]))
    assert response.url == reverse("jd_library:mine") + "?status=archived"
    jd.refresh_from_db()
    assert (jd.status, jd.is_exemplar) == (Status.ARCHIVED, False)


def test_archive_of_a_submitted_jd_is_refused(hackney_client):
    jd = JobDescriptionFactory(status=Status.SUBMITTED)
    response = hackney_client.post(reverse("jd_library:archive", args=[jd.pk]), follow=True)
    assert messages_of(response) == ["A job description that is waiting for approval cannot be archived."]
    assert JobDescription.objects.get(pk=jd.pk).status == Status.SUBMITTED


# Use as a starting point.


def test_use_as_a_starting_point_opens_the_new_draft(hackney_client, hackney, camden):
    source = JobDescriptionFactory(organisation=camden, status=Status.PUBLISHED, year_advertised=2021)
    response = hackney_client.post(reverse("jd_library:use", args=[source.pk]), follow=True)
    copy = JobDescription.objects.get(based_on=source)
    assert response.redirect_chain[-1][0] == reverse("jd_library:edit", args=[copy.pk])
    assert (copy.organisation, copy.status, copy.title) == (hackney, Status.DRAFT, source.title)
    assert copy.purpose == source.purpose
    assert messages_of(response)[0].startswith("Draft created from Camden's Data Analyst")
    assert "Change job description" in response.content.decode()


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.REJECTED, Status.ARCHIVED])
def test_only_published_jds_can_be_used(hackney_client, camden, status):
    source = JobDescriptionFactory(organisation=camden, status=status)
    response = hackney_client.post(reverse("jd_library:use", args=[source.pk]))
    assert response.status_code == 404
    assert JobDescription.objects.count() == 1


def test_someone_in_several_organisations_is_asked_which(client, hackney, camden):
    user = staff_of(hackney)
    MembershipFactory(user=user, organisation=camden)
    sign_in(client, user)
    source = JobDescriptionFactory(status=Status.PUBLISHED)
    url = reverse("jd_library:use", args=[source.pk])

    response = client.post(url)
    assert response.status_code == 200
    assert templates_of(response)[0] == "jd_library/form.html"
    content = response.content.decode()
    assert "Use as a starting point" in content
    assert "There is a problem" not in content
    assert JobDescription.objects.count() == 1

    response = client.post(url, {"organisation": str(Organisation.objects.get(slug="islington").pk)})
    assert response.status_code == 200
    assert "Select an organisation you can add job descriptions for" in response.content.decode()
    assert JobDescription.objects.count() == 1

    response = client.post(url, {"organisation": str(camden.pk)})
    assert response.status_code == 302
    assert JobDescription.objects.get(based_on=source).organisation == camden


# The dashboard.


def test_dashboard_groups_jds_by_status(hackney_client, camden):
    JobDescriptionFactory(title="Published one", status=Status.PUBLISHED)
    JobDescriptionFactory(title="Draft one")
    JobDescriptionFactory(title="Rejected one", status=Status.REJECTED, rejection_reason="Fix it")
    JobDescriptionFactory(title="Camden's", organisation=camden, status=Status.PUBLISHED)
    response = hackney_client.get(reverse("jd_library:mine"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Your job descriptions" in content
    assert "In the library (1)" in content
    assert "Drafts (1)" in content
    assert "Needs changes (1)" in content
    assert "Published one" in content
    assert "Draft one" not in content
    assert "Camden's" not in content
    assert "LOTI asked for changes to 1 job description." in content
    assert reverse("jd_library:upload") in content
    assert reverse("jd_library:create") in content
    content = hackney_client.get(reverse("jd_library:mine") + "?status=draft").content.decode()
    assert "Draft one" in content
    assert reverse("jd_library:edit", args=[JobDescription.objects.get(title="Draft one").pk]) in content


def test_loti_admins_see_every_organisation_and_can_filter(client, camden):
    sign_in(client, loti_admin())
    JobDescriptionFactory(title="Hackney's", status=Status.PUBLISHED)
    JobDescriptionFactory(title="Camden's", organisation=camden, status=Status.PUBLISHED)
    content = client.get(reverse("jd_library:mine")).content.decode()
    assert "All organisations&#x27; job descriptions" in content
    assert "Hackney&#x27;s" in content
    assert "Camden&#x27;s" in content
    content = client.get(reverse("jd_library:mine") + "?organisation=camden").content.decode()
    assert "Camden&#x27;s" in content
    assert "Hackney&#x27;s" not in content


def test_dashboard_pages_long_lists(hackney_client):
    JobDescriptionFactory.create_batch(55, status=Status.PUBLISHED)
    first = hackney_client.get(reverse("jd_library:mine"))
    assert len(first.context["page"].object_list) == 50
    second = hackney_client.get(reverse("jd_library:mine") + "?status=published&page=2")
    assert len(second.context["page"].object_list) == 5
    assert "51 to 55 of 55 job descriptions" in second.content.decode()


@pytest.mark.parametrize("role", ["owner_staff", "loti_admin"])
def test_dashboard_query_budget(actors, django_assert_max_num_queries, role):
    """The same number of queries with 100 JDs as with one."""
    client = actors.client(role)
    JobDescriptionFactory(status=Status.PUBLISHED)
    with django_assert_max_num_queries(7) as one:
        client.get(reverse("jd_library:mine"))
    JobDescriptionFactory.create_batch(99, status=Status.PUBLISHED)
    with django_assert_max_num_queries(7) as hundred:
        response = client.get(reverse("jd_library:mine"))
    assert len(response.context["page"].object_list) == 50
    assert len(hundred.captured_queries) == len(one.captured_queries)


# The includes other pages use.


def test_checker_report_renders_a_report_or_its_dict_alike():
    report = check_jd(
        {
            "title": "Rockstar Ninja Developer",
            "purpose": "You will leverage synergies. A degree is essential. "
            "Must be a native English speaker.",
        }
    )
    from_object = render_to_string("jd_library/includes/checker_report.html", {"report": report})
    from_dict = render_to_string("jd_library/includes/checker_report.html", {"report": report.as_dict()})
    assert from_object == from_dict
    assert f"{report.score} out of 100" in from_object
    for finding in report.findings:
        assert finding.title in from_object
        for match in finding.matches:
            assert match.text in from_object
    assert 'class="govuk-tag govuk-tag--red">Problem' in from_object


def test_checker_report_with_nothing_found():
    report = check_jd({"purpose": "Help residents."})
    report.findings = []
    assert "The checker found nothing to change." in render_to_string(
        "jd_library/includes/checker_report.html", {"report": report}
    )


def test_jd_sections_show_the_sections_that_have_text():
    jd = JobDescriptionFactory.build(skills="", person_specification="<p>Kind &amp; curious</p>")
    html = render_to_string("jd_library/includes/jd_sections.html", {"jd": jd})
    assert "Job purpose" in html
    assert "Person specification" in html
    assert "<p>Kind &amp; curious</p>" in html
    assert "Skills" not in html
