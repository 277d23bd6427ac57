"""Disclosure control: which views of a role family and level may be published, so that no figure built
from fewer than 3 organisations can be read off the page or worked out from several of its pages.

Primary rule: a group of records from fewer than MIN_ORGANISATIONS organisations is not shown.

Secondary rule (against differencing): the page's filters cut a family-and-level cell along five
dimensions: role (the drill-down), area, source, London weighting and year (the date range). Each cell
gets a *plan*: the dimensions along which it may be split. Starting from none, each dimension in
PRIORITY is added when, with it and those already added, every part of the cell (every block of records
sharing the same values on the added dimensions) has records from at least MIN_ORGANISATIONS
organisations. A view of the cell (a page's filters, and a role for a drill-down row) is published only
when its records are a union of whole blocks. Any two published views then differ by whole blocks, and so
by records from at least 3 organisations or none: subtracting one from another (all London minus inner
London, both sources minus jobs, 2020 to 2025 minus 2020 to 2024, a family minus its published roles)
only ever gives figures of 3 or more organisations. Adding, subtracting or combining any number of
published views does no better, because every view is made of the same blocks.

Extremes: a lowest or highest salary is one advert; it is shown only when at least MIN_ORGANISATIONS
organisations advertised exactly that salary (see `extreme_shown`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .records import Atom, View, atom_querysets

MIN_ORGANISATIONS = 3
# Dimensions in the order they are offered: a role drill-down first, then inner and outer London, the
# source, London weighting and last a range of years.
PRIORITY = ("role", "area", "source", "weighting", "year")
# Where each dimension sits in an atom (role id, source, area, weighting, year).
ATOM_POSITION = {"role": 0, "source": 1, "area": 2, "weighting": 3, "year": 4}

Cell = tuple[int, int]  # (role family id, level id)


@dataclass(frozen=True)
class CellPlan:
    """How one family-and-level cell may be split: `dimensions`, and its records' atoms grouped into the
    blocks those dimensions make (each block from at least MIN_ORGANISATIONS organisations)."""

    dimensions: tuple[str, ...]
    blocks: tuple[tuple[Atom, ...], ...]

    def publishes(self, view: View, role_id: int | None = None) -> bool:
        """May the cell's records under `view` (and only `role_id`'s, for a drill-down row) be shown?

        Yes when they are one or more whole blocks: every block lies wholly inside the view or wholly
        outside it. A view with no records at all publishes nothing.
        """
        inside_any = False
        for block in self.blocks:
            inside = [view.admits(atom) and (role_id is None or atom[0] == role_id) for atom in block]
            if any(inside):
                if not all(inside):
                    return False
                inside_any = True
        return inside_any

    def as_data(self) -> tuple:
        return (self.dimensions, self.blocks)

    @classmethod
    def from_data(cls, data: tuple) -> CellPlan:
        dimensions, blocks = data
        return cls(tuple(dimensions), tuple(tuple(tuple(atom) for atom in block) for block in blocks))


def _blocks(atoms: dict[Atom, frozenset[int]], dimensions: tuple[str, ...]) -> list[tuple[list, set]]:
    positions = [ATOM_POSITION[dimension] for dimension in dimensions]
    blocks: dict[tuple, tuple[list, set]] = {}
    for atom, organisations in atoms.items():
        atoms_in_block, organisations_in_block = blocks.setdefault(
            tuple(atom[p] for p in positions), ([], set())
        )
        atoms_in_block.append(atom)
        organisations_in_block.update(organisations)
    return list(blocks.values())


def _enough(blocks) -> bool:
    return all(len(organisations) >= MIN_ORGANISATIONS for _atoms, organisations in blocks)


def plan_cell(atoms: dict[Atom, frozenset[int]]) -> CellPlan | None:
    """The plan for one cell from its atoms and their organisations; None when the whole cell has
    records from fewer than MIN_ORGANISATIONS organisations (nothing of it can be shown)."""
    if not atoms or not _enough(_blocks(atoms, ())):
        return None
    dimensions: tuple[str, ...] = ()
    for dimension in PRIORITY:
        if _enough(_blocks(atoms, (*dimensions, dimension))):
            dimensions = (*dimensions, dimension)
    blocks = _blocks(atoms, dimensions)
    return CellPlan(
        dimensions=dimensions,
        blocks=tuple(tuple(sorted(atoms_in_block)) for atoms_in_block, _organisations in blocks),
    )


def plan_cells(rows: Iterable[tuple]) -> dict[Cell, CellPlan | None]:
    """Plans for every cell from (family, level, role, source, area, weighting, year, organisation) rows."""
    cells: dict[Cell, dict[Atom, set[int]]] = defaultdict(lambda: defaultdict(set))
    for family, level, role, source, area, weighted, year, organisation in rows:
        cells[(family, level)][(role, source, area, bool(weighted), int(year))].add(organisation)
    return {
        cell: plan_cell({atom: frozenset(orgs) for atom, orgs in atoms.items()})
        for cell, atoms in cells.items()
    }


def read_plans() -> dict[Cell, CellPlan | None]:
    """Plans for every cell from the database: two queries, whatever the number of records."""
    rows = []
    for queryset in atom_querysets():
        rows.extend(queryset)
    return plan_cells(rows)


def extreme_shown(organisations_at_extreme: int) -> bool:
    """A lowest or highest salary is shown only when that many organisations advertised exactly it."""
    return organisations_at_extreme >= MIN_ORGANISATIONS
