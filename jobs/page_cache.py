"""Whole-page caching of the public jobs list for visitors who are not signed in.

Most list traffic is anonymous and asks the same few searches, and rendering a results page with its
filter panel costs far more than serving one (benchmarks/jobs). A page is cached under its query string
and the jobs' latest change (one MAX over an indexed column), so any write to any job serves fresh pages
at once; pages also expire after PAGE_TTL, which covers jobs passing their closing time. The alert box's
CSRF token is swapped for the visitor's own on every hit.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

from .models import Job

PAGE_TTL = 60
TOKEN_MARK = "\x00csrf-token\x00"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _cacheable(request: HttpRequest) -> bool:
    # No session or messages cookie: nobody signed in, no message waiting, nothing personal on the page.
    return not any(name in request.COOKIES for name in (settings.SESSION_COOKIE_NAME, "messages"))


def _key(request: HttpRequest) -> str:
    latest = Job.objects.aggregate(latest=Max("updated_at"))["latest"]
    query = "&".join(sorted(request.GET.urlencode().split("&")))
    digest = hashlib.sha256(f"{request.path}?{query}|{latest}".encode()).hexdigest()
    return f"jobs:list-page:{digest}"


def cached_page(request: HttpRequest, render: Callable[[], HttpResponse]) -> HttpResponse:
    """The rendered list page, from the cache when an anonymous visitor asks for a page already rendered."""
    if not _cacheable(request):
        return render()
    key = _key(request)
    html = cache.get(key)
    if html is None:
        response = render()
        if response.status_code == 200:
            marked = CSRF_INPUT.sub(
                f'name="csrfmiddlewaretoken" value="{TOKEN_MARK}"', response.content.decode()
            )
            cache.set(key, marked, PAGE_TTL)
        return response
    return HttpResponse(html.replace(TOKEN_MARK, get_token(request)))
