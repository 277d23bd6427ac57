"""Job alerts' pages: subscribe, confirm, manage (by signed link, no sign-in), unsubscribe, and the
signed-in person's own alerts.

Nothing changes on GET. Every change goes through jobs.alerts.services. A link that was tampered with
gets a 404 page, an expired confirmation link a 400 page; neither changes anything.
"""

from __future__ import annotations

import math

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from loti_portal.ratelimit import client_ip, consume

from ..alerts import services
from ..alerts.filters import (
    ALERT_PARAMS,
    describe,
    filterset_for,
    hidden_fields,
    list_path,
    normalise,
    subscribe_path,
)
from ..alerts.forms import AccountSubscribeForm, SubscribeForm, UnsubscribeForm
from ..alerts.tokens import ExpiredToken, InvalidToken, make_token, read_token
from ..models import AlertDelivery, AlertSubscription

# Subscribe requests from one client: each may send an email, so they are limited like the JD checker.
SUBSCRIBE_RATE = 10
SUBSCRIBE_WINDOW = 600
LIMIT_MESSAGE = (
    "We have already sent 3 confirmation emails to this address today. Check your inbox and spam folder "
    "for them, or try again tomorrow"
)
Status = AlertSubscription.Status


def _from_token(request, token: str, purpose: str):
    """(subscription, None), or (None, the page saying why the link does not work)."""
    try:
        return read_token(token, purpose), None
    except ExpiredToken:
        page = render(request, "jobs/alerts/link_invalid.html", {"expired": True}, status=400)
    except InvalidToken:
        page = render(request, "jobs/alerts/link_invalid.html", {"expired": False}, status=404)
    return None, page


def _filter_fields(filterset):
    form = filterset.form
    form.is_valid()
    return [form[name] for name in ALERT_PARAMS]


