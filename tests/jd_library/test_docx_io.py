import io
import pickle
import zipfile

import mammoth
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jd_library.docx_io import (
    SECTION_KEYS,
    DocxRejected,
    export_docx,
    heading_key,
    import_docx,
    normalise_section_html,
    sections_equal,
    validate_docx,
)
from jd_library.docx_io.validation import MESSAGES
from tests.jd_library import docx_samples


@pytest.fixture
def mammoth_forbidden(monkeypatch):
    """Fails the test if anything reaches mammoth: refusals must come before parsing."""

    def refuse(*args, **kwargs):
        raise AssertionError("mammoth was called on a file that should have been refused")

    monkeypatch.setattr(mammoth, "convert_to_html", refuse)


# Reading good files.


def test_headings_split_the_document_into_sections():
    imported = import_docx(docx_samples.good_jd_docx(), "Senior Data Analyst.docx")

    assert imported.title == "Senior Data Analyst"
    sections = imported.sections
    assert set(sections) == set(SECTION_KEYS)
    assert "<strong>use data well</strong>" in sections["purpose"]
    assert "<em>explain it plainly</em>" in sections["purpose"]
    assert (
        "<li>Build dashboards for housing and social care<ul><li>Power BI reports</li></ul></li>"
        in (sections["responsibilities"])
    )
    assert (
        "<ol><li>Agree priorities with service leads</li><li>Publish open data</li></ol>"
        in (sections["responsibilities"])
    )
    assert "Experience of SQL" in sections["person_specification"]
    assert "Data visualisation: <strong>practitioner</strong>" in sections["skills"]
    assert imported.unmatched_html == "<p>London Borough of Camden, Digital and Data</p>"
    assert imported.warnings == ["Images in the file have been left out"]
    assert "Statistical analysis: working" in imported.plain_text


def test_bold_paragraphs_with_other_wordings_count_as_headings():
    imported = import_docx(docx_samples.good_jd_docx(bold_headings=True), "jd.docx")

    assert imported.title == "Senior Data Analyst"
    assert "use data well" in imported.sections["purpose"]
    assert "Coach colleagues" in imported.sections["responsibilities"]
    assert "Experience of SQL" in imported.sections["person_specification"]
    assert "Statistical analysis" in imported.sections["skills"]
    assert "Main duties" not in imported.sections["purpose"] + imported.sections["responsibilities"]
    assert imported.warnings == ["Images in the file have been left out"]


def test_headings_in_a_table_are_found_once_the_table_is_flattened():
    imported = import_docx(docx_samples.table_layout_docx(), "jd.docx")

    assert imported.sections == {
        "purpose": "<p>Keep the housing systems running for residents.</p>",
        "responsibilities": "<p>Fix faults and train staff.</p>",
        "person_specification": "<p>Experience of supporting line-of-business systems.</p>",
        "skills": "<p>Problem solving.</p>",
    }
    assert "<table" not in imported.unmatched_html


def test_script_and_html_typed_into_the_document_stay_text():
    imported = import_docx(docx_samples.good_jd_docx(), "jd.docx")
    purpose = imported.sections["purpose"]

    assert "&lt;script&gt;alert('purpose')&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;" in purpose
    assert "<script" not in purpose
    assert "<img" not in purpose


def test_only_web_links_keep_their_address():
    responsibilities = import_docx(docx_samples.good_jd_docx(), "jd.docx").sections["responsibilities"]

    assert (
        '<a href="https://example.org/data-strategy" rel="nofollow noopener noreferrer">data strategy</a>'
        in responsibilities
    )
    assert "javascript" not in responsibilities
    assert "and this link</p>" in responsibilities


def test_images_are_left_out_with_a_warning():
    imported = import_docx(docx_samples.good_jd_docx(), "jd.docx")

    everything = "".join(imported.sections.values()) + imported.unmatched_html
    assert "<img" not in everything
    assert "base64" not in everything
    assert "Images in the file have been left out" in imported.warnings


def test_text_under_an_unrecognised_heading_is_kept_apart_with_warnings():
    imported = import_docx(docx_samples.unrecognised_heading_docx(), "jd.docx")

    assert imported.sections["purpose"] == "<p>Lead the discovery of a new service.</p>"
    assert imported.sections["responsibilities"] == "<ul><li>Own the roadmap</li></ul>"
    assert imported.unmatched_html == "<h2>About the council</h2><p>We serve 300,000 residents.</p>"
    assert imported.warnings == [
        "We could not find a person specification heading: check the sections below",
        "We could not find a skills heading: check the sections below",
        "Some headings were not recognised: check the text under them and move it if needed",
    ]


