import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Organisation
from capability.models import Level, Role
from jd_library.docx_io import MAX_FILE_BYTES
from jd_library.forms import JDForm, UploadForm, editable_text, safe_filename
from jd_library.models import JobDescription
from loti_portal.richtext import clean_html
from tests.accounts.factories import MembershipFactory, loti_admin, staff_of
from tests.jd_library import docx_samples
from tests.jd_library.factories import JobDescriptionFactory

pytestmark = pytest.mark.django_db


def jd_post_data(**overrides) -> dict[str, str]:
    """What a borough officer types into the JD form, as the browser posts it."""
    data = {
        "title": "Senior Data Analyst",
        "role": str(Role.objects.get(slug="data-analyst").pk),
        "level": str(Level.objects.get(slug="senior").pk),
        "grade_label": "PO6",
        "salary_min": "£45,000",
        "salary_max": "52,500",
        "london_weighting_included": "True",
        "hours_per_week": "36",
        "contract_type": "permanent",
        "year_advertised": str(timezone.localdate().year),
        "purpose": "Help our services use data well.\n\nYou will work with housing and social care.",
        "responsibilities": "- Build dashboards with service teams\n- Coach colleagues in data literacy",
        "person_specification": "Experience of SQL and one of Python or R.",
        "skills": "",
        "action": "preview",
    }
    return {**data, **overrides}


@pytest.fixture
def hackney():
    return Organisation.objects.get(slug="hackney")


@pytest.fixture
def officer(hackney):
    return staff_of(hackney)


def errors_of(form) -> dict[str, list[str]]:
    return {name: list(messages) for name, messages in form.errors.items()}


def test_valid_form_creates_a_draft_for_the_officers_organisation(officer, hackney):
    form = JDForm(jd_post_data(), user=officer)
    assert form.is_valid(), form.errors
    jd = form.save()
    assert jd.organisation == hackney
    assert jd.status == JobDescription.Status.DRAFT
    assert (jd.salary_min, jd.salary_max) == (45_000, 52_500)
    assert jd.purpose == (
        "<p>Help our services use data well.</p><p>You will work with housing and social care.</p>"
    )
    assert jd.responsibilities == (
        "<ul><li>Build dashboards with service teams</li><li>Coach colleagues in data literacy</li></ul>"
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"salary_min": "52000", "salary_max": "45000"}, "salary_max",
         "Maximum salary must be the same as or more than the minimum salary"),
        ({"salary_min": ""}, "salary_min", "Enter the minimum salary: candidates ask for the salary first"),
        ({"salary_max": "forty thousand"}, "salary_max",
         "Maximum salary must be a whole number of pounds, like 42000"),
        ({"salary_min": "4000"}, "salary_min", "Minimum salary must be £10,000 or more"),
        ({"year_advertised": "1999"}, "year_advertised", "Year advertised must be 2000 or later"),
        ({"year_advertised": "2999"}, "year_advertised",
         f"Year advertised must be {timezone.localdate().year + 1} or earlier"),
        ({"year_advertised": "last year"}, "year_advertised", "Year advertised must be a year, like 2025"),
        ({"purpose": ""}, "purpose", "Enter the job purpose"),
        ({"purpose": "<p> </p><script>alert(1)</script>"}, "purpose", "Enter the job purpose"),
        ({"title": ""}, "title", "Enter the job title"),
        ({"title": "x" * 151}, "title", "Job title must be 150 characters or fewer"),
        ({"role": ""}, "role", "Select the role"),
        ({"role": "999999"}, "role", "Select a role from the list"),
        ({"hours_per_week": "60"}, "hours_per_week", "Hours a week must be 48 or less"),
        ({"contract_type": "zero_hours"}, "contract_type", "Select the contract type"),
        ({"london_weighting_included": ""}, "london_weighting_included",
         "Select yes if the salary includes London weighting"),
    ],
)  # fmt: skip
def test_each_rule_has_a_clear_message_and_nothing_is_saved(officer, overrides, field, message):
    form = JDForm(jd_post_data(**overrides), user=officer)
    assert not form.is_valid()
    assert errors_of(form)[field] == [message]
    assert JobDescription.objects.count() == 0


