from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Organisation
from capability.models import Level, Role
from jobs import services
from jobs.models import Job
from jobs.services import JobTransitionError
from jobs.tasks import expire_jobs
from tests.accounts.factories import UserFactory, loti_admin
from tests.jobs.factories import JobFactory

pytestmark = pytest.mark.django_db


def job_data(**overrides):
    data = {
        "title": "Data Analyst",
        "reference": "HK1234",
        "summary": "Turn data into better services for Hackney's residents.",
        "description": "You will work with housing teams.\n\n- Build dashboards\n- Teach others",
        "role": Role.objects.get(slug="data-analyst"),
        "level": Level.objects.get(slug="mid"),
        "grade_label": "PO4",
        "salary_min": 42_000,
        "salary_max": 47_500,
        "london_weighting_included": True,
        "contract_type": Job.ContractType.PERMANENT,
        "working_pattern": Job.WorkingPattern.FULL_TIME,
        "workplace": Job.Workplace.HYBRID,
        "location": "Hackney Town Hall, Mare Street, E8",
        "hours_per_week": 36,
        "closes_at": timezone.now() + timedelta(days=14),
        "apply_url": "https://jobs.example.gov.uk/vacancy/1",
        "contact_email": "",
    }
    return {**data, **overrides}


@pytest.fixture
def hackney():
    return Organisation.objects.get(slug="hackney")


def test_create_makes_a_sanitised_searchable_draft(hackney):
    poster = UserFactory()
    job = services.job_create(
        organisation=hackney,
        by=poster,
        data=job_data(description="<p>Hello</p><script>alert(1)</script><p onclick='x()'>there</p>"),
    )
    assert job.status == Job.Status.DRAFT
    assert job.created_by == poster
    assert job.description == "<p>Hello</p><p>there</p>"
    assert "Data Analyst" in job.search_document
    assert "London Borough of Hackney" in job.search_document
    assert "Data" in job.search_document


def test_plain_text_description_gets_paragraphs_and_lists(hackney):
    job = services.job_create(organisation=hackney, by=None, data=job_data())
    assert job.description == (
        "<p>You will work with housing teams.</p><ul><li>Build dashboards</li><li>Teach others</li></ul>"
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"apply_url": "javascript:alert(1)"}, "apply_url"),
        ({"apply_url": "ftp://files.example.org/job"}, "apply_url"),
        ({"salary_min": 50_000, "salary_max": 40_000}, "__all__"),
        ({"closes_at": timezone.now() - timedelta(minutes=1)}, "closes_at"),
        ({"title": ""}, "title"),
    ],
)
def test_create_refuses_bad_data_and_saves_nothing(hackney, overrides, field):
    with pytest.raises(ValidationError) as error:
        services.job_create(organisation=hackney, by=None, data=job_data(**overrides))
    assert field in error.value.message_dict
    assert not Job.objects.exists()


def test_workflow_from_draft_to_published(hackney, django_capture_on_commit_callbacks):
    poster = UserFactory(email="poster@hackney.gov.uk")
    job = services.job_create(organisation=hackney, by=poster, data=job_data())
    job = services.job_submit(job=job, by=poster)
    assert job.status == Job.Status.SUBMITTED
    assert job.submitted_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        job = services.job_publish(job=job, by=loti_admin())
    assert job.status == Job.Status.PUBLISHED
    assert job.published_at is not None
    assert Job.objects.visible().get() == job
    [email] = mail.outbox
    assert email.to == ["poster@hackney.gov.uk"]
    assert "Your job is live: Data Analyst" in email.subject
    assert job.get_absolute_url() in email.body
    assert email.alternatives[0][1] == "text/html"


def test_rejection_emails_the_reason_and_allows_resubmission(django_capture_on_commit_callbacks):
    poster = UserFactory(email="poster@hackney.gov.uk")
    job = services.job_submit(job=JobFactory(created_by=poster), by=poster)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.job_reject(job=job, by=loti_admin(), reason="Add the salary band's spine points.")
    assert job.status == Job.Status.REJECTED
    assert "Add the salary band's spine points." in mail.outbox[0].body
    assert "Add the salary band" in mail.outbox[0].alternatives[0][0]

    job = services.job_update(job=job, by=poster, data={"grade_label": "PO4 (SCP 38 to 41)"})
    job = services.job_submit(job=job, by=poster)
    assert job.status == Job.Status.SUBMITTED
    assert job.rejection_reason == ""


