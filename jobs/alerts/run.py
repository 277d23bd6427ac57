"""The weekly run: match, record one delivery row per alert, then send the rows in claimed batches.

Exactly once, step by step:

1. `alerts_run_week` matches every due alert (jobs.alerts.matching) and, in one transaction, inserts an
   AlertDelivery row per alert with something to send (unique on subscription and week; a conflicting
   insert is ignored) and moves each covered alert's watermark to the run's time. A repeated run finds
   every alert covered and creates nothing; it re-sends nothing that is not still waiting.
2. Batches of row ids go to `alerts_send_batch`, which claims its rows with one conditional UPDATE
   (waiting, or sending by a batch whose lease ran out) before sending anything, so two copies of a task
   never send the same row. It sends over one mail connection and marks each row sent on its own,
   committed, the moment the message is handed over (see jobs.alerts.mail).
3. `alerts_reconcile` hands back rows whose batch died (lease run out) and re-sends them; the run and
   the command end with it too.

The one duplicate left possible: a worker killed in the microseconds between writing a message's last
line to the mail server and writing its "sent" UPDATE to the database. Every digest carries a Message-ID
made from its row, so a mailbox that de-duplicates shows even that one once.
"""

from __future__ import annotations

import logging
import smtplib
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from ..models import AlertDelivery, AlertRun, AlertSubscription
from .emails import DigestRenderer
from .mail import HandOverEmailBackend, batch_connection
from .matching import MatchResult, match_subscriptions

logger = logging.getLogger(__name__)
LONDON = ZoneInfo("Europe/London")
Delivery = AlertDelivery.Status

RUN_TIME = clock(7, 0)
BATCH_SIZE = 200
# How long a batch may hold its rows before the reconciler hands them back. A batch renews its lease as
# it goes, so only a dead batch's rows run out.
SEND_LEASE = timedelta(minutes=15)
MAX_ATTEMPTS = 8
CREATE_BATCH = 2000


class AlertRunError(ValueError):
    """The week asked for cannot be run (not a Monday, or its run time is still to come)."""


def week_of(moment: datetime) -> date:
    """The Monday (Europe/London) of the week `moment` falls in."""
    day = timezone.localtime(moment, LONDON).date()
    return day - timedelta(days=day.weekday())


def run_time(week: date) -> datetime:
    """The end of the week's window: Monday 07:00 London time, when beat starts the run."""
    return datetime.combine(week, RUN_TIME, tzinfo=LONDON)


def latest_due_week(now: datetime | None = None) -> date:
    """The latest week whose run time has passed at `now` (the Monday before, until 07:00 on a Monday)."""
    now = now or timezone.now()
    week = week_of(now)
    return week if run_time(week) <= now else week - timedelta(days=7)


def chunks(ids: list[int], size: int = BATCH_SIZE) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


@dataclass
class RunOutcome:
    run: AlertRun
    match: MatchResult
    created: int
    skipped: int
    # Rows of the week waiting to be sent (new ones and any left from an earlier attempt), by id.
    waiting: list[int]


