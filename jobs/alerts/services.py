"""Every write to job alert subscriptions: subscribe, confirm, manage, unsubscribe, delete, retention.

The weekly run and its sending are in jobs.alerts.run. Emails go out through tasks enqueued on commit.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from accounts.models import User
from accounts.personal_data import Person

from ..models import AlertConfirmationLog, AlertSubscription
from .filters import describe, filter_key, problems_of
from .tokens import CONFIRM_MAX_AGE

logger = logging.getLogger(__name__)
Status = AlertSubscription.Status

CONFIRMATIONS_PER_DAY = 3
UNSUBSCRIBED_RETENTION = timedelta(days=30)
CONFIRMATION_LOG_RETENTION = timedelta(days=2)


class AlertError(ValueError):
    """The alert is not in a state that allows this change."""


class ConfirmationLimitReached(AlertError):
    """The address has had CONFIRMATIONS_PER_DAY confirmation emails in the last 24 hours."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def email_digest(email: str) -> str:
    """A keyed hash of the address: counts confirmations without keeping the address."""
    return salted_hmac("jobs.alerts.confirmation-log", normalise_email(email), algorithm="sha256").hexdigest()


def confirmations_sent(email: str, *, now: datetime | None = None) -> int:
    """Confirmation emails sent to `email` in the 24 hours before `now`."""
    now = now or timezone.now()
    return AlertConfirmationLog.objects.filter(
        email_digest=email_digest(email), requested_at__gt=now - timedelta(days=1)
    ).count()


