"""Salary figures for groups of records: counts, extremes and quartiles, computed in the database.

On Postgres one query groups the records and takes percentile_cont(0.25, 0.5, 0.75) WITHIN GROUP; on any
other database the records are read once and the same figures are computed in Python (`python.py`), with
percentile_cont's definition (linear interpolation between the two nearest records). Both paths return
{group key: Figures}; tests run both on the same data and compare.
"""

from __future__ import annotations

from django.db import connection

from ..records import View, record_querysets
from .figures import GROUPINGS, Figures
from .postgres import figures_by_group_sql
from .python import figures_by_group_python

__all__ = ["GROUPINGS", "Figures", "figures_by_group"]


def figures_by_group(
    view: View,
    *,
    grouping: str,
    family_id: int | None = None,
    organisation_id: int | None = None,
    engine: str | None = None,
) -> dict[tuple[int, ...], Figures]:
    """Figures of the view's records, grouped by `grouping` ("family": (family, level); "role": (family,
    level, role)), optionally only one family's or one organisation's records.

    One query on Postgres, one a source elsewhere, whatever the number of records. `engine` ("postgres"
    or "python") forces a path; by default Postgres uses SQL and other databases Python.
    """
    querysets = record_querysets(view, family_id=family_id, organisation_id=organisation_id)
    engine = engine or ("postgres" if connection.vendor == "postgresql" else "python")
    if engine == "postgres":
        return figures_by_group_sql(querysets, grouping)
    return figures_by_group_python(querysets, grouping)
