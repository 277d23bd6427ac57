"""Test settings: fast hashing, mail in the outbox, eager tasks unless a test starts a worker."""

import os

from .base import *  # noqa: F403
from .base import env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
CELERY_TASK_ALWAYS_EAGER = True
# The cache is per process in tests so that rate limits never leak between tests through Redis.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Services the tests may reach; settings stay embedded unless they are given.
TEST_REDIS_URL = env("CELERY_BROKER_URL", default="")
# Browser tests drive Playwright's sync API beside the ORM in one process.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
