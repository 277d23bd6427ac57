"""The records a salary benchmark is built from: advertised jobs and published JDs of London's councils.

A record is one job or one JD. Its salary is the midpoint of its advertised range, (min + max) / 2, a year.
Jobs count once advertised (published, closed, expired or archived: drafts, submitted and rejected jobs
never do), dated by the year they were published in London; JDs count while published, dated by the year
they were advertised. Only organisations with an inner or outer London area count (the 32 boroughs and the
City of London), so that inner and outer London together are exactly all of London.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.db import models
from django.db.models import F, FloatField, QuerySet, Value
from django.db.models.functions import Cast, ExtractYear

from jd_library.models import JobDescription
from jobs.models import Job

ADVERTISED_JOB_STATUSES = (
    Job.Status.PUBLISHED,
    Job.Status.CLOSED,
    Job.Status.EXPIRED,
    Job.Status.ARCHIVED,
)
LONDON_AREAS = ("inner", "outer")
FIRST_YEAR = 2000
LAST_YEAR = 2100


class Source(models.TextChoices):
    BOTH = "both", "Jobs and job descriptions"
    JOBS = "jobs", "Jobs only"
    JDS = "jds", "Job descriptions only"


class Area(models.TextChoices):
    ALL = "all", "All London"
    INNER = "inner", "Inner London"
    OUTER = "outer", "Outer London"


class Weighting(models.TextChoices):
    EITHER = "either", "Included or not"
    INCLUDED = "included", "Included"
    NOT_INCLUDED = "not-included", "Not included"


# An atom is the finest set of records the filters can tell apart within one role family and level:
# (role id, source, area, London weighting included, year). Every view is a union of atoms.
Atom = tuple[int, str, str, bool, int]


@dataclass(frozen=True)
class View:
    """A choice of records by the page's filters: source, area, London weighting and a range of years."""

    source: str = Source.BOTH
    area: str = Area.ALL
    weighting: str = Weighting.EITHER
    from_year: int | None = None
    to_year: int | None = None

    @property
    def key(self) -> str:
        return f"{self.source}/{self.area}/{self.weighting}/{self.from_year or ''}-{self.to_year or ''}"

    def across_london(self) -> View:
        return replace(self, area=Area.ALL)

    def admits(self, atom: Atom) -> bool:
        """Does this view include the records of `atom`? (The role is chosen by the row, not the view.)"""
        _role, source, area, weighted, year = atom
        if self.source != Source.BOTH and source != self.source:
            return False
        if self.area != Area.ALL and area != self.area:
            return False
        if self.weighting != Weighting.EITHER and weighted != (self.weighting == Weighting.INCLUDED):
            return False
        if self.from_year is not None and year < self.from_year:
            return False
        return not (self.to_year is not None and year > self.to_year)


RECORD_COLUMNS = ("b_family", "b_level", "b_role", "b_org", "b_mid")


def _midpoint():
    return Cast(F("salary_min") + F("salary_max"), FloatField()) / Value(2.0)


def advertised_jobs() -> QuerySet[Job]:
    return Job.objects.filter(
        status__in=ADVERTISED_JOB_STATUSES,
        published_at__isnull=False,
        organisation__area__in=LONDON_AREAS,
    )


def published_jds() -> QuerySet[JobDescription]:
    return JobDescription.objects.filter(
        status=JobDescription.Status.PUBLISHED, organisation__area__in=LONDON_AREAS
    )


def _narrow(queryset, view: View, *, year_lookup: str, family_id, organisation_id):
    if view.area != Area.ALL:
        queryset = queryset.filter(organisation__area=view.area)
    if view.weighting != Weighting.EITHER:
        queryset = queryset.filter(london_weighting_included=view.weighting == Weighting.INCLUDED)
    if view.from_year is not None:
        queryset = queryset.filter(**{f"{year_lookup}__gte": view.from_year})
    if view.to_year is not None:
        queryset = queryset.filter(**{f"{year_lookup}__lte": view.to_year})
    if family_id is not None:
        queryset = queryset.filter(role__family_id=family_id)
    if organisation_id is not None:
        queryset = queryset.filter(organisation_id=organisation_id)
    return queryset.order_by().values(
        b_family=F("role__family_id"),
        b_level=F("level_id"),
        b_role=F("role_id"),
        b_org=F("organisation_id"),
        b_mid=_midpoint(),
    )


def record_querysets(
    view: View, *, family_id: int | None = None, organisation_id: int | None = None
) -> list[QuerySet]:
    """One values() queryset per source the view takes, each with the columns RECORD_COLUMNS."""
    querysets = []
    if view.source in (Source.BOTH, Source.JOBS):
        querysets.append(
            _narrow(
                advertised_jobs(),
                view,
                year_lookup="published_at__year",
                family_id=family_id,
                organisation_id=organisation_id,
            )
        )
    if view.source in (Source.BOTH, Source.JDS):
        querysets.append(
            _narrow(
                published_jds(),
                view,
                year_lookup="year_advertised",
                family_id=family_id,
                organisation_id=organisation_id,
            )
        )
    return querysets


ATOM_COLUMNS = (
    "role__family_id",
    "level_id",
    "role_id",
    "a_source",
    "organisation__area",
    "london_weighting_included",
)


def atom_querysets() -> list[QuerySet]:
    """Every (family, level, role, source, area, weighting, year, organisation) that has a record.

    Two queries (one a source), whatever the filters: the disclosure plan is made from these.
    """
    jobs = (
        advertised_jobs()
        .annotate(a_year=ExtractYear("published_at"), a_source=Value(Source.JOBS.value))
        .order_by()
        .values_list(*ATOM_COLUMNS, "a_year", "organisation_id")
        .distinct()
    )
    jds = (
        published_jds()
        .annotate(a_source=Value(Source.JDS.value))
        .order_by()
        .values_list(*ATOM_COLUMNS, "year_advertised", "organisation_id")
        .distinct()
    )
    return [jobs, jds]
