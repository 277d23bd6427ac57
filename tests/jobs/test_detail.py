from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from capability.models import Level, Role
from jobs.models import Job
from tests.jobs.factories import JobFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


def counts(job) -> tuple[int, int]:
    job.refresh_from_db(fields=["view_count", "apply_count"])
    return job.view_count, job.apply_count


def live_job(**kwargs) -> Job:
    return JobFactory(status=Job.Status.PUBLISHED, **kwargs)


# The page for each status


@pytest.mark.parametrize("status", [Job.Status.DRAFT, Job.Status.SUBMITTED, Job.Status.REJECTED])
def test_jobs_never_advertised_are_not_found(client, status):
    job = JobFactory(status=status)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("jobs:detail-short", kwargs={"pk": job.pk})).status_code == 404
    assert client.get(reverse("jobs:apply", kwargs={"pk": job.pk})).status_code == 404
    assert counts(job) == (0, 0)


def test_missing_job_is_not_found(client):
    assert (
        client.get(reverse("jobs:detail", kwargs={"pk": 999_999, "slug": "data-analyst"})).status_code == 404
    )


def test_open_job_shows_everything_a_candidate_needs(client):
    job = live_job(
        title="Senior service designer",
        organisation__slug="hackney",
        role=Role.objects.get(slug="service-designer"),
        level=Level.objects.get(slug="senior"),
        grade_label="PO6",
        salary_min=52_110,
        salary_max=55_962,
        london_weighting_included=True,
        contract_type=Job.ContractType.FIXED_TERM,
        working_pattern=Job.WorkingPattern.PART_TIME,
        workplace=Job.Workplace.HYBRID,
        location="Hackney Town Hall, Mare Street, E8",
        hours_per_week=Decimal("22.5"),
        closes_at=datetime(2030, 1, 23, 23, 55, tzinfo=UTC),
        published_at=datetime(2029, 12, 20, 9, 0, tzinfo=UTC),
        reference="HK0731",
        summary="Lead the redesign of housing repairs with residents.",
        description="<p>Work with <strong>residents</strong>.</p><ul><li>Run research</li></ul>",
        contact_email="digital.jobs@hackney.gov.uk",
    )
    response = client.get(job.get_absolute_url())
    assert response.status_code == 200
    assert [t.name for t in response.templates][:2] == ["jobs/detail.html", "base.html"]
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert '<h1 class="govuk-heading-l">Senior service designer</h1>' in page
    for text in (
        "London Borough of Hackney",
        "£52,110 to £55,962 a year, including London weighting",
        "PO6",
        "Service designer",
        "Senior",
        "Fixed term",
        "Part time, 22.5 hours a week",
        "Hybrid",
        "Hackney Town Hall, Mare Street, E8",
        "Closes 11:55pm on Wednesday 23 January 2030",
        "20 December 2029",
        "HK0731",
        "Lead the redesign of housing repairs with residents.",
        "<p>Work with <strong>residents</strong>.</p><ul><li>Run research</li></ul>",
        'href="mailto:digital.jobs@hackney.gov.uk"',
    ):
        assert text in page, text
    assert job.role.family.name in page
    assert "This job has closed" not in page
    apply_url = reverse("jobs:apply", kwargs={"pk": job.pk})
    assert f'<a href="{apply_url}" rel="nofollow" role="button"' in page
    assert "govuk-button--start" in page
    assert job.apply_url not in page


def test_salary_without_london_weighting_says_nothing_about_it(client):
    job = live_job(london_weighting_included=False, salary_min=40_000, salary_max=40_000)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "£40,000 a year" in page
    assert "London weighting" not in page


@pytest.mark.parametrize("status", [Job.Status.CLOSED, Job.Status.EXPIRED, Job.Status.ARCHIVED])
def test_ended_job_still_answers_saying_it_has_closed(client, status):
    job = JobFactory(status=status, closes_at=timezone.now() - timedelta(days=2), ended_at=timezone.now())
    response = client.get(job.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "This job has closed" in page
    assert "Apply for this job" not in page
    assert reverse("jobs:apply", kwargs={"pk": job.pk}) not in page
    assert "application/ld+json" not in page
    assert counts(job) == (0, 0)


def test_job_closed_early_gives_the_time_the_borough_closed_it(client):
    closes_at = datetime(2030, 3, 1, 23, 55, tzinfo=UTC)
    with time_machine.travel(datetime(2030, 2, 10, 10, 0, tzinfo=UTC)):
        job = JobFactory(status=Job.Status.CLOSED, closes_at=closes_at, ended_at=timezone.now())
        page = client.get(job.get_absolute_url()).content.decode()
    assert "It stopped taking applications at 10am on Sunday 10 February 2030" in page


def test_published_job_past_its_closing_time_reads_as_closed_before_expiry_runs(client):
    job = live_job(closes_at=timezone.now() - timedelta(minutes=5))
    response = client.get(job.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "This job has closed" in page
    assert "Apply for this job" not in page
    assert counts(job) == (0, 0)


# Addresses


def test_wrong_slug_redirects_permanently_to_the_canonical_address(client):
    job = live_job(title="Data analyst")
    response = client.get(reverse("jobs:detail", kwargs={"pk": job.pk, "slug": "old-title"}))
    assert response.status_code == 301
    assert response.headers["Location"] == f"/jobs/{job.pk}-data-analyst/"


def test_short_address_redirects_to_the_canonical_one(client):
    job = live_job(title="Delivery manager")
    response = client.get(reverse("jobs:detail-short", kwargs={"pk": job.pk}))
    assert response.status_code == 301
    assert response.headers["Location"] == job.get_absolute_url()


def test_page_names_its_canonical_address(client):
    job = live_job()
    page = client.get(job.get_absolute_url()).content.decode()
    assert f'<link rel="canonical" href="http://testserver{job.get_absolute_url()}">' in page


def test_job_page_is_not_a_form(client):
    assert client.post(live_job().get_absolute_url()).status_code == 405


# View counts


def test_a_person_reading_an_open_job_counts_as_a_view(client):
    job = live_job()
    client.get(job.get_absolute_url(), headers={"user-agent": BROWSER})
    client.get(job.get_absolute_url())
    assert counts(job) == (2, 0)


def test_head_requests_are_not_views(client):
    job = live_job()
    assert client.head(job.get_absolute_url()).status_code == 200
    assert counts(job) == (0, 0)


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
        "SomeCrawler/1.0",
        "Baiduspider",
    ],
)
def test_robots_are_not_views(client, agent):
    job = live_job()
    assert client.get(job.get_absolute_url(), headers={"user-agent": agent}).status_code == 200
    assert counts(job) == (0, 0)


