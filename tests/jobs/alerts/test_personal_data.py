import pytest

from accounts.services import user_delete, user_export_data
from jobs.models import AlertSubscription
from tests.accounts.factories import UserFactory
from tests.jobs.alerts.factories import AlertSubscriptionFactory

pytestmark = pytest.mark.django_db


def test_my_data_includes_my_job_alerts_and_deleting_my_account_deletes_them():
    user = UserFactory(email="kim@example.com")
    AlertSubscriptionFactory(email="kim@example.com")
    AlertSubscriptionFactory(email="someone.else@example.com")

    assert len(user_export_data(user=user)["job_alerts"]) == 1

    user_delete(user=user)
    assert list(AlertSubscription.objects.values_list("email", flat=True)) == ["someone.else@example.com"]
