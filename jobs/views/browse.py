"""The public jobs list: search, filters, sort, a capped result count and keyset pages."""

from datetime import timedelta

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..alerts.filters import ALERT_PARAMS
from ..filters import JobFilterSet
from ..page_cache import cached_page
from ..pagination import keyset_page
from ..selectors import count_capped

CLOSING_SOON = timedelta(days=3)


@require_GET
def job_list(request):
    return cached_page(request, lambda: _render_list(request))


def _render_list(request):
    filterset = JobFilterSet(request.GET)
    order = filterset.sort_order
    count = count_capped(filterset.qs, key=filterset.params(sort=False))
    page = keyset_page(
        filterset.sortable_qs().with_related(),
        keys=order.keys,
        sort=order.name,
        cursor=request.GET.get("cursor"),
        few_rows=not count.more,
    )
    soon = timezone.now() + CLOSING_SOON
    for job in page.rows:
        job.closing_soon = job.closes_at <= soon

    base = reverse("jobs:list")
    previous_url = None
    if page.previous_cursor:
        previous_url = filterset.url(base, extra=(("cursor", page.previous_cursor),))
    elif page.has_previous:
        previous_url = filterset.url(base)
    page_errors = []
    if page.cursor_refused:
        page_errors.append("The link to that page of results was not valid, so the first page is shown")
    return render(
        request,
        "jobs/list.html",
        {
            "filterset": filterset,
            "form": filterset.form,
            "order": order,
            "count": count,
            "page": page,
            "page_errors": page_errors,
            "selected_filters": filterset.selected_filters(base),
            "clear_url": base,
            "next_url": filterset.url(base, extra=(("cursor", page.next_cursor),))
            if page.next_cursor
            else None,
            "previous_url": previous_url,
            "rss_url": filterset.url(reverse("jobs:feed-rss"), sort=False),
            "atom_url": filterset.url(reverse("jobs:feed-atom"), sort=False),
            "alert_query": [
                (name, value) for name, value in filterset.params(sort=False) if name in ALERT_PARAMS
            ],
        },
    )
