"""The salaries page through the client: tables, drill-down, chart, CSV, filters, staff section, budget."""

import re

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from accounts.models import Organisation
from capability.models import Level, Role
from tests.accounts.factories import loti_admin, staff_of
from tests.fixtures import sign_in
from tests.salaries.data import HAND_WORKED, Spec, bulk_records, csv_rows, figure_text, make_all, page_tables

pytestmark = pytest.mark.django_db

# HAND_WORKED in all London from both sources (see test_stats.py for the working).
ALL_LONDON_ROW = ["Data", "Mid", "5", "9", "withheld", "39000", "42000", "45000", "withheld"]


def test_page_shows_each_family_and_level_with_its_figures(client):
    make_all(HAND_WORKED)
    response = client.get("/salaries/")
    assert response.status_code == 200
    assert response.templates[0].name == "salaries/index.html"
    body = response.content.decode()
    assert body.count("<h1") == 1
    assert "Its salary is the midpoint of its advertised range" in body
    rows = page_tables(response)["families-table"]
    assert [[figure_text(cell) for cell in row] for row in rows] == [ALL_LONDON_ROW]
    assert 'href="?family=data"' in body


def test_header_links_to_salaries(client):
    body = client.get("/").content.decode()
    assert 'href="/salaries/"' in body


def test_drill_down_shows_each_role_and_level_of_the_family(client):
    make_all(HAND_WORKED)
    make_all(
        [
            Spec(org, "job", 55_000, 57_000, role="data-engineer", level="senior")
            for org in ("hackney", "camden", "islington", "barnet")
        ]
    )
    response = client.get("/salaries/", {"family": "data"})
    tables = page_tables(response)
    assert [row[0] for row in tables["levels-table"]] == ["Mid", "Senior"]
    assert [row[:2] for row in tables["roles-table"]] == [
        ["Data analyst", "Mid"],
        ["Data engineer", "Senior"],
    ]
    assert [figure_text(cell) for cell in tables["roles-table"][0][2:]] == ALL_LONDON_ROW[2:]
    body = response.content.decode()
    assert 'id="benchmark-data-analyst-mid"' in body
    assert "What London pays in Data" in body


def test_role_and_level_narrow_the_drill_down(client):
    make_all(HAND_WORKED)
    make_all([Spec(org, "job", 55_000, 57_000, level="senior") for org in ("hackney", "camden", "barnet")])
    response = client.get("/salaries/", {"role": "data-analyst", "level": "mid"})
    tables = page_tables(response)
    assert [row[:2] for row in tables["roles-table"]] == [["Data analyst", "Mid"]]
    # The chart and its table keep every level of the family.
    assert [row[0] for row in tables["levels-table"]] == ["Mid", "Senior"]
    assert "See every role and level in Data" in response.content.decode()


def test_chart_is_an_accessible_svg_with_the_table_s_figures(client):
    make_all(HAND_WORKED)
    make_all([Spec("hackney", "job", 60_000, 61_000, level="senior")])
    body = client.get("/salaries/", {"family": "data"}).content.decode()
    svg = re.search(r"<svg class=\"app-salary-chart__svg\".*?</svg>", body, re.S).group(0)
    assert 'role="img"' in svg
    assert 'aria-labelledby="salary-chart-title salary-chart-desc"' in svg
    assert '<title id="salary-chart-title">Salaries of Data roles by level</title>' in svg
    desc = re.search(r"<desc id=\"salary-chart-desc\">(.*?)</desc>", svg, re.S).group(1)
    assert "Mid: median £42,000, lower quartile £39,000, upper quartile £45,000." in desc
    assert "Senior: not enough data." in desc
    # One box (the mid level); the senior level (one organisation) is words, not a shape.
    assert svg.count("<rect") == 1
    assert ">Not enough data</text>" in svg
    assert "£60,500" not in body
    assert "60500" not in body
    for label in (">Mid</text>", ">Senior</text>", ">£42,000</text>", ">£40k</text>"):
        assert label in svg


