from datetime import time, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.demo import DEMO_STAFF
from accounts.models import Organisation
from jobs.demo import DEFAULT_COUNT, PREFIX
from jobs.models import Job
from jobs.search import search_jobs
from jobs.services import _search_document
from loti_portal.richtext import clean_html
from tests.jobs.factories import JobFactory

LONDON = ZoneInfo("Europe/London")
DEMO_STAFF_EMAILS = {email for email, _name, _lead in DEMO_STAFF}

pytestmark = pytest.mark.django_db


def seed_demo(**options):
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def demo_jobs():
    return Job.objects.filter(reference__startswith=PREFIX)


def test_seeding_twice_keeps_the_same_demo_jobs():
    JobFactory()
    seed_demo()
    first = set(demo_jobs().values_list("pk", "reference", "title"))

    output = seed_demo()

    assert len(first) == DEFAULT_COUNT
    assert set(demo_jobs().values_list("pk", "reference", "title")) == first
    assert f"Demo jobs: {DEFAULT_COUNT} in place." in output
    assert Job.objects.exclude(reference__startswith=PREFIX).count() == 1


def test_jobs_option_sets_the_total_keeping_jobs_already_in_place():
    seed_demo(jobs=50)
    assert demo_jobs().count() == 50
    kept = set(demo_jobs().values_list("pk", flat=True))

    seed_demo(jobs=80)
    assert demo_jobs().count() == 80
    assert kept <= set(demo_jobs().values_list("pk", flat=True))

    output = seed_demo(jobs=30)
    assert demo_jobs().count() == 30
    assert "50 removed" in output
    assert set(demo_jobs().values_list("reference", flat=True)) == {f"{PREFIX}{n:06d}" for n in range(1, 31)}


def test_every_demo_job_is_valid_and_indexed_as_the_services_index_it():
    seed_demo()
    now = timezone.now()
    jobs = list(demo_jobs().with_related().select_related("created_by"))
    assert len(jobs) == DEFAULT_COUNT
    for job in jobs:
        job.full_clean()
        assert job.salary_max >= job.salary_min >= 23_000
        assert job.search_document == _search_document(job)
        assert job.description == clean_html(job.description)
        assert job.apply_url.startswith("https://jobs.")
        assert job.apply_url.endswith(f"/vacancies/{job.reference.lower()}")
        assert timezone.localtime(job.closes_at, LONDON).time() in (time(23, 55), time(12, 0))
        if job.working_pattern != Job.WorkingPattern.PART_TIME:
            assert job.hours_per_week in (35, 36)
        if job.status in (Job.Status.PUBLISHED, Job.Status.CLOSED, Job.Status.EXPIRED):
            assert now - timedelta(weeks=8) <= job.published_at <= now
        else:
            assert job.published_at is None
        if job.status == Job.Status.PUBLISHED:
            assert now < job.closes_at <= now + timedelta(weeks=6, days=1)
        if job.status == Job.Status.EXPIRED:
            assert job.published_at < job.closes_at < job.ended_at <= now


def test_open_jobs_are_spread_over_the_boroughs():
    seed_demo()

    visible = demo_jobs().visible()
    boroughs_with_jobs = set(demo_jobs().values_list("organisation__slug", flat=True))

    assert visible.count() >= DEFAULT_COUNT * 0.7
    assert visible.values("organisation").distinct().count() >= 25
    assert boroughs_with_jobs == set(Organisation.objects.boroughs().values_list("slug", flat=True))
    statuses = set(demo_jobs().values_list("status", flat=True))
    assert {Job.Status.CLOSED, Job.Status.EXPIRED} <= statuses


def test_jobs_awaiting_work_belong_to_the_demo_staff_boroughs_and_are_theirs():
    seed_demo()

    pending = (
        demo_jobs()
        .filter(status__in=[Job.Status.DRAFT, Job.Status.SUBMITTED, Job.Status.REJECTED])
        .select_related("created_by")
    )

    assert {job.status for job in pending} == {Job.Status.DRAFT, Job.Status.SUBMITTED, Job.Status.REJECTED}
    for job in pending:
        assert job.created_by.email in DEMO_STAFF_EMAILS
        assert job.created_by.memberships.filter(organisation=job.organisation).exists()
        assert bool(job.rejection_reason) == (job.status == Job.Status.REJECTED)
        assert (job.submitted_at is None) == (job.status == Job.Status.DRAFT)


def test_search_finds_demo_jobs_by_a_word_of_their_description():
    seed_demo(jobs=100)

    found = search_jobs(demo_jobs(), "dashboards")

    assert 0 < found.count() < 100
    assert all("dashboards" in job.description for job in found)
