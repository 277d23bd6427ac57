"""The weekly run's matching: every due alert against the week's new jobs in one pass, set-based.

Each due alert gets the open jobs published in its window (after its last digest, or the 7 days before
the run for a first one, and never more than 28 days back) that its filters select, exactly as the jobs
list would select them. Alerts are grouped: first by their distinct filters (filter_key), then by window
start, so 100,000 alerts with a few thousand distinct searches cost a few thousand matches, not 100,000.

The filters' choice lists are expanded into "terms" (one per combination of chosen values, a missing
filter meaning any value), so that a job matches an alert when one of the alert's terms agrees with the
job on every value the term names. Terms are grouped by which dimensions they name (at most 64
patterns); a job is keyed once per pattern, and terms meet jobs in one hash join, so the work grows with
the matches found rather than with alerts times jobs. Salary, closing date and the search words are then
checked on the matched pairs (the search words once per distinct search, with the jobs' full text).

On Postgres that join, the checks and the newest-50 cut are one SQL statement. Elsewhere (SQLite) the
same algorithm runs in Python over the same rows; a test holds the two to the same answer.

An alert whose stored filter no longer exists (a borough or role family removed) is skipped with the
reason: it is never matched with the missing value dropped, which would send jobs it did not ask for.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Min

from ..models import AlertSubscription, Job
from ..search import search_jobs
from .filters import FilterSpec, Lookups, UnreadableFilter, missing_values, spec_of

logger = logging.getLogger(__name__)

MAX_JOBS = 50
FIRST_WINDOW = timedelta(days=7)
MAX_LOOKBACK = timedelta(days=28)
DIMENSIONS = ("organisation", "family", "level", "contract_type", "working_pattern", "workplace")


@dataclass(frozen=True)
class Term:
    filter_no: int
    # One value per dimension (organisation, family, level ids; then the three choice values), None = any.
    values: tuple

    @property
    def pattern(self) -> int:
        return sum(1 << bit for bit, value in enumerate(self.values) if value is not None)


@dataclass
class GroupMatch:
    job_ids: list[int]
    total: int


@dataclass
class MatchResult:
    """What the run needs: which alerts get which jobs, which are skipped and why, and counts."""

    run_at: datetime
    # (subscription id, group number) for every due alert whose filters could be used.
    due: list[tuple[int, int]] = field(default_factory=list)
    # subscription id -> why it was skipped.
    skipped: dict[int, str] = field(default_factory=dict)
    # group number -> the newest jobs and how many matched, for groups with at least one job.
    matches: dict[int, GroupMatch] = field(default_factory=dict)
    new_job_count: int = 0
    filter_count: int = 0
    group_count: int = 0
    seconds: float = 0.0
    engine: str = ""

    def deliveries(self):
        """(subscription id, GroupMatch) for each due alert with something to send."""
        for subscription_id, group_no in self.due:
            match = self.matches.get(group_no)
            if match is not None:
                yield subscription_id, match


def window_start(last_digest_at: datetime | None, run_at: datetime) -> datetime:
    start = last_digest_at if last_digest_at is not None else run_at - FIRST_WINDOW
    return max(start, run_at - MAX_LOOKBACK)


def due_subscriptions(run_at: datetime):
    """Active alerts confirmed by the run's time whose window the run has not covered yet."""
    return (
        AlertSubscription.objects.filter(status=AlertSubscription.Status.ACTIVE, confirmed_at__lte=run_at)
        .exclude(email="")
        .exclude(last_digest_at__gte=run_at)
    )


@dataclass
class _Prepared:
    specs: list[FilterSpec]
    terms: list[Term]
    groups: list[tuple[int, datetime]]  # group number -> (filter number, window start)


