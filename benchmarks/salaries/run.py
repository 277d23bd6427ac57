"""Salary benchmarks under load: 50,000 JDs and 100,000 jobs in Postgres, production settings under
gunicorn, on loopback.

    .venv/bin/python benchmarks/salaries/run.py [--help]

Creates the database if it is missing (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/loti_bench_salaries), migrates, seeds the records with bulk_create
(only what is missing: the records are numbered), runs VACUUM ANALYZE, times the cold computation
(empty cache) in this process, then starts gunicorn on 127.0.0.1 and measures each page with a bounded
load (a fixed number of connections for a fixed time, capped in requests). Prints a table and writes it
to benchmarks/salaries/results/<date>.md. See benchmarks/salaries/README.md.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The jobs benchmark's load clients (wrk, or an asyncio client; loopback only, bounded in time and count).
from benchmarks import common  # noqa: E402
from benchmarks.jobs import cpu, load  # noqa: E402
from benchmarks.server import get, gunicorn  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/loti_bench_salaries"
RESULTS = Path(__file__).resolve().parent / "results"
P95_TARGET_MS = 100.0
JOB_PREFIX = "SALBENCH-"
JD_PREFIX = "salbench-"
BATCH = 2_000

LEVEL_WEIGHTS = {
    "apprentice": 3,
    "junior": 12,
    "mid": 30,
    "senior": 28,
    "lead": 15,
    "head-of": 8,
    "director": 4,
}
# Of the advertised jobs: most have closed or expired by now; a few drafts and rejections never count.
JOB_STATUSES = {
    "published": 12, "closed": 45, "expired": 28, "archived": 10, "draft": 3, "submitted": 1, "rejected": 1,
}  # fmt: skip


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--jobs", type=int, default=100_000, help="jobs in the database (100,000)")
    parser.add_argument("--jds", type=int, default=50_000, help="job descriptions in the database (50,000)")
    parser.add_argument(
        "--reseed", action="store_true", help="delete the benchmark's records and seed afresh"
    )
    parser.add_argument("--port", type=int, default=8766, help="gunicorn's port on 127.0.0.1 (8766)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (2, one a core)")
    parser.add_argument("--connections", type=int, default=4, help="concurrent connections (4)")
    parser.add_argument("--seconds", type=float, default=20, help="measured seconds per scenario (20)")
    parser.add_argument("--warmup", type=float, default=3, help="unmeasured seconds before each scenario (3)")
    parser.add_argument(
        "--expiry-seconds",
        type=float,
        default=150,
        help="seconds of the last scenario, which outlasts the cache's lifetime so that the tables are "
        "recomputed during it (150; 0 to skip it)",
    )
    parser.add_argument("--max-requests", type=int, default=50_000, help="request cap per scenario")
    parser.add_argument("--client", choices=["wrk", "python"], default=load.default_client())
    parser.add_argument("--no-write", action="store_true", help="print only; write no results file")
    return parser.parse_args()


@dataclass
class Scenario:
    name: str
    path: str
    result: load.Result | None = None
    # CPU milliseconds per request spent by gunicorn's workers and by the Postgres backends serving them.
    server_ms: float = 0.0
    database_ms: float = 0.0


def server_environment(url: str, static_root: str) -> dict[str, str]:
    """Production settings (with the jobs benchmark's minimal view added), plain http on loopback, a
    throwaway secret key, static files collected into a folder of the benchmark's own, quiet logs."""
    return {
        "DJANGO_SETTINGS_MODULE": "benchmarks.jobs.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": url,
        "BENCH_STATIC_ROOT": static_root,
    }


def measure(args, base: str, server_pid: int, scenarios: list[Scenario], *, seconds: float) -> None:
    """Each scenario in turn: one checked request, `args.warmup` seconds unmeasured, then `seconds`."""
    for scenario in scenarios:
        url = urljoin(base, scenario.path)
        if (status := get(url)[0]) != 200:
            raise RuntimeError(f"{scenario.name}: {url} answered {status}")
        load.run(
            url, client=args.client, connections=args.connections, seconds=args.warmup, max_requests=10**9
        )
        workers, backends = cpu.children(server_pid), cpu.database_backends(os.environ["DATABASE_URL"])
        server_before, database_before = (
            sum(map(cpu.process_seconds, workers)),
            sum(map(cpu.process_seconds, backends)),
        )
        result = scenario.result = load.run(
            url,
            client=args.client,
            connections=args.connections,
            seconds=seconds,
            max_requests=args.max_requests,
        )
        if result.requests:
            scenario.server_ms = (
                (sum(map(cpu.process_seconds, workers)) - server_before) * 1000 / result.requests
            )
            # Backends that closed meanwhile take their CPU time with them: never below zero.
            scenario.database_ms = max(
                0.0, (sum(map(cpu.process_seconds, backends)) - database_before) * 1000 / result.requests
            )
        print(
            f"  {scenario.name:<48} {result.requests:>7,} requests  {result.per_second:>7.1f}/s  "
            f"p50 {result.p50:6.1f} ms  p95 {result.p95:6.1f} ms  p99 {result.p99:6.1f} ms"
            + (f"  {result.errors} errors" if result.errors else "")
        )


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class Seeder:
    """Records spread as London's councils advertise: each borough on its own pay scheme (from the jobs
    demo), more mid and senior posts than anything else, outer London paid a little less, a share of
    salaries quoted without London weighting, and years from 2018 (JDs) and 2022 (jobs) to 2026."""

    def __init__(self, seed: int = 2026):
        from accounts.models import Organisation
        from capability.models import Level, Role
        from jobs.demo import BOROUGHS, PAY

        self.rng = random.Random(seed)
        self.organisations = list(Organisation.objects.filter(area__in=["inner", "outer"]).order_by("slug"))
        self.organisation_weights = [self.rng.uniform(0.4, 2.0) for _ in self.organisations]
        self.roles = list(Role.objects.order_by("slug"))
        self.role_weights = [self.rng.uniform(0.2, 3.0) for _ in self.roles]
        self.levels = {level.slug: level for level in Level.objects.all()}
        self.boroughs, self.pay = BOROUGHS, PAY

    def record(self) -> dict:
        from jobs.demo import OUTER_LONDON_DIFFERENCE

        rng = self.rng
        organisation = rng.choices(self.organisations, weights=self.organisation_weights)[0]
        role = rng.choices(self.roles, weights=self.role_weights)[0]
        level = _weighted(rng, LEVEL_WEIGHTS)
        scheme = self.boroughs.get(organisation.slug, ("", "grade"))[1]
        grade, low, high = rng.choice(self.pay[scheme][level])
        if organisation.area == "outer" and level != "apprentice":
            low, high = low - OUTER_LONDON_DIFFERENCE, high - OUTER_LONDON_DIFFERENCE
        weighted = rng.random() < 0.85
        if not weighted:
            low, high = low - 3_500, high - 3_500
        if rng.random() < 0.2:  # a market supplement or a spot salary
            step = rng.choice([-2_000, -1_000, 1_000, 2_000, 4_000])
            low, high = low + step, high + step
        return {
            "organisation": organisation,
            "role": role,
            "level": self.levels[level],
            "grade_label": grade,
            "salary_min": low,
            "salary_max": high,
            "london_weighting_included": weighted,
        }

    def jobs(self, numbers: range) -> list:
        from jobs.models import Job

        rows = []
        for number in numbers:
            fields = self.record()
            status = _weighted(self.rng, JOB_STATUSES)
            year = self.rng.choice([2022, 2023, 2024, 2025, 2025, 2026, 2026])
            published = datetime(year, 1, 1, 9, tzinfo=UTC) + timedelta(days=self.rng.randrange(0, 330))
            rows.append(
                Job(
                    **fields,
                    title=fields["role"].name,
                    reference=f"{JOB_PREFIX}{number:06d}",
                    summary="A benchmark record.",
                    description="<p>A benchmark record.</p>",
                    contract_type="permanent",
                    working_pattern="full_time",
                    workplace="hybrid",
                    location=fields["organisation"].name,
                    hours_per_week=36,
                    closes_at=published + timedelta(days=21),
                    apply_url=f"https://jobs.example.gov.uk/{number}",
                    status=status,
                    published_at=None if status in ("draft", "submitted") else published,
                )
            )
        return rows

    def jds(self, numbers: range) -> list:
        from jd_library.models import JobDescription

        rows = []
        for number in numbers:
            fields = self.record()
            published = self.rng.random() < 0.92
            rows.append(
                JobDescription(
                    **fields,
                    title=fields["role"].name,
                    hours_per_week=36,
                    contract_type="permanent",
                    purpose="<p>A benchmark record.</p>",
                    year_advertised=self.rng.randint(2018, 2026),
                    original_filename=f"{JD_PREFIX}{number:06d}.docx",
                    status="published" if published else "archived",
                    published_at=datetime(2026, 1, 5, tzinfo=UTC) if published else None,
                )
            )
        return rows


def seed(args) -> None:
    from django.db import transaction

    from jd_library.models import JobDescription
    from jobs.models import Job

    jobs = Job.objects.filter(reference__startswith=JOB_PREFIX)
    jds = JobDescription.objects.filter(original_filename__startswith=JD_PREFIX)
    if args.reseed:
        print(f"Deleted {jobs.delete()[0]:,} jobs and {jds.delete()[0]:,} JDs")
    seeder = Seeder()
    started = time.perf_counter()
    for kind, queryset, wanted, make, model in (
        ("jobs", jobs, args.jobs, seeder.jobs, Job),
        ("JDs", jds, args.jds, seeder.jds, JobDescription),
    ):
        have = queryset.count()
        for first in range(have + 1, wanted + 1, BATCH):
            with transaction.atomic():
                model.objects.bulk_create(make(range(first, min(first + BATCH, wanted + 1))))
        print(f"{kind}: {queryset.count():,} in place ({time.perf_counter() - started:.0f} s)")


def cold_timings() -> dict[str, float]:
    """Milliseconds for each table with an empty cache, in this process (the work a cache miss costs)."""
    from django.core.cache import cache

    from capability.models import RoleFamily
    from salaries.disclosure import read_plans
    from salaries.records import View
    from salaries.selectors import published_table

    data = RoleFamily.objects.get(slug="data").pk
    timings = {}
    for name, work in (
        ("disclosure plans (2 queries)", read_plans),
        ("family table, default filters", lambda: published_table(View(), grouping="family")),
        (
            "drill-down levels, family=data",
            lambda: published_table(View(), grouping="family", family_id=data),
        ),
        ("drill-down roles, family=data", lambda: published_table(View(), grouping="role", family_id=data)),
    ):
        best = float("inf")
        for _ in range(3):
            cache.clear()
            started = time.perf_counter()
            work()
            best = min(best, (time.perf_counter() - started) * 1000)
        timings[name] = best
    cache.clear()
    return timings


def prepare(args) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from jd_library.models import JobDescription
    from jobs.models import Job
    from salaries.records import advertised_jobs, published_jds

    call_command("migrate", interactive=False, verbosity=0)
    seed(args)
    call_command("collectstatic", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) jobs_job")
        cursor.execute("VACUUM (ANALYZE) jd_library_jobdescription")
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    info = {
        "jobs": Job.objects.count(),
        "jds": JobDescription.objects.count(),
        "advertised_jobs": advertised_jobs().count(),
        "published_jds": published_jds().count(),
        "postgres": postgres,
        "django": django.get_version(),
        "cold": cold_timings(),
    }
    connection.close()
    return info


def report(args, info: dict, scenarios: list[Scenario]) -> str:
    from salaries.selectors import CACHE_SECONDS

    redis = bool(os.environ.get("REDIS_URL") or os.environ.get("CELERY_BROKER_URL"))
    cache = "Redis, shared by the workers" if redis else "local memory, one per worker"
    recomputed_by = "the first to find them stale, for all workers" if redis else "in each worker"
    lines = [
        f"# Salary benchmarks benchmark, {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        "",
        f"Machine: {common.machine(info['postgres'])}.",
        f"Server: gunicorn, {args.workers} sync workers, production settings (DEBUG off, plain http on "
        f"127.0.0.1), cache: {cache}. Computed tables stay fresh for {CACHE_SECONDS} s; then one request "
        f"({recomputed_by}) remakes the disclosure plans while the others serve the stale tables, and each "
        "table is recomputed by its next request. The last scenario runs for "
        f"{args.expiry_seconds:g} s, longer than that, so its figures include those remakes (see the cold "
        "computation below for what one costs). A warm request makes no query, hence Postgres CPU near 0.",
        f"Load: {args.client}, {args.connections} connections, {args.warmup:g} s warm-up then "
        f"{args.seconds:g} s per scenario, one scenario at a time.",
        f"Data: {info['jobs']:,} jobs ({info['advertised_jobs']:,} advertised by London councils, so "
        f"counted) and {info['jds']:,} JDs ({info['published_jds']:,} published, so counted).",
        "",
        "| scenario | requests | requests/s | p50 (ms) | p95 (ms) | p99 (ms) | errors "
        "| gunicorn CPU ms/request | Postgres CPU ms/request |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for scenario in scenarios:
        r = scenario.result
        lines.append(
            f"| {scenario.name} (`{scenario.path}`) | {r.requests:,} | {r.per_second:.1f} | {r.p50:.1f} "
            f"| {r.p95:.1f} | {r.p99:.1f} | {r.errors} | {scenario.server_ms:.2f} "
            f"| {scenario.database_ms:.2f} |"
        )
    lines += [
        "",
        "Cold computation (empty cache, best of 3, in one process, no HTTP):",
        "",
        "| work | ms |",
        "|---|---:|",
        *(f"| {name} | {ms:.0f} |" for name, ms in info["cold"].items()),
        "",
        "| target | measured | met |",
        "|---|---|---|",
    ]
    for scenario in scenarios:
        if scenario.name.startswith("salaries"):
            met = scenario.result.p95 < P95_TARGET_MS
            lines.append(
                f"| {scenario.name}: p95 < {P95_TARGET_MS:.0f} ms | {scenario.result.p95:.1f} ms | "
                f"{'yes' if met else 'NO'} |"
            )
    lines.append("")
    return "\n".join(lines)


def main() -> None:
    args = parse_args()
    url = common.bench_database_url(DEFAULT_DATABASE_URL, filling="benchmark records")
    common.ensure_database(url)
    static_root = str(Path(tempfile.gettempdir()) / "loti-bench-salaries-static")
    env = server_environment(url, static_root)
    os.environ.update(env)
    os.chdir(ROOT)
    info = prepare(args)
    for name, ms in info["cold"].items():
        print(f"  cold: {name:<34} {ms:7.0f} ms")
    log_path = Path(tempfile.gettempdir()) / f"loti-bench-salaries-gunicorn-{args.port}.log"
    scenarios = [
        Scenario("minimal view", "/bench/minimal/"),
        Scenario("salaries, default filters", "/salaries/"),
        Scenario("salaries, drill-down with chart", "/salaries/?family=data"),
        Scenario(
            "salaries, filtered drill-down", "/salaries/?family=data&source=jobs&area=inner&from_year=2024"
        ),
        Scenario("salaries, CSV download", "/salaries/?format=csv"),
    ]
    across_expiry = Scenario("salaries, default filters across a cache expiry", "/salaries/?area=all")
    with gunicorn(args, env, log_path) as (base, server_pid):
        measure(args, base, server_pid, scenarios, seconds=args.seconds)
        if args.expiry_seconds:
            measure(args, base, server_pid, [across_expiry], seconds=args.expiry_seconds)
            scenarios.append(across_expiry)
    text = report(args, info, scenarios)
    print()
    print(text)
    if not args.no_write:
        # One file a day; a later run of the same day is added below the earlier ones.
        common.write_results(RESULTS, text, append=True)


if __name__ == "__main__":
    main()
