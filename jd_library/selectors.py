"""Public reads of the JD library: the list's filter choices, a JD's page, others like it and comparisons.

Published JDs are the same for everyone, so what is read here may be cached. Who may see an unpublished
JD is decided in accounts.access; the views ask it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import CharField, Exists, IntegerField, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Coalesce, NullIf

from accounts.models import Organisation
from capability.models import Level, Role, RoleFamily

from .models import JobDescription

FILTER_CHOICES_CACHE_KEY = "jd_library:filter-choices:v1"
FILTER_CHOICES_TIMEOUT = 300
COMPARE_MAX = 4


@dataclass(frozen=True)
class FilterChoice:
    slug: str
    label: str
    pk: int
    # The role family's name, for a role; empty for the other lists.
    group: str = ""


@dataclass(frozen=True)
class FilterChoices:
    organisations: tuple[FilterChoice, ...]
    role_families: tuple[FilterChoice, ...]
    roles: tuple[FilterChoice, ...]
    levels: tuple[FilterChoice, ...]
    years: tuple[FilterChoice, ...]


def published_jds() -> QuerySet[JobDescription]:
    """The library as the public sees it: published JDs with their organisation, role and level."""
    return JobDescription.objects.published().with_related()


def filter_choices() -> FilterChoices:
    """What the list can be filtered by, cached for five minutes: boroughs (and any other organisation
    with a published JD), role families, roles, levels, and the years published JDs were advertised in.

    The five lists come from one UNION query, so a cold cache costs one query and a warm one none.
    """
    rows = cache.get(FILTER_CHOICES_CACHE_KEY)
    if not isinstance(rows, list):
        rows = _filter_choice_rows()
        cache.set(FILTER_CHOICES_CACHE_KEY, rows, FILTER_CHOICES_TIMEOUT)
    groups: tuple[list[FilterChoice], ...] = ([], [], [], [], [])
    for group, label, slug, pk, parent in rows:
        groups[group].append(FilterChoice(slug=slug, label=label, pk=pk, group=parent))
    return FilterChoices(*(tuple(group) for group in groups))


def _filter_choice_rows() -> list[tuple[int, str, str, int, str]]:
    """(list, label, slug, pk, group) rows: plain data, so that the cache holds no pickled classes."""

    def columns(queryset, number: int, *, position, label, slug, pk, parent=None):
        return (
            queryset.annotate(
                choice_list=Value(number, output_field=IntegerField()),
                choice_position=position,
                choice_label=label,
                choice_slug=slug,
                choice_pk=pk,
                choice_parent=parent if parent is not None else Value("", output_field=CharField()),
            )
            .order_by()
            .values_list(
                "choice_list", "choice_position", "choice_label", "choice_slug", "choice_pk", "choice_parent"
            )
        )

    zero = Value(0, output_field=IntegerField())
    has_published_jd = Exists(JobDescription.objects.published().filter(organisation=OuterRef("pk")))
    organisations = columns(
        Organisation.objects.filter(
            Q(kind__in=[Organisation.Kind.BOROUGH, Organisation.Kind.CITY]) | Q(has_published_jd)
        ),
        0,
        position=zero,
        label=Coalesce(NullIf("short_name", Value("")), "name"),
        slug=Coalesce("slug", Value("")),
        pk=Coalesce("pk", zero),
    )
    families = columns(
        RoleFamily.objects.all(),
        1,
        position=Coalesce("position", zero),
        label=Coalesce("name", Value("")),
        slug=Coalesce("slug", Value("")),
        pk=Coalesce("pk", zero),
    )
    roles = columns(
        Role.objects.all(),
        2,
        position=Coalesce("family__position", zero),
        label=Coalesce("name", Value("")),
        slug=Coalesce("slug", Value("")),
        pk=Coalesce("pk", zero),
        parent=Coalesce("family__name", Value("")),
    )
    levels = columns(
        Level.objects.all(),
        3,
        position=Coalesce("rank", zero),
        label=Coalesce("name", Value("")),
        slug=Coalesce("slug", Value("")),
        pk=Coalesce("pk", zero),
    )
    years = columns(
        JobDescription.objects.published().values("year_advertised").distinct(),
        4,
        position=-Coalesce("year_advertised", zero),
        label=Cast("year_advertised", CharField()),
        slug=Cast("year_advertised", CharField()),
        pk=Coalesce("year_advertised", zero),
    )
    rows = organisations.union(families, roles, levels, years, all=True).order_by(
        "choice_list", "choice_position", "choice_label"
    )
    return [(number, label, slug, pk, parent) for number, _position, label, slug, pk, parent in rows]


def jd_for_page(pk: int) -> JobDescription | None:
    """The JD with `pk` in any state, with its organisation, role and level (the view decides who sees it)."""
    return JobDescription.objects.with_related().filter(pk=pk).first()


def other_jds_for_role(jd: JobDescription, *, limit: int = COMPARE_MAX - 1) -> list[int]:
    """Ids of up to `limit` other published JDs of the same role, exemplars first, then the newest."""
    return list(
        JobDescription.objects.published()
        .filter(role_id=jd.role_id)
        .exclude(pk=jd.pk)
        .order_by("-is_exemplar", "-published_at", "-id")
        .values_list("pk", flat=True)[:limit]
    )


def published_jds_by_id(ids: Iterable[int]) -> dict[int, JobDescription]:
    """The published JDs among `ids`, keyed by id (unknown and unpublished ids are missing)."""
    return {jd.pk: jd for jd in published_jds().filter(pk__in=list(ids))}
