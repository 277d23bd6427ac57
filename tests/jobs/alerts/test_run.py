"""The weekly run: one digest per due alert, never two, none missed; batches, retries, the reconciler."""

import smtplib
from datetime import date, datetime, timedelta

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings

from accounts.models import Organisation
from jobs.alerts import run
from jobs.alerts.run import alerts_reconcile, alerts_run_week, alerts_send_batch
from jobs.alerts.services import alert_unsubscribe
from jobs.models import AlertDelivery, AlertRun, AlertSubscription
from jobs.tasks import reconcile_alert_deliveries, send_alert_batch, start_weekly_alerts
from tests.jobs.alerts.backends import FailingBackend
from tests.jobs.alerts.conftest import RUN_AT, WEEK, published, query
from tests.jobs.alerts.factories import AlertSubscriptionFactory

pytestmark = pytest.mark.django_db
Delivery = AlertDelivery.Status


@pytest.fixture
def failing_backend():
    FailingBackend.fail_at = None
    FailingBackend.refused = frozenset()
    FailingBackend.error = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
    FailingBackend.opened = 0
    with override_settings(EMAIL_BACKEND="tests.jobs.alerts.backends.FailingBackend"):
        yield FailingBackend


def sent_to() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_the_weekly_task_sends_one_digest_to_each_alert_with_new_jobs(monday):
    hackney_job = published(hours_before_run=5, title="Data analyst")
    camden_job = published(hours_before_run=6, organisation=Organisation.objects.get(slug="camden"))
    hackney = AlertSubscriptionFactory(email="h@example.com", query=query(organisation="hackney"))
    everything = AlertSubscriptionFactory(email="all@example.com")
    AlertSubscriptionFactory(email="none@example.com", query=query(organisation="barnet"))

    start_weekly_alerts.delay()

    assert sent_to() == ["all@example.com", "h@example.com"]
    deliveries = {d.subscription_id: d for d in AlertDelivery.objects.all()}
    assert deliveries[hackney.pk].job_ids == [hackney_job.pk]
    assert deliveries[everything.pk].job_ids == [hackney_job.pk, camden_job.pk]
    assert {d.status for d in deliveries.values()} == {Delivery.SENT}
    assert all(d.week == WEEK and d.attempts == 1 for d in deliveries.values())
    week_run = AlertRun.objects.get(week=WEEK)
    assert week_run.matched_at
    assert week_run.finished_at
    assert (week_run.due_count, week_run.delivery_count, week_run.new_job_count) == (3, 2, 2)
    # Every covered alert, with or without jobs, starts its next window at this run.
    assert set(AlertSubscription.objects.values_list("last_digest_at", flat=True)) == {RUN_AT}


def test_running_the_week_twice_sends_once(monday):
    published(hours_before_run=5)
    AlertSubscriptionFactory.create_batch(3)

    start_weekly_alerts.delay(WEEK.isoformat())
    start_weekly_alerts.delay(WEEK.isoformat())
    call_command("send_job_alerts", "--week", WEEK.isoformat(), stdout=None)

    assert len(mail.outbox) == 3
    assert AlertDelivery.objects.count() == 3
    assert AlertRun.objects.get(week=WEEK).attempts == 3


def test_a_new_week_sends_only_jobs_published_since_the_last_digest(monday):
    first = published(hours_before_run=30)
    alert = AlertSubscriptionFactory()
    start_weekly_alerts.delay()
    later = published(hours_before_run=-24)  # Tuesday, after this week's run
    monday.shift(timedelta(days=7))

    start_weekly_alerts.delay()

    assert len(mail.outbox) == 2
    weeks = list(
        AlertDelivery.objects.filter(subscription=alert).order_by("week").values_list("job_ids", flat=True)
    )
    assert weeks == [[first.pk], [later.pk]]


def test_nothing_new_means_no_email(monday):
    AlertSubscriptionFactory(query=query(organisation="hackney"))
    published(hours_before_run=24 * 10)

    outcome = alerts_run_week()

    assert outcome.waiting == []
    assert mail.outbox == []
    assert AlertRun.objects.get(week=WEEK).finished_at is not None


def test_an_alert_stopped_between_matching_and_sending_gets_nothing(monday):
    published(hours_before_run=5)
    stopped, kept = AlertSubscriptionFactory.create_batch(2)
    outcome = alerts_run_week()
    alert_unsubscribe(subscription=stopped)

    alerts_send_batch(delivery_ids=outcome.waiting)

    assert sent_to() == [kept.email]
    assert AlertDelivery.objects.get(subscription=stopped).status == Delivery.SKIPPED


