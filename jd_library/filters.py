"""The JD library list's search, filters and sort orders.

A value that does not exist (an unknown borough, text for the minimum salary, an unknown year) is a form
error naming the filter: that filter is left out and the others still apply, so no query string can fail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.db.models.functions import Lower

from loti_portal.search import MAX_QUERY_LENGTH, full_text_search

from .selectors import FilterChoice, filter_choices, published_jds

MAX_MIN_SALARY = 500_000


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
FILTER_PARAMS = ("q", "exemplar", "role_family", "role", "level", "organisation", "min_salary", "year")


def _quoted(value) -> str:
    text = " ".join(str(value).split())
    shown = f"{text[:40]}\u2026" if len(text) > 40 else text
    return f"\u2018{shown}\u2019"


class SearchField(forms.CharField):
    """Free text, tidied rather than refused: null characters dropped, spaces collapsed, length capped."""

    def to_python(self, value):
        value = super().to_python(value)
        return " ".join(value.replace("\x00", " ").split())[:MAX_QUERY_LENGTH]


class PoundsField(forms.IntegerField):
    """A whole number of pounds; "£45,000" is read as 45000."""

    default_error_messages = {
        "invalid": "Minimum salary must be a whole number of pounds, like 45000",
        "min_value": "Minimum salary must be £0 or more",
        "max_value": f"Minimum salary must be £{MAX_MIN_SALARY:,} or less",
    }

    def __init__(self, **kwargs):
        super().__init__(min_value=0, max_value=MAX_MIN_SALARY, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removeprefix("£").replace(",", "").strip()
        return super().to_python(value)


class SlugChoiceField(forms.ChoiceField):
    """One value from a list; an unknown one gets `invalid_message` with the value quoted."""

    def __init__(self, *, invalid_message: str, **kwargs):
        self.invalid_message = invalid_message
        super().__init__(**kwargs)

    def validate(self, value):
        if value not in self.empty_values and not self.valid_value(value):
            raise ValidationError(self.invalid_message.format(value=_quoted(value)), code="invalid_choice")


class SlugsChoiceField(forms.MultipleChoiceField):
    """Several values from a list; the unknown ones are named in the error."""

    def __init__(self, *, invalid_message: str, **kwargs):
        self.invalid_message = invalid_message
        super().__init__(**kwargs)

    def validate(self, value):
        unknown = [item for item in dict.fromkeys(value) if not self.valid_value(item)]
        if unknown:
            names = " or ".join(_quoted(item) for item in unknown[:3])
            raise ValidationError(self.invalid_message.format(value=names), code="invalid_choice")


class ChoiceListMixin:
    """Rows whose foreign key is one of the chosen slugs' rows, looked up in the cached choice lists."""

    def __init__(self, *args, choice_list: str, **kwargs):
        self.choice_list = choice_list
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        slugs = value if isinstance(value, list) else [value] if value else []
        if not slugs:
            return queryset
        return queryset.filter(**{f"{self.field_name}__in": self.parent.pks(self.choice_list, slugs)})


class SlugFilter(ChoiceListMixin, django_filters.Filter):
    field_class = SlugChoiceField


class SlugsFilter(ChoiceListMixin, django_filters.Filter):
    field_class = SlugsChoiceField


class SearchFilter(django_filters.Filter):
    field_class = SearchField


class PoundsFilter(django_filters.Filter):
    field_class = PoundsField


class ExemplarFilter(django_filters.Filter):
    field_class = forms.BooleanField

    def filter(self, queryset, value):
        return queryset.filter(is_exemplar=True) if value else queryset


class SortFilter(django_filters.Filter):
    """Read through `sort_order` and applied by `sorted_qs()`; it never narrows the rows."""

    field_class = SlugChoiceField

    def filter(self, queryset, value):
        return queryset


def _checkboxes():
    return forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"})


@dataclass
class FilterTag:
    text: str
    href: str


@dataclass
class FilterCategory:
    name: str
    heading: str
    tags: list[FilterTag] = field(default_factory=list)


class JDFilterSet(django_filters.FilterSet):
    """Published JDs narrowed by the list's search and filters; `sort_order` gives their order."""

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
    min_salary = PoundsFilter(
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
        self._pks: dict[str, dict[str, int]] = {}
        self._labels: dict[str, dict[str, str]] = {}
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

    def pks(self, choice_list: str, slugs: list[str]) -> list[int]:
        return [self._pks[choice_list][slug] for slug in slugs if slug in self._pks[choice_list]]

    def filter_search(self, queryset, name, value):
        return full_text_search(queryset, value)

    @property
    def cleaned_data(self) -> dict:
        """The valid values only (an invalid filter is left out); empty for an unbound filter set."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return self.form.cleaned_data

    @property
    def sort_order(self) -> SortOrder:
        return SORT_ORDERS[self.cleaned_data.get("sort") or "newest"]

    def sorted_qs(self) -> QuerySet:
        return self.qs.order_by(*self.sort_order.ordering)

    def params(self, *, sort: bool = True) -> list[tuple[str, str]]:
        """The valid filters as (name, value) pairs in a fixed order: the normalised query."""
        data = self.cleaned_data
        pairs = []
        for name in FILTER_PARAMS:
            value = data.get(name)
            if value in (None, "", [], False):
                continue
            if value is True:
                value = "1"
            values = sorted(set(value)) if isinstance(value, list) else [value]
            pairs.extend((name, str(item)) for item in values)
        if sort and data.get("sort"):
            pairs.append(("sort", data["sort"]))
        return pairs

    def url(self, base: str, *, sort: bool = True, extra: tuple[tuple[str, str], ...] = ()) -> str:
        pairs = [*self.params(sort=sort), *extra]
        return f"{base}?{urlencode(pairs)}" if pairs else base

    def value_label(self, name: str, value: str) -> str:
        if name == "q":
            return _quoted(value)
        if name == "min_salary":
            return f"£{int(value):,} or more"
        if name == "exemplar":
            return "Exemplars only"
        return self._labels[name].get(value, value)

    def selected_filters(self, base: str) -> list[FilterCategory]:
        """The valid filters as removable tags: each links to the same search without that one value."""
        pairs = self.params()
        categories: dict[str, FilterCategory] = {}
        for index, (name, value) in enumerate(pairs):
            if name == "sort":
                continue
            heading = (
                "Search" if name == "q" else "Exemplar" if name == "exemplar" else self.filters[name].label
            )
            category = categories.setdefault(name, FilterCategory(name=name, heading=heading))
            remaining = pairs[:index] + pairs[index + 1 :]
            href = f"{base}?{urlencode(remaining)}" if remaining else base
            category.tags.append(FilterTag(text=self.value_label(name, value), href=href))
        return list(categories.values())


def _grouped(roles: tuple[FilterChoice, ...]) -> list:
    """Roles for a select: "Any role", then one option group per role family."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for role in roles:
        groups.setdefault(role.group, []).append((role.slug, role.label))
    return [("", "Any role"), *((family, options) for family, options in groups.items())]
