"""/sitemap.xml: open jobs with their last change, and the static public pages."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jobs.models import Job
from tests.jobs.factories import JobFactory

pytestmark = pytest.mark.django_db

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_entries(client) -> dict[str, ET.Element]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    return {url.findtext(f"{NS}loc"): url for url in root.findall(f"{NS}url")}


def test_sitemap_lists_open_jobs_with_their_last_change(client):
    job = JobFactory(status=Job.Status.PUBLISHED)

    entries = sitemap_entries(client)

    entry = entries[f"http://testserver{job.get_absolute_url()}"]
    assert entry.findtext(f"{NS}lastmod") == job.updated_at.date().isoformat()


@pytest.mark.parametrize(
    "status",
    [
        Job.Status.DRAFT,
        Job.Status.SUBMITTED,
        Job.Status.REJECTED,
        Job.Status.CLOSED,
        Job.Status.EXPIRED,
        Job.Status.ARCHIVED,
    ],
)
def test_sitemap_leaves_out_jobs_that_are_not_open(client, status):
    job = JobFactory(status=status)
    assert f"http://testserver{job.get_absolute_url()}" not in sitemap_entries(client)


def test_sitemap_leaves_out_a_published_job_past_its_closing_time(client):
    job = JobFactory(status=Job.Status.PUBLISHED, closes_at=timezone.now() - timedelta(minutes=1))
    assert f"http://testserver{job.get_absolute_url()}" not in sitemap_entries(client)


def test_sitemap_lists_the_static_public_pages(client):
    entries = sitemap_entries(client)
    for name in ("home", "jobs:list", "accessibility", "privacy"):
        assert f"http://testserver{reverse(name)}" in entries


def test_sitemap_queries_do_not_grow_with_the_number_of_jobs(client):
    JobFactory(status=Job.Status.PUBLISHED)
    with CaptureQueriesContext(connection) as one:
        sitemap_entries(client)
    JobFactory.create_batch(30, status=Job.Status.PUBLISHED)
    with CaptureQueriesContext(connection) as many:
        assert len(sitemap_entries(client)) == 31 + 4
    assert len(one) == len(many)
