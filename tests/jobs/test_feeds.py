"""RSS and Atom feeds of the jobs list, taking its filters."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Organisation
from jobs.filters import JOB_FILTER_PARAMS as FILTER_PARAMS
from jobs.models import Job
from tests.jobs.factories import JobFactory

pytestmark = pytest.mark.django_db

RSS_URL = reverse("jobs:feed-rss")
ATOM_URL = reverse("jobs:feed-atom")
ATOM = "{http://www.w3.org/2005/Atom}"


def live_job(**kwargs) -> Job:
    return JobFactory(status=Job.Status.PUBLISHED, **kwargs)


def live_copies(template: Job, count: int) -> list[Job]:
    """`count` more published jobs like `template`, one minute older each, in a single INSERT."""
    fields = {
        field.attname: getattr(template, field.attname)
        for field in Job._meta.concrete_fields
        if not field.primary_key
    }
    return Job.objects.bulk_create(
        Job(
            **{
                **fields,
                "reference": f"BULK{n:04d}",
                "published_at": template.published_at - timedelta(minutes=n),
            }
        )
        for n in range(1, count + 1)
    )


def rss_items(response) -> list[ET.Element]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content).findall("./channel/item")


def atom_entries(response) -> list[ET.Element]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def test_rss_item_carries_title_organisation_salary_closing_time_and_link(client):
    job = live_job(
        title="Data analyst",
        summary="Turn council data into decisions.",
        salary_min=42_000,
        salary_max=47_500,
        closes_at=timezone.make_aware(timezone.datetime(2031, 1, 22, 23, 55)),
    )

    (item,) = rss_items(client.get(RSS_URL))

    assert item.findtext("title") == "Data analyst \u2013 Hackney"
    assert item.findtext("link") == f"http://testserver{job.get_absolute_url()}"
    description = item.findtext("description")
    assert "Turn council data into decisions." in description
    assert "£42,000 to £47,500" in description
    assert "11:55pm on Wednesday 22 January 2031" in description
    assert item.findtext("guid") == f"tag:skills.loti.london,2025:jobs/{job.pk}"
    assert item.findtext("pubDate")


def test_feeds_list_visible_jobs_only_newest_first(client):
    older = live_job(published_at=timezone.now() - timedelta(days=3))
    newer = live_job(published_at=timezone.now() - timedelta(hours=2))
    for status in (Job.Status.DRAFT, Job.Status.SUBMITTED, Job.Status.REJECTED, Job.Status.CLOSED):
        JobFactory(status=status, title=f"Hidden {status}")
    live_job(title="Hidden past closing", closes_at=timezone.now() - timedelta(minutes=1))

    links = [item.findtext("link") for item in rss_items(client.get(RSS_URL))]
    assert links == [f"http://testserver{job.get_absolute_url()}" for job in (newer, older)]

    entries = atom_entries(client.get(ATOM_URL))
    assert [entry.find(f"{ATOM}link").get("href") for entry in entries] == links
    assert all(entry.findtext(f"{ATOM}id") for entry in entries)
    assert all(entry.findtext(f"{ATOM}published") for entry in entries)


def test_feeds_take_the_list_filters_and_say_so_in_their_title(client):
    camden = live_job(
        title="Data engineer", organisation=Organisation.objects.get(slug="camden"), salary_max=60_000
    )
    live_job(title="Data engineer", salary_max=60_000)
    live_job(title="Data engineer", organisation=Organisation.objects.get(slug="camden"), salary_max=45_000)
    query = {"organisation": "camden", "min_salary": "50000", "q": "engineer"}

    rss = ET.fromstring(client.get(RSS_URL, query).content)
    assert [item.findtext("link") for item in rss.findall("./channel/item")] == [
        f"http://testserver{camden.get_absolute_url()}"
    ]
    title = rss.findtext("./channel/title")
    assert "Borough: Camden" in title
    assert "Minimum salary: £50,000 or more" in title
    assert rss.findtext("./channel/link").startswith("http://testserver/jobs/?")

    atom = ET.fromstring(client.get(ATOM_URL, query).content)
    assert len(atom.findall(f"{ATOM}entry")) == 1
    assert "Borough: Camden" in atom.findtext(f"{ATOM}title")


def test_feeds_leave_out_bad_filter_values(client):
    live_job()
    response = client.get(RSS_URL, {"organisation": "atlantis", "min_salary": "abc", "sort": "bogus"})
    assert len(rss_items(response)) == 1


@pytest.mark.parametrize("url", [RSS_URL, ATOM_URL])
def test_control_characters_in_the_search_do_not_break_a_feed(client, url):
    live_job(title="Data analyst")
    response = client.get(url, {"q": "\x08analyst\x00\ufffe"})
    assert response.status_code == 200
    assert "Search: \u2018analyst\u2019" in ET.fromstring(response.content).findtext(".//{*}title")


def test_feeds_stop_at_fifty_jobs(client):
    live_copies(live_job(), 59)
    assert len(rss_items(client.get(RSS_URL))) == 50
    assert len(atom_entries(client.get(ATOM_URL))) == 50


def queries_for(client, url, params) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize("url", [RSS_URL, ATOM_URL])
@pytest.mark.parametrize("params", [{}, {"organisation": "hackney", "q": "analyst", "level": "mid"}])
def test_feeds_make_the_same_few_queries_for_one_job_as_for_500(
    client, django_assert_max_num_queries, url, params
):
    job = live_job(title="Data analyst")
    with django_assert_max_num_queries(6):
        one = queries_for(client, url, params)
    live_copies(job, 499)
    with django_assert_max_num_queries(6):
        many = queries_for(client, url, params)
    assert one == many


@settings(deadline=None, max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    query=st.dictionaries(
        st.sampled_from([*FILTER_PARAMS, "sort"]),
        st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=30), min_size=1, max_size=3),
        max_size=5,
    ),
    url=st.sampled_from([RSS_URL, ATOM_URL]),
)
def test_no_query_string_breaks_a_feed(client, query, url):
    if not Job.objects.exists():
        live_job()
    assert client.get(url, query).status_code == 200


@pytest.mark.postgres
def test_postgres_feed_search_uses_full_text(client):
    wanted = live_job(description="<p>Analysing our geospatial datasets.</p>")
    live_job(description="<p>Running user research.</p>")
    (item,) = rss_items(client.get(RSS_URL, {"q": "analyse geospatial"}))
    assert item.findtext("link") == f"http://testserver{wanted.get_absolute_url()}"
