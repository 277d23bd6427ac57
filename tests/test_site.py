import os
import re
import subprocess
import sys

import pytest
from django.urls import reverse
from kombu import Connection

from loti_portal import health
from loti_portal.celery import app

pytestmark = pytest.mark.django_db


def test_home_shows_live_counts_and_links_for_signing_up(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "36" in body
    assert "organisations" in body
    assert reverse("account_signup") in body


@pytest.mark.parametrize("name", ["accessibility", "privacy"])
def test_statement_pages_are_linked_from_every_page(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert f'href="{reverse(name)}"' in client.get(reverse("home")).content.decode()


def test_healthz_reports_each_service(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"
    assert set(data["checks"]) == {"database", "cache", "broker"}
    assert response.headers["Cache-Control"].startswith("max-age=0")


def test_healthz_is_503_when_a_service_is_down(client, monkeypatch):
    monkeypatch.setattr(health, "check_cache", lambda: "ConnectionError")
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == {"status": "down", "error": "ConnectionError"}


def test_healthz_reports_an_unreachable_broker(client, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(app, "connection_for_write", lambda: Connection("redis://127.0.0.1:1/0"))
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["status"] == "down"


def test_security_headers(client):
    response = client.get(reverse("home"))
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    # Every script is a file: no inline script could run under this policy.
    for script in re.findall(r"<script[^>]*>", response.content.decode()):
        assert "src=" in script, script
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_no_cookies_but_essential_ones(client):
    response = client.get(reverse("home"))
    assert not response.cookies


def run_with_production_settings(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(DJANGO_SETTINGS_MODULE="loti_portal.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], capture_output=True, text=True, env=clean, check=False
    )


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_its_secrets(missing):
    env = {"DJANGO_SECRET_KEY": "x" * 60, "DJANGO_ALLOWED_HOSTS": "skills.example.org"}
    del env[missing]
    result = run_with_production_settings("check", **env)
    assert result.returncode != 0
    assert f"{missing} must be set for production settings" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = run_with_production_settings(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY="a-production-grade-secret-key-for-tests-only-0123456789-abcdefghijkl",
        DJANGO_ALLOWED_HOSTS="skills.example.org",
    )
    assert result.returncode == 0, result.stderr