@pytest.mark.parametrize(
    ("heading", "key"),
    [
        ("Job purpose", "purpose"),
        ("2. Main duties and responsibilities:", "responsibilities"),
        ("What you\u2019ll do", "responsibilities"),
        ("Person specification (essential and desirable)", "person_specification"),
        ("QUALIFICATIONS, EXPERIENCE AND SKILLS", "person_specification"),
        ("Skills & abilities", "skills"),
        ("Skills Development Officer", None),
        ("Experience Designer", None),
        ("Job purpose \u2013 why this role exists", "purpose"),
        ("Purpose-built housing", None),
        ("Our values", None),
    ],
)
def test_headings_are_matched_by_their_usual_wordings(heading, key):
    assert heading_key(heading) == key


@pytest.mark.parametrize("title", ["Skills", "Skills Development Officer", "Experience Designer"])
def test_a_title_that_reads_like_a_section_heading_is_still_the_title(title):
    data = export_docx(
        title=title, organisation="", facts=[], sections=[(key, "<p>x</p>") for key in SECTION_KEYS]
    )

    imported = import_docx(data, "jd.docx")

    assert imported.title == title
    assert imported.sections == dict.fromkeys(SECTION_KEYS, "<p>x</p>")


def test_a_document_without_headings_uses_its_properties_for_the_title():
    imported = import_docx(docx_samples.no_heading_docx(), "jd.docx")

    assert imported.title == "Delivery Manager"
    assert imported.sections == dict.fromkeys(SECTION_KEYS, "")
    assert imported.unmatched_html == "<p>We are looking for someone to run agile teams.</p>"
    assert len(imported.warnings) == 1
    assert imported.warnings[0].startswith("We could not find any of the usual headings")


# Refusing bad files.

BAD_FILES = [
    pytest.param(docx_samples.executable_bytes, "setup.docx", "not_docx", id="renamed-executable"),
    pytest.param(docx_samples.empty_bytes, "empty.docx", "empty", id="empty"),
    pytest.param(docx_samples.docm_bytes, "jd.docm", "macros", id="docm"),
    pytest.param(docx_samples.encrypted_bytes, "jd.docx", "encrypted", id="encrypted"),
    pytest.param(docx_samples.legacy_doc_bytes, "jd.doc", "legacy_doc", id="legacy-doc"),
    pytest.param(docx_samples.zip_bomb_bytes, "jd.docx", "zip_bomb", id="zip-bomb"),
    pytest.param(docx_samples.lying_size_bytes, "jd.docx", "corrupt", id="size-in-header-lies"),
    pytest.param(docx_samples.billion_laughs_bytes, "jd.docx", "xml_entities", id="billion-laughs"),
    pytest.param(docx_samples.external_entity_bytes, "jd.docx", "xml_entities", id="external-entity"),
    pytest.param(docx_samples.utf16_doctype_bytes, "jd.docx", "corrupt", id="utf16-doctype"),
    pytest.param(docx_samples.hidden_doctype_bytes, "jd.docx", "xml_entities", id="doctype-in-other-part"),
    pytest.param(docx_samples.oversized_bytes, "jd.docx", "too_big", id="oversized"),
    pytest.param(docx_samples.many_entries_bytes, "jd.docx", "too_many_parts", id="10000-entries"),
    pytest.param(docx_samples.path_traversal_bytes, "jd.docx", "corrupt", id="path-traversal"),
    pytest.param(docx_samples.plain_zip_bytes, "jd.docx", "not_docx", id="plain-zip"),
    pytest.param(docx_samples.truncated_bytes, "jd.docx", "corrupt", id="truncated"),
    pytest.param(docx_samples.paragraph_flood_bytes, "jd.docx", "too_complex", id="paragraph-flood"),
]


@pytest.mark.usefixtures("mammoth_forbidden")
@pytest.mark.parametrize(("build", "filename", "reason"), BAD_FILES)
def test_bad_files_are_refused_before_parsing(build, filename, reason):
    data = build()
    code, message = MESSAGES[reason]

    with pytest.raises(DocxRejected) as refused:
        validate_docx(data, filename)
    assert (refused.value.code, refused.value.message, str(refused.value)) == (code, message, message)

    with pytest.raises(DocxRejected) as refused_on_import:
        import_docx(data, filename)
    assert refused_on_import.value.reason == reason


def test_the_kinds_of_bad_file_in_the_brief_each_have_their_own_message():
    reasons = [
        "not_docx",
        "empty",
        "macros",
        "encrypted",
        "zip_bomb",
        "xml_entities",
        "too_big",
        "legacy_doc",
    ]

    messages = [MESSAGES[reason][1] for reason in reasons]

    assert len(set(messages)) == len(messages)
    assert all(message.startswith("The selected file ") for message in messages)


