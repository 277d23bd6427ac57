"""Settings for worker processes that integration tests start: the test settings, but tasks go through
the broker (to the test's own queue) and mail goes to the test's local SMTP server."""

from loti_portal.settings.test import *  # noqa: F403
from loti_portal.settings.test import env

CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = env("TEST_CELERY_QUEUE", default="celery")
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = env.int("TEST_SMTP_PORT", default=1025)
EMAIL_HOST_USER = ""
EMAIL_HOST_PASSWORD = ""
EMAIL_USE_TLS = False
EMAIL_USE_SSL = False
EMAIL_TIMEOUT = 10
