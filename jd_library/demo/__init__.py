"""Demo job descriptions: invented digital, data and technology JDs from the London boroughs, 2021 to 2026.

`seed` makes exactly N demo JDs (120 unless `--jds N`). Demo JD number n is the same every time: its
organisation, title, grade, salary and year come from n alone, and together they are its key (a JD has no
reference field to carry a number). Running it again adds only the numbers that are missing and removes
demo JDs numbered above N. A demo JD that someone has since edited no longer matches its key: it is left
alone and its number made again. Large N goes in with bulk_create, 1,000 rows a batch, each batch
committed on its own. Every text is written for this demo; none is copied from a council.
"""

from __future__ import annotations

import math
import random
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from accounts.demo import DEMO_STAFF
from accounts.models import Membership, Organisation, User
from capability.models import Level, Role
from loti_portal.richtext import clean_html

from ..models import ContractType, JobDescription
from ..services import _search_document
from .text import exemplar_note, rejection_reason, sections

LONDON = ZoneInfo("Europe/London")
DEFAULT_COUNT = 120
BATCH_SIZE = 1000
YEARS = range(2021, 2027)
# Pending JDs (draft, submitted, rejected) belong to the boroughs that have demo staff accounts.
DEMO_BOROUGHS = ("hackney", "camden", "southwark", "croydon", "greenwich")
# Exemplars are chosen among the first numbers only, so that the library has about ten at any size.
EXEMPLAR_NUMBERS = range(1, 151)
EXEMPLAR_SHARE = 0.12
Status = JobDescription.Status

# Pay in 2025 with inner London weighting: (grade, minimum, maximum) by scheme and level. Older JDs are
# scaled down by the year's factor (the pay awards since); outer boroughs pay a smaller London weighting.
PAY = {
    "po": {
        "apprentice": [("Apprentice", 23_850, 24_450)],
        "junior": [("Scale 5", 31_950, 33_900), ("Scale 6", 33_900, 36_330)],
        "mid": [("SO2", 38_700, 41_130), ("PO3", 40_500, 44_100), ("PO4", 42_000, 47_500)],
        "senior": [("PO5", 47_500, 50_910), ("PO6", 50_910, 54_240)],
        "lead": [("PO7", 54_240, 57_630), ("PO8", 57_630, 61_050)],
        "head-of": [("M1", 78_030, 86_490), ("M2", 86_490, 96_120)],
        "director": [("CO2", 105_300, 118_200), ("CO1", 118_200, 135_600)],
    },
    "grade": {
        "apprentice": [("Grade 2", 23_940, 24_620)],
        "junior": [("Grade 6", 32_820, 35_610), ("Grade 7", 35_610, 38_430)],
        "mid": [("Grade 8", 38_430, 42_120), ("Grade 9", 42_120, 46_920)],
        "senior": [("Grade 10", 46_920, 51_240), ("Grade 11", 51_240, 55_320)],
        "lead": [("Grade 12", 55_320, 60_150), ("Grade 13", 60_150, 65_430)],
        "head-of": [("Grade 15", 80_220, 89_730), ("Grade 16", 89_730, 99_870)],
        "director": [("Grade 18", 110_430, 124_980)],
    },
    "band": {
        "apprentice": [("Band 1", 23_610, 24_300)],
        "junior": [("Band 3", 31_830, 37_110)],
        "mid": [("Band 4", 37_110, 43_440), ("Band 5", 42_330, 47_850)],
        "senior": [("Band 6", 47_850, 54_660)],
        "lead": [("Band 7", 54_660, 62_340)],
        "head-of": [("Band 9", 79_530, 93_960)],
        "director": [("Band 11", 108_090, 129_540)],
    },
    "hay": {
        "apprentice": [("Apprentice", 24_000, 24_000)],
        "junior": [("Grade F", 34_020, 37_860)],
        "mid": [("Grade G", 38_910, 43_740), ("Grade H", 43_740, 48_360)],
        "senior": [("Grade I", 48_360, 53_970)],
        "lead": [("Grade J", 53_970, 60_810), ("Grade K", 60_810, 68_250)],
        "head-of": [("Grade M", 84_060, 101_400)],
        "director": [("Grade O", 115_200, 142_500)],
    },
}
SCHEMES = sorted(PAY)
YEAR_FACTOR = {2021: 0.86, 2022: 0.89, 2023: 0.94, 2024: 0.97, 2025: 1.0, 2026: 1.03}
OUTER_LONDON_DIFFERENCE = 1_470

