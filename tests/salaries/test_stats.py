"""The figures: hand-worked quartiles on a small data set, on SQLite (Python path) and Postgres (SQL path),
and both paths on the same data agreeing."""

import pytest
from django.db import connection

from accounts.models import Organisation
from capability.models import Level, RoleFamily
from jd_library.models import JobDescription
from jobs.models import Job
from salaries.records import Area, Source, View, Weighting
from salaries.stats import Figures, figures_by_group
from salaries.stats.python import percentile_cont
from tests.salaries.data import HAND_WORKED, Spec, bulk_records, make_all

pytestmark = pytest.mark.django_db

# Figures(organisations, records, min, lower quartile, median, upper quartile, max,
#         organisations at the min, organisations at the max), worked by hand from HAND_WORKED.
EXPECTED = {
    # All 9 midpoints in order: 35,000  37,000  39,000  41,500.5  42,000  43,500  45,000  48,000  51,000.
    # percentile_cont(p) sits at position p x (9 - 1): 2, 4 and 6, exactly the 3rd, 5th and 7th records.
    "all": Figures(5, 9, 35_000, 39_000, 42_000, 45_000, 51_000, 1, 1),
    # Jobs (6): 37,000  41,500.5  42,000  43,500  45,000  51,000; positions 1.25, 2.5 and 3.75:
    #   lower quartile 41,500.5 + 0.25 x (42,000 - 41,500.5) = 41,625.375
    #   median         42,000 + 0.5 x (43,500 - 42,000)      = 42,750
    #   upper quartile 43,500 + 0.75 x (45,000 - 43,500)     = 44,625
    "jobs": Figures(5, 6, 37_000, 41_625.375, 42_750, 44_625, 51_000, 1, 1),
    # JDs (3, from Hackney, Islington and Croydon): 35,000  39,000  48,000; positions 0.5, 1 and 1.5:
    #   35,000 + 0.5 x 4,000 = 37,000;  39,000;  39,000 + 0.5 x 9,000 = 43,500
    "jds": Figures(3, 3, 35_000, 37_000, 39_000, 43_500, 48_000, 1, 1),
    # Inner London (6): 37,000  39,000  41,500.5  42,000  45,000  48,000; positions 1.25, 2.5 and 3.75:
    #   lower quartile 39,000 + 0.25 x 2,500.5 = 39,625.125
    #   median         41,500.5 + 0.5 x 499.5  = 41,750.25
    #   upper quartile 42,000 + 0.75 x 3,000   = 44,250
    "inner": Figures(3, 6, 37_000, 39_625.125, 41_750.25, 44_250, 48_000, 1, 1),
    # Outer London (3, from Barnet and Croydon): 35,000  43,500  51,000; positions 0.5, 1 and 1.5:
    #   35,000 + 0.5 x 8,500 = 39,250;  43,500;  43,500 + 0.5 x 7,500 = 47,250
    "outer": Figures(2, 3, 35_000, 39_250, 43_500, 47_250, 51_000, 1, 1),
}
VIEWS = {
    "all": View(),
    "jobs": View(source=Source.JOBS),
    "jds": View(source=Source.JDS),
    "inner": View(area=Area.INNER),
    "outer": View(area=Area.OUTER),
}


def data_mid() -> tuple[int, int]:
    return RoleFamily.objects.get(slug="data").pk, Level.objects.get(slug="mid").pk


