from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Organisation
from capability.models import Level, Role
from jd_library.models import JobDescription
from jobs.forms import JobForm, format_time, parse_time
from jobs.models import Job
from tests.accounts.factories import MembershipFactory, loti_admin, staff_of
from tests.jobs.factories import JobFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def job_post_data(closing=None, **overrides) -> dict:
    """What the job form posts for a valid job, closing 4 weeks from today unless `closing` is given."""
    closing = closing or timezone.localdate() + timedelta(days=28)
    data = {
        "title": "Data analyst",
        "reference": "HK1234",
        "summary": "Turn data into better services for Hackney's residents.",
        "description": "You will work with housing teams.\n\n- Build dashboards\n- Teach others",
        "role": str(Role.objects.get(slug="data-analyst").pk),
        "level": str(Level.objects.get(slug="mid").pk),
        "grade_label": "PO4",
        "salary_min": "42000",
        "salary_max": "47500",
        "london_weighting_included": "True",
        "contract_type": "permanent",
        "working_pattern": "full_time",
        "workplace": "hybrid",
        "location": "Hackney Town Hall, Mare Street, E8",
        "hours_per_week": "36",
        "closing_day": str(closing.day),
        "closing_month": str(closing.month),
        "closing_year": str(closing.year),
        "closing_time": "11:55pm",
        "apply_url": "https://jobs.example.gov.uk/vacancy/1",
        "contact_email": "",
    }
    return {**data, **overrides}


@pytest.fixture
def hackney():
    return Organisation.objects.get(slug="hackney")


@pytest.fixture
def hackney_staff(hackney):
    return staff_of(hackney)


def errors_of(form: JobForm) -> dict[str, list[str]]:
    assert not form.is_valid()
    return {name: list(errors) for name, errors in form.errors.items()}


def test_a_valid_form_saves_a_draft_for_the_users_organisation(hackney, hackney_staff):
    form = JobForm(job_post_data(), user=hackney_staff)
    assert form.is_valid(), form.errors
    job = form.save()
    job.refresh_from_db()
    assert job.status == Job.Status.DRAFT
    assert job.organisation == hackney
    assert job.created_by == hackney_staff
    assert job.salary_min == 42_000
    assert job.description == (
        "<p>You will work with housing teams.</p><ul><li>Build dashboards</li><li>Teach others</li></ul>"
    )
    closes = timezone.localtime(job.closes_at, LONDON)
    assert (closes.date(), closes.time()) == (timezone.localdate() + timedelta(days=28), time(23, 55))


def test_closing_time_is_london_time_in_summer_and_winter(hackney_staff):
    with time_machine.travel(datetime(2026, 3, 2, 12, tzinfo=UTC), tick=False):
        summer = JobForm(job_post_data(closing=date(2026, 7, 15)), user=hackney_staff)
        winter = JobForm(job_post_data(closing=date(2026, 12, 15)), user=hackney_staff)
        assert summer.is_valid(), summer.errors
        assert winter.is_valid(), winter.errors
        assert summer.save().closes_at == datetime(2026, 7, 15, 22, 55, tzinfo=UTC)
        assert winter.save().closes_at == datetime(2026, 12, 15, 23, 55, tzinfo=UTC)


def test_the_closing_time_defaults_to_five_to_midnight(hackney_staff):
    form = JobForm(user=hackney_staff)
    assert form["closing_time"].value() == "11:55pm"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("11:55pm", time(23, 55)),
        ("11.55 PM", time(23, 55)),
        ("5pm", time(17, 0)),
        ("9am", time(9, 0)),
        ("12am", time(0, 0)),
        ("12:30pm", time(12, 30)),
        ("17:00", time(17, 0)),
        ("midday", time(12, 0)),
        ("5", None),
        ("13pm", None),
        ("24:00", None),
        ("10:75", None),
        ("soon", None),
    ],
)
def test_parse_time(typed, expected):
    assert parse_time(typed) == expected


def test_format_time_reads_back_the_same():
    moment = datetime(2026, 1, 22, 23, 55, tzinfo=LONDON)
    assert format_time(moment) == "11:55pm"
    assert parse_time(format_time(moment)) == time(23, 55)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://files.example.gov.uk/job.pdf", "not a link"])
def test_apply_link_must_be_http_or_https(hackney_staff, url):
    form = JobForm(job_post_data(apply_url=url), user=hackney_staff)
    assert errors_of(form) == {"apply_url": ["Enter a link starting with https://"]}


