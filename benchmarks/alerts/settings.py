"""Production settings for the alerts benchmark's Celery workers, as a deployed worker runs them.

Everything is loti_portal.settings.production, switched by the environment that run.py sets: the
benchmark's database, Redis as broker, EMAIL_URL pointing at the local SMTP sink, and a queue of the
benchmark's own so that no other worker on the broker takes its tasks.
"""

from loti_portal.settings.production import *  # noqa: F403
from loti_portal.settings.production import env

CELERY_TASK_DEFAULT_QUEUE = env("BENCH_CELERY_QUEUE", default="celery")