def alerts_run_week(*, week: date | None = None, now: datetime | None = None) -> RunOutcome:
    """Match the week's due alerts and record their deliveries; sends nothing (see send_alert_batch).

    One transaction holds the run row's lock, the new delivery rows and the alerts' new watermarks, so
    a run that dies leaves nothing half done and two runs of one week never match at the same time.
    Idempotent: a repeated run creates nothing new and returns the rows still waiting.
    """
    now = now or timezone.now()
    week = week or week_of(now)
    if week.weekday() != 0:
        raise AlertRunError(f"{week:%d %B %Y} is not a Monday.")
    run_at = run_time(week)
    if run_at > now:
        raise AlertRunError(
            f"The run for the week of {week:%d %B %Y} is not due until {run_at:%H:%M on %d %B %Y}."
        )
    AlertRun.objects.get_or_create(week=week, defaults={"run_at": run_at, "started_at": now})
    with transaction.atomic():
        run = AlertRun.objects.select_for_update().get(week=week)
        run.attempts += 1
        match = match_subscriptions(run_at=run_at, now=now)
        started = time.monotonic()
        before = AlertDelivery.objects.filter(week=week).count()
        deliveries = [
            AlertDelivery(
                subscription_id=subscription_id,
                week=week,
                status=Delivery.CLAIMED,
                job_ids=found.job_ids,
                total_jobs=found.total,
                claimed_at=now,
            )
            for subscription_id, found in match.deliveries()
        ]
        deliveries += [
            AlertDelivery(
                subscription_id=subscription_id,
                week=week,
                status=Delivery.SKIPPED,
                last_error=f"Skipped: {reason}"[:500],
            )
            for subscription_id, reason in match.skipped.items()
        ]
        AlertDelivery.objects.bulk_create(deliveries, batch_size=CREATE_BATCH, ignore_conflicts=True)
        created = AlertDelivery.objects.filter(week=week).count() - before
        covered = [subscription_id for subscription_id, _ in match.due]
        for part in chunks(covered, 5000):
            AlertSubscription.objects.filter(pk__in=part).exclude(last_digest_at__gte=run_at).update(
                last_digest_at=run_at
            )
        # Rows left waiting by an earlier attempt are sent again now; the lease starts afresh.
        AlertDelivery.objects.filter(week=week, status=Delivery.CLAIMED, claimed_at__lt=now).update(
            claimed_at=now
        )
        run.matched_at = timezone.now()
        run.match_seconds = match.seconds
        run.due_count += len(match.due)
        run.new_job_count = max(run.new_job_count, match.new_job_count)
        run.delivery_count = AlertDelivery.objects.filter(week=week).exclude(status=Delivery.SKIPPED).count()
        run.skipped_count = AlertDelivery.objects.filter(week=week, status=Delivery.SKIPPED).count()
        run.save()
    waiting = list(
        AlertDelivery.objects.filter(week=week, status=Delivery.CLAIMED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    logger.info(
        "job alerts %s: matched %s due alerts (%s distinct filters, %s groups) with %s new jobs in "
        "%.2fs; %s rows created (%s skipped) in %.2fs; %s waiting to be sent",
        week, len(match.due), match.filter_count, match.group_count, match.new_job_count, match.seconds,
        created, len(match.skipped), time.monotonic() - started, len(waiting),
    )  # fmt: skip
    if not waiting:
        _finish_runs({week})
    return RunOutcome(run=run, match=match, created=created, skipped=len(match.skipped), waiting=waiting)


def dispatch(ids: list[int], send: Callable[[list[int]], object]) -> int:
    """Hand `ids` to `send` in batches of BATCH_SIZE; returns how many batches."""
    batches = 0
    for part in chunks(ids):
        send(part)
        batches += 1
    return batches


@dataclass
class BatchOutcome:
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    released: int = 0

    def __iadd__(self, other: BatchOutcome) -> BatchOutcome:
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))
        return self


