"""Full-text search over jobs (see loti_portal.search for how it works on Postgres and SQLite)."""

from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from loti_portal.search import full_text_search
from loti_portal.search import rank_expression as _rank_expression

from .models import Job


def search_jobs(queryset: QuerySet, query: str) -> QuerySet:
    return full_text_search(queryset, query)


def rank_expression(query: str) -> RawSQL | None:
    return _rank_expression(Job.objects.all(), query)
