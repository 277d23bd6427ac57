"""CPU time from /proc: what the server's workers, their Postgres backends, the load generator and the whole
machine spent, so that each scenario's cost per request can be told apart from other work on the machine."""

from __future__ import annotations

import contextlib
import math
import os
import resource
from pathlib import Path
from urllib.parse import urlsplit


def process_seconds(pid: int) -> float:
    """User plus system CPU time of process `pid` (0 when it is gone or not readable)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(parent: int) -> list[int]:
    """Process ids whose parent is `parent` (gunicorn's workers)."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == parent:
                pids.append(int(stat.parent.name))
    return pids


def process_and_reaped_seconds(pid: int) -> float:
    """CPU time of process `pid` and of its children that have ended (a server's finished backends)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def named(command: str) -> list[int]:
    """Process ids of the processes running `command` (as /proc/<pid>/comm names it: "postgres")."""
    pids = []
    for comm in Path("/proc").glob("[0-9]*/comm"):
        with contextlib.suppress(OSError):
            if comm.read_text().strip() == command:
                pids.append(int(comm.parent.name))
    return pids


def database_backends(url: str) -> list[int]:
    """Process ids of the Postgres backends connected to the benchmark's database (the workers')."""
    import psycopg2

    parts = urlsplit(url)
    connection = psycopg2.connect(
        dbname=parts.path.lstrip("/"),
        user=parts.username or "postgres",
        password=parts.password,
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            return [row[0] for row in cursor.fetchall()]
    finally:
        connection.close()


def client_seconds(client: str) -> float:
    """CPU time of the load generator so far: wrk runs as a child process, the Python client in this one."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN if client == "wrk" else resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def machine_busy_seconds() -> float:
    """CPU time the whole machine has spent busy since it started (every core, from /proc/stat)."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return math.nan
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(value) for value in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")
