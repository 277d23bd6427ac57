"""A candidate's job alert, end to end in Chromium: search, subscribe from the results, confirm from the
email, get one digest with the new jobs, and stop it with the email's one-click unsubscribe."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone

from jobs.alerts.run import alerts_run_week, alerts_send_batch, run_time, week_of
from jobs.models import AlertSubscription, Job
from tests.browser.conftest import assert_accessible, visit
from tests.jobs.alerts.factories import AlertSubscriptionFactory
from tests.jobs.factories import JobFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def link_in(message, pattern: str) -> str:
    return re.search(rf"https?://\S+{pattern}\S*", message.body).group(0)


def run_week(week):
    """The weekly run as beat would start it, an hour after the week's run time."""
    outcome = alerts_run_week(week=week, now=run_time(week) + timedelta(hours=1))
    alerts_send_batch(delivery_ids=outcome.waiting)
    return outcome


def test_search_subscribe_confirm_digest_and_one_click_unsubscribe(page, live_server, settings):
    settings.SITE_URL = live_server.url
    JobFactory(
        status=Job.Status.PUBLISHED, title="Data analyst", published_at=timezone.now() - timedelta(days=20)
    )
    # The next run whose week holds this moment.
    week = week_of(timezone.now())
    if run_time(week) <= timezone.now():
        week += timedelta(days=7)

    # The candidate searches, then asks for these jobs by email from the results page.
    visit(page, "/jobs/")
    page.get_by_label("Search jobs").fill("analyst")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(re.compile(r"/jobs/\?.*q=analyst"))
    assert_accessible(page)
    page.locator("#job-alert-email").fill("candidate@example.com")
    page.get_by_role("button", name="Get job alerts").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email"
    assert_accessible(page)
    alert = AlertSubscription.objects.get()
    assert (alert.status, alert.query) == ("pending", [["q", "analyst"]])

    # The subscribe page on its own, as the "ask again" link opens it.
    visit(page, "/alerts/subscribe/?q=analyst")
    assert "Search: \u2018analyst\u2019" in page.locator("main").inner_text()

    # Confirm from the emailed link: the link shows a button, the button confirms.
    assert len(mail.outbox) == 1
    visit(page, path_of(link_in(mail.outbox[0], "/alerts/confirm/")))
    alert.refresh_from_db()
    assert alert.status == "pending"
    page.get_by_role("button", name="Confirm job alert").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Job alert confirmed"
    assert_accessible(page)

    # New jobs are published; the weekly run sends one digest with the matching ones.
    first = JobFactory(status=Job.Status.PUBLISHED, title="Data analyst", published_at=timezone.now())
    second = JobFactory(status=Job.Status.PUBLISHED, title="Data analyst", published_at=timezone.now())
    JobFactory(status=Job.Status.PUBLISHED, title="Delivery manager", published_at=timezone.now())
    mail.outbox.clear()
    run_week(week)
    run_week(week)
    digests = [message for message in mail.outbox if message.to == ["candidate@example.com"]]
    assert len(digests) == 1
    digest = digests[0]
    assert digest.subject == "2 new jobs for your LOTI job alert"
    assert first.get_absolute_url() in digest.body
    assert second.get_absolute_url() in digest.body
    assert "Delivery manager" not in digest.body

    # The manage page from the digest, and the unsubscribe page (which changes nothing on GET).
    visit(page, path_of(link_in(digest, "/alerts/manage/")))
    assert "Search: \u2018analyst\u2019" in page.locator("main").inner_text()
    unsubscribe_url = digest.extra_headers["List-Unsubscribe"].strip("<>")
    visit(page, path_of(unsubscribe_url))
    alert.refresh_from_db()
    assert alert.status == "active"

    # The mail program's one-click unsubscribe: a POST with no cookies and no CSRF token.
    page.context.clear_cookies()
    response = page.request.post(unsubscribe_url, form={"List-Unsubscribe": "One-Click"})
    assert response.status == 200
    alert.refresh_from_db()
    assert (alert.status, alert.unsubscribe_reason) == ("unsubscribed", "one_click")
    visit(page, path_of(unsubscribe_url))
    assert page.get_by_role("heading", level=1).inner_text() == "You have unsubscribed from this job alert"

    # Next week there are new jobs, but no digest for the candidate.
    other = AlertSubscriptionFactory(email="other@example.com", confirmed_at=timezone.now())
    JobFactory(
        status=Job.Status.PUBLISHED, title="Data analyst", published_at=run_time(week) + timedelta(days=1)
    )
    mail.outbox.clear()
    run_week(week + timedelta(days=7))
    assert [message.to for message in mail.outbox] == [[other.email]]
