"""Weekly job alerts end to end: 100,000 alerts, 5,000 new jobs, real Celery workers and an SMTP sink.

    .venv/bin/python benchmarks/alerts/run.py [--help]

Creates the database if it is missing (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/loti_bench_alerts), migrates, seeds the demo jobs and alerts (the
accounts and jobs parts of seed_demo, which add only what is missing), puts 5,000 open jobs in the week
before the latest Monday 07:00 and every alert in its steady state (last digest a week before), then runs
that week as beat would: `start_weekly_alerts` sent to real Celery workers (prefork, production settings,
Redis), which match, record and send every digest to a local SMTP sink. Then it sends the same number of
pre-rendered digests to the same sink with smtplib over one connection, for the raw rate. Prints a table
and writes it to benchmarks/alerts/results/<date>.md. See benchmarks/alerts/README.md.
"""

from __future__ import annotations

import argparse
import itertools
import os
import secrets
import smtplib
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import common  # noqa: E402
from benchmarks.alerts.sink import Sink  # noqa: E402
from benchmarks.jobs import cpu  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/loti_bench_alerts"
DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/0"
RESULTS = Path(__file__).resolve().parent / "results"
MATCH_TARGET_SECONDS = 10.0
RATE_TARGET_SHARE = 0.5


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--subscribers", type=int, default=100_000, help="confirmed demo alerts (100,000)")
    parser.add_argument("--new-jobs", type=int, default=5_000, help="jobs published in the week (5,000)")
    parser.add_argument(
        "--jobs", type=int, default=20_000, help="demo jobs in all, the week's and older ones (20,000)"
    )
    parser.add_argument(
        "--concurrency", type=int, default=os.cpu_count() or 2, help="worker pool processes (one a core)"
    )
    parser.add_argument(
        "--raw-distinct",
        type=int,
        default=5_000,
        help="distinct digests pre-rendered for the raw send, sent in turn until as many as the run sent",
    )
    parser.add_argument("--timeout", type=float, default=1800, help="seconds the run may take (1,800)")
    common.add_result_arguments(parser, filling="the demo jobs and alerts")
    return parser.parse_args()


def environment(url: str, sink_port: int, queue: str) -> dict[str, str]:
    """Production settings as a deployed worker has them, with the sink as mail server and our own queue."""
    return {
        "DJANGO_SETTINGS_MODULE": "benchmarks.alerts.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "skills.example.org",
        "SITE_URL": "https://skills.example.org",
        "DJANGO_LOG_LEVEL": "INFO",
        "DATABASE_URL": url,
        "CELERY_BROKER_URL": os.environ.get("CELERY_BROKER_URL") or DEFAULT_BROKER_URL,
        "EMAIL_URL": f"smtp://127.0.0.1:{sink_port}",
        "BENCH_CELERY_QUEUE": queue,
    }


def the_week():
    """The latest Monday whose 07:00 run time has passed, and that run time."""
    from jobs.alerts.run import latest_due_week, run_time

    week = latest_due_week()
    return week, run_time(week)


def prepare(args) -> dict:
    """Migrate and seed, place the week's new jobs, and set every alert as it would be before the run."""
    import django

    django.setup()
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import OutputWrapper
    from django.db import connection
    from django.db.models import F
    from django.db.models.functions import Least
    from django.utils import timezone

    from accounts import demo as accounts_demo
    from jobs import demo as jobs_demo
    from jobs.alerts.matching import due_subscriptions
    from jobs.models import AlertSubscription, Job

    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    out = StringIO()
    options = {"jobs": args.jobs, "subscribers": args.subscribers, "reset_passwords": False}
    for part in (accounts_demo, jobs_demo):
        part.seed(stdout=OutputWrapper(out), options=options)
    for line in out.getvalue().splitlines():
        if line.startswith(("Demo jobs", "Demo job alerts")):
            print(f"{line} ({time.perf_counter() - started:.0f} s)")
    call_command("expire_jobs", stdout=StringIO())

    week, run_at = the_week()
    window = run_at - timedelta(days=7)
    # Jobs already dated in the window move a week back; then the week's jobs are spread over it.
    Job.objects.filter(published_at__gte=window, published_at__lt=run_at).update(
        published_at=F("published_at") - timedelta(days=7)
    )
    now = timezone.now()
    chosen = list(
        Job.objects.visible()
        .filter(closes_at__gt=now + timedelta(days=1))
        .order_by("pk")
        .values_list("pk", flat=True)[: args.new_jobs]
    )
    if len(chosen) < args.new_jobs:
        sys.exit(f"Only {len(chosen):,} open demo jobs: raise --jobs to have {args.new_jobs:,} new ones.")
    step = timedelta(days=7) / len(chosen)
    for start in range(0, len(chosen), 1000):
        for index, pk in enumerate(chosen[start : start + 1000], start):
            Job.objects.filter(pk=pk).update(published_at=window + step * index + step / 2)
    reset_week(week, run_at)
    AlertSubscription.objects.filter(confirmed_at__gt=window).update(
        confirmed_at=Least(F("confirmed_at"), window)
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) jobs_job")
        cursor.execute("VACUUM (ANALYZE) jobs_alertsubscription")
        cursor.execute("VACUUM (ANALYZE) jobs_alertdelivery")
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    info = {
        "week": week,
        "run_at": run_at,
        "postgres": postgres,
        "jobs": Job.objects.count(),
        "new_jobs": Job.objects.visible().filter(published_at__gte=window, published_at__lt=run_at).count(),
        "due": due_subscriptions(run_at).count(),
        "distinct_filters": due_subscriptions(run_at).values("filter_key").distinct().count(),
        "alerts": AlertSubscription.objects.count(),
    }
    connection.close()
    return info