def _lock_address(digest: str) -> None:
    """Serialise requests for one address until the transaction ends, so that the daily limit holds
    under concurrent requests (SQLite serialises writers by itself)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"job-alert:{digest}"])


def is_verified_email_of(user: User | None, email: str) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def _enqueue_email(subscription: AlertSubscription, log: AlertConfirmationLog, kind: str) -> None:
    from .tasks import send_alert_email

    subscription_id, log_id = subscription.pk, log.pk
    transaction.on_commit(lambda: send_alert_email.delay(subscription_id, log_id, kind))


@dataclass
class SubscribeOutcome:
    subscription: AlertSubscription
    # "confirm" (a confirmation email is on its way), "existing" (a reminder of the alert the address
    # already has), or "active" (a signed-in person's verified address: on at once, no email).
    result: str


def alert_subscribe(
    *, email: str, query: list, user: User | None = None, now: datetime | None = None
) -> SubscribeOutcome:
    """Subscribe `email` to the jobs `query` selects. One transaction; never more than one alert per address
    and filters.

    Double opt-in: a new (or unsubscribed, or unconfirmed) alert is pending and gets a confirmation email;
    an address that already has this alert gets a reminder with its manage link instead, so the answer
    never tells a stranger whether the address has alerts. Both count towards CONFIRMATIONS_PER_DAY, past
    which ConfirmationLimitReached is raised and nothing changes. A signed-in person subscribing their own
    verified address has proved it already: the alert is active at once and no email is sent.
    """
    now = now or timezone.now()
    email = normalise_email(email)
    key = filter_key(query)
    owner = user if user is not None and user.is_authenticated else None
    verified = is_verified_email_of(owner, email)
    digest = email_digest(email)
    with transaction.atomic():
        _lock_address(digest)
        subscription = (
            AlertSubscription.objects.select_for_update().filter(email=email, filter_key=key).first()
        )
        if verified:
            if subscription is None:
                subscription = AlertSubscription(email=email, query=query, filter_key=key)
            if subscription.status != Status.ACTIVE:
                _activate(subscription, now)
            subscription.user = owner
            subscription.save()
            return SubscribeOutcome(subscription, "active")

        if confirmations_sent(email, now=now) >= CONFIRMATIONS_PER_DAY:
            raise ConfirmationLimitReached(email)
        if subscription is None:
            subscription = AlertSubscription(email=email, query=query, filter_key=key, status=Status.PENDING)
        elif subscription.status == Status.UNSUBSCRIBED:
            # Subscribing again starts afresh: the first digest has the 7 days before its run.
            subscription.status = Status.PENDING
            subscription.unsubscribed_at = None
            subscription.unsubscribe_reason = ""
            subscription.unsubscribe_feedback = ""
            subscription.last_digest_at = None
        if owner is not None and owner.email.lower() == email:
            subscription.user = owner
        kind = "confirm" if subscription.status == Status.PENDING else "existing"
        if kind == "confirm":
            subscription.confirmation_sent_at = now
        subscription.save()
        log = AlertConfirmationLog.objects.create(email_digest=digest, requested_at=now)
        _enqueue_email(subscription, log, kind)
    logger.info("job alert %s: %s email requested", subscription.pk, kind)
    return SubscribeOutcome(subscription, kind)


def _activate(subscription: AlertSubscription, now: datetime) -> None:
    subscription.status = Status.ACTIVE
    subscription.confirmed_at = now
    subscription.paused_at = None
    subscription.unsubscribed_at = None
    subscription.unsubscribe_reason = ""
    subscription.unsubscribe_feedback = ""


def alert_confirm(*, subscription: AlertSubscription, now: datetime | None = None) -> AlertSubscription:
    """Pending -> active: the confirmation link was followed. Confirming again changes nothing.

    Raises AlertError for an alert that was unsubscribed after the link was sent.
    """
    now = now or timezone.now()
    with transaction.atomic():
        subscription = AlertSubscription.objects.select_for_update().get(pk=subscription.pk)
        if subscription.status == Status.UNSUBSCRIBED:
            raise AlertError("This alert was unsubscribed. Subscribe again to get it.")
        if subscription.status == Status.PENDING:
            _activate(subscription, now)
            subscription.save()
            logger.info("job alert %s confirmed", subscription.pk)
    return subscription


def alert_pause(*, subscription: AlertSubscription, now: datetime | None = None) -> AlertSubscription:
    """Active -> paused: no digests until resumed. Pausing a paused alert changes nothing."""
    with transaction.atomic():
        subscription = AlertSubscription.objects.select_for_update().get(pk=subscription.pk)
        if subscription.status == Status.PAUSED:
            return subscription
        if subscription.status != Status.ACTIVE:
            raise AlertError("Only an active alert can be paused.")
        subscription.status = Status.PAUSED
        subscription.paused_at = now or timezone.now()
        subscription.save(update_fields=["status", "paused_at", "updated_at"])
    return subscription


def alert_resume(*, subscription: AlertSubscription) -> AlertSubscription:
    """Paused -> active. The next digest has the jobs since the last one (at most 28 days back)."""
    with transaction.atomic():
        subscription = AlertSubscription.objects.select_for_update().get(pk=subscription.pk)
        if subscription.status == Status.ACTIVE:
            return subscription
        if subscription.status != Status.PAUSED:
            raise AlertError("Only a paused alert can be resumed.")
        subscription.status = Status.ACTIVE
        subscription.paused_at = None
        subscription.save(update_fields=["status", "paused_at", "updated_at"])
    return subscription


def alert_unsubscribe(
    *,
    subscription: AlertSubscription,
    reason: str = "",
    feedback: str = "",
    now: datetime | None = None,
) -> AlertSubscription:
    """Any state -> unsubscribed, with an optional reason. Idempotent: a second request changes nothing.

    Digests not yet sent this week are not sent (the sender checks the alert is still active). The
    email is removed by the retention task 30 days later.
    """
    if reason and reason not in AlertSubscription.Reason.values:
        raise AlertError(f"Unknown reason {reason!r}")
    with transaction.atomic():
        subscription = AlertSubscription.objects.select_for_update().get(pk=subscription.pk)
        if subscription.status == Status.UNSUBSCRIBED:
            return subscription
        subscription.status = Status.UNSUBSCRIBED
        subscription.unsubscribed_at = now or timezone.now()
        subscription.unsubscribe_reason = reason
        subscription.unsubscribe_feedback = feedback.strip()[:1000]
        subscription.save()
    logger.info("job alert %s unsubscribed (%s)", subscription.pk, reason or "no reason")
    return subscription


def alert_resubscribe(*, subscription: AlertSubscription, now: datetime | None = None) -> AlertSubscription:
    """Unsubscribed -> active again, from the manage link (which only the address's owner has). The
    first digest after that has the 7 days before its run, as a new alert's does."""
    with transaction.atomic():
        subscription = AlertSubscription.objects.select_for_update().get(pk=subscription.pk)
        if subscription.status != Status.UNSUBSCRIBED:
            return subscription
        _activate(subscription, now or timezone.now())
        subscription.last_digest_at = None
        subscription.save()
    return subscription


def alert_change_filters(*, subscription: AlertSubscription, query: list) -> AlertSubscription:
    """Give the alert new filters. Raises AlertError if the address already has an alert with them."""
    key = filter_key(query)
    with transaction.atomic():
        subscription = AlertSubscription.objects.select_for_update().get(pk=subscription.pk)
        if key == subscription.filter_key:
            return subscription
        clash = AlertSubscription.objects.filter(email=subscription.email, filter_key=key).exclude(
            pk=subscription.pk
        )
        if clash.exists():
            raise AlertError("You already have an alert with these filters.")
        subscription.query = query
        subscription.filter_key = key
        subscription.save(update_fields=["query", "filter_key", "updated_at"])
    return subscription


def alert_delete(*, subscription: AlertSubscription) -> None:
    """Delete the alert and its delivery records ("delete my data"). One transaction."""
    subscription_id = subscription.pk
    with transaction.atomic():
        AlertSubscription.objects.filter(pk=subscription_id).delete()
    logger.info("job alert %s deleted at its owner's request", subscription_id)


def _held_for(person: Person):
    """The alerts of `person`: on any of their verified addresses, or made while signed in as them."""
    return AlertSubscription.objects.filter(
        Q(email__in=[normalise_email(email) for email in person.emails]) | Q(user_id=person.user_id)
    )


def alert_delete_for(person: Person) -> int:
    """Delete every alert of `person` and their delivery records (account deletion). Returns how many."""
    with transaction.atomic():
        _, per_model = _held_for(person).delete()
    return per_model.get(AlertSubscription._meta.label, 0)


def alert_export_for(person: Person) -> list[dict]:
    """Everything held about `person`'s alerts, JSON-ready, for a data export."""
    subscriptions = _held_for(person).order_by("pk").prefetch_related("deliveries")

    def moment(value):
        return value.isoformat() if value else None

    return [
        {
            "email": subscription.email,
            "filters": describe(subscription.query),
            "query": subscription.query,
            "status": subscription.get_status_display(),
            "created_at": moment(subscription.created_at),
            "confirmed_at": moment(subscription.confirmed_at),
            "paused_at": moment(subscription.paused_at),
            "unsubscribed_at": moment(subscription.unsubscribed_at),
            "unsubscribe_reason": subscription.get_unsubscribe_reason_display(),
            "unsubscribe_feedback": subscription.unsubscribe_feedback,
            "digests": [
                {
                    "week": delivery.week.isoformat(),
                    "status": delivery.get_status_display(),
                    "sent_at": moment(delivery.sent_at),
                    "jobs": delivery.total_jobs,
                }
                for delivery in sorted(subscription.deliveries.all(), key=lambda d: d.week)
            ],
        }
        for subscription in subscriptions.order_by("created_at", "pk")
    ]


@dataclass
class PurgeCounts:
    unconfirmed_deleted: int = 0
    unsubscribed_anonymised: int = 0
    confirmation_logs_deleted: int = 0


def alerts_purge(*, now: datetime | None = None) -> PurgeCounts:
    """Retention, safe to run any number of times (each step is one conditional statement):

    - alerts never confirmed within CONFIRM_MAX_AGE (7 days) of their last confirmation email are
      deleted (their link has expired by then);
    - alerts unsubscribed more than 30 days ago lose their email address and account link (kept only
      as anonymous counts and unsubscribe reasons); their delivery rows never held an address;
    - confirmation log rows older than two days, past any daily limit's reach, are deleted.
    """
    now = now or timezone.now()
    counts = PurgeCounts()
    with transaction.atomic():
        stale = AlertSubscription.objects.filter(
            status=Status.PENDING, created_at__lt=now - CONFIRM_MAX_AGE
        ).exclude(confirmation_sent_at__gte=now - CONFIRM_MAX_AGE)
        _, per_model = stale.delete()
        counts.unconfirmed_deleted = per_model.get(AlertSubscription._meta.label, 0)
        old = AlertSubscription.objects.filter(
            status=Status.UNSUBSCRIBED, unsubscribed_at__lt=now - UNSUBSCRIBED_RETENTION
        ).exclude(email="")
        # A blank address also ends every link: tokens are only read for alerts that have one.
        counts.unsubscribed_anonymised = old.update(
            email="", user=None, unsubscribe_feedback="", anonymised_at=now
        )
        _, per_model = AlertConfirmationLog.objects.filter(
            requested_at__lt=now - CONFIRMATION_LOG_RETENTION
        ).delete()
        counts.confirmation_logs_deleted = per_model.get(AlertConfirmationLog._meta.label, 0)
    if counts.unconfirmed_deleted or counts.unsubscribed_anonymised:
        logger.info(
            "job alerts retention: %s unconfirmed deleted, %s unsubscribed anonymised",
            counts.unconfirmed_deleted,
            counts.unsubscribed_anonymised,
        )
    return counts


def alert_email_send(*, subscription_id: int, log_id: int, kind: str) -> bool:
    """Send the confirmation (or reminder) email asked for by log row `log_id`, once.

    The log row is claimed (emailed_at set by a conditional UPDATE) before sending and released if
    sending fails, so a repeated task sends nothing more and a retried one sends it. Nothing is sent if
    the alert has gone, or for "confirm" if it is no longer waiting for confirmation. Returns whether an
    email was sent.
    """
    from .emails import confirmation_message

    subscription = AlertSubscription.objects.filter(pk=subscription_id).exclude(email="").first()
    if subscription is None or kind not in ("confirm", "existing"):
        return False
    if kind == "confirm" and subscription.status != Status.PENDING:
        return False
    claimed = AlertConfirmationLog.objects.filter(pk=log_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    try:
        confirmation_message(subscription, kind).send()
    except BaseException:
        AlertConfirmationLog.objects.filter(pk=log_id).update(emailed_at=None)
        raise
    return True


def alert_problems(subscription: AlertSubscription) -> list[str]:
    """Why the alert's filters cannot be used (a borough or role family that no longer exists)."""
    return problems_of(subscription.query)
