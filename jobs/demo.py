"""Demo jobs: invented digital, data and technology vacancies across the 33 London councils.

`seed` makes exactly N demo jobs (300 unless `--jobs N`), keyed by their reference "DEMO-000001" to
"DEMO-<N>": a job's content depends on its number only, so running it again adds only what is missing and
removes demo jobs numbered above N. Dates are relative to the moment each job is created. Large N goes in
with bulk_create, 1,000 rows a batch, each batch committed on its own.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from accounts.demo import DEMO_STAFF
from accounts.models import Membership, Organisation, User
from capability.models import Level, Role
from loti_portal.richtext import clean_html

from .alerts.demo import seed as seed_alerts
from .models import Job
from .services import _search_document

LONDON = ZoneInfo("Europe/London")
DEFAULT_COUNT = 300
BATCH_SIZE = 1000
PREFIX = "DEMO-"
EN_DASH = "\N{EN DASH}"


def demo_reference(number: int) -> str:
    return f"{PREFIX}{number:06d}"


# Each council's main office (invented, with the borough's real postcode district) and its pay scheme.
BOROUGHS = {
    "city-of-london": ("Guildhall, Aldermanbury, EC2", "band"),
    "barking-and-dagenham": ("Civic Centre, Rainham Road North, RM10", "grade"),
    "barnet": ("Colindale Offices, Grahame Park Way, NW9", "grade"),
    "bexley": ("Civic Offices, Watling Street, DA6", "band"),
    "brent": ("Civic Offices, Empire Way, HA9", "grade"),
    "bromley": ("Council Offices, Kentish Way, BR1", "band"),
    "camden": ("Council Offices, Pancras Square, N1C", "njc"),
    "croydon": ("Council Offices, Katharine Street, CR0", "grade"),
    "ealing": ("Council Offices, Uxbridge Road, W5", "njc"),
    "enfield": ("Civic Centre, Silver Street, EN1", "grade"),
    "greenwich": ("Woolwich Centre, Wellington Street, SE18", "njc"),
    "hackney": ("Town Hall, Mare Street, E8", "njc"),
    "hammersmith-and-fulham": ("Town Hall, King Street, W6", "hg"),
    "haringey": ("Civic Centre, High Road, N22", "njc"),
    "harrow": ("Civic Centre, Station Road, HA1", "band"),
    "havering": ("Town Hall, Main Road, RM1", "grade"),
    "hillingdon": ("Civic Centre, High Street, UB8", "band"),
    "hounslow": ("Civic Offices, Bath Road, TW3", "grade"),
    "islington": ("Town Hall, Upper Street, N1", "njc"),
    "kensington-and-chelsea": ("Town Hall, Hornton Street, W8", "hg"),
    "kingston-upon-thames": ("Council Offices, High Street, KT1", "band"),
    "lambeth": ("Civic Centre, Brixton Hill, SW2", "njc"),
    "lewisham": ("Civic Suite, Catford Road, SE6", "njc"),
    "merton": ("Civic Centre, London Road, SM4", "grade"),
    "newham": ("Council Offices, Dockside Road, E16", "njc"),
    "redbridge": ("Town Hall, High Road, IG1", "band"),
    "richmond-upon-thames": ("Civic Centre, York Street, TW1", "band"),
    "southwark": ("Council Offices, Tooley Street, SE1", "grade"),
    "sutton": ("Civic Offices, St Nicholas Way, SM1", "band"),
    "tower-hamlets": ("Town Hall, Whitechapel Road, E1", "njc"),
    "waltham-forest": ("Town Hall, Forest Road, E17", "grade"),
    "wandsworth": ("Town Hall, Wandsworth High Street, SW18", "hg"),
    "westminster": ("City Hall, Victoria Street, SW1", "band"),
}

# Pay by level and scheme, inner London weighting included: (grade, minimum, maximum) a year.
PAY = {
    "njc": {
        "apprentice": [("Scale 2", 24027, 24954), ("Scale 3", 24954, 26412)],
        "junior": [("Scale 6", 35124, 37665), ("SO1", 37665, 39543)],
        "mid": [("SO2", 39543, 41511), ("PO1", 41511, 43896), ("PO2", 43896, 46218)],
        "senior": [("PO3", 46218, 48531), ("PO4", 48531, 50760), ("PO5", 50760, 53103)],
        "lead": [("PO6", 53103, 55557), ("PO7", 55557, 57915), ("PO8", 57915, 60345)],
        "head-of": [("MG1", 63150, 69378), ("MG2", 71046, 78090), ("MG3", 80232, 88044)],
        "director": [("CO2", 98500, 110400), ("CO1", 112300, 126900)],
    },
    "grade": {
        "apprentice": [("Grade 3", 24270, 25584)],
        "junior": [("Grade 6", 34827, 37413), ("Grade 7", 37413, 40221)],
        "mid": [("Grade 8", 40221, 43473), ("Grade 9", 43473, 46743)],
        "senior": [("Grade 10", 46743, 50220), ("Grade 11", 50220, 53967)],
        "lead": [("Grade 12", 53967, 58107), ("Grade 13", 58107, 62535)],
        "head-of": [("Grade 15", 70188, 79845), ("Grade 16", 79845, 90120)],
        "director": [("Grade 18", 101640, 113520), ("Director", 115000, 131000)],
    },
    "band": {
        "apprentice": [("Band 1", 23985, 25230)],
        "junior": [("Band 3", 33570, 38415)],
        "mid": [("Band 4", 38415, 44160), ("Band 5", 44160, 49032)],
        "senior": [("Band 5", 44160, 49032), ("Band 6", 49032, 55431)],
        "lead": [("Band 7", 55431, 62658)],
        "head-of": [("Band 8", 66930, 78612), ("Band 9", 80214, 93627)],
        "director": [("Band 10", 104862, 122415)],
    },
    "hg": {
        "apprentice": [("Apprentice scale", 24000, 25500)],
        "junior": [("SO1", 37200, 39150)],
        "mid": [("PO1", 41100, 43500), ("PO2", 43500, 45850)],
        "senior": [("PO4", 48100, 50400), ("PO5", 50400, 52700)],
        "lead": [("PO7", 55150, 57500), ("HG1", 58900, 63800)],
        "head-of": [("HG3", 68500, 76200), ("HG4", 77400, 86900)],
        "director": [("HG6", 102000, 115500), ("HG7", 116000, 131500)],
    },
}
# Outer London weighting is smaller than inner London's; apprentices are paid at least the London Living Wage
# everywhere, so their rates do not change.
OUTER_LONDON_DIFFERENCE = 1428

# Service areas a job may be in, weighted by how often councils recruit for them.
SERVICE_AREAS = [
    ("Housing", 3), ("Adult Social Care", 2), ("Children's Services", 2), ("Revenues and Benefits", 1),
    ("Planning", 1), ("Waste and Recycling", 1), ("Public Health", 1), ("Customer Services", 1),
    ("Education", 1), ("Parking", 1),
]  # fmt: skip

# (title, role slug, level slug, weight). "{area}" takes a service area, "{dash}" an en dash.
TITLES = [
    ("Digital Apprentice (Level 3)", "service-desk-analyst", "apprentice", 3),
    ("Data Apprentice (Level 4)", "data-analyst", "apprentice", 2),
    ("Software Development Apprentice", "software-developer", "apprentice", 1),
    ("IT Service Desk Analyst", "service-desk-analyst", "junior", 5),
    ("IT Support Technician", "end-user-computing-engineer", "junior", 3),
    ("Junior Data Analyst", "data-analyst", "junior", 3),
    ("Performance and Insight Officer", "performance-analyst", "junior", 3),
    ("Junior Developer", "software-developer", "junior", 2),
    ("Data Analyst", "data-analyst", "mid", 6),
    ("Data Analyst {dash} {area}", "data-analyst", "mid", 4),
    ("Performance Analyst", "performance-analyst", "mid", 3),
    ("Business Intelligence Developer", "analytics-engineer", "mid", 4),
    ("Data Engineer", "data-engineer", "mid", 4),
    ("Software Developer", "software-developer", "mid", 4),
    ("Frontend Developer", "frontend-developer", "mid", 2),
    ("User Researcher", "user-researcher", "mid", 3),
    ("Content Designer", "content-designer", "mid", 3),
    ("Interaction Designer", "interaction-designer", "mid", 2),
    ("Business Analyst", "business-analyst", "mid", 5),
    ("Delivery Manager", "delivery-manager", "mid", 3),
    ("Cyber Security Analyst", "security-architect", "mid", 3),
    ("Infrastructure Engineer", "infrastructure-engineer", "mid", 3),
    ("Test Analyst", "qat-analyst", "mid", 2),
    ("Change and Release Analyst", "change-and-release-manager", "mid", 1),
    ("Senior Data Analyst", "data-analyst", "senior", 4),
    ("Senior Data Engineer", "data-engineer", "senior", 4),
    ("Data Scientist", "data-scientist", "senior", 3),
    ("Senior Software Developer", "software-developer", "senior", 3),
    ("DevOps Engineer", "devops-engineer", "senior", 3),
    ("Senior User Researcher", "user-researcher", "senior", 2),
    ("Service Designer", "service-designer", "senior", 3),
    ("Senior Content Designer", "content-designer", "senior", 2),
    ("Accessibility Specialist", "accessibility-specialist", "senior", 1),
    ("Product Manager", "product-manager", "senior", 3),
    ("Product Manager {dash} {area}", "product-manager", "senior", 4),
    ("Senior Business Analyst", "business-analyst", "senior", 3),
    ("Senior Delivery Manager", "delivery-manager", "senior", 2),
    ("Solution Architect", "solution-architect", "senior", 3),
    ("Senior Infrastructure Engineer", "infrastructure-engineer", "senior", 2),
    ("Test Manager", "test-manager", "senior", 1),
    ("Incident and Problem Manager", "incident-manager", "senior", 2),
    ("Data Governance Manager", "data-governance-manager", "senior", 2),
    ("Lead Service Designer", "service-designer", "lead", 2),
    ("Lead Data Engineer", "data-engineer", "lead", 2),
    ("Lead Developer", "software-development-manager", "lead", 2),
    ("Lead User Researcher", "user-researcher", "lead", 1),
    ("Senior Product Manager {dash} {area}", "product-manager", "lead", 2),
    ("Enterprise Architect", "enterprise-architect", "lead", 2),
    ("Data Architect", "data-architect", "lead", 1),
    ("Security Architect", "security-architect", "lead", 2),
    ("Technical Architect", "technical-architect", "lead", 1),
    ("IT Service Manager", "it-service-manager", "lead", 2),
    ("Service Owner {dash} {area}", "service-owner", "lead", 2),
    ("Programme and Portfolio Manager", "portfolio-manager", "lead", 1),
    ("Head of Digital Services", "chief-digital-officer", "head-of", 2),
    ("Head of Data and Insight", "chief-data-officer", "head-of", 2),
    ("Head of IT Operations", "it-service-manager", "head-of", 2),
    ("Head of Architecture", "enterprise-architect", "head-of", 1),
    ("Head of Product and Delivery", "portfolio-manager", "head-of", 1),
    ("Director of Digital and Technology", "chief-information-officer", "director", 1),
    ("Chief Data Officer", "chief-data-officer", "director", 1),
]
TITLE_WEIGHTS = [weight for *_, weight in TITLES]

FAMILY_TEXT = {
    "data": (
        "Our data team helps services understand what is happening for residents and plan ahead.",
        ["turn data from our case management systems into clear dashboards and reports",
         "answer questions from service managers and councillors with sound analysis",
         "improve the quality and documentation of the data we hold",
         "build and look after reliable data pipelines into our data platform",
         "share what the numbers show in plain English, with their limits",
         "follow our data protection rules and help others follow them"],
    ),
    "software-development": (
        "Our developers build and run the online services residents use every day.",
        ["build accessible online services that meet the GOV.UK Service Standard",
         "write well-tested code and review the code of others",
         "automate how we build, test and release our services",
         "replace old systems with simpler ones, a piece at a time",
         "keep our services secure, monitored and running",
         "work in the open and share code with other councils"],
    ),
    "user-centred-design": (
        "Our design team makes sure council services work for the people who use them.",
        ["plan and run research with residents, including people with access needs",
         "turn what we learn into designs, prototypes and clear content",
         "test designs with users and improve them",
         "make sure our services meet accessibility standards",
         "help colleagues across the council take part in research",
         "keep our design patterns and style guide up to date"],
    ),
    "product-and-delivery": (
        "Our product and delivery teams decide what to build and deliver it in small, useful steps.",
        ["understand what residents and staff need and set priorities with them",
         "plan and lead the work of a multidisciplinary team",
         "manage risks, dependencies and budgets, and report progress honestly",
         "measure whether a service is working and act on what you find",
         "map business processes and write clear requirements",
         "work with suppliers to get value for money"],
    ),
    "architecture": (
        "Our architects make sure our systems, data and technology fit together and last.",
        ["set out how new systems should fit with what we already have",
         "review designs for security, cost and ease of change",
         "keep a clear picture of our applications, data and integrations",
         "advise on buying and building technology",
         "help teams choose open standards and cloud services",
         "lead the move away from systems that are no longer supported"],
    ),
    "it-operations": (
        "Our IT team keeps staff connected and the council's systems working.",
        ["answer and resolve requests from staff by phone, chat and in person",
         "set up and support laptops, phones and accounts",
         "look after our networks, cloud services and Microsoft 365",
         "manage incidents and changes so that services stay available",
         "keep our devices and systems patched and secure",
         "write clear guides so staff can help themselves"],
    ),
    "quality-assurance-testing-qat": (
        "Our testers make sure the services we build and buy work, are secure and are accessible.",
        ["plan and run manual and automated tests",
         "test services with assistive technologies",
         "find, record and follow up defects with developers and suppliers",
         "improve how we test across teams",
         "check that changes are safe to release",
         "report on quality in plain English"],
    ),
    "chief-digital-and-data": (
        "Our digital, data and technology function serves every part of the council.",
        ["set the direction for digital, data and technology across the council",
         "lead a large team and its managers, and grow their skills",
         "manage a significant budget and our main suppliers",
         "work with councillors and directors on the council's priorities",
         "make sure we use data and technology safely and lawfully",
         "work with other London councils through LOTI"],
    ),
}  # fmt: skip

LEVEL_TEXT = {
    "apprentice": "You will learn on the job with a mentor and study towards a recognised apprenticeship.",
    "junior": "You will work with support from experienced colleagues and build your skills.",
    "mid": "You will work independently on your team's everyday work and help others learn.",
    "senior": "You will lead the work of your discipline in a team and coach others.",
    "lead": "You will lead your discipline across several teams and set how we work.",
    "head-of": "You will head a function for the council and its managers will report to you.",
    "director": "You will join the council's senior leadership and report to the chief executive's team.",
}
BRING = [
    "experience of the work described above, or the drive to learn it",
    "a clear way of explaining complex things to people who are not specialists",
    "care for residents and the difference good services make to them",
    "the ability to plan your own work and meet deadlines",
    "a commitment to equality, diversity and inclusion",
]
WORKPLACE_TEXT = {
    Job.Workplace.HYBRID: "This is a hybrid role: you will usually work from {office} two days a week.",
    Job.Workplace.ON_SITE: "This role is based at {office}.",
    Job.Workplace.REMOTE: "This role is mostly remote, with occasional team days at {office}.",
}
REJECTION_REASONS = [
    "Please add the salary range for the grade and say whether it includes London weighting.",
    "The apply link goes to a page for a different job. Please check it and submit again.",
    "Please shorten the summary to two or three sentences about the role.",
]


def _weighted(rng: random.Random, options: list[tuple]):
    values, weights = zip(*options, strict=True)
    return rng.choices(values, weights=weights)[0]


def _lower(phrase: str) -> str:
    """Lower-case ordinary words, keeping acronyms and names like DevOps as they are."""
    return " ".join(word.lower() if word[1:].islower() else word for word in phrase.split())


def _with_article(phrase: str) -> str:
    vowel_sound = phrase[:1].lower() in "aeio" or (phrase.startswith("u") and not phrase.startswith("us"))
    return f"{'an' if vowel_sound else 'a'} {phrase}"


def _london(day, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=LONDON)


def _description(*, rng, org, role, level_slug, area, workplace, office) -> str:
    intro, duties = FAMILY_TEXT[role.family.slug]
    chosen = rng.sample(duties, 4)
    where = WORKPLACE_TEXT[workplace].format(office=office)
    team = f"our {area} team" if area else "our digital, data and technology service"
    return (
        f"<h2>About the role</h2><p>{intro} As {_with_article(_lower(role.name))} in {team} at "
        f"{org.display_name}, you will help residents get the services they need.</p>"
        f"<p>{LEVEL_TEXT[level_slug]}</p>"
        "<h2>What you will do</h2><p>You will:</p><ul>"
        + "".join(f"<li>{duty}</li>" for duty in chosen)
        + "</ul>"
        "<h2>What you will bring</h2><p>We are looking for:</p><ul>"
        + "".join(f"<li>{item}</li>" for item in rng.sample(BRING, 3))
        + "</ul><h2>What we offer</h2>"
        f"<p>{where} You will get 27 days' annual leave rising with service, the Local Government "
        "Pension Scheme, flexible working and paid time for learning.</p>"
        "<p>We welcome applications from everyone and guarantee an interview to disabled candidates "
        "who meet the essential criteria.</p>"
    )


def _dates(rng: random.Random, status: str, now: datetime) -> dict:
    """Closing and workflow times that fit the status, relative to `now`."""
    today = timezone.localtime(now, LONDON).date()
    closing_time = time(23, 55) if rng.random() < 0.8 else time(12, 0)
    if status == Job.Status.EXPIRED:
        published_at = now - timedelta(days=rng.randint(21, 55), minutes=rng.randint(0, 600))
        published_day = timezone.localtime(published_at, LONDON).date()
        closes_at = _london(published_day + timedelta(days=rng.randint(14, 20)), closing_time)
        return {
            "published_at": published_at,
            "closes_at": closes_at,
            "ended_at": closes_at + timedelta(minutes=rng.randint(1, 59)),
        }
    dates = {"closes_at": _london(today + timedelta(days=rng.randint(1, 42)), closing_time)}
    if status == Job.Status.PUBLISHED:
        dates["published_at"] = now - timedelta(days=rng.randint(0, 55), minutes=rng.randint(0, 1439))
    elif status == Job.Status.CLOSED:
        age = rng.randint(3, 55)
        dates["published_at"] = now - timedelta(days=age, minutes=rng.randint(0, 600))
        dates["ended_at"] = dates["published_at"] + timedelta(
            days=rng.randint(1, age - 1), minutes=rng.randint(0, 600)
        )
    elif status in (Job.Status.SUBMITTED, Job.Status.REJECTED):
        dates["submitted_at"] = now - timedelta(days=rng.randint(1, 6), minutes=rng.randint(0, 1439))
    return dates


class _Catalogue:
    """The database rows a demo job refers to, loaded once per run."""

    def __init__(self):
        organisations = {org.slug: org for org in Organisation.objects.boroughs()}
        self.boroughs = [organisations[slug] for slug in BOROUGHS]
        self.roles = {role.slug: role for role in Role.objects.select_related("family")}
        self.levels = {level.slug: level for level in Level.objects.all()}
        self.posters = self._demo_posters()
        self.demo_boroughs = [org for org in self.boroughs if org.pk in self.posters] or self.boroughs[:1]

    @staticmethod
    def _demo_posters() -> dict[int, User]:
        """Each organisation's demo staff member (the plain staff member before the borough lead)."""
        emails = [email for email, _name, _lead in DEMO_STAFF]
        memberships = Membership.objects.filter(user__email__in=emails).select_related("user")
        posters: dict[int, User] = {}
        for membership in sorted(memberships, key=lambda m: m.role != Membership.Role.STAFF):
            posters.setdefault(membership.organisation_id, membership.user)
        return posters


