"""Records for the salary benchmark tests: jobs and JDs with chosen organisations, salaries and dates."""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser

from accounts.models import Organisation
from capability.models import Level, Role
from jd_library.models import JobDescription
from jobs.models import Job
from tests.jd_library.factories import JobDescriptionFactory
from tests.jobs.factories import JobFactory

YEAR = 2025


def published_in(year: int) -> datetime:
    return datetime(year, 6, 1, 12, tzinfo=UTC)


@dataclass(frozen=True)
class Spec:
    """One record: who advertised it, where it came from and its salary range."""

    organisation: str
    source: str  # "job" or "jd"
    salary_min: int
    salary_max: int
    role: str = "data-analyst"
    level: str = "mid"
    year: int = YEAR
    weighting: bool = True
    status: str = ""

    @property
    def midpoint(self) -> float:
        return (self.salary_min + self.salary_max) / 2


def make(spec: Spec) -> Job | JobDescription:
    common = {
        "organisation": Organisation.objects.get(slug=spec.organisation),
        "role": Role.objects.get(slug=spec.role),
        "level": Level.objects.get(slug=spec.level),
        "salary_min": spec.salary_min,
        "salary_max": spec.salary_max,
        "london_weighting_included": spec.weighting,
    }
    if spec.source == "job":
        return JobFactory(
            **common,
            status=spec.status or Job.Status.PUBLISHED,
            published_at=published_in(spec.year),
        )
    return JobDescriptionFactory(
        **common, status=spec.status or JobDescription.Status.PUBLISHED, year_advertised=spec.year
    )


def make_all(specs) -> list:
    return [make(spec) for spec in specs]


# The hand-worked data set: 5 organisations (3 inner, 2 outer London), 9 records, all mid-level data
# analysts advertised in 2025 with London weighting included.
#
#   organisation  area   source  range              midpoint
#   hackney       inner  job     40,000 to 44,000   42,000
#   hackney       inner  JD      38,000 to 40,000   39,000
#   camden        inner  job     44,000 to 46,000   45,000
#   camden        inner  job     36,000 to 38,000   37,000
#   islington     inner  JD      47,000 to 49,000   48,000
#   islington     inner  job     41,000 to 42,001   41,500.5
#   barnet        outer  job     50,000 to 52,000   51,000
#   croydon       outer  JD      35,000 to 35,000   35,000
#   croydon       outer  job     43,000 to 44,000   43,500
HAND_WORKED = [
    Spec("hackney", "job", 40_000, 44_000),
    Spec("hackney", "jd", 38_000, 40_000),
    Spec("camden", "job", 44_000, 46_000),
    Spec("camden", "job", 36_000, 38_000),
    Spec("islington", "jd", 47_000, 49_000),
    Spec("islington", "job", 41_000, 42_001),
    Spec("barnet", "job", 50_000, 52_000),
    Spec("croydon", "jd", 35_000, 35_000),
    Spec("croydon", "job", 43_000, 44_000),
]
INNER = {"hackney", "camden", "islington"}


def bulk_records(count: int, *, seed: int = 6) -> None:
    """`count` advertised jobs and published JDs spread over boroughs, roles, levels and two years,
    inserted with bulk_create (the query-budget tests need many rows quickly)."""
    rng = random.Random(seed)
    organisations = list(Organisation.objects.filter(area__in=["inner", "outer"]))
    roles = list(Role.objects.filter(family__slug__in=["data", "software-development"]))
    levels = list(Level.objects.all())
    jobs, jds = [], []
    for number in range(count):
        low = rng.randrange(25_000, 90_000, 500)
        fields = {
            "organisation": rng.choice(organisations),
            "role": rng.choice(roles),
            "level": rng.choice(levels),
            "salary_min": low,
            "salary_max": low + rng.randrange(0, 8_000, 250),
            "london_weighting_included": rng.random() < 0.8,
        }
        year = rng.choice([2024, 2025])
        if number % 3:
            jobs.append(
                JobFactory.build(**fields, status=Job.Status.PUBLISHED, published_at=published_in(year))
            )
        else:
            jds.append(
                JobDescriptionFactory.build(
                    **fields, status=JobDescription.Status.PUBLISHED, year_advertised=year
                )
            )
    Job.objects.bulk_create(jobs, batch_size=500)
    JobDescription.objects.bulk_create(jds, batch_size=500)


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


class _Tables(HTMLParser):
    """The body rows of the benchmark tables, each cell's text, a colspan repeated across its columns."""

    TABLES = ("families-table", "levels-table", "roles-table")

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.current: str | None = None
        self.in_body = False
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.span = 1

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "table" and attributes.get("id") in self.TABLES:
            self.current = attributes["id"]
            self.tables[self.current] = []
        elif self.current and tag == "tbody":
            self.in_body = True
        elif self.current and self.in_body and tag == "tr":
            self.row = []
        elif self.row is not None and tag in ("td", "th"):
            self.cell = []
            self.span = int(attributes.get("colspan") or 1)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.extend([" ".join("".join(self.cell).split())] * self.span)
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[self.current].append(self.row)
            self.row = None
        elif tag == "tbody":
            self.in_body = False
        elif tag == "table":
            self.current = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def page_tables(response) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(response.content.decode())
    return parser.tables


def figure_text(text: str) -> str:
    """A table cell as the CSV writes it: £41,288 -> 41288, Withheld -> withheld."""
    text = text.strip()
    if text.startswith("£"):
        return text[1:].replace(",", "")
    if text in ("Withheld", "Not enough data"):
        return text.lower()
    return text