# (title, role slug, level slug, weight); "{area}" takes a service area.
TITLES = [
    ("Digital Apprentice", "service-desk-analyst", "apprentice", 3),
    ("Data Analyst Apprentice", "data-analyst", "apprentice", 2),
    ("Software Developer Apprentice", "software-developer", "apprentice", 1),
    ("Junior Data Analyst", "data-analyst", "junior", 3),
    ("Performance Officer", "performance-analyst", "junior", 2),
    ("IT Service Desk Analyst", "service-desk-analyst", "junior", 4),
    ("Desktop Support Engineer", "end-user-computing-engineer", "junior", 3),
    ("Junior Developer", "software-developer", "junior", 2),
    ("Test Analyst", "qat-analyst", "junior", 1),
    ("Data Analyst", "data-analyst", "mid", 6),
    ("Data Analyst ({area})", "data-analyst", "mid", 3),
    ("Performance and Insight Analyst", "performance-analyst", "mid", 3),
    ("Analytics Engineer", "analytics-engineer", "mid", 2),
    ("Data Engineer", "data-engineer", "mid", 3),
    ("Software Developer", "software-developer", "mid", 3),
    ("Frontend Developer", "frontend-developer", "mid", 2),
    ("User Researcher", "user-researcher", "mid", 3),
    ("Content Designer", "content-designer", "mid", 3),
    ("Interaction Designer", "interaction-designer", "mid", 2),
    ("Technical Writer", "technical-writer", "mid", 1),
    ("Business Analyst", "business-analyst", "mid", 4),
    ("Delivery Manager", "delivery-manager", "mid", 3),
    ("Infrastructure Engineer", "infrastructure-engineer", "mid", 3),
    ("QA Tester", "qat-analyst", "mid", 2),
    ("Change and Release Analyst", "change-and-release-manager", "mid", 1),
    ("Senior Data Analyst", "data-analyst", "senior", 3),
    ("Senior Data Engineer", "data-engineer", "senior", 3),
    ("Data Scientist", "data-scientist", "senior", 3),
    ("Data Protection and Governance Manager", "data-governance-manager", "senior", 2),
    ("Senior Software Developer", "software-developer", "senior", 2),
    ("DevOps Engineer", "devops-engineer", "senior", 2),
    ("Senior User Researcher", "user-researcher", "senior", 2),
    ("Service Designer", "service-designer", "senior", 3),
    ("Senior Content Designer", "content-designer", "senior", 2),
    ("Digital Accessibility Lead", "accessibility-specialist", "senior", 1),
    ("Product Manager", "product-manager", "senior", 3),
    ("Product Manager ({area})", "product-manager", "senior", 3),
    ("Senior Business Analyst", "business-analyst", "senior", 2),
    ("Solution Architect", "solution-architect", "senior", 2),
    ("Test Automation Engineer", "test-engineer", "senior", 1),
    ("Major Incident Manager", "incident-manager", "senior", 2),
    ("Senior Infrastructure Engineer", "infrastructure-engineer", "senior", 2),
    ("Lead Data Engineer", "data-engineer", "lead", 2),
    ("Lead Service Designer", "service-designer", "lead", 2),
    ("Development Manager", "software-development-manager", "lead", 2),
    ("Lead User Researcher", "user-researcher", "lead", 1),
    ("Service Owner ({area})", "service-owner", "lead", 2),
    ("Enterprise Architect", "enterprise-architect", "lead", 2),
    ("Data Architect", "data-architect", "lead", 1),
    ("Cyber Security Architect", "security-architect", "lead", 2),
    ("Technical Architect", "technical-architect", "lead", 1),
    ("IT Service Manager", "it-service-manager", "lead", 2),
    ("Digital Portfolio Manager", "portfolio-manager", "lead", 1),
    ("Test Manager", "test-manager", "lead", 1),
    ("Head of Digital", "chief-digital-officer", "head-of", 2),
    ("Head of Data and Insight", "chief-data-officer", "head-of", 2),
    ("Head of IT", "chief-information-officer", "head-of", 2),
    ("Head of Technology and Architecture", "chief-technology-officer", "head-of", 1),
    ("Director of Digital and Customer Services", "chief-digital-officer", "director", 1),
    ("Director of Digital, Data and Technology", "chief-information-officer", "director", 1),
    ("Chief Information Officer", "chief-information-officer", "director", 1),
]
# Every title `weight` times; demo JD n takes entry (n * TITLE_STEP) mod its length, so that any run of
# numbers as long as the list has each title exactly `weight` times, in a scattered order.
TITLE_CYCLE = [title for title in TITLES for _ in range(title[3])]
TITLE_STEP = next(step for step in range(53, 200) if math.gcd(step, len(TITLE_CYCLE)) == 1)
SERVICE_AREAS = [
    "Housing", "Adult Social Care", "Children's Services", "Public Health", "Revenues and Benefits",
    "Planning and Building Control", "Environment and Waste",
]  # fmt: skip


