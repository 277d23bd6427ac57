"""The public jobs list's filters and sort orders, shared by the list page and the feeds.

A value that does not exist (an unknown borough, text for the minimum salary, an unknown choice) is a form
error naming the filter: that filter is left out and the others still apply, so no query string can fail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import FloatField, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from loti_portal.search import MAX_QUERY_LENGTH

from .models import Job
from .pagination import SortKey
from .search import rank_expression, search_jobs
from .selectors import filter_choices

MAX_MIN_SALARY = 500_000
POSTED_WITHIN = [("1", "Last 24 hours"), ("7", "Last 7 days"), ("14", "Last 14 days"), ("30", "Last 30 days")]
CLOSING_WITHIN = [("1", "Next 24 hours"), ("7", "Next 7 days"), ("14", "Next 14 days")]
ANY_TIME = ("", "Any time")


@dataclass(frozen=True)
class SortOrder:
    name: str
    label: str
    keys: tuple[SortKey, ...]


SORT_ORDERS = {
    order.name: order
    for order in (
        SortOrder(
            "newest", "Newest", (SortKey("published_at", descending=True), SortKey("id", descending=True))
        ),
        SortOrder("closing", "Closing soonest", (SortKey("closes_at"), SortKey("id"))),
        SortOrder(
            "salary",
            "Highest salary",
            (SortKey("salary_max", descending=True), SortKey("id", descending=True)),
        ),
        # Ranking reads every match's search vector (about 100 ms for 7,000 matches), so it is offered
        # for searches on Postgres but never the default.
        SortOrder(
            "relevance", "Best match", (SortKey("rank", descending=True), SortKey("id", descending=True))
        ),
    )
}
# The parameters that select jobs, in the order they appear in URLs and selected-filter tags.
FILTER_PARAMS = (
    "q", "organisation", "role_family", "level", "min_salary", "contract_type", "working_pattern",
    "workplace", "posted_within", "closing_within",
)  # fmt: skip


def _quoted(value) -> str:
    text = " ".join(str(value).split())
    shown = f"{text[:40]}\u2026" if len(text) > 40 else text
    return f"\u2018{shown}\u2019"


# Characters XML 1.0 cannot carry (control characters, surrogates, U+FFFE and U+FFFF): the search text
# goes into feed titles as well as into the page.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class SearchField(forms.CharField):
    """Free text, tidied rather than refused: control characters dropped, spaces collapsed, length capped."""

    def to_python(self, value):
        value = super().to_python(value)
        return " ".join(NOT_XML.sub(" ", value).split())[:MAX_QUERY_LENGTH]


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


class NamedChoiceField(forms.ChoiceField):
    """One value from a list; an unknown value gets `invalid_message` with the value quoted."""

    def __init__(self, *, invalid_message: str, **kwargs):
        self.invalid_message = invalid_message
        super().__init__(**kwargs)

    def validate(self, value):
        if value not in self.empty_values and not self.valid_value(value):
            raise ValidationError(self.invalid_message.format(value=_quoted(value)), code="invalid_choice")


class NamedMultipleChoiceField(forms.MultipleChoiceField):
    """Several values from a list; the unknown ones are named in the error."""

    def __init__(self, *, invalid_message: str, **kwargs):
        self.invalid_message = invalid_message
        super().__init__(**kwargs)

    def validate(self, value):
        unknown = [item for item in dict.fromkeys(value) if not self.valid_value(item)]
        if unknown:
            names = " or ".join(_quoted(item) for item in unknown[:3])
            raise ValidationError(self.invalid_message.format(value=names), code="invalid_choice")


class SearchFilter(django_filters.Filter):
    field_class = SearchField


class PoundsFilter(django_filters.Filter):
    field_class = PoundsField


class NamedChoiceFilter(django_filters.Filter):
    field_class = NamedChoiceField


class NamedMultipleChoiceFilter(django_filters.Filter):
    field_class = NamedMultipleChoiceField


class SlugsFilter(NamedMultipleChoiceFilter):
    """Rows whose foreign key is one of the chosen slugs' rows, looked up in the cached choice lists."""

    def __init__(self, *args, choice_list: str, **kwargs):
        self.choice_list = choice_list
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.filter(**{f"{self.field_name}__in": self.parent.pks(self.choice_list, value)})


@dataclass
class FilterTag:
    text: str
    href: str


@dataclass
class FilterCategory:
    name: str
    heading: str
    tags: list[FilterTag] = field(default_factory=list)


