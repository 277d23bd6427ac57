import pytest

from tests.integration.workers import test_queue


@pytest.fixture
def queue():
    """A broker queue for this test's workers; what is left in it is removed afterwards."""
    with test_queue() as name:
        yield name
