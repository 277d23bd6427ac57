"""Every write to the JD library: drafting, uploads, the moderation workflow and exemplars.

draft -> submitted -> published -> archived
                   -> rejected (with a reason) -> submitted again after editing
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from accounts.models import Organisation, User
from loti_portal.richtext import clean_html, html_to_text

from .models import SECTIONS, JobDescription

logger = logging.getLogger(__name__)

SECTION_FIELDS = [field for field, _ in SECTIONS]
EDITABLE_FIELDS = [
    "title", "role", "level", "grade_label", "salary_min", "salary_max", "london_weighting_included",
    "hours_per_week", "contract_type", *SECTION_FIELDS, "year_advertised",
]  # fmt: skip


class JDTransitionError(ValueError):
    """The JD is not in a state that allows this change."""


def _search_document(jd: JobDescription) -> str:
    org = jd.organisation
    parts = [
        jd.title, org.name, org.short_name, jd.role.name, jd.role.family.name, jd.level.name, jd.grade_label,
        *(html_to_text(getattr(jd, field)) for field in SECTION_FIELDS),
    ]  # fmt: skip
    return " ".join(part for part in parts if part)


def _require(jd: JobDescription, allowed: tuple, action: str) -> None:
    if jd.status not in allowed:
        raise JDTransitionError(
            f"A job description that is {jd.get_status_display().lower()} cannot be {action}."
        )


def _apply(jd: JobDescription, data: dict) -> None:
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(jd, name, data[name])
    for field in SECTION_FIELDS:
        setattr(jd, field, clean_html(getattr(jd, field) or ""))
    jd.search_document = _search_document(jd)


def _attach_original(jd: JobDescription, original: tuple[str, bytes] | None) -> None:
    if original is None:
        return
    filename, content = original
    jd.original_filename = get_valid_filename(filename)[:200]
    jd.original_file.save(jd.original_filename, ContentFile(content), save=False)


def jd_create(
    *,
    organisation: Organisation,
    by: User | None,
    data: dict,
    original: tuple[str, bytes] | None = None,
    based_on: JobDescription | None = None,
    submit: bool = False,
) -> JobDescription:
    """A new JD for `organisation`, as a draft or (with `submit`) straight to LOTI for approval.

    `original` is an uploaded file already checked by the caller, kept as the JD's original. Raises
    ValidationError on bad data: then no row is saved and no file is left on disk.
    """
    jd = JobDescription(organisation=organisation, created_by=by, based_on=based_on)
    _apply(jd, data)
    jd.full_clean(exclude=["created_by", "original_file"])
    if submit:
        jd.status = JobDescription.Status.SUBMITTED
        jd.submitted_at = timezone.now()
    with transaction.atomic():
        _attach_original(jd, original)
        try:
            jd.save()
        except Exception:
            if jd.original_file:
                jd.original_file.delete(save=False)
            raise
    return jd


def jd_update(*, jd: JobDescription, by: User | None, data: dict) -> JobDescription:
    """Change a draft or rejected JD."""
    _require(jd, JobDescription.EDITABLE, "edited")
    _apply(jd, data)
    jd.full_clean(exclude=["created_by", "original_file"])
    jd.save()
    return jd


def jd_submit(*, jd: JobDescription, by: User | None) -> JobDescription:
    with transaction.atomic():
        jd = JobDescription.objects.select_for_update().get(pk=jd.pk)
        _require(jd, JobDescription.EDITABLE, "submitted")
        jd.status = JobDescription.Status.SUBMITTED
        jd.submitted_at = timezone.now()
        jd.rejection_reason = ""
        jd.save(update_fields=["status", "submitted_at", "rejection_reason", "updated_at"])
    return jd


def _notify_uploader(jd: JobDescription) -> None:
    if jd.created_by_id is None:
        return
    from .tasks import send_jd_decision_email

    jd_id, decision = jd.pk, jd.status
    transaction.on_commit(lambda: send_jd_decision_email.delay(jd_id, decision))


def jd_publish(*, jd: JobDescription, by: User | None) -> JobDescription:
    """Approve a submitted JD into the library; the uploader is emailed after commit."""
    with transaction.atomic():
        jd = JobDescription.objects.select_for_update().get(pk=jd.pk)
        _require(jd, (JobDescription.Status.SUBMITTED,), "published")
        jd.status = JobDescription.Status.PUBLISHED
        jd.published_at = timezone.now()
        jd.save(update_fields=["status", "published_at", "updated_at"])
        _notify_uploader(jd)
    return jd


def jd_reject(*, jd: JobDescription, by: User | None, reason: str) -> JobDescription:
    """Send a submitted JD back with a reason, which is emailed to the uploader after commit."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the job description is being rejected"})
    with transaction.atomic():
        jd = JobDescription.objects.select_for_update().get(pk=jd.pk)
        _require(jd, (JobDescription.Status.SUBMITTED,), "rejected")
        jd.status = JobDescription.Status.REJECTED
        jd.rejection_reason = reason
        jd.save(update_fields=["status", "rejection_reason", "updated_at"])
        _notify_uploader(jd)
    return jd


def jd_archive(*, jd: JobDescription, by: User | None) -> JobDescription:
    with transaction.atomic():
        jd = JobDescription.objects.select_for_update().get(pk=jd.pk)
        _require(jd, (JobDescription.Status.DRAFT, JobDescription.Status.REJECTED,
                      JobDescription.Status.PUBLISHED), "archived")  # fmt: skip
        jd.status = JobDescription.Status.ARCHIVED
        jd.is_exemplar = False
        jd.exemplar_note = ""
        jd.save(update_fields=["status", "is_exemplar", "exemplar_note", "updated_at"])
    return jd


def jd_mark_exemplar(*, jd: JobDescription, by: User | None, note: str) -> JobDescription:
    """LOTI holds a published JD up as an example, saying why."""
    note = note.strip()
    if not note:
        raise ValidationError({"note": "Enter why this job description is an exemplar"})
    with transaction.atomic():
        jd = JobDescription.objects.select_for_update().get(pk=jd.pk)
        _require(jd, (JobDescription.Status.PUBLISHED,), "marked as an exemplar")
        jd.is_exemplar = True
        jd.exemplar_note = note
        jd.save(update_fields=["is_exemplar", "exemplar_note", "updated_at"])
    return jd


def jd_unmark_exemplar(*, jd: JobDescription, by: User | None) -> JobDescription:
    """LOTI stops holding the JD up as an example. Idempotent."""
    with transaction.atomic():
        jd = JobDescription.objects.select_for_update().get(pk=jd.pk)
        jd.is_exemplar = False
        jd.exemplar_note = ""
        jd.save(update_fields=["is_exemplar", "exemplar_note", "updated_at"])
    return jd


def jd_copy_as_draft(*, jd: JobDescription, organisation: Organisation, by: User | None) -> JobDescription:
    """ "Use as a starting point": a draft for `organisation` with the JD's content, linked to it."""
    data = {name: getattr(jd, name) for name in EDITABLE_FIELDS}
    data["year_advertised"] = timezone.localdate().year
    return jd_create(organisation=organisation, by=by, data=data, based_on=jd)
