"""Job alerts' pages through the client: status, template, what changes (and what GET never changes)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse

from accounts.models import Organisation
from jobs.alerts.tokens import make_token
from jobs.models import AlertSubscription
from tests.accounts.factories import UserFactory
from tests.fixtures import sign_in
from tests.jobs.alerts.conftest import published, query
from tests.jobs.alerts.factories import AlertSubscriptionFactory

pytestmark = pytest.mark.django_db
Status = AlertSubscription.Status
SUBSCRIBE = reverse("alerts:subscribe")


def post(client, url, data=None, **extra):
    """POST with on-commit work (the emails) done at once."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data or {}, **extra)


def url(name, alert, purpose="manage"):
    return reverse(f"alerts:{name}", kwargs={"token": make_token(alert, purpose)})


def snapshot(alert):
    alert.refresh_from_db()
    return (alert.status, alert.query, alert.confirmed_at, alert.paused_at, alert.unsubscribed_at)


# The jobs list's box


def test_every_results_page_has_the_box_with_the_current_filters(client):
    published(hours_before_run=-1)

    response = client.get(reverse("jobs:list"), {"organisation": "hackney", "q": "data", "sort": "salary"})

    html = response.content.decode()
    assert "Get these jobs by email" in html
    box = html[html.index('<form id="job-alert-form"') :]
    assert f'action="{SUBSCRIBE}"' in box
    assert '<input type="hidden" name="q" value="data">' in box
    assert '<input type="hidden" name="organisation" value="hackney">' in box
    assert 'name="sort"' not in box
    assert 'form="job-alert-form"' in html


def test_the_box_posts_the_search_and_an_email(client):
    response = post(
        client, SUBSCRIBE, {"email": "reader@example.com", "organisation": "hackney", "q": "data"}
    )

    assert response.status_code == 200
    assert response.templates[0].name == "jobs/alerts/sent.html"
    alert = AlertSubscription.objects.get()
    assert alert.query == [["q", "data"], ["organisation", "hackney"]]
    assert alert.status == Status.PENDING
    assert len(mail.outbox) == 1


# Subscribe page


def test_the_subscribe_page_summarises_the_filters_and_keeps_them(client):
    response = client.get(SUBSCRIBE, {"organisation": ["hackney", "camden"], "posted_within": "7"})

    assert response.status_code == 200
    assert response.templates[0].name == "jobs/alerts/subscribe.html"
    html = response.content.decode()
    assert "Borough: Camden, Hackney" in html
    assert '<input type="hidden" name="organisation" value="camden">' in html
    assert 'name="posted_within"' not in html
    assert AlertSubscription.objects.count() == 0


def test_an_invalid_email_is_refused_and_nothing_is_sent(client):
    response = post(client, SUBSCRIBE, {"email": "not-an-email", "organisation": "hackney"})

    assert response.status_code == 200
    assert "Enter an email address in the correct format" in response.content.decode()
    assert '<input type="hidden" name="organisation" value="hackney">' in response.content.decode()
    assert AlertSubscription.objects.count() == 0
    assert mail.outbox == []


def test_a_filter_that_does_not_exist_is_refused(client):
    response = post(client, SUBSCRIBE, {"email": "reader@example.com", "organisation": "atlantis"})

    assert "There is no borough called \u2018atlantis\u2019" in response.content.decode()
    assert AlertSubscription.objects.count() == 0
    assert mail.outbox == []


def test_the_answer_is_the_same_whether_or_not_the_address_has_the_alert(client):
    AlertSubscriptionFactory(email="known@example.com", query=query(organisation="hackney"))

    known = post(client, SUBSCRIBE, {"email": "known@example.com", "organisation": "hackney"})
    unknown = post(client, SUBSCRIBE, {"email": "new@example.com", "organisation": "hackney"})

    def main(response):
        html = response.content.decode()
        return html[html.index("<main") : html.index("</main>")].replace("known@", "X@").replace("new@", "X@")

    assert known.status_code == unknown.status_code == 200
    assert main(known) == main(unknown)
    assert [message.subject for message in mail.outbox] == [
        "Your LOTI job alert",
        "Confirm your LOTI job alert",
    ]


def test_a_4th_confirmation_request_in_a_day_is_refused_clearly(client):
    for _ in range(3):
        post(client, SUBSCRIBE, {"email": "reader@example.com"}, REMOTE_ADDR="10.0.0.1")
        client = Client()

    response = post(Client(), SUBSCRIBE, {"email": "reader@example.com"}, REMOTE_ADDR="10.0.0.2")

    assert response.status_code == 429
    assert "We have already sent 3 confirmation emails to this address today" in response.content.decode()
    assert len(mail.outbox) == 3
    assert AlertSubscription.objects.count() == 1


