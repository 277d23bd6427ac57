from datetime import timedelta

import factory
from django.utils import timezone

from jobs.alerts.filters import filter_key
from jobs.models import AlertSubscription


class AlertSubscriptionFactory(factory.django.DjangoModelFactory):
    """A confirmed alert; pass query=[["organisation", "hackney"], ...] for filters."""

    class Meta:
        model = AlertSubscription

    email = factory.Sequence(lambda n: f"reader{n}@example.com")
    query = factory.LazyFunction(list)
    filter_key = factory.LazyAttribute(lambda alert: filter_key(alert.query))
    status = AlertSubscription.Status.ACTIVE
    confirmed_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))