def match_subscriptions(*, run_at: datetime, now: datetime, engine: str | None = None) -> MatchResult:
    """Match every due alert with the new jobs of its window, open at `now`. Reads only; writes nothing."""
    started = time.monotonic()
    result = MatchResult(run_at=run_at)
    due = list(due_subscriptions(run_at).values_list("id", "filter_key", "last_digest_at"))
    if not due:
        result.seconds = time.monotonic() - started
        return result
    representatives = (
        due_subscriptions(run_at)
        .values("filter_key")
        .annotate(first=Min("id"))
        .values_list("first", flat=True)
    )
    queries = dict(
        AlertSubscription.objects.filter(pk__in=representatives).values_list("filter_key", "query")
    )

    lookups = Lookups.load()
    filter_numbers: dict[str, int] = {}
    broken: dict[str, str] = {}
    specs: list[FilterSpec] = []
    terms: list[Term] = []
    for key, query in queries.items():
        try:
            spec = spec_of(query)
        except UnreadableFilter as error:
            broken[key] = f"its filters could not be read ({error})"
            continue
        missing = missing_values(spec, lookups)
        if missing:
            broken[key] = "its filters name a " + ", a ".join(missing) + " that no longer exists"
            continue
        filter_numbers[key] = len(specs)
        terms += _terms(len(specs), spec, lookups)
        specs.append(spec)

    groups: dict[tuple[int, datetime], int] = {}
    for subscription_id, key, last_digest_at in due:
        if key in broken:
            result.skipped[subscription_id] = broken[key]
            continue
        group = (filter_numbers[key], window_start(last_digest_at, run_at))
        group_no = groups.setdefault(group, len(groups))
        result.due.append((subscription_id, group_no))
    for key, reason in broken.items():
        logger.warning("job alerts: skipping alerts with filters %s: %s", key[:12], reason)

    prepared = _Prepared(specs=specs, terms=terms, groups=list(groups))
    result.filter_count, result.group_count = len(specs), len(groups)
    if groups:
        engine = engine or ("sql" if connection.vendor == "postgresql" else "python")
        match = _match_sql if engine == "sql" else _match_python
        result.matches, result.new_job_count = match(prepared, run_at=run_at, now=now)
        result.engine = engine
    result.seconds = time.monotonic() - started
    return result


def _terms(filter_no: int, spec: FilterSpec, lookups: Lookups) -> list[Term]:
    """One term per combination of the chosen values; a dimension without a filter is None (any)."""
    dimensions = [
        [lookups.organisations[slug] for slug in spec.organisations],
        [lookups.role_families[slug] for slug in spec.role_families],
        [lookups.levels[slug] for slug in spec.levels],
        list(spec.contract_types),
        list(spec.working_patterns),
        list(spec.workplaces),
    ]
    combinations: list[tuple] = [()]
    for values in dimensions:
        options = values or [None]
        combinations = [(*combination, value) for combination in combinations for value in options]
    return [Term(filter_no, values) for values in combinations]


def _window_jobs(prepared: _Prepared, *, run_at: datetime, now: datetime):
    """The jobs any group's window can hold: published in it and still open, as the list shows them."""
    earliest = min(since for _, since in prepared.groups)
    return Job.objects.published().filter(
        published_at__isnull=False, published_at__gt=earliest, published_at__lte=run_at, closes_at__gt=now
    )


def _newest(rows: list[tuple[datetime, int]]) -> GroupMatch:
    rows.sort(reverse=True)
    return GroupMatch(job_ids=[job_id for _, job_id in rows[:MAX_JOBS]], total=len(rows))