def test_rejection_needs_a_reason():
    job = JobFactory(status=Job.Status.SUBMITTED)
    with pytest.raises(ValidationError):
        services.job_reject(job=job, by=None, reason="  ")
    job.refresh_from_db()
    assert job.status == Job.Status.SUBMITTED
    assert not mail.outbox


@pytest.mark.parametrize(
    ("status", "transition"),
    [
        (Job.Status.DRAFT, lambda job: services.job_publish(job=job, by=None)),
        (Job.Status.PUBLISHED, lambda job: services.job_submit(job=job, by=None)),
        (Job.Status.PUBLISHED, lambda job: services.job_update(job=job, by=None, data={"title": "X"})),
        (Job.Status.DRAFT, lambda job: services.job_close(job=job, by=None)),
        (Job.Status.REJECTED, lambda job: services.job_reject(job=job, by=None, reason="again")),
        (Job.Status.PUBLISHED, lambda job: services.job_archive(job=job, by=None)),
    ],
)
def test_transitions_refuse_the_wrong_state(status, transition):
    job = JobFactory(status=status)
    with pytest.raises(JobTransitionError):
        transition(job)
    assert Job.objects.get(pk=job.pk).status == status


def test_publish_refuses_a_job_whose_closing_time_passed():
    job = JobFactory(status=Job.Status.SUBMITTED, closes_at=timezone.now() + timedelta(hours=1))
    with time_machine.travel(timezone.now() + timedelta(hours=2)), pytest.raises(JobTransitionError):
        services.job_publish(job=job, by=None)


def test_close_and_archive():
    job = JobFactory(status=Job.Status.PUBLISHED)
    job = services.job_close(job=job, by=None)
    assert job.status == Job.Status.CLOSED
    assert job.ended_at is not None
    assert not Job.objects.visible().exists()
    assert services.job_archive(job=job, by=None).status == Job.Status.ARCHIVED


def test_duplicate_copies_into_a_new_draft_with_a_future_closing_date():
    original = JobFactory(status=Job.Status.EXPIRED, closes_at=timezone.now() - timedelta(days=3))
    poster = UserFactory()
    copy = services.job_duplicate(job=original, by=poster)
    assert copy.pk != original.pk
    assert copy.status == Job.Status.DRAFT
    assert copy.title == original.title
    assert copy.organisation == original.organisation
    assert copy.reference == ""
    assert copy.closes_at > timezone.now()
    assert copy.created_by == poster


def test_default_closing_time_is_1155pm_in_london_even_in_summer():
    with time_machine.travel("2026-06-01 10:00 +01:00"):
        closing = services.default_closing_time()
    assert closing.isoformat() == "2026-06-29T23:55:00+01:00"


def test_expiry_is_idempotent():
    due = JobFactory(status=Job.Status.PUBLISHED, closes_at=timezone.now() + timedelta(hours=1))
    open_job = JobFactory(status=Job.Status.PUBLISHED, closes_at=timezone.now() + timedelta(days=3))
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert services.jobs_expire() == 1
        assert expire_jobs.delay().get() == 0
    due.refresh_from_db()
    open_job.refresh_from_db()
    assert due.status == Job.Status.EXPIRED
    assert due.ended_at is not None
    assert open_job.status == Job.Status.PUBLISHED


def test_decision_email_is_not_sent_when_the_job_moved_on():
    from jobs.tasks import send_job_decision_email

    job = JobFactory(status=Job.Status.PUBLISHED, created_by=UserFactory())
    assert send_job_decision_email(job.pk, Job.Status.REJECTED) is False
    assert send_job_decision_email(job.pk, Job.Status.PUBLISHED) is True
    assert len(mail.outbox) == 1


def test_counters_count():
    job = JobFactory(status=Job.Status.PUBLISHED)
    services.job_record_view(job=job)
    services.job_record_view(job=job)
    services.job_record_apply(job=job)
    job.refresh_from_db()
    assert (job.view_count, job.apply_count) == (2, 1)


def test_add_to_library_creates_one_submitted_jd_linked_to_the_job():
    poster = UserFactory()
    job = JobFactory(status=Job.Status.PUBLISHED, created_by=poster, title="Data analyst")
    job = services.job_add_to_library(job=job, by=poster)
    jd = job.jd
    assert jd.status == jd.Status.SUBMITTED
    assert (jd.title, jd.organisation, jd.role, jd.level) == (
        job.title,
        job.organisation,
        job.role,
        job.level,
    )
    assert (jd.salary_min, jd.salary_max) == (job.salary_min, job.salary_max)
    assert jd.purpose == f"<p>{job.summary}</p>"
    assert jd.responsibilities == job.description
    assert services.job_add_to_library(job=job, by=poster).jd == jd
