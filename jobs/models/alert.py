"""Weekly job alerts: who subscribed to which search, and one delivery row per subscription per week.

A subscription's filters are the jobs list's normalised query (the same pairs as the list's URL), so an
alert matches exactly what the list shows for them. `filter_key` (a hash of that query) lets the weekly
run match each distinct set of filters once, however many people share it.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q


def new_secret() -> str:
    return secrets.token_urlsafe(12)


class AlertSubscription(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    class Reason(models.TextChoices):
        FOUND_JOB = "found_job", "I found a job"
        NOT_RELEVANT = "not_relevant", "The jobs are not relevant to me"
        TOO_MANY = "too_many", "I get too many emails"
        NOT_LOOKING = "not_looking", "I am no longer looking for a job"
        NEVER_SIGNED_UP = "never_signed_up", "I did not sign up for these emails"
        OTHER = "other", "Another reason"
        ONE_CLICK = "one_click", "Unsubscribed from the email program (one click)"

    # Stored lower-cased; blank once the retention task has anonymised an unsubscribed alert.
    email = models.EmailField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="job_alerts",
        help_text="The account that set the alert up, when it was made while signed in.",
    )
    # The jobs list's normalised query: [["organisation", "camden"], ["q", "data"], ...] in a fixed order.
    query = models.JSONField(default=list, blank=True)
    filter_key = models.CharField(max_length=64, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    # Part of every link's signature: a new secret makes every link sent so far stop working.
    secret = models.CharField(max_length=32, default=new_secret, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    unsubscribe_reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    unsubscribe_feedback = models.TextField(max_length=1000, blank=True)
    # The end of the last week's window that the weekly run covered for this alert: the next digest
    # has the jobs published after it.
    last_digest_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["email", "filter_key"],
                condition=~Q(email=""),
                name="jobs_alert_one_per_email_filters",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "confirmed_at"], name="jobs_alert_due"),
            models.Index(fields=["email"], name="jobs_alert_email"),
        ]

    def __str__(self):
        return f"Alert {self.pk} ({self.get_status_display()})"

    @property
    def is_live(self) -> bool:
        """Confirmed and not ended: the person can manage it."""
        return self.status in (self.Status.ACTIVE, self.Status.PAUSED)


class AlertConfirmationLog(models.Model):
    """One row per confirmation email asked for, keyed by a keyed hash of the address (not the address).

    Counts the "at most 3 confirmation emails an address a day" limit in the database, so that it holds
    across processes and restarts; `emailed_at` is claimed by the task that sends it, so a repeated task
    sends nothing more. Rows older than two days are purged.
    """

    email_digest = models.CharField(max_length=64)
    requested_at = models.DateTimeField()
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["email_digest", "requested_at"], name="jobs_alert_confirm_log")]

    def __str__(self):
        return f"Confirmation email asked for at {self.requested_at:%Y-%m-%d %H:%M}"


class AlertRun(models.Model):
    """One weekly run: when it matched and finished, and what it found. A re-run uses the same row."""

    week = models.DateField(unique=True, help_text="The Monday of the run's week (Europe/London).")
    run_at = models.DateTimeField(help_text="The end of the week's window: Monday 07:00 London time.")
    started_at = models.DateTimeField()
    matched_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    due_count = models.PositiveIntegerField(default=0)
    new_job_count = models.PositiveIntegerField(default=0)
    delivery_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    match_seconds = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-week"]

    def __str__(self):
        return f"Job alerts for the week of {self.week:%d %B %Y}"


class AlertDelivery(models.Model):
    """This week's digest for one subscription: created by the run before anything is sent.

    claimed: waiting to be sent (created, or handed back after a failure); sending: claimed by a batch
    (claim_token) until claimed_at + the lease; sent; failed (refused by the mail server, or out of
    attempts); skipped (nothing to send after all, or the alert's filters no longer exist).
    """

    class Status(models.TextChoices):
        CLAIMED = "claimed", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped"

    subscription = models.ForeignKey(AlertSubscription, on_delete=models.CASCADE, related_name="deliveries")
    week = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CLAIMED)
    # The newest matching jobs (at most 50), newest first, and how many matched in all.
    job_ids = models.JSONField(default=list, blank=True)
    total_jobs = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name_plural = "alert deliveries"
        constraints = [
            models.UniqueConstraint(fields=["subscription", "week"], name="jobs_alert_one_delivery_a_week"),
        ]
        indexes = [
            models.Index(fields=["week", "status"], name="jobs_alert_delivery_week"),
            models.Index(fields=["claim_token"], name="jobs_alert_delivery_claim"),
        ]

    def __str__(self):
        return f"Digest {self.pk} for the week of {self.week:%d %B %Y} ({self.get_status_display()})"
