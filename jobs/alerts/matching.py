"""The weekly run's matching: every due alert against the week's new jobs in one pass.

Each due alert gets the open jobs published in its window (after its last digest, or the 7 days before
the run for a first one, and never more than 28 days back) that its filters select, exactly as the jobs
list would select them. Alerts are grouped: first by their distinct filters (filter_key), then by window
start, so 100,000 alerts with tens of thousands of distinct searches cost that many matches, not 100,000.

The week's new jobs are read once, newest first, and numbered: job n is bit n of a bitset (a Python int).
Each filter value (a borough, a role family, a level, a contract type, ...) gets the bitset of the jobs
that have it, each minimum salary and closing period the bitset of the jobs that meet it, and each
distinct search the bitset of the jobs the list's full-text search finds (one statement for all searches
on Postgres). An alert's filters are then a few ANDs and ORs of bitsets, its window a mask of the newest
jobs, its count a bit count and its newest 50 the 50 lowest bits. The work grows with the distinct
filters, not with alerts times jobs, and is the same on every database.

An alert whose stored filter no longer exists (a borough or role family removed) is skipped with the
reason: it is never matched with the missing value dropped, which would send jobs it did not ask for.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Min

from loti_portal.search import matching_each

from ..models import AlertSubscription, Job
from .filters import FilterSpec, Lookups, UnreadableFilter, missing_values, spec_of

logger = logging.getLogger(__name__)

MAX_JOBS = 50
FIRST_WINDOW = timedelta(days=7)
MAX_LOOKBACK = timedelta(days=28)


@dataclass
class GroupMatch:
    job_ids: list[int]
    total: int


@dataclass
class MatchResult:
    """What the run needs: which alerts get which jobs, which are skipped and why, and counts."""

    run_at: datetime
    # (subscription id, group number) for every due alert whose filters could be used.
    due: list[tuple[int, int]] = field(default_factory=list)
    # subscription id -> why it was skipped.
    skipped: dict[int, str] = field(default_factory=dict)
    # group number -> the newest jobs and how many matched, for groups with at least one job.
    matches: dict[int, GroupMatch] = field(default_factory=dict)
    new_job_count: int = 0
    filter_count: int = 0
    group_count: int = 0
    seconds: float = 0.0

    def deliveries(self):
        """(subscription id, GroupMatch) for each due alert with something to send."""
        for subscription_id, group_no in self.due:
            match = self.matches.get(group_no)
            if match is not None:
                yield subscription_id, match


def window_start(last_digest_at: datetime | None, run_at: datetime) -> datetime:
    start = last_digest_at if last_digest_at is not None else run_at - FIRST_WINDOW
    return max(start, run_at - MAX_LOOKBACK)


def due_subscriptions(run_at: datetime):
    """Active alerts confirmed by the run's time whose window the run has not covered yet."""
    return (
        AlertSubscription.objects.filter(status=AlertSubscription.Status.ACTIVE, confirmed_at__lte=run_at)
        .exclude(email="")
        .exclude(last_digest_at__gte=run_at)
    )


def match_subscriptions(*, run_at: datetime, now: datetime) -> MatchResult:
    """Match every due alert with the new jobs of its window, open at `now`. Reads only; writes nothing."""
    started = time.monotonic()
    result = MatchResult(run_at=run_at)
    due = list(due_subscriptions(run_at).values_list("id", "filter_key", "last_digest_at"))
    if not due:
        result.seconds = time.monotonic() - started
        return result
    representatives = (
        due_subscriptions(run_at)
        .values("filter_key")
        .annotate(first=Min("id"))
        .values_list("first", flat=True)
    )
    queries = dict(
        AlertSubscription.objects.filter(pk__in=representatives).values_list("filter_key", "query")
    )

    lookups = Lookups.load()
    filter_numbers: dict[str, int] = {}
    broken: dict[str, str] = {}
    specs: list[FilterSpec] = []
    for key, query in queries.items():
        try:
            spec = spec_of(query)
        except UnreadableFilter as error:
            broken[key] = f"its filters could not be read ({error})"
            continue
        missing = missing_values(spec, lookups)
        if missing:
            broken[key] = "its filters name a " + ", a ".join(missing) + " that no longer exists"
            continue
        filter_numbers[key] = len(specs)
        specs.append(spec)

    groups: dict[tuple[int, datetime], int] = {}
    for subscription_id, key, last_digest_at in due:
        if key in broken:
            result.skipped[subscription_id] = broken[key]
            continue
        group = (filter_numbers[key], window_start(last_digest_at, run_at))
        group_no = groups.setdefault(group, len(groups))
        result.due.append((subscription_id, group_no))
    for key, reason in broken.items():
        logger.warning("job alerts: skipping alerts with filters %s: %s", key[:12], reason)

    result.filter_count, result.group_count = len(specs), len(groups)
    if groups:
        earliest = min(since for _, since in groups)
        jobs = NewJobs.load(earliest=earliest, run_at=run_at, now=now, lookups=lookups, specs=specs)
        result.new_job_count = len(jobs.ids)
        selected = [jobs.select(spec) for spec in specs]
        for (filter_no, since), group_no in groups.items():
            found = selected[filter_no] & jobs.published_after(since)
            if found:
                result.matches[group_no] = GroupMatch(job_ids=jobs.newest(found), total=found.bit_count())
    result.seconds = time.monotonic() - started
    return result


