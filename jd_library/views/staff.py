"""Borough staff's side of the JD library: upload, write, change, preview, submit and archive job
descriptions, and copy a published one as the start of their own.

Who may do what is decided in accounts.access; every change goes through jd_library.services. GET never
changes anything.

An uploaded file is checked once, when it arrives, and then kept in the cache (Redis in production, shared
by every web worker) for an hour under a random key, while the uploader checks the sections read from it.
The review form carries only a signed token naming that key and the uploader; the file's bytes, name and
kind never travel back through the browser, so nothing the client sends can change what is attached. The
file reaches the database and the media folder only through jd_create, when the JD is saved; an abandoned
upload simply expires from the cache and leaves nothing on disk.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from loti_portal.pagination import page_links

from .. import services
from ..checker import check_jd
from ..forms import CheckedUpload, JDForm, OrganisationChoiceForm, UploadForm
from ..models import JobDescription
from ..selectors_staff import jd_for_change, jds_managed_by
from ..services import JDTransitionError

logger = logging.getLogger(__name__)

Status = JobDescription.Status
JDS_PER_PAGE = 50
UPLOAD_TOKEN_FIELD = "upload_token"
STAGING_SECONDS = 60 * 60
# A member can keep this many uploads waiting at once (say, in several tabs); older ones are dropped, so
# one account cannot fill the cache with files.
STAGED_UPLOADS_PER_USER = 3
_STAGING_SALT = "jd_library.views.staff.upload"

# The dashboard's tabs, in order: status, label, how the JDs in it are sorted, and what an empty one says.
TABS = [
    (Status.PUBLISHED, "In the library", ["-published_at", "-id"], "None are in the library yet."),
    (Status.SUBMITTED, "Waiting for approval", ["-submitted_at", "-id"], "None are waiting for approval."),
    (Status.DRAFT, "Drafts", ["-updated_at", "-id"], "There are no drafts."),
    (Status.REJECTED, "Needs changes", ["-updated_at", "-id"], "No job descriptions need changes."),
    (Status.ARCHIVED, "Archived", ["-updated_at", "-id"], "There are no archived job descriptions."),
]  # fmt: skip
TAG_CLASSES = {
    Status.DRAFT: "govuk-tag--grey",
    Status.SUBMITTED: "",
    Status.PUBLISHED: "govuk-tag--green",
    Status.REJECTED: "govuk-tag--red",
    Status.ARCHIVED: "govuk-tag--grey",
}
TAG_LABELS = {Status.REJECTED: "Needs changes"}


def _tag(jd: JobDescription) -> tuple[str, str]:
    return TAG_LABELS.get(jd.status, jd.get_status_display()), TAG_CLASSES[jd.status]


def _mine_url(status: str) -> str:
    return f"{reverse('jd_library:mine')}?{urlencode({'status': status})}"


def _not_member(request: HttpRequest, template: str) -> HttpResponse:
    """A signed-in person who is not staff of a member organisation: a 403 page that says why."""
    return render(request, template, {"not_member": True}, status=403)


def _is_member(request: HttpRequest) -> bool:
    try:
        access.require_member(request.user)
    except PermissionDenied:
        return False
    return True


def _checker_input(jd: JobDescription) -> dict[str, object]:
    values: dict[str, object] = {"title": jd.title, "salary": (jd.salary_min, jd.salary_max)}
    values.update({field: getattr(jd, field) for field in services.SECTION_FIELDS})
    return values


def _after_save(request: HttpRequest, jd: JobDescription) -> HttpResponse:
    if jd.status == Status.SUBMITTED:
        messages.success(
            request, f"Job description submitted: LOTI will check {jd.title} before it goes in the library"
        )
        return redirect(_mine_url(Status.SUBMITTED))
    if request.POST.get("action") == "draft":
        messages.success(request, f"Draft saved: {jd.title}")
        return redirect(_mine_url(Status.DRAFT))
    return redirect("jd_library:preview", pk=jd.pk)


# Uploads waiting for review, kept server side (see the module's docstring).


def _staged_key(key: str) -> str:
    return f"jd_library:upload:{key}"


def _stage_upload(user, upload: CheckedUpload) -> str:
    """Keep a checked upload for an hour; the signed token names it and its uploader."""
    key = secrets.token_urlsafe(24)
    imported = upload.imported
    record = {
        "user": user.pk,
        "filename": upload.filename,
        "kind": upload.kind,
        "data": upload.data,
        "warnings": list(imported.warnings) if imported else [],
        "unmatched_html": imported.unmatched_html if imported else "",
    }
    cache.set(_staged_key(key), record, STAGING_SECONDS)
    index = f"jd_library:uploads-of:{user.pk}"
    keys = [*cache.get(index, []), key]
    cache.delete_many([_staged_key(old) for old in keys[:-STAGED_UPLOADS_PER_USER]])
    cache.set(index, keys[-STAGED_UPLOADS_PER_USER:], STAGING_SECONDS)
    return signing.dumps({"key": key, "user": user.pk}, salt=_STAGING_SALT)


def _staged_upload(user, token: str) -> dict[str, Any] | None:
    """The upload the token names, if it is the user's and is still kept; else None."""
    try:
        payload = signing.loads(token, salt=_STAGING_SALT, max_age=STAGING_SECONDS)
    except signing.SignatureExpired:
        return None
    except signing.BadSignature:
        logger.warning("JD upload review with a bad token from user %s", user.pk)
        return None
    if not isinstance(payload, dict) or payload.get("user") != user.pk:
        return None
    key = str(payload.get("key", ""))
    record = cache.get(_staged_key(key))
    if not record or record.get("user") != user.pk:
        return None
    return {**record, "key": key}