def test_percentile_cont_is_linear_interpolation_between_neighbours():
    assert percentile_cont([7.0], 0.25) == 7
    assert percentile_cont([1.0, 2.0, 3.0, 4.0], 0.25) == 1.75  # position 0.75
    assert percentile_cont([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentile_cont([1.0, 2.0, 3.0, 4.0], 0.75) == 3.25
    assert percentile_cont([10.0, 20.0, 40.0], 0.75) == 30  # position 1.5


@pytest.mark.parametrize("name", list(VIEWS))
def test_hand_worked_figures_with_the_database_s_own_path(name):
    """On SQLite this is the Python path; run with DATABASE_URL=postgres://... it is percentile_cont."""
    make_all(HAND_WORKED)
    figures = figures_by_group(VIEWS[name], grouping="family")
    assert figures == {data_mid(): EXPECTED[name]}


@pytest.mark.postgres
@pytest.mark.parametrize("name", list(VIEWS))
def test_hand_worked_figures_on_postgres_with_percentile_cont(name):
    make_all(HAND_WORKED)
    assert figures_by_group(VIEWS[name], grouping="family", engine="postgres") == {data_mid(): EXPECTED[name]}
    assert figures_by_group(VIEWS[name], grouping="family", engine="python") == {data_mid(): EXPECTED[name]}


@pytest.mark.postgres
@pytest.mark.parametrize(
    "view",
    [
        View(),
        View(source=Source.JOBS, area=Area.INNER),
        View(source=Source.JDS, weighting=Weighting.NOT_INCLUDED, from_year=2025),
        View(area=Area.OUTER, to_year=2024),
    ],
    ids=["everything", "inner-jobs", "jds-2025-unweighted", "outer-2024"],
)
@pytest.mark.parametrize("grouping", ["family", "role"])
def test_postgres_and_python_paths_agree_on_the_same_data(view, grouping):
    assert connection.vendor == "postgresql"
    make_all(HAND_WORKED)
    bulk_records(600)
    in_sql = figures_by_group(view, grouping=grouping, engine="postgres")
    in_python = figures_by_group(view, grouping=grouping, engine="python")
    assert len(in_sql) > 5
    assert in_sql.keys() == in_python.keys()
    for key, figures in in_sql.items():
        assert figures.as_tuple() == pytest.approx(in_python[key].as_tuple(), rel=1e-12), key


def test_grouping_by_role_and_one_organisation():
    make_all(HAND_WORKED)
    make_all([Spec("hackney", "job", 60_000, 62_000, role="data-engineer", level="senior")])
    family, mid = data_mid()
    role_figures = figures_by_group(View(), grouping="role")
    assert {key[2] for key in role_figures} == {
        Job.objects.get(salary_min=60_000).role_id,
        Job.objects.get(salary_min=40_000).role_id,
    }
    hackney = Organisation.objects.get(slug="hackney")
    own = figures_by_group(View(), grouping="family", organisation_id=hackney.pk)
    # Hackney's mid-level records: 42,000 and 39,000; median (39,000 + 42,000) / 2 = 40,500.
    assert own[(family, mid)].median == 40_500
    assert own[(family, mid)].records == 2


def test_only_advertised_records_of_london_councils_count():
    make_all(HAND_WORKED)
    make_all(
        [
            Spec("hackney", "job", 90_000, 90_000, status=Job.Status.DRAFT),
            Spec("hackney", "job", 90_000, 90_000, status=Job.Status.SUBMITTED),
            Spec("hackney", "job", 90_000, 90_000, status=Job.Status.REJECTED),
            Spec("hackney", "jd", 90_000, 90_000, status=JobDescription.Status.DRAFT),
            Spec("hackney", "jd", 90_000, 90_000, status=JobDescription.Status.ARCHIVED),
            Spec("loti", "job", 90_000, 90_000),
        ]
    )
    assert figures_by_group(View(), grouping="family") == {data_mid(): EXPECTED["all"]}
    for status in (Job.Status.CLOSED, Job.Status.EXPIRED, Job.Status.ARCHIVED):
        make_all([Spec("camden", "job", 90_000, 90_000, status=status)])
    assert figures_by_group(View(), grouping="family")[data_mid()].records == 12


def test_years_weighting_and_area_choose_records():
    make_all(HAND_WORKED)
    make_all(
        [
            Spec("hackney", "job", 30_000, 30_000, year=2023),
            Spec("camden", "jd", 31_000, 31_000, year=2023, weighting=False),
        ]
    )
    key = data_mid()
    assert figures_by_group(View(to_year=2023), grouping="family")[key].records == 2
    assert figures_by_group(View(from_year=2024), grouping="family")[key] == EXPECTED["all"]
    assert figures_by_group(View(from_year=2023, to_year=2025), grouping="family")[key].records == 11
    unweighted = figures_by_group(View(weighting=Weighting.NOT_INCLUDED), grouping="family")[key]
    assert (unweighted.records, unweighted.median) == (1, 31_000)
    assert figures_by_group(View(weighting=Weighting.INCLUDED), grouping="family")[key].records == 10
    assert figures_by_group(View(area=Area.INNER, to_year=2023), grouping="family")[key].records == 2


def test_organisations_at_the_extremes_are_counted():
    make_all(
        [
            Spec("hackney", "job", 30_000, 30_000),
            Spec("camden", "jd", 30_000, 30_000),
            Spec("islington", "job", 30_000, 30_000),
            Spec("islington", "job", 30_000, 30_000),
            Spec("barnet", "job", 50_000, 50_000),
            Spec("barnet", "jd", 50_000, 50_000),
            Spec("croydon", "job", 50_000, 50_000),
        ]
    )
    figures = figures_by_group(View(), grouping="family")[data_mid()]
    assert (figures.organisations_at_minimum, figures.organisations_at_maximum) == (3, 2)