class NewJobs:
    """The jobs any window can hold (published in it and still open, as the list shows them), newest
    first: job n of `ids` is bit n of every bitset, so the newest jobs are the lowest bits."""

    def __init__(self, rows: list[tuple], *, now: datetime, lookups: Lookups, searched: dict[str, set[int]]):
        self.now = now
        self.lookups = lookups
        self.ids = [row[0] for row in rows]
        self._published = [row[-1] for row in rows]
        self._rows = rows
        self.all = (1 << len(rows)) - 1
        # (dimension, value) -> the jobs that have that value.
        self._by_value: dict[tuple[int, object], int] = defaultdict(int)
        for bit, (_, *values) in enumerate(rows):
            for dimension, value in enumerate(values[:6]):
                self._by_value[dimension, value] |= 1 << bit
        bit_of = {pk: bit for bit, pk in enumerate(self.ids)}
        self._searched = {
            query: sum(1 << bit_of[pk] for pk in found if pk in bit_of) for query, found in searched.items()
        }
        self._cache: dict[tuple, int] = {}

    @classmethod
    def load(
        cls, *, earliest: datetime, run_at: datetime, now: datetime, lookups: Lookups, specs: list[FilterSpec]
    ) -> NewJobs:
        window = Job.objects.published().filter(
            published_at__isnull=False, published_at__gt=earliest, published_at__lte=run_at, closes_at__gt=now
        )
        rows = list(
            window.order_by("-published_at", "-id").values_list(
                "id", "organisation_id", "role__family_id", "level_id", "contract_type", "working_pattern",
                "workplace", "salary_max", "closes_at", "published_at",
            )
        )  # fmt: skip
        searches = sorted({spec.q for spec in specs if spec.q})
        searched = matching_each(window, searches) if searches else {}
        return cls(rows, now=now, lookups=lookups, searched=searched)

    @staticmethod
    def _bits(flags) -> int:
        """The bitset of the true ones among `flags` (in job order)."""
        return int("".join("1" if flag else "0" for flag in flags)[::-1] or "0", 2)

    def _any_of(self, dimension: int, values: tuple) -> int:
        if not values:
            return self.all
        found = 0
        for value in values:
            found |= self._by_value.get((dimension, value), 0)
        return found

    def _cached(self, key: tuple, compute) -> int:
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = compute()
        return found

    def select(self, spec: FilterSpec) -> int:
        """The jobs `spec` selects, as the jobs list's filters would."""
        lookups = self.lookups
        found = (
            self._any_of(0, tuple(lookups.organisations[slug] for slug in spec.organisations))
            & self._any_of(1, tuple(lookups.role_families[slug] for slug in spec.role_families))
            & self._any_of(2, tuple(lookups.levels[slug] for slug in spec.levels))
            & self._any_of(3, spec.contract_types)
            & self._any_of(4, spec.working_patterns)
            & self._any_of(5, spec.workplaces)
        )
        if found and spec.min_salary is not None:
            found &= self._cached(
                ("salary", spec.min_salary),
                lambda: self._bits(row[7] is not None and row[7] >= spec.min_salary for row in self._rows),
            )
        if found and spec.closing_days is not None:
            limit = self.now + timedelta(days=spec.closing_days)
            found &= self._cached(
                ("closing", spec.closing_days), lambda: self._bits(row[8] <= limit for row in self._rows)
            )
        if found and spec.q:
            found &= self._searched[spec.q]
        return found

    def published_after(self, since: datetime) -> int:
        """The jobs published after `since`: the newest ones, so the lowest bits."""
        return self._cached(
            ("since", since), lambda: self.all >> sum(1 for at in self._published if at <= since)
        )

    def newest(self, found: int) -> list[int]:
        """The ids of the newest MAX_JOBS jobs in `found`."""
        ids = []
        while found and len(ids) < MAX_JOBS:
            lowest = found & -found
            ids.append(self.ids[lowest.bit_length() - 1])
            found ^= lowest
        return ids
