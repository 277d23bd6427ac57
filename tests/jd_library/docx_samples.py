"""Word files for the tests, good and hostile, built in memory with python-docx, zipfile and plain bytes."""

import functools
import io
import random
import struct
import zipfile
import zlib

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

W_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

CONTENT_TYPES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{DOCX_MAIN}"/>'
    "</Types>"
)
PACKAGE_RELS_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
DOCUMENT_START = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NAMESPACE}"><w:body>'
)
DOCUMENT_END = "</w:body></w:document>"


def paragraph_xml(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def minimal_docx(document_xml: str | bytes, *, extra: dict[str, bytes] | None = None) -> bytes:
    """The fewest parts mammoth needs: content types, package relationships and the document."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES_XML)
        archive.writestr("_rels/.rels", PACKAGE_RELS_XML)
        archive.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def rewrite_zip(
    data: bytes, *, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None
) -> bytes:
    replace = replace or {}
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return buffer.getvalue()


def png_bytes() -> bytes:
    """A valid 1x1 PNG, so that python-docx can place a picture without an imaging library."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def add_hyperlink(paragraph, url: str, text: str) -> None:
    rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    text_element = OxmlElement("w:t")
    text_element.text = text
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def good_jd_docx(*, bold_headings: bool = False) -> bytes:
    """A JD with a title, an introduction, the four sections, lists, bold text, a picture, links and text
    that looks like HTML. With `bold_headings`, the headings are bold paragraphs with other wordings."""
    document = docx.Document()
    document.core_properties.title = "Template title"
    document.add_heading("Senior Data Analyst", level=1)
    document.add_paragraph("London Borough of Camden, Digital and Data")

    def heading(standard: str, synonym: str) -> None:
        if bold_headings:
            document.add_paragraph().add_run(synonym).bold = True
        else:
            document.add_heading(standard, level=2)

    heading("Job purpose", "Purpose of the role:")
    paragraph = document.add_paragraph("You will help our services ")
    paragraph.add_run("use data well").bold = True
    paragraph.add_run(" and ")
    paragraph.add_run("explain it plainly").italic = True
    paragraph.add_run(".")
    document.add_paragraph("<script>alert('purpose')</script> & <img src=x onerror=alert(1)>")
    document.add_picture(io.BytesIO(png_bytes()))

    heading("Key responsibilities", "Main duties")
    document.add_paragraph("Build dashboards for housing and social care", style="List Bullet")
    document.add_paragraph("Power BI reports", style="List Bullet 2")
    document.add_paragraph("Coach colleagues in data literacy", style="List Bullet")
    document.add_paragraph("Agree priorities with service leads", style="List Number")
    document.add_paragraph("Publish open data", style="List Number")
    links = document.add_paragraph("Read our ")
    add_hyperlink(links, "https://example.org/data-strategy", "data strategy")
    links.add_run(" and ")
    add_hyperlink(links, "javascript:alert(1)", "this link")

    heading("Person specification", "About you")
    document.add_paragraph("Experience of SQL and one of Python or R", style="List Bullet")
    document.add_paragraph("Explaining findings to people who are not analysts", style="List Bullet")

    heading("Skills", "Skills and abilities")
    paragraph = document.add_paragraph("Data visualisation: ")
    paragraph.add_run("practitioner").bold = True
    document.add_paragraph("Statistical analysis: working")
    return save(document)


def table_layout_docx() -> bytes:
    """Headings in the left column of a table and the text beside them, as many council templates do."""
    document = docx.Document()
    document.add_heading("Housing Systems Officer", level=1)
    table = document.add_table(rows=4, cols=2)
    rows = [
        ("Job purpose", "Keep the housing systems running for residents."),
        ("Main duties", "Fix faults and train staff."),
        ("Person specification", "Experience of supporting line-of-business systems."),
        ("Skills", "Problem solving."),
    ]
    for row, (label, text) in zip(table.rows, rows, strict=True):
        row.cells[0].text = label
        row.cells[1].text = text
    return save(document)


def unrecognised_heading_docx() -> bytes:
    document = docx.Document()
    document.add_heading("Product Manager", level=1)
    document.add_heading("Job purpose", level=2)
    document.add_paragraph("Lead the discovery of a new service.")
    document.add_heading("About the council", level=2)
    document.add_paragraph("We serve 300,000 residents.")
    document.add_heading("Key responsibilities", level=2)
    document.add_paragraph("Own the roadmap", style="List Bullet")
    return save(document)


def no_heading_docx() -> bytes:
    document = docx.Document()
    document.core_properties.title = "Delivery Manager"
    document.add_paragraph("We are looking for someone to run agile teams.")
    return save(document)


# The bad-files corpus.


def executable_bytes() -> bytes:
    header = (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 44 + b"\x80\x00\x00\x00"
    )
    return header + b"This program cannot be run in DOS mode.\r\r\n$" + b"\x00" * 4000


def empty_bytes() -> bytes:
    return b""


def docm_bytes() -> bytes:
    data = good_jd_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        content_types = archive.read("[Content_Types].xml").decode()
    content_types = content_types.replace(DOCX_MAIN, DOCM_MAIN).replace(
        "</Types>", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'
    )
    vba = OLE2_MAGIC + b"\x00" * 504 + "VBA".encode("utf-16-le") + b'Attribute VB_Name = "ThisDocument"'
    return rewrite_zip(
        data, replace={"[Content_Types].xml": content_types.encode()}, add={"word/vbaProject.bin": vba}
    )


def _ole2(stream_names: list[str]) -> bytes:
    """An OLE2 compound file header followed by directory entries with these names, as Word writes them."""
    header = OLE2_MAGIC + b"\x00" * 16 + struct.pack("<HHH", 0x3E, 3, 0xFFFE) + b"\x00" * (512 - 30)
    entries = b""
    for name in ["Root Entry", *stream_names]:
        encoded = (name + "\x00").encode("utf-16-le")
        entries += encoded.ljust(64, b"\x00") + struct.pack("<H", len(encoded)) + b"\x02\x01" + b"\x00" * 60
    return header + entries + bytes(random.Random(7).randbytes(4096))


def encrypted_bytes() -> bytes:
    return _ole2(["\x06DataSpaces", "EncryptionInfo", "EncryptedPackage"])


def legacy_doc_bytes() -> bytes:
    return _ole2(["WordDocument", "1Table", "\x05SummaryInformation"])


@functools.cache
def zip_bomb_bytes(unpacked: int = 200 * 1024 * 1024) -> bytes:
    """A .docx whose document.xml is 200 MB of spaces: about 200 KB packed, written in chunks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES_XML)
        archive.writestr("_rels/.rels", PACKAGE_RELS_XML)
        with archive.open("word/document.xml", "w") as part:
            part.write(DOCUMENT_START.encode())
            spaces = b" " * (1024 * 1024)
            for _ in range(unpacked // len(spaces)):
                part.write(spaces)
            part.write(DOCUMENT_END.encode())
    return buffer.getvalue()


def lying_size_bytes() -> bytes:
    """A 40 MB part whose central directory claims 1 KB: zipfile must not be trusted to stop at the header."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES_XML)
        archive.writestr("_rels/.rels", PACKAGE_RELS_XML)
        with archive.open("word/document.xml", "w") as part:
            part.write(DOCUMENT_START.encode())
            for _ in range(40):
                part.write(b" " * (1024 * 1024))
            part.write(DOCUMENT_END.encode())
    data = bytearray(buffer.getvalue())
    name = b"word/document.xml"
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
    struct.pack_into("<I", data, central + 24, 1024)
    return bytes(data)


BILLION_LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10)
    )
    + "]>"
    + f'<w:document xmlns:w="{W_NAMESPACE}"><w:body>{paragraph_xml("&lol9;")}</w:body></w:document>'
)

