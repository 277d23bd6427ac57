from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import Membership, Organisation, User
from accounts.services import (
    membership_grant_for_email,
    membership_set_role,
    user_delete,
    user_export_data,
    users_purge_unverified,
)
from accounts.tasks import purge_unverified_accounts
from tests.accounts.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_verified_borough_email_makes_the_user_staff_of_that_borough():
    user = UserFactory(email="sam@hackney.gov.uk")
    [membership] = membership_grant_for_email(user=user, email=user.email)
    assert membership.organisation.slug == "hackney"
    assert membership.role == Membership.Role.STAFF
    assert membership.verified_email == "sam@hackney.gov.uk"


def test_granting_twice_keeps_one_membership_and_its_role():
    user = UserFactory(email="sam@hackney.gov.uk")
    [membership] = membership_grant_for_email(user=user, email=user.email)
    membership_set_role(membership=membership, role=Membership.Role.LEAD)
    membership_grant_for_email(user=user, email=user.email)
    assert list(user.memberships.values_list("role", flat=True)) == [Membership.Role.LEAD]


def test_personal_email_makes_a_candidate():
    user = UserFactory(email="sam@gmail.com")
    assert membership_grant_for_email(user=user, email=user.email) == []
    assert not user.memberships.exists()


def test_set_role_refuses_unknown_roles():
    membership = MembershipFactory()
    with pytest.raises(ValueError, match="Unknown role"):
        membership_set_role(membership=membership, role="owner")


def test_export_holds_the_account_addresses_and_memberships():
    membership = MembershipFactory(user=UserFactory(email="kim@hackney.gov.uk", full_name="Kim Osei"))
    data = user_export_data(user=membership.user)
    assert data["account"]["email"] == "kim@hackney.gov.uk"
    assert data["account"]["full_name"] == "Kim Osei"
    assert data["email_addresses"] == [{"email": "kim@hackney.gov.uk", "verified": True, "primary": True}]
    assert data["memberships"][0]["organisation"] == "London Borough of Hackney"


def test_delete_removes_the_person_and_their_personal_data_only():
    membership = MembershipFactory()
    user = membership.user
    user_delete(user=user)
    assert not User.objects.filter(pk=user.pk).exists()
    assert not EmailAddress.objects.filter(email=user.email).exists()
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert Organisation.objects.filter(slug="hackney").exists()


def test_purge_deletes_old_unverified_accounts_once(settings):
    settings.ACCOUNT_UNVERIFIED_RETENTION_DAYS = 14
    old = timezone.now() - timedelta(days=15)
    stale = UserFactory(verified=False, date_joined=old)
    EmailAddress.objects.create(user=stale, email=stale.email, verified=False, primary=True)
    verified_old = UserFactory(date_joined=old)
    recent = UserFactory(verified=False)
    admin = UserFactory(verified=False, date_joined=old, is_staff=True)

    assert users_purge_unverified() == 1
    assert purge_unverified_accounts.delay().get() == 0
    remaining = set(User.objects.values_list("pk", flat=True))
    assert remaining == {verified_old.pk, recent.pk, admin.pk}
