"""LOTI admins see job alerts, runs and deliveries in Django admin, read only, with CSV export."""

import pytest
from django.urls import reverse

from jobs.alerts.run import alerts_run_week
from jobs.models import AlertDelivery, AlertRun, AlertSubscription
from tests.accounts.factories import loti_admin
from tests.fixtures import sign_in
from tests.jobs.alerts.conftest import published, query
from tests.jobs.alerts.factories import AlertSubscriptionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    """A LOTI admin who has passed their second factor (the admin site requires it)."""
    return sign_in(client, loti_admin(), mfa=True)


@pytest.mark.parametrize("model", [AlertSubscription, AlertRun, AlertDelivery])
def test_admin_lists_alert_records_read_only(admin_client, monday, model):
    published(hours_before_run=3)
    AlertSubscriptionFactory(query=query(organisation="hackney"))
    alerts_run_week()
    meta = model._meta

    changelist = admin_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    add = admin_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))

    assert changelist.status_code == 200
    assert add.status_code == 403
    exported = admin_client.post(
        reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"),
        {"action": "export_as_csv", "_selected_action": list(model.objects.values_list("pk", flat=True))},
    )
    assert exported["Content-Type"].startswith("text/csv")
    assert "@example.com" not in exported.content.decode()
