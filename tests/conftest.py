"""Shared test set-up: service markers, role fixtures and the permission matrix.

Tests that need Postgres, Redis or Chromium carry a marker. When the service is missing they are skipped
with the reason, unless REQUIRE_SERVICES=1 (CI), where a missing service fails the test instead.
"""

import os

import pytest

from tests.services import service_problem

pytest_plugins = ["tests.fixtures"]


def pytest_runtest_setup(item):
    for marker in ("postgres", "redis", "browser"):
        if item.get_closest_marker(marker) is None:
            continue
        problem = service_problem(marker)
        if problem is None:
            continue
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"REQUIRE_SERVICES=1 but {problem}", pytrace=False)
        pytest.skip(problem)
