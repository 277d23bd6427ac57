"""The public job page and the counting Apply redirect."""

from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ..jsonld import job_posting_json
from ..models import Job
from ..services import job_record_apply, job_record_view

# Jobs that have been advertised: open ones, and ended ones whose page says "This job has closed".
# Drafts, submitted and rejected jobs have never been public; their staff see them on the preview page.
ADVERTISED = (Job.Status.PUBLISHED, *Job.ENDED)
BOT_MARKERS = ("bot", "crawler", "spider")


def _advertised_job(pk: int) -> Job:
    return get_object_or_404(Job.objects.with_related().filter(status__in=ADVERTISED), pk=pk)


def _counts(request) -> bool:
    """A person reading the page: a GET (not a HEAD) from something that does not call itself a robot."""
    if request.method != "GET":
        return False
    agent = request.headers.get("User-Agent", "").lower()
    return not any(marker in agent for marker in BOT_MARKERS)


def _closed_at(job: Job):
    """When the job stopped taking applications: its closing time, or earlier if the borough closed it."""
    if job.ended_at and job.ended_at < job.closes_at:
        return job.ended_at
    return job.closes_at


@require_safe
def job_detail(request, pk: int, slug: str):
    job = _advertised_job(pk)
    if slug != job.slug:
        return redirect(job, permanent=True)
    is_open = job.is_open
    if is_open and _counts(request):
        job_record_view(job=job)
    return render(
        request,
        "jobs/detail.html",
        {
            "job": job,
            "is_open": is_open,
            "closed_at": None if is_open else _closed_at(job),
            "job_posting": job_posting_json(job) if is_open else None,
            "canonical_url": request.build_absolute_uri(job.get_absolute_url()),
        },
    )


@require_safe
def job_detail_short(request, pk: int):
    return redirect(_advertised_job(pk), permanent=True)


@never_cache
@require_safe
def job_apply(request, pk: int):
    """Counts an apply click on an open job and sends the candidate to the job's stored apply link.

    The destination is only ever `job.apply_url`, validated as http(s) when the job was saved: nothing in
    the request can change it. An ended job sends the candidate back to its page, uncounted.
    """
    job = get_object_or_404(Job.objects.filter(status__in=ADVERTISED), pk=pk)
    if not job.is_open:
        return redirect(job)
    if _counts(request):
        job_record_apply(job=job)
    response = HttpResponseRedirect(job.apply_url)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
