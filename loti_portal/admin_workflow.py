"""What the admins of workflow records (jobs, JDs) share: records are added on the portal, edited only
while editable and archived rather than deleted, and bulk actions go through the workflow's services,
one record at a time, with a message for each record a service refuses."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse


class WorkflowAdmin(admin.ModelAdmin):
    # The keyword a service takes its record by ("job", "jd"), the nouns for one and for several, and the
    # error a service raises for a step the record's state does not allow.
    record_keyword = ""
    nouns = ("", "")
    transition_error: type[Exception] = Exception

    def has_add_permission(self, request):
        """Boroughs add records through the portal's forms, where the workflow starts."""
        return False

    def has_change_permission(self, request, obj=None):
        """Only drafts and rejected records can be edited (as on the portal); others are view only."""
        if obj is not None and not obj.is_editable:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        """Records are archived, never deleted: their figures feed the salary benchmarks."""
        return False

    def _run(self, request, queryset, service, done: str | tuple[str, str], **kwargs) -> None:
        """Call `service` on each selected record; report how many changed and why any did not.

        `done` says what happened, or is (for one record, for several) where the wording differs.
        """
        changed = 0
        for record in queryset.select_related("organisation", "role__family", "level"):
            try:
                service(**{self.record_keyword: record}, by=request.user, **kwargs)
            except (self.transition_error, ValidationError) as error:
                reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                self.message_user(request, f"“{record.title}” (id {record.pk}): {reason}", messages.ERROR)
            else:
                changed += 1
        if changed:
            if isinstance(done, tuple):
                done = done[0] if changed == 1 else done[1]
            noun = self.nouns[0] if changed == 1 else self.nouns[1]
            self.message_user(request, f"{changed} {noun} {done}.", messages.SUCCESS)

    def _ask(
        self, request, queryset, *, template: str, action: str, form, title: str, intro: str, button: str
    ):
        """The intermediate page of an action that needs a reason or a note before it runs."""
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "button": button,
            "action": action,
            "opts": self.model._meta,
            "queryset": queryset.select_related("organisation"),
            "form": form,
            "field": next(iter(form)),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, template, context)
