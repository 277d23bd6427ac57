import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from accounts.models import Organisation
from jd_library.docx_io import import_docx
from jd_library.models import JobDescription
from tests.accounts.factories import loti_admin, staff_of
from tests.browser.conftest import assert_accessible, visit
from tests.browser.test_jobs_journey import sign_in, sign_out
from tests.jd_library.docx_samples import good_jd_docx
from tests.jd_library.factories import JobDescriptionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_upload_moderate_find_compare_and_download(page, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    camden = Organisation.objects.get(slug="camden")
    uploader = staff_of(camden, email="uploader@camden.gov.uk")
    admin = loti_admin(authenticator=False)
    secret = generate_totp_secret()
    TOTP.activate(admin, secret)
    other = JobDescriptionFactory(status=JobDescription.Status.PUBLISHED, title="Data Analyst")
    word_file = tmp_path / "senior-data-analyst.docx"
    word_file.write_bytes(good_jd_docx())

    # Borough staff upload a Word file and check what the portal read from it.
    sign_in(page, uploader.email)
    visit(page, "/jd-library/upload/")
    page.get_by_label("Upload a file").set_input_files(str(word_file))
    page.get_by_role("button", name="Upload file").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert page.get_by_label("Job title").input_value() == "Senior Data Analyst"
    assert (
        "Build dashboards for housing and social care"
        in page.get_by_label("Key responsibilities").input_value()
    )
    assert page.get_by_role("heading", name="What the JD checker found").is_visible()
    page.get_by_label("Role").select_option(label="Data analyst")
    page.get_by_label("Level").select_option(label="Senior")
    page.get_by_label("Grade").fill("PO6")
    page.get_by_label("Minimum salary").fill("52000")
    page.get_by_label("Maximum salary").fill("56500")
    page.get_by_label("Yes").check()
    page.get_by_label("Hours a week").fill("36")
    page.get_by_label("Permanent").check()
    page.get_by_label("Year advertised").fill("2026")
    page.get_by_role("button", name="Submit for approval").click()
    page.wait_for_load_state()
    assert_accessible(page)
    jd = JobDescription.objects.get(title="Senior Data Analyst")
    assert jd.status == JobDescription.Status.SUBMITTED
    assert jd.original_filename == "senior-data-analyst.docx"
    sign_out(page)

    # A LOTI admin publishes it and marks it as an exemplar.
    sign_in(page, admin.email, totp_secret=secret)
    visit(page, "/jd-library/moderation/")
    page.get_by_role("button", name=re.compile("Approve Senior Data Analyst")).click()
    page.wait_for_load_state()
    assert_accessible(page)
    visit(page, f"/jd-library/{jd.pk}/exemplar/")
    page.get_by_role("button", name="Mark as exemplar").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.get_by_label("Why is this job description an exemplar?").fill(
        "A clear purpose and a short person specification."
    )
    page.get_by_role("button", name="Mark as exemplar").click()
    page.wait_for_load_state()
    jd.refresh_from_db()
    assert (jd.status, jd.is_exemplar) == (JobDescription.Status.PUBLISHED, True)
    sign_out(page)

    # Anyone finds it by search and filter, compares it with another and downloads it.
    visit(page, "/jd-library/?q=dashboards")
    page.get_by_label("Exemplars only").check()
    page.get_by_role("button", name="Apply filters").first.click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert page.get_by_role("link", name="Senior Data Analyst").is_visible()
    visit(page, "/jd-library/")
    page.get_by_label(f"Compare {jd.title}, Camden").check()
    page.get_by_label(f"Compare {other.title}, Hackney").check()
    page.get_by_role("button", name="Compare selected").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert page.get_by_role("columnheader", name=re.compile("Senior Data Analyst")).count()
    visit(page, f"/jd-library/{jd.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as Word (.docx)").click()
    imported = import_docx(download.value.path().read_bytes(), "download.docx")
    assert imported.title == "Senior Data Analyst"
    assert "Build dashboards for housing and social care" in imported.sections["responsibilities"]