def _match_python(
    prepared: _Prepared, *, run_at: datetime, now: datetime
) -> tuple[dict[int, GroupMatch], int]:
    window = _window_jobs(prepared, run_at=run_at, now=now)
    jobs = list(
        window.values_list(
            "id", "organisation_id", "role__family_id", "level_id", "contract_type", "working_pattern",
            "workplace", "salary_max", "closes_at", "published_at",
        )
    )  # fmt: skip
    searches = {spec.q for spec in prepared.specs if spec.q}
    found = {q: set(search_jobs(window, q).values_list("pk", flat=True)) for q in searches}

    index: dict[int, dict[tuple, list[int]]] = defaultdict(lambda: defaultdict(list))
    for term in prepared.terms:
        index[term.pattern][term.values].append(term.filter_no)

    matched: dict[int, list[tuple[datetime, int]]] = defaultdict(list)
    for job_id, *values, salary_max, closes_at, published_at in jobs:
        for pattern, keyed in index.items():
            key = tuple(value if pattern & (1 << bit) else None for bit, value in enumerate(values))
            for filter_no in keyed.get(key, ()):
                spec = prepared.specs[filter_no]
                if spec.min_salary is not None and salary_max < spec.min_salary:
                    continue
                if spec.closing_days is not None and closes_at > now + timedelta(days=spec.closing_days):
                    continue
                if spec.q and job_id not in found[spec.q]:
                    continue
                matched[filter_no].append((published_at, job_id))

    matches = {}
    for group_no, (filter_no, since) in enumerate(prepared.groups):
        rows = [row for row in matched.get(filter_no, ()) if row[0] > since]
        if rows:
            matches[group_no] = _newest(rows)
    return matches, len(jobs)


# The SQL path works in temporary tables, analysed before the final join, so that the planner knows
# their sizes: estimated from the jobs table's statistics alone, "the week's new jobs" can look like one
# row, and a plan built on that joins every job with every term one by one. Terms meet jobs on
# (pattern, six values): a job is keyed once per pattern in use, with 0 or '' for the dimensions the
# pattern leaves open, so the join is a plain equi-join that Postgres hashes.
TEMP_TABLES = (
    "alert_new_jobs",
    "alert_terms",
    "alert_filters",
    "alert_groups",
    "alert_job_keys",
    "alert_searched",
)
PREPARE_SQL = [
    """
    CREATE TEMP TABLE alert_new_jobs ON COMMIT DROP AS
    SELECT j.id, j.organisation_id, r.family_id, j.level_id, j.contract_type::text, j.working_pattern::text,
           j.workplace::text, j.salary_max, j.closes_at, j.published_at,
           row_number() OVER (ORDER BY j.published_at DESC, j.id DESC)::int AS position
    FROM jobs_job j JOIN capability_role r ON r.id = j.role_id
    WHERE j.status = %(published)s AND j.published_at IS NOT NULL
      AND j.published_at > %(earliest)s AND j.published_at <= %(run_at)s AND j.closes_at > %(now)s
    """,
    """
    CREATE TEMP TABLE alert_terms ON COMMIT DROP AS
    SELECT * FROM unnest(%(t_filter)s::int[], %(t_pattern)s::int[], %(t_o)s::bigint[], %(t_f)s::bigint[],
                         %(t_l)s::bigint[], %(t_c)s::text[], %(t_w)s::text[], %(t_k)s::text[])
         AS t(filter_no, pattern, o, f, l, c, w, k)
    """,
    """
    CREATE TEMP TABLE alert_filters ON COMMIT DROP AS
    SELECT * FROM unnest(%(f_no)s::int[], %(f_q)s::text[], %(f_min)s::int[], %(f_days)s::int[])
         AS f(filter_no, q, min_salary, closing_days)
    """,
    """
    CREATE TEMP TABLE alert_groups ON COMMIT DROP AS
    SELECT * FROM unnest(%(g_no)s::int[], %(g_filter)s::int[], %(g_since)s::timestamptz[])
         AS g(group_no, filter_no, since)
    """,
    """
    CREATE TEMP TABLE alert_job_keys ON COMMIT DROP AS
    SELECT n.id, n.position, n.published_at, n.salary_max, n.closes_at, p.pattern,
           CASE WHEN p.pattern & 1 > 0 THEN n.organisation_id ELSE 0 END AS o,
           CASE WHEN p.pattern & 2 > 0 THEN n.family_id ELSE 0 END AS f,
           CASE WHEN p.pattern & 4 > 0 THEN n.level_id ELSE 0 END AS l,
           CASE WHEN p.pattern & 8 > 0 THEN n.contract_type ELSE '' END AS c,
           CASE WHEN p.pattern & 16 > 0 THEN n.working_pattern ELSE '' END AS w,
           CASE WHEN p.pattern & 32 > 0 THEN n.workplace ELSE '' END AS k
    FROM alert_new_jobs n CROSS JOIN (SELECT DISTINCT pattern FROM alert_terms) p
    """,
    "ANALYZE alert_new_jobs, alert_terms, alert_filters, alert_groups, alert_job_keys",
    """
    CREATE TEMP TABLE alert_searched ON COMMIT DROP AS
    SELECT s.q, j.id
    FROM (SELECT DISTINCT q FROM alert_filters WHERE q IS NOT NULL) s
    JOIN jobs_job j ON j.search_vector @@ websearch_to_tsquery('english', s.q)
    JOIN alert_new_jobs n ON n.id = j.id
    """,
    "ANALYZE alert_searched",
]
MATCH_SQL = """
WITH matched AS (
    SELECT t.filter_no, k.id, k.position, k.published_at
    FROM alert_terms t
    JOIN alert_job_keys k USING (pattern, o, f, l, c, w, k)
    JOIN alert_filters f ON f.filter_no = t.filter_no
    LEFT JOIN alert_searched s ON s.q = f.q AND s.id = k.id
    WHERE (f.min_salary IS NULL OR k.salary_max >= f.min_salary)
      AND (f.closing_days IS NULL OR k.closes_at <= %(now)s + make_interval(days => f.closing_days))
      AND (f.q IS NULL OR s.id IS NOT NULL)
)
-- "position" ranks the new jobs newest first (published_at, then id, descending), so the newest 50 of
-- each group are its 50 lowest positions.
SELECT g.group_no, count(*), (array_agg(m.id ORDER BY m.position))[1:%(limit)s]
FROM alert_groups g JOIN matched m ON m.filter_no = g.filter_no AND m.published_at > g.since
GROUP BY g.group_no
"""


