from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and organisations"

    def ready(self):
        from . import receivers  # noqa: F401


class LotiAdminConfig(AdminConfig):
    default_site = "accounts.admin_site.LotiAdminSite"
