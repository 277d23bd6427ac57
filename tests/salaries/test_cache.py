"""The computed tables' cache: warm pages make no query, figures refresh after CACHE_SECONDS, one request
remakes a stale generation while the others serve it, and suppressed figures never enter the cache."""

import pickle
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from salaries.selectors import CACHE_SECONDS, REMAKE_LOCK_KEY
from tests.salaries.data import HAND_WORKED, Spec, csv_rows, make_all

pytestmark = pytest.mark.django_db


def data_mid(client) -> list[str]:
    rows = csv_rows(client.get("/salaries/", {"format": "csv"}))
    return next(row[3:] for row in rows if row[:3] == ["Data", "All roles", "Mid"])


def test_figures_are_cached_then_remade_after_the_cache_lifetime(client):
    make_all(HAND_WORKED)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert data_mid(client)[:2] == ["5", "9"]
        make_all([Spec("lambeth", "job", 60_000, 60_000)])
        assert data_mid(client)[:2] == ["5", "9"]
        traveller.shift(timedelta(seconds=CACHE_SECONDS + 1))
        assert data_mid(client)[:2] == ["6", "10"]


def test_a_stale_generation_is_served_while_another_request_remakes_it(client):
    make_all(HAND_WORKED)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        data_mid(client)
        make_all([Spec("lambeth", "job", 60_000, 60_000)])
        traveller.shift(timedelta(seconds=CACHE_SECONDS + 1))
        cache.add(REMAKE_LOCK_KEY, True, 30)  # another worker is remaking the plans
        with CaptureQueriesContext(connection) as captured:
            assert data_mid(client)[:2] == ["5", "9"]
        assert len(captured) == 0
        cache.delete(REMAKE_LOCK_KEY)
        assert data_mid(client)[:2] == ["6", "10"]


def test_suppressed_figures_never_enter_the_cache(client):
    make_all(HAND_WORKED)
    # Outer London (2 organisations) and inner London (hidden because of it), with and without drill-down.
    for params in ({"area": "outer"}, {"area": "inner"}, {"area": "outer", "family": "data"}):
        assert client.get("/salaries/", params).status_code == 200
    stored = [pickle.loads(value) for value in cache._cache.values()]
    text = repr(stored)
    # Outer London's lower quartile, median, upper quartile; inner London's quartiles and median.
    for figure in ("39250", "43500", "47250", "39625.125", "41750.25", "44250"):
        assert figure not in text
    assert any(isinstance(value, dict) and None in value.values() for value in stored)
