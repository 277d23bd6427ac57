"""Uploading a JD: a good .docx is read into the form with the checker's findings and saved with its original
attached; every bad file is refused with its own message, nothing is stored, and the review step trusts only
what the server kept."""

from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from jd_library.models import JobDescription
from jd_library.views import staff
from tests.accounts.factories import staff_of
from tests.fixtures import sign_in
from tests.jd_library import docx_samples
from tests.jd_library.test_forms import jd_post_data

pytestmark = pytest.mark.django_db
UPLOAD_URL = "/jd-library/upload/"
PDF_BYTES = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def hackney():
    return Organisation.objects.get(slug="hackney")


@pytest.fixture
def officer(hackney):
    return staff_of(hackney)


@pytest.fixture
def officer_client(client, officer):
    return sign_in(client, officer)


def files_under(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def upload(client, name: str, data: bytes):
    return client.post(UPLOAD_URL, {"file": SimpleUploadedFile(name, data)})


def review_data(response, **overrides) -> dict[str, str]:
    """The review form as the uploader sends it back: what was read from the file, and the job's details."""
    initial = response.context["form"].initial
    data = jd_post_data(
        title=initial.get("title", ""),
        **{
            field: initial.get(field, "") for field in ("purpose", "responsibilities", "person_specification")
        },
        skills=initial.get("skills", ""),
        action="submit",
    )
    data["upload_token"] = response.context["upload"]["token"]
    return {**data, **overrides}


def test_upload_page(officer_client):
    response = officer_client.get(UPLOAD_URL)
    assert response.status_code == 200
    assert "jd_library/upload.html" in [template.name for template in response.templates]
    content = response.content.decode()
    assert 'enctype="multipart/form-data"' in content
    assert 'accept=".docx,.pdf,' in content


def test_good_docx_is_shown_prefilled_with_findings_then_submitted_with_its_original(
    officer_client, officer, hackney, media_root
):
    data = docx_samples.good_jd_docx()
    response = upload(officer_client, "Senior Data Analyst.docx", data)

    assert response.status_code == 200
    assert "jd_library/form.html" in [template.name for template in response.templates]
    initial = response.context["form"].initial
    assert initial["title"] == "Senior Data Analyst"
    assert "use data well" in initial["purpose"]
    assert "Build dashboards for housing and social care" in initial["responsibilities"]
    assert "Experience of SQL" in initial["person_specification"]
    assert "Data visualisation" in initial["skills"]
    content = response.content.decode()
    assert "Check your job description" in content
    assert "Images in the file have been left out" in content
    assert "London Borough of Camden, Digital and Data" in content  # text under no section heading
    assert "What the JD checker found" in content
    assert "out of 100" in content
    assert "No salary given" in content
    assert "<script>alert" not in content
    # Nothing is stored before the uploader saves.
    assert JobDescription.objects.count() == 0
    assert files_under(media_root) == []

    response = officer_client.post(UPLOAD_URL, review_data(response))

    assert response.status_code == 302
    assert response.url == reverse("jd_library:mine") + "?status=submitted"
    jd = JobDescription.objects.get()
    assert jd.status == JobDescription.Status.SUBMITTED
    assert jd.submitted_at is not None
    assert (jd.organisation, jd.created_by, jd.title) == (hackney, officer, "Senior Data Analyst")
    assert "<strong>use data well</strong>" in jd.purpose
    assert jd.original_filename == "Senior_Data_Analyst.docx"
    assert Path(jd.original_file.path).read_bytes() == data
    assert files_under(media_root) == [Path(jd.original_file.path)]


def test_save_as_draft_keeps_the_original_too(officer_client, media_root):
    response = upload(officer_client, "jd.docx", docx_samples.good_jd_docx())
    response = officer_client.post(UPLOAD_URL, review_data(response, action="draft"))
    assert response.status_code == 302
    assert response.url == reverse("jd_library:mine") + "?status=draft"
    jd = JobDescription.objects.get()
    assert jd.status == JobDescription.Status.DRAFT
    assert jd.original_filename == "jd.docx"


def test_a_staged_upload_is_used_once(officer_client):
    first = upload(officer_client, "jd.docx", docx_samples.good_jd_docx())
    data = review_data(first)
    assert officer_client.post(UPLOAD_URL, data).status_code == 302
    again = officer_client.post(UPLOAD_URL, data)
    assert again.status_code == 400
    assert JobDescription.objects.count() == 1


def test_review_with_errors_keeps_the_upload_and_shows_findings(officer_client, media_root):
    response = upload(officer_client, "jd.docx", docx_samples.good_jd_docx())
    data = review_data(response, salary_min="60000", salary_max="50000", purpose="")
    response = officer_client.post(UPLOAD_URL, data)

    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Maximum salary must be the same as or more than the minimum salary" in content
    assert "Enter the job purpose" in content
    assert "What the JD checker found" in content
    assert response.context["upload"]["token"] == data["upload_token"]
    assert "Images in the file have been left out" in content
    assert JobDescription.objects.count() == 0
    assert files_under(media_root) == []

    response = officer_client.post(UPLOAD_URL, {**data, "salary_max": "65000", "purpose": "Plan services."})
    assert response.status_code == 302
    assert JobDescription.objects.get().original_filename == "jd.docx"


def test_pdf_is_kept_as_the_original_and_the_sections_are_typed(officer_client, media_root):
    response = upload(officer_client, "Service designer.pdf", PDF_BYTES)

    assert response.status_code == 200
    content = response.content.decode()
    assert "We will keep <strong>Service_designer.pdf</strong> as the original" in content
    assert response.context["report"] is None
    assert response.context["form"].initial.get("purpose", "") == ""
    assert files_under(media_root) == []

    data = jd_post_data(title="Service Designer", action="submit")
    data["upload_token"] = response.context["upload"]["token"]
    response = officer_client.post(UPLOAD_URL, data)
    assert response.status_code == 302
    jd = JobDescription.objects.get()
    assert jd.status == JobDescription.Status.SUBMITTED
    assert jd.original_filename == "Service_designer.pdf"
    assert Path(jd.original_file.path).read_bytes() == PDF_BYTES


BAD_FILES = [
    ("empty", "jd.docx", docx_samples.empty_bytes, "The selected file is empty"),
    ("renamed executable", "jd.docx", docx_samples.executable_bytes,
     "The selected file must be a Word document (.docx) or a PDF"),
    ("executable as PDF", "jd.pdf", docx_samples.executable_bytes,
     "The selected file is damaged or is not a PDF"),
    ("text file", "jd.txt", lambda: b"Job purpose: help residents.",
     "The selected file must be a Word document (.docx) or a PDF"),
    ("docm", "jd.docm", docx_samples.docm_bytes, "The selected file contains macros"),
    ("docm named docx", "jd.docx", docx_samples.docm_bytes, "The selected file contains macros"),
    ("encrypted", "jd.docx", docx_samples.encrypted_bytes, "The selected file is password protected"),
    ("legacy .doc", "jd.doc", docx_samples.legacy_doc_bytes, "The selected file is an older Word document"),
    ("zip bomb", "jd.docx", docx_samples.zip_bomb_bytes, "The selected file is too large when unpacked"),
    ("billion laughs", "jd.docx", docx_samples.billion_laughs_bytes,
     "The selected file contains XML declarations that are not allowed"),
    ("external entity", "jd.docx", docx_samples.external_entity_bytes,
     "The selected file contains XML declarations that are not allowed"),
    ("oversized", "jd.docx", docx_samples.oversized_bytes, "The selected file must be smaller than 5MB"),
    ("truncated", "jd.docx", docx_samples.truncated_bytes,
     "The selected file is damaged or is not a Word document"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "name", "make", "message"), BAD_FILES, ids=[case[0] for case in BAD_FILES])
def test_bad_files_are_refused_with_their_message_and_nothing_is_stored(
    officer_client, media_root, monkeypatch, case, name, make, message
):
    def must_not_parse(*args, **kwargs):
        raise AssertionError("a refused file reached mammoth")

    monkeypatch.setattr("jd_library.docx_io.reader.mammoth.convert_to_html", must_not_parse)
    staged = []
    monkeypatch.setattr(staff, "_stage_upload", lambda *args: staged.append(args))
    response = upload(officer_client, name, make())

    assert response.status_code == 200
    assert "jd_library/upload.html" in [template.name for template in response.templates]
    content = response.content.decode()
    assert "There is a problem" in content
    assert message in content
    assert content.count(message) == 2  # in the error summary and beside the file input
    assert 'href="#id_file"' in content
    assert "<title>Error: Upload a job description" in content
    assert staged == []
    assert JobDescription.objects.count() == 0
    assert files_under(media_root) == []


def test_no_file_selected(officer_client):
    response = officer_client.post(UPLOAD_URL, {})
    assert response.status_code == 200
    assert "Select a job description file" in response.content.decode()


def test_a_tampered_token_is_refused(officer_client, media_root):
    response = upload(officer_client, "jd.docx", docx_samples.good_jd_docx())
    data = review_data(response)
    token = data["upload_token"]
    for tampered in (
        token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        "",
        "not-a-token",
        token + "x",
    ):
        response = officer_client.post(UPLOAD_URL, {**data, "upload_token": tampered})
        assert response.status_code == 400
        assert "jd_library/upload.html" in [template.name for template in response.templates]
        assert "Upload the file again" in response.content.decode()
    assert JobDescription.objects.count() == 0
    assert files_under(media_root) == []


def test_an_expired_upload_is_refused(officer_client, media_root):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        response = upload(officer_client, "jd.docx", docx_samples.good_jd_docx())
        data = review_data(response)
        traveller.shift(timedelta(minutes=61))
        response = officer_client.post(UPLOAD_URL, data)
    assert response.status_code == 400
    assert "Upload the file again: an uploaded file is kept for 1 hour" in response.content.decode()
    assert JobDescription.objects.count() == 0
    assert files_under(media_root) == []


def test_another_persons_token_is_refused(officer_client, client, hackney):
    response = upload(officer_client, "jd.docx", docx_samples.good_jd_docx())
    data = review_data(response)
    colleague = sign_in(type(client)(), staff_of(hackney))
    response = colleague.post(UPLOAD_URL, data)
    assert response.status_code == 400
    assert JobDescription.objects.count() == 0


def test_only_the_latest_uploads_are_kept(officer_client):
    tokens = [
        review_data(upload(officer_client, f"jd{number}.docx", docx_samples.good_jd_docx()))
        for number in range(staff.STAGED_UPLOADS_PER_USER + 1)
    ]
    assert officer_client.post(UPLOAD_URL, tokens[0]).status_code == 400
    assert officer_client.post(UPLOAD_URL, tokens[-1]).status_code == 302
    assert JobDescription.objects.get().original_filename == f"jd{staff.STAGED_UPLOADS_PER_USER}.docx"


def test_the_review_cannot_change_what_is_attached(officer_client):
    """Fields the browser might add (a file, a name, a kind) are ignored: the kept upload is attached."""
    original = docx_samples.good_jd_docx()
    response = upload(officer_client, "jd.docx", original)
    data = review_data(response, filename="evil.exe", kind="pdf", original_filename="evil.exe")
    data["file"] = SimpleUploadedFile("evil.exe", docx_samples.executable_bytes())
    response = officer_client.post(UPLOAD_URL, data)
    assert response.status_code == 302
    jd = JobDescription.objects.get()
    assert jd.original_filename == "jd.docx"
    assert jd.original_file.read() == original


def test_a_jd_the_service_refuses_leaves_no_file(officer_client, media_root, monkeypatch):
    """A database error while saving: jd_create removes the file it wrote."""
    response = upload(officer_client, "jd.docx", docx_samples.good_jd_docx())
    data = review_data(response)

    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(JobDescription, "save", fail)
    with pytest.raises(RuntimeError):
        officer_client.post(UPLOAD_URL, data)
    assert files_under(media_root) == []