def test_apply_link_without_a_scheme_gets_https(hackney_staff):
    form = JobForm(job_post_data(apply_url="jobs.hackney.gov.uk/vacancy/9"), user=hackney_staff)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["apply_url"] == "https://jobs.hackney.gov.uk/vacancy/9"


def test_closing_date_in_the_past_is_refused(hackney_staff):
    yesterday = timezone.localdate() - timedelta(days=1)
    form = JobForm(job_post_data(closing=yesterday), user=hackney_staff)
    assert errors_of(form) == {"closing_day": ["Closing date must be in the future"]}
    assert form.closing_date_error_parts == {"day", "month", "year"}


def test_closing_time_earlier_today_is_refused(hackney_staff):
    with time_machine.travel(datetime(2026, 3, 2, 15, tzinfo=UTC), tick=False):
        form = JobForm(job_post_data(closing=date(2026, 3, 2), closing_time="9am"), user=hackney_staff)
        assert errors_of(form) == {"closing_time": ["Closing time must be in the future"]}


@pytest.mark.parametrize(
    ("day", "month", "year", "field", "message"),
    [
        ("", "", "", "closing_day", "Enter the closing date"),
        ("12", "", "2030", "closing_month", "Closing date must include a month"),
        ("", "", "2030", "closing_day", "Closing date must include a day and month"),
        ("31", "2", "2030", "closing_day", "Closing date must be a real date"),
        ("1", "x", "2030", "closing_day", "Closing date must be a real date"),
        ("1", "2", "30", "closing_year", "Year must include 4 numbers"),
    ],
)
def test_closing_date_messages(hackney_staff, day, month, year, field, message):
    data = job_post_data(closing_day=day, closing_month=month, closing_year=year)
    assert errors_of(JobForm(data, user=hackney_staff)) == {field: [message]}


@pytest.mark.parametrize(
    ("typed", "message"),
    [("", "Enter the closing time, like 11:55pm"), ("teatime", "Enter a real time, like 11:55pm or 17:00")],
)
def test_closing_time_messages(hackney_staff, typed, message):
    assert errors_of(JobForm(job_post_data(closing_time=typed), user=hackney_staff)) == {
        "closing_time": [message]
    }


def test_closing_date_accepts_a_month_name(hackney_staff):
    closing = timezone.localdate() + timedelta(days=40)
    data = job_post_data(closing=closing, closing_month=f"{closing:%B}")
    form = JobForm(data, user=hackney_staff)
    assert form.is_valid(), form.errors
    assert timezone.localtime(form.cleaned_data["closes_at"], LONDON).date() == closing


def test_closing_date_more_than_a_year_ahead_is_refused(hackney_staff):
    far = timezone.localdate() + timedelta(days=400)
    form = JobForm(job_post_data(closing=far), user=hackney_staff)
    assert errors_of(form) == {"closing_day": ["Closing date must be within a year from today"]}


def test_salary_max_below_min_is_refused(hackney_staff):
    form = JobForm(job_post_data(salary_min="50000", salary_max="45000"), user=hackney_staff)
    assert errors_of(form) == {
        "salary_max": ["Maximum salary must be the same as or more than the minimum salary"]
    }


@pytest.mark.parametrize(
    ("salary_min", "message"),
    [
        ("650", "Minimum salary must be £10,000 or more"),
        ("900000", "Minimum salary must be £300,000 or less"),
        ("42000.50", "Minimum salary must be a whole number of pounds, like 42000"),
        ("", "Enter the minimum salary"),
    ],
)
def test_salary_bounds(hackney_staff, salary_min, message):
    form = JobForm(job_post_data(salary_min=salary_min, salary_max="47500"), user=hackney_staff)
    assert errors_of(form)["salary_min"] == [message]


def test_salary_may_be_typed_with_pound_sign_and_commas(hackney_staff):
    form = JobForm(job_post_data(salary_min="£42,000", salary_max="£47,500"), user=hackney_staff)
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["salary_min"], form.cleaned_data["salary_max"]) == (42_000, 47_500)


def test_script_in_the_description_is_removed(hackney_staff):
    data = job_post_data(description="<p>Join us</p><script>alert(1)</script><p onmouseover='x()'>Apply</p>")
    form = JobForm(data, user=hackney_staff)
    assert form.is_valid(), form.errors
    job = form.save()
    job.refresh_from_db()
    assert job.description == "<p>Join us</p><p>Apply</p>"


