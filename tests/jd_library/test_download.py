"""Downloads: the portal's own .docx of a published JD (which reads back to the same sections) and the
uploaded original, both as attachments that a browser never renders."""

import importlib.util
import io

import docx
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Organisation
from capability.models import Level, Role
from jd_library.docx_io import SECTION_KEYS, import_docx, normalise_section_html
from jd_library.models import ContractType, JobDescription
from tests.jd_library.factories import JobDescriptionFactory

pytestmark = pytest.mark.django_db

Status = JobDescription.Status
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def published(**kwargs) -> JobDescription:
    return JobDescriptionFactory(status=Status.PUBLISHED, **kwargs)


def download(client, jd: JobDescription):
    return client.get(reverse("jd_library:download", kwargs={"pk": jd.pk}))


def original(client, jd: JobDescription):
    return client.get(reverse("jd_library:original", kwargs={"pk": jd.pk}))


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def with_original(jd: JobDescription, filename: str, content: bytes) -> JobDescription:
    jd.original_file.save(filename, ContentFile(content), save=False)
    jd.original_filename = filename
    jd.save()
    return jd


# The portal's .docx


def test_download_is_a_docx_attachment_named_after_the_jd(client):
    jd = published(title="Senior Data Analyst")

    response = download(client, jd)

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="senior-data-analyst-hackney.docx"'
    assert response["X-Content-Type-Options"] == "nosniff"
    document = docx.Document(io.BytesIO(response.content))
    assert document.paragraphs[0].text == "Senior Data Analyst"


@pytest.mark.parametrize(
    ("title", "filename"),
    [
        ('Data "analyst"\r\nSet-Cookie: x=1', "data-analyst-set-cookie-x1-hackney.docx"),
        ("../../etc/passwd", "etcpasswd-hackney.docx"),
        ("Analyste de données", "analyste-de-donnees-hackney.docx"),
        ("数据分析师", "hackney.docx"),
    ],
)
def test_download_filename_is_safe_whatever_the_title(client, title, filename):
    response = download(client, published(title=title))
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'


def test_download_holds_the_facts(client):
    jd = published(
        grade_label="PO6",
        salary_min=45_000,
        salary_max=50_000,
        hours_per_week=37.5,
        contract_type=ContractType.FIXED_TERM,
        year_advertised=2024,
        level=Level.objects.get(slug="senior"),
    )

    document = docx.Document(io.BytesIO(download(client, jd).content))

    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    for line in (
        "London Borough of Hackney",
        "Level: Senior",
        "Grade: PO6",
        "Salary: £45,000 to £50,000 a year, including London weighting",
        "Hours: 37.5 hours a week",
        "Contract type: Fixed term",
        "Year advertised: 2024",
    ):
        assert line in text


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.REJECTED, Status.ARCHIVED])
def test_an_unpublished_jd_cannot_be_downloaded(actors, status):
    jd = JobDescriptionFactory(status=status)
    for who in ("anonymous", "candidate", "other_staff"):
        assert download(actors.client(who), jd).status_code == 404


def test_download_does_not_accept_post(client):
    assert client.post(reverse("jd_library:download", kwargs={"pk": published().pk})).status_code == 405


# Round trip: what the portal writes, the upload path reads back to the same sections.

