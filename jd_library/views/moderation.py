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
from loti_portal import moderation
from loti_portal.moderation import reject_form
from loti_portal.search import full_text_search, normalise_query

from ..models import JobDescription
from ..services import JDTransitionError, jd_mark_exemplar, jd_publish, jd_unmark_exemplar
from ..services import jd_reject as reject_jd

PUBLISHED_PER_PAGE = 50
TABS = [("submitted", "Waiting for approval"), ("published", "Published")]


RejectForm = reject_form("job description")


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
    return moderation.approve(
        request,
        jd,
        publish=lambda by: jd_publish(jd=jd, by=by),
        error=JDTransitionError,
        done="in the JD library",
        queue="jd_library:moderation",
    )


@loti_admin_required
@require_http_methods(["GET", "POST"])
def jd_reject(request, pk: int):
    jd = get_object_or_404(JobDescription.objects.with_related(), pk=pk)
    return moderation.reject(
        request,
        jd,
        reject=lambda by, reason: reject_jd(jd=jd, by=by, reason=reason),
        error=JDTransitionError,
        form_class=RejectForm,
        template="jd_library/reject.html",
        name="jd",
        queue="jd_library:moderation",
    )


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