def build_job(number: int, *, catalogue: _Catalogue, now: datetime) -> Job:
    """Demo job `number`, the same every time apart from its dates, ready to save."""
    rng = random.Random(number)
    roll = rng.random()
    if roll < 0.80:
        status = Job.Status.PUBLISHED
    elif roll < 0.88:
        status = Job.Status.EXPIRED
    elif roll < 0.94:
        status = Job.Status.CLOSED
    else:
        status = _weighted(rng, [(Job.Status.DRAFT, 2), (Job.Status.SUBMITTED, 2), (Job.Status.REJECTED, 1)])
    if status in Job.EDITABLE or status == Job.Status.SUBMITTED:
        org = rng.choice(catalogue.demo_boroughs)
    else:
        org = catalogue.boroughs[number % len(catalogue.boroughs)]
    office, scheme = BOROUGHS[org.slug]
    title, role_slug, level_slug, _weight = rng.choices(TITLES, weights=TITLE_WEIGHTS)[0]
    area = _weighted(rng, SERVICE_AREAS) if "{area}" in title or rng.random() < 0.3 else ""
    title = title.format(area=area, dash=EN_DASH)
    role, level = catalogue.roles[role_slug], catalogue.levels[level_slug]
    grade, salary_min, salary_max = rng.choice(PAY[scheme][level_slug])
    if org.area == Organisation.Area.OUTER and level_slug != "apprentice":
        salary_min, salary_max = salary_min - OUTER_LONDON_DIFFERENCE, salary_max - OUTER_LONDON_DIFFERENCE

    if level_slug == "apprentice":
        contract = Job.ContractType.APPRENTICESHIP
    else:
        contract = _weighted(
            rng,
            [(Job.ContractType.PERMANENT, 72), (Job.ContractType.FIXED_TERM, 16),
             (Job.ContractType.SECONDMENT, 5), (Job.ContractType.INTERIM, 7)],
        )  # fmt: skip
    pattern = _weighted(
        rng,
        [
            (Job.WorkingPattern.FULL_TIME, 86),
            (Job.WorkingPattern.PART_TIME, 8),
            (Job.WorkingPattern.JOB_SHARE, 6),
        ],
    )
    hours = (
        rng.choice(["18.5", "21"]) if pattern == Job.WorkingPattern.PART_TIME else rng.choice(["35", "36"])
    )
    workplace = _weighted(
        rng, [(Job.Workplace.HYBRID, 76), (Job.Workplace.ON_SITE, 16), (Job.Workplace.REMOTE, 8)]
    )
    reference = demo_reference(number)
    domain = org.website.removeprefix("https://www.")
    about = f"our {area} team" if area else org.display_name
    summary = (
        f"Join {about} as {_with_article(_lower(title.split(f' {EN_DASH} ')[0]))} and help "
        f"{'residents' if rng.random() < 0.6 else 'the people who use our services'} "
        f"get the help they need. {LEVEL_TEXT[level_slug]}"
    )
    job = Job(
        organisation=org,
        created_by=catalogue.posters.get(org.pk),
        title=title,
        reference=reference,
        summary=summary,
        description=clean_html(
            _description(
                rng=rng,
                org=org,
                role=role,
                level_slug=level_slug,
                area=area,
                workplace=workplace,
                office=office,
            )
        ),
        role=role,
        level=level,
        grade_label=grade,
        salary_min=salary_min,
        salary_max=salary_max,
        london_weighting_included=True,
        contract_type=contract,
        working_pattern=pattern,
        workplace=workplace,
        location=office,
        hours_per_week=Decimal(hours),
        apply_url=f"https://jobs.{domain}/vacancies/{reference.lower()}",
        status=status,
        rejection_reason=rng.choice(REJECTION_REASONS) if status == Job.Status.REJECTED else "",
        view_count=rng.randint(0, 400) if status not in (Job.Status.DRAFT, Job.Status.SUBMITTED) else 0,
        **_dates(rng, status, now),
    )
    job.apply_count = job.view_count // rng.randint(4, 12)
    job.search_document = _search_document(job)
    return job


