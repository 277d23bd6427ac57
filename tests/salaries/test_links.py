import pytest
from django.urls import reverse

from jd_library.models import JobDescription
from jobs.models import Job
from tests.jd_library.factories import JobDescriptionFactory
from tests.jobs.factories import JobFactory

pytestmark = pytest.mark.django_db

BENCHMARK = "/salaries/?family=data&amp;role=data-analyst&amp;level=mid"


def test_job_page_links_to_the_benchmark_for_its_role_and_level(client):
    job = JobFactory(status=Job.Status.PUBLISHED, title="Data analyst")
    assert BENCHMARK in client.get(job.get_absolute_url()).content.decode()


def test_jd_page_links_to_the_benchmark_for_its_role_and_level(client):
    jd = JobDescriptionFactory(status=JobDescription.Status.PUBLISHED)
    assert BENCHMARK in client.get(reverse("jd_library:detail", args=[jd.pk])).content.decode()
