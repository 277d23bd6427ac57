"""Salary benchmark links for other pages, and how the salaries page writes its figures.

On a job or JD page (with `role` selected with its family):
    {% load salaries_tags %}{% benchmark_link job.role job.level %}
gives <a class="govuk-link" href="/salaries/?family=data&role=data-analyst&level=mid#benchmark-...">See
what London pays data analysts at mid level</a>.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from ..money import pounds

register = template.Library()


@register.filter
def benchmark_pounds(value) -> str:
    """A figure in whole pounds: £41,288."""
    return pounds(float(value))


def _lower_first(word: str) -> str:
    # "Data" becomes "data", but "QAT" and "DevOps" keep their capitals.
    if len(word) > 1 and any(letter.isupper() for letter in word[1:]):
        return word
    return word[:1].lower() + word[1:]


@register.filter
def role_plural(name: str) -> str:
    """'Data analyst' -> 'data analysts', 'QAT analyst' -> 'QAT analysts', for running text."""
    words = str(name).split()
    if not words:
        return ""
    words[0] = _lower_first(words[0])
    last = words[-1]
    if last.endswith(("s", "x", "ch", "sh")):
        words[-1] = f"{last}es"
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        words[-1] = f"{last[:-1]}ies"
    else:
        words[-1] = f"{last}s"
    return " ".join(words)


@register.simple_tag
def benchmark_url(role, level) -> str:
    """The salaries page for `role`'s family, narrowed to the role at `level`, at that row."""
    query = urlencode({"family": role.family.slug, "role": role.slug, "level": level.slug})
    return f"{reverse('salaries:index')}?{query}#benchmark-{role.slug}-{level.slug}"


@register.inclusion_tag("salaries/includes/benchmark_link.html")
def benchmark_link(role, level) -> dict:
    return {
        "href": benchmark_url(role, level),
        "text": f"See what London pays {role_plural(role.name)} at {level.name.lower()} level",
    }


SUPPRESSED_CELLS = (
    '<td class="govuk-table__cell app-salary-table__suppressed" colspan="7">Not enough data</td>'
)
NUMERIC = '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
MEDIAN = '<td class="govuk-table__cell govuk-table__cell--numeric govuk-!-font-weight-bold">{}</td>'
NAME = '<th scope="row" class="govuk-table__header">{}</th>'
CELL = '<td class="govuk-table__cell">{}</td>'
LINK = '<a class="govuk-link" href="?family={}{}">{}</a>'


@register.simple_tag
def benchmark_rows(rows, kind: str, view_query: str = "") -> SafeString:
    """The body rows of a benchmark table (see salaries/includes/table.html for `kind`).

    Written here rather than in the template, every value escaped: the same markup at a fraction of the
    rendering cost, for a table of 50 rows or more on every page view. A suppressed row gets one cell
    saying so, and no figures.
    """
    query = escape(f"&{view_query}") if view_query else ""
    html = []
    for row in rows:
        level = escape(row.level.name)
        if kind == "families":
            link = LINK.format(escape(row.family.slug), query, escape(row.family.name))
            names = NAME.format(link) + CELL.format(level)
        elif kind == "roles":
            names = NAME.format(escape(row.role.name)) + CELL.format(level)
        else:
            names = NAME.format(level)
        cells = row.cells
        if cells is None:
            figures = SUPPRESSED_CELLS
        else:
            figures = "".join(
                (MEDIAN if index == 4 else NUMERIC).format(escape(text)) for index, text in enumerate(cells)
            )
        html.append(f'<tr class="govuk-table__row" id="{escape(row.anchor)}">{names}{figures}</tr>')
    # Safe: every value from the database or the query string went through escape() above.
    return mark_safe("\n".join(html))