def test_html_in_a_section_is_sanitised(officer):
    purpose = '<p onclick="steal()">Plan <strong>services</strong></p><script>alert(1)</script>'
    form = JDForm(jd_post_data(purpose=purpose), user=officer)
    assert form.is_valid(), form.errors
    assert form.save().purpose == "<p>Plan <strong>services</strong></p>"


def test_organisation_is_asked_only_of_people_who_act_for_several(officer, hackney):
    assert "organisation" not in JDForm(user=officer).fields
    admin_form = JDForm(user=loti_admin())
    assert "organisation" in admin_form.fields
    assert admin_form.fields["organisation"].queryset.count() == Organisation.objects.count()
    two_boroughs = staff_of(hackney)
    MembershipFactory(user=two_boroughs, organisation=Organisation.objects.get(slug="camden"))
    assert list(JDForm(user=two_boroughs).fields["organisation"].queryset.values_list("slug", flat=True)) == [
        "camden",
        "hackney",
    ]


def test_a_loti_admin_must_choose_the_organisation(hackney):
    admin = loti_admin()
    form = JDForm(jd_post_data(), user=admin)
    assert not form.is_valid()
    assert errors_of(form)["organisation"] == ["Select the organisation the job description is for"]
    form = JDForm(jd_post_data(organisation=str(hackney.pk)), user=admin)
    assert form.is_valid(), form.errors
    assert form.save().organisation == hackney


def test_a_member_cannot_pick_another_organisation(officer, hackney):
    camden = Organisation.objects.get(slug="camden")
    form = JDForm(jd_post_data(organisation=str(camden.pk)), user=officer)
    assert form.is_valid(), form.errors
    assert form.save().organisation == hackney


def test_roles_are_grouped_by_family(officer):
    choices = list(JDForm(user=officer).fields["role"].choices)
    assert choices[0][0] == ""
    groups = dict(choices[1:])
    assert "Data" in groups
    data_roles = [str(label) for _, label in groups["Data"]]
    assert "Data analyst" in [label.capitalize() for label in data_roles]


def test_edit_form_shows_sections_as_text_people_can_edit(officer):
    jd = JobDescriptionFactory(
        purpose="<p>Help services <strong>understand</strong> residents &amp; their needs.</p><p>Second.</p>",
        responsibilities="<ul><li>Build dashboards</li><li>Clean data</li></ul>",
        skills="<h3>Technical</h3><ol><li>SQL</li></ol>",
        hours_per_week=36,
    )
    form = JDForm(instance=jd, user=officer)
    assert form.initial["purpose"] == (
        "Help services <strong>understand</strong> residents & their needs.\n\nSecond."
    )
    assert form.initial["responsibilities"] == "- Build dashboards\n- Clean data"
    assert form.initial["skills"] == "<h3>Technical</h3><ol><li>SQL</li></ol>"
    assert form.initial["hours_per_week"] == 36
    assert "organisation" not in form.fields


@pytest.mark.parametrize(
    "html",
    [
        "<p>One</p><p>Two<br>lines</p>",
        '<ul><li>A <a href="https://example.org" rel="noopener noreferrer nofollow">link</a></li></ul>',
        "<p>&lt;script&gt; is text</p>",
        "<p>- not a list</p>",
        "<ul><li>Outer<ul><li>Inner</li></ul></li></ul>",
        "<h2>Heading</h2><p>Text</p>",
    ],
)
def test_editable_text_always_saves_back_to_the_same_html(html):
    assert clean_html(editable_text(html)) == clean_html(html)


def test_edit_saves_through_the_service(officer):
    jd = JobDescriptionFactory()
    form = JDForm(jd_post_data(title="Lead Data Analyst"), instance=jd, user=officer)
    assert form.is_valid(), form.errors
    form.save()
    jd.refresh_from_db()
    assert jd.title == "Lead Data Analyst"
    assert "Lead Data Analyst" in jd.search_document


def test_edit_of_a_submitted_jd_is_refused_by_the_service(officer):
    jd = JobDescriptionFactory(status=JobDescription.Status.SUBMITTED)
    form = JDForm(jd_post_data(title="Changed"), instance=jd, user=officer)
    assert form.is_valid()
    with pytest.raises(ValueError, match="cannot be edited"):
        form.save()
    assert JobDescription.objects.get(pk=jd.pk).title == "Data Analyst"


