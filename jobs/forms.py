"""The form borough staff fill in to post or change a job, in GOV.UK style.

The form validates and shows errors; the job is written by jobs.services (job_create, job_update), whose
own validation errors are attached back to the form so that they show like any other.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.forms import OrganisationRecordForm, organisation_field
from accounts.models import User
from capability.forms import level_field, role_field
from loti_portal.forms import (
    WebLinkField,
    grade_field,
    hours_field,
    london_weighting_field,
    salary_field,
    text_field,
)
from loti_portal.richtext import clean_html, editable_text, html_to_text

from . import services
from .models import Job

LONDON = ZoneInfo("Europe/London")
DEFAULT_CLOSING_TIME = "11:55pm"
URL_MESSAGE = "Enter a link starting with https://"
DATE_PARTS = ("day", "month", "year")
_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name} | {
    name.lower(): number for number, name in enumerate(calendar.month_abbr) if name
}
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$", re.IGNORECASE)


def _radios(label: str, choices, message: str, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
        **kwargs,
    )


def format_time(moment: datetime) -> str:
    """'11:55pm', '9:00am': a time the time field reads back unchanged."""
    return f"{moment.hour % 12 or 12}:{moment.minute:02d}{'am' if moment.hour < 12 else 'pm'}"


def parse_time(value: str) -> time | None:
    """'11:55pm', '5pm', '5.30 pm', '17:00', 'midday': a time of day, or None if it is not one."""
    value = value.strip().lower()
    if value in ("midday", "noon", "12 noon"):
        return time(12, 0)
    match = _TIME.match(value)
    if not match:
        return None
    hour, minute, meridiem = int(match[1]), int(match[2] or 0), (match[3] or "").replace(".", "")
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    elif match[2] is None:
        return None  # "5" alone could be 5am or 5pm
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


class JobForm(OrganisationRecordForm):
    """A job's details. `organisation` appears only for people who may post for more than one."""

    organisation = organisation_field(
        required="Select the organisation the job is for",
        invalid="Select an organisation you can post jobs for",
    )
    title = text_field("Job title", 150, required_message="Enter the job title")
    reference = text_field(
        "Reference", 50, required=False, help_text="Your own reference for the job, if it has one"
    )
    summary = text_field(
        "Summary",
        600,
        required_message="Enter a summary of the job",
        help_text="Two or three sentences shown in search results and job alerts",
        widget=forms.Textarea(attrs={"rows": 4, "class": "govuk-js-character-count"}),
    )
    description = forms.CharField(
        label="Job description",
        help_text="Leave a blank line between paragraphs. Start a line with a dash (-) for a bulleted list. "
        "You can also paste from a web page or a document.",
        widget=forms.Textarea(attrs={"rows": 15}),
        error_messages={"required": "Enter the job description"},
    )
    add_to_library = forms.BooleanField(
        label="Add this job description to the JD library",
        required=False,
        help_text="Other boroughs can then use it when they write their own. LOTI checks it first.",
    )
    role = role_field()
    level = level_field()
    grade_label = grade_field()
    salary_min = salary_field("Minimum salary")
    salary_max = salary_field("Maximum salary")
    london_weighting_included = london_weighting_field()
    contract_type = _radios("Contract type", Job.ContractType.choices, "Select the contract type")
    working_pattern = _radios("Working pattern", Job.WorkingPattern.choices, "Select the working pattern")
    workplace = _radios("Where the work is done", Job.Workplace.choices, "Select where the work is done")
    location = text_field(
        "Location",
        150,
        required_message="Enter where the job is based",
        help_text="The office or area, for example Hackney Service Centre, E8",
    )
    hours_per_week = hours_field(help_text="For example, 36 or 18.5")
    closing_day = forms.CharField(label="Day", required=False)
    closing_month = forms.CharField(label="Month", required=False)
    closing_year = forms.CharField(label="Year", required=False)
    closing_time = forms.CharField(
        label="Closing time",
        initial=DEFAULT_CLOSING_TIME,
        error_messages={"required": "Enter the closing time, like 11:55pm"},
        help_text="London time, for example 11:55pm or 17:00",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "spellcheck": "false"}),
    )
    apply_url = WebLinkField(
        label="Link to apply",
        max_length=500,
        assume_scheme="https",
        help_text="The job's page on your organisation's website, where candidates apply",
        widget=forms.URLInput(attrs={"spellcheck": "false", "autocomplete": "url"}),
        error_messages={
            "required": "Enter the link to apply on your website",
            "invalid": URL_MESSAGE,
            "max_length": "Link to apply must be 500 characters or fewer",
        },
    )
    contact_email = forms.EmailField(
        label="Contact email address",
        required=False,
        max_length=254,
        help_text="For questions about the job",
        widget=forms.EmailInput(attrs={"spellcheck": "false", "autocomplete": "email"}),
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )

    class Meta:
        model = Job
        fields = [name for name in services.EDITABLE_FIELDS if name != "closes_at"]

    # The page's order, which the error summary follows.
    field_order = [
        "organisation", "title", "reference", "summary", "description", "add_to_library", "role", "level",
        "grade_label", "salary_min", "salary_max", "london_weighting_included", "contract_type",
        "working_pattern", "hours_per_week", "workplace", "location", "closing_day", "closing_month",
        "closing_year", "closing_time", "apply_url", "contact_email",
    ]  # fmt: skip

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.closing_date_error_parts: set[str] = set()
        if self.instance.jd_id is not None:
            del self.fields["add_to_library"]
        if self.instance.pk is not None and self.instance.closes_at and not self.is_bound:
            closes = timezone.localtime(self.instance.closes_at, LONDON)
            self.initial.update(
                closing_day=str(closes.day),
                closing_month=str(closes.month),
                closing_year=str(closes.year),
                closing_time=format_time(closes),
            )
            hours = self.instance.hours_per_week
            if hours is not None and hours == int(hours):
                self.initial["hours_per_week"] = int(hours)
            # Shown as the plain text people type where that gives back the same HTML.
            self.initial["description"] = editable_text(self.instance.description)

    @property
    def closing_date_example(self) -> str:
        closes = services.default_closing_time()
        return f"{closes.day} {closes.month} {closes.year}"

    @property
    def date_error(self) -> str:
        """The one message shown beside the closing date inputs."""
        for part in DATE_PARTS:
            if errors := self.errors.get(f"closing_{part}"):
                return errors[0]
        return ""

    def clean_description(self):
        description = self.cleaned_data["description"]
        if not html_to_text(clean_html(description)):
            raise ValidationError("Enter the job description", code="required")
        return description

    def clean(self):
        cleaned = super().clean()
        closing_date = self._clean_closing_date(cleaned)
        closing_time = self._clean_closing_time(cleaned)
        if closing_date and closing_time:
            closes_at = datetime.combine(closing_date, closing_time, tzinfo=LONDON)
            now = timezone.now()
            today = timezone.localtime(now, LONDON).date()
            if closing_date < today:
                self._date_error("Closing date must be in the future", DATE_PARTS)
            elif closes_at <= now:
                self.add_error("closing_time", "Closing time must be in the future")
            elif closing_date > today + timedelta(days=365):
                self._date_error("Closing date must be within a year from today", DATE_PARTS)
            else:
                cleaned["closes_at"] = closes_at
        return cleaned

    def _date_error(self, message: str, parts) -> None:
        self.closing_date_error_parts.update(parts)
        self.add_error(f"closing_{parts[0]}", message)

    def _clean_closing_date(self, cleaned) -> date | None:
        values = {part: (cleaned.get(f"closing_{part}") or "").strip() for part in DATE_PARTS}
        missing = [part for part in DATE_PARTS if not values[part]]
        if len(missing) == len(DATE_PARTS):
            self._date_error("Enter the closing date", DATE_PARTS)
            return None
        if missing:
            self._date_error(f"Closing date must include a {' and '.join(missing)}", missing)
            return None
        month = _MONTHS.get(values["month"].lower(), values["month"])
        try:
            day, month, year = int(values["day"]), int(month), int(values["year"])
        except ValueError:
            self._date_error("Closing date must be a real date", DATE_PARTS)
            return None
        if len(values["year"]) != 4:
            self._date_error("Year must include 4 numbers", ("year",))
            return None
        try:
            return date(year, month, day)
        except ValueError:
            self._date_error("Closing date must be a real date", DATE_PARTS)
            return None

    def _clean_closing_time(self, cleaned) -> time | None:
        if "closing_time" in self._errors:
            return None
        parsed = parse_time(cleaned["closing_time"])
        if parsed is None:
            self.add_error("closing_time", "Enter a real time, like 11:55pm or 17:00")
        return parsed

    def add_service_error(self, name: str, errors) -> None:
        """A service's error on closes_at shows on the date inputs."""
        if name == "closes_at":
            self._date_error(errors[0].messages[0], DATE_PARTS)
        else:
            super().add_service_error(name, errors)

    def save(self, commit: bool = True) -> Job | None:
        """Create a draft or update the job through the services, and add it to the JD library if asked.

        One transaction: on a service's ValidationError nothing is saved, the errors join the form's and the
        result is None.
        """
        data = {
            name: self.cleaned_data[name] for name in services.EDITABLE_FIELDS if name in self.cleaned_data
        }
        try:
            with transaction.atomic():
                if self.instance.pk is None:
                    organisation = self.organisation_to_create_for()
                    if organisation is None:
                        self.add_error(None, "You cannot post jobs for this organisation")
                        return None
                    job = services.job_create(organisation=organisation, by=self.user, data=data)
                else:
                    job = services.job_update(job=self.instance, by=self.user, data=data)
                if self.cleaned_data.get("add_to_library"):
                    job = services.job_add_to_library(job=job, by=self.user)
        except ValidationError as error:
            self.add_service_errors(error)
            return None
        self.instance = job
        return job
