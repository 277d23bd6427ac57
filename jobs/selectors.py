"""Public reads for the jobs list, feeds and sitemap: the same for everyone, so they may be cached."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Exists, IntegerField, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf

from accounts.models import Organisation
from capability.models import Level, RoleFamily

from .models import Job

FILTER_CHOICES_CACHE_KEY = "jobs:filter-choices:v1"
FILTER_CHOICES_TIMEOUT = 300
COUNT_CAP = 1000
COUNT_TIMEOUT = 60


@dataclass(frozen=True)
class FilterChoice:
    slug: str
    label: str
    pk: int


@dataclass(frozen=True)
class FilterChoices:
    organisations: tuple[FilterChoice, ...]
    role_families: tuple[FilterChoice, ...]
    levels: tuple[FilterChoice, ...]


def filter_choices() -> FilterChoices:
    """The organisations, role families and levels jobs can be filtered by, cached for five minutes.

    Organisations are the boroughs and the City of London, plus any other organisation with a visible
    job. The three lists come from one UNION query, so a cold cache costs one query, a warm one none.
    """
    rows = cache.get(FILTER_CHOICES_CACHE_KEY)
    if not isinstance(rows, list):
        rows = _filter_choice_rows()
        cache.set(FILTER_CHOICES_CACHE_KEY, rows, FILTER_CHOICES_TIMEOUT)
    groups: tuple[list[FilterChoice], ...] = ([], [], [])
    for group, label, slug, pk in rows:
        groups[group].append(FilterChoice(slug=slug, label=label, pk=pk))
    return FilterChoices(*(tuple(group) for group in groups))


def _filter_choice_rows() -> list[tuple[int, str, str, int]]:
    """(group, label, slug, pk) rows, plain data so that the cache holds no pickled classes."""

    def columns(queryset, group: int, position, label):
        return (
            queryset.annotate(
                choice_group=Value(group, output_field=IntegerField()),
                choice_position=position,
                choice_label=label,
                choice_slug=Coalesce("slug", Value("")),
                choice_pk=Coalesce("pk", Value(0)),
            )
            .order_by()
            .values_list("choice_group", "choice_position", "choice_label", "choice_slug", "choice_pk")
        )

    has_visible_job = Exists(Job.objects.visible().filter(organisation=OuterRef("pk")))
    organisations = columns(
        Organisation.objects.filter(
            Q(kind__in=[Organisation.Kind.BOROUGH, Organisation.Kind.CITY]) | Q(has_visible_job)
        ),
        0,
        Value(0, output_field=IntegerField()),
        Coalesce(NullIf("short_name", Value("")), "name"),
    )
    families = columns(
        RoleFamily.objects.all(), 1, Coalesce("position", Value(0)), Coalesce("name", Value(""))
    )
    levels = columns(Level.objects.all(), 2, Coalesce("rank", Value(0)), Coalesce("name", Value("")))
    rows = organisations.union(families, levels, all=True).order_by(
        "choice_group", "choice_position", "choice_label"
    )
    return [(group, label, slug, pk) for group, _position, label, slug, pk in rows]


@dataclass(frozen=True)
class CappedCount:
    """How many rows match, counted up to COUNT_CAP: `more` says there are more than `figure`."""

    figure: int
    more: bool


def count_capped(queryset: QuerySet, *, key: list) -> CappedCount:
    """Count at most COUNT_CAP + 1 rows of `queryset`, cached for a minute under `key`.

    `key` must identify the rows fully (the normalised filters): the same key always means the same
    query. A full COUNT(*) over every open job would cost about half of a list request.
    """
    digest = hashlib.sha256(json.dumps(key, sort_keys=True, default=str).encode()).hexdigest()
    cache_key = f"jobs:count:{queryset.model._meta.label_lower}:{digest}"
    counted = cache.get(cache_key)
    if not isinstance(counted, int):
        counted = queryset.order_by().values("pk")[: COUNT_CAP + 1].count()
        cache.set(cache_key, counted, COUNT_TIMEOUT)
    return CappedCount(figure=min(counted, COUNT_CAP), more=counted > COUNT_CAP)


def jobs_for_sitemap() -> QuerySet:
    """Visible jobs with only what a sitemap entry needs (URL and last change)."""
    return Job.objects.visible().only("id", "title", "updated_at").order_by("id")
