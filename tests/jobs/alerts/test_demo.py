"""seed_demo's job alerts: confirmed, varied, valid filters; --subscribers N sets how many."""

from io import StringIO

import pytest
from django.core.management import call_command

from jobs.alerts.demo import DEFAULT_COUNT
from jobs.alerts.filters import filter_key, normalise, problems_of, query_dict
from jobs.models import AlertSubscription

pytestmark = pytest.mark.django_db


def seed_demo(**options) -> str:
    out = StringIO()
    call_command("seed_demo", jobs=0, jds=0, stdout=out, **options)
    return out.getvalue()


def demo_alerts():
    return AlertSubscription.objects.filter(email__startswith="alerts-demo-")


def test_seeding_makes_confirmed_alerts_with_valid_varied_filters_once():
    output = seed_demo()
    first = {(pk, str(query)) for pk, query in demo_alerts().values_list("pk", "query")}

    again = seed_demo()

    assert f"Demo job alerts: {DEFAULT_COUNT} created" in output
    assert f"Demo job alerts: 0 created, {DEFAULT_COUNT} in place." in again
    assert {(pk, str(query)) for pk, query in demo_alerts().values_list("pk", "query")} == first
    alerts = list(demo_alerts())
    assert {alert.status for alert in alerts} == {AlertSubscription.Status.ACTIVE}
    assert all(alert.confirmed_at for alert in alerts)
    assert len({alert.filter_key for alert in alerts}) > DEFAULT_COUNT * 0.8
    for alert in alerts:
        assert normalise(query_dict(alert.query)).query == alert.query
        assert alert.filter_key == filter_key(alert.query)
        assert problems_of(alert.query) == []
    assert any(name == "q" for alert in alerts for name, _ in alert.query)


def test_subscribers_sets_the_number():
    seed_demo(subscribers=120)
    kept = set(demo_alerts().filter(email__lte="alerts-demo-000030@example.com").values_list("pk", flat=True))

    output = seed_demo(subscribers=30)

    assert "90 removed" in output
    assert demo_alerts().count() == 30
    assert set(demo_alerts().values_list("pk", flat=True)) == kept
