from __future__ import annotations

from dataclasses import dataclass

# The record columns each grouping groups by (see records.RECORD_COLUMNS).
GROUPINGS = {
    "family": ("b_family", "b_level"),
    "role": ("b_family", "b_level", "b_role"),
}


@dataclass(frozen=True)
class Figures:
    """What one group of records pays, in pounds a year (midpoints of advertised ranges).

    `organisations_at_minimum` and `organisations_at_maximum` count the distinct organisations whose
    records sit exactly at the lowest and the highest figure: the extremes are single adverts, shown only
    when enough organisations share them.
    """

    organisations: int
    records: int
    minimum: float
    lower_quartile: float
    median: float
    upper_quartile: float
    maximum: float
    organisations_at_minimum: int
    organisations_at_maximum: int

    def as_tuple(self) -> tuple:
        return (
            self.organisations, self.records, self.minimum, self.lower_quartile, self.median,
            self.upper_quartile, self.maximum, self.organisations_at_minimum, self.organisations_at_maximum,
        )  # fmt: skip
