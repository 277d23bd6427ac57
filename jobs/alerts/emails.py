"""The alert emails: the weekly digest (text and HTML, bulk-sender headers) and the confirmation emails.

A digest is rendered per subscriber, but each job's part is rendered once per batch and each distinct
search's description once, so a batch of 200 digests costs 200 small renders plus the jobs they share.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString

from ..models import AlertDelivery, AlertSubscription, Job
from .filters import describe, list_url
from .tokens import CONFIRM_MAX_AGE, make_token

CLOSING_SOON = timedelta(days=3)


def mail_domain() -> str:
    """The domain the portal sends from ("skills.loti.london"), from DEFAULT_FROM_EMAIL."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return address.rpartition("@")[2].lower() or "localhost"


def list_id() -> str:
    return f"LOTI Skills Portal job alerts <job-alerts.{mail_domain()}>"


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def confirm_url(subscription: AlertSubscription) -> str:
    return _absolute(reverse("alerts:confirm", kwargs={"token": make_token(subscription, "confirm")}))


def manage_url(subscription: AlertSubscription) -> str:
    return _absolute(reverse("alerts:manage", kwargs={"token": make_token(subscription, "manage")}))


def unsubscribe_url(subscription: AlertSubscription) -> str:
    return _absolute(reverse("alerts:unsubscribe", kwargs={"token": make_token(subscription, "unsubscribe")}))


@dataclass
class JobPart:
    text: str
    html: SafeString


class DigestRenderer:
    """Builds digests for one batch. `now` decides "closing soon" (closing within 3 days)."""

    def __init__(self, *, now: datetime):
        self.now = now
        self._parts: dict[int, JobPart] = {}
        self._descriptions: dict[str, tuple[str, str]] = {}

    def job_part(self, job: Job) -> JobPart:
        part = self._parts.get(job.pk)
        if part is None:
            context = {
                "job": job,
                "url": _absolute(job.get_absolute_url()),
                "closing_soon": job.closes_at <= self.now + CLOSING_SOON,
            }
            part = JobPart(
                text=render_to_string("jobs/email/includes/alert_job.txt", context).strip(),
                html=SafeString(render_to_string("jobs/email/includes/alert_job.html", context)),
            )
            self._parts[job.pk] = part
        return part

    def _search(self, subscription: AlertSubscription) -> tuple[str, str]:
        found = self._descriptions.get(subscription.filter_key)
        if found is None:
            found = (describe(subscription.query), list_url(subscription.query))
            self._descriptions[subscription.filter_key] = found
        return found

    def message(
        self, *, subscription: AlertSubscription, delivery: AlertDelivery, jobs: list[Job], total: int
    ) -> EmailMultiAlternatives:
        description, search_url = self._search(subscription)
        unsubscribe = unsubscribe_url(subscription)
        parts = [self.job_part(job) for job in jobs]
        context = {
            "subscription": subscription,
            "parts": parts,
            "shown": len(parts),
            "total": max(total, len(parts)),
            "description": description,
            "search_url": search_url,
            "manage_url": manage_url(subscription),
            "unsubscribe_url": unsubscribe,
            "subscribed_on": subscription.confirmed_at or subscription.created_at,
            "site_url": settings.SITE_URL,
        }
        message = EmailMultiAlternatives(
            subject=" ".join(render_to_string("jobs/email/alert_digest_subject.txt", context).split()),
            body=render_to_string("jobs/email/alert_digest.txt", context),
            to=[subscription.email],
            headers={
                # RFC 2369 and RFC 8058: mail programs offer a one-click unsubscribe that POSTs here.
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "List-Id": list_id(),
                # The same id if a digest ever has to be sent again, so mailboxes that de-duplicate by
                # Message-ID show it once.
                "Message-ID": f"<job-alert-{delivery.pk}.{delivery.week:%Y%m%d}@{mail_domain()}>",
                "Auto-Submitted": "auto-generated",
            },
        )
        message.attach_alternative(render_to_string("jobs/email/alert_digest.html", context), "text/html")
        return message


def confirmation_message(subscription: AlertSubscription, kind: str) -> EmailMultiAlternatives:
    """The double opt-in email ("confirm"), or a reminder of an alert the address already has ("existing")."""
    context = {
        "subscription": subscription,
        "description": describe(subscription.query),
        "search_url": list_url(subscription.query),
        "site_url": settings.SITE_URL,
        "valid_days": CONFIRM_MAX_AGE.days,
    }
    if kind == "confirm":
        context["confirm_url"] = confirm_url(subscription)
    else:
        context["manage_url"] = manage_url(subscription)
    template = "alert_confirm" if kind == "confirm" else "alert_existing"
    message = EmailMultiAlternatives(
        subject=" ".join(render_to_string(f"jobs/email/{template}_subject.txt", context).split()),
        body=render_to_string(f"jobs/email/{template}.txt", context),
        to=[subscription.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(render_to_string(f"jobs/email/{template}.html", context), "text/html")
    return message
