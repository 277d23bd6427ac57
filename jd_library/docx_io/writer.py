"""A clean .docx of a JD, written with python-docx from the stored section HTML."""

import io
from datetime import UTC, datetime

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from .markup import Block, Run, blocks_from_html, clean_text, link_label
from .sections import canonical_heading

AUTHOR = "LOTI Skills Portal"
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def export_docx(
    *,
    title: str,
    organisation: str,
    facts: list[tuple[str, str]],
    sections: list[tuple[str, str]],
) -> bytes:
    """The JD as .docx bytes: title (Heading 1), organisation, facts as "Label: value" lines, then each
    section under a Heading 2. A section is (heading, html), where heading may be a section key such as
    "person_specification" to use its canonical heading. Facts with an empty value are left out."""
    document = docx.Document()
    _clean_package(document, title)
    if clean_text(title):
        document.add_heading(clean_text(title), level=1)
    if clean_text(organisation):
        document.add_paragraph(clean_text(organisation))
    for label, value in facts:
        if not clean_text(value):
            continue
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{clean_text(label)}: ").bold = True
        paragraph.add_run(clean_text(value))
    for heading, markup in sections:
        document.add_heading(clean_text(canonical_heading(heading)), level=2)
        _SectionWriter(document).write(blocks_from_html(markup))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class _SectionWriter:
    def __init__(self, document: Document):
        self.document = document
        # Each numbered list gets its own numbering instance, so that a second list starts again at 1.
        self.list_kinds: dict[int, str] = {}
        self.list_nums: dict[int, int | None] = {}

    def write(self, blocks: list[Block]) -> None:
        for block in blocks:
            if block.tag == "li":
                paragraph = self._list_item(block)
            else:
                self.list_kinds.clear()
                self.list_nums.clear()
                style = "Heading 3" if block.is_heading else None
                paragraph = self.document.add_paragraph(style=style)
            _add_runs(paragraph, block.runs)

    def _list_item(self, block: Block) -> Paragraph:
        lists = block.lists or ("ul",)
        depth = min(len(lists), 3)
        kind = lists[-1]
        for deeper in [d for d in self.list_kinds if d > depth]:
            del self.list_kinds[deeper]
            self.list_nums.pop(deeper, None)
        style = ("List Bullet" if kind == "ul" else "List Number") + ("" if depth == 1 else f" {depth}")
        paragraph = self.document.add_paragraph(style=style)
        if kind == "ol":
            if self.list_kinds.get(depth) != "ol":
                self.list_nums[depth] = self._restarted_num(style)
            num_id = self.list_nums.get(depth)
            if num_id is not None:
                num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                num_pr.get_or_add_ilvl().val = 0
                num_pr.get_or_add_numId().val = num_id
        self.list_kinds[depth] = kind
        return paragraph

    def _restarted_num(self, style_name: str) -> int | None:
        p_pr = self.document.styles[style_name].element.pPr
        if p_pr is None or p_pr.numPr is None or p_pr.numPr.numId is None:
            return None
        numbering = self.document.part.numbering_part.element
        abstract_id = numbering.num_having_numId(p_pr.numPr.numId.val).abstractNumId.val
        num = numbering.add_num(abstract_id)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return num.numId


def _add_runs(paragraph: Paragraph, runs: list[Run]) -> None:
    """Runs with HTML's whitespace rules applied: collapsed, and trimmed at the ends of each line."""
    pieces: list[tuple[str, Run]] = []
    for run in runs:
        if run.is_break:
            pieces.append(("\n", run))
            continue
        text = link_label(run.text, run.href) if run.href else run.text
        # Collapse whitespace but keep one space at either end: it separates this run from its neighbours.
        text = clean_text(f"x{text}x")[1:-1]
        if not text:
            continue
        previous = pieces[-1][0] if pieces else "\n"
        if previous.endswith((" ", "\n")):
            text = text.lstrip(" ")
        if text:
            pieces.append((text, run))
    while pieces and pieces[-1][0] == "\n":
        pieces.pop()
    for index, (text, run) in enumerate(pieces):
        if text == "\n":
            paragraph.add_run().add_break()
            continue
        following = pieces[index + 1][0] if index + 1 < len(pieces) else "\n"
        if following == "\n":
            text = text.rstrip(" ")
        if text:
            added = paragraph.add_run(text)
            added.bold = run.bold or None
            added.italic = run.italic or None


def _clean_package(document: Document, title: str) -> None:
    """Core properties that name the portal and nobody else. python-docx's template thumbnail and its
    hundred unused table styles go: they are nine tenths of the XML that mammoth parses on re-upload."""
    properties = document.core_properties
    now = datetime.now(UTC).replace(microsecond=0)
    properties.title = clean_text(title)
    properties.author = AUTHOR
    properties.last_modified_by = AUTHOR
    properties.comments = ""
    properties.subject = ""
    properties.keywords = ""
    properties.category = ""
    properties.language = "en-GB"
    properties.revision = 1
    properties.created = now
    properties.modified = now
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            package.rels.pop(rel_id)
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            document.part.rels.pop(rel_id)
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:default")) != "1":
            styles.remove(style)