class JobFilterSet(django_filters.FilterSet):
    """Visible jobs narrowed by the list's filters; `sort_order` and `sortable_qs()` give their order."""

    q = SearchFilter(label="Search", method="filter_search")
    organisation = SlugsFilter(
        label="Borough",
        choice_list="organisations",
        field_name="organisation_id",
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        invalid_message="There is no borough called {value}",
    )
    role_family = SlugsFilter(
        label="Role family",
        choice_list="role_families",
        field_name="role__family_id",
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        invalid_message="There is no role family called {value}",
    )
    level = SlugsFilter(
        label="Level",
        choice_list="levels",
        field_name="level_id",
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        invalid_message="There is no level called {value}",
    )
    min_salary = PoundsFilter(
        label="Minimum salary",
        field_name="salary_max",
        lookup_expr="gte",
        help_text="Jobs paying up to at least this much a year",
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "spellcheck": "false", "class": "govuk-input--width-10"}
        ),
    )
    contract_type = NamedMultipleChoiceFilter(
        label="Contract type",
        field_name="contract_type",
        lookup_expr="in",
        choices=Job.ContractType.choices,
        widget=forms.CheckboxSelectMultiple,
        invalid_message="There is no contract type called {value}",
    )
    working_pattern = NamedMultipleChoiceFilter(
        label="Working pattern",
        field_name="working_pattern",
        lookup_expr="in",
        choices=Job.WorkingPattern.choices,
        widget=forms.CheckboxSelectMultiple,
        invalid_message="There is no working pattern called {value}",
    )
    workplace = NamedMultipleChoiceFilter(
        label="Workplace",
        field_name="workplace",
        lookup_expr="in",
        choices=Job.Workplace.choices,
        widget=forms.CheckboxSelectMultiple,
        invalid_message="There is no workplace called {value}",
    )
    posted_within = NamedChoiceFilter(
        label="Date posted",
        method="filter_posted_within",
        choices=[ANY_TIME, *POSTED_WITHIN],
        widget=forms.RadioSelect,
        invalid_message="Date posted must be the last 24 hours, 7 days, 14 days or 30 days, not {value}",
    )
    closing_within = NamedChoiceFilter(
        label="Closing date",
        method="filter_closing_within",
        choices=[ANY_TIME, *CLOSING_WITHIN],
        widget=forms.RadioSelect,
        invalid_message="Closing date must be in the next 24 hours, 7 days or 14 days, not {value}",
    )
    sort = NamedChoiceFilter(
        label="Sort by",
        choices=[(order.name, order.label) for order in SORT_ORDERS.values()],
        invalid_message="There is no sort order called {value}",
    )

    def __init__(self, data=None, queryset=None, *, request=None):
        if queryset is None:
            queryset = Job.objects.visible().filter(published_at__isnull=False)
        super().__init__(data, queryset, request=request)
        choices = filter_choices()
        self._pks: dict[str, dict[str, int]] = {}
        self._labels: dict[str, dict[str, str]] = {
            "contract_type": dict(Job.ContractType.choices),
            "working_pattern": dict(Job.WorkingPattern.choices),
            "workplace": dict(Job.Workplace.choices),
            "posted_within": dict(POSTED_WITHIN),
            "closing_within": dict(CLOSING_WITHIN),
        }
        for name in ("organisation", "role_family", "level"):
            choice_list = self.filters[name].choice_list
            options = getattr(choices, choice_list)
            self.filters[name].extra["choices"] = [(option.slug, option.label) for option in options]
            self._pks[choice_list] = {option.slug: option.pk for option in options}
            self._labels[name] = {option.slug: option.label for option in options}

    def pks(self, choice_list: str, slugs: list[str]) -> list[int]:
        return [self._pks[choice_list][slug] for slug in slugs if slug in self._pks[choice_list]]

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            # "Best match" is offered only where it means something.
            offered = [
                order for order in SORT_ORDERS.values() if order.name != "relevance" or self.ranks_search
            ]
            form.fields["sort"].widget.choices = [(order.name, order.label) for order in offered]
        return self._form

    @property
    def ranks_search(self) -> bool:
        """Whether results can be ordered by relevance: a search on Postgres's full text."""
        if connection.vendor != "postgresql" or self.data is None:
            return False
        return bool(SearchField(required=False).clean(self.data.get("q", "")))

    def filter_queryset(self, queryset):
        # Sorting is not filtering: sortable_qs() applies it, after the count has been taken.
        for name, value in self.form.cleaned_data.items():
            if name != "sort":
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_search(self, queryset, name, value):
        return search_jobs(queryset, value)

    def filter_posted_within(self, queryset, name, value):
        return queryset.filter(published_at__gte=timezone.now() - timedelta(days=int(value)))

    def filter_closing_within(self, queryset, name, value):
        return queryset.filter(closes_at__lte=timezone.now() + timedelta(days=int(value)))

    @property
    def cleaned_data(self) -> dict:
        """The valid values only (an invalid filter is left out); empty for an unbound filter set."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return self.form.cleaned_data

    @property
    def sort_order(self) -> SortOrder:
        """The chosen order, or newest. Best match without a search on Postgres falls back to newest."""
        chosen = self.cleaned_data.get("sort") or "newest"
        if chosen == "relevance" and not self.ranks_search:
            chosen = "newest"
        return SORT_ORDERS[chosen]

    def sortable_qs(self) -> QuerySet:
        """The filtered jobs with the columns their sort order needs (the search rank for best match)."""
        queryset = self.qs
        if self.sort_order.name == "relevance":
            # ts_rank_cd gives a real; as double precision its value survives the trip through a cursor.
            queryset = queryset.annotate(rank=Cast(rank_expression(self.cleaned_data["q"]), FloatField()))
        return queryset

    def params(self, *, sort: bool = True) -> list[tuple[str, str]]:
        """The valid filters as (name, value) pairs in a fixed order: the normalised query."""
        data = self.cleaned_data
        pairs = []
        for name in FILTER_PARAMS:
            value = data.get(name)
            if value in (None, "", []):
                continue
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
        return self._labels[name].get(value, value)

    def selected_filters(self, base: str) -> list[FilterCategory]:
        """The valid filters as removable tags: each links to the same search without that one value."""
        pairs = self.params()
        categories: dict[str, FilterCategory] = {}
        for index, (name, value) in enumerate(pairs):
            if name == "sort":
                continue
            heading = "Search" if name == "q" else self.filters[name].label
            category = categories.setdefault(name, FilterCategory(name=name, heading=heading))
            remaining = pairs[:index] + pairs[index + 1 :]
            href = f"{base}?{urlencode(remaining)}" if remaining else base
            category.tags.append(FilterTag(text=self.value_label(name, value), href=href))
        return list(categories.values())

    def describe(self) -> str:
        """The filters in words, for feeds: "Borough: Hackney, Camden; Minimum salary: £45,000 or more"."""
        categories = self.selected_filters("")
        return "; ".join(
            f"{category.heading}: {', '.join(tag.text for tag in category.tags)}" for category in categories
        )