EXTERNAL_ENTITY = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<!DOCTYPE doc [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    f'<w:document xmlns:w="{W_NAMESPACE}"><w:body>{paragraph_xml("&secret;")}</w:body></w:document>'
)


def billion_laughs_bytes() -> bytes:
    return minimal_docx(BILLION_LAUGHS)


def external_entity_bytes() -> bytes:
    return minimal_docx(EXTERNAL_ENTITY)


def utf16_doctype_bytes() -> bytes:
    """The billion laughs in UTF-16, where a search for the ASCII bytes "<!DOCTYPE" finds nothing."""
    return minimal_docx(BILLION_LAUGHS.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"))


def hidden_doctype_bytes() -> bytes:
    """Styles moved to a part not named .xml, which mammoth still parses because the relationships say so."""
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'styles" Target="media/styles.dat"/></Relationships>'
    )
    document = DOCUMENT_START + paragraph_xml("Hello") + DOCUMENT_END
    return minimal_docx(
        document,
        extra={
            "word/_rels/document.xml.rels": rels.encode(),
            "word/media/styles.dat": EXTERNAL_ENTITY.encode(),
        },
    )


def oversized_bytes(size: int = 5 * 1024 * 1024 + 1) -> bytes:
    """A well-formed .docx of exactly `size` bytes, made up to size with an incompressible stored picture."""

    def build(padding: int) -> bytes:
        noise = random.Random(5).randbytes(padding)
        buffer = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(good_jd_docx())) as source, zipfile.ZipFile(buffer, "w") as target:
            for info in source.infolist():
                target.writestr(info.filename, source.read(info), zipfile.ZIP_DEFLATED)
            target.writestr("word/media/padding.png", noise, zipfile.ZIP_STORED)
        return buffer.getvalue()

    overhead = len(build(0))
    data = build(size - overhead)
    assert len(data) == size
    return data


def many_entries_bytes(count: int = 10_000) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES_XML)
        archive.writestr("_rels/.rels", PACKAGE_RELS_XML)
        archive.writestr("word/document.xml", DOCUMENT_START + paragraph_xml("Hello") + DOCUMENT_END)
        for number in range(count):
            archive.writestr(f"word/media/image{number}.png", b"")
    return buffer.getvalue()


def path_traversal_bytes() -> bytes:
    return rewrite_zip(good_jd_docx(), add={"../../../etc/cron.d/evil": b"* * * * * root true\n"})


def plain_zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("readme.txt", "Not a Word document")
        archive.writestr("data/numbers.csv", "1,2,3\n")
    return buffer.getvalue()


def truncated_bytes() -> bytes:
    data = good_jd_docx()
    return data[: len(data) // 2]


def paragraph_flood_bytes(paragraphs: int = 40_000) -> bytes:
    """Small when packed but with more paragraphs than mammoth can convert in reasonable time."""
    body = "".join(paragraph_xml(f"Line {number}") for number in range(paragraphs))
    return minimal_docx(DOCUMENT_START + body + DOCUMENT_END)
