"""The digest as a person and a mail program read it: jobs, links, marks and the bulk-sender headers."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings

from accounts.models import Organisation
from jobs.alerts.emails import list_id
from jobs.alerts.run import alerts_run_week, alerts_send_batch
from jobs.alerts.tokens import make_token
from jobs.models import AlertDelivery
from tests.jobs.alerts.conftest import RUN_AT, published, query
from tests.jobs.alerts.factories import AlertSubscriptionFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("monday"),
]
SITE = "https://skills.loti.london"


@pytest.fixture(autouse=True)
def _site():
    with override_settings(
        SITE_URL=SITE, DEFAULT_FROM_EMAIL="LOTI Skills Portal <no-reply@skills.loti.london>"
    ):
        yield


def send_week():
    outcome = alerts_run_week()
    alerts_send_batch(delivery_ids=outcome.waiting)


def test_a_digest_lists_the_newest_50_with_salary_closing_date_and_a_link_to_all():
    camden = Organisation.objects.get(slug="camden")
    jobs = [published(hours_before_run=1 + number, organisation=camden) for number in range(53)]
    soon = jobs[0]
    soon.closes_at = RUN_AT + timedelta(days=2)
    soon.save()
    alert = AlertSubscriptionFactory(query=query(organisation="camden"))

    send_week()

    message = mail.outbox[0]
    assert message.subject == "53 new jobs for your LOTI job alert"
    assert "Here are the 50 newest. See all 53:" in message.body
    assert f"{SITE}/jobs/?organisation=camden&sort=newest" in message.body
    assert message.body.count(f"{SITE}/jobs/") == 50 + 2
    assert f"{SITE}{jobs[49].get_absolute_url()}" in message.body
    assert jobs[50].get_absolute_url() not in message.body
    assert "Salary: £42,000 to £47,500" in message.body
    assert "Closes: 7am on Monday 23 March 2026" in message.body
    assert f"{soon.title} (CLOSING SOON)" in message.body
    assert message.body.count("CLOSING SOON") == 1
    assert "Your alert: Borough: Camden" in message.body
    assert "because you signed up for weekly job alerts from the LOTI Skills Portal on" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert html.count(">Closing soon</strong>") == 1
    assert f'href="{SITE}/jobs/?organisation=camden&amp;sort=newest"' in html
    assert f"{SITE}/alerts/manage/{make_token(alert, 'manage')}/" in html
    assert "Camden" in html
    assert "£42,000 to £47,500" in html


def test_a_digest_has_one_click_unsubscribe_list_id_and_a_stable_message_id():
    published(hours_before_run=3)
    alert = AlertSubscriptionFactory()

    send_week()

    message = mail.outbox[0]
    unsubscribe = f"{SITE}/alerts/unsubscribe/{make_token(alert, 'unsubscribe')}/"
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Id"] == "LOTI Skills Portal job alerts <job-alerts.skills.loti.london>"
    assert list_id() == message.extra_headers["List-Id"]
    delivery = AlertDelivery.objects.get()
    assert message.message()["Message-ID"] == f"<job-alert-{delivery.pk}.20260302@skills.loti.london>"
    assert unsubscribe in message.body
    assert f"{SITE}/alerts/manage/{make_token(alert, 'manage')}/" in message.body
    assert "1 new job for your" in message.subject


def test_search_words_and_several_filters_are_described_in_the_email():
    published(hours_before_run=3, title="Data analyst")
    AlertSubscriptionFactory(query=query(q="data", organisation=["camden", "hackney"], min_salary="40000"))

    send_week()

    body = mail.outbox[0].body
    assert (
        "Your alert: Search: \u2018data\u2019; Borough: Camden, Hackney; Minimum salary: £40,000 or more"
        in body
    )
    assert (
        f"{SITE}/jobs/?q=data&organisation=camden&organisation=hackney&min_salary=40000&sort=newest" in body
    )