def test_a_refusal_survives_pickling_for_task_queues():
    refusal = DocxRejected("macros", "vbaProject.bin")

    copy = pickle.loads(pickle.dumps(refusal))

    assert (copy.code, copy.message, copy.detail, str(copy)) == (
        "macros",
        refusal.message,
        "vbaProject.bin",
        refusal.message,
    )


def test_a_5mb_file_is_accepted_and_one_byte_more_is_not():
    validate_docx(docx_samples.oversized_bytes(5 * 1024 * 1024), "jd.docx")

    with pytest.raises(DocxRejected, match="must be smaller than 5MB"):
        validate_docx(docx_samples.oversized_bytes(), "jd.docx")


def test_a_good_file_with_another_extension_is_refused():
    with pytest.raises(DocxRejected) as refused:
        validate_docx(docx_samples.good_jd_docx(), "jd.html")

    assert refused.value.code == "not_docx"


def test_the_zip_bomb_is_refused_from_its_directory_without_unpacking(monkeypatch):
    data = docx_samples.zip_bomb_bytes()

    def refuse(*args, **kwargs):
        raise AssertionError("the zip bomb was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", refuse)
    with pytest.raises(DocxRejected) as refused:
        validate_docx(data, "jd.docx")
    assert refused.value.code == "zip_bomb"
    assert len(data) < 1024 * 1024


# Writing and reading back.

ROUND_TRIP_JDS = [
    {
        "title": "Senior Data Analyst",
        "organisation": "London Borough of Camden",
        "facts": [
            ("Salary", "£45,000 to £50,000"),
            ("Grade", "PO6"),
            ("Hours", "36 a week"),
            ("Contract", ""),
        ],
        "sections": {
            "purpose": "<p>Help Camden's services <strong>use data well</strong> and explain it plainly.</p>"
            "<p>Read the <a href='https://example.org/strategy'>data strategy</a> first.</p>",
            "responsibilities": "<ul><li>Build dashboards<ul><li>Power BI</li><li>Looker Studio</li></ul>"
            "</li><li>Coach colleagues in <em>data literacy</em></li></ul>"
            "<p>Each quarter:</p><ol><li>Agree priorities</li><li>Report progress</li></ol>"
            "<p>And each year:</p><ol><li>Publish open data</li></ol>",
            "person_specification": "<h3>Essential</h3><ul><li>SQL, and Python or R</li></ul>"
            "<h3>Desirable</h3><ul><li>Experience in local government</li></ul>",
            "skills": "<ul><li>Data visualisation: <strong>practitioner</strong></li>"
            "<li>Statistics: working</li></ul>",
        },
    },
    {
        "title": "User Researcher",
        "organisation": "Royal Borough of Greenwich",
        "facts": [("Salary", "£41,000"), ("Contract", "Permanent")],
        "sections": {
            "purpose": "<p>Find out what residents need from council services, &amp; share it.</p>",
            "responsibilities": "<ol><li>Plan research with <strong>teams</strong></li><li>Run interviews"
            "<br>and usability tests</li></ol><p>Skills</p><p>Write up findings &lt;quickly&gt;.</p>",
            "person_specification": "<p>You have done user research in a multidisciplinary team.</p>"
            "<p>Email <a href='mailto:jobs@example.org'>jobs@example.org</a> with questions.</p>",
            "skills": "<p>  User research:\n   practitioner  </p><p></p><p>Accessibility: working</p>",
        },
    },
    {
        "title": "Infrastructure Engineer",
        "organisation": "London Borough of Hackney",
        "facts": [("Hours", "Full time, flexible"), ("Grade", "PO4")],
        "sections": {
            "purpose": "Keep our cloud platform <em>secure</em> and available.",
            "responsibilities": "<ul><li>Patch servers</li><li>Automate builds<ol><li>Terraform</li>"
            "<li>GitHub Actions<ul><li>Runners</li></ul></li></ol></li></ul>",
            "person_specification": "<ul><li>Linux administration</li><li>Networking</li></ul>",
            "skills": "<h2>Technical</h2><p>Cloud: practitioner</p>",
        },
    },
]


@pytest.mark.parametrize("jd", ROUND_TRIP_JDS, ids=lambda jd: jd["title"])
def test_an_exported_jd_imports_to_the_same_sections(jd):
    data = export_docx(
        title=jd["title"],
        organisation=jd["organisation"],
        facts=jd["facts"],
        sections=list(jd["sections"].items()),
    )

    imported = import_docx(data, f"{jd['title']}.docx")

    assert imported.title == jd["title"]
    for key in SECTION_KEYS:
        assert sections_equal(imported.sections[key], jd["sections"][key]), key
    assert imported.warnings == []
    assert jd["organisation"] in imported.unmatched_html


