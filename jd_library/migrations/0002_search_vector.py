"""Full-text search on Postgres: a generated tsvector column with a GIN index (see loti_portal.search)."""

from django.db import migrations

from loti_portal.search import add_search_vector


class Migration(migrations.Migration):
    dependencies = [("jd_library", "0001_initial")]

    operations = [add_search_vector("jd_library_jobdescription")]