class _Claim:
    """The rows one batch holds (by claim_token), and the statements it marks them with.

    The "sent" UPDATE is what stands between a message handed over and its record, so it is made ready
    before the message goes (on Postgres, down to the bytes of the statement) and run on a ready cursor:
    nothing but a socket write is left to do at hand-over.
    """

    def __init__(self, token: uuid.UUID, lease: timedelta):
        self.token = token
        self.lease = lease
        self.renewed = time.monotonic()
        table = AlertDelivery._meta.db_table
        self._token_value = AlertDelivery._meta.get_field("claim_token").get_db_prep_value(token, connection)
        self._mark_sent = (
            f"UPDATE {table} SET status = %s, sent_at = %s, last_error = '' "
            f"WHERE id = %s AND claim_token = %s AND status = %s"
        )
        self._cursor = connection.cursor()

    def prepare_mark(self, delivery_id: int) -> Callable[[], None]:
        """A function that marks the row sent (committed at once: the connection is in autocommit)."""
        params = [Delivery.SENT, timezone.now(), delivery_id, self._token_value, Delivery.SENDING]
        raw = self._cursor.cursor
        if hasattr(raw, "mogrify"):
            statement = raw.mogrify(self._mark_sent, params)

            def mark() -> None:
                raw.execute(statement)
                self._check(raw.rowcount, delivery_id)

        else:

            def mark() -> None:
                self._cursor.execute(self._mark_sent, params)
                self._check(self._cursor.rowcount, delivery_id)

        return mark

    @staticmethod
    def _check(rowcount: int, delivery_id: int) -> None:
        if rowcount != 1:
            logger.error("job alerts: delivery %s was sent after its batch lost the claim on it", delivery_id)

    def rows(self):
        return AlertDelivery.objects.filter(claim_token=self.token)

    def finish(self, delivery_id: int, status: str, error: str = "") -> None:
        self.rows().filter(pk=delivery_id, status=Delivery.SENDING).update(
            status=status, last_error=error[:500]
        )

    def unmark_sent(self, delivery_id: int, error: str) -> None:
        """The server refused a message after it was marked sent: it is waiting again."""
        self.rows().filter(pk=delivery_id, status=Delivery.SENT).update(
            status=Delivery.SENDING, sent_at=None, last_error=error[:500]
        )

    def renew(self) -> None:
        if time.monotonic() - self.renewed > self.lease.total_seconds() / 4:
            self.rows().filter(status=Delivery.SENDING).update(claimed_at=timezone.now())
            self.renewed = time.monotonic()

    def release(self, error: str) -> int:
        """Hand the rows not yet sent back to waiting, for the retry (or the reconciler)."""
        return (
            self.rows()
            .filter(status=Delivery.SENDING)
            .update(status=Delivery.CLAIMED, claimed_at=timezone.now(), last_error=error[:500])
        )

    def close(self) -> None:
        self._cursor.close()


