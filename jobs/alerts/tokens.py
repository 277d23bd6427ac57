"""Signed links for alerts: confirm (valid 7 days), manage and unsubscribe (valid until the alert goes).

A token is "<subscription id>:<signature>" (with a timestamp for confirm links). The signature's salt holds
the purpose and the subscription's own secret, so a token works for one purpose and one alert only, and
giving the alert a new secret makes every link sent before stop working.
"""

from __future__ import annotations

from datetime import timedelta

from django.core import signing

from ..models import AlertSubscription

CONFIRM_MAX_AGE = timedelta(days=7)
PURPOSES = ("confirm", "manage", "unsubscribe")


class InvalidToken(ValueError):
    """Not a token this site made for this purpose, or its alert is gone."""


class ExpiredToken(InvalidToken):
    """A genuine confirm link, older than CONFIRM_MAX_AGE."""

    def __init__(self, subscription: AlertSubscription):
        super().__init__("expired")
        self.subscription = subscription


def _signer(purpose: str, subscription: AlertSubscription) -> signing.Signer:
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    salt = f"jobs.alerts.{purpose}:{subscription.secret}"
    if purpose == "confirm":
        return signing.TimestampSigner(salt=salt)
    return signing.Signer(salt=salt)


def make_token(subscription: AlertSubscription, purpose: str) -> str:
    return _signer(purpose, subscription).sign(str(subscription.pk))


def read_token(token: str, purpose: str, *, queryset=None) -> AlertSubscription:
    """The alert `token` was made for; raises InvalidToken (or ExpiredToken) and changes nothing."""
    number, _, rest = token.partition(":")
    if not number.isdigit() or not rest or len(token) > 200:
        raise InvalidToken("malformed")
    queryset = AlertSubscription.objects.all() if queryset is None else queryset
    subscription = queryset.filter(pk=int(number)).exclude(email="").first()
    if subscription is None:
        raise InvalidToken("no such alert")
    signer = _signer(purpose, subscription)
    try:
        if purpose == "confirm":
            value = signer.unsign(token, max_age=CONFIRM_MAX_AGE)
        else:
            value = signer.unsign(token)
    except signing.SignatureExpired as error:
        raise ExpiredToken(subscription) from error
    except signing.BadSignature as error:
        raise InvalidToken("bad signature") from error
    if value != str(subscription.pk):
        raise InvalidToken("wrong alert")
    return subscription
