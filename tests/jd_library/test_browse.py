"""The public JD library list and a JD's page: what is shown, search, filters, sorts, bad input, budgets."""

from datetime import timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from capability.models import Level, Role
from jd_library.models import JobDescription
from tests.accounts.factories import staff_of
from tests.fixtures import sign_in
from tests.jd_library.factories import JobDescriptionFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("jd_library:list")
Status = JobDescription.Status


def published(**kwargs) -> JobDescription:
    return JobDescriptionFactory(status=Status.PUBLISHED, **kwargs)


def published_copies(template: JobDescription, count: int) -> list[JobDescription]:
    """`count` more published JDs like `template`, one minute older each, in a single INSERT."""
    fields = {
        field.attname: getattr(template, field.attname)
        for field in JobDescription._meta.concrete_fields
        if not field.primary_key
    }
    copies = [
        JobDescription(**{**fields, "published_at": template.published_at - timedelta(minutes=n)})
        for n in range(1, count + 1)
    ]
    return JobDescription.objects.bulk_create(copies)


def listed(response) -> list[int]:
    assert response.status_code == 200
    return [jd.pk for jd in response.context["page"].object_list]


def get_list(client, **params):
    return client.get(LIST_URL, params)


def errors_of(response) -> list[str]:
    return [error for errors in response.context["form"].errors.values() for error in errors]


# What is listed


def test_only_published_jds_are_listed(client):
    shown = published(title="Data analyst")
    hidden = [
        JobDescriptionFactory(title=f"Hidden {status}", status=status)
        for status in (Status.DRAFT, Status.SUBMITTED, Status.REJECTED, Status.ARCHIVED)
    ]

    response = get_list(client)

    assert response.templates[0].name == "jd_library/list.html"
    assert listed(response) == [shown.pk]
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert shown.get_absolute_url() in content
    for jd in hidden:
        assert jd.get_absolute_url() not in content
        assert jd.title not in content


def test_a_result_shows_title_organisation_role_level_salary_year_and_exemplar(client):
    jd = published(
        title="Senior service designer",
        organisation=Organisation.objects.get(slug="camden"),
        role=Role.objects.get(slug="service-designer"),
        level=Level.objects.get(slug="senior"),
        grade_label="PO6",
        salary_min=52_110,
        salary_max=55_962,
        year_advertised=2024,
        is_exemplar=True,
        exemplar_note="Clear and short.",
    )

    content = get_list(client).content.decode()

    for text in (
        f'href="{jd.get_absolute_url()}"',
        "Senior service designer",
        "Camden",
        "Service designer",
        "Senior",
        "£52,110 to £55,962",
        "PO6",
        "2024",
        "Exemplar</strong>",
        "1 job description<",
    ):
        assert text in content


def test_each_result_has_a_compare_checkbox_for_the_compare_form(client):
    jd = published()
    content = get_list(client).content.decode()
    assert f'name="ids" type="checkbox" value="{jd.pk}" form="compare-form"' in content
    assert f'<form id="compare-form" method="get" action="{reverse("jd_library:compare")}">' in content
    assert '<button type="submit" form="compare-form"' in content


def test_empty_library_says_so(client):
    response = get_list(client)
    assert listed(response) == []
    assert "No job descriptions match your search." in response.content.decode()
    assert "0 job descriptions" in response.content.decode()


# Search


def test_search_finds_words_in_the_sections_and_title(client):
    wanted = published(responsibilities="<ul><li>Build a <strong>geospatial</strong> data platform</li></ul>")
    titled = published(title="Geospatial analyst")
    published(responsibilities="<ul><li>Run user research with residents</li></ul>")

    assert set(listed(get_list(client, q="geospatial"))) == {wanted.pk, titled.pk}
    assert listed(get_list(client, q="GEOSPATIAL platform")) == [wanted.pk]
    assert listed(get_list(client, q="hovercraft")) == []


def test_search_never_finds_an_unpublished_jd(client):
    JobDescriptionFactory(title="Geospatial analyst", status=Status.SUBMITTED)
    assert listed(get_list(client, q="geospatial")) == []


def test_search_tidies_null_characters_and_long_queries(client):
    jd = published(title="Geospatial analyst")
    assert listed(get_list(client, q="\x00geospatial\x00")) == [jd.pk]
    assert listed(get_list(client, q="  geospatial   " + "x" * 500)) == []
    assert listed(get_list(client, q="  geospatial  ")) == [jd.pk]


