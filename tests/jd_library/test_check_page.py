"""The public JD checker page: the form, the report, the text kept, CSRF, size and rate limits."""

import pytest
from django.test import Client
from django.urls import reverse

from jd_library.models import JobDescription

pytestmark = pytest.mark.django_db

CHECK_URL = reverse("jd_library:check")

GENDER_CODED = (
    "We want an ambitious, competitive and dominant leader who is assertive and decisive. "
    "You will be a driven, fearless and independent self-reliant analyst who competes to win. "
    "The salary is £42,000 to £47,500 a year and we offer hybrid working."
)


def post(client, text, **extra):
    return client.post(CHECK_URL, {"text": text}, **extra)


def test_the_page_shows_a_form_and_no_report(client):
    response = client.get(CHECK_URL)

    assert response.status_code == 200
    assert response.templates[0].name == "jd_library/check.html"
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert 'method="post"' in content
    assert 'name="csrfmiddlewaretoken"' in content
    assert '<textarea class="govuk-textarea govuk-js-character-count"' in content
    assert response.context.get("report") is None


def test_checking_a_text_finds_gender_coded_words_and_keeps_the_text(client):
    response = post(client, GENDER_CODED)

    assert response.status_code == 200
    report = response.context["report"]
    assert "gender_coding" in report.kinds
    templates = [template.name for template in response.templates]
    assert "jd_library/includes/checker_report.html" in templates
    content = response.content.decode()
    assert "What the JD checker found" in content
    assert "Gender coding" in content
    assert "competitive" in content.split("What the JD checker found", 1)[1]
    textarea = content.split("<textarea", 1)[1].split("</textarea>", 1)[0]
    assert "We want an ambitious, competitive and dominant leader" in textarea
    assert JobDescription.objects.count() == 0


def test_the_text_is_escaped_when_it_is_shown_again(client):
    response = post(client, "</textarea><script>alert(1)</script> We need an ambitious analyst.")
    content = response.content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;/textarea&gt;&lt;script&gt;" in content


def test_an_empty_text_is_a_clear_error(client):
    response = post(client, "   ")
    assert response.status_code == 200
    assert response.context["report"] is None
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Paste the text of the job description to check" in content
    assert "<title>Error: " in content


def test_a_text_over_50000_characters_is_a_clear_error_and_is_not_checked(client):
    response = post(client, "word " * 10_001)
    assert response.status_code == 200
    assert response.context["report"] is None
    assert "The job description must be 50,000 characters or fewer" in response.content.decode()


def test_a_text_of_50000_characters_is_checked(client):
    text = ("We offer hybrid working and pay £40,000 a year. " * 1100)[:50_000]
    response = post(client, text)
    assert response.context["report"] is not None


def test_posting_without_the_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    response = post(client, GENDER_CODED)
    assert response.status_code == 403


def test_posting_with_the_csrf_token_works():
    client = Client(enforce_csrf_checks=True)
    client.get(CHECK_URL)
    token = client.cookies["csrftoken"].value
    response = client.post(CHECK_URL, {"text": GENDER_CODED, "csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert response.context["report"] is not None


def test_other_methods_are_refused(client):
    assert client.put(CHECK_URL).status_code == 405
    assert client.delete(CHECK_URL).status_code == 405


# Rate limit


def test_thirty_checks_a_minute_then_a_clear_429(client, time_machine):
    time_machine.move_to("2026-03-02 10:00:10", tick=False)
    for _ in range(30):
        assert post(client, GENDER_CODED).status_code == 200

    response = post(client, GENDER_CODED)

    assert response.status_code == 429
    assert response["Retry-After"] == "50"
    assert response.context.get("report") is None
    content = response.content.decode()
    assert "You have checked 30 job descriptions in the last minute" in content
    assert "then check your job description again" in content
    textarea = content.split("<textarea", 1)[1].split("</textarea>", 1)[0]
    assert "ambitious, competitive" in textarea


def test_the_limit_is_per_client(client, time_machine):
    time_machine.move_to("2026-03-02 10:00:10", tick=False)
    for _ in range(31):
        post(client, "A short text.", REMOTE_ADDR="203.0.113.7")
    assert post(client, "A short text.", REMOTE_ADDR="203.0.113.7").status_code == 429
    assert post(client, "A short text.", REMOTE_ADDR="203.0.113.8").status_code == 200


def test_the_limit_is_over_any_minute_so_a_burst_at_the_turn_of_a_minute_does_not_double_it(
    client, time_machine
):
    time_machine.move_to("2026-03-02 10:00:50", tick=False)
    for _ in range(30):
        assert post(client, "A short text.").status_code == 200

    time_machine.move_to("2026-03-02 10:01:05", tick=False)
    statuses = [post(client, "A short text.").status_code for _ in range(10)]
    assert statuses.count(200) <= 2
    assert statuses[-1] == 429
    assert post(client, "A short text.")["Retry-After"] == "55"

    time_machine.move_to("2026-03-02 10:01:40", tick=False)
    assert post(client, "A short text.").status_code == 200

    time_machine.move_to("2026-03-02 10:03:00", tick=False)
    for _ in range(30):
        assert post(client, "A short text.").status_code == 200
    assert post(client, "A short text.").status_code == 429


def test_showing_the_form_does_not_count(client):
    for _ in range(40):
        assert client.get(CHECK_URL).status_code == 200
    assert post(client, "A short text.").status_code == 200
