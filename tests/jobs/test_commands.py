from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from jobs.models import Job
from tests.jobs.factories import JobFactory

pytestmark = pytest.mark.django_db


def test_expire_jobs_command_reports_and_is_idempotent():
    JobFactory(status=Job.Status.PUBLISHED, closes_at=timezone.now() + timedelta(minutes=5))
    out = StringIO()
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        call_command("expire_jobs", stdout=out)
        call_command("expire_jobs", stdout=out)
    assert out.getvalue().splitlines() == ["Expired 1 job(s).", "Expired 0 job(s)."]
