from django.contrib import admin

from loti_portal.admin_csv import export_as_csv

from .models import Level, Role, RoleFamily


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


@admin.register(RoleFamily)
class RoleFamilyAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RoleInline]
    actions = [export_as_csv]
    csv_fields = ["name", "slug", "position", "description"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["name", "family"]
    list_filter = ["family"]
    search_fields = ["name", "family__name"]
    list_select_related = ["family"]
    prepopulated_fields = {"slug": ["name"]}
    actions = [export_as_csv]
    csv_fields = ["name", "slug", "family__name", "description"]


@admin.register(Level)
class LevelAdmin(admin.ModelAdmin):
    list_display = ["name", "rank", "description"]
    prepopulated_fields = {"slug": ["name"]}
    actions = [export_as_csv]
    csv_fields = ["name", "slug", "rank", "description"]
