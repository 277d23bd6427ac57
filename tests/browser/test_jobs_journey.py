import re
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.utils import timezone

from accounts.models import Organisation
from jobs.models import Job
from tests.accounts.factories import DEFAULT_PASSWORD, loti_admin, staff_of
from tests.browser.conftest import assert_accessible, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def sign_in(page, email, *, totp_secret=None):
    visit(page, "/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if totp_secret:
        page.wait_for_url("**/2fa/authenticate/")
        assert_accessible(page)
        code = format_hotp_value(hotp_value(totp_secret, int(timezone.now().timestamp()) // 30))
        page.locator("input[name=code]").fill(code)
        page.locator("main button[type=submit]").first.click()
    page.wait_for_load_state()


def sign_out(page):
    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def test_staff_post_loti_approves_candidate_finds_and_applies(page):
    hackney = Organisation.objects.get(slug="hackney")
    poster = staff_of(hackney, email="poster@hackney.gov.uk")
    admin = loti_admin(authenticator=False)
    secret = generate_totp_secret()
    TOTP.activate(admin, secret)
    closes = timezone.localdate() + timedelta(days=20)

    # Borough staff post a job through the form, with a mistake first.
    sign_in(page, poster.email)
    visit(page, "/jobs/new/")
    page.get_by_label("Job title").fill("Senior Data Engineer")
    page.get_by_role("button", name="Save and preview").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.get_by_label("Summary", exact=True).fill("Build the data platform that Hackney's services run on.")
    page.get_by_label("Job description", exact=True).fill(
        "You will build pipelines for housing repairs and social care.\n\n- Python\n- SQL"
    )
    page.get_by_label("Role").select_option(label="Data engineer")
    page.get_by_label("Level").select_option(label="Senior")
    page.get_by_label("Grade").fill("PO6")
    page.get_by_label("Minimum salary").fill("52000")
    page.get_by_label("Maximum salary").fill("56500")
    page.locator("input[name=london_weighting_included][value=True]").check()
    page.get_by_label("Permanent").check()
    page.get_by_label("Full time").check()
    page.get_by_label("Hybrid").check()
    page.get_by_label("Location", exact=True).fill("Hackney Service Centre, E8")
    page.get_by_label("Hours a week").fill("36")
    page.get_by_label("Day").fill(str(closes.day))
    page.get_by_label("Month").fill(str(closes.month))
    page.get_by_label("Year").fill(str(closes.year))
    page.get_by_label("Link to apply").fill("https://jobs.example.gov.uk/vacancy/777")
    page.get_by_role("button", name="Save and preview").click()
    page.wait_for_url(re.compile(r"/jobs/\d+/preview/"))
    assert_accessible(page)
    page.get_by_role("button", name="Submit for approval").click()
    page.wait_for_load_state()
    assert_accessible(page)
    job = Job.objects.get(title="Senior Data Engineer")
    assert job.status == Job.Status.SUBMITTED
    visit(page, "/jobs/mine/")
    sign_out(page)

    # A LOTI admin approves it on the moderation page.
    sign_in(page, admin.email, totp_secret=secret)
    visit(page, "/jobs/moderation/")
    page.get_by_role("button", name=re.compile("Approve Senior Data Engineer")).click()
    page.wait_for_load_state()
    assert_accessible(page)
    job.refresh_from_db()
    assert job.status == Job.Status.PUBLISHED
    sign_out(page)

    # A candidate finds it by a word of its description, and by borough and minimum salary.
    visit(page, "/jobs/?q=pipelines")
    assert page.get_by_role("link", name="Senior Data Engineer").is_visible()
    visit(page, "/jobs/")
    page.get_by_label("Hackney").check()
    page.get_by_label("Minimum salary").fill("55000")
    page.get_by_role("button", name="Apply filters").first.click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert page.get_by_role("link", name="Senior Data Engineer").is_visible()
    page.get_by_role("link", name="Senior Data Engineer").click()
    page.wait_for_load_state()
    assert_accessible(page)
    apply = page.get_by_role("button", name="Apply for this job").first
    assert apply.get_attribute("href") == f"/jobs/{job.pk}/apply/"
    assert page.locator("script[type='application/ld+json']").count() == 1
