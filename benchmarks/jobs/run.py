"""Jobs board under load: 100,000 jobs in Postgres, production settings under gunicorn, on loopback.

    .venv/bin/python benchmarks/jobs/run.py [--help]

Creates the database if it is missing (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/loti_bench_jobs), migrates, seeds the demo jobs (the accounts and jobs
parts of seed_demo --jobs N, which add only what is missing), expires what has closed since, runs VACUUM
ANALYZE, starts gunicorn on 127.0.0.1, then measures each scenario with a bounded load and prints a table,
which it also writes to benchmarks/jobs/results/<date>.md. See benchmarks/jobs/README.md.
"""

from __future__ import annotations

import argparse
import math
import os
import secrets
import sys
import tempfile
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote_plus, urljoin

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import common  # noqa: E402
from benchmarks.jobs import cpu, load, report  # noqa: E402
from benchmarks.server import get, gunicorn  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/loti_bench_jobs"
RESULTS = Path(__file__).resolve().parent / "results"
SEARCH_WORD = "housing"


@dataclass
class Scenario:
    name: str
    path: str
    result: load.Result | None = None
    # Share of one core the load generator used, and CPU milliseconds per request spent by gunicorn's
    # workers and by the Postgres backends serving them: figures that hold even on a busy machine.
    client_cpu: float = 0.0
    server_ms: float = 0.0
    database_ms: float = 0.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--jobs", type=int, default=100_000, help="demo jobs in the database (100,000)")
    parser.add_argument("--reseed", action="store_true", help="delete the demo jobs and seed them afresh")
    parser.add_argument("--port", type=int, default=8765, help="gunicorn's port on 127.0.0.1 (8765)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (2, one a core)")
    parser.add_argument("--connections", type=int, default=4, help="concurrent connections (4)")
    parser.add_argument("--seconds", type=float, default=24, help="measured seconds per scenario (24)")
    parser.add_argument(
        "--rounds", type=int, default=4, help="rounds the measured seconds are split into (4)"
    )
    parser.add_argument("--warmup", type=float, default=3, help="unmeasured seconds before each scenario (3)")
    parser.add_argument(
        "--max-requests", type=int, default=50_000, help="request cap per scenario (python client)"
    )
    parser.add_argument("--deep-page", type=int, default=500, help="page the deep scenario follows Next to")
    parser.add_argument("--search-word", default=SEARCH_WORD, help=f"one-word search ({SEARCH_WORD!r})")
    parser.add_argument("--client", choices=["wrk", "python"], default=load.default_client())
    parser.add_argument(
        "--settings",
        default="benchmarks.jobs.settings",
        help="settings module for the server, to try a change (default benchmarks.jobs.settings)",
    )
    common.add_result_arguments(parser, filling="the demo jobs")
    return parser.parse_args()


def server_environment(url: str, static_root: str, settings: str) -> dict[str, str]:
    """Production settings with plain http on loopback, a throwaway secret key and quiet logs."""
    return {
        "DJANGO_SETTINGS_MODULE": settings,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        # Each worker keeps its database connection for the whole run (production: reconnect after 60 s),
        # so that the Postgres backends whose CPU time is read stay the same from start to end.
        "DATABASE_CONN_MAX_AGE": "3600",
        "DATABASE_URL": url,
        "BENCH_STATIC_ROOT": static_root,
    }


def prepare(args) -> dict:
    """Migrate, seed, expire, collect static files and analyse; return what the data looks like."""
    import django

    django.setup()
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import OutputWrapper
    from django.db import connection

    from accounts import demo as accounts_demo
    from jobs import demo as jobs_demo
    from jobs.demo import PREFIX
    from jobs.models import Job
    from jobs.search import search_jobs

    call_command("migrate", interactive=False, verbosity=0)
    if args.reseed:
        deleted, _ = Job.objects.filter(reference__startswith=PREFIX).delete()
        print(f"Deleted {deleted:,} rows of demo jobs")
    started = time.perf_counter()
    out = StringIO()
    # The accounts and jobs parts of seed_demo only: other apps' demo data has no bearing on the jobs list.
    # Their output (which includes new demo passwords) is kept back, but for the jobs' count.
    for part in (accounts_demo, jobs_demo):
        part.seed(stdout=OutputWrapper(out), options={"jobs": args.jobs, "reset_passwords": False})
    for line in out.getvalue().splitlines():
        if line.startswith("Demo jobs"):
            print(f"{line} ({time.perf_counter() - started:.0f} s)")
    call_command("expire_jobs", stdout=StringIO())
    call_command("collectstatic", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) jobs_job")
        cursor.execute("ANALYZE")
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    visible = Job.objects.visible()
    info = {
        "jobs": Job.objects.count(),
        "visible": visible.count(),
        "matches": search_jobs(visible, args.search_word).count(),
        "postgres": postgres,
        "django": django.get_version(),
    }
    connection.close()
    return info


class _NextLink(HTMLParser):
    """The href of the page's <a rel="next">."""

    def __init__(self):
        super().__init__()
        self.href = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and "next" in (attributes.get("rel") or "").split() and self.href is None:
            self.href = attributes.get("href")