@pytest.mark.postgres
def test_postgres_search_uses_full_text_with_stemming(client):
    analyst = published(title="Data analyst", purpose="<p>Reporting for services.</p>")
    in_text = published(
        title="Delivery manager",
        role=Role.objects.get(slug="delivery-manager"),
        purpose="<p>Work with our analysts on analysing data.</p>",
    )
    published(
        title="Service designer",
        role=Role.objects.get(slug="service-designer"),
        purpose="<p>Design with residents.</p>",
    )
    JobDescriptionFactory(title="Analyst draft", status=Status.DRAFT)

    assert set(listed(get_list(client, q="analyst"))) == {analyst.pk, in_text.pk}
    assert set(listed(get_list(client, q="analysts -delivery"))) == {analyst.pk}
    assert listed(get_list(client, q='"design with residents" analyst')) == []


# Filters


def test_role_family_filter(client):
    analyst = published(role=Role.objects.get(slug="data-analyst"))
    published(title="Service designer", role=Role.objects.get(slug="service-designer"))

    assert listed(get_list(client, role_family="data")) == [analyst.pk]


def test_role_filter(client):
    designer = published(title="Service designer", role=Role.objects.get(slug="service-designer"))
    published(title="Data analyst", role=Role.objects.get(slug="data-analyst"))

    response = get_list(client, role="service-designer")
    assert listed(response) == [designer.pk]
    assert '<option value="service-designer" selected>Service designer</option>' in response.content.decode()


def test_level_filter_takes_several_levels(client):
    senior = published(level=Level.objects.get(slug="senior"))
    lead = published(level=Level.objects.get(slug="lead"))
    published(level=Level.objects.get(slug="mid"))

    assert listed(get_list(client, level="senior")) == [senior.pk]
    assert set(listed(get_list(client, level=["senior", "lead"]))) == {senior.pk, lead.pk}


def test_borough_filter(client):
    hackney = published()
    camden = published(organisation=Organisation.objects.get(slug="camden"))
    published(organisation=Organisation.objects.get(slug="ealing"))

    assert listed(get_list(client, organisation="camden")) == [camden.pk]
    assert set(listed(get_list(client, organisation=["camden", "hackney"]))) == {camden.pk, hackney.pk}


def test_exemplar_filter(client):
    exemplar = published(is_exemplar=True, exemplar_note="Short and clear.")
    published()

    assert listed(get_list(client, exemplar="1")) == [exemplar.pk]
    assert len(listed(get_list(client))) == 2


@pytest.mark.parametrize(
    ("figure", "matches"),
    [("45000", True), ("47500", True), ("£45,000", True), ("50000", False), ("47501", False)],
)
def test_minimum_salary_matches_jds_whose_maximum_reaches_it(client, figure, matches):
    jd = published(salary_min=42_000, salary_max=47_500)
    response = get_list(client, min_salary=figure)
    assert listed(response) == ([jd.pk] if matches else [])
    assert not response.context["form"].errors


def test_year_filter_offers_the_years_of_published_jds(client):
    recent = published(year_advertised=2025)
    older = published(year_advertised=2021)
    JobDescriptionFactory(year_advertised=2019)

    response = get_list(client, year="2021")
    assert listed(response) == [older.pk]
    choices = [value for value, _label in response.context["form"].fields["year"].choices]
    assert choices == ["2025", "2021"]
    assert set(listed(get_list(client, year=["2021", "2025"]))) == {older.pk, recent.pk}


def test_filters_combine(client):
    wanted = published(
        organisation=Organisation.objects.get(slug="camden"),
        level=Level.objects.get(slug="senior"),
        salary_max=60_000,
        salary_min=55_000,
    )
    published(organisation=Organisation.objects.get(slug="camden"), level=Level.objects.get(slug="mid"))
    published(level=Level.objects.get(slug="senior"), salary_min=55_000, salary_max=60_000)

    response = get_list(client, organisation="camden", level="senior", min_salary="58000")
    assert listed(response) == [wanted.pk]


# Sorts


def test_sorts_by_newest_title_and_salary(client):
    now = timezone.now()
    older = published(title="Zebra crossing analyst", salary_max=70_000, salary_min=60_000)
    newer = published(title="Apple analyst", salary_max=50_000, salary_min=40_000)
    middle = published(title="mango analyst", salary_max=60_000, salary_min=50_000)
    JobDescription.objects.filter(pk=older.pk).update(published_at=now - timedelta(days=3))
    JobDescription.objects.filter(pk=middle.pk).update(published_at=now - timedelta(days=2))
    JobDescription.objects.filter(pk=newer.pk).update(published_at=now - timedelta(days=1))

    assert listed(get_list(client)) == [newer.pk, middle.pk, older.pk]
    assert listed(get_list(client, sort="title")) == [newer.pk, middle.pk, older.pk]
    assert listed(get_list(client, sort="salary")) == [older.pk, middle.pk, newer.pk]


