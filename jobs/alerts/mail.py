"""One mail connection per batch, and a hook at the exact moment a message is handed over.

A mail server takes a message when it reads the end of the DATA section (a line holding "."): from then
on it delivers the message even if the sender dies before reading the reply. So the digest is marked
sent right after that line is written, before waiting for the reply; a refusal (4xx or 5xx) or a lost
connection then hands the row back. This leaves the least time in which a killed worker has handed a
message over without having recorded it: the few microseconds between two socket writes.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend
from django.core.mail.message import sanitize_address

DJANGO_SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
END_OF_DATA = b"\r\n.\r\n"


class _HandOverHook:
    """Calls `after_data` once the end of a message's DATA section has been written to the socket."""

    after_data: Callable[[], None] | None = None
    _in_data = False

    def data(self, msg):
        self._in_data = True
        try:
            return super().data(msg)
        finally:
            self._in_data = False

    def send(self, s):
        super().send(s)
        if self._in_data and isinstance(s, bytes) and s.endswith(END_OF_DATA):
            self._in_data = False
            if self.after_data is not None:
                self.after_data()


class HandOverSMTP(_HandOverHook, smtplib.SMTP):
    pass


class HandOverSMTPSSL(_HandOverHook, smtplib.SMTP_SSL):
    pass


class HandOverEmailBackend(EmailBackend):
    """Django's SMTP backend, with the hand-over hook on its connection. A message that can write its own
    bytes (DigestMessage.smtp_bytes) is sent as those bytes."""

    def _send(self, email_message):
        smtp_bytes = getattr(email_message, "smtp_bytes", None)
        if smtp_bytes is None or not email_message.recipients():
            return super()._send(email_message)
        encoding = email_message.encoding or settings.DEFAULT_CHARSET
        from_email = sanitize_address(email_message.from_email, encoding)
        recipients = [sanitize_address(address, encoding) for address in email_message.recipients()]
        try:
            self.connection.sendmail(from_email, recipients, smtp_bytes())
        except smtplib.SMTPException:
            if not self.fail_silently:
                raise
            return False
        return True

    @property
    def connection_class(self):
        return HandOverSMTPSSL if self.use_ssl else HandOverSMTP

    def set_after_data(self, callback: Callable[[], None] | None) -> bool:
        """Run `callback` when the next message is handed over; False if there is no open connection."""
        if self.connection is None:
            return False
        self.connection.after_data = callback
        return True


def batch_connection():
    """A mail connection for one batch: the hook-carrying SMTP backend when the site sends by SMTP."""
    if settings.EMAIL_BACKEND == DJANGO_SMTP_BACKEND:
        return get_connection(f"{__name__}.HandOverEmailBackend", fail_silently=False)
    return get_connection(fail_silently=False)
