"""A real Celery worker process, against Redis and the test database, runs a real task."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.models import User
from loti_portal.celery import app
from tests.accounts.factories import UserFactory
from tests.integration.workers import celery_worker

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # send_task always goes to the broker, which is the point here.
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]


def test_worker_runs_the_nightly_purge(queue):
    stale = UserFactory(verified=False, date_joined=timezone.now() - timedelta(days=60))
    kept = UserFactory()
    with celery_worker(queue=queue, wait=False) as worker:
        app.send_task("accounts.tasks.purge_unverified_accounts", queue=queue)
        deadline = time.monotonic() + 60
        while User.objects.filter(pk=stale.pk).exists():
            worker.assert_running()
            assert time.monotonic() < deadline, "the worker did not run the task within 60 s"
            time.sleep(0.2)
        worker.stop()
        output = worker.output()
    assert "accounts.tasks.purge_unverified_accounts" in output
    assert "succeeded" in output
    assert User.objects.filter(pk=kept.pk).exists()
    assert settings.CELERY_BROKER_URL.startswith("redis")