# Bad input


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"organisation": "atlantis"}, "There is no borough called \u2018atlantis\u2019"),
        ({"role_family": "wizardry"}, "There is no role family called \u2018wizardry\u2019"),
        ({"role": "wizard"}, "There is no role called \u2018wizard\u2019"),
        ({"level": "emperor"}, "There is no level called \u2018emperor\u2019"),
        ({"year": "1066"}, "No published job description was advertised in \u20181066\u2019"),
        ({"min_salary": "lots"}, "Minimum salary must be a whole number of pounds, like 45000"),
        ({"min_salary": "-5"}, "Minimum salary must be £0 or more"),
        ({"min_salary": "99999999999999999999"}, "Minimum salary must be £500,000 or less"),
        ({"sort": "random"}, "There is no sort order called \u2018random\u2019"),
    ],
)
def test_a_bad_filter_value_is_a_clear_message_not_an_error(client, params, message):
    published(organisation=Organisation.objects.get(slug="camden"))
    published()

    response = get_list(client, **params)

    assert len(listed(response)) == 2
    assert errors_of(response) == [message]
    content = response.content.decode()
    assert "There is a problem" in content
    assert message in content


def test_the_other_filters_still_apply_beside_a_bad_one(client):
    camden = published(organisation=Organisation.objects.get(slug="camden"))
    published()

    response = get_list(client, organisation="camden", min_salary="lots", level="emperor")

    assert listed(response) == [camden.pk]
    assert len(errors_of(response)) == 2
    assert [category.name for category in response.context["selected_filters"]] == ["organisation"]


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("two", "was not a number"),
        ("1.5", "was not a number"),
        ("99", "no such page"),
        ("-3", "no such page"),
    ],
)
def test_a_bad_page_number_shows_a_page_with_a_message(client, page, message):
    published()
    response = get_list(client, page=page)
    assert response.status_code == 200
    assert len(listed(response)) == 1
    assert message in response.context["page_errors"][0]


def test_many_values_and_odd_characters_never_fail(client):
    published()
    response = client.get(
        LIST_URL,
        {
            "organisation": ["hackney", "<script>", "x" * 5000],
            "q": "\u202e\x00<b>",
            "min_salary": "\x00",
            "year": ["", "2026"],
            "exemplar": "maybe",
        },
    )
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


# Removable tags and pages


def test_selected_filters_are_tags_that_each_remove_one_value(client):
    published(organisation=Organisation.objects.get(slug="camden"))

    response = get_list(
        client, organisation=["camden", "hackney"], exemplar="1", min_salary="40000", q="data"
    )

    categories = {category.name: category for category in response.context["selected_filters"]}
    assert set(categories) == {"q", "organisation", "exemplar", "min_salary"}
    assert [tag.text for tag in categories["organisation"].tags] == ["Camden", "Hackney"]
    camden_tag = categories["organisation"].tags[0]
    remaining = parse_qsl(urlsplit(camden_tag.href).query)
    assert ("organisation", "camden") not in remaining
    assert ("organisation", "hackney") in remaining
    assert [tag.text for tag in categories["min_salary"].tags] == ["£40,000 or more"]
    assert [tag.text for tag in categories["exemplar"].tags] == ["Exemplars only"]
    assert "Remove this filter:" in response.content.decode()


def test_pages_keep_the_filters(client):
    jd = published()
    published_copies(jd, 24)

    first = get_list(client, organisation="hackney")
    assert len(listed(first)) == 20
    assert "25 job descriptions" in first.content.decode()
    second_url = first.context["pages"].next
    assert ("organisation", "hackney") in parse_qsl(urlsplit(second_url).query)
    second = client.get(second_url)
    assert len(listed(second)) == 5
    assert set(listed(first)).isdisjoint(listed(second))


# Query budget


BUDGET_QUERY = {"q": "data", "organisation": "hackney", "level": "mid", "min_salary": "40000", "year": "2026"}


@pytest.mark.parametrize("params", [{}, BUDGET_QUERY, {**BUDGET_QUERY, "sort": "salary", "exemplar": "1"}])
def test_list_makes_the_same_few_queries_for_one_jd_as_for_300(client, django_assert_max_num_queries, params):
    jd = published(purpose="<p>Help services understand their residents through data.</p>")

    def queries():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert get_list(client, **params).status_code == 200
        return len(captured)

    with django_assert_max_num_queries(6):
        one = queries()
    published_copies(jd, 299)
    with django_assert_max_num_queries(6):
        many = queries()
    assert one == many
    assert JobDescription.objects.published().count() == 300


def test_signed_in_list_stays_within_budget(client, django_assert_max_num_queries):
    jd = published()
    published_copies(jd, 49)
    sign_in(client, staff_of(Organisation.objects.get(slug="hackney")))
    with django_assert_max_num_queries(6):
        assert get_list(client, level="mid").status_code == 200


# A JD's page


