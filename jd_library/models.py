"""Job descriptions that boroughs share so that nobody writes one from a blank page."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from accounts.models import Organisation
from capability.models import Level, Role


class ContractType(models.TextChoices):
    PERMANENT = "permanent", "Permanent"
    FIXED_TERM = "fixed_term", "Fixed term"
    SECONDMENT = "secondment", "Secondment"
    APPRENTICESHIP = "apprenticeship", "Apprenticeship"
    INTERIM = "interim", "Interim"


# The sections of a JD, in reading order, with the headings the portal shows and exports.
SECTIONS = [
    ("purpose", "Job purpose"),
    ("responsibilities", "Key responsibilities"),
    ("person_specification", "Person specification"),
    ("skills", "Skills"),
]


class JobDescriptionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=JobDescription.Status.PUBLISHED)

    def exemplars(self):
        return self.published().filter(is_exemplar=True)

    def with_related(self):
        return self.select_related("organisation", "role__family", "level")


def upload_path(instance, filename):
    return f"jd-originals/{instance.organisation_id}/{filename}"


class JobDescription(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Waiting for approval"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected"
        ARCHIVED = "archived", "Archived"

    EDITABLE = (Status.DRAFT, Status.REJECTED)

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="job_descriptions")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="job_descriptions",
    )
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="derived",
        help_text="The library JD this one started from.",
    )  # fmt: skip
    title = models.CharField(max_length=150)
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="job_descriptions")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="job_descriptions")
    grade_label = models.CharField("grade", max_length=40, blank=True)
    salary_min = models.PositiveIntegerField(validators=[MinValueValidator(1000), MaxValueValidator(500000)])
    salary_max = models.PositiveIntegerField(validators=[MinValueValidator(1000), MaxValueValidator(500000)])
    london_weighting_included = models.BooleanField(default=True)
    hours_per_week = models.DecimalField(
        max_digits=4, decimal_places=1, validators=[MinValueValidator(1), MaxValueValidator(48)]
    )
    contract_type = models.CharField(max_length=20, choices=ContractType.choices)
    purpose = models.TextField(help_text="Sanitised HTML.")
    responsibilities = models.TextField(blank=True, help_text="Sanitised HTML.")
    person_specification = models.TextField(blank=True, help_text="Sanitised HTML.")
    skills = models.TextField(blank=True, help_text="Sanitised HTML.")
    year_advertised = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    original_file = models.FileField(upload_to=upload_path, blank=True, max_length=300)
    original_filename = models.CharField(max_length=200, blank=True)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    rejection_reason = models.TextField(blank=True)
    is_exemplar = models.BooleanField("exemplar", default=False)
    exemplar_note = models.TextField(blank=True, help_text="Why LOTI holds this JD up as an example.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    search_document = models.TextField(blank=True, editable=False)

    objects = JobDescriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = "job description"
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_max__gte=F("salary_min")), name="jd_library_jd_salary_max_not_below_min"
            ),
            models.CheckConstraint(
                condition=Q(is_exemplar=False) | ~Q(exemplar_note=""), name="jd_library_jd_exemplar_has_note"
            ),
        ]
        indexes = [models.Index(fields=["status", "-published_at", "-id"], name="jd_library_jd_newest")]

    def __str__(self):
        return f"{self.title} ({self.organisation})"

    def get_absolute_url(self):
        return reverse("jd_library:detail", kwargs={"pk": self.pk})

    @property
    def is_editable(self):
        return self.status in self.EDITABLE

    def sections(self) -> list[tuple[str, str, str]]:
        """(field, heading, html) for each section, in reading order."""
        return [(field, heading, getattr(self, field)) for field, heading in SECTIONS]
