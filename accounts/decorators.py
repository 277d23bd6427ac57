"""View decorators over accounts.access, for the pages only LOTI admins use."""

from functools import wraps

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, resolve_url
from django.utils.http import urlencode

from .access import is_loti_admin


def mfa_verified(request) -> bool:
    """Did this session pass a second factor (at login or by re-authenticating)?"""
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


def second_factor_redirect(request, next_url: str):
    """Where a LOTI admin must go before LOTI admin pages: set up an authenticator, or use it. None: done."""
    if not is_mfa_enabled(request.user):
        messages.warning(request, "Set up an authenticator app before you use LOTI admin pages.")
        return redirect(f"{resolve_url('mfa_activate_totp')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")
    if not mfa_verified(request):
        return redirect(f"{resolve_url('mfa_reauthenticate')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")
    return None


def loti_admin_required(view):
    """LOTI admins who passed two-factor authentication this session; others are refused (403).

    Anonymous visitors are sent to sign in; a LOTI admin without a second factor is sent to set one up or
    use it, then brought back.
    """

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_loti_admin(request.user):
            raise PermissionDenied("Only LOTI admins can do this.")
        detour = second_factor_redirect(request, request.get_full_path())
        if detour is not None:
            return detour
        return view(request, *args, **kwargs)

    return wrapper
