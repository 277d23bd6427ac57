"""Django admin for LOTI admins only, behind allauth's login (rate limited) and two-factor authentication."""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from .access import is_loti_admin
from .decorators import mfa_verified, second_factor_redirect


class LotiAdminSite(admin.AdminSite):
    site_header = "LOTI Skills Portal administration"
    site_title = "LOTI Skills Portal admin"
    index_title = "Manage the portal"

    def has_permission(self, request):
        return is_loti_admin(request.user) and mfa_verified(request)

    def login(self, request, extra_context=None):
        """Send every sign-in through allauth, whose rate limits and MFA apply; then insist on TOTP."""
        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
            next_url = resolve_url("admin:index")
        user = request.user
        if not user.is_authenticated:
            login_url = resolve_url("account_login")
            return redirect(f"{login_url}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")
        if not is_loti_admin(user):
            raise PermissionDenied("Django admin is for LOTI admins only.")
        return second_factor_redirect(request, next_url) or redirect(next_url)
