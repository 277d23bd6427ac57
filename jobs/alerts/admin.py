"""Django admin for job alerts: LOTI admins see subscriptions, weekly runs and deliveries (read only:
changes go through the alert's own manage link, so that its owner stays in charge of it)."""

from django.contrib import admin

from loti_portal.admin_csv import export_as_csv

from ..models import AlertDelivery, AlertRun, AlertSubscription
from .filters import describe


class ReadOnlyAdmin(admin.ModelAdmin):
    actions = [export_as_csv]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AlertSubscription)
class AlertSubscriptionAdmin(ReadOnlyAdmin):
    list_display = ["email", "filters", "status", "created_at", "confirmed_at", "last_digest_at"]
    list_filter = ["status", "unsubscribe_reason"]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    ordering = ["-id"]
    exclude = ["secret"]
    csv_fields = [
        "id", "status", "created_at", "confirmed_at", "paused_at", "unsubscribed_at", "unsubscribe_reason",
        "last_digest_at",
    ]  # fmt: skip

    @admin.display(description="Jobs")
    def filters(self, obj):
        return describe(obj.query)


@admin.register(AlertRun)
class AlertRunAdmin(ReadOnlyAdmin):
    list_display = [
        "week", "started_at", "matched_at", "finished_at", "match_seconds", "due_count", "new_job_count",
        "delivery_count", "skipped_count", "attempts",
    ]  # fmt: skip
    csv_fields = list_display


@admin.register(AlertDelivery)
class AlertDeliveryAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "subscription_id",
        "week",
        "status",
        "total_jobs",
        "attempts",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", "week"]
    ordering = ["-id"]
    exclude = ["claim_token"]
    csv_fields = [
        "id",
        "subscription_id",
        "week",
        "status",
        "total_jobs",
        "attempts",
        "claimed_at",
        "sent_at",
        "last_error",
    ]
