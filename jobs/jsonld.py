"""schema.org JobPosting for a job page, as Google for Jobs reads it.

https://developers.google.com/search/docs/appearance/structured-data/job-posting
Only open jobs carry it: Google asks for the markup to go when a job can no longer be applied for.
"""

import json
from decimal import Decimal

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Job
from .templatetags.jobs_tags import LONDON

# As django.utils.html.json_script: inside <script>, "<", ">" and "&" are written as JSON escapes, so
# a title containing "</script>" or "<!--" cannot end the element or change how it is parsed.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}

_PATTERN_TYPES = {
    Job.WorkingPattern.FULL_TIME: "FULL_TIME",
    Job.WorkingPattern.PART_TIME: "PART_TIME",
    Job.WorkingPattern.JOB_SHARE: "PART_TIME",
}

# What the contract adds to the working pattern. Google has no type for an apprenticeship; INTERN (a job
# with training early in a career) is the nearest, and the working pattern stays beside it so that the
# job still shows in full-time or part-time searches.
_CONTRACT_TYPES = {
    Job.ContractType.PERMANENT: None,
    Job.ContractType.FIXED_TERM: "TEMPORARY",
    Job.ContractType.SECONDMENT: "TEMPORARY",
    Job.ContractType.INTERIM: "TEMPORARY",
    Job.ContractType.APPRENTICESHIP: "INTERN",
}


def employment_type(job: Job) -> str | list[str]:
    """FULL_TIME or PART_TIME from the working pattern, plus TEMPORARY or INTERN from the contract."""
    pattern = _PATTERN_TYPES[job.working_pattern]
    extra = _CONTRACT_TYPES[job.contract_type]
    return [pattern, extra] if extra else pattern


def _london_iso(moment) -> str:
    return timezone.localtime(moment, LONDON).isoformat()


def _hours(value: Decimal) -> str:
    return f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)


def job_posting(job: Job) -> dict:
    """The JobPosting of `job` as a dict, ready for JSON. Reads job.organisation (select it with the job)."""
    organisation = job.organisation
    hiring_organisation = {"@type": "Organization", "name": organisation.name}
    if organisation.website:
        hiring_organisation["sameAs"] = organisation.website
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.title,
        # Google takes HTML here; the description is already sanitised, the summary is plain text.
        "description": f"<p>{escape(job.summary)}</p>{job.description}",
        "datePosted": _london_iso(job.published_at or job.created_at),
        "validThrough": _london_iso(job.closes_at),
        "hiringOrganization": hiring_organisation,
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "streetAddress": job.location,
                "addressLocality": "London",
                "addressRegion": "London",
                "addressCountry": "GB",
            },
        },
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": "GBP",
            "value": {
                "@type": "QuantitativeValue",
                "minValue": job.salary_min,
                "maxValue": job.salary_max,
                "unitText": "YEAR",
            },
        },
        "employmentType": employment_type(job),
        "workHours": f"{_hours(job.hours_per_week)} hours a week",
        "identifier": {
            "@type": "PropertyValue",
            "name": organisation.name,
            "value": job.reference or str(job.pk),
        },
        "directApply": False,
    }
    if job.workplace == Job.Workplace.REMOTE:
        data["jobLocationType"] = "TELECOMMUTE"
        # Google needs to know where remote applicants may live.
        data["applicantLocationRequirements"] = {"@type": "Country", "name": "United Kingdom"}
    return data


def job_posting_json(job: Job) -> SafeString:
    """The JobPosting as JSON that is safe to place between <script> tags."""
    text = json.dumps(job_posting(job), ensure_ascii=False, separators=(",", ":"))
    # Safe: every <, > and & is now a JSON escape.
    return mark_safe(text.translate(_SCRIPT_ESCAPES))