@dataclass(frozen=True)
class Plan:
    """What a demo JD's number decides before any text is written: enough to find it again."""

    number: int
    organisation: Organisation
    title: str
    role_slug: str
    level_slug: str
    grade: str
    salary_min: int
    salary_max: int
    year: int
    status: str
    area: str
    exemplar: bool

    @property
    def key(self) -> tuple:
        return (self.organisation.pk, self.title, self.grade, self.salary_min, self.salary_max, self.year)


def _key_of(jd: dict) -> tuple:
    return (jd["organisation_id"], jd["title"], jd["grade_label"], jd["salary_min"], jd["salary_max"],
            jd["year_advertised"])  # fmt: skip


class _Catalogue:
    """The database rows demo JDs refer to, loaded once per run."""

    def __init__(self):
        self.boroughs = list(Organisation.objects.boroughs().order_by("slug"))
        by_slug = {org.slug: org for org in self.boroughs}
        self.demo_boroughs = [by_slug[slug] for slug in DEMO_BOROUGHS if slug in by_slug] or self.boroughs[:1]
        self.roles = {role.slug: role for role in Role.objects.select_related("family")}
        self.levels = {level.slug: level for level in Level.objects.all()}
        emails = [email for email, _name, _lead in DEMO_STAFF]
        memberships = Membership.objects.filter(user__email__in=emails).select_related("user")
        self.uploaders: dict[int, User] = {}
        for membership in sorted(memberships, key=lambda m: m.role != Membership.Role.STAFF):
            self.uploaders.setdefault(membership.organisation_id, membership.user)

    def scheme(self, org: Organisation) -> str:
        return SCHEMES[zlib.crc32(org.slug.encode()) % len(SCHEMES)]


def plan(number: int, catalogue: _Catalogue) -> Plan:
    rng = random.Random(f"jd-{number}")
    roll = rng.random()
    if roll < 0.82:
        status = Status.PUBLISHED
    elif roll < 0.85:
        status = Status.ARCHIVED
    else:
        status = rng.choices([Status.SUBMITTED, Status.REJECTED, Status.DRAFT], weights=[5, 2, 3])[0]
    if status in (Status.PUBLISHED, Status.ARCHIVED):
        organisation = rng.choice(catalogue.boroughs)
        year = rng.choices(YEARS, weights=[1, 2, 3, 4, 4, 2])[0]
    else:
        organisation = rng.choice(catalogue.demo_boroughs)
        year = rng.choice([2025, 2026])
    title, role_slug, level_slug, _weight = TITLE_CYCLE[(number * TITLE_STEP) % len(TITLE_CYCLE)]
    area = rng.choice(SERVICE_AREAS) if "{area}" in title else ""
    grade, low, high = rng.choice(PAY[catalogue.scheme(organisation)][level_slug])
    factor = YEAR_FACTOR[year]
    low, high = round(low * factor), round(high * factor)
    if organisation.area == Organisation.Area.OUTER and level_slug != "apprentice":
        low, high = low - OUTER_LONDON_DIFFERENCE, high - OUTER_LONDON_DIFFERENCE
    exemplar = status == Status.PUBLISHED and number in EXEMPLAR_NUMBERS and rng.random() < EXEMPLAR_SHARE
    return Plan(number=number, organisation=organisation, title=title.format(area=area), role_slug=role_slug,
                level_slug=level_slug, grade=grade, salary_min=low, salary_max=high, year=year, status=status,
                area=area, exemplar=exemplar)  # fmt: skip


