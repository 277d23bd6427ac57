"""The JD library list's search, filters and sort orders.

A value that does not exist (an unknown borough, text for the minimum salary, an unknown year) is a form
error naming the filter: that filter is left out and the others still apply, so no query string can fail.
"""

from __future__ import annotations

from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import QuerySet
from django.db.models.functions import Lower

from loti_portal.filters import (
    ListFilterSet,
    MinimumPoundsFilter,
    NamedChoiceField,
    SearchFilter,
    SlugFilter,
    SlugsFilter,
)
from loti_portal.search import full_text_search

from .selectors import FilterChoice, filter_choices, published_jds


@dataclass(frozen=True)
class SortOrder:
    name: str
    label: str
    ordering: tuple


SORT_ORDERS = {
    order.name: order
    for order in (
        SortOrder("newest", "Newest", ("-published_at", "-id")),
        SortOrder("title", "Title (A to Z)", (Lower("title"), "id")),
        SortOrder("salary", "Highest salary", ("-salary_max", "-id")),
    )
}
# The parameters that select JDs, in the order they appear in URLs and selected-filter tags.
JD_FILTER_PARAMS = ("q", "exemplar", "role_family", "role", "level", "organisation", "min_salary", "year")


class ExemplarFilter(django_filters.Filter):
    field_class = forms.BooleanField

    def filter(self, queryset, value):
        return queryset.filter(is_exemplar=True) if value else queryset


class SortFilter(django_filters.Filter):
    """Read through `sort_order` and applied by `sorted_qs()`; it never narrows the rows."""

    field_class = NamedChoiceField

    def filter(self, queryset, value):
        return queryset


def _checkboxes():
    return forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"})


class JDFilterSet(ListFilterSet):
    """Published JDs narrowed by the list's search and filters; `sort_order` gives their order."""

    FILTER_PARAMS = JD_FILTER_PARAMS
    HEADINGS = {"q": "Search", "exemplar": "Exemplar"}

    q = SearchFilter(label="Search", method="filter_search")
    exemplar = ExemplarFilter(label="Exemplars only", widget=forms.CheckboxInput(attrs={"value": "1"}))
    role_family = SlugsFilter(
        label="Role family",
        choice_list="role_families",
        field_name="role__family_id",
        choices=[],
        widget=_checkboxes(),
        invalid_message="There is no role family called {value}",
    )
    role = SlugFilter(
        label="Role",
        choice_list="roles",
        field_name="role_id",
        choices=[],
        widget=forms.Select(attrs={"class": "govuk-select"}),
        invalid_message="There is no role called {value}",
    )
    level = SlugsFilter(
        label="Level",
        choice_list="levels",
        field_name="level_id",
        choices=[],
        widget=_checkboxes(),
        invalid_message="There is no level called {value}",
    )
    organisation = SlugsFilter(
        label="Borough",
        choice_list="organisations",
        field_name="organisation_id",
        choices=[],
        widget=_checkboxes(),
        invalid_message="There is no borough called {value}",
    )
    min_salary = MinimumPoundsFilter(
        label="Minimum salary",
        help_text="JDs paying up to at least this much a year",
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "spellcheck": "false", "class": "govuk-input--width-10"}
        ),
        field_name="salary_max",
        lookup_expr="gte",
    )
    year = SlugsFilter(
        label="Year advertised",
        choice_list="years",
        field_name="year_advertised",
        choices=[],
        widget=_checkboxes(),
        invalid_message="No published job description was advertised in {value}",
    )
    sort = SortFilter(
        label="Sort by",
        choices=[(order.name, order.label) for order in SORT_ORDERS.values()],
        widget=forms.Select(attrs={"class": "govuk-select"}),
        invalid_message="There is no sort order called {value}",
    )

    def __init__(self, data=None, queryset=None, *, request=None):
        if queryset is None:
            queryset = published_jds()
        super().__init__(data, queryset, request=request)
        choices = filter_choices()
        for name in ("role_family", "role", "level", "organisation", "year"):
            choice_list = self.filters[name].choice_list
            options: tuple[FilterChoice, ...] = getattr(choices, choice_list)
            self.filters[name].extra["choices"] = (
                _grouped(options) if name == "role" else [(option.slug, option.label) for option in options]
            )
            self._pks[choice_list] = {option.slug: option.pk for option in options}
            self._labels[name] = {option.slug: option.label for option in options}
        self._labels["sort"] = {order.name: order.label for order in SORT_ORDERS.values()}

    @property
    def role_groups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The roles by role family, for the select's option groups."""
        return [choice for choice in self.filters["role"].extra["choices"] if choice[0]]

    def filter_search(self, queryset, name, value):
        return full_text_search(queryset, value)

    @property
    def sort_order(self) -> SortOrder:
        return SORT_ORDERS[self.cleaned_data.get("sort") or "newest"]

    def sorted_qs(self) -> QuerySet:
        return self.qs.order_by(*self.sort_order.ordering)

    def value_label(self, name: str, value: str) -> str:
        return "Exemplars only" if name == "exemplar" else super().value_label(name, value)


def _grouped(roles: tuple[FilterChoice, ...]) -> list:
    """Roles for a select: "Any role", then one option group per role family."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for role in roles:
        groups.setdefault(role.group, []).append((role.slug, role.label))
    return [("", "Any role"), *((family, options) for family, options in groups.items())]
