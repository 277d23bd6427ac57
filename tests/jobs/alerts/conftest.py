"""Shared set-up for the job alerts' tests: a fixed Monday, and jobs published relative to its run."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.http import QueryDict
from django.test import TestCase

from jobs.alerts.filters import normalise
from jobs.alerts.run import run_time
from jobs.alerts.services import SubscribeOutcome, alert_subscribe
from jobs.models import Job
from tests.jobs.factories import JobFactory

# Monday 2 March 2026: London is on GMT, so the run is at 07:00 UTC.
WEEK = date(2026, 3, 2)
RUN_AT = run_time(WEEK)
MONDAY_MORNING = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def monday():
    """Monday 2 March 2026, 09:00 London, with the clock stopped."""
    with time_machine.travel(MONDAY_MORNING, tick=False) as traveller:
        yield traveller


def query(**filters) -> list:
    """The normalised alert query for `filters` (lists for repeated values), as the list makes it."""
    data = QueryDict(mutable=True)
    for name, value in filters.items():
        data.setlist(name, value if isinstance(value, list) else [str(value)])
    return normalise(data).query


def published(hours_before_run: float, **fields) -> Job:
    """A live job published `hours_before_run` hours before this week's run."""
    fields.setdefault("closes_at", RUN_AT + timedelta(days=21))
    fields.setdefault("status", Job.Status.PUBLISHED)
    return JobFactory(published_at=RUN_AT - timedelta(hours=hours_before_run), **fields)


def subscribe(**arguments) -> SubscribeOutcome:
    """alert_subscribe, with the emails it enqueues on commit sent at once (tests run in a transaction)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return alert_subscribe(**arguments)