def test_one_client_is_rate_limited(client):
    for number in range(10):
        assert post(client, SUBSCRIBE, {"email": f"reader{number}@example.com"}).status_code == 200

    response = post(client, SUBSCRIBE, {"email": "one-more@example.com"})

    assert response.status_code == 429
    assert "too many job alerts from this device" in response.content.decode()
    assert not AlertSubscription.objects.filter(email="one-more@example.com").exists()


def test_a_signed_in_person_subscribing_their_verified_address_needs_no_confirmation(client):
    user = UserFactory(email="member@example.com")
    sign_in(client, user)

    response = post(client, SUBSCRIBE, {"email": "member@example.com", "level": "senior"})

    assert "Your job alert is set up" in response.content.decode()
    assert AlertSubscription.objects.get().status == Status.ACTIVE
    assert mail.outbox == []


# Confirm


def test_following_the_confirmation_link_changes_nothing_until_the_button(client):
    post(client, SUBSCRIBE, {"email": "reader@example.com", "organisation": "hackney"})
    link = re.search(r"https?://[^/]+(/alerts/confirm/[^\s]+/)", mail.outbox[0].body).group(1)
    alert = AlertSubscription.objects.get()

    page = client.get(link)

    assert page.status_code == 200
    assert page.templates[0].name == "jobs/alerts/confirm.html"
    assert "Confirm job alert" in page.content.decode()
    assert snapshot(alert)[0] == Status.PENDING

    done = client.post(link)

    assert done.status_code == 200
    assert done.templates[0].name == "jobs/alerts/confirmed.html"
    assert snapshot(alert)[0] == Status.ACTIVE


def test_a_tampered_confirmation_link_is_refused(client):
    alert = AlertSubscriptionFactory(status=Status.PENDING, confirmed_at=None)
    link = url("confirm", alert, "confirm")

    for bad in (link[:-3] + "xx/", link.replace(str(alert.pk), str(alert.pk + 1), 1)):
        assert client.get(bad).status_code == 404
        response = client.post(bad)
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()
    assert snapshot(alert)[0] == Status.PENDING


def test_an_expired_confirmation_link_is_refused(client, monday):
    alert = AlertSubscriptionFactory(status=Status.PENDING, confirmed_at=None)
    link = url("confirm", alert, "confirm")
    monday.shift(timedelta(days=8))

    response = client.post(link)

    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()
    assert snapshot(alert)[0] == Status.PENDING


# Manage


def test_the_manage_page_shows_the_alert(client, django_assert_max_num_queries):
    alert = AlertSubscriptionFactory(
        email="reader@example.com", query=query(organisation="hackney", level="mid")
    )
    client.get(reverse("jobs:list"))  # the filter choices are cached, as on a live site

    with django_assert_max_num_queries(4):
        response = client.get(url("manage", alert))

    assert response.status_code == 200
    html = response.content.decode()
    assert "reader@example.com" in html
    assert "Borough: Hackney; Level: Mid" in html
    assert "Pause alert" in html
    assert "no longer exists" not in html


def test_the_manage_page_of_an_alert_with_a_filter_that_no_longer_exists(client):
    gone = Organisation.objects.create(slug="old-borough", name="Old Borough")
    alert = AlertSubscriptionFactory(query=[["organisation", "old-borough"]])
    gone.delete()

    response = client.get(url("manage", alert))

    html = response.content.decode()
    assert "This alert uses a filter that no longer exists" in html
    assert url("change-filters", alert) in html


def test_pause_and_resume_by_post_only(client):
    alert = AlertSubscriptionFactory()

    assert client.get(url("pause", alert)).status_code == 405
    assert snapshot(alert)[0] == Status.ACTIVE
    response = client.post(url("pause", alert), follow=True)
    assert snapshot(alert)[0] == Status.PAUSED
    assert "Your alert is paused" in response.content.decode()
    client.post(url("resume", alert))
    assert snapshot(alert)[0] == Status.ACTIVE


def test_pause_needs_a_genuine_link(client):
    alert = AlertSubscriptionFactory()

    response = client.post(url("pause", alert)[:-4] + "abc/")

    assert response.status_code == 404
    assert snapshot(alert)[0] == Status.ACTIVE


