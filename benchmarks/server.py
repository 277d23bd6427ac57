"""The server side of the HTTP benchmarks: gunicorn as production runs it, on loopback, and a plain GET."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]


def get(url: str) -> tuple[int, str]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


@contextlib.contextmanager
def gunicorn(args, env: dict[str, str], log_path: Path):
    """gunicorn with the production image's worker class (sync) on 127.0.0.1, stopped on the way out.

    `args.port` and `args.workers` come from the benchmark's options; the settings' URLs must serve the
    minimal view at /bench/minimal/ (benchmarks/minimal.py), which tells when the server is up.
    """
    command = [
        sys.executable, "-m", "gunicorn", "loti_portal.wsgi:application",
        "--bind", f"127.0.0.1:{args.port}", "--workers", str(args.workers), "--worker-class", "sync",
        "--chdir", str(ROOT), "--log-level", "warning", "--backlog", "2048",
    ]  # fmt: skip
    with log_path.open("w") as log:
        server = subprocess.Popen(
            command, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        base = f"http://127.0.0.1:{args.port}"
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn stopped (exit {server.returncode}); see {log_path}")
            status = None
            with contextlib.suppress(OSError):
                status = get(f"{base}/bench/minimal/")[0]
            if status == 200:
                break
            if status is not None:
                raise RuntimeError(f"the minimal view answered {status}; see {log_path}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer within a minute; see {log_path}")
            time.sleep(0.3)
        yield base, server.pid
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
