"""Service health: is the database, the cache and the broker reachable? Used by /healthz/ and compose."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection


def check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"
        return f"{type(exc).__name__}"
    return None


def check_cache() -> str | None:
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", 5)
        value = cache.get(key)
        cache.delete(key)
    except Exception as exc:
        return f"{type(exc).__name__}"
    return None if value == "ok" else "cache did not return what was stored"


def check_broker() -> str | None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return None  # embedded: tasks run in the web process, there is no broker to reach
    from loti_portal.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return f"{type(exc).__name__}"
    return None


def health_report() -> tuple[bool, dict]:
    checks = {"database": check_database, "cache": check_cache, "broker": check_broker}
    report = {}
    healthy = True
    for name, check in checks.items():
        error = check()
        report[name] = {"status": "ok" if error is None else "down"}
        if error:
            report[name]["error"] = error
            healthy = False
    if settings.CELERY_TASK_ALWAYS_EAGER:
        report["broker"]["mode"] = "eager"
    return healthy, {"status": "ok" if healthy else "down", "checks": report}
