"""Django admin for the JD library: LOTI admins moderate, choose exemplars and archive, through services."""

from django import forms
from django.contrib import admin

from loti_portal.admin_csv import export_as_csv
from loti_portal.admin_workflow import WorkflowAdmin

from .models import JobDescription
from .services import (
    EDITABLE_FIELDS,
    JDTransitionError,
    jd_archive,
    jd_mark_exemplar,
    jd_publish,
    jd_reject,
    jd_unmark_exemplar,
    jd_update,
)
from .views.moderation import ExemplarForm, RejectForm

WORKFLOW_FIELDS = [
    "status", "rejection_reason", "is_exemplar", "exemplar_note", "created_by", "based_on",
    "original_filename", "created_at", "updated_at", "submitted_at", "published_at",
]  # fmt: skip


class JobDescriptionAdminForm(forms.ModelForm):
    class Meta:
        model = JobDescription
        fields = EDITABLE_FIELDS


def _unmark(*, jd, by):
    if not jd.is_exemplar:
        raise JDTransitionError("It is not an exemplar.")
    return jd_unmark_exemplar(jd=jd, by=by)


@admin.register(JobDescription)
class JobDescriptionAdmin(WorkflowAdmin):
    form = JobDescriptionAdminForm
    record_keyword = "jd"
    nouns = ("job description", "job descriptions")
    transition_error = JDTransitionError
    list_display = [
        "title",
        "organisation",
        "role",
        "level",
        "status",
        "is_exemplar",
        "year_advertised",
        "published_at",
    ]
    list_filter = ["status", "is_exemplar", "organisation", "role__family", "level", "year_advertised"]
    search_fields = ["title", "grade_label", "organisation__name", "role__name"]
    list_select_related = ["organisation", "role", "level"]
    date_hierarchy = "published_at"
    ordering = ["-id"]
    readonly_fields = ["organisation", *WORKFLOW_FIELDS]
    fieldsets = [
        (None, {"fields": ["title", "organisation", "year_advertised"]}),
        ("Role", {"fields": ["role", "level", "grade_label"]}),
        ("Pay and terms", {"fields": [
            "salary_min", "salary_max", "london_weighting_included", "hours_per_week", "contract_type",
        ]}),
        ("Sections (HTML, cleaned when saved)", {"fields": [
            "purpose", "responsibilities", "person_specification", "skills",
        ]}),
        ("Workflow", {"fields": WORKFLOW_FIELDS}),
    ]  # fmt: skip
    actions = [
        "approve_selected",
        "reject_selected",
        "mark_exemplar_selected",
        "unmark_exemplar_selected",
        "archive_selected",
        export_as_csv,
    ]
    csv_fields = [
        "id", "title", "organisation__name", "role__name", "role__family__name", "level__name", "grade_label",
        "salary_min", "salary_max", "london_weighting_included", "hours_per_week", "contract_type",
        "year_advertised", "status", "is_exemplar", "exemplar_note", "submitted_at", "published_at",
    ]  # fmt: skip

    def save_model(self, request, obj, form, change):
        jd_update(jd=obj, by=request.user, data=form.cleaned_data)

    @admin.action(description="Approve selected job descriptions")
    def approve_selected(self, request, queryset):
        self._run(request, queryset, jd_publish, "approved and published")

    @admin.action(description="Reject selected job descriptions (asks for a reason)")
    def reject_selected(self, request, queryset):
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._run(request, queryset, jd_reject, "rejected", reason=form.cleaned_data["reason"])
            return None
        return self._ask(
            request,
            queryset,
            template="admin/jd_library/jobdescription/action_with_text.html",
            action="reject_selected",
            form=form,
            title="Reject job descriptions",
            intro=(
                "These job descriptions go back to their organisations, who can change them and submit them "
                "again. We email your reason to the person who submitted each one. Job descriptions that are "
                "not waiting for approval are left as they are."
            ),
            button="Reject the selected job descriptions",
        )

    @admin.action(description="Mark selected job descriptions as exemplars (asks for a note)")
    def mark_exemplar_selected(self, request, queryset):
        form = ExemplarForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._run(
                request,
                queryset,
                jd_mark_exemplar,
                ("marked as an exemplar", "marked as exemplars"),
                note=form.cleaned_data["note"],
            )
            return None
        return self._ask(
            request,
            queryset,
            template="admin/jd_library/jobdescription/action_with_text.html",
            action="mark_exemplar_selected",
            form=form,
            title="Mark job descriptions as exemplars",
            intro=(
                "Each published job description below becomes an exemplar with this note, which everyone who "
                "reads it sees. An exemplar already chosen gets this note instead of its old one. Job "
                "descriptions that are not published are left as they are."
            ),
            button="Mark the selected job descriptions as exemplars",
        )

    @admin.action(description="Remove selected job descriptions from the exemplars")
    def unmark_exemplar_selected(self, request, queryset):
        self._run(request, queryset, _unmark, "removed from the exemplars")

    @admin.action(description="Archive selected job descriptions")
    def archive_selected(self, request, queryset):
        self._run(request, queryset, jd_archive, "archived")
