"""The forms borough staff fill in to write, upload and change a job description, in GOV.UK style.

UploadForm checks an uploaded file (a .docx is read by jd_library.docx_io, which refuses unsafe files before
anything parses them); JDForm validates a JD's details and writes it through jd_library.services, whose own
validation errors are shown on the form like any other.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePosixPath, PureWindowsPath

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts import access
from accounts.forms import OrganisationRecordForm, organisation_field
from accounts.models import User
from capability.forms import level_field, role_field
from loti_portal.forms import (
    grade_field,
    hours_field,
    london_weighting_field,
    salary_field,
    text_field,
)
from loti_portal.richtext import clean_html, editable_text, html_to_text

from . import services
from .docx_io import MAX_FILE_BYTES, DocxRejected, ImportedJD, import_docx
from .models import ContractType, JobDescription

logger = logging.getLogger(__name__)

FIRST_YEAR = 2000
SALARY_FIRST = "candidates ask for the salary first"
SECTION_MAX_CHARACTERS = 30_000
ACCEPTED_EXTENSIONS = (".docx", ".pdf")
ACCEPT_ATTRIBUTE = (
    ".docx,.pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/pdf"
)
TOO_BIG_MESSAGE = "The selected file must be smaller than 5MB"
WRONG_TYPE_MESSAGE = "The selected file must be a Word document (.docx) or a PDF"
NOT_PDF_MESSAGE = "The selected file is damaged or is not a PDF"
EXPIRED_UPLOAD_MESSAGE = (
    "Upload the file again: an uploaded file is kept for 1 hour until you save the job description"
)
SECTION_HELP = (
    "Leave a blank line between paragraphs. Start a line with a dash (-) for a bulleted list. "
    "You can also paste from a web page or a document."
)
_PDF_MAGIC = b"%PDF-"
_PDF_END = b"%%EOF"


def _section_field(label: str, *, required: bool, rows: int) -> forms.CharField:
    return text_field(
        label,
        SECTION_MAX_CHARACTERS,
        required=required,
        required_message=f"Enter the {label.lower()}",
        help_text=SECTION_HELP,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def latest_year() -> int:
    """The latest year a JD may say it was advertised: next year, for a job about to be advertised."""
    return timezone.localdate().year + 1


class JDForm(OrganisationRecordForm):
    """A JD's details. `organisation` appears only on a new JD, for people who may act for more than one."""

    organisation = organisation_field(
        required="Select the organisation the job description is for",
        invalid="Select an organisation you can add job descriptions for",
    )
    title = text_field("Job title", 150, required_message="Enter the job title")
    role = role_field()
    level = level_field()
    grade_label = grade_field()
    salary_min = salary_field(
        "Minimum salary", required_message="Enter the minimum salary: candidates ask for the salary first"
    )
    salary_max = salary_field(
        "Maximum salary", required_message="Enter the maximum salary: candidates ask for the salary first"
    )
    london_weighting_included = london_weighting_field()
    hours_per_week = hours_field(help_text="For a full-time job, for example 36 or 35")
    contract_type = forms.ChoiceField(
        label="Contract type",
        choices=ContractType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the contract type", "invalid_choice": "Select the contract type"},
    )
    year_advertised = forms.IntegerField(
        label="Year advertised",
        help_text="The year the job was, or will be, advertised, for example 2025",
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-4", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={
            "required": "Enter the year the job was advertised",
            "invalid": "Year advertised must be a year, like 2025",
        },
    )
    purpose = _section_field("Job purpose", required=True, rows=6)
    responsibilities = _section_field("Key responsibilities", required=False, rows=10)
    person_specification = _section_field("Person specification", required=False, rows=10)
    skills = _section_field("Skills", required=False, rows=8)

    class Meta:
        model = JobDescription
        fields = services.EDITABLE_FIELDS

    # The page's order, which the error summary follows.
    field_order = [
        "organisation", "title", "role", "level", "grade_label", "salary_min", "salary_max",
        "london_weighting_included", "hours_per_week", "contract_type", "year_advertised",
        *services.SECTION_FIELDS,
    ]  # fmt: skip

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if not self.is_bound:
            self._set_initial()

    def _set_initial(self) -> None:
        """What a new or existing JD's form shows: sections as editable text, whole hours without ".0"."""
        source = self.instance if self.instance.pk is not None else None
        for field in services.SECTION_FIELDS:
            value = getattr(source, field) if source else self.initial.get(field, "")
            self.initial[field] = editable_text(value or "")
        hours = self.instance.hours_per_week if source else self.initial.get("hours_per_week")
        if hours is not None and Decimal(hours) == int(hours):
            self.initial["hours_per_week"] = int(hours)
        self.initial.setdefault("year_advertised", timezone.localdate().year)

    def clean_year_advertised(self):
        year = self.cleaned_data["year_advertised"]
        if year < FIRST_YEAR:
            raise ValidationError(f"Year advertised must be {FIRST_YEAR} or later", code="min_value")
        if year > latest_year():
            raise ValidationError(f"Year advertised must be {latest_year()} or earlier", code="max_value")
        return year

    def clean_purpose(self):
        purpose = self.cleaned_data["purpose"]
        if not html_to_text(clean_html(purpose)):
            raise ValidationError("Enter the job purpose", code="required")
        return purpose

    def checker_input(self) -> dict[str, object]:
        """The JD as typed, for the JD checker, valid or not."""
        values: dict[str, object] = {"title": self.data.get("title", "")}
        values.update({field: self.data.get(field, "") for field in services.SECTION_FIELDS})
        cleaned = getattr(self, "cleaned_data", {})
        salary = tuple(cleaned[name] for name in ("salary_min", "salary_max") if cleaned.get(name))
        if salary:
            values["salary"] = salary
        return values

    def save(
        self, commit: bool = True, *, original: tuple[str, bytes] | None = None, submit: bool = False
    ) -> JobDescription | None:
        """Create the JD (a draft, or submitted with `submit`) or update it, through the services.

        `original` is an uploaded file already checked, attached to a new JD. On a service's ValidationError
        nothing is saved (jd_create leaves no row and no file), the errors join the form's and the result is
        None.
        """
        data = {
            name: self.cleaned_data[name] for name in services.EDITABLE_FIELDS if name in self.cleaned_data
        }
        try:
            if self.instance.pk is None:
                organisation = self.organisation_to_create_for()
                if organisation is None:
                    self.add_error(None, "You cannot add job descriptions for this organisation")
                    return None
                jd = services.jd_create(
                    organisation=organisation, by=self.user, data=data, original=original, submit=submit
                )
            else:
                jd = services.jd_update(jd=self.instance, by=self.user, data=data)
        except ValidationError as error:
            self.add_service_errors(error)
            return None
        self.instance = jd
        return jd


