"""Fixtures every app's tests use: the five roles of the permission matrix, and clients signed in as them."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client

from accounts.models import Organisation, User
from jobs.alerts.emails import clear_part_cache
from tests.accounts.factories import UserFactory, loti_admin, staff_of

ROLES = ("anonymous", "candidate", "other_staff", "owner_staff", "loti_admin")
OWNER_AND_ADMIN = frozenset({"owner_staff", "loti_admin"})


def sign_in(client: Client, user: User, *, mfa: bool = False) -> Client:
    """Sign `user` in on `client`; with `mfa`, as if they had also passed their second factor."""
    client.force_login(user)
    if mfa:
        session = client.session
        session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [
            {"method": "password", "at": time.time(), "email": user.email},
            {"method": "mfa", "at": time.time(), "type": "totp"},
        ]
        session.save()
    return client


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached figures live in the cache, and digests' job parts in the process: every test
    starts with both empty."""
    cache.clear()
    clear_part_cache()
    yield
    cache.clear()
    clear_part_cache()


@dataclass
class Actors:
    """The owning organisation (Hackney), another borough (Camden) and one user per role."""

    organisation: Organisation
    other_organisation: Organisation
    users: dict[str, User | None] = field(default_factory=dict)

    def client(self, role: str) -> Client:
        client = Client()
        user = self.users[role]
        if user is not None:
            sign_in(client, user, mfa=role == "loti_admin")
        return client


@pytest.fixture
def actors(db) -> Actors:
    hackney = Organisation.objects.get(slug="hackney")
    camden = Organisation.objects.get(slug="camden")
    return Actors(
        organisation=hackney,
        other_organisation=camden,
        users={
            "anonymous": None,
            "candidate": UserFactory(email="candidate@example.com"),
            "other_staff": staff_of(camden),
            "owner_staff": staff_of(hackney),
            "loti_admin": loti_admin(),
        },
    )


def is_refusal(response: HttpResponse) -> bool:
    """403, 404 or 405, or a redirect to a sign-in page."""
    if response.status_code in (403, 404, 405):
        return True
    if response.status_code in (301, 302):
        location = response.headers.get("Location", "")
        return "/accounts/login/" in location or "/admin/login/" in location
    return False


def assert_permission_matrix(
    actors: Actors,
    attempt: Callable[[Client], HttpResponse],
    *,
    allowed: frozenset[str] = OWNER_AND_ADMIN,
    unchanged: Callable[[], bool] | None = None,
) -> dict[str, HttpResponse]:
    """Make `attempt` as every role; only `allowed` roles get through.

    `attempt(client)` makes the request (creating whatever fresh object it needs first). After each
    refused attempt `unchanged()`, when given, must be true: a refused request changes nothing.
    Returns the responses by role for further checks.
    """
    responses = {}
    for role in ROLES:
        response = attempt(actors.client(role))
        responses[role] = response
        if role in allowed:
            assert not is_refusal(response), f"{role} was refused: {response.status_code}"
            assert response.status_code < 400, f"{role} got {response.status_code}"
        else:
            assert is_refusal(response), f"{role} was let through: {response.status_code}"
            if unchanged is not None:
                assert unchanged(), f"{role}'s refused request changed something"
    return responses