def _match_sql(prepared: _Prepared, *, run_at: datetime, now: datetime) -> tuple[dict[int, GroupMatch], int]:
    def column(index: int, empty):
        return [empty if term.values[index] is None else term.values[index] for term in prepared.terms]

    params = {
        "published": Job.Status.PUBLISHED,
        "earliest": min(since for _, since in prepared.groups),
        "run_at": run_at,
        "now": now,
        "limit": MAX_JOBS,
        "t_filter": [term.filter_no for term in prepared.terms],
        "t_pattern": [term.pattern for term in prepared.terms],
        "t_o": column(0, 0),
        "t_f": column(1, 0),
        "t_l": column(2, 0),
        "t_c": column(3, ""),
        "t_w": column(4, ""),
        "t_k": column(5, ""),
        "f_no": list(range(len(prepared.specs))),
        "f_q": [spec.q or None for spec in prepared.specs],
        "f_min": [spec.min_salary for spec in prepared.specs],
        "f_days": [spec.closing_days for spec in prepared.specs],
        "g_no": list(range(len(prepared.groups))),
        "g_filter": [filter_no for filter_no, _ in prepared.groups],
        "g_since": [since for _, since in prepared.groups],
    }
    drop = "DROP TABLE IF EXISTS " + ", ".join(f"pg_temp.{table}" for table in TEMP_TABLES)
    with transaction.atomic(), connection.cursor() as cursor:
        # The sorts and hashes of a large run fit in memory rather than spill to disk.
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute(drop)
        for statement in PREPARE_SQL:
            cursor.execute(statement, params)
        cursor.execute("SELECT count(*) FROM alert_new_jobs")
        new_jobs = cursor.fetchone()[0]
        cursor.execute(MATCH_SQL, params)
        rows = cursor.fetchall()
        cursor.execute(drop)
    matches = {group_no: GroupMatch(job_ids=list(ids), total=total) for group_no, total, ids in rows}
    return matches, new_jobs
