import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from accounts.models import Organisation
from jobs.jsonld import employment_type, job_posting, job_posting_json
from jobs.models import Job
from tests.jobs.factories import JobFactory

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', re.DOTALL)


def posting_on_page(client, job) -> dict | None:
    """The JobPosting JSON-LD on the job's public page, parsed, or None when the page has none."""
    response = client.get(job.get_absolute_url())
    assert response.status_code == 200
    found = SCRIPT.findall(response.content.decode())
    assert len(found) <= 1
    return json.loads(found[0]) if found else None


def test_open_job_page_carries_every_property(client):
    hackney = Organisation.objects.get(slug="hackney")
    hackney.website = "https://hackney.gov.uk"
    hackney.save()
    job = JobFactory(
        status=Job.Status.PUBLISHED,
        title="Data analyst",
        reference="DDT0042",
        summary="Turn data into decisions.",
        description="<p>You will work with <strong>housing</strong>.</p>",
        salary_min=42_000,
        salary_max=47_500,
        hours_per_week=36,
        location="Hackney Service Centre, Hillman Street, E8",
        published_at=datetime(2025, 1, 2, 9, 30, tzinfo=UTC),
        closes_at=timezone.now() + timedelta(days=10),
    )
    data = posting_on_page(client, job)
    job.refresh_from_db()

    assert data["@context"] == "https://schema.org/"
    assert data["@type"] == "JobPosting"
    assert data["title"] == "Data analyst"
    assert (
        data["description"]
        == "<p>Turn data into decisions.</p><p>You will work with <strong>housing</strong>.</p>"
    )
    assert data["datePosted"] == "2025-01-02T09:30:00+00:00"
    assert datetime.fromisoformat(data["validThrough"]) == job.closes_at
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "London Borough of Hackney",
        "sameAs": "https://hackney.gov.uk",
    }
    assert data["jobLocation"] == {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "Hackney Service Centre, Hillman Street, E8",
            "addressLocality": "London",
            "addressRegion": "London",
            "addressCountry": "GB",
        },
    }
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "GBP",
        "value": {"@type": "QuantitativeValue", "minValue": 42000, "maxValue": 47500, "unitText": "YEAR"},
    }
    assert data["employmentType"] == "FULL_TIME"
    assert data["workHours"] == "36 hours a week"
    assert data["identifier"] == {
        "@type": "PropertyValue",
        "name": "London Borough of Hackney",
        "value": "DDT0042",
    }
    assert data["directApply"] is False
    assert "jobLocationType" not in data


def test_valid_through_is_in_london_time():
    job = JobFactory(status=Job.Status.PUBLISHED, closes_at=datetime(2030, 7, 1, 22, 55, tzinfo=UTC))
    assert job_posting(job)["validThrough"] == "2030-07-01T23:55:00+01:00"


def test_identifier_falls_back_to_the_job_id():
    job = JobFactory(status=Job.Status.PUBLISHED, reference="")
    assert job_posting(job)["identifier"]["value"] == str(job.pk)


def test_organisation_without_a_website_has_no_same_as():
    Organisation.objects.filter(slug="hackney").update(website="")
    job = JobFactory(status=Job.Status.PUBLISHED)
    assert job_posting(job)["hiringOrganization"] == {
        "@type": "Organization",
        "name": "London Borough of Hackney",
    }


def test_remote_job_is_telecommute_with_an_applicant_country():
    data = job_posting(JobFactory(status=Job.Status.PUBLISHED, workplace=Job.Workplace.REMOTE))
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == {"@type": "Country", "name": "United Kingdom"}


@pytest.mark.parametrize("workplace", [Job.Workplace.ON_SITE, Job.Workplace.HYBRID])
def test_on_site_and_hybrid_jobs_are_not_telecommute(workplace):
    data = job_posting(JobFactory(status=Job.Status.PUBLISHED, workplace=workplace))
    assert "jobLocationType" not in data
    assert "applicantLocationRequirements" not in data


@pytest.mark.parametrize(
    ("contract", "pattern", "expected"),
    [
        (Job.ContractType.PERMANENT, Job.WorkingPattern.FULL_TIME, "FULL_TIME"),
        (Job.ContractType.PERMANENT, Job.WorkingPattern.PART_TIME, "PART_TIME"),
        (Job.ContractType.PERMANENT, Job.WorkingPattern.JOB_SHARE, "PART_TIME"),
        (Job.ContractType.FIXED_TERM, Job.WorkingPattern.FULL_TIME, ["FULL_TIME", "TEMPORARY"]),
        (Job.ContractType.SECONDMENT, Job.WorkingPattern.PART_TIME, ["PART_TIME", "TEMPORARY"]),
        (Job.ContractType.INTERIM, Job.WorkingPattern.FULL_TIME, ["FULL_TIME", "TEMPORARY"]),
        (Job.ContractType.APPRENTICESHIP, Job.WorkingPattern.FULL_TIME, ["FULL_TIME", "INTERN"]),
    ],
)
def test_employment_type_comes_from_contract_and_pattern(contract, pattern, expected):
    job = Job(contract_type=contract, working_pattern=pattern)
    assert employment_type(job) == expected


def test_a_title_cannot_break_out_of_the_script_element(client):
    job = JobFactory(
        status=Job.Status.PUBLISHED, title="Analyst</script><script>alert(1)</script> & <!-- lead"
    )
    text = job_posting_json(job)
    assert "<" not in text
    assert ">" not in text
    assert "&" not in text
    assert json.loads(text)["title"] == "Analyst</script><script>alert(1)</script> & <!-- lead"
    page = client.get(job.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    assert posting_on_page(client, job)["title"] == job.title


@pytest.mark.parametrize("status", [Job.Status.CLOSED, Job.Status.EXPIRED, Job.Status.ARCHIVED])
def test_ended_jobs_have_no_json_ld(client, status):
    job = JobFactory(status=status, closes_at=timezone.now() - timedelta(days=1))
    assert posting_on_page(client, job) is None
    assert "application/ld+json" not in client.get(job.get_absolute_url()).content.decode()


def test_published_job_past_its_closing_time_has_no_json_ld(client):
    job = JobFactory(status=Job.Status.PUBLISHED, closes_at=timezone.now() - timedelta(minutes=1))
    assert posting_on_page(client, job) is None
