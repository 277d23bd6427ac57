"""The Postgres path: one query groups the records and takes the quartiles with percentile_cont."""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet

from .figures import GROUPINGS, Figures

# The records of every source the view takes, as one relation. Each part is the ORM's own SQL for its
# queryset (filters, joins and parameters as Django writes them); only the grouping is written here.
# The window gives each record its group's extremes, so that one pass can count the organisations there.
FIGURES_SQL = """
SELECT {keys},
       count(DISTINCT b_org),
       count(*),
       min(b_mid),
       percentile_cont(0.25) WITHIN GROUP (ORDER BY b_mid),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY b_mid),
       percentile_cont(0.75) WITHIN GROUP (ORDER BY b_mid),
       max(b_mid),
       count(DISTINCT b_org) FILTER (WHERE b_mid = group_min),
       count(DISTINCT b_org) FILTER (WHERE b_mid = group_max)
FROM (
    SELECT records.*,
           min(b_mid) OVER (PARTITION BY {keys}) AS group_min,
           max(b_mid) OVER (PARTITION BY {keys}) AS group_max
    FROM ({records}) AS records
) AS grouped
GROUP BY {keys}
"""


def figures_by_group_sql(querysets: list[QuerySet], grouping: str) -> dict[tuple[int, ...], Figures]:
    keys = GROUPINGS[grouping]
    parts, params = [], []
    for queryset in querysets:
        sql, part_params = queryset.query.sql_with_params()
        parts.append(f"({sql})")
        params.extend(part_params)
    sql = FIGURES_SQL.format(keys=", ".join(keys), records=" UNION ALL ".join(parts))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    width = len(keys)
    return {
        tuple(row[:width]): Figures(
            organisations=row[width],
            records=row[width + 1],
            minimum=float(row[width + 2]),
            lower_quartile=float(row[width + 3]),
            median=float(row[width + 4]),
            upper_quartile=float(row[width + 5]),
            maximum=float(row[width + 6]),
            organisations_at_minimum=row[width + 7],
            organisations_at_maximum=row[width + 8],
        )
        for row in rows
    }
