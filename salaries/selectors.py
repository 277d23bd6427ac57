"""Reads behind the salaries page: the benchmark tables with disclosure control applied, and where an
organisation's own pay sits against London's.

Computed tables are cached, keyed by the filters and by the *generation* of the disclosure plans they were
checked against. A generation is fresh for CACHE_SECONDS; then one request remakes the plans (a new
generation) while the others go on serving the old one, and every table is recomputed against the new
plans on its next request. A figure that disclosure control suppresses never enters the cache: a
suppressed cell is stored, and returned, as None.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import astuple, dataclass

from django.core.cache import cache

from capability.models import Level, Role, RoleFamily

from .disclosure import MIN_ORGANISATIONS, CellPlan, extreme_shown, read_plans
from .money import pounds
from .records import View
from .stats import Figures, figures_by_group

# Figures are remade from the database at least this often...
CACHE_SECONDS = 120
# ...and a stale generation is served for at most this long while one request remakes it.
STALE_SECONDS = 60
REMAKE_LOCK_SECONDS = 30
CATALOGUE_KEY = "salaries:catalogue:v1"
GENERATION_KEY = "salaries:generation:v2"
REMAKE_LOCK_KEY = "salaries:remaking:v1"


@dataclass(frozen=True)
class Choice:
    pk: int
    slug: str
    name: str
    parent: int = 0  # a role's family id


@dataclass(frozen=True)
class Catalogue:
    """Role families, roles and levels in display order, with lookups by slug and id."""

    families: tuple[Choice, ...]
    roles: tuple[Choice, ...]
    levels: tuple[Choice, ...]

    def family(self, pk: int) -> Choice:
        return self._by_pk("families")[pk]

    def role(self, pk: int) -> Choice:
        return self._by_pk("roles")[pk]

    def level(self, pk: int) -> Choice:
        return self._by_pk("levels")[pk]

    def by_slug(self, kind: str, slug: str) -> Choice | None:
        return next((choice for choice in getattr(self, kind) if choice.slug == slug), None)

    def knows(self, family_id: int, level_id: int, role_id: int | None = None) -> bool:
        return (
            family_id in self._by_pk("families")
            and level_id in self._by_pk("levels")
            and (role_id is None or role_id in self._by_pk("roles"))
        )

    def order(self, kind: str) -> dict[int, int]:
        return {choice.pk: index for index, choice in enumerate(getattr(self, kind))}

    def _by_pk(self, kind: str) -> dict[int, Choice]:
        cache_name = f"_{kind}_by_pk"
        if cache_name not in self.__dict__:
            object.__setattr__(self, cache_name, {choice.pk: choice for choice in getattr(self, kind)})
        return self.__dict__[cache_name]


def catalogue() -> Catalogue:
    """The roles table, cached for five minutes (three small queries when cold)."""
    data = cache.get(CATALOGUE_KEY)
    if data is None:
        data = (
            list(RoleFamily.objects.values_list("pk", "slug", "name")),
            list(Role.objects.order_by("family__position", "family__name", "name").values_list(
                "pk", "slug", "name", "family_id"
            )),
            list(Level.objects.values_list("pk", "slug", "name")),
        )  # fmt: skip
        cache.set(CATALOGUE_KEY, data, 300)
    families, roles, levels = data
    return Catalogue(
        families=tuple(Choice(*row) for row in families),
        roles=tuple(Choice(*row) for row in roles),
        levels=tuple(Choice(*row) for row in levels),
    )


@dataclass(frozen=True)
class Published:
    """The figures of a cell that disclosure control lets through; `minimum` and `maximum` are None when
    fewer than 3 organisations advertised exactly that salary (they are withheld)."""

    organisations: int
    records: int
    minimum: float | None
    lower_quartile: float
    median: float
    upper_quartile: float
    maximum: float | None

    @classmethod
    def of(cls, figures: Figures) -> Published:
        return cls(
            organisations=figures.organisations,
            records=figures.records,
            minimum=figures.minimum if extreme_shown(figures.organisations_at_minimum) else None,
            lower_quartile=figures.lower_quartile,
            median=figures.median,
            upper_quartile=figures.upper_quartile,
            maximum=figures.maximum if extreme_shown(figures.organisations_at_maximum) else None,
        )


@dataclass(frozen=True)
class Row:
    """One line of a benchmark table: a family (or one of its roles) at a level. `figures` is None when
    the cell has records but not enough data to show them."""

    family: Choice
    level: Choice
    role: Choice | None
    figures: Published | None

    @property
    def anchor(self) -> str:
        if self.role is not None:
            return f"benchmark-{self.role.slug}-{self.level.slug}"
        return f"benchmark-{self.family.slug}-{self.level.slug}"

    @property
    def suppressed(self) -> bool:
        return self.figures is None

    @property
    def cells(self) -> list[str] | None:
        """The seven figures as the page writes them (None when suppressed)."""
        figures = self.figures
        if figures is None:
            return None
        return [
            str(figures.organisations),
            str(figures.records),
            pounds(figures.minimum) if figures.minimum is not None else "Withheld",
            pounds(figures.lower_quartile),
            pounds(figures.median),
            pounds(figures.upper_quartile),
            pounds(figures.maximum) if figures.maximum is not None else "Withheld",
        ]


def _current_generation() -> str | None:
    """The generation to read tables under, or None when this request is to remake the plans.

    Past its CACHE_SECONDS the generation is stale: the first request to notice takes a short lock and
    remakes the plans, and until it has, the others keep serving the stale generation's tables (stale
    while revalidate) rather than all remaking them at once.
    """
    entry = cache.get(GENERATION_KEY)
    if entry is None:
        return None
    generation, fresh_until = entry
    if time.time() < fresh_until:
        return generation
    if cache.add(REMAKE_LOCK_KEY, True, REMAKE_LOCK_SECONDS):
        return None
    return generation


def _stored_plans(generation: str) -> dict | None:
    data = cache.get(f"salaries:plans:{generation}")
    if data is None:
        return None
    return {cell: CellPlan.from_data(plan) if plan is not None else None for cell, plan in data.items()}


def _remade_plans() -> tuple[str, dict]:
    """Plans read afresh from the database under a new generation, which becomes the current one."""
    plans = read_plans()
    generation = secrets.token_hex(8)
    cache.set_many(
        {
            f"salaries:plans:{generation}": {
                cell: plan.as_data() if plan is not None else None for cell, plan in plans.items()
            },
            GENERATION_KEY: (generation, time.time() + CACHE_SECONDS),
        },
        CACHE_SECONDS + STALE_SECONDS,
    )
    cache.delete(REMAKE_LOCK_KEY)
    return generation, plans


def _table_key(generation: str, view: View, grouping: str, family_id: int | None) -> str:
    digest = hashlib.sha256(f"{view.key}|{grouping}|{family_id or ''}".encode()).hexdigest()[:24]
    return f"salaries:table:{generation}:{digest}"


def published_table(view: View, *, grouping: str, family_id: int | None = None) -> dict[tuple, tuple | None]:
    """{group key: published figures as a tuple, or None when suppressed} for the view's records.

    Cached; when cold: the plans (two queries, when they too have expired) and the figures (one query on
    Postgres, one a source elsewhere).
    """
    generation = _current_generation()
    plans = None
    if generation is not None:
        table = cache.get(_table_key(generation, view, grouping, family_id))
        if table is not None:
            return table
        plans = _stored_plans(generation)
    if plans is None:
        generation, plans = _remade_plans()
    table = {}
    for key, figures in figures_by_group(view, grouping=grouping, family_id=family_id).items():
        plan = plans.get((key[0], key[1]))
        role_id = key[2] if grouping == "role" else None
        published = (
            plan is not None and figures.organisations >= MIN_ORGANISATIONS and plan.publishes(view, role_id)
        )
        table[key] = astuple(Published.of(figures)) if published else None
    cache.set(_table_key(generation, view, grouping, family_id), table, CACHE_SECONDS + STALE_SECONDS)
    return table


def _rows(table: dict, names: Catalogue, *, with_role: bool) -> list[Row]:
    family_order, level_order, role_order = (
        names.order("families"),
        names.order("levels"),
        names.order("roles"),
    )
    rows = []
    for key, figures in table.items():
        family_id, level_id = key[0], key[1]
        role_id = key[2] if with_role else None
        if not names.knows(family_id, level_id, role_id):
            continue  # added to the roles table since the catalogue was cached: shown within 5 minutes
        rows.append(
            Row(
                family=names.family(family_id),
                level=names.level(level_id),
                role=names.role(role_id) if role_id is not None else None,
                figures=Published(*figures) if figures is not None else None,
            )
        )
    rows.sort(
        key=lambda row: (
            family_order[row.family.pk],
            role_order[row.role.pk] if row.role else -1,
            level_order[row.level.pk],
        )
    )
    return rows


def family_rows(view: View, names: Catalogue, *, family_id: int | None = None) -> list[Row]:
    """One row per role family and level with records in the view (one family's levels if given)."""
    table = published_table(view, grouping="family", family_id=family_id)
    return _rows(table, names, with_role=False)


def role_rows(view: View, names: Catalogue, *, family_id: int) -> list[Row]:
    """One row per role and level of the family with records in the view."""
    return _rows(published_table(view, grouping="role", family_id=family_id), names, with_role=True)


# Where an organisation's median sits against London's quartiles, lowest first.
POSITIONS = (
    "Below the lower quartile",
    "At the lower quartile",
    "Between the lower quartile and the median",
    "At the median",
    "Between the median and the upper quartile",
    "At the upper quartile",
    "Above the upper quartile",
)


def position_against(value: float, london: Published) -> str:
    """Which of POSITIONS `value` falls in, comparing to the penny."""
    value = round(value, 2)
    marks = [round(london.lower_quartile, 2), round(london.median, 2), round(london.upper_quartile, 2)]
    for index, mark in enumerate(marks):
        if value < mark:
            return POSITIONS[2 * index]
        if value == mark:
            return POSITIONS[2 * index + 1]
    return POSITIONS[-1]


@dataclass(frozen=True)
class Position:
    """An organisation's own records for a role and level (in full: they are its own) against London."""

    role: Choice
    family: Choice
    level: Choice
    records: int
    median: float
    london: Published | None
    london_scope: str  # "role" when compared with the role, "family" with the whole family, "" with nothing
    position: str

    @property
    def benchmark_anchor(self) -> str:
        return f"benchmark-{self.role.slug}-{self.level.slug}"


def organisation_positions(view: View, organisation_id: int, names: Catalogue) -> list[Position]:
    """For each role and level the organisation advertised in the view's source, years and weighting:
    its own median against all London's quartiles (still under disclosure control). Where London's figures
    for the role are not shown, the whole family's at that level are used when they are."""
    london_view = view.across_london()
    own = figures_by_group(london_view, grouping="role", organisation_id=organisation_id)
    london_roles = published_table(london_view, grouping="role")
    london_families = published_table(london_view, grouping="family")
    positions = []
    for key, figures in own.items():
        family_id, level_id, role_id = key
        if not names.knows(family_id, level_id, role_id):
            continue
        london, scope = london_roles.get(key), "role"
        if london is None:
            london, scope = london_families.get((family_id, level_id)), "family"
        london = Published(*london) if london is not None else None
        positions.append(
            Position(
                role=names.role(role_id),
                family=names.family(family_id),
                level=names.level(level_id),
                records=figures.records,
                median=figures.median,
                london=london,
                london_scope=scope if london is not None else "",
                position=position_against(figures.median, london) if london is not None else "",
            )
        )
    role_order, level_order = names.order("roles"), names.order("levels")
    positions.sort(key=lambda position: (role_order[position.role.pk], level_order[position.level.pk]))
    return positions
