import pytest

from accounts.models import Organisation
from tests.accounts.factories import DEFAULT_PASSWORD, staff_of
from tests.browser.conftest import assert_accessible, visit
from tests.salaries.data import HAND_WORKED, Spec, make_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def benchmark_data():
    make_all(HAND_WORKED)
    senior = [
        Spec(org, "job", 50_000, 53_000, level="senior") for org in ("hackney", "camden", "barnet", "croydon")
    ]
    make_all([*senior, Spec("hackney", "jd", 61_000, 64_000, role="data-engineer", level="lead")])


def test_benchmarks_drill_down_and_chart_are_accessible(page):
    benchmark_data()
    visit(page, "/salaries/")
    assert page.get_by_role("heading", name="Salary benchmarks", level=1).is_visible()
    assert page.get_by_role("cell", name="£42,000").first.is_visible()

    page.get_by_role("link", name="Data").first.click()
    page.wait_for_url("**/salaries/?family=data")
    assert_accessible(page)
    chart = page.get_by_role("img", name="Salaries of Data roles by level")
    assert chart.is_visible()
    assert page.locator("svg[role=img] rect").count() == 2  # mid and senior; lead has one organisation
    assert page.get_by_role("table", name="Data roles by level").is_visible()

    page.get_by_role("group", name="Area").get_by_label("Inner London").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**area=inner**")
    assert_accessible(page)
    assert page.get_by_text("Not enough data").first.is_visible()

    visit(page, "/salaries/?family=data&role=data-analyst&level=mid#benchmark-data-analyst-mid")
    assert page.locator("#benchmark-data-analyst-mid").is_visible()


def test_filter_errors_are_accessible(page):
    benchmark_data()
    visit(page, "/salaries/?from_year=soon&area=north&family=data")
    assert page.locator(".govuk-error-summary").is_visible()
    page.get_by_role("link", name="From year must be a year written in full, like 2024").click()
    assert page.evaluate("document.activeElement.id") == "id_from_year"


def test_staff_see_their_organisation_section(page):
    benchmark_data()
    user = staff_of(Organisation.objects.get(slug="hackney"))
    visit(page, "/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/account/")
    visit(page, "/salaries/")
    assert page.get_by_role("heading", name="Your organisation").is_visible()
    assert page.get_by_text("Between the lower quartile and the median").is_visible()