VARIED_JDS = [
    {
        "title": "Senior Data Analyst",
        "role": "data-analyst",
        "purpose": "<p>Help services <strong>use data well</strong> and explain it plainly.</p>"
        "<p>Read the <a href='https://example.org/strategy'>data strategy</a> first.</p>",
        "responsibilities": "<ul><li>Build dashboards<ul><li>Power BI</li><li>Looker Studio</li></ul></li>"
        "<li>Coach colleagues in <em>data literacy</em></li></ul>",
        "person_specification": "<h3>Essential</h3><ul><li>SQL, and Python or R</li></ul>"
        "<h3>Desirable</h3><ul><li>Local government</li></ul>",
        "skills": "<ul><li>Data visualisation: <strong>practitioner</strong></li>"
        "<li>Statistics: working</li></ul>",
    },
    {
        "title": "User Researcher",
        "role": "user-researcher",
        "purpose": "<p>Find out what residents need from council services, &amp; share it.</p>",
        "responsibilities": "<ol><li>Plan research with <strong>teams</strong></li>"
        "<li>Run interviews</li></ol><p>Each quarter:</p><ol><li>Share findings</li></ol>",
        "person_specification": "<p>You have done user research in a multidisciplinary team.</p>",
        "skills": "<p><strong>User research:</strong> practitioner</p><p>Accessibility: working</p>",
    },
    {
        "title": "Infrastructure Engineer",
        "role": "infrastructure-engineer",
        "purpose": "<p>Keep our cloud platform <em>secure</em> and available.</p>",
        "responsibilities": "<ul><li>Patch servers</li><li>Automate builds<ol><li>Terraform</li>"
        "<li>GitHub Actions</li></ol></li></ul>",
        "person_specification": "<ul><li>Linux administration</li><li>Networking</li></ul>",
        "skills": "<h2>Technical</h2><p>Cloud: practitioner</p>",
    },
    {
        "title": "Product Manager",
        "role": "product-manager",
        "purpose": "<p>Lead a team that makes <strong>paying for parking</strong> simple.</p>",
        "responsibilities": "<h3>Strategy</h3><ul><li>Set a roadmap</li></ul><h3>Delivery</h3>"
        "<ul><li>Prioritise the backlog with the team</li><li>Measure outcomes</li></ul>",
        "person_specification": "<ol><li>You have managed a digital product</li><li>You can explain "
        "trade-offs to <em>councillors</em></li></ol>",
        "skills": "<ul><li>Product ownership: expert</li></ul>",
    },
    {
        "title": "Delivery Manager",
        "role": "delivery-manager",
        "purpose": "<p>Help teams deliver services that work for residents.</p><p>You will remove "
        "blockers.</p>",
        "responsibilities": "<ul><li>Run <strong>agile</strong> ceremonies</li><li>Track risks<ul>"
        "<li>RAID logs</li></ul></li></ul>",
        "person_specification": "<p>Experience of agile delivery in the public sector.</p>",
        "skills": "",
    },
]


def assert_round_trip(client, jd: JobDescription) -> None:
    response = download(client, jd)
    assert response.status_code == 200, jd.pk
    imported = import_docx(response.content, "download.docx")
    assert imported.title == " ".join(jd.title.split()), jd.pk
    for key in SECTION_KEYS:
        expected = normalise_section_html(getattr(jd, key))
        assert normalise_section_html(imported.sections.get(key, "")) == expected, (jd.pk, key)


@pytest.mark.parametrize("spec", VARIED_JDS, ids=lambda spec: spec["title"])
def test_a_downloaded_jd_uploads_again_to_the_same_sections(client, spec):
    spec = dict(spec)
    role = Role.objects.get(slug=spec.pop("role"))
    jd = published(role=role, **spec)
    assert_round_trip(client, jd)


@pytest.mark.skipif(
    importlib.util.find_spec("jd_library.demo") is None,
    reason="jd_library/demo.py (the demo JDs) is not written yet",
)
def test_every_seeded_jd_downloads_and_uploads_again_to_the_same_sections(client):
    call_command("seed_demo", stdout=io.StringIO())
    jds = list(JobDescription.objects.published().with_related())
    assert len(jds) >= 50
    for jd in jds:
        assert_round_trip(client, jd)


# The uploaded original


def test_the_original_is_served_as_an_attachment(client, media):
    jd = with_original(published(), "Hackney analyst JD.docx", b"PK\x03\x04 not really word")

    response = original(client, jd)

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="hackney-analyst-jd.docx"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body(response) == b"PK\x03\x04 not really word"


def test_a_pdf_original_is_served_as_a_pdf_attachment(client, media):
    jd = with_original(published(), "analyst.pdf", b"%PDF-1.7")
    response = original(client, jd)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("filename", ["evil.html", "evil.svg", "evil.htm", "evil"])
def test_an_original_that_could_render_is_never_served_inline(client, media, filename):
    jd = with_original(published(), filename, b"<script>alert(1)</script>")

    response = original(client, jd)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="evil"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_jd_without_an_original_has_none_to_download(client):
    assert original(client, published()).status_code == 404


def test_a_missing_original_file_is_not_found_rather_than_an_error(client, media):
    jd = with_original(published(), "analyst.pdf", b"%PDF-1.7")
    (media / jd.original_file.name).unlink()
    assert original(client, jd).status_code == 404


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.REJECTED, Status.ARCHIVED])
def test_the_original_of_an_unpublished_jd_is_not_found_for_the_public(actors, media, status):
    jd = with_original(JobDescriptionFactory(status=status), "secret.pdf", b"%PDF-1.7")
    for who in ("anonymous", "candidate", "other_staff"):
        assert original(actors.client(who), jd).status_code == 404


def test_original_of_another_organisation_is_served_for_its_published_jd(client, media):
    jd = with_original(
        published(organisation=Organisation.objects.get(slug="camden")), "Camden analyst.pdf", b"%PDF-1.7"
    )
    response = original(client, jd)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="camden-analyst.pdf"'
