"""Jobs posted by boroughs: a workflow with named states, after python.org's jobs app."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import Organisation
from capability.models import Level, Role
from jd_library.models import ContractType, JobDescription


class JobQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Job.Status.PUBLISHED)

    def open(self):
        return self.filter(closes_at__gt=timezone.now())

    def visible(self):
        """What candidates see in lists, feeds and the sitemap: published and still open."""
        return self.published().open()

    def due_to_expire(self, now=None):
        return self.published().filter(closes_at__lte=now or timezone.now())

    def for_organisations(self, organisations):
        return self.filter(organisation__in=organisations)

    def with_related(self):
        return self.select_related("organisation", "role__family", "level")


class Job(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Waiting for approval"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected"
        CLOSED = "closed", "Closed"
        EXPIRED = "expired", "Expired"
        ARCHIVED = "archived", "Archived"

    ContractType = ContractType

    class WorkingPattern(models.TextChoices):
        FULL_TIME = "full_time", "Full time"
        PART_TIME = "part_time", "Part time"
        JOB_SHARE = "job_share", "Job share"

    class Workplace(models.TextChoices):
        ON_SITE = "on_site", "On site"
        HYBRID = "hybrid", "Hybrid"
        REMOTE = "remote", "Remote"

    # States in which the organisation may still edit the job.
    EDITABLE = (Status.DRAFT, Status.REJECTED)
    # States in which the job has been advertised and is now over.
    ENDED = (Status.CLOSED, Status.EXPIRED, Status.ARCHIVED)

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="jobs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="jobs"
    )
    title = models.CharField(max_length=150)
    reference = models.CharField(max_length=50, blank=True)
    summary = models.TextField(max_length=600, help_text="Two or three sentences shown in search results.")
    description = models.TextField(help_text="Sanitised HTML.")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="jobs")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="jobs")
    grade_label = models.CharField("grade", max_length=40, blank=True)
    salary_min = models.PositiveIntegerField(validators=[MinValueValidator(1000), MaxValueValidator(500000)])
    salary_max = models.PositiveIntegerField(validators=[MinValueValidator(1000), MaxValueValidator(500000)])
    london_weighting_included = models.BooleanField(default=True)
    contract_type = models.CharField(max_length=20, choices=ContractType.choices)
    working_pattern = models.CharField(max_length=20, choices=WorkingPattern.choices)
    workplace = models.CharField(max_length=20, choices=Workplace.choices)
    location = models.CharField(max_length=150)
    hours_per_week = models.DecimalField(
        max_digits=4, decimal_places=1, validators=[MinValueValidator(1), MaxValueValidator(48)]
    )
    closes_at = models.DateTimeField()
    apply_url = models.URLField(
        "apply link",
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"], message="Enter a link starting with https://")],
    )
    contact_email = models.EmailField(blank=True)
    jd = models.ForeignKey(
        JobDescription,
        verbose_name="job description",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs",
        help_text="The job description in the library for this job.",
    )

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    rejection_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    view_count = models.PositiveIntegerField(default=0)
    apply_count = models.PositiveIntegerField(default=0)
    # Plain text of everything searchable, rewritten by the services on every write. On Postgres a
    # generated tsvector column over it (and the title) carries a GIN index; see migration 0002.
    search_document = models.TextField(blank=True, editable=False)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_max__gte=F("salary_min")), name="jobs_job_salary_max_not_below_min"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="jobs_job_newest"),
            models.Index(fields=["status", "closes_at", "id"], name="jobs_job_closing"),
            models.Index(fields=["status", "-salary_max", "-id"], name="jobs_job_salary"),
            # The public list's page cache is keyed on the latest change (jobs.page_cache).
            models.Index(fields=["updated_at"], name="jobs_job_updated"),
        ]

    def __str__(self):
        return f"{self.title} ({self.organisation})"

    def get_absolute_url(self):
        return reverse("jobs:detail", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def slug(self):
        return slugify(self.title)[:80] or "job"

    @property
    def is_open(self):
        return self.status == self.Status.PUBLISHED and self.closes_at > timezone.now()

    @property
    def is_editable(self):
        return self.status in self.EDITABLE

    @property
    def has_closed(self):
        return self.status in self.ENDED or (self.status == self.Status.PUBLISHED and not self.is_open)