@require_http_methods(["GET", "POST"])
def subscribe(request):
    """GET: the email field with the search's filters summarised (and carried in hidden fields).
    POST (from here or the jobs list's box): subscribe, then the same "check your email" page whatever
    the address already has."""
    source = request.POST if request.method == "POST" else request.GET
    filters = normalise(source)
    initial = {"email": request.user.email} if request.user.is_authenticated else None
    form = SubscribeForm(request.POST if request.method == "POST" else None, initial=initial)
    filter_errors = filters.errors
    status = 200
    if request.method == "POST" and form.is_valid() and not filter_errors:
        wait = consume(
            scope="job-alert-subscribe", key=client_ip(request), rate=SUBSCRIBE_RATE, window=SUBSCRIBE_WINDOW
        )
        if wait:
            minutes = math.ceil(wait / 60)
            form.add_error(
                "email",
                f"You have asked for too many job alerts from this device. Try again in {minutes} "
                f"minute{'s' if minutes != 1 else ''}",
            )
            status = 429
        else:
            try:
                outcome = services.alert_subscribe(
                    email=form.cleaned_data["email"], query=filters.query, user=request.user
                )
            except services.ConfirmationLimitReached:
                form.add_error("email", LIMIT_MESSAGE)
                status = 429
            else:
                return render(
                    request,
                    "jobs/alerts/sent.html",
                    {
                        "email": outcome.subscription.email,
                        "active": outcome.result == "active",
                        "description": describe(filters.query),
                        "search_path": list_path(filters.query),
                        "subscribe_path": subscribe_path(filters.query),
                    },
                )
    return render(
        request,
        "jobs/alerts/subscribe.html",
        {
            "form": form,
            "filter_errors": filter_errors,
            "description": describe(filters.query),
            "hidden": hidden_fields(filters.query),
            "search_path": list_path(filters.query),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET: a button to confirm (following a link changes nothing). POST: the alert starts."""
    subscription, refusal = _from_token(request, token, "confirm")
    if refusal:
        return refusal
    error = None
    if request.method == "POST":
        try:
            subscription = services.alert_confirm(subscription=subscription)
        except services.AlertError as problem:
            error = str(problem)
        else:
            return render(
                request,
                "jobs/alerts/confirmed.html",
                {
                    "subscription": subscription,
                    "description": describe(subscription.query),
                    "manage_token": make_token(subscription, "manage"),
                },
            )
    return render(
        request,
        "jobs/alerts/confirm.html",
        {
            "subscription": subscription,
            "token": token,
            "description": describe(subscription.query),
            "manage_token": make_token(subscription, "manage") if subscription.is_live else None,
            "error": error,
        },
    )


@require_GET
def manage(request, token):
    subscription, refusal = _from_token(request, token, "manage")
    if refusal:
        return refusal
    last_sent = AlertDelivery.objects.filter(
        subscription=subscription, status=AlertDelivery.Status.SENT
    ).aggregate(last=Max("sent_at"))["last"]
    return render(
        request,
        "jobs/alerts/manage.html",
        {
            "subscription": subscription,
            "token": token,
            "description": describe(subscription.query),
            "search_path": list_path(subscription.query),
            "problems": services.alert_problems(subscription),
            "last_sent": last_sent,
            "unsubscribe_token": make_token(subscription, "unsubscribe"),
        },
    )


@require_http_methods(["GET", "POST"])
def change_filters(request, token):
    """The jobs list's filters for this alert; saving gives the alert the new ones."""
    subscription, refusal = _from_token(request, token, "manage")
    if refusal:
        return refusal
    error = None
    if request.method == "POST":
        filters = normalise(request.POST)
        filterset = filters.filterset
        errors = filters.errors
        if not errors:
            try:
                services.alert_change_filters(subscription=subscription, query=filters.query)
            except services.AlertError as problem:
                error = str(problem)
            else:
                messages.success(request, "Your alert now uses the new filters")
                return redirect("alerts:manage", token=token)
    else:
        filterset = filterset_for(subscription.query)
    return render(
        request,
        "jobs/alerts/filters.html",
        {
            "subscription": subscription,
            "token": token,
            "fields": _filter_fields(filterset),
            "form": filterset.form,
            "error": error,
            "problems": services.alert_problems(subscription) if request.method == "GET" else [],
        },
    )


def _manage_action(request, token, action, done: str):
    subscription, refusal = _from_token(request, token, "manage")
    if refusal:
        return refusal
    try:
        action(subscription=subscription)
    except services.AlertError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, done)
    return redirect("alerts:manage", token=token)


@require_POST
def pause(request, token):
    return _manage_action(
        request,
        token,
        services.alert_pause,
        "Your alert is paused. You will get no emails until you resume it",
    )


@require_POST
def resume(request, token):
    return _manage_action(
        request, token, services.alert_resume, "Your alert is on again. The next email comes on Monday"
    )


@require_POST
def resubscribe(request, token):
    return _manage_action(
        request, token, services.alert_resubscribe, "Your alert is on again. The next email comes on Monday"
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET: a confirm button with an optional reason. POST: unsubscribe.

    CSRF-exempt because mail programs' one-click unsubscribe (RFC 8058) POSTs
    "List-Unsubscribe=One-Click" here with no cookies; the signed token is what authenticates it.
    """
    subscription, refusal = _from_token(request, token, "unsubscribe")
    if refusal:
        return refusal
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        form = UnsubscribeForm(request.POST)
        if one_click or form.is_valid():
            reason = AlertSubscription.Reason.ONE_CLICK if one_click else form.cleaned_data["reason"]
            feedback = "" if one_click else form.cleaned_data["feedback"]
            subscription = services.alert_unsubscribe(
                subscription=subscription, reason=reason, feedback=feedback
            )
            return render(
                request,
                "jobs/alerts/unsubscribed.html",
                {"subscription": subscription, "manage_token": make_token(subscription, "manage")},
            )
    else:
        form = UnsubscribeForm()
    return render(
        request,
        "jobs/alerts/unsubscribe.html",
        {
            "subscription": subscription,
            "token": token,
            "form": form,
            "description": describe(subscription.query),
        },
    )


@require_http_methods(["GET", "POST"])
def delete(request, token):
    """GET: what will be deleted, and a button. POST: the alert and its records are deleted."""
    subscription, refusal = _from_token(request, token, "manage")
    if refusal:
        return refusal
    if request.method == "POST":
        services.alert_delete(subscription=subscription)
        return render(request, "jobs/alerts/deleted.html")
    return render(
        request,
        "jobs/alerts/delete.html",
        {"subscription": subscription, "token": token, "description": describe(subscription.query)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def mine(request):
    """The signed-in person's alerts (to any of their verified addresses), and a form to set one up.

    An alert to a verified address of the account starts at once: the address has been proved already.
    """
    addresses = list(
        EmailAddress.objects.filter(user=request.user, verified=True)
        .order_by("-primary", "email")
        .values_list("email", flat=True)
    )
    lowered = [address.lower() for address in addresses]
    source = request.POST if request.method == "POST" else request.GET
    filters = normalise(source) if request.method == "POST" else None
    form = AccountSubscribeForm(request.POST if request.method == "POST" else None, addresses=addresses)
    filterset = filters.filterset if filters else filterset_for([])
    if request.method == "POST" and form.is_valid() and not filters.errors:
        outcome = services.alert_subscribe(
            email=form.cleaned_data["email"], query=filters.query, user=request.user
        )
        messages.success(request, f"Your alert for \u2018{describe(outcome.subscription.query)}\u2019 is on")
        return redirect("alerts:mine")
    alerts = list(
        AlertSubscription.objects.filter(Q(user=request.user) | Q(email__in=lowered))
        .exclude(email="")
        .order_by("-created_at", "-pk")
    )
    for alert in alerts:
        alert.description = describe(alert.query)
        alert.manage_path = reverse("alerts:manage", kwargs={"token": make_token(alert, "manage")})
    return render(
        request,
        "jobs/alerts/mine.html",
        {
            "alerts": alerts,
            "form": form,
            "fields": _filter_fields(filterset),
            "filter_form": filterset.form,
            "has_addresses": bool(addresses),
        },
    )
