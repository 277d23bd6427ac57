"""Django admin for jobs: LOTI admins moderate, close and archive through the workflow's services."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone

from loti_portal.admin_csv import export_as_csv
from loti_portal.admin_workflow import WorkflowAdmin

from .alerts import admin as alerts_admin  # noqa: F401 (registers the job alerts' admin)
from .models import Job
from .services import (
    EDITABLE_FIELDS,
    JobTransitionError,
    job_archive,
    job_close,
    job_publish,
    job_reject,
    job_update,
)
from .views.moderation import RejectForm

WORKFLOW_FIELDS = [
    "status", "rejection_reason", "created_by", "created_at", "updated_at", "submitted_at", "published_at",
    "ended_at", "view_count", "apply_count",
]  # fmt: skip


class JobAdminForm(forms.ModelForm):
    apply_url = forms.URLField(label="Apply link", max_length=500, assume_scheme="https")

    class Meta:
        model = Job
        fields = EDITABLE_FIELDS

    def clean_closes_at(self):
        closes_at = self.cleaned_data["closes_at"]
        if closes_at <= timezone.now():
            raise ValidationError("The closing date must be in the future.")
        return closes_at


@admin.register(Job)
class JobAdmin(WorkflowAdmin):
    form = JobAdminForm
    record_keyword = "job"
    nouns = ("job", "jobs")
    transition_error = JobTransitionError
    list_display = [
        "title",
        "organisation",
        "status",
        "closes_at",
        "published_at",
        "view_count",
        "apply_count",
    ]
    list_filter = ["status", "organisation", "role__family", "level", "contract_type", "workplace"]
    search_fields = ["title", "reference", "organisation__name"]
    list_select_related = ["organisation"]
    date_hierarchy = "published_at"
    ordering = ["-id"]
    readonly_fields = ["organisation", *WORKFLOW_FIELDS]
    fieldsets = [
        (None, {"fields": ["title", "organisation", "reference", "summary", "description"]}),
        ("Role", {"fields": ["role", "level", "grade_label"]}),
        ("Pay", {"fields": ["salary_min", "salary_max", "london_weighting_included"]}),
        (
            "Terms",
            {"fields": ["contract_type", "working_pattern", "workplace", "location", "hours_per_week"]},
        ),
        ("Applying", {"fields": ["closes_at", "apply_url", "contact_email"]}),
        ("Workflow", {"fields": WORKFLOW_FIELDS}),
    ]
    actions = ["approve_selected", "reject_selected", "close_selected", "archive_selected", export_as_csv]
    csv_fields = [
        "id", "title", "reference", "organisation__name", "role__name", "role__family__name", "level__name",
        "grade_label", "salary_min", "salary_max", "contract_type", "working_pattern", "workplace",
        "location", "status", "submitted_at", "published_at", "closes_at", "ended_at", "view_count",
        "apply_count",
    ]  # fmt: skip

    def save_model(self, request, obj, form, change):
        job_update(job=obj, by=request.user, data=form.cleaned_data)

    @admin.action(description="Approve selected jobs")
    def approve_selected(self, request, queryset):
        self._run(request, queryset, job_publish, "approved and published")

    @admin.action(description="Reject selected jobs (asks for a reason)")
    def reject_selected(self, request, queryset):
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._run(request, queryset, job_reject, "rejected", reason=form.cleaned_data["reason"])
            return None
        return self._ask(
            request,
            queryset,
            template="admin/jobs/job/reject_selected.html",
            action="reject_selected",
            form=form,
            title="Reject jobs",
            intro=(
                "These jobs go back to their organisations, who can change them and submit them again. We "
                "email your reason to the person who submitted each job. Jobs that are not waiting for "
                "approval are left as they are."
            ),
            button="Reject the selected jobs",
        )

    @admin.action(description="Close selected jobs")
    def close_selected(self, request, queryset):
        self._run(request, queryset, job_close, "closed")

    @admin.action(description="Archive selected jobs")
    def archive_selected(self, request, queryset):
        self._run(request, queryset, job_archive, "archived")