def follow_next(base: str, path: str, pages: int) -> tuple[str, int]:
    """Follow "Next" from `path` until page `pages` (or the last page); return its URL and number."""
    url, number = urljoin(base, path), 1
    while number < pages:
        status, body = get(url)
        if status != 200:
            raise RuntimeError(f"{url} answered {status} while following Next")
        parser = _NextLink()
        parser.feed(body)
        if not parser.href:
            break
        url, number = urljoin(url, parser.href), number + 1
    return url, number


def measure(args, base: str, server_pid: int, scenarios: list[Scenario]) -> float:
    """Warm every scenario up, then measure them in turn, round after round; return how many cores other
    programs kept busy meanwhile, on average.

    Interleaving spreads whatever else the machine does over all scenarios alike, so the ratios between
    them (the list page against the minimal view) hold even when the machine is shared.
    """
    urls = [urljoin(base, scenario.path) for scenario in scenarios]
    for scenario, url in zip(scenarios, urls, strict=True):
        status, _ = get(url)
        if status != 200:
            raise RuntimeError(f"{scenario.name}: {url} answered {status}")
        load.run(
            url, client=args.client, connections=args.connections, seconds=args.warmup, max_requests=10**9
        )
    seconds = args.seconds / args.rounds
    started, busy_before = time.monotonic(), cpu.machine_busy_seconds()
    rounds: dict[str, list[load.Result]] = {scenario.name: [] for scenario in scenarios}
    cpu_totals = {scenario.name: [0.0, 0.0, 0.0] for scenario in scenarios}
    for number in range(1, args.rounds + 1):
        print(f"Round {number} of {args.rounds}")
        for scenario, url in zip(scenarios, urls, strict=True):
            workers, backends = cpu.children(server_pid), cpu.database_backends(os.environ["DATABASE_URL"])
            before = (
                cpu.client_seconds(args.client),
                sum(map(cpu.process_seconds, workers)),
                sum(map(cpu.process_seconds, backends)),
            )
            result = load.run(
                url,
                client=args.client,
                connections=args.connections,
                seconds=seconds,
                max_requests=max(1, args.max_requests // args.rounds),
            )
            after = (
                cpu.client_seconds(args.client),
                sum(map(cpu.process_seconds, workers)),
                sum(map(cpu.process_seconds, backends)),
            )
            totals = cpu_totals[scenario.name]
            for index in range(3):
                totals[index] += after[index] - before[index]
            if set(cpu.database_backends(os.environ["DATABASE_URL"])) != set(backends):
                # A backend came or went during the scenario: its CPU time cannot be counted whole.
                totals[2] = math.nan
            rounds[scenario.name].append(result)
            print(
                f"  {scenario.name:<24} {result.requests:>7,} requests {result.per_second:>8.1f}/s  "
                f"p50 {result.p50:6.1f}  p95 {result.p95:6.1f}  p99 {result.p99:6.1f} ms"
                + (f"  {result.errors} errors" if result.errors else "")
            )
    elapsed, busy = time.monotonic() - started, cpu.machine_busy_seconds() - busy_before
    ours = sum(sum(value for value in totals if not math.isnan(value)) for totals in cpu_totals.values())
    for scenario in scenarios:
        result = scenario.result = load.combine(rounds[scenario.name])
        client, server, database = cpu_totals[scenario.name]
        scenario.client_cpu = client / result.seconds
        if result.requests:
            scenario.server_ms = server * 1000 / result.requests
            scenario.database_ms = database * 1000 / result.requests
    return max(0.0, (busy - ours) / elapsed)


def main() -> None:
    args = parse_args()
    url = common.bench_database_url(
        DEFAULT_DATABASE_URL, filling=f"{args.jobs:,} demo jobs", any_database=args.any_database
    )
    common.ensure_database(url)
    static_root = str(Path(tempfile.gettempdir()) / "loti-bench-jobs-static")
    env = server_environment(url, static_root, args.settings)
    os.environ.update(env)
    os.chdir(ROOT)
    code = common.code_version()  # before the run: the code measured, whatever changes meanwhile
    info = prepare(args)
    info["code"] = code
    print(
        f"{info['jobs']:,} jobs, {info['visible']:,} visible; '{args.search_word}' matches "
        f"{info['matches']:,} ({info['matches'] / info['visible']:.1%})"
    )
    log_path = Path(tempfile.gettempdir()) / f"loti-bench-jobs-gunicorn-{args.port}.log"
    with gunicorn(args, env, log_path) as (base, server_pid):
        deep_url, deep_number = follow_next(base, "/jobs/", args.deep_page)
        deep_path = deep_url.removeprefix(base)
        print(f"Followed Next to page {deep_number}")
        scenarios = [
            Scenario("minimal view", "/bench/minimal/"),
            Scenario("list page", "/jobs/"),
            Scenario(f"search '{args.search_word}'", f"/jobs/?q={quote_plus(args.search_word)}"),
            Scenario(f"page {deep_number}", deep_path),
        ]
        info["other_cores"] = measure(args, base, server_pid, scenarios)
    text = report.results_markdown(args, info, scenarios, deep_number)
    print()
    print(text)
    if not args.no_write:
        common.write_results(RESULTS, text)


if __name__ == "__main__":
    main()