def test_slug_redirect_is_not_a_view(client):
    job = live_job()
    client.get(reverse("jobs:detail", kwargs={"pk": job.pk, "slug": "something-else"}))
    assert counts(job) == (0, 0)


# Query budget


def test_job_page_query_count_does_not_grow_with_other_jobs(client):
    job = live_job()
    with CaptureQueriesContext(connection) as alone:
        assert client.get(job.get_absolute_url()).status_code == 200
    JobFactory.create_batch(60, status=Job.Status.PUBLISHED)
    JobFactory.create_batch(20, status=Job.Status.CLOSED)
    with CaptureQueriesContext(connection) as crowded:
        assert client.get(job.get_absolute_url()).status_code == 200
    assert len(crowded) == len(alone)
    assert len(crowded) <= 6


def test_closed_job_page_stays_within_budget(client, django_assert_max_num_queries):
    job = JobFactory(status=Job.Status.EXPIRED, closes_at=timezone.now() - timedelta(days=1))
    JobFactory.create_batch(30, status=Job.Status.PUBLISHED)
    with django_assert_max_num_queries(6):
        assert client.get(job.get_absolute_url()).status_code == 200


# The Apply redirect


def test_apply_goes_to_the_stored_link_and_counts_once(client):
    job = live_job(apply_url="https://jobs.hackney.gov.uk/vacancy/HK0731")
    response = client.get(reverse("jobs:apply", kwargs={"pk": job.pk}), headers={"user-agent": BROWSER})
    assert response.status_code == 302
    assert response.headers["Location"] == "https://jobs.hackney.gov.uk/vacancy/HK0731"
    assert "no-store" in response.headers["Cache-Control"]
    assert counts(job) == (0, 1)


@pytest.mark.parametrize("param", ["next", "url", "redirect", "to"])
def test_apply_ignores_any_destination_in_the_request(client, param):
    job = live_job(apply_url="https://jobs.hackney.gov.uk/vacancy/1")
    response = client.get(reverse("jobs:apply", kwargs={"pk": job.pk}), {param: "https://evil.example/phish"})
    assert response.headers["Location"] == "https://jobs.hackney.gov.uk/vacancy/1"


def test_apply_head_request_redirects_without_counting(client):
    job = live_job()
    response = client.head(reverse("jobs:apply", kwargs={"pk": job.pk}))
    assert response.status_code == 302
    assert response.headers["Location"] == job.apply_url
    assert counts(job) == (0, 0)


def test_apply_by_a_robot_is_not_counted(client):
    job = live_job()
    client.get(reverse("jobs:apply", kwargs={"pk": job.pk}), headers={"user-agent": "Googlebot/2.1"})
    assert counts(job) == (0, 0)


def test_apply_is_not_a_post(client):
    job = live_job()
    assert client.post(reverse("jobs:apply", kwargs={"pk": job.pk})).status_code == 405
    assert counts(job) == (0, 0)


@pytest.mark.parametrize("status", [Job.Status.CLOSED, Job.Status.EXPIRED, Job.Status.ARCHIVED])
def test_apply_for_an_ended_job_goes_back_to_its_page_uncounted(client, status):
    job = JobFactory(status=status, closes_at=timezone.now() - timedelta(days=1))
    response = client.get(reverse("jobs:apply", kwargs={"pk": job.pk}))
    assert response.status_code == 302
    assert response.headers["Location"] == job.get_absolute_url()
    assert counts(job) == (0, 0)


def test_apply_after_the_closing_time_goes_back_to_the_page(client):
    job = live_job(closes_at=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("jobs:apply", kwargs={"pk": job.pk}))
    assert response.headers["Location"] == job.get_absolute_url()
    assert counts(job) == (0, 0)
