"""Borough staff's side of the jobs board: post, change, preview, submit, close, duplicate and archive jobs.

Who may do what is decided in accounts.access; every change goes through jobs.services. GET never changes
anything.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from loti_portal.pagination import page_links

from .. import services
from ..forms import JobForm
from ..models import Job
from ..services import JobTransitionError

Status = Job.Status
JOBS_PER_PAGE = 50

# The dashboard's tabs, in order: key, label, how the jobs in it are sorted, and what an empty one says.
TABS = [
    ("live", "Live", ["closes_at", "id"], "There are no live jobs."),
    ("submitted", "Waiting for approval", ["-submitted_at", "-id"], "No jobs are waiting for approval."),
    ("draft", "Drafts", ["-updated_at", "-id"], "There are no drafts."),
    ("rejected", "Needs changes", ["-updated_at", "-id"], "No jobs need changes."),
    ("ended", "Closed and expired", ["-closes_at", "-id"], "No jobs have closed or expired yet."),
    ("archived", "Archived", ["-updated_at", "-id"], "There are no archived jobs."),
]
TAG_CLASSES = {
    Status.DRAFT: "govuk-tag--grey",
    Status.SUBMITTED: "govuk-tag--blue",
    Status.PUBLISHED: "govuk-tag--green",
    Status.REJECTED: "govuk-tag--red",
    Status.CLOSED: "govuk-tag--grey",
    Status.EXPIRED: "govuk-tag--yellow",
    Status.ARCHIVED: "govuk-tag--grey",
}
TAG_LABELS = {Status.PUBLISHED: "Live", Status.REJECTED: "Needs changes"}


def _tab_filters(now) -> dict[str, Q]:
    """Which jobs each tab holds. A published job past its closing time is over even before expiry runs."""
    past = Q(status=Status.PUBLISHED, closes_at__lte=now)
    return {
        "live": Q(status=Status.PUBLISHED, closes_at__gt=now),
        "submitted": Q(status=Status.SUBMITTED),
        "draft": Q(status=Status.DRAFT),
        "rejected": Q(status=Status.REJECTED),
        "ended": Q(status__in=[Status.CLOSED, Status.EXPIRED]) | past,
        "archived": Q(status=Status.ARCHIVED),
    }


def _tab_for(job: Job, now) -> str:
    """The dashboard tab a job appears in (the same rule as _tab_filters, for one job)."""
    if job.status == Status.PUBLISHED:
        return "live" if job.closes_at > now else "ended"
    if job.status in (Status.CLOSED, Status.EXPIRED):
        return "ended"
    return str(job.status)


def _mine_url(tab: str) -> str:
    return f"{reverse('jobs:mine')}?{urlencode({'status': tab})}"


def _tag(job: Job, now) -> tuple[str, str]:
    """The status tag's text and class; a published job past its closing time reads as expired."""
    if job.status == Status.PUBLISHED and job.closes_at <= now:
        return "Expired", TAG_CLASSES[Status.EXPIRED]
    return TAG_LABELS.get(job.status, job.get_status_display()), TAG_CLASSES[job.status]


def _not_member(request: HttpRequest, template: str) -> HttpResponse:
    """A signed-in person who is not staff of a member organisation: a 403 page that says why."""
    return render(request, template, {"not_member": True}, status=403)


def _job_to_change(request: HttpRequest, pk: int) -> Job:
    job = get_object_or_404(Job.objects.with_related(), pk=pk)
    access.require_change(request.user, job)
    return job


def _after_save(request: HttpRequest, job: Job) -> HttpResponse:
    if request.POST.get("action") == "draft":
        messages.success(request, f"Draft saved: {job.title}")
        return redirect(_mine_url(_tab_for(job, timezone.now())))
    return redirect("jobs:preview", pk=job.pk)


@login_required
@require_http_methods(["GET", "POST"])
def job_create(request: HttpRequest) -> HttpResponse:
    """Post a job: a new draft for the user's organisation (or one they choose, if they act for several)."""
    try:
        access.require_member(request.user)
    except PermissionDenied:
        return _not_member(request, "jobs/form.html")
    form = JobForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        job = form.save()
        if job is not None:
            return _after_save(request, job)
    return render(request, "jobs/form.html", {"form": form, "job": None})


@login_required
@require_http_methods(["GET", "POST"])
def job_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a draft or a job LOTI sent back; other states are refused with a message."""
    job = _job_to_change(request, pk)
    if not job.is_editable:
        messages.info(
            request,
            f"You cannot change a job that is {job.get_status_display().lower()}. "
            "Duplicate it to post a changed copy.",
        )
        return redirect("jobs:preview", pk=job.pk)
    rejection_reason = job.rejection_reason if job.status == Status.REJECTED else ""
    form = JobForm(request.POST if request.method == "POST" else None, instance=job, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = form.save()
        except JobTransitionError as error:
            messages.error(request, str(error))
            return redirect("jobs:preview", pk=job.pk)
        if saved is not None:
            return _after_save(request, saved)
    return render(
        request,
        "jobs/form.html",
        {"form": form, "job": job, "organisation": job.organisation, "rejection_reason": rejection_reason},
    )


@login_required
@require_GET
def job_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The job as candidates will see it, with its status and what its organisation can do next."""
    job = _job_to_change(request, pk)
    now = timezone.now()
    tag_label, tag_class = _tag(job, now)
    return render(
        request,
        "jobs/preview.html",
        {
            "job": job,
            "tag_label": tag_label,
            "tag_class": tag_class,
            "is_live": job.status == Status.PUBLISHED and job.closes_at > now,
            "can_edit": job.is_editable,
            "can_submit": job.is_editable,
            "can_close": job.status == Status.PUBLISHED,
            "can_archive": job.status in services.ARCHIVABLE,
            "back_url": _mine_url(_tab_for(job, now)),
        },
    )


