"""Browser tests: Playwright drives Debian's Chromium (never a downloaded browser) against live_server.

Every page a test visits is checked with axe-core for WCAG 2.2 AA; `visit` does both.
"""

import pytest

from tests.services import AXE, CHROMIUM, service_problem

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def chromium():
    if service_problem("browser"):
        pytest.skip(service_problem("browser"))  # the marker hook turns this into a failure on CI
    from django.db import connections
    from playwright.sync_api import sync_playwright

    before = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        _keep_serialized_contents(before)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _keep_serialized_contents(before):
    """Playwright's sync API runs the test in a greenlet with its own context, where Django's connections
    (an asgiref Local) are new objects. The test database's serialized contents, kept on the connection
    that created it, must follow, or serialized_rollback silently restores nothing after a flush.
    """
    from django.db import connections

    for alias, old in before.items():
        new = connections[alias]
        if new is not old and hasattr(old, "_test_serialized_contents"):
            new._test_serialized_contents = old._test_serialized_contents


@pytest.fixture
def page(chromium, live_server):
    # bypass_csp lets the test inject axe-core; the pages themselves keep their policy.
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1200, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations",
        AXE_TAGS,
    )


def assert_accessible(page):
    violations = axe_violations(page)
    summary = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    ]
    assert not violations, f"axe found on {page.url}:\n" + "\n".join(summary)


def visit(page, path: str):
    """Open `path`, expect a successful page, and check it with axe."""
    response = page.goto(path)
    assert response is not None
    assert response.ok, f"{path} answered {response.status}"
    assert_accessible(page)
    return response