def test_jd_page_shows_the_facts_sections_and_downloads(client):
    jd = published(
        title="Senior data engineer",
        grade_label="PO7",
        salary_min=55_000,
        salary_max=60_000,
        hours_per_week=37.5,
        london_weighting_included=False,
        year_advertised=2025,
        purpose="<p>Build our data platform.</p>",
    )

    response = client.get(jd.get_absolute_url())

    assert response.status_code == 200
    assert response.templates[0].name == "jd_library/detail.html"
    assert "jd_library/includes/jd_sections.html" in [template.name for template in response.templates]
    content = response.content.decode()
    for text in (
        '<h1 class="govuk-heading-l">Senior data engineer</h1>',
        "London Borough of Hackney",
        "Data analyst",
        "Data",
        "Mid",
        "PO7",
        "£55,000 to £60,000 a year",
        "Not included in the salary",
        "37.5 hours a week",
        "Permanent",
        "2025",
        "Build our data platform.",
        reverse("jd_library:download", kwargs={"pk": jd.pk}),
        "Download as Word (.docx)",
    ):
        assert text in content
    assert content.count("<h1") == 1
    assert "Download the original" not in content
    assert "Exemplar" not in content
    assert "Use as a starting point" not in content


def test_exemplar_note_is_shown_in_an_inset(client):
    jd = published(is_exemplar=True, exemplar_note="Plain English and a clear salary.")
    content = client.get(jd.get_absolute_url()).content.decode()
    inset = content.split('<div class="govuk-inset-text">', 1)[1].split("</div>", 1)[0]
    assert "Exemplar" in inset
    assert "Plain English and a clear salary." in inset


def test_original_download_link_appears_when_there_is_an_original(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    jd = published()
    jd.original_file.save("hackney-analyst.pdf", ContentFile(b"%PDF-1.4"), save=True)
    jd.original_filename = "hackney-analyst.pdf"
    jd.save()

    content = client.get(jd.get_absolute_url()).content.decode()
    assert reverse("jd_library:original", kwargs={"pk": jd.pk}) in content
    assert "Download the original" in content


@pytest.mark.parametrize(
    ("who", "shown"),
    [("anonymous", False), ("candidate", False), ("other_staff", True), ("owner_staff", True)],
)
def test_use_as_a_starting_point_is_offered_to_members_only(actors, who, shown):
    jd = published()
    content = actors.client(who).get(jd.get_absolute_url()).content.decode()
    form = f'action="{reverse("jd_library:use", kwargs={"pk": jd.pk})}"'
    assert (form in content) is shown
    assert ("Use as a starting point" in content) is shown
    if shown:
        assert 'name="csrfmiddlewaretoken"' in content


def test_compare_link_takes_up_to_three_other_published_jds_of_the_same_role(client):
    jd = published()
    others = [published(title=f"Analyst {n}") for n in range(4)]
    published(title="Designer", role=Role.objects.get(slug="service-designer"))
    JobDescriptionFactory(title="Draft analyst")

    response = client.get(jd.get_absolute_url())

    url = response.context["compare_url"]
    ids = [int(value) for name, value in parse_qsl(urlsplit(url).query) if name == "ids"]
    assert ids[0] == jd.pk
    assert len(ids) == 4
    assert set(ids[1:]) <= {other.pk for other in others}
    assert "Compare with other JDs for this role" in response.content.decode()
    assert client.get(url).status_code == 200


def test_no_compare_link_when_no_other_jd_has_the_role(client):
    jd = published()
    published(role=Role.objects.get(slug="service-designer"))
    content = client.get(jd.get_absolute_url()).content.decode()
    assert "Compare with other JDs for this role" not in content


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.REJECTED, Status.ARCHIVED])
@pytest.mark.parametrize("who", ["anonymous", "candidate", "other_staff"])
def test_an_unpublished_jd_is_not_found_for_the_public(actors, status, who):
    jd = JobDescriptionFactory(status=status)
    assert actors.client(who).get(jd.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("who", ["owner_staff", "loti_admin"])
def test_an_unpublished_jd_sends_those_who_can_change_it_to_the_preview(actors, who):
    jd = JobDescriptionFactory(status=Status.SUBMITTED)
    response = actors.client(who).get(jd.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == reverse("jd_library:preview", kwargs={"pk": jd.pk})


def test_an_unknown_jd_is_not_found(client):
    assert client.get(reverse("jd_library:detail", kwargs={"pk": 999_999})).status_code == 404


def test_jd_page_does_not_accept_post(client):
    jd = published()
    assert client.post(jd.get_absolute_url()).status_code == 405


@pytest.mark.parametrize("who", ["anonymous", "owner_staff", "loti_admin"])
def test_jd_page_query_budget(actors, django_assert_max_num_queries, who):
    jd = published()
    for n in range(5):
        published(title=f"Analyst {n}")
    client = actors.client(who)
    with django_assert_max_num_queries(6):
        assert client.get(jd.get_absolute_url()).status_code == 200