def build(p: Plan, catalogue: _Catalogue, now: datetime) -> JobDescription:
    """Demo JD `p.number`, ready to save: sections cleaned and indexed as the services would."""
    rng = random.Random(f"jd-text-{p.number}")
    role, level = catalogue.roles[p.role_slug], catalogue.levels[p.level_slug]
    jd = JobDescription(
        organisation=p.organisation,
        created_by=catalogue.uploaders.get(p.organisation.pk),
        title=p.title,
        role=role,
        level=level,
        grade_label=p.grade,
        salary_min=p.salary_min,
        salary_max=p.salary_max,
        london_weighting_included=True,
        hours_per_week=Decimal(rng.choice(["35", "36", "36", "37"])),
        contract_type=_contract(rng, p.level_slug),
        year_advertised=p.year,
        status=p.status,
    )
    for field, html in sections(rng, p, role).items():
        setattr(jd, field, clean_html(html))
    _dates(jd, rng, p, now)
    if p.status == Status.REJECTED:
        jd.rejection_reason = rejection_reason(rng)
    if p.exemplar:
        jd.is_exemplar = True
        jd.exemplar_note = exemplar_note(rng, p, role)
    jd.search_document = _search_document(jd)
    return jd


def _contract(rng: random.Random, level_slug: str) -> str:
    if level_slug == "apprentice":
        return ContractType.APPRENTICESHIP
    return rng.choices(
        [ContractType.PERMANENT, ContractType.FIXED_TERM, ContractType.SECONDMENT, ContractType.INTERIM],
        weights=[78, 14, 4, 4],
    )[0]


def _dates(jd: JobDescription, rng: random.Random, p: Plan, now: datetime) -> None:
    """Submitted and published times that fit the status and the year advertised, never in the future."""
    if p.status == Status.DRAFT:
        return
    if p.status in (Status.SUBMITTED, Status.REJECTED):
        jd.submitted_at = now - timedelta(days=rng.randint(1, 20), minutes=rng.randint(0, 1439))
        return
    start = datetime(p.year, 1, 10, 9, tzinfo=LONDON)
    latest = min(now - timedelta(days=2), datetime(p.year, 12, 20, 17, tzinfo=LONDON))
    span = max(int((latest - start).total_seconds()), 3600)
    jd.published_at = min(start + timedelta(seconds=rng.randint(0, span)), latest)
    jd.submitted_at = jd.published_at - timedelta(days=rng.randint(1, 9), minutes=rng.randint(0, 600))


def _existing_keys() -> dict[tuple, list[int]]:
    """Keys of JDs that may be demo JDs (not copies of another JD), oldest row first."""
    keys: dict[tuple, list[int]] = defaultdict(list)
    rows = JobDescription.objects.filter(based_on__isnull=True).order_by("pk")
    for row in rows.values("pk", "organisation_id", "title", "grade_label", "salary_min", "salary_max",
                           "year_advertised").iterator(chunk_size=5000):  # fmt: skip
        keys[_key_of(row)].append(row["pk"])
    return keys


def seed(*, stdout, options):
    """Make the number of demo JDs asked for: add missing numbers, remove those numbered above."""
    count = options.get("jds")
    count = DEFAULT_COUNT if count is None else count
    catalogue = _Catalogue()
    if not catalogue.boroughs:
        stdout.write("Demo JDs: no boroughs to add them to.")
        return
    unmatched = _existing_keys()
    missing: list[Plan] = []
    for number in range(1, count + 1):
        p = plan(number, catalogue)
        if unmatched.get(p.key):
            unmatched[p.key].pop(0)
        else:
            missing.append(p)
    # Numbers above `count` left from a bigger run: there can be no more of them than unmatched rows.
    left = Counter({key: len(pks) for key, pks in unmatched.items() if pks})
    surplus: list[int] = []
    for number in range(count + 1, count + 1 + sum(left.values())):
        key = plan(number, catalogue).key
        if left[key]:
            left[key] -= 1
            surplus.append(unmatched[key].pop(0))
    removed = 0
    if surplus:
        for start in range(0, len(surplus), BATCH_SIZE):
            removed += JobDescription.objects.filter(pk__in=surplus[start : start + BATCH_SIZE]).delete()[0]
    now = timezone.now()
    for start in range(0, len(missing), BATCH_SIZE):
        batch = [build(p, catalogue, now) for p in missing[start : start + BATCH_SIZE]]
        with transaction.atomic():
            JobDescription.objects.bulk_create(batch, batch_size=BATCH_SIZE)
        if len(missing) > 10 * BATCH_SIZE and (start // BATCH_SIZE) % 10 == 9:
            stdout.write(f"  {start + len(batch):,} of {len(missing):,} demo JDs created")
    done = f"{len(missing)} created, {count} in place" if missing else f"{count} in place"
    stdout.write(f"Demo JDs: {done}" + (f", {removed} removed." if removed else "."))
