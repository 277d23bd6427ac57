"""Comparing 2 to 4 published JDs side by side, and every way of asking for something else."""

import pytest
from django.urls import reverse

from accounts.models import Organisation
from jd_library.models import JobDescription
from tests.jd_library.factories import JobDescriptionFactory

pytestmark = pytest.mark.django_db

COMPARE_URL = reverse("jd_library:compare")
Status = JobDescription.Status


def published(**kwargs) -> JobDescription:
    return JobDescriptionFactory(status=Status.PUBLISHED, **kwargs)


def compare(client, *ids):
    return client.get(COMPARE_URL, {"ids": [str(pk) for pk in ids]})


def compared(response) -> list[int]:
    return [jd.pk for jd in response.context["jds"]]


@pytest.mark.parametrize("count", [2, 3, 4])
def test_two_to_four_published_jds_are_compared_in_the_order_chosen(client, count):
    jds = [published(title=f"Analyst {n}") for n in range(count)]
    chosen = [jd.pk for jd in reversed(jds)]

    response = compare(client, *chosen)

    assert response.status_code == 200
    assert response.templates[0].name == "jd_library/compare.html"
    assert compared(response) == chosen
    assert response.context["errors"] == []
    assert response.content.decode().count("<h1") == 1


def test_the_table_has_a_row_for_each_fact_and_section(client):
    first = published(
        title="Data analyst",
        grade_label="PO4",
        purpose="<p>Help services understand residents.</p>",
        skills="<ul><li>SQL</li></ul>",
    )
    second = published(
        title="Senior data analyst",
        organisation=Organisation.objects.get(slug="camden"),
        grade_label="",
        salary_min=50_000,
        salary_max=50_000,
        hours_per_week=35,
        year_advertised=2023,
        skills="",
    )

    content = compare(client, first.pk, second.pk).content.decode()

    for label in (
        "Organisation",
        "Salary",
        "Grade",
        "Level",
        "Hours",
        "Contract",
        "Year advertised",
        "Job purpose",
        "Key responsibilities",
        "Person specification",
        "Skills",
    ):
        assert f'<th scope="row" class="govuk-table__header">{label}</th>' in content
    for text in (
        "London Borough of Hackney",
        "London Borough of Camden",
        "£42,000 to £47,500 a year, including London weighting",
        "£50,000 a year, including London weighting",
        "36 hours a week",
        "35 hours a week",
        "Not given",
        "2023",
        "<p>Help services understand residents.</p>",
        "<li>SQL</li>",
        f'href="{first.get_absolute_url()}"',
        reverse("jd_library:download", kwargs={"pk": second.pk}),
    ):
        assert text in content


def test_the_table_scrolls_in_a_labelled_focusable_region_on_small_screens(client):
    ids = [published().pk for _ in range(3)]
    content = compare(client, *ids).content.decode()
    assert 'role="region" aria-labelledby="compare-caption" tabindex="0"' in content
    assert 'id="compare-caption">3 job descriptions side by side</caption>' in content


def test_no_ids_explains_how_to_compare(client):
    response = client.get(COMPARE_URL)
    assert response.status_code == 200
    assert response.context["errors"] == []
    assert "Choose 2 to 4 job descriptions" in response.content.decode()


def test_one_jd_is_not_enough(client):
    jd = published()
    response = compare(client, jd.pk)
    assert response.status_code == 400
    assert compared(response) == []
    assert response.context["errors"] == ["Choose at least 2 job descriptions from the library to compare"]
    assert "There is a problem" in response.content.decode()


def test_the_same_id_twice_counts_once(client):
    jd = published()
    response = compare(client, jd.pk, jd.pk)
    assert response.status_code == 400
    assert "Choose at least 2" in response.context["errors"][0]


def test_more_than_four_is_refused(client):
    ids = [published().pk for _ in range(5)]
    response = compare(client, *ids)
    assert response.status_code == 400
    assert compared(response) == []
    assert response.context["errors"] == [
        "You can compare up to 4 job descriptions at a time. You chose 5: go back and choose fewer"
    ]


def test_many_ids_are_refused_without_reading_them(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        response = compare(client, *range(1, 1001))
    assert response.status_code == 400


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.REJECTED, Status.ARCHIVED])
def test_an_unpublished_jd_is_left_out_like_an_unknown_one(client, status):
    first, second = published(), published()
    hidden = JobDescriptionFactory(title="Secret draft", status=status)

    response = compare(client, first.pk, hidden.pk, second.pk)

    assert response.status_code == 200
    assert compared(response) == [first.pk, second.pk]
    assert response.context["errors"] == [
        f"Job description {hidden.pk} is not in the library, so it is left out"
    ]
    assert "Secret draft" not in response.content.decode()


def test_unknown_ids_leave_too_few_to_compare(client):
    jd = published()
    response = compare(client, jd.pk, 999_998, 999_999)
    assert response.status_code == 400
    assert response.context["errors"] == [
        "Job descriptions 999998, 999999 are not in the library, so they are left out",
        "Choose at least 2 job descriptions from the library to compare: only 1 of your choices can be shown",
    ]
    assert compared(response) == []


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "<script>", "9" * 40])
def test_an_id_that_is_not_a_number_is_a_clear_message(client, value):
    first, second = published(), published()
    response = client.get(COMPARE_URL, {"ids": [str(first.pk), value, str(second.pk)]})
    assert response.status_code == 200
    assert compared(response) == [first.pk, second.pk]
    assert len(response.context["errors"]) == 1
    assert "is not a job description number" in response.context["errors"][0]
    assert "<script>" not in response.content.decode()


def test_compare_query_budget(client, django_assert_max_num_queries):
    ids = [published(organisation=Organisation.objects.get(slug=slug)).pk for slug in ("hackney", "camden")]
    ids += [published().pk for _ in range(2)]
    with django_assert_max_num_queries(2):
        response = compare(client, *ids)
    assert len(compared(response)) == 4


def test_compare_does_not_accept_post(client):
    assert client.post(COMPARE_URL, {"ids": ["1", "2"]}).status_code == 405
