"""Form fields and widgets every part of the portal uses, in GOV.UK style."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.core.validators import URLValidator
from django.utils.html import format_html

SALARY_FLOOR = 10_000
SALARY_CEILING = 300_000


class AffixedTextInput(forms.TextInput):
    """A GOV.UK text input with a prefix (like £) or a suffix (like hours) shown beside it."""

    def __init__(self, *, prefix: str = "", suffix: str = "", attrs=None):
        super().__init__(attrs)
        self.prefix = prefix
        self.suffix = suffix

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        prefix = (
            format_html('<div class="govuk-input__prefix" aria-hidden="true">{}</div>', self.prefix)
            if self.prefix
            else ""
        )
        suffix = (
            format_html('<div class="govuk-input__suffix" aria-hidden="true">{}</div>', self.suffix)
            if self.suffix
            else ""
        )
        return format_html('<div class="govuk-input__wrapper">{}{}{}</div>', prefix, html, suffix)


class PoundsField(forms.IntegerField):
    """Whole pounds; tolerates what people type: "£42,000", "42 000"."""

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[£,\s]", "", value)
        return super().to_python(value)


class WebLinkField(forms.URLField):
    """A link people follow: http or https only (never javascript:, data: or ftp:)."""

    default_validators = [URLValidator(schemes=["http", "https"])]


def salary_field(label: str, *, required_message: str = "") -> PoundsField:
    """Whole pounds a year between SALARY_FLOOR and SALARY_CEILING, with a £ prefix."""
    return PoundsField(
        label=label,
        min_value=SALARY_FLOOR,
        max_value=SALARY_CEILING,
        widget=AffixedTextInput(
            prefix="£",
            attrs={"class": "govuk-input--width-10", "inputmode": "numeric", "spellcheck": "false"},
        ),
        error_messages={
            "required": required_message or f"Enter the {label.lower()}",
            "invalid": f"{label} must be a whole number of pounds, like 42000",
            "min_value": f"{label} must be £{SALARY_FLOOR:,} or more",
            "max_value": f"{label} must be £{SALARY_CEILING:,} or less",
        },
    )


def text_field(label: str, max_length: int, *, required: bool = True, required_message: str = "", **kwargs):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        error_messages={
            "required": required_message,
            "max_length": f"{label} must be {max_length:,} characters or fewer",
        },
        **kwargs,
    )


def hours_field(*, help_text: str) -> forms.DecimalField:
    """Hours a week, 1 to 48 with at most one decimal place, with an "hours" suffix."""
    return forms.DecimalField(
        label="Hours a week",
        min_value=Decimal(1),
        max_value=Decimal(48),
        max_digits=4,
        decimal_places=1,
        help_text=help_text,
        widget=AffixedTextInput(
            suffix="hours",
            attrs={"class": "govuk-input--width-4", "inputmode": "decimal", "spellcheck": "false"},
        ),
        error_messages={
            "required": "Enter the hours a week",
            "invalid": "Hours a week must be a number, like 36 or 18.5",
            "min_value": "Hours a week must be 1 or more",
            "max_value": "Hours a week must be 48 or less",
            "max_digits": "Hours a week must be 48 or less",
            "max_decimal_places": "Hours a week can have at most 1 decimal place, like 18.5",
            "max_whole_digits": "Hours a week must be 48 or less",
        },
    )


def grade_field() -> forms.CharField:
    return text_field(
        "Grade", 40, required=False, help_text="As your organisation names it, for example PO5 or Grade 10"
    )


def london_weighting_field() -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label="Does the salary include London weighting?",
        choices=[("True", "Yes"), ("False", "No")],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
        error_messages={"required": "Select yes if the salary includes London weighting"},
    )
