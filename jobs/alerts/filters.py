"""What an alert's filters mean: the jobs list's own filters (JobFilterSet), stored as its normalised query.

"Date posted" and the sort order are left out: each digest has the jobs posted since the last one, newest
first. Everything else means exactly what it means on the list.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.http import QueryDict
from django.urls import reverse

from accounts.models import Organisation
from capability.models import Level, RoleFamily

from ..filters import JOB_FILTER_PARAMS, JobFilterSet
from ..models import Job

ALERT_PARAMS = tuple(name for name in JOB_FILTER_PARAMS if name != "posted_within")
NO_FILTERS = "All new jobs"


def query_dict(query: list) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in query:
        data.appendlist(name, value)
    return data


def filterset_for(query: list) -> JobFilterSet:
    return JobFilterSet(query_dict(query))


@dataclass
class NormalisedFilters:
    query: list[list[str]]
    filterset: JobFilterSet

    @property
    def errors(self) -> list[str]:
        """Messages for the filters that cannot be used (an unknown borough, a bad salary)."""
        form = self.filterset.form
        form.is_valid()
        return [str(error) for name in ALERT_PARAMS for error in form.errors.get(name, [])]


def normalise(data) -> NormalisedFilters:
    """The alert filters in `data` (the list's URL or a form's QueryDict), normalised as the list does."""
    filterset = JobFilterSet(data)
    query = [[name, value] for name, value in filterset.params(sort=False) if name in ALERT_PARAMS]
    return NormalisedFilters(query=query, filterset=filterset)


def filter_key(query: list) -> str:
    return hashlib.sha256(json.dumps(query, separators=(",", ":")).encode()).hexdigest()


def hidden_fields(query: list) -> list[tuple[str, str]]:
    """The (name, value) pairs to carry the filters in a form's hidden inputs."""
    return [(name, value) for name, value in query]


def describe(query: list) -> str:
    """The filters in words ("Borough: Hackney, Camden; Minimum salary: £45,000 or more")."""
    if not query:
        return NO_FILTERS
    return filterset_for(query).describe() or NO_FILTERS


def _encoded(query: list) -> str:
    return urlencode([(name, value) for name, value in query])


def list_path(query: list) -> str:
    base = reverse("jobs:list")
    return f"{base}?{_encoded(query)}" if query else base


def subscribe_path(query: list) -> str:
    base = reverse("alerts:subscribe")
    return f"{base}?{_encoded(query)}" if query else base


def list_url(query: list) -> str:
    """The jobs list with these filters, newest first, as an absolute link for emails."""
    return f"{settings.SITE_URL}{reverse('jobs:list')}?{_encoded([*query, ('sort', 'newest')])}"


@dataclass(frozen=True)
class FilterSpec:
    """An alert's filters taken apart, as the matcher reads them (empty tuples mean "any")."""

    organisations: tuple[str, ...] = ()
    role_families: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    contract_types: tuple[str, ...] = ()
    working_patterns: tuple[str, ...] = ()
    workplaces: tuple[str, ...] = ()
    q: str | None = None
    min_salary: int | None = None
    closing_days: int | None = None


_LISTS = {
    "organisation": "organisations",
    "role_family": "role_families",
    "level": "levels",
    "contract_type": "contract_types",
    "working_pattern": "working_patterns",
    "workplace": "workplaces",
}


class UnreadableFilter(ValueError):
    """A stored filter that is not one of the list's filters, or not in its form."""


def spec_of(query: list) -> FilterSpec:
    lists: dict[str, list[str]] = {name: [] for name in _LISTS.values()}
    single: dict[str, object] = {}
    for pair in query:
        if not (isinstance(pair, list | tuple) and len(pair) == 2):
            raise UnreadableFilter(f"not a filter: {pair!r}")
        name, value = pair
        value = str(value)
        if name in _LISTS:
            lists[_LISTS[name]].append(value)
        elif name == "q":
            single["q"] = value
        elif name in ("min_salary", "closing_within"):
            try:
                number = int(value)
            except ValueError as error:
                raise UnreadableFilter(f"{name}={value!r}") from error
            single["min_salary" if name == "min_salary" else "closing_days"] = number
        else:
            raise UnreadableFilter(f"unknown filter {name!r}")
    return FilterSpec(**{name: tuple(values) for name, values in lists.items()}, **single)


@dataclass
class Lookups:
    """The slugs the filters can name, with their ids, read once per run (one query each)."""

    organisations: dict[str, int]
    role_families: dict[str, int]
    levels: dict[str, int]

    @classmethod
    def load(cls) -> Lookups:
        return cls(
            organisations=dict(Organisation.objects.values_list("slug", "pk")),
            role_families=dict(RoleFamily.objects.values_list("slug", "pk")),
            levels=dict(Level.objects.values_list("slug", "pk")),
        )

    @classmethod
    def for_spec(cls, spec: FilterSpec) -> Lookups:
        """Only the slugs `spec` names: no query for a dimension it leaves open."""

        def named(model, slugs):
            return dict(model.objects.filter(slug__in=slugs).values_list("slug", "pk")) if slugs else {}

        return cls(
            organisations=named(Organisation, spec.organisations),
            role_families=named(RoleFamily, spec.role_families),
            levels=named(Level, spec.levels),
        )


CHOICES = {
    "contract_types": {value for value, _ in Job.ContractType.choices},
    "working_patterns": {value for value, _ in Job.WorkingPattern.choices},
    "workplaces": {value for value, _ in Job.Workplace.choices},
}
LABELS = {
    "organisations": "borough",
    "role_families": "role family",
    "levels": "level",
    "contract_types": "contract type",
    "working_patterns": "working pattern",
    "workplaces": "workplace",
}


def missing_values(spec: FilterSpec, lookups: Lookups) -> list[str]:
    """The filter values that no longer exist, in words ("borough 'old-borough'"); empty when all do."""
    missing = []
    for attribute in ("organisations", "role_families", "levels"):
        known = getattr(lookups, attribute)
        missing += [
            f"{LABELS[attribute]} \u2018{slug}\u2019"
            for slug in getattr(spec, attribute)
            if slug not in known
        ]
    for attribute, known in CHOICES.items():
        missing += [
            f"{LABELS[attribute]} \u2018{value}\u2019"
            for value in getattr(spec, attribute)
            if value not in known
        ]
    if spec.closing_days is not None and spec.closing_days not in (1, 7, 14):
        missing.append(f"closing date within {spec.closing_days} days")
    return missing


def problems_of(query: list) -> list[str]:
    """Why an alert's stored filters cannot be used as they are (empty when they can)."""
    try:
        spec = spec_of(query)
    except UnreadableFilter as error:
        return [str(error)]
    return missing_values(spec, Lookups.for_spec(spec))
