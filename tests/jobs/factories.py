from datetime import timedelta

import factory
from django.utils import timezone

from accounts.models import Organisation
from capability.models import Level, Role
from jobs.models import Job
from jobs.services import _search_document


class JobFactory(factory.django.DjangoModelFactory):
    """A job in any state: JobFactory(status=Job.Status.PUBLISHED) is live on the board."""

    class Meta:
        model = Job
        skip_postgeneration_save = True

    organisation = factory.LazyFunction(lambda: Organisation.objects.get(slug="hackney"))
    created_by = None
    title = factory.Iterator(
        ["Data analyst", "Senior service designer", "Software developer", "Delivery manager"]
    )
    reference = factory.Sequence(lambda n: f"DDT{n:04d}")
    summary = "Help our residents get the services they need by turning data into decisions."
    description = "<p>You will work with services across the council.</p><ul><li>Analyse data</li></ul>"
    role = factory.LazyAttribute(
        lambda job: Role.objects.get(
            slug={
                "Data analyst": "data-analyst",
                "Senior service designer": "service-designer",
                "Software developer": "software-developer",
                "Delivery manager": "delivery-manager",
            }.get(job.title, "data-analyst")
        )
    )
    level = factory.LazyFunction(lambda: Level.objects.get(slug="mid"))
    grade_label = "PO4"
    salary_min = 42_000
    salary_max = 47_500
    london_weighting_included = True
    contract_type = Job.ContractType.PERMANENT
    working_pattern = Job.WorkingPattern.FULL_TIME
    workplace = Job.Workplace.HYBRID
    location = "Hackney Service Centre, Hillman Street, E8"
    hours_per_week = 36
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=21))
    apply_url = factory.Sequence(lambda n: f"https://jobs.example.gov.uk/vacancy/{n}")
    status = Job.Status.DRAFT
    published_at = factory.LazyAttribute(
        lambda job: timezone.now() - timedelta(days=1) if job.status != Job.Status.DRAFT else None
    )
    search_document = ""

    @factory.post_generation
    def index(self, create, extracted, **kwargs):
        """Keep search_document current as the services do."""
        if create:
            self.search_document = _search_document(self)
            Job.objects.filter(pk=self.pk).update(search_document=self.search_document)
