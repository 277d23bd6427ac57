"""Is a service the tests need available here? Each check returns None, or why not."""

import functools
import os
import shutil
import socket
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
BUILT_CSS = ROOT / "frontend" / "build" / "css" / "portal.css"


def _reachable(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


@functools.cache
def service_problem(name: str) -> str | None:
    if name == "postgres":
        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
            return "needs PostgreSQL: set DATABASE_URL=postgres://..."
        return None
    if name == "redis":
        url = os.environ.get("CELERY_BROKER_URL", "")
        if not url.startswith("redis"):
            return "needs Redis: set CELERY_BROKER_URL=redis://..."
        if not _reachable(url):
            return f"needs Redis, but {url} does not answer"
        return None
    if name == "browser":
        if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
            return f"needs Chromium at {CHROMIUM} (apt-get install chromium)"
        if not AXE.exists() or not BUILT_CSS.exists():
            return "needs the front end built (cd frontend && npm ci && npm run build)"
        try:
            import playwright  # noqa: F401
        except ImportError:
            return "needs the playwright package"
        return None
    raise ValueError(name)