def reset_week(week, run_at) -> None:
    """Undo a run of `week`: its deliveries and run row go, and every alert's last digest is a week old."""
    from jobs.models import AlertDelivery, AlertRun, AlertSubscription

    AlertDelivery.objects.filter(week=week).delete()
    AlertRun.objects.filter(week=week).delete()
    AlertSubscription.objects.update(last_digest_at=run_at - timedelta(days=7))


@dataclass
class RunFigures:
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    due: int = 0
    match_seconds: float = 0.0
    matched_after: float = 0.0  # from sending the task to the rows recorded (matching included)
    total_seconds: float = 0.0  # from sending the task to the sink's last message
    first_message_after: float = 0.0
    bytes: int = 0
    twice: int = 0
    missing: int = 0
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds: workers, Postgres, sink

    @property
    def per_second(self) -> float:
        return self.sent / self.total_seconds if self.total_seconds else 0.0


def run_week(args, info: dict, sink: Sink, env: dict[str, str]) -> RunFigures:
    """The week's run as beat starts it, on real workers, until the sink has every digest."""
    from django.db import connection

    from jobs.models import AlertDelivery, AlertRun
    from loti_portal.celery import app
    from tests.integration.workers import celery_worker, forget_queue

    week, queue = info["week"], env["BENCH_CELERY_QUEUE"]
    Delivery = AlertDelivery.Status
    figures = RunFigures()
    sink.take()
    try:
        with celery_worker(
            queue=queue,
            settings=env["DJANGO_SETTINGS_MODULE"],
            pool="prefork",
            concurrency=args.concurrency,
            env=env,
        ) as worker:
            time.sleep(1)  # the pool's processes start after "ready"
            pids = cpu.children(worker.process.pid)
            before = _cpu_seconds(pids, sink.pid)
            started = time.time()
            app.send_task("jobs.alerts.tasks.start_weekly_alerts", args=[week.isoformat()], queue=queue)
            deadline = time.monotonic() + args.timeout
            matched = None
            while True:
                worker.assert_running()
                run = AlertRun.objects.filter(week=week).first()
                if run and run.matched_at and matched is None:
                    matched = run
                    print(
                        f"Matched {run.due_count:,} due alerts with {run.new_job_count:,} new jobs in "
                        f"{run.match_seconds:.2f} s; {run.delivery_count:,} digests to send"
                    )
                if run and run.finished_at:
                    sent = AlertDelivery.objects.filter(week=week, status=Delivery.SENT).count()
                    if sink.stats().messages >= sent:
                        break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the run took over {args.timeout:g} s:\n{worker.output()[-5000:]}")
                if matched:
                    stats = sink.stats()
                    print(f"  {stats.messages:,} of {matched.delivery_count:,} sent", end="\r")
                time.sleep(0.5)
            after = _cpu_seconds(pids, sink.pid)
            log = worker.output()
    finally:
        forget_queue(queue)
    print()
    stats = sink.stats()
    received = sink.take()
    rows = AlertDelivery.objects.filter(week=week)
    expected = Counter(rows.filter(status=Delivery.SENT).values_list("subscription__email", flat=True))
    figures.sent = sum(expected.values())
    figures.skipped = rows.filter(status=Delivery.SKIPPED).count()
    figures.failed = rows.filter(status=Delivery.FAILED).count()
    figures.twice = sum(1 for count in received.values() if count > 1)
    figures.missing = sum(1 for email in expected if email not in received)
    figures.due = run.due_count
    figures.match_seconds = run.match_seconds or 0.0
    figures.matched_after = run.matched_at.timestamp() - started
    figures.first_message_after = stats.first - started
    figures.total_seconds = stats.last - started
    figures.bytes = stats.bytes
    figures.cpu = {name: after[name] - before[name] for name in after}
    if "ERROR" in log or "Traceback" in log:
        print(log[-5000:])
    connection.close()
    return figures