@dataclass
class CheckedUpload:
    """An uploaded file that passed the checks: its safe name, kind ("docx" or "pdf"), bytes and, for a
    .docx, what was read from it."""

    filename: str
    kind: str
    data: bytes
    imported: ImportedJD | None = None


def safe_filename(name: str, extension: str) -> str:
    """The uploaded file's own name, without any folder, made safe for storage and ending in `extension`."""
    base = PureWindowsPath(PurePosixPath(name).name).name
    stem = base.rsplit(".", 1)[0] if "." in base else base
    # As django.utils.text.get_valid_filename, which raises on a name with nothing left in it.
    stem = re.sub(r"[^-\w.]", "", stem.strip().replace(" ", "_"))[:100].strip("._-")
    return f"{stem or 'job-description'}{extension}"


class UploadForm(forms.Form):
    """A Word (.docx) or PDF job description, at most 5MB.

    A .docx is read by import_docx, which refuses unsafe files before parsing anything; a PDF is only checked
    to be one, since it is kept as the JD's original and the uploader types the sections. After is_valid(),
    `upload` holds the CheckedUpload. Nothing is stored here.
    """

    file = forms.FileField(
        label="Upload a file",
        help_text="A Word document (.docx) or a PDF, smaller than 5MB",
        widget=forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        error_messages={
            "required": "Select a job description file",
            "empty": "The selected file is empty",
            "invalid": "Select a job description file",
            "missing": "Select a job description file",
        },
    )

    def __init__(self, *args, expired_upload: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.upload: CheckedUpload | None = None
        if expired_upload:
            # A review of an upload that is no longer kept comes back to this form with no file in it.
            field = self.fields["file"]
            field.error_messages = {**field.error_messages, "required": EXPIRED_UPLOAD_MESSAGE}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name or ""
        extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
        # Refuse a file that is too big from its size before reading any of it, and never read past the limit.
        if upload.size is not None and upload.size > MAX_FILE_BYTES:
            raise ValidationError(TOO_BIG_MESSAGE, code="too_big")
        upload.seek(0)
        data = upload.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise ValidationError(TOO_BIG_MESSAGE, code="too_big")
        if extension == ".pdf":
            if not (data.startswith(_PDF_MAGIC) and _PDF_END in data[-2048:]):
                logger.info("JD upload refused: %r is not a PDF", name)
                raise ValidationError(NOT_PDF_MESSAGE, code="not_pdf")
            self.upload = CheckedUpload(safe_filename(name, ".pdf"), "pdf", data)
            return upload
        try:
            imported = import_docx(data, name)
        except DocxRejected as error:
            logger.info("JD upload refused: %r %s (%s)", name, error.reason, error.detail)
            message = WRONG_TYPE_MESSAGE if error.reason == "not_docx" else error.message
            raise ValidationError(message, code=error.code) from error
        self.upload = CheckedUpload(safe_filename(name, ".docx"), "docx", data, imported)
        return upload


class OrganisationChoiceForm(forms.Form):
    """Which of the organisations a user acts for gets a copy of a JD ("Use as a starting point")."""

    organisation = organisation_field(
        label="Which organisation is the new job description for?",
        required="Select the organisation the new job description is for",
        invalid="Select an organisation you can add job descriptions for",
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = access.organisations_for(user).order_by("name")
