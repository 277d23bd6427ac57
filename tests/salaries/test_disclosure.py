"""Disclosure control: small cells, secondary suppression against differencing, and the extremes.

The attacks are made as a user would: download the page's figures under two filter sets and subtract.
"""

from itertools import combinations, product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salaries.disclosure import MIN_ORGANISATIONS, plan_cell, plan_cells
from salaries.records import Area, Source, View, Weighting
from tests.salaries.data import HAND_WORKED, INNER, Spec, csv_rows, make_all

pytestmark = pytest.mark.django_db

SOURCES = [Source.BOTH, Source.JOBS, Source.JDS]
AREAS = [Area.ALL, Area.INNER, Area.OUTER]
WEIGHTINGS = [Weighting.EITHER, Weighting.INCLUDED, Weighting.NOT_INCLUDED]
NOT_ENOUGH = ["not enough data"] * 7


def atoms_of(records):
    """{atom: organisations} from (organisation, role, source, area, weighted, year) records."""
    atoms = {}
    for organisation, role, source, area, weighted, year in records:
        atoms.setdefault((role, source, area, weighted, year), set()).add(organisation)
    return {atom: frozenset(orgs) for atom, orgs in atoms.items()}


# Plans, worked directly.


def test_a_cell_from_fewer_than_three_organisations_has_no_plan():
    assert (
        plan_cell(atoms_of([(1, 7, "jobs", "inner", True, 2025), (2, 7, "jds", "outer", True, 2025)])) is None
    )


def test_an_area_with_two_organisations_hides_both_areas_but_not_all_london():
    plan = plan_cell(
        atoms_of(
            [(org, 7, "jobs", "inner", True, 2025) for org in (1, 2, 3)]
            + [(org, 7, "jobs", "outer", True, 2025) for org in (4, 5)]
        )
    )
    assert "area" not in plan.dimensions
    assert plan.publishes(View())
    assert not plan.publishes(View(area=Area.INNER))
    assert not plan.publishes(View(area=Area.OUTER))


def test_a_filter_that_takes_all_of_a_cell_s_records_is_no_split():
    plan = plan_cell(atoms_of([(org, 7, "jobs", "inner", True, 2024 + org % 2) for org in (1, 2, 3, 4)]))
    # 2024 has organisations 2 and 4 only, so years cannot be split...
    assert "year" not in plan.dimensions
    assert not plan.publishes(View(to_year=2024))
    # ...but a range holding both years, or inner London where all of them are, is the whole cell.
    assert plan.publishes(View(from_year=2020, to_year=2030))
    assert plan.publishes(View(area=Area.INNER))
    assert not plan.publishes(View(area=Area.OUTER))


def test_a_role_from_one_organisation_hides_every_role_of_the_cell():
    plan = plan_cell(
        atoms_of(
            [(org, 7, "jobs", "inner", True, 2025) for org in (1, 2, 3, 4)]
            + [(5, 8, "jobs", "outer", True, 2025)]
        )
    )
    assert plan.publishes(View())
    # The family minus role 7 would be role 8: one organisation.
    assert not plan.publishes(View(), role_id=7)
    assert not plan.publishes(View(), role_id=8)


def test_every_split_is_used_when_every_part_has_three_organisations():
    records = [
        (org + 10 * index, 7, source, area, weighted, year)
        for index, (source, area, weighted, year) in enumerate(
            product(["jobs", "jds"], ["inner", "outer"], [True, False], [2024, 2025])
        )
        for org in (1, 2, 3)
    ]
    plan = plan_cell(atoms_of(records))
    assert plan.dimensions == ("role", "area", "source", "weighting", "year")
    for source, area, weighting in product(SOURCES, AREAS, WEIGHTINGS):
        assert plan.publishes(View(source=source, area=area, weighting=weighting, from_year=2025), role_id=7)


# The property, over random cells: every published view is made of blocks of at least 3 organisations.

ORGANISATION_AREA = {org: "inner" if org < 4 else "outer" for org in range(8)}
YEAR_RANGES = [
    (None, None),
    (2024, 2024),
    (2025, 2025),
    (2026, 2026),
    (2024, 2025),
    (2025, 2026),
    (None, 2025),
]
RECORD = st.tuples(
    st.integers(0, 7),  # organisation
    st.sampled_from([1, 2]),  # role
    st.sampled_from(["jobs", "jds"]),
    st.booleans(),  # London weighting included
    st.sampled_from([2024, 2025, 2026]),
)


