"""GOV.UK pagination links for numbered pages; templates/includes/pagination.html shows them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: an ellipsis
    href: str = ""
    current: bool = False


@dataclass(frozen=True)
class Pagination:
    previous: str = ""
    next: str = ""
    items: list[PageLink] = field(default_factory=list)


def page_links(page, url_for: Callable[[int], str]) -> Pagination | None:
    """Previous and next, the first and last pages and those around the current one; None for one page."""
    if page.paginator.num_pages <= 1:
        return None
    last = page.paginator.num_pages
    shown = sorted({1, last, page.number - 1, page.number, page.number + 1} & set(range(1, last + 1)))
    items: list[PageLink] = []
    for number in shown:
        if items and items[-1].number is not None and number - items[-1].number > 1:
            items.append(PageLink(number=None))
        items.append(PageLink(number=number, href=url_for(number), current=number == page.number))
    return Pagination(
        previous=url_for(page.number - 1) if page.has_previous() else "",
        next=url_for(page.number + 1) if page.has_next() else "",
        items=items,
    )
