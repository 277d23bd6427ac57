"""Celery tasks for job alerts: each takes ids, calls one service, and is safe to run twice."""

from __future__ import annotations

import smtplib
from dataclasses import asdict
from datetime import date, timedelta

from celery import shared_task
from django.utils import timezone

from .run import alerts_reconcile, alerts_run_week, alerts_send_batch, dispatch, run_time, week_of
from .services import alert_email_send, alerts_purge

SMTP_ERRORS = (smtplib.SMTPException, OSError)
EARLY_START = timedelta(hours=1)


@shared_task(bind=True, acks_late=True)
def start_weekly_alerts(self, week_iso: str | None = None) -> dict:
    """Monday 07:00 (beat): match the week's alerts, record their deliveries, fan out the batches.

    Safe to repeat: a second run creates no rows and sends again only the rows still waiting. Started
    a little before the run's time (a worker whose clock is behind beat's), it waits for it.
    """
    week = date.fromisoformat(week_iso) if week_iso else None
    early = run_time(week or week_of(timezone.now())) - timezone.now()
    if timedelta(0) < early <= EARLY_START:
        raise self.retry(countdown=early.total_seconds() + 1, max_retries=None)
    outcome = alerts_run_week(week=week)
    batches = dispatch(outcome.waiting, send_alert_batch.delay)
    return {"week": outcome.run.week.isoformat(), "created": outcome.created, "batches": batches}


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=SMTP_ERRORS,
    retry_backoff=60,
    retry_backoff_max=1800,
    retry_jitter=True,
    max_retries=5,
)
def send_alert_batch(self, delivery_ids: list[int]) -> dict:
    """Send the digests of `delivery_ids` still waiting (claimed by a conditional UPDATE first).

    Mail errors hand the unsent rows back and retry with exponential backoff; after the last retry the
    reconciler picks the rows up again until they run out of attempts.
    """
    return asdict(alerts_send_batch(delivery_ids=delivery_ids))


@shared_task(acks_late=True)
def reconcile_alert_deliveries() -> int:
    """Every 10 minutes (beat): send again the digests whose batch died mid-send. Returns how many."""
    ids = alerts_reconcile()
    dispatch(ids, send_alert_batch.delay)
    return len(ids)


@shared_task(acks_late=True)
def purge_alert_data() -> dict:
    """Daily (beat): delete unconfirmed alerts after 7 days, anonymise unsubscribed ones after 30."""
    return asdict(alerts_purge())


@shared_task(
    acks_late=True, autoretry_for=SMTP_ERRORS, retry_backoff=30, retry_backoff_max=1800, max_retries=8
)
def send_alert_email(subscription_id: int, log_id: int, kind: str) -> bool:
    """The confirmation email (or the reminder of an existing alert) asked for by log row `log_id`, once."""
    return alert_email_send(subscription_id=subscription_id, log_id=log_id, kind=kind)
