"""Where personal data lives outside accounts, for "download my data" and "delete my account".

accounts knows no other app, so each app that keeps personal data registers what it holds for a person
at start-up (its AppConfig.ready): an exporter returning JSON-ready data, and an eraser. A person is their
account and every address they have verified: data kept against any of those is theirs. An address added
to the account but never verified is left out, since it has not been shown to be theirs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Person:
    user_id: int
    # Lower-cased, the account's own address first.
    emails: tuple[str, ...]


Exporter = Callable[[Person], object]
Eraser = Callable[[Person], None]

_holders: dict[str, tuple[Exporter, Eraser]] = {}


def register(name: str, *, export: Exporter, erase: Eraser) -> None:
    _holders[name] = (export, erase)


def person_of(user) -> Person:
    from allauth.account.models import EmailAddress

    verified = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    emails = dict.fromkeys(email.lower() for email in [user.email, *sorted(verified)] if email)
    return Person(user_id=user.pk, emails=tuple(emails))


def export_for(user) -> dict[str, object]:
    person = person_of(user)
    return {name: export(person) for name, (export, _) in sorted(_holders.items())}


def erase_for(user) -> None:
    person = person_of(user)
    for _, erase in _holders.values():
        erase(person)
