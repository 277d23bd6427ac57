"""The salary benchmarks page, its role-family drill-down with a chart, and its CSV download."""

from __future__ import annotations

import csv
from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from accounts.access import is_member, organisation_ids_for, organisations_for

from .charts import box_plot
from .disclosure import MIN_ORGANISATIONS
from .forms import BenchmarkFilterForm, Selection, selection_params
from .money import whole_pounds
from .records import LONDON_AREAS
from .selectors import (
    CACHE_SECONDS,
    Catalogue,
    Choice,
    Row,
    catalogue,
    family_rows,
    organisation_positions,
    role_rows,
)

NOT_ENOUGH_DATA = "not enough data"
WITHHELD = "withheld"
CSV_HEADER = [
    "Role family", "Role", "Level", "Organisations", "Records", "Lowest", "Lower quartile", "Median",
    "Upper quartile", "Highest",
]  # fmt: skip


def _staff_organisations(user) -> tuple[Choice, ...]:
    """The London organisations whose own figures `user` may see: their own first."""
    if not is_member(user):
        return ()
    own = organisation_ids_for(user)
    organisations = organisations_for(user).filter(area__in=LONDON_AREAS).values_list("pk", "slug", "name")
    choices = [Choice(pk, slug, name) for pk, slug, name in organisations]
    choices.sort(key=lambda org: (org.pk not in own, org.name))
    return tuple(choices)


def _narrowed(rows: list[Row], selection: Selection) -> list[Row]:
    return [
        row
        for row in rows
        if (selection.level is None or row.level.pk == selection.level.pk)
        and (selection.role is None or row.role is None or row.role.pk == selection.role.pk)
    ]


def _tables(selection: Selection, names: Catalogue) -> tuple[list[Row], list[Row]]:
    """(family rows, role rows) as the page shows them: in a drill-down every level of the family (the
    chart's table) and its roles narrowed by role and level; otherwise every family narrowed by level."""
    if selection.family is None:
        return _narrowed(family_rows(selection.view, names), selection), []
    family_id = selection.family.pk
    return (
        family_rows(selection.view, names, family_id=family_id),
        _narrowed(role_rows(selection.view, names, family_id=family_id), selection),
    )


def _csv_cells(row: Row) -> list[str]:
    """The row as the page shows it, amounts as plain whole pounds for spreadsheets."""
    names = [row.family.name, row.role.name if row.role else "All roles", row.level.name]
    figures = row.figures
    if figures is None:
        return names + [NOT_ENOUGH_DATA] * 7
    amounts = (
        figures.minimum,
        figures.lower_quartile,
        figures.median,
        figures.upper_quartile,
        figures.maximum,
    )
    return [
        *names,
        str(figures.organisations),
        str(figures.records),
        *(str(whole_pounds(amount)) if amount is not None else WITHHELD for amount in amounts),
    ]


def _csv_response(rows: list[Row], selection: Selection) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"salary-benchmarks-{selection.family.slug}" if selection.family else "salary-benchmarks"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for row in rows:
        # Names come from the roles table, which LOTI admins edit: keep spreadsheets from reading formulas.
        writer.writerow(
            [f"'{cell}" if cell[:1] in ("=", "+", "-", "@") else cell for cell in _csv_cells(row)]
        )
    return response


def _csv_refused(form) -> HttpResponse:
    lines = ["The download was not made because some filters could not be used:"]
    lines += [f"- {error}" for errors in form.errors.values() for error in errors]
    return HttpResponse("\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8")


@require_GET
def benchmark_index(request):
    names = catalogue()
    organisations = _staff_organisations(request.user)
    form = BenchmarkFilterForm(request.GET, names=names, organisations=organisations)
    selection = form.selection()
    if selection.csv and form.errors:
        return _csv_refused(form)
    family_table, role_table = _tables(selection, names)
    if selection.csv:
        return _csv_response(family_table + role_table, selection)

    base = reverse("salaries:index")
    params = selection_params(selection)
    # The filters that choose records, without the family, role and level that choose rows.
    view_query = urlencode([pair for pair in params if pair[0] not in ("family", "role", "level")])
    positions = None
    if selection.organisation is not None:
        positions = organisation_positions(selection.view, selection.organisation.pk, names)
    return render(
        request,
        "salaries/index.html",
        {
            "form": form,
            "selection": selection,
            "family_rows": family_table,
            "role_rows": role_table,
            "chart": box_plot(selection.family, family_table) if selection.family else None,
            "csv_url": f"{base}?{urlencode([*params, ('format', 'csv')])}",
            "clear_url": base,
            "view_query": view_query,
            "all_families_url": f"{base}?{view_query}" if view_query else base,
            "organisations": organisations,
            "positions": positions,
            "hidden_params": params,
            "min_organisations": MIN_ORGANISATIONS,
            "refresh_minutes": max(1, CACHE_SECONDS // 60),
        },
    )
