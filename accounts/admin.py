from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.db import models

from loti_portal.admin_csv import export_as_csv

from .models import Membership, Organisation, OrganisationDomain, User
from .services import membership_set_role


class OrganisationDomainInline(admin.TabularInline):
    model = OrganisationDomain
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "area", "ons_code"]
    list_filter = ["kind", "area"]
    search_fields = ["name", "short_name", "ons_code", "domains__domain"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [OrganisationDomainInline]
    actions = [export_as_csv]
    csv_fields = ["name", "short_name", "slug", "kind", "area", "ons_code", "website"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "verified_email", "created_at"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__email", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]
    actions = ["promote_to_lead", "return_to_staff", export_as_csv]
    csv_fields = ["user__email", "organisation__name", "role", "created_at"]

    @admin.action(description="Promote to borough lead")
    def promote_to_lead(self, request, queryset):
        for membership in queryset:
            membership_set_role(membership=membership, role=Membership.Role.LEAD)
        self.message_user(request, f"{queryset.count()} promoted to borough lead.")

    @admin.action(description="Return to staff")
    def return_to_staff(self, request, queryset):
        for membership in queryset:
            membership_set_role(membership=membership, role=Membership.Role.STAFF)
        self.message_user(request, f"{queryset.count()} returned to staff.")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


class UserCreationAdminForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["email"]


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = ["email", "full_name", "is_active", "is_staff", "is_superuser", "groups", "user_permissions"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "date_joined", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    actions = [export_as_csv]
    csv_fields = ["email", "full_name", "is_staff", "is_active", "date_joined", "last_login"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Personal details", {"fields": ["full_name"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