def seed(*, stdout, options):
    """Make the number of demo jobs asked for: add missing ones by reference, remove those numbered above."""
    seed_alerts(stdout=stdout, options=options)
    count = options.get("jobs")
    count = DEFAULT_COUNT if count is None else count
    demo_jobs = Job.objects.filter(reference__startswith=PREFIX)
    _, deleted = demo_jobs.filter(reference__gt=demo_reference(count)).delete()
    removed = deleted.get(Job._meta.label, 0)
    existing = set(demo_jobs.values_list("reference", flat=True))
    missing = [n for n in range(1, count + 1) if demo_reference(n) not in existing]
    if not missing:
        stdout.write(f"Demo jobs: {count} in place" + (f", {removed} removed." if removed else "."))
        return
    catalogue = _Catalogue()
    now = timezone.now()
    for start in range(0, len(missing), BATCH_SIZE):
        batch = [build_job(n, catalogue=catalogue, now=now) for n in missing[start : start + BATCH_SIZE]]
        with transaction.atomic():
            Job.objects.bulk_create(batch, batch_size=BATCH_SIZE)
        if len(missing) > 10 * BATCH_SIZE and (start // BATCH_SIZE) % 10 == 9:
            stdout.write(f"  {start + len(batch):,} of {len(missing):,} demo jobs created")
    stdout.write(
        f"Demo jobs: {len(missing)} created, {count} in place" + (f", {removed} removed." if removed else ".")
    )
