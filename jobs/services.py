"""Every write to jobs: the workflow's transitions, each in its own transaction.

draft -> submitted -> published -> closed (by the borough) | expired (past closing time)
                   -> rejected (with a reason) -> submitted again after editing
draft, rejected, closed, expired -> archived
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import Organisation, User
from jd_library.services import jd_create
from loti_portal.richtext import clean_html, html_to_text

from .models import Job

logger = logging.getLogger(__name__)
LONDON = ZoneInfo("Europe/London")

# The fields a borough fills in; everything else is the workflow's.
EDITABLE_FIELDS = [
    "title", "reference", "summary", "description", "role", "level", "grade_label", "salary_min",
    "salary_max", "london_weighting_included", "contract_type", "working_pattern", "workplace", "location",
    "hours_per_week", "closes_at", "apply_url", "contact_email",
]  # fmt: skip


JD_FIELDS_FROM_JOB = [
    "title", "role", "level", "grade_label", "salary_min", "salary_max", "london_weighting_included",
    "hours_per_week", "contract_type",
]  # fmt: skip
ARCHIVABLE = (Job.Status.DRAFT, Job.Status.REJECTED, Job.Status.CLOSED, Job.Status.EXPIRED)


class JobTransitionError(ValueError):
    """The job is not in a state that allows this change."""


def _search_document(job: Job) -> str:
    org = job.organisation
    parts = [
        job.title, org.name, org.short_name, job.role.name, job.role.family.name, job.level.name,
        job.grade_label, job.location, job.reference, job.summary, html_to_text(job.description),
    ]  # fmt: skip
    return " ".join(part for part in parts if part)


def _require(job: Job, allowed: tuple, action: str) -> None:
    if job.status not in allowed:
        raise JobTransitionError(f"A job that is {job.get_status_display().lower()} cannot be {action}.")


def _require_future_closing(job: Job, now: datetime) -> None:
    if job.closes_at <= now:
        raise ValidationError({"closes_at": "The closing date must be in the future."})


def _save(job: Job, *, fields: list[str] | None = None) -> None:
    job.description = clean_html(job.description)
    job.search_document = _search_document(job)
    job.full_clean(exclude=["created_by"])
    if fields is None:
        job.save()
    else:
        job.save(update_fields=[*fields, "description", "search_document", "updated_at"])


def job_create(*, organisation: Organisation, by: User | None, data: dict) -> Job:
    """A new draft for `organisation`. Raises ValidationError on bad data; nothing is saved then."""
    job = Job(organisation=organisation, created_by=by, status=Job.Status.DRAFT)
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(job, name, data[name])
    _require_future_closing(job, timezone.now())
    with transaction.atomic():
        _save(job)
    return job


def job_update(*, job: Job, by: User | None, data: dict) -> Job:
    """Change a draft or rejected job's details."""
    _require(job, Job.EDITABLE, "edited")
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(job, name, data[name])
    _require_future_closing(job, timezone.now())
    with transaction.atomic():
        _save(job)
    return job


def job_submit(*, job: Job, by: User | None) -> Job:
    """Send a draft (or a rejected job, once edited) to LOTI for approval."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        _require(job, Job.EDITABLE, "submitted")
        _require_future_closing(job, timezone.now())
        job.status = Job.Status.SUBMITTED
        job.submitted_at = timezone.now()
        job.rejection_reason = ""
        job.save(update_fields=["status", "submitted_at", "rejection_reason", "updated_at"])
    return job


def _notify_poster(job: Job) -> None:
    from .tasks import send_job_decision_email

    transaction.on_commit(lambda: send_job_decision_email.delay(job.pk, job.status))


def job_publish(*, job: Job, by: User | None) -> Job:
    """Approve a submitted job: it appears on the board at once. The poster is emailed after commit."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        _require(job, (Job.Status.SUBMITTED,), "approved")
        now = timezone.now()
        if job.closes_at <= now:
            raise JobTransitionError("This job's closing date has passed: ask the borough to change it.")
        job.status = Job.Status.PUBLISHED
        job.published_at = now
        job.save(update_fields=["status", "published_at", "updated_at"])
        _notify_poster(job)
    logger.info("job %s published by %s", job.pk, getattr(by, "pk", None))
    return job


def job_reject(*, job: Job, by: User | None, reason: str) -> Job:
    """Send a submitted job back to the borough with a reason, which is emailed to the poster."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the job is being rejected"})
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        _require(job, (Job.Status.SUBMITTED,), "rejected")
        job.status = Job.Status.REJECTED
        job.rejection_reason = reason
        job.save(update_fields=["status", "rejection_reason", "updated_at"])
        _notify_poster(job)
    return job


def job_close(*, job: Job, by: User | None) -> Job:
    """The borough stops advertising a published job before its closing time."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        _require(job, (Job.Status.PUBLISHED,), "closed")
        job.status = Job.Status.CLOSED
        job.ended_at = timezone.now()
        job.save(update_fields=["status", "ended_at", "updated_at"])
    return job


def job_archive(*, job: Job, by: User | None) -> Job:
    """Put away a job that is not live: it leaves dashboards, its page still says it has closed."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        _require(job, ARCHIVABLE, "archived")
        job.status = Job.Status.ARCHIVED
        job.ended_at = job.ended_at or timezone.now()
        job.save(update_fields=["status", "ended_at", "updated_at"])
    return job


def jobs_expire(*, now: datetime | None = None) -> int:
    """Mark published jobs past their closing time as expired. One conditional UPDATE: idempotent."""
    now = now or timezone.now()
    count = Job.objects.due_to_expire(now).update(status=Job.Status.EXPIRED, ended_at=now, updated_at=now)
    if count:
        logger.info("expired %s jobs", count)
    return count


def default_closing_time(now: datetime | None = None) -> datetime:
    """Four weeks ahead at 11:55pm London time, the usual closing time for council jobs."""
    day = timezone.localtime(now or timezone.now(), LONDON).date() + timedelta(days=28)
    return datetime.combine(day, time(23, 55), tzinfo=LONDON)


def job_duplicate(*, job: Job, by: User | None) -> Job:
    """A new draft copying `job`, for the same organisation, with a fresh closing date if it has passed."""
    copy = Job(organisation=job.organisation, created_by=by, status=Job.Status.DRAFT)
    for name in EDITABLE_FIELDS:
        setattr(copy, name, getattr(job, name))
    copy.reference = ""
    if copy.closes_at <= timezone.now():
        copy.closes_at = default_closing_time()
    with transaction.atomic():
        _save(copy)
    return copy


def job_record_view(*, job: Job) -> None:
    Job.objects.filter(pk=job.pk).update(view_count=F("view_count") + 1)


def job_record_apply(*, job: Job) -> None:
    Job.objects.filter(pk=job.pk).update(apply_count=F("apply_count") + 1)


def job_add_to_library(*, job: Job, by: User | None) -> Job:
    """ "Add this job description to the JD library": a submitted JD made from the job, linked to it.

    Idempotent: a job already linked to a JD keeps it. LOTI moderates the JD like any other upload.
    """
    if job.jd_id is not None:
        return job
    data = {name: getattr(job, name) for name in JD_FIELDS_FROM_JOB}
    data.update(
        purpose=job.summary,
        responsibilities=job.description,
        year_advertised=timezone.localdate(job.published_at or job.created_at or timezone.now()).year,
    )
    with transaction.atomic():
        jd = jd_create(organisation=job.organisation, by=by, data=data, submit=True)
        job.jd = jd
        job.save(update_fields=["jd", "updated_at"])
    return job