def test_the_round_trip_keeps_bold_italic_and_nesting():
    jd = ROUND_TRIP_JDS[0]
    data = export_docx(title=jd["title"], organisation="", facts=[], sections=list(jd["sections"].items()))

    sections = import_docx(data, "jd.docx").sections

    assert "<strong>use data well</strong>" in sections["purpose"]
    assert "<em>data literacy</em>" in sections["responsibilities"]
    assert (
        "<li>Build dashboards<ul><li>Power BI</li><li>Looker Studio</li></ul></li>"
        in sections["responsibilities"]
    )
    assert "Read the data strategy (https://example.org/strategy) first." in sections["purpose"]


def test_exported_documents_name_the_portal_and_nobody_else():
    data = export_docx(
        title="Data Analyst", organisation="Camden", facts=[], sections=[("purpose", "<p>x</p>")]
    )

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        core = archive.read("docProps/core.xml").decode()
        names = archive.namelist()
    assert "<dc:title>Data Analyst</dc:title>" in core
    assert "<dc:creator>LOTI Skills Portal</dc:creator>" in core
    assert "<cp:lastModifiedBy>LOTI Skills Portal</cp:lastModifiedBy>" in core
    assert "python-docx" not in core
    assert "docProps/thumbnail.jpeg" not in names


def test_each_numbered_list_starts_again_at_one():
    data = export_docx(
        title="x",
        organisation="",
        facts=[],
        sections=[("purpose", "<ol><li>a</li></ol><p>b</p><ol><li>c</li></ol>")],
    )

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        document = archive.read("word/document.xml").decode()
        numbering = archive.read("word/numbering.xml").decode()
    assert document.count("<w:numId ") == 2
    assert numbering.count('<w:startOverride w:val="1"/>') == 2


def test_section_keys_and_headings_both_work_as_section_titles():
    data = export_docx(
        title="x", organisation="", facts=[], sections=[("skills", "<p>a</p>"), ("Main duties", "<p>b</p>")]
    )

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        document = archive.read("word/document.xml").decode()
    assert "<w:t>Skills</w:t>" in document
    assert "<w:t>Main duties</w:t>" in document


def test_normalising_ignores_whitespace_and_formatting_but_not_structure():
    assert sections_equal("<p>a  <strong>b</strong>\n c</p>", "<p>a b c</p>")
    assert sections_equal("<ul>\n  <li>one</li>\n</ul>", "<ul><li>one</li></ul>")
    assert not sections_equal("<ul><li>one</li></ul>", "<ol><li>one</li></ol>")
    assert not sections_equal("<ul><li>a<ul><li>b</li></ul></li></ul>", "<ul><li>a</li><li>b</li></ul>")
    assert not sections_equal("<p>a</p><p>b</p>", "<p>a b</p>")
    assert normalise_section_html("<h3>Essential</h3><p>x</p><script>y</script>") == "h: Essential\np: x"


_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co", "Cn"))
    | st.sampled_from("<>&\"' \n"),
    min_size=1,
    max_size=30,
)
_INLINE = st.lists(
    st.tuples(_TEXT, st.sampled_from(["", "strong", "em"])).map(
        lambda piece: f"<{piece[1]}>{_escape(piece[0])}</{piece[1]}>" if piece[1] else _escape(piece[0])
    ),
    min_size=1,
    max_size=3,
).map("".join)
_BLOCK = st.one_of(
    _INLINE.map(lambda text: f"<p>{text}</p>"),
    _INLINE.map(lambda text: f"<h3>{text}</h3>"),
    st.tuples(st.sampled_from(["ul", "ol"]), st.lists(_INLINE, min_size=1, max_size=3)).map(
        lambda kind_items: (
            f"<{kind_items[0]}>"
            + "".join(f"<li>{item}</li>" for item in kind_items[1])
            + f"</{kind_items[0]}>"
        )
    ),
)
_SECTION = st.lists(_BLOCK, min_size=0, max_size=4).map("".join)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sections=st.fixed_dictionaries(dict.fromkeys(SECTION_KEYS, _SECTION)))
def test_any_section_content_survives_the_round_trip(sections):
    data = export_docx(title="Analyst", organisation="Camden", facts=[], sections=list(sections.items()))

    imported = import_docx(data, "jd.docx")

    for key in SECTION_KEYS:
        assert normalise_section_html(imported.sections[key]) == normalise_section_html(sections[key]), key
