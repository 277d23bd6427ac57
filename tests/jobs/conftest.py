import pytest

from jobs import page_cache


@pytest.fixture(autouse=True)
def _no_list_page_cache(request, monkeypatch):
    """List tests read the view's context, which a cached page has not got; test_page_cache.py tests it."""
    if "page_cache" not in request.node.nodeid:
        monkeypatch.setattr(page_cache, "PAGE_TTL", 0)
