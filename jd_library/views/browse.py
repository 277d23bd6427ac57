"""The public side of the JD library: the list, a JD's page, downloads, compare, and the JD checker.

Everything here reads; nothing changes on any request. Unpublished JDs are never shown: their own staff
(accounts.access.can_change) are sent to the staff preview instead.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import PurePath
from urllib.parse import urlencode

from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_safe

from accounts import access
from loti_portal.pagination import page_links
from loti_portal.ratelimit import client_ip, consume

from .. import selectors
from ..checker import check_text
from ..docx_io import export_docx
from ..filters import JDFilterSet
from ..models import SECTIONS, JobDescription

PER_PAGE = 20
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The types an original may be served as; anything else goes out as bytes to save, never to render.
ORIGINAL_TYPES = {".docx": DOCX_TYPE, ".pdf": "application/pdf", ".doc": "application/msword"}
COMPARE_MIN = 2
COMPARE_MAX = selectors.COMPARE_MAX
CHECK_MAX_CHARACTERS = 50_000
CHECK_RATE = 30
CHECK_RATE_WINDOW = 60


# The list


@require_safe
def jd_list(request):
    filterset = JDFilterSet(request.GET)
    base = reverse("jd_library:list")
    paginator = Paginator(filterset.sorted_qs(), PER_PAGE)
    page_errors = []
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except PageNotAnInteger:
        page = paginator.page(1)
        page_errors.append("The page number was not a number, so the first page is shown")
    except EmptyPage:
        page = paginator.page(1 if int(request.GET["page"]) < 1 else paginator.num_pages)
        page_errors.append(f"There is no such page of results, so page {page.number} is shown")
    return render(
        request,
        "jd_library/list.html",
        {
            "filterset": filterset,
            "form": filterset.form,
            "page": page,
            "page_errors": page_errors,
            "pages": page_links(
                page, lambda number: filterset.url(base, extra=(("page", str(number)),) if number > 1 else ())
            ),
            "selected_filters": filterset.selected_filters(base),
            "clear_url": base,
        },
    )


# A JD's page


@require_safe
def jd_detail(request, pk: int):
    jd = selectors.jd_for_page(pk)
    if jd is None:
        raise Http404("No such job description")
    if jd.status != JobDescription.Status.PUBLISHED:
        if access.can_change(request.user, jd):
            return redirect("jd_library:preview", pk=jd.pk)
        raise Http404("No such job description")
    others = selectors.other_jds_for_role(jd)
    compare_url = ""
    if others:
        compare_url = (
            f"{reverse('jd_library:compare')}?{urlencode([('ids', jd.pk)] + [('ids', i) for i in others])}"
        )
    return render(
        request,
        "jd_library/detail.html",
        {
            "jd": jd,
            "can_use": access.is_member(request.user),
            "compare_url": compare_url,
            "compare_count": len(others),
            "original_name": _original_name(jd),
        },
    )


# Downloads


def salary_text(jd: JobDescription) -> str:
    """ "£42,000 to £47,500 a year, including London weighting"."""
    figures = (
        f"£{jd.salary_min:,}"
        if jd.salary_min == jd.salary_max
        else f"£{jd.salary_min:,} to £{jd.salary_max:,}"
    )
    weighting = "including" if jd.london_weighting_included else "not including"
    return f"{figures} a year, {weighting} London weighting"


def hours_text(hours: Decimal) -> str:
    return f"{Decimal(str(hours)).normalize():f} hours a week"


def _facts(jd: JobDescription) -> list[tuple[str, str]]:
    return [
        ("Role", f"{jd.role.name} ({jd.role.family.name})"),
        ("Level", jd.level.name),
        ("Grade", jd.grade_label),
        ("Salary", salary_text(jd)),
        ("Hours", hours_text(jd.hours_per_week)),
        ("Contract type", jd.get_contract_type_display()),
        ("Year advertised", str(jd.year_advertised)),
    ]


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def jd_download(request, pk: int):
    """The published JD as a clean .docx written by the portal (never the uploaded file)."""
    jd = get_object_or_404(selectors.published_jds(), pk=pk)
    data = export_docx(
        title=jd.title,
        organisation=jd.organisation.name,
        facts=_facts(jd),
        sections=[(field, html) for field, html in _section_html(jd)],
    )
    name = slugify(f"{jd.title} {jd.organisation.display_name}")[:80].strip("-") or f"job-description-{jd.pk}"
    return _attachment(HttpResponse(data, content_type=DOCX_TYPE), f"{name}.docx")


def _section_html(jd: JobDescription) -> list[tuple[str, str]]:
    return [(field, getattr(jd, field)) for field, _heading in SECTIONS]


def _original_name(jd: JobDescription) -> str:
    if not jd.original_file:
        return ""
    return jd.original_filename or PurePath(jd.original_file.name).name


@require_safe
def jd_original(request, pk: int):
    """The file a published JD was uploaded from, always as a download and never sniffed or rendered."""
    jd = get_object_or_404(JobDescription.objects.published(), pk=pk)
    name = _original_name(jd)
    if not name:
        raise Http404("This job description has no original file")
    try:
        handle = jd.original_file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404("The original file is missing") from error
    suffix = PurePath(name).suffix.lower()
    content_type = ORIGINAL_TYPES.get(suffix, "application/octet-stream")
    stem = slugify(PurePath(name).stem)[:80].strip("-") or f"job-description-{jd.pk}"
    extension = suffix if suffix in ORIGINAL_TYPES else ""
    return _attachment(FileResponse(handle, content_type=content_type), f"{stem}{extension}")


# Compare


@require_safe
def jd_compare(request):
    raw = request.GET.getlist("ids")
    errors: list[str] = []
    ids: list[int] = []
    for value in raw:
        value = value.strip()
        if value.isdigit() and len(value) <= 12:
            if int(value) not in ids:
                ids.append(int(value))
        elif value:
            shown = value[:20] + ("\u2026" if len(value) > 20 else "")
            errors.append(f"\u2018{shown}\u2019 is not a job description number")
    jds: list[JobDescription] = []
    if len(ids) > COMPARE_MAX:
        errors.append(
            f"You can compare up to {COMPARE_MAX} job descriptions at a time. You chose {len(ids)}: "
            f"go back and choose fewer"
        )
    elif ids:
        found = selectors.published_jds_by_id(ids)
        missing = [pk for pk in ids if pk not in found]
        if len(missing) == 1:
            errors.append(f"Job description {missing[0]} is not in the library, so it is left out")
        elif missing:
            numbers = ", ".join(str(pk) for pk in missing)
            errors.append(f"Job descriptions {numbers} are not in the library, so they are left out")
        jds = [found[pk] for pk in ids if pk in found]
    if ids and len(ids) <= COMPARE_MAX and len(jds) < COMPARE_MIN:
        errors.append(
            f"Choose at least {COMPARE_MIN} job descriptions from the library to compare"
            + (f": only {len(jds)} of your choices can be shown" if 0 < len(jds) < len(ids) else "")
        )
    comparable = COMPARE_MIN <= len(jds) <= COMPARE_MAX
    return render(
        request,
        "jd_library/compare.html",
        {
            "jds": jds if comparable else [],
            "errors": errors,
            "rows": _compare_rows(jds) if comparable else [],
            "sections": [(heading, [getattr(jd, field) for jd in jds]) for field, heading in SECTIONS]
            if comparable
            else [],
        },
        status=200 if comparable or not errors else 400,
    )


def _compare_rows(jds: list[JobDescription]) -> list[tuple[str, list[str]]]:
    return [
        ("Organisation", [jd.organisation.name for jd in jds]),
        ("Role", [jd.role.name for jd in jds]),
        ("Level", [jd.level.name for jd in jds]),
        ("Grade", [jd.grade_label or "Not given" for jd in jds]),
        ("Salary", [salary_text(jd) for jd in jds]),
        ("Hours", [hours_text(jd.hours_per_week) for jd in jds]),
        ("Contract", [jd.get_contract_type_display() for jd in jds]),
        ("Year advertised", [str(jd.year_advertised) for jd in jds]),
    ]


# The JD checker


class CheckForm(forms.Form):
    text = forms.CharField(
        label="Paste your job description",
        help_text="Include the salary and working pattern as they will appear in the advert.",
        max_length=CHECK_MAX_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "true"}),
        error_messages={
            "required": "Paste the text of the job description to check",
            "max_length": f"The job description must be {CHECK_MAX_CHARACTERS:,} characters or fewer",
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def jd_check(request):
    context = {"max_characters": CHECK_MAX_CHARACTERS, "rate": CHECK_RATE}
    if request.method != "POST":
        return render(request, "jd_library/check.html", {**context, "form": CheckForm()})

    wait = consume(scope="jd-check", key=client_ip(request), rate=CHECK_RATE, window=CHECK_RATE_WINDOW)
    if wait:
        response = render(
            request,
            "jd_library/check.html",
            {**context, "form": CheckForm(request.POST), "wait": wait},
            status=429,
        )
        response["Retry-After"] = str(wait)
        return response
    form = CheckForm(request.POST)
    report = check_text(form.cleaned_data["text"]) if form.is_valid() else None
    return render(request, "jd_library/check.html", {**context, "form": form, "report": report})
