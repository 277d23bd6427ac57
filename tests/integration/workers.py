"""Real Celery worker processes for integration tests, against Redis and the test database.

`celery_worker()` starts `celery worker` in its own process group (so that a SIGKILL takes its pool
children with it, as a crashed machine would), consuming one queue of the test's own, with its output
in a file that the test can show when something goes wrong.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

from loti_portal.celery import app

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """The test database, as a URL a worker process can be given."""
    db = connection.settings_dict
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{host}/{db['NAME']}"


def new_queue() -> str:
    return f"test-{uuid.uuid4().hex}"


@contextmanager
def test_queue():
    """A queue of the test's own, forgotten by the broker when the block ends (after its workers)."""
    queue = new_queue()
    try:
        yield queue
    finally:
        forget_queue(queue)


class Worker:
    def __init__(self, process: subprocess.Popen, log: Path):
        self.process = process
        self.log = log

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def assert_running(self) -> None:
        assert self.process.poll() is None, f"the worker exited:\n{self.output()[-5000:]}"

    def wait_until_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while "ready." not in self.output():
            self.assert_running()
            assert time.monotonic() < deadline, f"the worker was not ready in {timeout} s:\n{self.output()}"
            time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL the worker and its pool children at once: no cleanup, no acknowledgements."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def forget_queue(queue: str) -> None:
    """Remove what the broker still holds for `queue`: waiting messages, its bindings, and messages a
    killed worker left unacknowledged (which Redis would otherwise put back into it later)."""
    with app.connection_for_write() as broker:
        client = broker.default_channel.client
        client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
        for tag, payload in client.hscan_iter("unacked"):
            if queue.encode() in payload:
                client.hdel("unacked", tag)
                client.zrem("unacked_index", tag)


@contextmanager
def celery_worker(
    *,
    queue: str,
    settings: str = "loti_portal.settings.test",
    pool: str = "solo",
    concurrency: int = 1,
    env: dict[str, str] | None = None,
    wait: bool = True,
):
    """A worker consuming `queue`, stopped (SIGTERM, then SIGKILL) when the block ends."""
    log = Path(tempfile.mkstemp(prefix="celery-worker-", suffix=".log")[1])
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": os.environ["CELERY_BROKER_URL"],
        **(env or {}),
    }
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "loti_portal", "worker", f"--pool={pool}",
                f"--concurrency={concurrency}", "-Q", queue, "--without-gossip", "--without-mingle",
                "--without-heartbeat", "--loglevel=INFO", f"--hostname={uuid.uuid4().hex[:8]}@%h",
            ],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    worker = Worker(process, log)
    try:
        if wait:
            worker.wait_until_ready()
        yield worker
    finally:
        worker.stop()
        log.unlink(missing_ok=True)
