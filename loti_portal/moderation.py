"""What LOTI's moderation of jobs and JDs shares: the reject form, and approving or rejecting one submitted
item with the messages the moderator sees. Each app passes its own service and wording."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render


def reject_form(thing: str) -> type[forms.Form]:
    """A form asking why a `thing` ("job", "job description") is being rejected."""

    class RejectForm(forms.Form):
        reason = forms.CharField(
            label=f"Why are you rejecting this {thing}?",
            help_text="We email this to the person who submitted it. Say what they need to change.",
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 6}),
            error_messages={
                "required": f"Enter why the {thing} is being rejected",
                "max_length": "Reason must be 2,000 characters or fewer",
            },
        )

    return RejectForm


def emailed(item) -> str:
    return " We have emailed the person who submitted it." if item.created_by_id else ""


def approve(request, item, *, publish: Callable, error: type[Exception], done: str, queue: str):
    """Publish `item` with `publish(by=...)`; `done` says where it now is ("on the jobs board")."""
    try:
        item = publish(by=request.user)
    except error as refused:
        messages.error(request, f"“{item.title}” was not approved. {refused}")
    else:
        messages.success(request, f"“{item.title}” is approved and {done}.{emailed(item)}")
    return redirect(queue)


def reject(
    request,
    item,
    *,
    reject: Callable,
    error: type[Exception],
    form_class,
    template: str,
    name: str,
    queue: str,
):
    """Ask for a reason (GET, or a POST with errors), then reject `item` with `reject(by=..., reason=...)`."""
    if item.status != "submitted":
        messages.error(request, f"“{item.title}” is not waiting for approval, so it cannot be rejected.")
        return redirect(queue)
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            reject(by=request.user, reason=form.cleaned_data["reason"])
        except error as refused:
            messages.error(request, f"“{item.title}” was not rejected. {refused}")
            return redirect(queue)
        except ValidationError as invalid:
            form.add_error("reason", invalid.messages)
        else:
            messages.success(request, f"“{item.title}” is rejected.{emailed(item)}")
            return redirect(queue)
    return render(request, template, {name: item, "form": form})