def test_jobs_closed_before_sending_leave_the_digest(monday):
    staying = published(hours_before_run=5, title="Data analyst")
    closing = published(hours_before_run=6, title="Software developer")
    only_closing = AlertSubscriptionFactory(query=query(role_family="software-development"))
    alert = AlertSubscriptionFactory()
    outcome = alerts_run_week()
    closing.status = "closed"
    closing.save()

    alerts_send_batch(delivery_ids=outcome.waiting)

    digest = next(message for message in mail.outbox if message.to == [alert.email])
    assert staying.title in digest.body
    assert f"/jobs/{closing.pk}-" not in digest.body
    assert "1 new job" in digest.subject
    assert AlertDelivery.objects.get(subscription=only_closing).status == Delivery.SKIPPED


def test_a_skipped_alert_is_recorded_and_its_window_kept(monday):
    published(hours_before_run=5)
    broken = AlertSubscriptionFactory(query=[["role_family", "retired-family"]])

    alerts_run_week()
    alerts_run_week()

    delivery = AlertDelivery.objects.get(subscription=broken)
    assert delivery.status == Delivery.SKIPPED
    assert "role family \u2018retired-family\u2019" in delivery.last_error
    assert mail.outbox == []
    broken.refresh_from_db()
    assert broken.last_digest_at is None


def test_a_batch_run_twice_sends_each_digest_once(monday):
    published(hours_before_run=5)
    AlertSubscriptionFactory.create_batch(4)
    outcome = alerts_run_week()

    first = alerts_send_batch(delivery_ids=outcome.waiting)
    second = send_alert_batch.delay(outcome.waiting).get()

    assert (first.claimed, first.sent) == (4, 4)
    assert second == {"claimed": 0, "sent": 0, "failed": 0, "skipped": 0, "released": 0}
    assert len(mail.outbox) == 4


def test_a_batch_uses_one_mail_connection(monday, failing_backend):
    published(hours_before_run=5)
    AlertSubscriptionFactory.create_batch(5)

    start_weekly_alerts.delay()

    assert len(mail.outbox) == 5
    assert failing_backend.opened == 1


