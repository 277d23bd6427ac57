"""Exactly once with real services: Postgres, Redis, Celery worker processes and an SMTP server.

A week's run for 1,000 alerts; the worker (two pool processes) is killed with SIGKILL at a random
moment mid-send, a new worker starts, the run is repeated and the reconciler hands back what the dead
worker held. Every due subscriber must have received exactly one digest: none twice, none missing.
"""

import asyncio
import random
import socket
import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from accounts.models import Organisation
from jobs.alerts.filters import filter_key
from jobs.alerts.run import alerts_reconcile, chunks, latest_due_week, run_time
from jobs.models import AlertDelivery, AlertRun, AlertSubscription
from loti_portal.celery import app
from tests.integration.workers import celery_worker
from tests.jobs.factories import JobFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]
SUBSCRIBERS = 1000
WORKER_SETTINGS = "tests.integration.worker_settings"
Delivery = AlertDelivery.Status


class CountingSink:
    """An SMTP server that counts accepted messages per recipient. It takes a few milliseconds to
    answer each one, as a real server queueing mail does."""

    def __init__(self):
        self.received: Counter[str] = Counter()
        self.lock = threading.Lock()

    @property
    def total(self) -> int:
        with self.lock:
            return sum(self.received.values())

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.received.update(envelope.rcpt_tos)
        await asyncio.sleep(0.003)
        return "250 Message accepted for delivery"


@pytest.fixture
def sink():
    handler = CountingSink()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    handler.port = port
    yield handler
    controller.stop()


def the_week():
    """The latest week whose run time has passed, and its run time (the end of its window)."""
    week = latest_due_week()
    return week, run_time(week)


def seed(run_at) -> list[str]:
    """Jobs in three boroughs, and 1,000 confirmed alerts that each match at least one of them."""
    boroughs = list(Organisation.objects.filter(slug__in=["hackney", "camden", "islington"]))
    for number in range(30):
        JobFactory(
            status="published",
            organisation=boroughs[number % 3],
            published_at=run_at - timedelta(hours=1 + number),
            closes_at=timezone.now() + timedelta(days=20),
        )
    filters = [[], *[[["organisation", borough.slug]] for borough in boroughs], [["q", "data"]]]
    confirmed = run_at - timedelta(days=30)
    alerts = [
        AlertSubscription(
            email=f"reader{number:04d}@example.com",
            query=filters[number % len(filters)],
            filter_key=filter_key(filters[number % len(filters)]),
            status=AlertSubscription.Status.ACTIVE,
            confirmed_at=confirmed,
        )
        for number in range(SUBSCRIBERS)
    ]
    AlertSubscription.objects.bulk_create(alerts)
    return [alert.email for alert in alerts]


def two_process_worker(queue: str, env: dict):
    return celery_worker(queue=queue, settings=WORKER_SETTINGS, pool="prefork", concurrency=2, env=env)


def wait_for(condition, *, timeout: float, workers=(), message: str):
    deadline = time.monotonic() + timeout
    while not condition():
        for worker in workers:
            worker.assert_running()
        assert time.monotonic() < deadline, message + "".join(f"\n{w.output()[-3000:]}" for w in workers)
        time.sleep(0.01)


def test_a_week_killed_mid_send_reaches_every_subscriber_exactly_once(sink, queue):
    week, run_at = the_week()
    emails = seed(run_at)
    env = {"TEST_CELERY_QUEUE": queue, "TEST_SMTP_PORT": str(sink.port)}
    kill_after = random.randint(SUBSCRIBERS // 10, SUBSCRIBERS * 6 // 10)

    with two_process_worker(queue, env) as first:
        app.send_task("jobs.alerts.tasks.start_weekly_alerts", args=[week.isoformat()], queue=queue)
        wait_for(
            lambda: sink.total >= kill_after,
            timeout=40,
            workers=[first],
            message=f"fewer than {kill_after} digests were sent",
        )
        first.kill()
        killed_at = timezone.now()
    sent_before_restart = sink.total
    assert sent_before_restart < SUBSCRIBERS, "the run finished before the worker could be killed"

    with two_process_worker(queue, env) as second:
        app.send_task("jobs.alerts.tasks.start_weekly_alerts", args=[week.isoformat()], queue=queue)
        wait_for(
            lambda: AlertRun.objects.get(week=week).attempts == 2,
            timeout=30,
            workers=[second],
            message="the run was not repeated",
        )

        def only_the_dead_workers_rows_wait():
            waiting = AlertDelivery.objects.filter(week=week, status__in=[Delivery.CLAIMED, Delivery.SENDING])
            return not waiting.filter(claimed_at__gte=killed_at).exists()

        wait_for(
            only_the_dead_workers_rows_wait, timeout=40, workers=[second], message="the repeated run stalled"
        )
        # The reconciler with a lease that ran out at the kill: rows the dead worker held go out again.
        stuck = alerts_reconcile(now=killed_at, lease=timedelta(0))
        for part in chunks(stuck):
            app.send_task("jobs.alerts.tasks.send_alert_batch", args=[part], queue=queue)

        def all_sent():
            return AlertDelivery.objects.filter(week=week, status=Delivery.SENT).count() == SUBSCRIBERS

        wait_for(all_sent, timeout=40, workers=[second], message="not every digest was sent")
        # Anything still queued (duplicate batches from the repeat) must find nothing left to send.
        time.sleep(0.5)

    assert sink.received == Counter(dict.fromkeys(emails, 1)), (
        f"killed after {sent_before_restart}: "
        f"twice: {[e for e, n in sink.received.items() if n > 1][:5]}, "
        f"missing: {[e for e in emails if e not in sink.received][:5]}"
    )
    assert AlertDelivery.objects.filter(week=week).count() == SUBSCRIBERS
    assert not AlertDelivery.objects.filter(week=week).exclude(status=Delivery.SENT).exists()
    assert AlertSubscription.objects.filter(last_digest_at=run_at).count() == SUBSCRIBERS