def _permanent(error: Exception) -> bool:
    """A refusal of this one message (5xx for its recipient or content): sending it again will not help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPSenderRefused):
        return False
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def alerts_send_batch(*, delivery_ids: list[int], lease: timedelta = SEND_LEASE) -> BatchOutcome:
    """Send the digests of `delivery_ids` that are still waiting, over one mail connection.

    Claims the rows first (waiting, or sending under a lease that ran out) in one conditional UPDATE, so
    rows another batch holds, or already sent, are left alone: safe to run twice. Each row is marked sent
    in its own committed UPDATE as its message is handed over. A message refused for good (5xx) marks its
    row failed and the batch goes on; a temporary failure (4xx, lost connection) hands the unsent rows back
    and raises, for the task's retry with backoff. Rows out of attempts are marked failed.
    """
    outcome = BatchOutcome()
    token = uuid.uuid4()
    claimed_at = timezone.now()
    claimable = AlertDelivery.objects.filter(pk__in=delivery_ids).filter(
        Q(status=Delivery.CLAIMED) | Q(status=Delivery.SENDING, claimed_at__lt=claimed_at - lease)
    )
    outcome.failed += claimable.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=Delivery.FAILED, last_error=f"Gave up after {MAX_ATTEMPTS} attempts"
    )
    outcome.claimed = claimable.update(
        status=Delivery.SENDING, claim_token=token, claimed_at=claimed_at, attempts=F("attempts") + 1
    )
    if not outcome.claimed:
        return outcome
    started = time.monotonic()
    claim = _Claim(token, lease)
    rows = list(claim.rows().filter(status=Delivery.SENDING).select_related("subscription").order_by("pk"))
    weeks = {row.week for row in rows}
    now = timezone.now()
    renderer = DigestRenderer(now=now)
    parts = renderer.open_jobs({job_id for row in rows for job_id in row.job_ids})
    backend = None
    loaded = time.monotonic()
    rendering = sending = 0.0
    try:
        for row in rows:
            subscription = row.subscription
            if subscription.status != AlertSubscription.Status.ACTIVE or not subscription.email:
                claim.finish(row.pk, Delivery.SKIPPED, "The alert was paused or ended before it was sent")
                outcome.skipped += 1
                continue
            found = [parts[job_id] for job_id in row.job_ids if job_id in parts]
            if not found:
                claim.finish(row.pk, Delivery.SKIPPED, "Its jobs closed before it was sent")
                outcome.skipped += 1
                continue
            # Jobs that closed since matching leave the list; the total drops by as many.
            total = row.total_jobs - (len(row.job_ids) - len(found))
            mark = time.monotonic()
            message = renderer.message(subscription=subscription, delivery=row, parts=found, total=total)
            rendering += time.monotonic() - mark
            if backend is None:
                backend = batch_connection()
                backend.open()
            mark = time.monotonic()
            try:
                _send(backend, message, row.pk, claim)
            except (smtplib.SMTPException, OSError) as error:
                if not _permanent(error):
                    raise
                claim.finish(row.pk, Delivery.FAILED, f"Refused: {error}")
                outcome.failed += 1
                logger.warning("job alerts: digest %s refused for good: %s", row.pk, error)
                continue
            finally:
                sending += time.monotonic() - mark
            outcome.sent += 1
            claim.renew()
    except BaseException as error:
        outcome.released = claim.release(f"{type(error).__name__}: {error}")
        logger.warning(
            "job alerts: batch stopped after %s sent, %s handed back: %r",
            outcome.sent,
            outcome.released,
            error,
        )
        raise
    finally:
        claim.close()
        if backend is not None:
            backend.close()
        logger.info(
            "job alerts batch: %s claimed, %s sent, %s failed, %s skipped in %.2fs "
            "(claim and load %.2fs, render %.2fs, send %.2fs)",
            outcome.claimed, outcome.sent, outcome.failed, outcome.skipped, time.monotonic() - started,
            loaded - started, rendering, sending,
        )  # fmt: skip
    _finish_runs(weeks)
    return outcome


def _send(backend, message, delivery_id: int, claim: _Claim) -> None:
    handed_over = False
    mark_sent = claim.prepare_mark(delivery_id)

    def mark() -> None:
        nonlocal handed_over
        mark_sent()
        handed_over = True

    hooked = isinstance(backend, HandOverEmailBackend) and backend.set_after_data(mark)
    try:
        backend.send_messages([message])
    except (smtplib.SMTPException, OSError) as error:
        if handed_over:
            claim.unmark_sent(delivery_id, f"{type(error).__name__}: {error}")
        raise
    finally:
        if hooked:
            backend.set_after_data(None)
    if not handed_over:
        mark()


def _finish_runs(weeks: set[date]) -> None:
    """Record when a week's last row stopped waiting."""
    for week in weeks:
        pending = AlertDelivery.objects.filter(week=week, status__in=[Delivery.CLAIMED, Delivery.SENDING])
        if not pending.exists():
            AlertRun.objects.filter(week=week, finished_at__isnull=True).update(finished_at=timezone.now())


def alerts_reconcile(*, now: datetime | None = None, lease: timedelta = SEND_LEASE) -> list[int]:
    """Hand back rows whose batch died (sending past the lease) and rows waiting past it, and return
    their ids for sending. One conditional UPDATE: rows sent meanwhile are not touched. Idempotent.
    """
    now = now or timezone.now()
    token = uuid.uuid4()
    stale = Q(status=Delivery.SENDING) | Q(status=Delivery.CLAIMED)
    found = AlertDelivery.objects.filter(stale, claimed_at__lt=now - lease).update(
        status=Delivery.CLAIMED, claim_token=token, claimed_at=timezone.now()
    )
    if not found:
        _finish_runs(set(AlertRun.objects.filter(finished_at__isnull=True).values_list("week", flat=True)))
        return []
    ids = list(
        AlertDelivery.objects.filter(claim_token=token, status=Delivery.CLAIMED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    logger.warning("job alerts reconciler: %s digests were stuck and go out again", len(ids))
    return ids