# The upload form.


class CountingUpload(SimpleUploadedFile):
    """An uploaded file that records how many bytes were read from it."""

    def __init__(self, name, content, *, size=None):
        super().__init__(name, content)
        self.bytes_read = 0
        if size is not None:
            self.size = size

    def read(self, size=-1):
        data = super().read(size)
        self.bytes_read += len(data)
        return data


def upload_form(name: str, content: bytes, **kwargs) -> UploadForm:
    return UploadForm(data={}, files={"file": CountingUpload(name, content, **kwargs)})


def test_a_good_docx_is_read_into_sections():
    form = upload_form("Senior Data Analyst.docx", docx_samples.good_jd_docx())
    assert form.is_valid(), form.errors
    upload = form.upload
    assert (upload.filename, upload.kind) == ("Senior_Data_Analyst.docx", "docx")
    assert upload.imported.title == "Senior Data Analyst"
    assert "use data well" in upload.imported.sections["purpose"]


def test_a_file_too_big_by_its_size_is_refused_without_reading_it():
    upload = CountingUpload("jd.docx", b"PK\x03\x04" + b"0" * 100, size=MAX_FILE_BYTES + 1)
    form = UploadForm(data={}, files={"file": upload})
    assert not form.is_valid()
    assert errors_of(form)["file"] == ["The selected file must be smaller than 5MB"]
    assert upload.bytes_read == 0


def test_a_file_bigger_than_it_says_is_read_no_further_than_the_limit():
    content = b"PK\x03\x04" + b"0" * (MAX_FILE_BYTES + 1000)
    upload = CountingUpload("jd.docx", content, size=100)
    form = UploadForm(data={}, files={"file": upload})
    assert not form.is_valid()
    assert errors_of(form)["file"] == ["The selected file must be smaller than 5MB"]
    assert upload.bytes_read == MAX_FILE_BYTES + 1


def test_a_pdf_is_checked_to_be_one():
    good = upload_form("jd.pdf", b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    assert good.is_valid(), good.errors
    assert (good.upload.kind, good.upload.imported) == ("pdf", None)
    bad = upload_form("jd.pdf", docx_samples.executable_bytes())
    assert not bad.is_valid()
    assert errors_of(bad)["file"] == ["The selected file is damaged or is not a PDF"]


def test_other_kinds_of_file_are_refused():
    form = upload_form("jd.txt", b"Job purpose\nHelp residents.")
    assert not form.is_valid()
    assert errors_of(form)["file"] == ["The selected file must be a Word document (.docx) or a PDF"]


def test_no_file_and_an_expired_upload_have_their_own_messages():
    form = UploadForm(data={}, files={})
    assert not form.is_valid()
    assert errors_of(form)["file"] == ["Select a job description file"]
    expired = UploadForm(data={}, files={}, expired_upload=True)
    assert not expired.is_valid()
    assert errors_of(expired)["file"][0].startswith("Upload the file again")


@pytest.mark.parametrize(
    ("name", "extension", "expected"),
    [
        ("../../etc/passwd.docx", ".docx", "passwd.docx"),
        ("C:\\Users\\me\\My JD (final).docx", ".docx", "My_JD_final.docx"),
        ("jd.DOCX", ".docx", "jd.docx"),
        ("....pdf", ".pdf", "job-description.pdf"),
        (".docx", ".docx", "job-description.docx"),
        ("().pdf", ".pdf", "job-description.pdf"),
        ("\x00<script>.docx", ".docx", "script.docx"),
    ],
)
def test_safe_filename(name, extension, expected):
    assert safe_filename(name, extension) == expected


def test_upload_reads_from_the_start_of_the_file():
    data = docx_samples.good_jd_docx()
    upload = CountingUpload("jd.docx", data)
    upload.file = io.BytesIO(data)
    upload.file.seek(len(data))
    form = UploadForm(data={}, files={"file": upload})
    assert form.is_valid(), form.errors
    assert form.upload.data == data
