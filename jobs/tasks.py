from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

# The job alerts' tasks live in jobs.alerts; importing them here has Celery's autodiscovery (which imports
# jobs.tasks) register them.
from .alerts.tasks import (
    purge_alert_data,
    reconcile_alert_deliveries,
    send_alert_batch,
    send_alert_email,
    start_weekly_alerts,
)
from .models import Job
from .services import jobs_expire

__all__ = [
    "expire_jobs",
    "purge_alert_data",
    "reconcile_alert_deliveries",
    "send_alert_batch",
    "send_alert_email",
    "send_job_decision_email",
    "start_weekly_alerts",
]


@shared_task(acks_late=True)
def expire_jobs() -> int:
    """Hourly: published jobs past their closing time become expired. Idempotent (one conditional UPDATE)."""
    return jobs_expire()


@shared_task(
    acks_late=True, autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8
)
def send_job_decision_email(job_id: int, decision: str) -> bool:
    """Tell the poster their job was approved or rejected.

    Sends only while the job is still in the state the decision made (`decision`), so a retry after the
    job moved on sends nothing stale. Returns whether an email was sent.
    """
    job = Job.objects.select_related("organisation", "created_by").filter(pk=job_id, status=decision).first()
    if job is None or job.created_by is None or decision not in (Job.Status.PUBLISHED, Job.Status.REJECTED):
        return False
    context = {"job": job, "site_url": settings.SITE_URL}
    template = "published" if decision == Job.Status.PUBLISHED else "rejected"
    subject = render_to_string(f"jobs/email/{template}_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"jobs/email/{template}.txt", context),
        to=[job.created_by.email],
    )
    message.attach_alternative(render_to_string(f"jobs/email/{template}.html", context), "text/html")
    message.send()
    return True