def test_changing_the_filters(client):
    alert = AlertSubscriptionFactory(query=query(organisation="hackney"))

    page = client.get(url("change-filters", alert))
    assert page.status_code == 200
    assert 'value="hackney" checked' in page.content.decode()

    response = client.post(url("change-filters", alert), {"organisation": "camden", "workplace": "remote"})

    assert response.status_code == 302
    assert snapshot(alert)[1] == [["organisation", "camden"], ["workplace", "remote"]]


def test_changing_to_a_filter_that_does_not_exist_is_refused(client):
    alert = AlertSubscriptionFactory(query=query(organisation="hackney"))

    response = client.post(url("change-filters", alert), {"organisation": "atlantis"})

    assert response.status_code == 200
    assert "There is no borough called" in response.content.decode()
    assert snapshot(alert)[1] == [["organisation", "hackney"]]


# Unsubscribe


def test_the_unsubscribe_link_shows_a_button_and_changes_nothing(client):
    alert = AlertSubscriptionFactory()

    response = client.get(url("unsubscribe", alert, "unsubscribe"))

    assert response.status_code == 200
    assert response.templates[0].name == "jobs/alerts/unsubscribe.html"
    assert snapshot(alert)[0] == Status.ACTIVE


def test_one_click_unsubscribe_works_without_a_session_or_csrf_cookie():
    alert = AlertSubscriptionFactory()
    mail_program = Client(enforce_csrf_checks=True)

    response = mail_program.post(url("unsubscribe", alert, "unsubscribe"), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    alert.refresh_from_db()
    assert (alert.status, alert.unsubscribe_reason) == (Status.UNSUBSCRIBED, "one_click")
    assert (
        mail_program.post(
            url("unsubscribe", alert, "unsubscribe"), {"List-Unsubscribe": "One-Click"}
        ).status_code
        == 200
    )


def test_unsubscribing_from_the_page_with_a_reason(client):
    alert = AlertSubscriptionFactory()

    response = client.post(
        url("unsubscribe", alert, "unsubscribe"), {"reason": "found_job", "feedback": "Thanks"}
    )

    assert response.templates[0].name == "jobs/alerts/unsubscribed.html"
    alert.refresh_from_db()
    assert (alert.status, alert.unsubscribe_reason, alert.unsubscribe_feedback) == (
        "unsubscribed",
        "found_job",
        "Thanks",
    )


def test_a_tampered_unsubscribe_link_changes_nothing():
    alert = AlertSubscriptionFactory()

    response = Client(enforce_csrf_checks=True).post(
        url("unsubscribe", alert, "manage"), {"List-Unsubscribe": "One-Click"}
    )

    assert response.status_code == 404
    assert snapshot(alert)[0] == Status.ACTIVE


# Delete my data


def test_delete_my_data_asks_first_then_deletes(client):
    alert = AlertSubscriptionFactory()

    page = client.get(url("delete", alert))
    assert page.status_code == 200
    assert AlertSubscription.objects.filter(pk=alert.pk).exists()

    response = client.post(url("delete", alert))

    assert response.status_code == 200
    assert response.templates[0].name == "jobs/alerts/deleted.html"
    assert not AlertSubscription.objects.filter(pk=alert.pk).exists()
    assert client.get(url("manage", alert)).status_code == 404


# The signed-in person's alerts


def test_your_alerts_needs_an_account(client):
    response = client.get(reverse("alerts:mine"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_your_alerts_lists_alerts_to_your_verified_addresses_and_sets_one_up(client):
    user = UserFactory(email="member@example.com")
    mine = AlertSubscriptionFactory(email="member@example.com", query=query(organisation="hackney"))
    AlertSubscriptionFactory(email="someone@example.com")
    sign_in(client, user)

    page = client.get(reverse("alerts:mine"))
    assert page.status_code == 200
    assert [alert.pk for alert in page.context["alerts"]] == [mine.pk]

    response = post(client, reverse("alerts:mine"), {"email": "member@example.com", "role_family": "data"})

    assert response.status_code == 302
    created = AlertSubscription.objects.get(query=[["role_family", "data"]])
    assert (created.status, created.user) == (Status.ACTIVE, user)
    assert mail.outbox == []


def test_your_alerts_refuses_an_address_that_is_not_yours(client):
    sign_in(client, UserFactory(email="member@example.com"))

    response = post(client, reverse("alerts:mine"), {"email": "someone@example.com"})

    assert response.status_code == 200
    assert AlertSubscription.objects.count() == 0
