"""Full-text search on Postgres: a generated tsvector column (always current) with a GIN index.

The column is Postgres-only and outside the model; SQLite falls back to plain text matching on
search_document (see jobs/filters.py).
"""

from django.db import migrations

FORWARD = """
ALTER TABLE jobs_job ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', coalesce(title, '')), 'A')
    || setweight(to_tsvector('english', coalesce(search_document, '')), 'B')
) STORED;
CREATE INDEX jobs_job_search_vector ON jobs_job USING GIN (search_vector);
"""
BACKWARD = """
DROP INDEX IF EXISTS jobs_job_search_vector;
ALTER TABLE jobs_job DROP COLUMN IF EXISTS search_vector;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