def _render_review(
    request: HttpRequest, form: JDForm, staged: dict[str, Any], token: str, report
) -> HttpResponse:
    """The JD form for an upload: the sections read from the file, what to check, the checker's findings."""
    return render(
        request,
        "jd_library/form.html",
        {
            "form": form,
            "jd": None,
            "upload": {
                "token": token,
                "filename": staged["filename"],
                "kind": staged["kind"],
                "warnings": staged["warnings"],
                "unmatched_html": staged["unmatched_html"],
            },
            "report": report,
        },
    )


def _upload_received(request: HttpRequest, upload: CheckedUpload) -> HttpResponse:
    token = _stage_upload(request.user, upload)
    staged = _staged_upload(request.user, token)
    if upload.imported is None:
        return _render_review(request, JDForm(user=request.user), staged, token, report=None)
    imported = upload.imported
    initial = {"title": imported.title[:150], **imported.sections}
    report = check_jd({"title": imported.title, **imported.sections})
    return _render_review(request, JDForm(initial=initial, user=request.user), staged, token, report)


def _upload_review(request: HttpRequest) -> HttpResponse:
    """The uploader's checked sections: save the JD with the kept file attached, or show what to fix."""
    token = request.POST.get(UPLOAD_TOKEN_FIELD, "")
    staged = _staged_upload(request.user, token)
    if staged is None:
        form = UploadForm(data={}, files={}, expired_upload=True)
        form.is_valid()
        return render(request, "jd_library/upload.html", {"form": form}, status=400)
    form = JDForm(request.POST, user=request.user)
    if form.is_valid():
        jd = form.save(
            original=(staged["filename"], staged["data"]), submit=request.POST.get("action") == "submit"
        )
        if jd is not None:
            cache.delete(_staged_key(staged["key"]))
            return _after_save(request, jd)
    return _render_review(request, form, staged, token, check_jd(form.checker_input()))


