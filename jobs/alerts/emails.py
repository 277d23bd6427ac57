"""The alert emails: the weekly digest (text and HTML, bulk-sender headers) and the confirmation emails.

A digest is rendered per subscriber, but each job's part is rendered once per worker process (kept across
batches while the job is unchanged) and each distinct search's description once per batch, so a week's
run costs one small render per digest plus one per job.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import formatdate, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString

from ..models import AlertDelivery, AlertSubscription, Job
from .filters import NO_FILTERS, describe, filterset_for, list_url
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


class _PartCache:
    """Rendered job parts kept by the process between batches, keyed by what a part shows: the job's
    version (updated_at) and whether it is closing soon. Bounded, and emptied after an hour, so that a
    change outside the job (its organisation's name) shows by the next run."""

    SIZE = 20_000
    SECONDS = 3600

    def __init__(self):
        self.clear()

    def clear(self) -> None:
        self.parts: dict[tuple, JobPart] = {}
        self.started = time.monotonic()

    def get(self, key: tuple) -> JobPart | None:
        if time.monotonic() - self.started > self.SECONDS:
            self.clear()
        return self.parts.get(key)

    def put(self, key: tuple, part: JobPart) -> None:
        if len(self.parts) >= self.SIZE:
            del self.parts[next(iter(self.parts))]
        self.parts[key] = part


_part_cache = _PartCache()


def clear_part_cache() -> None:
    _part_cache.clear()


# RFC 5322's limit on a line, without its CRLF.
MAX_LINE = 998


class DigestMessage(EmailMultiAlternatives):
    """A digest: Django's email message, which can also write its own bytes for SMTP.

    Django's message goes through the standard library's email package, whose generator folds every
    header and re-splits every body line: most of a digest's sending cost. A digest's shape is fixed (text
    and one HTML alternative, UTF-8, no attachments), so `smtp_bytes` writes the same MIME structure
    directly: multipart/alternative, then each part as 7bit or 8bit UTF-8. When anything falls outside
    what that covers (a header that is not plain ASCII, a line over 998 bytes), it returns Django's bytes.
    """

    def smtp_bytes(self) -> bytes:
        direct = self._direct_bytes()
        return direct if direct is not None else self.message().as_bytes(linesep="\r\n")

    def _direct_bytes(self) -> bytes | None:
        if self.cc or self.bcc or self.reply_to or self.attachments or len(self.alternatives) != 1:
            return None
        html, mimetype = self.alternatives[0]
        if mimetype != "text/html":
            return None
        headers = [
            ("Subject", self.subject),
            ("From", self.extra_headers.get("From", self.from_email)),
            ("To", ", ".join(self.to)),
        ]
        names = {name.lower() for name in self.extra_headers}
        if "date" not in names:
            headers.append(("Date", formatdate(localtime=settings.EMAIL_USE_LOCALTIME)))
        if "message-id" not in names:
            return None
        headers += [
            (name, value)
            for name, value in self.extra_headers.items()
            if name.lower() not in {"from", "to", "cc", "reply-to"}
        ]
        lines = []
        for name, value in headers:
            line = f"{name}: {value}"
            if not line.isascii() or "\n" in line or "\r" in line or len(line) > MAX_LINE:
                return None
            lines.append(line)
        parts = [_part_bytes(self.body, "plain"), _part_bytes(html, "html")]
        if None in parts:
            return None
        boundary = f"=_{secrets.token_hex(16)}"
        head = "\r\n".join(
            [f'Content-Type: multipart/alternative; boundary="{boundary}"', "MIME-Version: 1.0", *lines]
        )
        delimiter = f"\r\n--{boundary}\r\n".encode()
        return b"".join(
            [
                head.encode(),
                b"\r\n",
                delimiter,
                parts[0],
                delimiter,
                parts[1],
                f"\r\n--{boundary}--\r\n".encode(),
            ]
        )


def _part_bytes(text: str, subtype: str) -> bytes | None:
    """One text part with its headers, lines ending in CRLF; None if a line is over the limit."""
    body = text.replace("\r\n", "\n").replace("\r", "\n").encode()
    if any(len(line) > MAX_LINE for line in body.split(b"\n")):
        return None
    encoding = "7bit" if body.isascii() else "8bit"
    return (
        f'Content-Type: text/{subtype}; charset="utf-8"\r\nMIME-Version: 1.0\r\n'
        f"Content-Transfer-Encoding: {encoding}\r\n\r\n"
    ).encode() + body.replace(b"\n", b"\r\n")


class DigestRenderer:
    """Builds digests for one batch. `now` decides which jobs are still open and which are closing soon
    (closing within 3 days)."""

    def __init__(self, *, now: datetime):
        self.now = now
        self._descriptions: dict[str, tuple[str, str]] = {}
        # The digests' searches were checked when matched: one unbound filter set's labels describe them all.
        self._labels = filterset_for([])

    def open_jobs(self, job_ids: Iterable[int]) -> dict[int, JobPart]:
        """The parts of those of `job_ids` still published and open, by job id: one query for the jobs'
        versions, and the jobs themselves only for the parts this process has not rendered yet."""
        rows = Job.objects.published().filter(pk__in=job_ids, closes_at__gt=self.now)
        keys = {
            pk: (pk, updated_at, closes_at <= self.now + CLOSING_SOON)
            for pk, updated_at, closes_at in rows.values_list("pk", "updated_at", "closes_at")
        }
        parts = {pk: part for pk, key in keys.items() if (part := _part_cache.get(key)) is not None}
        missing = [pk for pk in keys if pk not in parts]
        if missing:
            for job in Job.objects.filter(pk__in=missing).with_related():
                key = keys[job.pk]
                parts[job.pk] = self._render_part(job, closing_soon=key[2])
                _part_cache.put(key, parts[job.pk])
        return parts

    def _render_part(self, job: Job, *, closing_soon: bool) -> JobPart:
        context = {"job": job, "url": _absolute(job.get_absolute_url()), "closing_soon": closing_soon}
        return JobPart(
            text=render_to_string("jobs/email/includes/alert_job.txt", context).strip(),
            html=SafeString(render_to_string("jobs/email/includes/alert_job.html", context)),
        )

    def _search(self, subscription: AlertSubscription) -> tuple[str, str]:
        found = self._descriptions.get(subscription.filter_key)
        if found is None:
            description = self._labels.describe_params(subscription.query) or NO_FILTERS
            found = (description, list_url(subscription.query))
            self._descriptions[subscription.filter_key] = found
        return found

    def message(
        self, *, subscription: AlertSubscription, delivery: AlertDelivery, parts: list[JobPart], total: int
    ) -> EmailMultiAlternatives:
        """The digest of `parts` (from open_jobs, newest first), of `total` jobs matched in all."""
        description, search_url = self._search(subscription)
        unsubscribe = unsubscribe_url(subscription)
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
        message = DigestMessage(
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
