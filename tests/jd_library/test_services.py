import pytest
from django.core.exceptions import ValidationError

from accounts.models import Organisation
from capability.models import Level, Role
from jd_library import services
from jd_library.models import ContractType, JobDescription
from jd_library.services import JDTransitionError
from tests.accounts.factories import UserFactory
from tests.jd_library.factories import JobDescriptionFactory

pytestmark = pytest.mark.django_db


def jd_data(**overrides):
    data = {
        "title": "Senior User Researcher",
        "role": Role.objects.get(slug="user-researcher"),
        "level": Level.objects.get(slug="senior"),
        "grade_label": "PO6",
        "salary_min": 52_000,
        "salary_max": 56_500,
        "london_weighting_included": True,
        "hours_per_week": 36,
        "contract_type": ContractType.PERMANENT,
        "purpose": "Lead research with residents.",
        "responsibilities": "- Plan research\n- Share findings",
        "person_specification": "Experience of research with people who use council services.",
        "skills": "",
        "year_advertised": 2026,
    }
    return {**data, **overrides}


@pytest.fixture
def camden():
    return Organisation.objects.get(slug="camden")


def test_create_sanitises_sections_and_indexes_them(camden):
    jd = services.jd_create(
        organisation=camden, by=None, data=jd_data(purpose="<p>Lead research</p><script>x()</script>")
    )
    assert jd.status == JobDescription.Status.DRAFT
    assert jd.purpose == "<p>Lead research</p>"
    assert jd.responsibilities == "<ul><li>Plan research</li><li>Share findings</li></ul>"
    assert "Senior User Researcher" in jd.search_document
    assert "Share findings" in jd.search_document


def test_create_can_submit_at_once_and_keep_the_original(camden, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    jd = services.jd_create(
        organisation=camden, by=None, data=jd_data(), original=("researcher.docx", b"PK..."), submit=True
    )
    assert jd.status == JobDescription.Status.SUBMITTED
    assert jd.original_filename == "researcher.docx"
    assert jd.original_file.read() == b"PK..."


def test_bad_data_saves_no_row_and_no_file(camden, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError):
        services.jd_create(
            organisation=camden,
            by=None,
            data=jd_data(salary_min=60_000, salary_max=50_000),
            original=("researcher.docx", b"PK..."),
        )
    assert not JobDescription.objects.exists()
    assert not list(tmp_path.rglob("*.docx"))


def test_moderation_workflow_and_exemplars():
    jd = services.jd_submit(jd=JobDescriptionFactory(), by=None)
    jd = services.jd_reject(jd=jd, by=None, reason="Add the salary band.")
    assert jd.rejection_reason == "Add the salary band."
    jd = services.jd_submit(jd=services.jd_update(jd=jd, by=None, data={"grade_label": "PO4"}), by=None)
    jd = services.jd_publish(jd=jd, by=None)
    assert jd.status == JobDescription.Status.PUBLISHED
    with pytest.raises(ValidationError):
        services.jd_mark_exemplar(jd=jd, by=None, note=" ")
    jd = services.jd_mark_exemplar(jd=jd, by=None, note="Clear purpose and a short person specification.")
    assert JobDescription.objects.exemplars().get() == jd
    jd = services.jd_archive(jd=jd, by=None)
    assert (jd.status, jd.is_exemplar) == (JobDescription.Status.ARCHIVED, False)


@pytest.mark.parametrize(
    ("status", "change"),
    [
        (JobDescription.Status.DRAFT, lambda jd: services.jd_publish(jd=jd, by=None)),
        (JobDescription.Status.PUBLISHED, lambda jd: services.jd_update(jd=jd, by=None, data={})),
        (JobDescription.Status.SUBMITTED, lambda jd: services.jd_mark_exemplar(jd=jd, by=None, note="n")),
        (JobDescription.Status.PUBLISHED, lambda jd: services.jd_reject(jd=jd, by=None, reason="r")),
    ],
)
def test_changes_refused_in_the_wrong_state(status, change):
    jd = JobDescriptionFactory(status=status)
    with pytest.raises(JDTransitionError):
        change(jd)
    assert JobDescription.objects.get(pk=jd.pk).status == status


def test_use_as_a_starting_point_copies_into_a_draft_for_my_organisation(camden):
    original = JobDescriptionFactory(status=JobDescription.Status.PUBLISHED, year_advertised=2024)
    user = UserFactory()
    copy = services.jd_copy_as_draft(jd=original, organisation=camden, by=user)
    assert (copy.organisation, copy.status, copy.based_on, copy.created_by) == (
        camden,
        JobDescription.Status.DRAFT,
        original,
        user,
    )
    assert copy.purpose == original.purpose
    assert copy.year_advertised >= 2026
