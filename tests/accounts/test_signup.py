import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Membership, User

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-unusual-passphrase-42"


def sign_up(client, email, **extra):
    response = client.post(
        reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD, **extra}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return User.objects.get(email=email.lower())


def confirmation_link(message) -> str:
    return re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", message.body).group(0)


def verify(client):
    link = confirmation_link(mail.outbox[-1])
    path = link.split("://", 1)[1].split("/", 1)[1]
    return client.post("/" + path)


def test_borough_email_becomes_staff_only_after_verification(client):
    user = sign_up(client, "Someone@Hackney.gov.uk")
    assert not user.memberships.exists()
    assert mail.outbox[-1].to == ["someone@hackney.gov.uk"]

    verify(client)

    [membership] = user.memberships.all()
    assert membership.organisation.slug == "hackney"
    assert membership.role == Membership.Role.STAFF


def test_personal_email_becomes_a_candidate(client):
    user = sign_up(client, "someone@gmail.com")
    verify(client)
    assert not user.memberships.exists()
    assert user.emailaddress_set.get().verified


def test_no_one_joins_an_organisation_by_editing_the_form(client):
    user = sign_up(client, "someone@gmail.com", organisation="hackney", role="lead", is_staff="on")
    verify(client)
    user.refresh_from_db()
    assert not user.memberships.exists()
    assert not user.is_staff


def test_unverified_users_cannot_sign_in(client):
    sign_up(client, "someone@camden.gov.uk")
    client.logout()
    response = client.post(reverse("account_login"), {"login": "someone@camden.gov.uk", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_signup_refuses_a_bad_email_and_keeps_what_was_typed(client):
    response = client.post(
        reverse("account_signup"), {"email": "not-an-email", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 200
    assert "Enter a valid email address" in response.content.decode()
    assert 'value="not-an-email"' in response.content.decode()
    assert not User.objects.exists()


def test_login_is_rate_limited(client, settings):
    sign_up(client, "someone@gmail.com")
    verify(client)
    client.logout()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "someone@gmail.com", "password": "wrong"})
    response = client.post(reverse("account_login"), {"login": "someone@gmail.com", "password": PASSWORD})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
