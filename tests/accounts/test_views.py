import json

import pytest
from django.urls import reverse

from accounts.models import User
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.fixtures import assert_permission_matrix, sign_in

pytestmark = pytest.mark.django_db


def test_account_page_lists_memberships(client):
    membership = MembershipFactory()
    sign_in(client, membership.user)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    assert "London Borough of Hackney" in response.content.decode()


def test_account_pages_need_sign_in(client):
    for name in ("accounts:profile", "accounts:delete"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.headers["Location"].startswith(reverse("account_login"))
    assert client.post(reverse("accounts:export")).status_code == 302


def test_download_my_data_is_a_json_attachment(client):
    user = UserFactory(email="kim@example.com")
    sign_in(client, user)
    response = client.post(reverse("accounts:export"))
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert json.loads(response.content)["account"]["email"] == "kim@example.com"


def test_download_my_data_is_not_a_get(client):
    sign_in(client, UserFactory())
    assert client.get(reverse("accounts:export")).status_code == 405


def test_delete_needs_confirmation(client):
    user = UserFactory()
    sign_in(client, user)
    response = client.post(reverse("accounts:delete"), {})
    assert response.status_code == 200
    assert "Confirm that you want to delete your account" in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()


def test_delete_removes_the_account_and_signs_out(client):
    user = UserFactory()
    sign_in(client, user)
    response = client.post(reverse("accounts:delete"), {"confirm": "on"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Your account and personal data have been deleted" in response.content.decode()
    assert not User.objects.filter(pk=user.pk).exists()
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_organisation_admin_is_for_loti_admins_only(actors):
    hackney = actors.organisation
    url = reverse("admin:accounts_organisation_change", args=[hackney.pk])
    assert_permission_matrix(
        actors,
        lambda client: client.post(url, {"name": "Renamed", "slug": "renamed", "kind": "borough"}),
        allowed=frozenset({"loti_admin"}),
        unchanged=lambda: type(hackney).objects.filter(slug="hackney").exists(),
    )
