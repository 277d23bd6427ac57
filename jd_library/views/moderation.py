"""LOTI's moderation of the JD library: approve or send back submitted JDs, and choose the exemplars."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import loti_admin_required
from loti_portal.search import full_text_search, normalise_query

from ..models import JobDescription
from ..services import JDTransitionError, jd_mark_exemplar, jd_publish, jd_unmark_exemplar
from ..services import jd_reject as reject_jd

PUBLISHED_PER_PAGE = 50
TABS = [("submitted", "Waiting for approval"), ("published", "Published")]


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="Why are you rejecting this job description?",
        help_text="We email this to the person who submitted it. Say what they need to change.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Enter why the job description is being rejected",
            "max_length": "Reason must be 2,000 characters or fewer",
        },
    )


class ExemplarForm(forms.Form):
    note = forms.CharField(
        label="Why is this job description an exemplar?",
        help_text="Everyone who reads the job description sees this note. Say what others can learn from it.",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Enter why this job description is an exemplar",
            "max_length": "Note must be 1,000 characters or fewer",
        },
    )


def _error_text(error: Exception) -> str:
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


def _emailed(jd: JobDescription) -> str:
    return " We have emailed the person who submitted it." if jd.created_by_id else ""


def _published_tab() -> str:
    return f"{reverse('jd_library:moderation')}?{urlencode({'tab': 'published'})}"


@loti_admin_required
@require_GET
def moderation_queue(request):
    """Submitted JDs oldest first; or, on the published tab, published JDs with their exemplar state."""
    tab = "published" if request.GET.get("tab") == "published" else "submitted"
    base = reverse("jd_library:moderation")
    counts = {
        "submitted": JobDescription.objects.filter(status=JobDescription.Status.SUBMITTED).count(),
        "published": JobDescription.objects.published().count(),
    }
    tabs = [
        {
            "key": key,
            "label": label,
            "count": counts[key],
            "url": base if key == "submitted" else f"{base}?{urlencode({'tab': key})}",
            "active": key == tab,
        }
        for key, label in TABS
    ]
    context = {"tab": tab, "tabs": tabs}
    if tab == "submitted":
        context["jds"] = (
            JobDescription.objects.filter(status=JobDescription.Status.SUBMITTED)
            .with_related()
            .select_related("created_by")
            .order_by("submitted_at", "id")
        )
    else:
        query = normalise_query(request.GET.get("q", ""))
        published = full_text_search(JobDescription.objects.published().with_related(), query)
        page = Paginator(
            published.order_by("-is_exemplar", "-published_at", "-id"), PUBLISHED_PER_PAGE
        ).get_page(request.GET.get("page"))
        params = {"tab": "published", **({"q": query} if query else {})}
        context.update(
            query=query,
            page=page,
            previous_url=f"{base}?{urlencode({**params, 'page': page.number - 1})}"
            if page.has_previous()
            else None,
            next_url=f"{base}?{urlencode({**params, 'page': page.number + 1})}" if page.has_next() else None,
        )
    return render(request, "jd_library/moderation.html", context)


@loti_admin_required
@require_POST
def jd_approve(request, pk: int):
    jd = get_object_or_404(JobDescription, pk=pk)
    try:
        jd = jd_publish(jd=jd, by=request.user)
    except JDTransitionError as error:
        messages.error(request, f"“{jd.title}” was not approved. {error}")
    else:
        messages.success(request, f"“{jd.title}” is approved and in the JD library.{_emailed(jd)}")
    return redirect("jd_library:moderation")


@loti_admin_required
@require_http_methods(["GET", "POST"])
def jd_reject(request, pk: int):
    jd = get_object_or_404(JobDescription.objects.with_related(), pk=pk)
    if jd.status != JobDescription.Status.SUBMITTED:
        messages.error(request, f"“{jd.title}” is not waiting for approval, so it cannot be rejected.")
        return redirect("jd_library:moderation")
    form = RejectForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            jd = reject_jd(jd=jd, by=request.user, reason=form.cleaned_data["reason"])
        except JDTransitionError as error:
            messages.error(request, f"“{jd.title}” was not rejected. {error}")
            return redirect("jd_library:moderation")
        except ValidationError as error:
            form.add_error("reason", error.messages)
        else:
            messages.success(request, f"“{jd.title}” is rejected.{_emailed(jd)}")
            return redirect("jd_library:moderation")
    return render(request, "jd_library/reject.html", {"jd": jd, "form": form})


@loti_admin_required
@require_http_methods(["GET", "POST"])
def jd_exemplar(request, pk: int):
    """Mark a published JD as an exemplar with a note, or change its note; a POST with `remove` unmarks it."""
    jd = get_object_or_404(JobDescription.objects.with_related(), pk=pk)
    if request.method == "POST" and "remove" in request.POST:
        if not jd.is_exemplar:
            messages.error(request, f"“{jd.title}” is not an exemplar, so there is nothing to remove.")
        else:
            jd_unmark_exemplar(jd=jd, by=request.user)
            messages.success(request, f"“{jd.title}” is no longer an exemplar.")
        return redirect(_published_tab())
    if jd.status != JobDescription.Status.PUBLISHED:
        messages.error(request, f"“{jd.title}” is not published, so it cannot be an exemplar.")
        return redirect(_published_tab())
    was_exemplar = jd.is_exemplar
    if request.method == "POST":
        form = ExemplarForm(request.POST)
        if form.is_valid():
            try:
                jd_mark_exemplar(jd=jd, by=request.user, note=form.cleaned_data["note"])
            except JDTransitionError as error:
                messages.error(request, f"“{jd.title}” was not marked as an exemplar. {_error_text(error)}")
                return redirect(_published_tab())
            except ValidationError as error:
                form.add_error("note", error.messages)
            else:
                done = "has a new exemplar note" if was_exemplar else "is now an exemplar"
                messages.success(request, f"“{jd.title}” {done}.")
                return redirect(_published_tab())
    else:
        form = ExemplarForm(initial={"note": jd.exemplar_note} if was_exemplar else None)
    return render(request, "jd_library/exemplar.html", {"jd": jd, "form": form, "was_exemplar": was_exemplar})
