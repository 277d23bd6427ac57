"""Full-text search shared by jobs and the JD library.

On Postgres a model's table gets a generated `search_vector` column (title weighted above the rest of its
`search_document`), always current because Postgres computes it on every write, with a GIN index. The
column is outside the Django model, added by `add_search_vector` in a migration. SQLite falls back to
matching every word in `search_document`.
"""

from django.db import connection, migrations
from django.db.models import BooleanField, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL

MAX_QUERY_LENGTH = 200


def normalise_query(query: str) -> str:
    return " ".join(query.split())[:MAX_QUERY_LENGTH]


def full_text_search(queryset: QuerySet, query: str) -> QuerySet:
    """Rows matching `query` (web-search syntax on Postgres: words, "phrases", -exclusions, or)."""
    query = normalise_query(query)
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
        if word and not word.startswith("-") and word.lower() != "or":
            condition &= Q(search_document__icontains=word)
    return queryset.filter(condition)


def matching_each(queryset: QuerySet, queries: list[str]) -> dict[str, set]:
    """For each of `queries`, the primary keys of the rows of `queryset` it matches, as full_text_search
    would match them: on Postgres in one statement for all of them, elsewhere one query each."""
    queries = list(dict.fromkeys(queries))
    found: dict[str, set] = {query: set() for query in queries}
    if connection.vendor != "postgresql":
        for query in queries:
            found[query] = set(full_text_search(queryset, query).values_list("pk", flat=True))
        return found
    normalised = [normalise_query(query) for query in queries]
    rows = queryset.values_list("pk", flat=True)
    table, key = queryset.model._meta.db_table, queryset.model._meta.pk.column
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT s.position, t.{key} FROM unnest(%s::text[]) WITH ORDINALITY AS s(query, position) "
            f"JOIN {table} t ON t.search_vector @@ websearch_to_tsquery('english', s.query) "
            f"WHERE s.query <> '' AND t.{key} IN ({sql})",
            [normalised, *params],
        )
        for position, pk in cursor.fetchall():
            found[queries[position - 1]].add(pk)
    for query, text in zip(queries, normalised, strict=True):
        if not text:
            found[query] = set(rows)
    return found


def rank_expression(queryset: QuerySet, query: str) -> RawSQL | None:
    """Relevance, for ordering by best match (Postgres only; None elsewhere)."""
    query = normalise_query(query)
    if connection.vendor != "postgresql" or not query:
        return None
    table = queryset.model._meta.db_table
    return RawSQL(
        f"ts_rank_cd({table}.search_vector, websearch_to_tsquery('english', %s))", [query], FloatField()
    )


def add_search_vector(table: str) -> migrations.RunPython:
    """A migration operation adding the generated search_vector column and its GIN index on Postgres."""
    forward_sql = f"""
        ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('english', coalesce(title, '')), 'A')
            || setweight(to_tsvector('english', coalesce(search_document, '')), 'B')
        ) STORED;
        CREATE INDEX {table}_search_vector ON {table} USING GIN (search_vector);
    """
    backward_sql = f"""
        DROP INDEX IF EXISTS {table}_search_vector;
        ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector;
    """

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(forward_sql)

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(backward_sql)

    return migrations.RunPython(forward, backward)
