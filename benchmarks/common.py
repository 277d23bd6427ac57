"""What every benchmark needs around its measurements: a Postgres database of its own, and a description of
the code and the machine measured, for its results file."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]


def add_result_arguments(parser, *, filling: str) -> None:
    """--note, --no-write and --any-database (for a benchmark that fills its database with `filling`)."""
    parser.add_argument("--note", default="", help="a sentence added to the results (what else ran, ...)")
    parser.add_argument("--no-write", action="store_true", help="print only; write no results file")
    parser.add_argument(
        "--any-database",
        action="store_true",
        help=f"allow a database whose name does not contain 'bench' (it gets {filling})",
    )


def write_results(folder: Path, text: str, *, append: bool = False) -> None:
    """Write `text` to `folder`/<date>.md (replacing that day's file, or below it with `append`)."""
    folder.mkdir(exist_ok=True)
    path = folder / f"{datetime.now().astimezone():%Y-%m-%d}.md"
    if append and path.exists():
        text = path.read_text().rstrip("\n") + "\n\n---\n\n" + text
    path.write_text(text)
    print(f"Written to {path.relative_to(ROOT)}")


def bench_database_url(default: str, *, filling: str, any_database: bool = False) -> str:
    """DATABASE_URL (or `default`), refused unless it is Postgres and, without `any_database`, a database
    whose name says "bench": a benchmark fills it with `filling`."""
    url = os.environ.get("DATABASE_URL") or default
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit(f"The benchmark needs Postgres; DATABASE_URL is {parts.scheme}://...")
    name = parts.path.lstrip("/")
    if "bench" not in name and not any_database:
        sys.exit(f"Refusing to seed {filling} into {name!r}: use a database of the benchmark's own.")
    return url


def connect(url: str, dbname: str | None = None):
    """A psycopg2 connection to the server in `url` (to `dbname` instead of its database, if given)."""
    import psycopg2

    parts = urlsplit(url)
    return psycopg2.connect(
        dbname=dbname or parts.path.lstrip("/"),
        user=parts.username or "postgres",
        password=parts.password,
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
    )


def ensure_database(url: str) -> None:
    """Create the database named in `url` on its server if it does not exist."""
    from psycopg2 import sql

    name = urlsplit(url).path.lstrip("/")
    connection = connect(url, "postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                print(f"Creating database {name}")
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()


def code_version() -> str:
    """The commit measured, and whether the working tree differed from it (read-only git commands)."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    return f"commit {commit}" + (" with uncommitted changes" if dirty else "")


def cpu_model() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return "?"
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), "?")


def machine(postgres: str = "") -> str:
    """One sentence: cores, CPU, Python, Django and (if given) PostgreSQL versions."""
    import django

    return (
        f"{os.cpu_count()} cores ({cpu_model()}), Python {platform.python_version()}, "
        f"Django {django.get_version()}"
        + (f", PostgreSQL {postgres}" if postgres else "")
        + ", all on one host"
    )