def test_a_mail_error_hands_the_rest_back_and_the_retry_sends_them(monday, failing_backend):
    published(hours_before_run=5)
    AlertSubscriptionFactory.create_batch(5)
    outcome = alerts_run_week()
    failing_backend.fail_at = 2

    with pytest.raises(smtplib.SMTPServerDisconnected):
        alerts_send_batch(delivery_ids=outcome.waiting)

    assert len(mail.outbox) == 2
    statuses = list(AlertDelivery.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == [Delivery.SENT, Delivery.SENT, Delivery.CLAIMED, Delivery.CLAIMED, Delivery.CLAIMED]
    failing_backend.fail_at = None

    alerts_send_batch(delivery_ids=outcome.waiting)

    assert len(mail.outbox) == 5
    assert len(set(sent_to())) == 5
    assert list(AlertDelivery.objects.order_by("pk").values_list("attempts", flat=True)) == [1, 1, 2, 2, 2]


def test_the_task_retries_with_backoff_on_mail_errors(monday, failing_backend):
    published(hours_before_run=5)
    AlertSubscriptionFactory.create_batch(3)
    outcome = alerts_run_week()
    failing_backend.fail_at = 1
    failing_backend.error = smtplib.SMTPResponseException(421, b"Try again later")

    with pytest.raises(Retry) as retry:
        send_alert_batch.delay(outcome.waiting)

    assert isinstance(retry.value.exc, smtplib.SMTPResponseException)
    assert retry.value.when > 0
    assert (send_alert_batch.max_retries, send_alert_batch.retry_backoff) == (5, 60)
    assert set(send_alert_batch.autoretry_for) == {smtplib.SMTPException, OSError}
    assert len(mail.outbox) == 1
    assert AlertDelivery.objects.filter(status=Delivery.CLAIMED).count() == 2
    failing_backend.fail_at = None

    send_alert_batch.delay(outcome.waiting)  # the retry, with the same ids

    assert len(set(sent_to())) == len(mail.outbox) == 3


def test_a_refused_address_fails_alone(monday, failing_backend):
    published(hours_before_run=5)
    refused = AlertSubscriptionFactory(email="gone@example.com")
    AlertSubscriptionFactory.create_batch(2)
    failing_backend.refused = frozenset({"gone@example.com"})

    start_weekly_alerts.delay()

    assert len(mail.outbox) == 2
    delivery = AlertDelivery.objects.get(subscription=refused)
    assert delivery.status == Delivery.FAILED
    assert "550" in delivery.last_error


def test_the_reconciler_sends_what_a_dead_batch_left(monday):
    published(hours_before_run=5)
    alerts = AlertSubscriptionFactory.create_batch(3)
    outcome = alerts_run_week()
    # A worker claimed the rows, sent the first digest and died: its lease runs out.
    AlertDelivery.objects.filter(pk__in=outcome.waiting).update(
        status=Delivery.SENDING, claimed_at=RUN_AT, attempts=1
    )
    AlertDelivery.objects.filter(subscription=alerts[0]).update(status=Delivery.SENT)

    assert alerts_reconcile(lease=timedelta(hours=3)) == []  # still within the lease
    monday.shift(run.SEND_LEASE)
    reconcile_alert_deliveries.delay()

    assert sorted(sent_to()) == sorted(alert.email for alert in alerts[1:])
    assert alerts_reconcile() == []
    assert AlertRun.objects.get(week=WEEK).finished_at is not None


def test_a_redelivered_task_takes_over_rows_whose_lease_ran_out(monday):
    published(hours_before_run=5)
    AlertSubscriptionFactory.create_batch(2)
    outcome = alerts_run_week()
    AlertDelivery.objects.update(status=Delivery.SENDING, claimed_at=RUN_AT - timedelta(hours=1))

    result = alerts_send_batch(delivery_ids=outcome.waiting)

    assert result.sent == 2


def test_rows_out_of_attempts_fail(monday):
    published(hours_before_run=5)
    AlertSubscriptionFactory()
    outcome = alerts_run_week()
    AlertDelivery.objects.update(attempts=run.MAX_ATTEMPTS)

    result = alerts_send_batch(delivery_ids=outcome.waiting)

    assert (result.failed, result.sent) == (1, 0)
    assert AlertDelivery.objects.get().status == Delivery.FAILED


def test_the_command_runs_the_week_and_prints_counts(monday, capsys):
    published(hours_before_run=5)
    AlertSubscriptionFactory.create_batch(2)

    call_command("send_job_alerts")

    out = capsys.readouterr().out
    assert "Week of 02 March 2026: 2 alerts due, 1 new jobs" in out
    assert "Sent 2, failed 0, skipped 0" in out
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    ("week", "message"),
    [("2026-03-03", "is not a Monday"), ("2026-03-09", "is not due until"), ("March", "invalid")],
)
def test_the_command_refuses_a_bad_week(monday, week, message):
    with pytest.raises(CommandError, match=message):
        call_command("send_job_alerts", "--week", week)
    assert AlertRun.objects.count() == 0


def test_a_run_started_early_waits_for_its_time(monday):
    monday.move_to(RUN_AT - timedelta(seconds=30))

    with pytest.raises(Retry) as retry:
        start_weekly_alerts.delay()

    assert 30 <= retry.value.when <= 31
    assert AlertRun.objects.count() == 0


def test_beat_runs_the_alerts_on_monday_at_7_london_time():
    from django.conf import settings

    schedule = settings.CELERY_BEAT_SCHEDULE
    weekly = schedule["send-job-alerts"]
    assert weekly["task"] == "jobs.alerts.tasks.start_weekly_alerts"
    assert weekly["schedule"].day_of_week == {1}
    assert (weekly["schedule"].hour, weekly["schedule"].minute) == ({7}, {0})
    assert settings.CELERY_TIMEZONE == "Europe/London"
    assert schedule["reconcile-job-alerts"]["task"] == "jobs.alerts.tasks.reconcile_alert_deliveries"
    assert schedule["purge-job-alert-data"]["task"] == "jobs.alerts.tasks.purge_alert_data"


@pytest.mark.parametrize(
    ("moment", "week"),
    [
        ("2026-03-02T06:59:59+00:00", "2026-02-23"),  # Monday before 07:00 GMT: last week's run
        ("2026-03-02T07:00:00+00:00", "2026-03-02"),
        ("2026-03-08T23:00:00+00:00", "2026-03-02"),  # Sunday night
        ("2026-06-01T06:30:00+00:00", "2026-06-01"),  # 07:30 BST: this week's run has passed
        ("2026-06-01T05:59:00+00:00", "2026-05-25"),  # 06:59 BST
    ],
)
def test_the_latest_due_week_is_the_last_monday_whose_run_time_has_passed(moment, week):
    assert run.latest_due_week(datetime.fromisoformat(moment)) == date.fromisoformat(week)