def test_csv_holds_exactly_the_rows_the_page_shows(client):
    make_all(HAND_WORKED)
    make_all(
        [
            Spec(org, "jd", 55_000, 57_000, role="data-engineer", level="senior")
            for org in ("hackney", "camden")
        ]
    )
    make_all(
        [
            Spec(org, "job", 30_000, 31_000, role="software-developer", level="junior")
            for org in ("hackney", "camden", "barnet")
        ]
    )
    for params in (
        {},
        {"family": "data"},
        {"family": "data", "level": "mid"},
        {"source": "jobs"},
        {"to_year": "2024"},
    ):
        page = page_tables(client.get("/salaries/", params))
        rows = csv_rows(client.get("/salaries/", {**params, "format": "csv"}))
        assert rows[0] == [
            "Role family", "Role", "Level", "Organisations", "Records", "Lowest", "Lower quartile", "Median",
            "Upper quartile", "Highest",
        ]  # fmt: skip
        expected = []
        family = params.get("family")
        for row in page.get("families-table", []):
            expected.append([row[0], "All roles", *map(figure_text, row[1:])])
        for row in page.get("levels-table", []):
            expected.append(["Data", "All roles", *map(figure_text, row)])
        for row in page.get("roles-table", []):
            expected.append(["Data", *map(figure_text, row)])
        assert rows[1:] == expected, params
        assert family or rows[1:] == [] or {row[1] for row in rows[1:]} == {"All roles"}
    download = client.get("/salaries/", {"family": "data", "format": "csv"})
    assert download["Content-Disposition"] == 'attachment; filename="salary-benchmarks-data.csv"'
    assert ["Data", "Data engineer", "Senior", *["not enough data"] * 7] in csv_rows(download)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"source": "everything"},
            "Source must be jobs and job descriptions, jobs only or job descriptions only",
        ),
        ({"area": "north"}, "Area must be all London, inner London or outer London"),
        ({"weighting": "maybe"}, "London weighting must be included, not included, or included or not"),
        ({"family": "astronauts"}, "There is no role family called \u2018astronauts\u2019"),
        ({"role": "wizard"}, "There is no role called \u2018wizard\u2019"),
        ({"level": "god"}, "There is no level called \u2018god\u2019"),
        ({"from_year": "last year"}, "From year must be a year written in full, like 2024"),
        ({"from_year": "1999"}, "From year must be 2000 or later"),
        ({"to_year": "99999999999999999999"}, "To year must be a year written in full, like 2024"),
        ({"to_year": "2101"}, "To year must be 2100 or earlier"),
        ({"from_year": "2025", "to_year": "2024"}, "To year must be the same as or after the from year"),
        (
            {"family": "software-development", "role": "data-analyst"},
            "Data analyst is not a role in Software development",
        ),
        ({"organisation": "hackney"}, "You can only see the figures of an organisation you belong to"),
        ({"format": "xml"}, "The only download format is csv"),
        ({"source": "jobs\x00"}, "Source must be"),
        ({"family": "x" * 5000}, "There is no role family called"),
    ],
)
def test_bad_parameters_get_a_clear_message_and_the_rest_still_applies(client, params, message):
    make_all(HAND_WORKED)
    response = client.get("/salaries/", {**params, "weighting": params.get("weighting", "included")})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert message in body
    assert "<title>Error: " in body
    # The valid filter (London weighting included) still applies.
    assert "weighting" in params or re.search(r'value="included"[^>]* checked', body)


def test_bad_parameters_refuse_the_download_with_the_reasons(client):
    response = client.get("/salaries/", {"format": "csv", "area": "north"})
    assert response.status_code == 400
    assert "Area must be all London" in response.content.decode()


def test_post_is_not_allowed(client):
    assert client.post("/salaries/").status_code == 405


def count_queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"family": "data"},
        {"family": "data", "format": "csv"},
        {"source": "jds", "area": "inner", "from_year": "2025"},
    ],
)
def test_the_page_makes_as_many_queries_for_1000_records_as_for_10(
    client, params, django_assert_max_num_queries
):
    from django.core.cache import cache

    bulk_records(10)
    few = count_queries(client, "/salaries/", params)
    cache.clear()
    bulk_records(990, seed=7)
    many = count_queries(client, "/salaries/", params)
    assert few == many
    cache.clear()
    # The roles table (3), the disclosure plans (2) and the figures (1 on Postgres, 2 elsewhere; twice in
    # a drill-down: its levels and its roles).
    with django_assert_max_num_queries(9):
        client.get("/salaries/", params)
    # Warm, the figures come from the cache.
    assert count_queries(client, "/salaries/", params) == 0


def test_staff_page_query_count_does_not_grow_with_records(client):
    from django.core.cache import cache

    sign_in(client, staff_of(Organisation.objects.get(slug="hackney")))
    bulk_records(10)
    few = count_queries(client, "/salaries/", {"family": "data"})
    cache.clear()
    bulk_records(990, seed=8)
    assert count_queries(client, "/salaries/", {"family": "data"}) == few


def test_staff_see_where_their_organisation_sits_against_london(client):
    make_all(HAND_WORKED)
    make_all([Spec("hackney", "job", 70_000, 70_000, role="data-engineer", level="lead")])
    sign_in(client, staff_of(Organisation.objects.get(slug="hackney")))
    response = client.get("/salaries/")
    body = response.content.decode()
    assert "Your organisation" in body
    section = body[body.index('id="your-organisation"') :]
    # Hackney's mid-level analysts: 42,000 and 39,000, median 40,500; London's quartiles 39,000, 42,000,
    # 45,000, so Hackney sits between the lower quartile and the median.
    assert re.search(
        r"Data analyst</th>\s*<td[^>]*>Mid</td>\s*<td[^>]*>2</td>\s*<td[^>]*>£40,500</td>", section
    )
    assert "Between the lower quartile and the median" in section
    # Hackney's own lead data engineer (only Hackney advertised one): its own figure, no London figures.
    assert "£70,000" in section
    assert "Not enough data for London" in section


