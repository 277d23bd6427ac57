import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import access
from .forms import DeleteAccountForm
from .services import user_delete, user_export_data


@login_required
@require_GET
def profile(request):
    return render(
        request,
        "accounts/profile.html",
        {
            "memberships": access.memberships_of(request.user),
            "is_loti_admin": access.is_loti_admin(request.user),
        },
    )


@login_required
@require_POST
def export_data(request):
    data = user_export_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    filename = f"loti-skills-portal-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        user_delete(user=user)
        messages.success(request, "Your account and personal data have been deleted.")
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})
