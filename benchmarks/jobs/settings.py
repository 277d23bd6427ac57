"""Production settings for the jobs benchmark, with the minimal reference view added to the URLs.

Everything else is loti_portal.settings.production, switched by the environment that run.py sets: DEBUG
off, plain http on loopback (DJANGO_SECURE_SSL_REDIRECT=false, DJANGO_ALLOWED_HOSTS=127.0.0.1), static files
collected into a folder of the benchmark's own so the checkout's staticfiles/ is left alone.
"""

from loti_portal.settings.production import *  # noqa: F403
from loti_portal.settings.production import env

ROOT_URLCONF = "benchmarks.jobs.urls"
STATIC_ROOT = env.path("BENCH_STATIC_ROOT")
