"""Sending over real SMTP (a local aiosmtpd server): one connection, the row marked sent at hand-over."""

import smtplib
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.test import override_settings

from jobs.alerts import run
from jobs.alerts.mail import HandOverEmailBackend, batch_connection
from jobs.alerts.run import alerts_run_week, alerts_send_batch
from jobs.models import AlertDelivery
from tests.jobs.alerts.conftest import published
from tests.jobs.alerts.factories import AlertSubscriptionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday")]
Delivery = AlertDelivery.Status


class Sink:
    """Counts messages per recipient and connections; answers `replies[address]` instead of 250."""

    def __init__(self):
        self.received: list[str] = []
        self.connections = 0
        self.replies: dict[str, str] = {}

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):
        recipient = envelope.rcpt_tos[0]
        reply = self.replies.get(recipient)
        if reply:
            return reply
        self.received.append(recipient)
        return "250 Message accepted for delivery"


@pytest.fixture
def sink():
    handler = Sink()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_TIMEOUT=10,
        ):
            yield handler
    finally:
        controller.stop()


def test_the_smtp_backend_carries_the_hand_over_hook(sink):
    assert isinstance(batch_connection(), HandOverEmailBackend)


def test_a_batch_sends_over_one_connection_and_marks_each_row_at_hand_over(sink, monkeypatch):
    published(hours_before_run=3)
    alerts = AlertSubscriptionFactory.create_batch(3)
    outcome = alerts_run_week()
    events = []
    real_prepare, real_reply = run._Claim.prepare_mark, smtplib.SMTP.getreply

    def prepare_mark(self, delivery_id):
        mark = real_prepare(self, delivery_id)

        def recorded():
            events.append("marked")
            mark()

        return recorded

    def getreply(self):
        code, message = real_reply(self)
        events.append(code)
        return code, message

    monkeypatch.setattr(run._Claim, "prepare_mark", prepare_mark)
    monkeypatch.setattr(smtplib.SMTP, "getreply", getreply)

    result = alerts_send_batch(delivery_ids=outcome.waiting)

    assert result.sent == 3
    assert sorted(sink.received) == sorted(alert.email for alert in alerts)
    assert sink.connections == 1
    # Each message: marked after "354 go ahead" and the data are written, before the server's 250.
    data_phases = [events[i - 1 : i + 2] for i, event in enumerate(events) if event == "marked"]
    assert data_phases == [[354, "marked", 250]] * 3
    assert set(AlertDelivery.objects.values_list("status", flat=True)) == {Delivery.SENT}
    assert mail.outbox == []


def test_a_temporary_refusal_after_hand_over_puts_the_row_back(sink):
    published(hours_before_run=3)
    first = AlertSubscriptionFactory(email="first@example.com")
    AlertSubscriptionFactory(email="busy@example.com")
    AlertSubscriptionFactory(email="last@example.com")
    sink.replies["busy@example.com"] = "451 Requested action aborted: try again later"
    outcome = alerts_run_week()

    with pytest.raises(smtplib.SMTPDataError):
        alerts_send_batch(delivery_ids=outcome.waiting)

    assert sink.received == ["first@example.com"]
    statuses = dict(AlertDelivery.objects.values_list("subscription__email", "status"))
    assert statuses == {
        "first@example.com": "sent",
        "busy@example.com": "claimed",
        "last@example.com": "claimed",
    }
    assert AlertDelivery.objects.get(subscription__email="busy@example.com").sent_at is None
    sink.replies.clear()

    alerts_send_batch(delivery_ids=outcome.waiting)

    assert sorted(sink.received) == ["busy@example.com", "first@example.com", "last@example.com"]
    assert AlertDelivery.objects.get(subscription=first).attempts == 1


def test_a_permanent_refusal_fails_that_row_and_the_batch_goes_on(sink):
    published(hours_before_run=3)
    AlertSubscriptionFactory(email="gone@example.com")
    AlertSubscriptionFactory(email="here@example.com")
    sink.replies["gone@example.com"] = "554 Transaction failed: mailbox disabled"
    outcome = alerts_run_week()

    result = alerts_send_batch(delivery_ids=outcome.waiting)

    assert (result.sent, result.failed) == (1, 1)
    assert sink.received == ["here@example.com"]
    failed = AlertDelivery.objects.get(subscription__email="gone@example.com")
    assert (failed.status, failed.sent_at) == (Delivery.FAILED, None)
    assert "554" in failed.last_error
