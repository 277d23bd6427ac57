"""Subscribing, confirming, managing, unsubscribing, deleting and retention of job alerts."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.personal_data import Person
from accounts.services import user_delete, user_export_data
from jobs.alerts import services
from jobs.alerts.filters import describe, filter_key
from jobs.alerts.run import alerts_run_week, alerts_send_batch
from jobs.alerts.services import (
    AlertError,
    ConfirmationLimitReached,
    alert_change_filters,
    alert_confirm,
    alert_delete,
    alert_delete_for,
    alert_export_for,
    alert_pause,
    alert_resubscribe,
    alert_resume,
    alert_unsubscribe,
    alerts_purge,
)
from jobs.alerts.tasks import send_alert_email
from jobs.alerts.tokens import ExpiredToken, InvalidToken, make_token, read_token
from jobs.models import AlertConfirmationLog, AlertDelivery, AlertSubscription
from tests.accounts.factories import UserFactory
from tests.jobs.alerts.conftest import RUN_AT, published, query, subscribe
from tests.jobs.alerts.factories import AlertSubscriptionFactory

pytestmark = pytest.mark.django_db
Status = AlertSubscription.Status
HACKNEY = [["organisation", "hackney"]]


def confirm_link(message) -> str:
    line = next(line for line in message.body.splitlines() if "/alerts/confirm/" in line)
    return line.strip()


def test_subscribing_makes_a_pending_alert_and_sends_only_a_confirmation():
    outcome = subscribe(email="  Reader@Example.com ", query=HACKNEY)

    alert = outcome.subscription
    assert outcome.result == "confirm"
    assert (alert.email, alert.status, alert.query) == ("reader@example.com", Status.PENDING, HACKNEY)
    assert alert.filter_key == filter_key(HACKNEY)
    assert alert.confirmed_at is None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reader@example.com"]
    assert message.subject == "Confirm your LOTI job alert"
    assert "Borough: Hackney" in message.body
    assert read_token(confirm_link(message).rsplit("/alerts/confirm/", 1)[1].strip("/"), "confirm") == alert


def test_a_pending_alert_gets_no_digest(monday):
    published(hours_before_run=3)
    subscribe(email="reader@example.com", query=[])
    mail.outbox.clear()

    outcome = alerts_run_week()

    assert outcome.waiting == []
    assert mail.outbox == []


def test_subscribing_again_resends_the_confirmation_without_a_second_alert():
    first = subscribe(email="reader@example.com", query=HACKNEY).subscription
    second = subscribe(email="READER@example.com", query=HACKNEY).subscription

    assert first.pk == second.pk
    assert AlertSubscription.objects.count() == 1
    assert len(mail.outbox) == 2


def test_an_address_that_has_the_alert_gets_a_reminder_with_its_manage_link():
    alert = AlertSubscriptionFactory(email="reader@example.com", query=HACKNEY)

    outcome = subscribe(email="reader@example.com", query=HACKNEY)

    assert outcome.result == "existing"
    assert outcome.subscription.pk == alert.pk
    assert outcome.subscription.status == Status.ACTIVE
    message = mail.outbox[0]
    assert message.subject == "Your LOTI job alert"
    assert f"/alerts/manage/{make_token(alert, 'manage')}/" in message.body


def test_at_most_3_confirmation_emails_an_address_a_day(monday):
    subscribe(email="reader@example.com", query=HACKNEY)
    subscribe(email="reader@example.com", query=query(organisation="camden"))
    subscribe(email="reader@example.com", query=HACKNEY)

    with pytest.raises(ConfirmationLimitReached):
        subscribe(email="Reader@example.com", query=query(level="senior"))

    assert len(mail.outbox) == 3
    assert AlertSubscription.objects.count() == 2
    assert subscribe(email="other@example.com", query=HACKNEY).result == "confirm"
    monday.shift(timedelta(hours=24, minutes=1))
    assert subscribe(email="reader@example.com", query=query(level="senior")).result == "confirm"
    assert len(mail.outbox) == 5


def test_the_daily_limit_is_counted_in_the_database_without_the_address():
    subscribe(email="reader@example.com", query=HACKNEY)

    log = AlertConfirmationLog.objects.get()
    assert "reader" not in log.email_digest
    assert log.email_digest == services.email_digest("READER@example.com")
    assert services.confirmations_sent("reader@example.com") == 1


def test_a_verified_account_address_starts_at_once_without_an_email():
    user = UserFactory(email="member@example.com")

    outcome = subscribe(email="member@example.com", query=HACKNEY, user=user)

    assert outcome.result == "active"
    assert outcome.subscription.status == Status.ACTIVE
    assert outcome.subscription.confirmed_at is not None
    assert outcome.subscription.user == user
    assert mail.outbox == []


def test_a_signed_in_person_subscribing_another_address_still_confirms_it():
    user = UserFactory(email="member@example.com")

    outcome = subscribe(email="someone-else@example.com", query=HACKNEY, user=user)

    assert outcome.result == "confirm"
    assert outcome.subscription.user is None
    assert len(mail.outbox) == 1


def test_confirming_starts_the_alert_once():
    alert = subscribe(email="reader@example.com", query=HACKNEY).subscription

    confirmed = alert_confirm(subscription=alert)
    moment = confirmed.confirmed_at
    again = alert_confirm(subscription=alert)

    assert confirmed.status == Status.ACTIVE
    assert again.confirmed_at == moment


def test_confirming_an_unsubscribed_alert_is_refused():
    alert = subscribe(email="reader@example.com", query=HACKNEY).subscription
    alert_unsubscribe(subscription=alert)

    with pytest.raises(AlertError):
        alert_confirm(subscription=alert)
    alert.refresh_from_db()
    assert alert.status == Status.UNSUBSCRIBED


def test_the_confirmation_task_sends_once_however_often_it_runs():
    subscribe(email="reader@example.com", query=HACKNEY)
    alert = AlertSubscription.objects.get()
    log = AlertConfirmationLog.objects.get()

    assert send_alert_email.delay(alert.pk, log.pk, "confirm").get() is False
    assert len(mail.outbox) == 1
    assert log.__class__.objects.get().emailed_at is not None


def test_a_confirmation_for_an_alert_confirmed_meanwhile_is_not_sent():
    alert = AlertSubscriptionFactory(status=Status.PENDING, confirmed_at=None)
    log = AlertConfirmationLog.objects.create(email_digest="x", requested_at=timezone.now())
    alert_confirm(subscription=alert)

    assert services.alert_email_send(subscription_id=alert.pk, log_id=log.pk, kind="confirm") is False
    assert mail.outbox == []


# Tokens


def test_tokens_work_for_their_own_purpose_and_alert_only():
    alert, other = AlertSubscriptionFactory.create_batch(2)
    manage = make_token(alert, "manage")

    assert read_token(manage, "manage") == alert
    for bad in (
        manage + "x",
        manage.replace(str(alert.pk), str(other.pk), 1),
        f"{alert.pk}:forged",
        "nonsense",
        "",
        f"{alert.pk}",
        make_token(alert, "unsubscribe"),
    ):
        with pytest.raises(InvalidToken):
            read_token(bad, "manage")


def test_a_new_secret_ends_every_link_sent_before():
    alert = AlertSubscriptionFactory()
    token = make_token(alert, "unsubscribe")
    alert.secret = "rotated"
    alert.save()

    with pytest.raises(InvalidToken):
        read_token(token, "unsubscribe")


def test_confirm_links_expire_after_7_days_and_manage_links_do_not(monday):
    alert = AlertSubscriptionFactory(status=Status.PENDING, confirmed_at=None)
    confirm, manage = make_token(alert, "confirm"), make_token(alert, "manage")
    monday.shift(timedelta(days=6, hours=23))
    assert read_token(confirm, "confirm") == alert

    monday.shift(timedelta(hours=2))

    with pytest.raises(ExpiredToken) as expired:
        read_token(confirm, "confirm")
    assert expired.value.subscription == alert
    monday.shift(timedelta(days=400))
    assert read_token(manage, "manage") == alert


def test_links_of_a_deleted_or_anonymised_alert_do_not_work():
    deleted, anonymised = AlertSubscriptionFactory.create_batch(2)
    tokens = make_token(deleted, "manage"), make_token(anonymised, "manage")
    alert_delete(subscription=deleted)
    AlertSubscription.objects.filter(pk=anonymised.pk).update(email="")

    for token in tokens:
        with pytest.raises(InvalidToken):
            read_token(token, "manage")


# Managing


def test_pause_and_resume():
    alert = AlertSubscriptionFactory()

    paused = alert_pause(subscription=alert)
    assert (paused.status, bool(paused.paused_at)) == (Status.PAUSED, True)
    assert alert_pause(subscription=alert).status == Status.PAUSED
    resumed = alert_resume(subscription=alert)
    assert (resumed.status, resumed.paused_at) == (Status.ACTIVE, None)


def test_only_a_live_alert_can_be_paused_or_resumed():
    alert = AlertSubscriptionFactory(status=Status.UNSUBSCRIBED)

    with pytest.raises(AlertError):
        alert_pause(subscription=alert)
    with pytest.raises(AlertError):
        alert_resume(subscription=alert)


def test_a_paused_alert_gets_no_digest_and_catches_up_when_resumed(monday):
    job = published(hours_before_run=5)
    alert = AlertSubscriptionFactory(last_digest_at=RUN_AT - timedelta(days=7))
    alert_pause(subscription=alert)
    alerts_run_week()
    alert_resume(subscription=alert)
    monday.shift(timedelta(days=7))

    outcome = alerts_run_week()
    alerts_send_batch(delivery_ids=outcome.waiting)

    assert AlertDelivery.objects.get().job_ids == [job.pk]
    assert len(mail.outbox) == 1


def test_unsubscribing_with_a_reason_and_again():
    alert = AlertSubscriptionFactory()

    done = alert_unsubscribe(subscription=alert, reason="found_job", feedback="  Got one!  ")
    again = alert_unsubscribe(subscription=alert, reason="one_click")

    assert (done.status, done.unsubscribe_reason, done.unsubscribe_feedback) == (
        Status.UNSUBSCRIBED,
        "found_job",
        "Got one!",
    )
    assert again.unsubscribe_reason == "found_job"
    assert again.unsubscribed_at == done.unsubscribed_at


def test_an_unknown_reason_is_refused():
    alert = AlertSubscriptionFactory()

    with pytest.raises(AlertError):
        alert_unsubscribe(subscription=alert, reason="bored")
    alert.refresh_from_db()
    assert alert.status == Status.ACTIVE


def test_resubscribing_from_the_manage_link_starts_afresh():
    alert = AlertSubscriptionFactory(last_digest_at=timezone.now() - timedelta(days=60))
    alert_unsubscribe(subscription=alert, reason="too_many")

    again = alert_resubscribe(subscription=alert)

    assert (again.status, again.unsubscribed_at, again.unsubscribe_reason) == (Status.ACTIVE, None, "")
    assert again.last_digest_at is None


def test_changing_filters():
    alert = AlertSubscriptionFactory(email="reader@example.com", query=HACKNEY)
    camden = query(organisation="camden", level="senior")

    changed = alert_change_filters(subscription=alert, query=camden)

    assert changed.query == camden
    assert changed.filter_key == filter_key(camden)
    assert describe(changed.query) == "Borough: Camden; Level: Senior"


def test_changing_to_filters_the_address_already_has_is_refused():
    alert = AlertSubscriptionFactory(email="reader@example.com", query=HACKNEY)
    AlertSubscriptionFactory(email="reader@example.com", query=[])

    with pytest.raises(AlertError, match="already have an alert"):
        alert_change_filters(subscription=alert, query=[])
    alert.refresh_from_db()
    assert alert.query == HACKNEY


def test_deleting_removes_the_alert_and_its_deliveries(monday):
    published(hours_before_run=3)
    alert, kept = AlertSubscriptionFactory.create_batch(2)
    alerts_run_week()

    alert_delete(subscription=alert)

    assert list(AlertSubscription.objects.all()) == [kept]
    assert list(AlertDelivery.objects.values_list("subscription_id", flat=True)) == [kept.pk]


def test_export_and_delete_for_a_person_cover_their_verified_addresses_and_their_own_alerts(monday):
    published(hours_before_run=3)
    reader = UserFactory(email="reader@example.com")
    mine = AlertSubscriptionFactory(email="reader@example.com", query=HACKNEY)
    AlertSubscriptionFactory(
        email="reader@example.com", status=Status.UNSUBSCRIBED, unsubscribe_reason="too_many"
    )
    second_address = AlertSubscriptionFactory(email="r.second@example.org")
    made_signed_in = AlertSubscriptionFactory(email="old-address@example.net", user=reader)
    theirs = AlertSubscriptionFactory(email="other@example.com")
    outcome = alerts_run_week()
    alerts_send_batch(delivery_ids=outcome.waiting)
    person = Person(user_id=reader.pk, emails=("reader@example.com", "r.second@example.org"))

    exported = alert_export_for(person)

    assert [item["email"] for item in exported] == [
        mine.email,
        "reader@example.com",
        second_address.email,
        made_signed_in.email,
    ]
    assert [item["filters"] for item in exported][:2] == ["Borough: Hackney", "All new jobs"]
    assert exported[0]["status"] == "Active"
    assert exported[0]["digests"][0]["status"] == "Sent"
    assert exported[1]["unsubscribe_reason"] == "I get too many emails"
    assert alert_delete_for(person) == 4
    assert list(AlertSubscription.objects.all()) == [theirs]
    assert alert_export_for(person) == []


def test_an_account_export_and_deletion_include_its_alerts(monday):
    reader = UserFactory(email="reader@example.com")
    AlertSubscriptionFactory(email="reader@example.com", query=HACKNEY)
    theirs = AlertSubscriptionFactory(email="other@example.com")

    assert [item["filters"] for item in user_export_data(user=reader)["job_alerts"]] == ["Borough: Hackney"]
    user_delete(user=reader)
    assert list(AlertSubscription.objects.all()) == [theirs]


# Retention


def test_retention_deletes_unconfirmed_after_7_days_and_anonymises_unsubscribed_after_30(monday):
    now = timezone.now()
    stale = AlertSubscriptionFactory(status=Status.PENDING, confirmed_at=None)
    AlertSubscription.objects.filter(pk=stale.pk).update(
        created_at=now - timedelta(days=8), confirmation_sent_at=now - timedelta(days=8)
    )
    resent = AlertSubscriptionFactory(status=Status.PENDING, confirmed_at=None)
    AlertSubscription.objects.filter(pk=resent.pk).update(
        created_at=now - timedelta(days=8), confirmation_sent_at=now - timedelta(days=2)
    )
    fresh = AlertSubscriptionFactory(status=Status.PENDING, confirmed_at=None)
    gone = AlertSubscriptionFactory(
        status=Status.UNSUBSCRIBED,
        unsubscribed_at=now - timedelta(days=31),
        unsubscribe_reason="found_job",
        unsubscribe_feedback="Thanks, I am at Hackney now",
        user=UserFactory(),
    )
    recent = AlertSubscriptionFactory(status=Status.UNSUBSCRIBED, unsubscribed_at=now - timedelta(days=29))
    AlertDelivery.objects.create(subscription=gone, week=now.date(), status="sent", job_ids=[1])
    AlertConfirmationLog.objects.create(email_digest="old", requested_at=now - timedelta(days=3))
    AlertConfirmationLog.objects.create(email_digest="new", requested_at=now - timedelta(hours=3))

    counts = alerts_purge()
    again = alerts_purge()

    assert (counts.unconfirmed_deleted, counts.unsubscribed_anonymised, counts.confirmation_logs_deleted) == (
        1,
        1,
        1,
    )
    assert (again.unconfirmed_deleted, again.unsubscribed_anonymised, again.confirmation_logs_deleted) == (
        0,
        0,
        0,
    )
    assert set(AlertSubscription.objects.values_list("pk", flat=True)) == {
        resent.pk,
        fresh.pk,
        gone.pk,
        recent.pk,
    }
    gone.refresh_from_db()
    assert (gone.email, gone.user, gone.unsubscribe_feedback) == ("", None, "")
    assert gone.unsubscribe_reason == "found_job"
    assert gone.anonymised_at is not None
    assert AlertDelivery.objects.filter(subscription=gone).exists()
    assert list(AlertConfirmationLog.objects.values_list("email_digest", flat=True)) == ["new"]
    recent.refresh_from_db()
    assert recent.email


def test_an_anonymised_address_can_subscribe_afresh():
    AlertSubscriptionFactory(email="", status=Status.UNSUBSCRIBED, query=HACKNEY)
    AlertSubscriptionFactory(email="", status=Status.UNSUBSCRIBED, query=HACKNEY)

    outcome = subscribe(email="reader@example.com", query=HACKNEY)

    assert outcome.result == "confirm"