@login_required
@require_POST
def job_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a draft or a changed job to LOTI for approval."""
    job = _job_to_change(request, pk)
    try:
        services.job_submit(job=job, by=request.user)
    except JobTransitionError as error:
        messages.error(request, str(error))
        return redirect("jobs:preview", pk=job.pk)
    except ValidationError:
        messages.error(request, "The closing date has passed. Change it, then submit the job.")
        return redirect("jobs:edit", pk=job.pk)
    messages.success(request, "Job submitted: LOTI will review it")
    return redirect(_mine_url("submitted"))


@login_required
@require_http_methods(["GET", "POST"])
def job_close(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks to confirm; POST stops advertising a live job."""
    job = _job_to_change(request, pk)
    if job.status != Status.PUBLISHED:
        messages.info(request, f"You cannot close a job that is {job.get_status_display().lower()}.")
        return redirect("jobs:preview", pk=job.pk)
    if request.method == "POST":
        try:
            services.job_close(job=job, by=request.user)
        except JobTransitionError as error:
            messages.error(request, str(error))
            return redirect("jobs:preview", pk=job.pk)
        messages.success(request, f"Job closed: candidates can no longer apply for {job.title}")
        return redirect(_mine_url("ended"))
    return render(request, "jobs/close.html", {"job": job})


@login_required
@require_POST
def job_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    """A new draft copying the job, opened for editing."""
    job = _job_to_change(request, pk)
    try:
        copy = services.job_duplicate(job=job, by=request.user)
    except ValidationError:
        messages.error(
            request, "This job could not be copied because some of its details are no longer valid."
        )
        return redirect("jobs:preview", pk=job.pk)
    messages.success(request, "Copy created: check its details and closing date, then submit it for approval")
    return redirect("jobs:edit", pk=copy.pk)


@login_required
@require_POST
def job_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """Put away a job that is not live."""
    job = _job_to_change(request, pk)
    try:
        services.job_archive(job=job, by=request.user)
    except JobTransitionError as error:
        messages.error(request, str(error))
        return redirect("jobs:preview", pk=job.pk)
    messages.success(request, f"Job archived: {job.title}")
    return redirect(_mine_url("archived"))


@login_required
@require_GET
def job_mine(request: HttpRequest) -> HttpResponse:
    """The jobs of the user's organisations (all of them for LOTI admins), one status at a time."""
    try:
        access.require_member(request.user)
    except PermissionDenied:
        return _not_member(request, "jobs/mine.html")
    organisations = list(access.organisations_for(request.user).order_by("name"))
    chosen = None
    if len(organisations) > 1:
        slug = request.GET.get("organisation", "")
        chosen = next((org for org in organisations if org.slug == slug), None)
    jobs = Job.objects.all()
    if chosen is not None:
        jobs = jobs.filter(organisation=chosen)
    elif not access.is_loti_admin(request.user):
        jobs = jobs.filter(organisation__in=organisations)

    now = timezone.now()
    filters = _tab_filters(now)
    counts = jobs.aggregate(**{key: Count("pk", filter=condition) for key, condition in filters.items()})
    tab = request.GET.get("status", "")
    if tab not in filters:
        tab = "live"
    ordering = next(order for key, _, order, _ in TABS if key == tab)
    listed = jobs.filter(filters[tab]).select_related("organisation").order_by(*ordering)
    paginator = Paginator(listed, JOBS_PER_PAGE)
    paginator.count = counts[tab]  # known from the aggregate above: saves a COUNT query
    page = paginator.get_page(request.GET.get("page"))
    for job in page:
        job.tag_label, job.tag_class = _tag(job, now)
        job.can_edit = job.is_editable
        job.can_close = job.is_open

    base_query = {"organisation": chosen.slug} if chosen else {}
    tabs = [
        {
            "key": key,
            "label": label,
            "count": counts[key],
            "url": f"?{urlencode({**base_query, 'status': key})}",
            "active": key == tab,
            "empty": empty,
        }
        for key, label, _, empty in TABS
    ]
    page_query = {**base_query, "status": tab}
    return render(
        request,
        "jobs/mine.html",
        {
            "heading": "All organisations' jobs"
            if access.is_loti_admin(request.user) and chosen is None
            else "Your jobs",
            "tabs": tabs,
            "tab": next(item for item in tabs if item["active"]),
            "page": page,
            "pages": page_links(page, lambda number: f"?{urlencode({**page_query, 'page': number})}"),
            "organisations": organisations if len(organisations) > 1 else [],
            "chosen": chosen,
            "show_organisation": chosen is None and len(organisations) > 1,
            "rejected_count": counts["rejected"],
        },
    )
