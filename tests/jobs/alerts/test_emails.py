"""The digest as a person and a mail program read it: jobs, links, marks and the bulk-sender headers."""

import email
import email.header
from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings

from accounts.models import Organisation
from jobs.alerts.emails import DigestRenderer, list_id
from jobs.alerts.run import alerts_run_week, alerts_send_batch
from jobs.alerts.tokens import make_token
from jobs.models import AlertDelivery, Job
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


def parsed(raw: bytes):
    message = email.message_from_bytes(raw)
    parts = [
        (part.get_content_type(), part.get_payload(decode=True).decode())
        for part in message.walk()
        if not part.is_multipart()
    ]
    return message, parts


def test_a_digests_direct_bytes_carry_what_djangos_message_carries():
    camden = Organisation.objects.get(slug="camden")
    for number in range(3):
        published(hours_before_run=1 + number, organisation=camden, title=f"Data engineer {number}")
    AlertSubscriptionFactory(query=query(q="data", organisation="camden"))

    send_week()

    digest = mail.outbox[0]
    direct, direct_parts = parsed(digest.smtp_bytes())
    django, django_parts = parsed(digest.message().as_bytes(linesep="\r\n"))
    assert digest._direct_bytes() is not None
    assert b"\r\n" in digest.smtp_bytes()
    assert b"\n" not in digest.smtp_bytes().replace(b"\r\n", b"")
    names = [name for name in django if name != "Date"]
    assert [name for name in direct if name != "Date"] == names
    for name in names:
        if name != "Content-Type":
            assert " ".join(direct[name].split()) == " ".join(django[name].split()), name
    assert direct.get_content_type() == "multipart/alternative"
    assert direct_parts == django_parts
    assert [part.get_content_type() for part in direct.walk()][1:] == ["text/plain", "text/html"]
    assert [part["Content-Transfer-Encoding"] for part in direct.walk()][1:] == ["8bit", "8bit"]
    assert "Data engineer 2" in direct_parts[1][1]
    assert "£" in direct_parts[1][1]


@pytest.mark.parametrize(
    "change",
    [
        {"subject": "Nouveaux postes: caf\u00e9"},
        {"to": ["d\u00e9v@example.com"]},
        {"body": "x" * 1200},
    ],
    ids=["non-ascii subject", "non-ascii address", "long line"],
)
def test_a_digest_outside_the_direct_shape_is_written_by_django(change):
    published(hours_before_run=3)
    AlertSubscriptionFactory()
    send_week()
    digest = mail.outbox[0]
    for name, value in change.items():
        setattr(digest, name, value)

    assert digest._direct_bytes() is None
    message, parts = parsed(digest.smtp_bytes())
    assert str(email.header.make_header(email.header.decode_header(message["Subject"]))) == digest.subject
    assert parts[0][1].replace("\r\n", "\n") == digest.body


def test_a_job_part_is_rendered_once_a_process_until_the_job_changes(monday):
    job = published(hours_before_run=3, title="Data engineer")
    renderer = DigestRenderer(now=RUN_AT)
    first = renderer.open_jobs([job.pk])[job.pk]
    assert "Data engineer" in first.text

    assert DigestRenderer(now=RUN_AT).open_jobs([job.pk])[job.pk] is first
    monday.shift(timedelta(seconds=1))
    job.title = "Senior data engineer"
    job.save()
    changed = DigestRenderer(now=RUN_AT).open_jobs([job.pk])[job.pk]
    assert changed is not first
    assert "Senior data engineer" in changed.text
    closing = DigestRenderer(now=job.closes_at - timedelta(days=1)).open_jobs([job.pk])[job.pk]
    assert "CLOSING SOON" in closing.text
    job.status = Job.Status.CLOSED
    job.save()
    assert DigestRenderer(now=RUN_AT).open_jobs([job.pk]) == {}
