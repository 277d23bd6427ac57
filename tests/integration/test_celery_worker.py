"""A real Celery worker process, against Redis and the test database, runs a real task."""

import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from accounts.models import User
from loti_portal.celery import app
from tests.accounts.factories import UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # send_task always goes to the broker, which is the point here.
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    db = connection.settings_dict
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{host}/{db['NAME']}"


def test_worker_runs_the_nightly_purge():
    stale = UserFactory(verified=False, date_joined=timezone.now() - timedelta(days=60))
    kept = UserFactory()
    queue = f"test-{uuid.uuid4().hex}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "loti_portal.settings.test",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": os.environ["CELERY_BROKER_URL"],
    }
    worker = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "loti_portal", "worker", "--pool=solo", "-Q", queue,
            "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    try:
        app.send_task("accounts.tasks.purge_unverified_accounts", queue=queue)
        deadline = time.monotonic() + 60
        while User.objects.filter(pk=stale.pk).exists():
            assert worker.poll() is None, worker.stdout.read()
            assert time.monotonic() < deadline, "the worker did not run the task within 60 s"
            time.sleep(0.2)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0]
    assert "accounts.tasks.purge_unverified_accounts" in output
    assert "succeeded" in output
    assert User.objects.filter(pk=kept.pk).exists()
    assert settings.CELERY_BROKER_URL.startswith("redis")
