"""LOTI's moderation page: submitted jobs, oldest first, to approve or send back with a reason."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import loti_admin_required
from loti_portal import moderation
from loti_portal.moderation import reject_form

from ..models import Job
from ..services import JobTransitionError, job_publish
from ..services import job_reject as reject_job

RejectForm = reject_form("job")


@loti_admin_required
@require_GET
def moderation_queue(request):
    jobs = (
        Job.objects.filter(status=Job.Status.SUBMITTED)
        .with_related()
        .select_related("created_by")
        .order_by("submitted_at", "id")
    )
    return render(request, "jobs/moderation.html", {"jobs": jobs})


@loti_admin_required
@require_POST
def job_approve(request, pk: int):
    job = get_object_or_404(Job, pk=pk)
    return moderation.approve(
        request,
        job,
        publish=lambda by: job_publish(job=job, by=by),
        error=JobTransitionError,
        done="on the jobs board",
        queue="jobs:moderation",
    )


@loti_admin_required
@require_http_methods(["GET", "POST"])
def job_reject(request, pk: int):
    job = get_object_or_404(Job.objects.with_related(), pk=pk)
    return moderation.reject(
        request,
        job,
        reject=lambda by, reason: reject_job(job=job, by=by, reason=reason),
        error=JobTransitionError,
        form_class=RejectForm,
        template="jobs/reject.html",
        name="job",
        queue="jobs:moderation",
    )
