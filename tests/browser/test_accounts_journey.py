import re

import pytest
from django.core import mail

from accounts.models import User
from tests.browser.conftest import assert_accessible, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-unusual-passphrase-42"


def test_borough_staff_sign_up_verify_and_land_as_staff(page):
    visit(page, "/")
    visit(page, "/accessibility/")
    visit(page, "/privacy/")

    visit(page, "/")
    page.get_by_role("link", name="Create an account").first.click()
    assert_accessible(page)
    page.get_by_label("Email address").fill("alex.morgan@hackney.gov.uk")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign up|Create account")).click()
    page.wait_for_url("**/confirm-email/")
    assert_accessible(page)

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    visit(page, link)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/account/")
    assert_accessible(page)
    assert page.get_by_role("cell", name="London Borough of Hackney").is_visible()

    user = User.objects.get(email="alex.morgan@hackney.gov.uk")
    assert list(user.memberships.values_list("organisation__slug", flat=True)) == ["hackney"]

    page.get_by_role("link", name="Sign out").click()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    visit(page, "/accounts/login/")
    page.get_by_label("Email address").fill("alex.morgan@hackney.gov.uk")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/account/")
    assert page.get_by_role("heading", name="Your account").is_visible()


def test_form_errors_are_accessible(page):
    visit(page, "/accounts/signup/")
    page.get_by_role("button", name=re.compile("Sign up|Create account")).click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    visit(page, "/accounts/login/")
    page.get_by_role("button", name="Sign in").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