def every_view():
    for source, area, weighting, (first, last), role in product(
        SOURCES, AREAS, WEIGHTINGS, YEAR_RANGES, [None, 1, 2]
    ):
        yield View(source=source, area=area, weighting=weighting, from_year=first, to_year=last), role


@settings(max_examples=150, deadline=None)
@given(st.lists(RECORD, min_size=1, max_size=30))
def test_no_combination_of_published_views_isolates_fewer_than_three_organisations(records):
    """Group records by which published views hold them (the finest thing anyone can work out from the
    published figures by adding and subtracting views): every group holds 3 or more organisations. So does
    the difference of any two published views, which is a union of such groups."""
    rows = [
        (org, role, source, ORGANISATION_AREA[org], weighted, year)
        for org, role, source, weighted, year in records
    ]
    plan = plan_cell(atoms_of(rows))
    if plan is None:
        assert len({row[0] for row in rows}) < MIN_ORGANISATIONS
        return
    signatures: dict[int, list[bool]] = {index: [] for index in range(len(rows))}
    for view, role in every_view():
        if not plan.publishes(view, role):
            continue
        inside = [
            view.admits((row[1], row[2], row[3], row[4], row[5])) and role in (None, row[1]) for row in rows
        ]
        assert len({rows[i][0] for i, held in enumerate(inside) if held}) >= MIN_ORGANISATIONS
        for index, held in enumerate(inside):
            signatures[index].append(held)
    groups: dict[tuple, set[int]] = {}
    for index, signature in signatures.items():
        if any(signature):
            groups.setdefault(tuple(signature), set()).add(rows[index][0])
    assert all(len(orgs) >= MIN_ORGANISATIONS for orgs in groups.values())


def test_plans_are_made_per_family_and_level():
    rows = [(1, 3, 7, "jobs", "inner", True, 2025, org) for org in (1, 2, 3)] + [
        (1, 4, 7, "jobs", "inner", True, 2025, org) for org in (1, 2)
    ]
    plans = plan_cells(rows)
    assert plans[(1, 3)] is not None
    assert plans[(1, 4)] is None


# Attacks through the page's CSV download.


def cell_in_csv(client, params, family="Data", role="All roles", level="Mid"):
    """The figures of one row of the download under `params`: a list of 7, or None when there is no row."""
    response = client.get("/salaries/", {**params, "format": "csv"})
    assert response.status_code == 200
    for row in csv_rows(response)[1:]:
        if row[:3] == [family, role, level]:
            return row[3:]
    return None


def test_a_cell_from_two_organisations_shows_not_enough_data_and_none_of_its_figures(client):
    make_all(HAND_WORKED)
    # Outer London: Barnet and Croydon only. Its figures would be 2 organisations, 3 records, lowest
    # 35,000, quartiles 39,250, 43,500 and 47,250, highest 51,000.
    assert cell_in_csv(client, {"area": "outer"}) == NOT_ENOUGH
    for url in (
        "/salaries/?area=outer",
        "/salaries/?area=outer&family=data",
        "/salaries/?area=outer&format=csv",
    ):
        body = client.get(url).content.decode()
        for figure in ("39,250", "39250", "43,500", "43500", "47,250", "47250", "51,000", "51000"):
            assert figure not in body, (url, figure)
        assert "Not enough data" in body or "not enough data" in body


def test_all_london_minus_inner_london_cannot_give_outer_london(client):
    make_all(HAND_WORKED)
    everything = cell_in_csv(client, {})
    inner = cell_in_csv(client, {"area": "inner"})
    # Both shown, records(all) - records(inner) would be outer London's 3 records from 2 organisations,
    # and the highest of all London (51,000, above inner's 48,000) would be Barnet's own advert.
    assert everything != NOT_ENOUGH
    assert inner == NOT_ENOUGH, "inner London is shown while its complement, outer London, is suppressed"
    body = client.get("/salaries/?area=inner&family=data").content.decode()
    for figure in ("39,625", "41,750", "44,250"):  # inner London's own quartiles
        assert figure not in body