@login_required
@require_http_methods(["GET", "POST"])
def jd_upload(request: HttpRequest) -> HttpResponse:
    """Upload a .docx or PDF, then check the sections read from it before saving or submitting the JD.

    A POST with a file checks and keeps it and shows the form; a POST with the review form's token saves the
    JD with the kept file attached. A refused file is neither kept nor saved.
    """
    if not _is_member(request):
        return _not_member(request, "jd_library/upload.html")
    if request.method == "POST" and UPLOAD_TOKEN_FIELD in request.POST:
        return _upload_review(request)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        return _upload_received(request, form.upload)
    return render(request, "jd_library/upload.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def jd_create(request: HttpRequest) -> HttpResponse:
    """Write a JD: a new draft for the user's organisation (or one they choose, if they act for several)."""
    if not _is_member(request):
        return _not_member(request, "jd_library/form.html")
    form = JDForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        jd = form.save()
        if jd is not None:
            return _after_save(request, jd)
    return render(request, "jd_library/form.html", {"form": form, "jd": None})


@login_required
@require_http_methods(["GET", "POST"])
def jd_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a draft or a JD LOTI sent back; other states are refused with a message."""
    jd = jd_for_change(request.user, pk)
    if not jd.is_editable:
        messages.info(
            request,
            f"You cannot change a job description that is {jd.get_status_display().lower()}. "
            "Use it as a starting point to write a changed copy.",
        )
        return redirect("jd_library:preview", pk=jd.pk)
    form = JDForm(request.POST if request.method == "POST" else None, instance=jd, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = form.save()
        except JDTransitionError as error:
            messages.error(request, str(error))
            return redirect("jd_library:preview", pk=jd.pk)
        if saved is not None:
            return _after_save(request, saved)
    return render(
        request,
        "jd_library/form.html",
        {
            "form": form,
            "jd": jd,
            "organisation": jd.organisation,
            "rejection_reason": jd.rejection_reason if jd.status == Status.REJECTED else "",
        },
    )


@login_required
@require_GET
def jd_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The JD as the library will show it, with its status, the checker's findings and what to do next."""
    jd = jd_for_change(request.user, pk)
    tag_label, tag_class = _tag(jd)
    return render(
        request,
        "jd_library/preview.html",
        {
            "jd": jd,
            "tag_label": tag_label,
            "tag_class": tag_class,
            "report": check_jd(_checker_input(jd)),
            "can_edit": jd.is_editable,
            "can_submit": jd.is_editable,
            "can_archive": jd.status in (Status.DRAFT, Status.REJECTED, Status.PUBLISHED),
            "back_url": _mine_url(jd.status),
        },
    )


@login_required
@require_POST
def jd_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a draft or a changed JD to LOTI for approval."""
    jd = jd_for_change(request.user, pk)
    try:
        jd = services.jd_submit(jd=jd, by=request.user)
    except JDTransitionError as error:
        messages.error(request, str(error))
        return redirect("jd_library:preview", pk=jd.pk)
    return _after_save(request, jd)


@login_required
@require_POST
def jd_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a JD out of the library (or put away a draft); it stays in the Archived tab."""
    jd = jd_for_change(request.user, pk)
    try:
        services.jd_archive(jd=jd, by=request.user)
    except JDTransitionError as error:
        messages.error(request, str(error))
        return redirect("jd_library:preview", pk=jd.pk)
    messages.success(request, f"Job description archived: {jd.title}")
    return redirect(_mine_url(Status.ARCHIVED))


@login_required
@require_POST
def jd_use_as_starting_point(request: HttpRequest, pk: int) -> HttpResponse:
    """Copy a published JD into a new draft for the user's organisation and open it for editing.

    Someone who acts for several organisations is first asked which one; that question changes nothing.
    """
    if not _is_member(request):
        return _not_member(request, "jd_library/form.html")
    source = get_object_or_404(JobDescription.objects.published().with_related(), pk=pk)
    organisations = list(access.organisations_for(request.user).order_by("name")[:2])
    if len(organisations) == 1:
        organisation = organisations[0]
    else:
        form = OrganisationChoiceForm(
            request.POST if "organisation" in request.POST else None, user=request.user
        )
        if not form.is_valid():
            return render(request, "jd_library/form.html", {"choose_form": form, "source": source})
        organisation = form.cleaned_data["organisation"]
    try:
        copy = services.jd_copy_as_draft(jd=source, organisation=organisation, by=request.user)
    except ValidationError:
        messages.error(
            request,
            "This job description could not be copied because some of its details are no longer valid.",
        )
        return redirect(source.get_absolute_url())
    messages.success(
        request,
        f"Draft created from {source.organisation.display_name}'s {source.title}: "
        "change what is different in your organisation, then submit it for approval",
    )
    return redirect("jd_library:edit", pk=copy.pk)


@login_required
@require_GET
def jd_mine(request: HttpRequest) -> HttpResponse:
    """The JDs of the user's organisations (every organisation's for LOTI admins), one status at a time."""
    if not _is_member(request):
        return _not_member(request, "jd_library/mine.html")
    is_admin = access.is_loti_admin(request.user)
    organisations = list(access.organisations_for(request.user).order_by("name"))
    chosen = None
    if len(organisations) > 1:
        slug = request.GET.get("organisation", "")
        chosen = next((org for org in organisations if org.slug == slug), None)
    jds = jds_managed_by(request.user, organisation=chosen)

    counts = jds.aggregate(**{str(status): Count("pk", filter=Q(status=status)) for status, *_ in TABS})
    tab = request.GET.get("status", "")
    if tab not in counts:
        tab = str(Status.PUBLISHED)
    ordering = next(order for status, _, order, _ in TABS if status == tab)
    listed = jds.filter(status=tab).select_related("organisation", "role", "level").order_by(*ordering)
    paginator = Paginator(listed, JDS_PER_PAGE)
    paginator.count = counts[tab]  # known from the aggregate above: saves a COUNT query
    page = paginator.get_page(request.GET.get("page"))
    for jd in page:
        jd.tag_label, jd.tag_class = _tag(jd)

    base_query = {"organisation": chosen.slug} if chosen else {}
    tabs = [
        {
            "key": str(status),
            "label": label,
            "count": counts[str(status)],
            "url": f"?{urlencode({**base_query, 'status': status})}",
            "active": status == tab,
            "empty": empty,
        }
        for status, label, _, empty in TABS
    ]
    return render(
        request,
        "jd_library/mine.html",
        {
            "heading": "All organisations' job descriptions"
            if is_admin and chosen is None
            else "Your job descriptions",
            "tabs": tabs,
            "tab": next(item for item in tabs if item["active"]),
            "page": page,
            "pages": page_links(
                page, lambda number: f"?{urlencode({**base_query, 'status': tab, 'page': number})}"
            ),
            "organisations": organisations if len(organisations) > 1 else [],
            "chosen": chosen,
            "show_organisation": chosen is None and len(organisations) > 1,
            "rejected_count": counts[str(Status.REJECTED)],
            "rejected_url": f"?{urlencode({**base_query, 'status': Status.REJECTED})}",
        },
    )
