"""The pure-Python path: the same figures as the Postgres query, from the records read once."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db.models import QuerySet

from ..records import RECORD_COLUMNS
from .figures import GROUPINGS, Figures


def percentile_cont(ordered: Sequence[float], fraction: float) -> float:
    """Postgres's percentile_cont: the value at `fraction` of the way through `ordered` (sorted, not
    empty), interpolating linearly between the two records either side of that position."""
    position = fraction * (len(ordered) - 1)
    first = math.floor(position)
    second = math.ceil(position)
    low, high = ordered[first], ordered[second]
    # The same arithmetic as Postgres (lo + proportion * (hi - lo)), so both paths agree to the bit.
    return low + (position - first) * (high - low)


def figures_of(records: Iterable[tuple[int, float]]) -> Figures:
    """Figures of (organisation id, midpoint) records; there must be at least one."""
    records = sorted(records, key=lambda record: record[1])
    midpoints = [midpoint for _organisation, midpoint in records]
    minimum, maximum = midpoints[0], midpoints[-1]
    return Figures(
        organisations=len({organisation for organisation, _midpoint in records}),
        records=len(records),
        minimum=minimum,
        lower_quartile=percentile_cont(midpoints, 0.25),
        median=percentile_cont(midpoints, 0.5),
        upper_quartile=percentile_cont(midpoints, 0.75),
        maximum=maximum,
        organisations_at_minimum=len({org for org, midpoint in records if midpoint == minimum}),
        organisations_at_maximum=len({org for org, midpoint in records if midpoint == maximum}),
    )


def figures_by_group_python(querysets: list[QuerySet], grouping: str) -> dict[tuple[int, ...], Figures]:
    keys = [RECORD_COLUMNS.index(column) for column in GROUPINGS[grouping]]
    organisation, midpoint = RECORD_COLUMNS.index("b_org"), RECORD_COLUMNS.index("b_mid")
    groups: dict[tuple[int, ...], list[tuple[int, float]]] = defaultdict(list)
    for queryset in querysets:
        for row in queryset.values_list(*RECORD_COLUMNS):
            groups[tuple(row[i] for i in keys)].append((row[organisation], float(row[midpoint])))
    return {key: figures_of(records) for key, records in groups.items()}
