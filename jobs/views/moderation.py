"""LOTI's moderation page: submitted jobs, oldest first, to approve or send back with a reason."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import loti_admin_required

from ..models import Job
from ..services import JobTransitionError, job_publish
from ..services import job_reject as reject_job


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="Why are you rejecting this job?",
        help_text="We email this to the person who submitted the job. Say what they need to change.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Enter why the job is being rejected",
            "max_length": "Reason must be 2,000 characters or fewer",
        },
    )


def _emailed(job: Job) -> str:
    return " We have emailed the person who submitted it." if job.created_by_id else ""


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
    try:
        job = job_publish(job=job, by=request.user)
    except JobTransitionError as error:
        messages.error(request, f"“{job.title}” was not approved. {error}")
    else:
        messages.success(request, f"“{job.title}” is approved and on the jobs board.{_emailed(job)}")
    return redirect("jobs:moderation")


@loti_admin_required
@require_http_methods(["GET", "POST"])
def job_reject(request, pk: int):
    job = get_object_or_404(Job.objects.with_related(), pk=pk)
    if job.status != Job.Status.SUBMITTED:
        messages.error(request, f"“{job.title}” is not waiting for approval, so it cannot be rejected.")
        return redirect("jobs:moderation")
    form = RejectForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            reject_job(job=job, by=request.user, reason=form.cleaned_data["reason"])
        except JobTransitionError as error:
            messages.error(request, f"“{job.title}” was not rejected. {error}")
            return redirect("jobs:moderation")
        except ValidationError as error:
            form.add_error("reason", error.messages)
        else:
            messages.success(request, f"“{job.title}” is rejected.{_emailed(job)}")
            return redirect("jobs:moderation")
    return render(request, "jobs/reject.html", {"job": job, "form": form})