def _cpu_seconds(worker_pids: list[int], sink_pid: int) -> dict[str, float]:
    """CPU seconds so far of the pool's processes, of Postgres (every process, with the backends that have
    ended: they come and go during the run; the server serves only the benchmark meanwhile) and of the
    sink."""
    return {
        "workers": sum(map(cpu.process_seconds, worker_pids)),
        "postgres": sum(map(cpu.process_and_reaped_seconds, cpu.named("postgres"))),
        "sink": cpu.process_seconds(sink_pid),
    }


@dataclass
class RawFigures:
    messages: int
    distinct: int
    seconds: float
    bytes: int
    render_seconds: float
    client_cpu: float
    sink_cpu: float

    @property
    def per_second(self) -> float:
        return self.messages / self.seconds


def prerender(info: dict, count: int) -> list[tuple[str, list[str], bytes]]:
    """`count` of the week's sent digests, spread over its rows, rendered as the workers render them."""
    from django.conf import settings
    from django.utils import timezone

    from jobs.alerts.emails import DigestRenderer
    from jobs.models import AlertDelivery

    rows = AlertDelivery.objects.filter(week=info["week"], status=AlertDelivery.Status.SENT).order_by("pk")
    ids = list(rows.values_list("pk", flat=True))
    step = max(1, len(ids) // max(1, count))
    chosen = list(rows.filter(pk__in=ids[::step][:count]).select_related("subscription"))
    renderer = DigestRenderer(now=timezone.now())
    parts = renderer.open_jobs({pk for row in chosen for pk in row.job_ids})
    messages = []
    for row in chosen:
        found = [parts[pk] for pk in row.job_ids if pk in parts]
        message = renderer.message(
            subscription=row.subscription, delivery=row, parts=found, total=row.total_jobs
        )
        messages.append(
            (
                settings.DEFAULT_FROM_EMAIL,
                message.recipients(),
                message.message().as_bytes(linesep="\r\n"),
            )
        )
    return messages


def raw_send(sink: Sink, messages: list[tuple[str, list[str], bytes]], total: int) -> tuple[float, int]:
    """Send `total` messages, taking `messages` in turn, over one smtplib connection; seconds taken."""
    sink.take()
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", sink.port) as client:
        for sender, recipients, content in itertools.islice(itertools.cycle(messages), total):
            client.sendmail(sender, recipients, content)
    seconds = time.perf_counter() - started
    stats = sink.stats()
    sink.take()
    if stats.messages != total:
        raise RuntimeError(f"the sink received {stats.messages:,} of {total:,} raw messages")
    return seconds, stats.bytes


def raw(args, info: dict, sink: Sink, total: int) -> RawFigures:
    import resource

    started = time.perf_counter()
    messages = prerender(info, min(args.raw_distinct, total))
    rendered = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    sink_before = cpu.process_seconds(sink.pid)
    seconds, size = raw_send(sink, messages, total)
    after = resource.getrusage(resource.RUSAGE_SELF)
    return RawFigures(
        messages=total,
        distinct=len(messages),
        seconds=seconds,
        bytes=size,
        render_seconds=rendered,
        client_cpu=(after.ru_utime + after.ru_stime) - (usage.ru_utime + usage.ru_stime),
        sink_cpu=cpu.process_seconds(sink.pid) - sink_before,
    )


def report(args, info: dict, run: RunFigures, raw: RawFigures) -> str:
    share = run.per_second / raw.per_second
    checks = [
        (
            f"matching < {MATCH_TARGET_SECONDS:g} s",
            f"{run.match_seconds:.2f} s",
            run.match_seconds < MATCH_TARGET_SECONDS,
        ),
        (
            f"end to end >= {RATE_TARGET_SHARE:.0%} of the raw send rate",
            f"{run.per_second:,.0f}/s vs {raw.per_second:,.0f}/s ({share:.0%})",
            share >= RATE_TARGET_SHARE,
        ),
        (
            "every digest exactly once",
            f"{run.twice} twice, {run.missing} missing",
            not run.twice and not run.missing,
        ),
    ]
    per_message = {name: seconds * 1000 / run.sent for name, seconds in run.cpu.items()} if run.sent else {}
    lines = [
        f"# Job alerts benchmark, {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        "",
        f"Code: {info['code']}.",
        f"Machine: {common.machine(info['postgres'])}.",
        f"Workers: one `celery worker`, prefork pool of {args.concurrency}, production settings, Redis "
        "broker; SMTP sink: aiosmtpd in its own process on 127.0.0.1, accepting at once.",
        f"Data: {info['alerts']:,} confirmed alerts ({info['distinct_filters']:,} distinct filter sets), "
        f"{info['jobs']:,} jobs of which {info['new_jobs']:,} new in the week of {info['week']:%d %B %Y}.",
        "",
        *([args.note, ""] if args.note else []),
        "| figure | measured |",
        "|---|---:|",
        f"| alerts due | {run.due:,} |",
        f"| digests sent (nothing new: no email) | {run.sent:,} "
        f"({run.skipped:,} skipped, {run.failed} failed) |",
        f"| matching, all due alerts in one pass | **{run.match_seconds:.2f} s** |",
        f"| task sent to deliveries recorded (matching included) | {run.matched_after:.2f} s |",
        f"| task sent to first digest at the sink | {run.first_message_after:.2f} s |",
        f"| task sent to last digest at the sink (total) | **{run.total_seconds:.1f} s** |",
        f"| end to end | **{run.per_second:,.0f} digests/s** |",
        f"| sending only (first to last digest) | "
        f"{run.sent / max(run.total_seconds - run.first_message_after, 1e-9):,.0f} digests/s |",
        f"| mean digest size | {run.bytes / max(run.sent, 1) / 1024:.1f} KiB |",
        "| CPU per digest: workers, Postgres, sink | "
        + ", ".join(f"{per_message.get(name, 0):.2f} ms" for name in ("workers", "postgres", "sink"))
        + " |",
        f"| raw smtplib, one connection, {raw.messages:,} pre-rendered digests ({raw.distinct:,} distinct) | "
        f"{raw.seconds:.1f} s, **{raw.per_second:,.0f} messages/s** |",
        f"| raw: CPU per message, client and sink | {raw.client_cpu * 1000 / raw.messages:.2f} ms, "
        f"{raw.sink_cpu * 1000 / raw.messages:.2f} ms |",
        "",
        f"End to end as a share of the raw send rate: **{share:.0%}**.",
        "",
        "| target | measured | met |",
        "|---|---|---|",
        *(f"| {target} | {measured} | {'yes' if met else 'NO'} |" for target, measured, met in checks),
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    args = parse_args()
    url = common.bench_database_url(
        DEFAULT_DATABASE_URL,
        filling=f"{args.subscribers:,} demo alerts and {args.jobs:,} demo jobs",
        any_database=args.any_database,
    )
    common.ensure_database(url)
    os.chdir(ROOT)
    code = common.code_version()  # before the run: the code measured, whatever changes meanwhile
    with Sink() as sink:
        env = environment(url, sink.port, f"bench-alerts-{uuid.uuid4().hex[:12]}")
        os.environ.update(env)
        info = prepare(args)
        info["code"] = code
        print(
            f"{info['alerts']:,} alerts ({info['due']:,} due, {info['distinct_filters']:,} distinct filter "
            f"sets); {info['new_jobs']:,} new jobs in the week of {info['week']:%d %B %Y}"
        )
        run = run_week(args, info, sink, env)
        print(f"Sent {run.sent:,} digests in {run.total_seconds:.1f} s ({run.per_second:,.0f}/s)")
        print(f"Rendering up to {args.raw_distinct:,} digests for the raw send")
        raw_figures = raw(args, info, sink, run.sent)
        print(
            f"Raw: {raw_figures.messages:,} in {raw_figures.seconds:.1f} s ({raw_figures.per_second:,.0f}/s)"
        )
    text = report(args, info, run, raw_figures)
    print()
    print(text)
    if not args.no_write:
        common.write_results(RESULTS, text)


if __name__ == "__main__":
    main()
