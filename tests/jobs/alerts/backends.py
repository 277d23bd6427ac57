"""Email backends that fail on cue, for the alerts' retry tests (they keep mail.outbox like locmem)."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class FailingBackend(EmailBackend):
    """Delivers to the outbox until `FailingBackend.fail_at` messages have gone, then raises `error`."""

    fail_at: int | None = None
    error: Exception = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
    # Addresses whose messages are refused for good (550).
    refused: frozenset[str] = frozenset()
    opened = 0

    def open(self):
        type(self).opened += 1
        return super().open()

    def send_messages(self, messages):
        from django.core import mail

        for message in messages:
            if self.fail_at is not None and len(mail.outbox) >= self.fail_at:
                raise self.error
            if set(message.to) & self.refused:
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"No such mailbox")})
        return super().send_messages(messages)
