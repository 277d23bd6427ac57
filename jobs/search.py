"""Full-text search over jobs: Postgres's stored tsvector when there is one, plain matching otherwise."""

from django.db import connection
from django.db.models import BooleanField, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL

MAX_QUERY_LENGTH = 200


def search_jobs(queryset: QuerySet, query: str) -> QuerySet:
    """Jobs matching `query` (web-search syntax on Postgres: words, "phrases", -exclusions, or)."""
    query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        table = queryset.model._meta.db_table
        return queryset.alias(
            matches=RawSQL(
                f"{table}.search_vector @@ websearch_to_tsquery('english', %s)", [query], BooleanField()
            )
        ).filter(matches=True)
    condition = Q()
    for word in query.split():
        word = word.strip('"')
        if word and not word.startswith("-"):
            condition &= Q(search_document__icontains=word)
    return queryset.filter(condition)


def rank_expression(query: str) -> RawSQL | None:
    """Relevance for ordering by best match (Postgres only)."""
    if connection.vendor != "postgresql" or not query.strip():
        return None
    return RawSQL(
        "ts_rank_cd(jobs_job.search_vector, websearch_to_tsquery('english', %s))",
        [" ".join(query.split())[:MAX_QUERY_LENGTH]],
        FloatField(),
    )
