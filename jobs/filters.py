"""The public jobs list's filters and sort orders, shared by the list page and the feeds.

A value that does not exist (an unknown borough, text for the minimum salary, an unknown choice) is a form
error naming the filter: that filter is left out and the others still apply, so no query string can fail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.db import connection
from django.db.models import FloatField, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from loti_portal.filters import (
    ListFilterSet,
    MinimumPoundsFilter,
    NamedChoiceFilter,
    NamedMultipleChoiceFilter,
    SearchField,
    SearchFilter,
    SlugsFilter,
)

from .models import Job
from .pagination import SortKey
from .search import rank_expression, search_jobs
from .selectors import filter_choices

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
JOB_FILTER_PARAMS = (
    "q", "organisation", "role_family", "level", "min_salary", "contract_type", "working_pattern",
    "workplace", "posted_within", "closing_within",
)  # fmt: skip


class JobFilterSet(ListFilterSet):
    """Visible jobs narrowed by the list's filters; `sort_order` and `sortable_qs()` give their order."""

    FILTER_PARAMS = JOB_FILTER_PARAMS

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
    min_salary = MinimumPoundsFilter(
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
        self._labels.update(
            {
                "contract_type": dict(Job.ContractType.choices),
                "working_pattern": dict(Job.WorkingPattern.choices),
                "workplace": dict(Job.Workplace.choices),
                "posted_within": dict(POSTED_WITHIN),
                "closing_within": dict(CLOSING_WITHIN),
            }
        )
        for name in ("organisation", "role_family", "level"):
            choice_list = self.filters[name].choice_list
            options = getattr(choices, choice_list)
            self.filters[name].extra["choices"] = [(option.slug, option.label) for option in options]
            self._pks[choice_list] = {option.slug: option.pk for option in options}
            self._labels[name] = {option.slug: option.label for option in options}

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
