import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory, loti_admin
from tests.fixtures import sign_in

pytestmark = pytest.mark.django_db


def test_admin_login_goes_through_allauth(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("account_login"))


def test_admin_index_sends_anonymous_to_sign_in(client):
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))


def test_staff_outside_loti_admins_are_refused(client):
    sign_in(client, UserFactory(is_staff=True))
    assert client.get(reverse("admin:login")).status_code == 403


def test_loti_admin_without_an_authenticator_must_set_one_up(client):
    sign_in(client, loti_admin(authenticator=False))
    response = client.get(reverse("admin:index"), follow=True)
    hops = [url for url, _ in response.redirect_chain]
    assert hops[1].startswith(reverse("mfa_activate_totp"))


def test_loti_admin_with_an_authenticator_must_use_it_this_session(client):
    admin = loti_admin()
    sign_in(client, admin)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("mfa_reauthenticate"))


def test_loti_admin_who_passed_two_factor_gets_in(client):
    admin = loti_admin()
    sign_in(client, admin, mfa=True)
    assert client.get(reverse("admin:index")).status_code == 200


def test_admin_login_does_not_redirect_off_site(client):
    admin = loti_admin()
    sign_in(client, admin, mfa=True)
    response = client.get(reverse("admin:login"), {"next": "https://evil.example/"})
    assert response.headers["Location"] == reverse("admin:index")
