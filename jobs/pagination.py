"""Keyset (seek) pagination: every page costs what the first does, because no page uses OFFSET.

A page link carries a cursor: the sort key values of the last row shown (for "Next") or of the first
(for "Previous"), signed so that it cannot be forged. A tampered or malformed cursor is refused and the
first page is shown instead; a cursor made for another sort order is ignored the same way, silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core import signing
from django.db.models import F, Func, Q, QuerySet
from django.db.models.expressions import OrderBy

PER_PAGE = 20
CURSOR_SALT = "jobs.pagination.cursor"
MAX_PAGE_NUMBER = 1_000_000


@dataclass(frozen=True)
class SortKey:
    field: str
    descending: bool = False

    def ordering(self, *, reverse: bool = False, sorted_in_memory: bool = False) -> str | OrderBy:
        """ORDER BY term; `sorted_in_memory` hides the column behind COALESCE(col, col) so that no index
        can supply the order and the database sorts the matching rows instead."""
        descending = self.descending != reverse
        if not sorted_in_memory:
            return f"-{self.field}" if descending else self.field
        expression = Func(F(self.field), F(self.field), function="COALESCE")
        return expression.desc() if descending else expression.asc()


@dataclass(frozen=True)
class Cursor:
    sort: str
    values: tuple
    backwards: bool
    number: int


class InvalidCursor(ValueError):
    """The cursor was not made by this site, or not for these keys."""


@dataclass
class KeysetPage:
    rows: list
    number: int
    next_cursor: str | None
    has_previous: bool
    # None with has_previous means that the previous page is the first: link to it without a cursor.
    previous_cursor: str | None
    cursor_refused: bool = False


def _dump(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(f"cannot put {type(value).__name__} in a cursor")
    return value


def _load(raw: Any) -> Any:
    if isinstance(raw, dict) and set(raw) == {"datetime"} and isinstance(raw["datetime"], str):
        moment = datetime.fromisoformat(raw["datetime"])
        if moment.tzinfo is None:
            raise InvalidCursor("naive datetime")
        return moment
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise InvalidCursor("bad value")
    return raw


def encode_cursor(*, sort: str, values: Sequence, backwards: bool, number: int) -> str:
    payload = {"s": sort, "v": [_dump(value) for value in values], "b": backwards, "n": number}
    return signing.dumps(payload, salt=CURSOR_SALT)


def decode_cursor(token: str, *, keys: Sequence[SortKey]) -> Cursor:
    """The cursor in `token`; raises InvalidCursor when it is forged, damaged or not for `keys`."""
    try:
        payload = signing.loads(token, salt=CURSOR_SALT)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError) as error:
        raise InvalidCursor("bad signature") from error
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), str):
        raise InvalidCursor("bad payload")
    values, backwards, number = payload.get("v"), payload.get("b"), payload.get("n")
    if not isinstance(values, list) or len(values) != len(keys) or not isinstance(backwards, bool):
        raise InvalidCursor("bad payload")
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= MAX_PAGE_NUMBER:
        raise InvalidCursor("bad page number")
    try:
        loaded = tuple(_load(value) for value in values)
    except ValueError as error:
        raise InvalidCursor("bad value") from error
    return Cursor(sort=payload["s"], values=loaded, backwards=backwards, number=number)


def _beyond(keys: Sequence[SortKey], values: Sequence, *, reverse: bool) -> Q:
    """Rows strictly after `values` in the order of `keys` (strictly before it, with `reverse`).

    For (a desc, id desc): a <= x AND (a < x OR (a = x AND id < y)). The first, redundant bound lets the
    database walk its index on (a, id) from the right place.
    """
    key, value = keys[0], values[0]
    comparison = "lt" if key.descending != reverse else "gt"
    strictly = Q(**{f"{key.field}__{comparison}": value})
    if len(keys) == 1:
        return strictly
    bound = Q(**{f"{key.field}__{comparison}e": value})
    tied = Q(**{key.field: value}) & _beyond(keys[1:], values[1:], reverse=reverse)
    return bound & (strictly | tied)


def keyset_page(
    queryset: QuerySet,
    *,
    keys: Sequence[SortKey],
    sort: str,
    cursor: str | None,
    per_page: int = PER_PAGE,
    few_rows: bool = False,
) -> KeysetPage:
    """One page of `queryset` in the order of `keys` (the last key must be unique, like the id).

    One query per page, whatever its depth: the cursor's values bound the rows read. Pass `few_rows`
    when the caller knows that few rows match (a count under its cap): the database then sorts them
    rather than walk an index in order, which a rare search term can turn into a scan of every job.
    """
    refused = False
    position = None
    if cursor:
        try:
            position = decode_cursor(cursor, keys=keys)
        except InvalidCursor:
            refused = True
        else:
            if position.sort != sort:
                position = None

    forwards = [key.ordering(sorted_in_memory=few_rows) for key in keys]
    if position is None:
        rows = list(queryset.order_by(*forwards)[: per_page + 1])
        return _page(rows[:per_page], keys, sort, number=1, more_after=len(rows) > per_page, refused=refused)

    if not position.backwards:
        rows = list(
            queryset.filter(_beyond(keys, position.values, reverse=False)).order_by(*forwards)[: per_page + 1]
        )
        return _page(
            rows[:per_page],
            keys,
            sort,
            number=max(position.number, 2),
            more_after=len(rows) > per_page,
            more_before=True,
            anchor=position.values,
        )

    backwards = [key.ordering(reverse=True, sorted_in_memory=few_rows) for key in keys]
    rows = list(
        queryset.filter(_beyond(keys, position.values, reverse=True)).order_by(*backwards)[: per_page + 1]
    )
    more_before = len(rows) > per_page
    rows = rows[:per_page][::-1]
    if not more_before and len(rows) < per_page:
        # Rows before the cursor went away: the first page is the honest answer.
        rows = list(queryset.order_by(*forwards)[: per_page + 1])
        return _page(rows[:per_page], keys, sort, number=1, more_after=len(rows) > per_page)
    number = max(position.number, 2) if more_before else 1
    return _page(
        rows, keys, sort, number=number, more_after=True, more_before=more_before, anchor=position.values
    )


def _page(
    rows: list,
    keys: Sequence[SortKey],
    sort: str,
    *,
    number: int,
    more_after: bool,
    more_before: bool = False,
    anchor: Sequence | None = None,
    refused: bool = False,
) -> KeysetPage:
    def values_of(row) -> list:
        return [getattr(row, key.field) for key in keys]

    next_cursor = None
    if more_after and rows:
        next_cursor = encode_cursor(sort=sort, values=values_of(rows[-1]), backwards=False, number=number + 1)
    previous_cursor = None
    if more_before and number > 2:
        first = values_of(rows[0]) if rows else list(anchor or [])
        previous_cursor = encode_cursor(sort=sort, values=first, backwards=True, number=number - 1)
    return KeysetPage(
        rows=rows,
        number=number,
        next_cursor=next_cursor,
        has_previous=more_before,
        previous_cursor=previous_cursor,
        cursor_refused=refused,
    )
