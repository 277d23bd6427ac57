import factory
from django.utils import timezone

from accounts.models import Organisation
from capability.models import Level, Role
from jd_library.models import ContractType, JobDescription
from jd_library.services import _search_document


class JobDescriptionFactory(factory.django.DjangoModelFactory):
    """A JD in any state: JobDescriptionFactory(status=JobDescription.Status.PUBLISHED) is in the library."""

    class Meta:
        model = JobDescription
        skip_postgeneration_save = True

    organisation = factory.LazyFunction(lambda: Organisation.objects.get(slug="hackney"))
    title = "Data Analyst"
    role = factory.LazyFunction(lambda: Role.objects.get(slug="data-analyst"))
    level = factory.LazyFunction(lambda: Level.objects.get(slug="mid"))
    grade_label = "PO4"
    salary_min = 42_000
    salary_max = 47_500
    london_weighting_included = True
    hours_per_week = 36
    contract_type = ContractType.PERMANENT
    purpose = "<p>Help services understand their residents through data.</p>"
    responsibilities = (
        "<ul><li>Build dashboards with service teams</li><li>Clean and join data sets</li></ul>"
    )
    person_specification = "<ul><li>Experience of SQL and a BI tool</li></ul>"
    skills = "<ul><li>Data visualisation</li></ul>"
    year_advertised = 2026
    status = JobDescription.Status.DRAFT
    published_at = factory.LazyAttribute(
        lambda jd: timezone.now() if jd.status == JobDescription.Status.PUBLISHED else None
    )

    @factory.post_generation
    def index(self, create, extracted, **kwargs):
        if create:
            self.search_document = _search_document(self)
            JobDescription.objects.filter(pk=self.pk).update(search_document=self.search_document)
