import pytest

from accounts import personal_data
from accounts.services import user_delete, user_export_data
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def holder(monkeypatch):
    monkeypatch.setattr(personal_data, "_holders", {})
    erased = []
    personal_data.register(
        "things", export=lambda email: [f"thing of {email}"], erase=lambda email: erased.append(email)
    )
    return erased


def test_export_includes_what_other_apps_hold(holder):
    user = UserFactory(email="kim@example.com")
    assert user_export_data(user=user)["things"] == ["thing of kim@example.com"]


def test_delete_erases_what_other_apps_hold(holder):
    user = UserFactory(email="kim@example.com")
    user_delete(user=user)
    assert holder == ["kim@example.com"]