def test_staff_comparison_follows_source_and_years(client):
    make_all(HAND_WORKED)
    sign_in(client, staff_of(Organisation.objects.get(slug="camden")))
    section = client.get("/salaries/", {"source": "jobs"}).content.decode().split('id="your-organisation"')[1]
    # Camden's jobs 45,000 and 37,000, median 41,000; London's jobs quartiles 41,625.375, 42,750, 44,625.
    assert "£41,000" in section
    assert "Below the lower quartile" in section
    section = (
        client.get("/salaries/", {"to_year": "2024"}).content.decode().split('id="your-organisation"')[1]
    )
    assert "has no jobs or job descriptions with these filters" in section


def test_london_figures_beside_your_own_are_still_disclosure_controlled(client):
    make_all(HAND_WORKED)
    make_all([Spec("hackney", "job", 90_000, 90_000, role="performance-analyst")])
    sign_in(client, staff_of(Organisation.objects.get(slug="hackney")))
    body = client.get("/salaries/").content.decode()
    section = body[body.index('id="your-organisation"') :]
    # London's data analysts alone cannot be shown (the family minus them would be Hackney's performance
    # analyst); the comparison falls back to the whole family at that level, which can.
    assert "against all Data roles at this level" in section
    assert "£90,000" in section


def test_no_organisation_section_for_the_public_or_candidates(actors):
    make_all(HAND_WORKED)
    for role in ("anonymous", "candidate"):
        body = actors.client(role).get("/salaries/").content.decode()
        assert 'id="your-organisation"' not in body, role


def test_staff_cannot_see_another_organisation_s_own_figures(client):
    make_all(HAND_WORKED)
    sign_in(client, staff_of(Organisation.objects.get(slug="hackney")))
    body = client.get("/salaries/", {"organisation": "camden"}).content.decode()
    assert "You can only see the figures of an organisation you belong to" in body
    assert "London Borough of Hackney against London" in body or "Hackney against London" in body
    assert "Camden against London" not in body


def test_loti_admins_who_belong_to_an_organisation_may_choose_another(client):
    make_all(HAND_WORKED)
    admin = loti_admin()
    hackney = Organisation.objects.get(slug="hackney")
    from tests.accounts.factories import MembershipFactory

    MembershipFactory(user=admin, organisation=hackney)
    sign_in(client, admin, mfa=True)
    body = client.get("/salaries/", {"organisation": "camden"}).content.decode()
    assert "There is a problem" not in body
    assert re.search(r"Camden against London", body)


def test_benchmark_link_for_job_and_jd_pages():
    role, level = (
        Role.objects.select_related("family").get(slug="data-analyst"),
        Level.objects.get(slug="mid"),
    )
    html = Template("{% load salaries_tags %}{% benchmark_link role level %}").render(
        Context({"role": role, "level": level})
    )
    assert html.strip() == (
        '<a class="govuk-link" href="/salaries/?family=data&amp;role=data-analyst&amp;level=mid'
        '#benchmark-data-analyst-mid">See what London pays data analysts at mid level</a>'
    )
    qat = Role.objects.select_related("family").get(slug="qat-analyst")
    head = Level.objects.get(slug="head-of")
    html = Template("{% load salaries_tags %}{% benchmark_link role level %}").render(
        Context({"role": qat, "level": head})
    )
    assert "See what London pays QAT analysts at head of level" in html


def test_benchmark_link_leads_to_the_row(client):
    make_all(HAND_WORKED)
    role = Role.objects.select_related("family").get(slug="data-analyst")
    url = Template("{% load salaries_tags %}{% benchmark_url role level %}").render(
        Context({"role": role, "level": Level.objects.get(slug="mid")})
    )
    path, anchor = url.replace("&amp;", "&").split("#")
    body = client.get(path).content.decode()
    assert f'id="{anchor}"' in body


def test_chart_of_a_family_with_nothing_to_show_draws_no_shape(client):
    make_all([Spec(org, "job", 40_000, 41_000) for org in ("hackney", "camden")])
    body = client.get("/salaries/", {"family": "data"}).content.decode()
    svg = re.search(r"<svg class=\"app-salary-chart__svg\".*?</svg>", body, re.S).group(0)
    assert "<rect" not in svg
    assert ">Not enough data</text>" in svg
    assert "40,500" not in body
    assert "40500" not in body