def test_both_sources_minus_jobs_cannot_give_job_descriptions_from_one_organisation(client):
    make_all(
        [Spec(org, "job", 50_000 + 1000 * n, 52_000 + 1000 * n, role="software-developer", level="senior")
         for n, org in enumerate(["hackney", "camden", "islington", "lambeth", "barnet"])]
        + [Spec("croydon", "jd", 70_000, 72_000, role="software-developer", level="senior")]
    )  # fmt: skip
    params = {"family": "software-development"}
    both = cell_in_csv(client, params, family="Software development", level="Senior")
    jobs = cell_in_csv(client, {**params, "source": "jobs"}, family="Software development", level="Senior")
    jds = cell_in_csv(client, {**params, "source": "jds"}, family="Software development", level="Senior")
    assert both != NOT_ENOUGH
    assert jds == NOT_ENOUGH
    assert jobs == NOT_ENOUGH, "jobs only is shown while JDs only (one organisation) is suppressed"


def test_a_family_minus_its_shown_roles_cannot_give_a_role_from_one_organisation(client):
    make_all(HAND_WORKED)
    make_all([Spec("hackney", "job", 90_000, 92_000, role="performance-analyst")])
    family = cell_in_csv(client, {"family": "data"})
    analysts = cell_in_csv(client, {"family": "data"}, role="Data analyst")
    performance = cell_in_csv(client, {"family": "data"}, role="Performance analyst")
    assert family != NOT_ENOUGH
    assert performance == NOT_ENOUGH
    assert analysts == NOT_ENOUGH


def test_no_figure_of_a_suppressed_cell_follows_from_any_pair_of_views(client):
    """Every pair of the page's views over source, area and London weighting: where one view's records
    lie inside the other's and both are shown, what lies between comes from 3 or more organisations.
    Checked against the records themselves, so it holds whatever figures the page would show."""
    specs = [
        *HAND_WORKED,
        Spec("lambeth", "jd", 40_000, 41_000, weighting=False),
        Spec("southwark", "job", 39_000, 40_000, weighting=False),
        Spec("barnet", "jd", 41_000, 43_000),
        Spec("bromley", "job", 38_000, 40_000),
    ]
    make_all(specs)

    def records(source, area, weighting):
        return frozenset(
            index
            for index, spec in enumerate(specs)
            if source in (Source.BOTH, {"job": Source.JOBS, "jd": Source.JDS}[spec.source])
            and area
            in (Area.ALL, Area.INNER if spec.organisation in INNER | {"lambeth", "southwark"} else Area.OUTER)
            and weighting
            in (Weighting.EITHER, Weighting.INCLUDED if spec.weighting else Weighting.NOT_INCLUDED)
        )

    shown = {}
    for source, area, weighting in product(SOURCES, AREAS, WEIGHTINGS):
        figures = cell_in_csv(client, {"source": source, "area": area, "weighting": weighting})
        held = records(source, area, weighting)
        if not held:
            assert figures is None
        elif figures == NOT_ENOUGH:
            continue
        else:
            assert int(figures[1]) == len(held)
            shown[(source, area, weighting)] = held
    assert len(shown) >= 3, shown.keys()
    suppressed_somewhere = False
    for (first, smaller), (second, larger) in combinations(shown.items(), 2):
        if smaller > larger:
            smaller, larger, first, second = larger, smaller, second, first
        if smaller < larger:
            between = {specs[index].organisation for index in larger - smaller}
            assert len(between) >= MIN_ORGANISATIONS, (first, second, between)
    for source, area, weighting in product(SOURCES, AREAS, WEIGHTINGS):
        held = records(source, area, weighting)
        if held and (source, area, weighting) not in shown:
            suppressed_somewhere = True
    assert suppressed_somewhere


def test_extremes_need_three_organisations_at_exactly_that_salary(client):
    make_all(
        [
            Spec("hackney", "job", 30_000, 30_000),
            Spec("camden", "jd", 30_000, 30_000),
            Spec("islington", "job", 30_000, 30_000),
            Spec("barnet", "job", 40_000, 40_000),
            Spec("croydon", "job", 50_000, 50_000),
            Spec("bromley", "job", 50_000, 50_000),
        ]
    )
    row = cell_in_csv(client, {})
    # 6 records: 30,000 x 3, 40,000, 50,000 x 2; quartiles at positions 1.25, 2.5, 3.75:
    # 30,000; 30,000 + 0.5 x 10,000 = 35,000; 40,000 + 0.75 x 10,000 = 47,500.
    assert row == ["6", "6", "30000", "30000", "35000", "47500", "withheld"]
    body = client.get("/salaries/?family=data").content.decode()
    assert "£50,000" not in body
    assert "Withheld" in body
