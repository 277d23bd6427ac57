import pytest
from allauth.account.models import EmailAddress

from accounts import personal_data
from accounts.models import Membership
from accounts.services import user_delete, user_export_data
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def holder(monkeypatch):
    monkeypatch.setattr(personal_data, "_holders", {})
    erased = []
    personal_data.register(
        "things",
        export=lambda person: [f"thing of {email}" for email in person.emails],
        erase=erased.append,
    )
    return erased


def test_export_includes_what_other_apps_hold_for_each_verified_address(holder):
    user = UserFactory(email="kim@example.com")
    EmailAddress.objects.create(user=user, email="Kim.Osei@Example.org", verified=True)
    EmailAddress.objects.create(user=user, email="not-proven@example.net", verified=False)

    assert user_export_data(user=user)["things"] == [
        "thing of kim@example.com",
        "thing of kim.osei@example.org",
    ]


def test_delete_erases_what_other_apps_hold(holder):
    user = UserFactory(email="kim@example.com")
    user_id = user.pk
    user_delete(user=user)
    assert holder == [personal_data.Person(user_id=user_id, emails=("kim@example.com",))]
    assert not Membership.objects.filter(user_id=user_id).exists()