def test_a_description_that_is_only_script_is_missing(hackney_staff):
    form = JobForm(job_post_data(description="<script>alert(1)</script>"), user=hackney_staff)
    assert errors_of(form) == {"description": ["Enter the job description"]}


def test_required_fields_have_govuk_messages(hackney_staff):
    errors = errors_of(JobForm({"closing_time": "11:55pm"}, user=hackney_staff))
    assert errors["title"] == ["Enter the job title"]
    assert errors["role"] == ["Select the role"]
    assert errors["contract_type"] == ["Select the contract type"]
    assert errors["apply_url"] == ["Enter the link to apply on your website"]
    assert errors["closing_day"] == ["Enter the closing date"]
    assert "contact_email" not in errors


def test_roles_are_grouped_by_family(hackney_staff):
    html = str(JobForm(user=hackney_staff)["role"])
    assert '<optgroup label="Data">' in html
    assert '<optgroup label="User-centred design">' in html
    assert html.index('<optgroup label="Data">') < html.index("Data analyst")


def test_salary_inputs_have_a_pound_prefix(hackney_staff):
    html = str(JobForm(user=hackney_staff)["salary_min"])
    assert '<div class="govuk-input__prefix" aria-hidden="true">£</div>' in html


def test_single_organisation_staff_get_no_organisation_field(hackney_staff):
    assert "organisation" not in JobForm(user=hackney_staff).fields


def test_posted_organisation_is_ignored_for_single_organisation_staff(hackney):
    camden_staff = staff_of(Organisation.objects.get(slug="camden"))
    form = JobForm(job_post_data(organisation=str(hackney.pk)), user=camden_staff)
    assert form.is_valid(), form.errors
    assert form.save().organisation.slug == "camden"
    assert not Job.objects.filter(organisation=hackney).exists()


def test_loti_admins_choose_the_organisation(hackney):
    admin = loti_admin()
    form = JobForm(job_post_data(organisation=str(hackney.pk)), user=admin)
    assert form.is_valid(), form.errors
    assert form.save().organisation == hackney


def test_people_in_two_organisations_choose_only_between_them(hackney):
    person = staff_of(hackney)
    camden = Organisation.objects.get(slug="camden")
    MembershipFactory(user=person, organisation=camden)
    form = JobForm(
        job_post_data(organisation=str(Organisation.objects.get(slug="islington").pk)), user=person
    )
    assert errors_of(form) == {"organisation": ["Select an organisation you can post jobs for"]}
    assert set(JobForm(user=person).fields["organisation"].queryset) == {hackney, camden}


def test_editing_shows_the_closing_date_and_time_in_london(hackney_staff):
    job = JobFactory(closes_at=datetime(2030, 7, 1, 16, 0, tzinfo=UTC))
    form = JobForm(instance=job, user=hackney_staff)
    assert [
        form[name].value() for name in ("closing_day", "closing_month", "closing_year", "closing_time")
    ] == [
        "1",
        "7",
        "2030",
        "5:00pm",
    ]
    assert "organisation" not in form.fields


def test_editing_saves_through_the_service(hackney_staff):
    job = JobFactory(status=Job.Status.REJECTED, rejection_reason="Add the salary")
    form = JobForm(job_post_data(title="Senior data analyst"), instance=job, user=hackney_staff)
    assert form.is_valid(), form.errors
    form.save()
    job.refresh_from_db()
    assert job.title == "Senior data analyst"
    assert job.status == Job.Status.REJECTED


def test_a_service_error_shows_on_the_form_and_nothing_is_saved(hackney_staff):
    closing = date(2026, 3, 10)
    with time_machine.travel(datetime(2026, 3, 2, 12, tzinfo=UTC), tick=False) as traveller:
        form = JobForm(job_post_data(closing=closing), user=hackney_staff)
        assert form.is_valid(), form.errors
        traveller.move_to(datetime(2026, 3, 11, 12, tzinfo=UTC))
        assert form.save() is None
    assert form.errors["closing_day"] == ["The closing date must be in the future."]
    assert form.closing_date_error_parts == {"day", "month", "year"}
    assert not Job.objects.exists()


def test_adding_to_the_library_submits_a_jd(hackney_staff):
    form = JobForm(job_post_data(add_to_library="on"), user=hackney_staff)
    assert form.is_valid(), form.errors
    job = form.save()
    job.refresh_from_db()
    assert job.jd.status == JobDescription.Status.SUBMITTED
    assert job.jd.title == "Data analyst"
    assert "add_to_library" not in JobForm(instance=job, user=hackney_staff).fields
