"""Word to sanitised section HTML: validate, convert with mammoth, sanitise with nh3, split by headings."""

import io
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

import mammoth

from .markup import Block, blocks_from_html, blocks_to_html, blocks_to_text, sanitise_html
from .sections import SECTION_HEADINGS, SECTION_KEYS, heading_key
from .validation import MAX_XML_PART_BYTES, DocxRejected, read_entry, validate_docx

# Word headings become h1 to h3 (h1 is kept only to find the title); lists by style name as well as by
# numbering, so that python-docx's nested "List Bullet 2" paragraphs nest.
STYLE_MAP = """
p[style-name='Title'] => h1:fresh
p[style-name='Subtitle'] => p:fresh
p[style-name='Heading 1'] => h1:fresh
p[style-name='Heading 2'] => h2:fresh
p[style-name='Heading 3'] => h3:fresh
p[style-name='Heading 4'] => h3:fresh
p[style-name='Heading 5'] => h3:fresh
p[style-name='Heading 6'] => h3:fresh
p[style-name='List Bullet'] => ul > li:fresh
p[style-name='List Bullet 2'] => ul|ol > li > ul > li:fresh
p[style-name='List Bullet 3'] => ul|ol > li > ul|ol > li > ul > li:fresh
p[style-name='List Number'] => ol > li:fresh
p[style-name='List Number 2'] => ul|ol > li > ol > li:fresh
p[style-name='List Number 3'] => ul|ol > li > ul|ol > li > ol > li:fresh
"""

_IMPORT_TAGS = frozenset({"h1"})
_SECTION_LABELS = {
    "purpose": "job purpose",
    "responsibilities": "key responsibilities",
    "person_specification": "person specification",
    "skills": "skills",
}
MAX_TITLE_CHARACTERS = 150
GENERIC_TITLES = {
    "job description",
    "job description and person specification",
    "job profile",
    "role profile",
    "role description",
    "person specification",
}
_CORE_NAMESPACES = {"dc": "http://purl.org/dc/elements/1.1/"}


@dataclass
class ImportedJD:
    title: str
    sections: dict[str, str]
    unmatched_html: str = ""
    warnings: list[str] = field(default_factory=list)
    plain_text: str = ""


def import_docx(data: bytes, filename: str) -> ImportedJD:
    """Read an uploaded .docx into a title and the four sections, as sanitised HTML for the uploader to check.

    Raises DocxRejected for a file that is unsafe or not a Word document; nothing is parsed before
    validate_docx has passed it."""
    validate_docx(data, filename)
    images: list[object] = []

    def drop_image(image):
        images.append(image)
        return []

    try:
        result = mammoth.convert_to_html(io.BytesIO(data), style_map=STYLE_MAP, convert_image=drop_image)
    except Exception as error:
        # mammoth raises whatever its zip and XML readers raise on a malformed part.
        raise DocxRejected("corrupt", f"mammoth: {type(error).__name__}: {error}") from error
    blocks = blocks_from_html(result.value, extra_tags=_IMPORT_TAGS)
    imported = _split(blocks, fallback_title=_core_title(data))
    if images:
        imported.warnings.append("Images in the file have been left out")
    return imported


def _split(blocks: list[Block], *, fallback_title: str) -> ImportedJD:
    keys = [_block_key(block) for block in blocks]
    title_index = _find_title(blocks, keys, bold_lines=not fallback_title)
    if title_index is not None:
        keys[title_index] = None
    title = blocks[title_index].text if title_index is not None else fallback_title

    real_levels = [_level(block) for block, key in zip(blocks, keys, strict=True) if key and block.is_heading]
    section_level = min(real_levels) if real_levels else 2
    by_real_heading = {key for block, key in zip(blocks, keys, strict=True) if key and block.is_heading}

    buckets: dict[str, list[Block]] = {key: [] for key in (*SECTION_KEYS, "other")}
    found: set[str] = set()
    unrecognised_headings = False
    current = "other"
    for index, (block, key) in enumerate(zip(blocks, keys, strict=True)):
        if index == title_index:
            continue
        if block.is_heading and _level(block) <= section_level:
            current = key or "other"
            if key:
                found.add(key)
            else:
                unrecognised_headings = True
                buckets["other"].append(block)
            continue
        if key and not block.is_heading and key not in by_real_heading:
            current = key
            found.add(key)
            continue
        buckets[current].append(block)

    heading_map = {"h1": "h2"}
    sections = {key: _final_html(buckets[key], heading_map) for key in SECTION_KEYS}
    unmatched_html = _final_html(buckets["other"], heading_map)
    plain_text = blocks_to_text(blocks)
    return ImportedJD(
        title=title,
        sections=sections,
        unmatched_html=unmatched_html,
        warnings=_warnings(title, found, unrecognised_headings=unrecognised_headings),
        plain_text=plain_text,
    )


def _block_key(block: Block) -> str | None:
    if block.is_heading or block.is_bold_line:
        return heading_key(block.text)
    if block.tag == "p":
        return heading_key(block.text, prefix=False)
    return None


def _find_title(blocks: list[Block], keys: list[str | None], *, bold_lines: bool) -> int | None:
    """The first heading 1 above the sections, else (when asked) the first short bold line there; either
    only if it is not a generic label such as "Job description". A heading 1 that reads like a section
    heading ("Skills") is still the title when the sections below it are headings 2 or 3."""
    first_section = next((index for index, key in enumerate(keys) if key), len(blocks))
    candidates = [index for index in range(first_section) if blocks[index].tag == "h1"]
    if bold_lines:
        candidates += [index for index in range(first_section) if blocks[index].is_bold_line]
    if first_section < len(blocks) and blocks[first_section].tag == "h1":
        later_levels = [
            _level(block)
            for index, (block, key) in enumerate(zip(blocks, keys, strict=True))
            if key and block.is_heading and index != first_section
        ]
        if later_levels and min(later_levels) > 1:
            candidates.insert(0, first_section)
    for index in candidates:
        text = blocks[index].text
        if len(text) <= MAX_TITLE_CHARACTERS and text.lower().rstrip(" :") not in GENERIC_TITLES:
            return index
    return None


def _level(block: Block) -> int:
    return int(block.tag[1])


def _final_html(blocks: list[Block], heading_map: dict[str, str]) -> str:
    return sanitise_html(blocks_to_html(blocks, heading_map=heading_map))


def _warnings(title: str, found: set[str], *, unrecognised_headings: bool) -> list[str]:
    warnings = []
    if not title:
        warnings.append("We could not find the job title: enter it below")
    if not found:
        headings = ", ".join(SECTION_HEADINGS[key].lower() for key in SECTION_KEYS)
        warnings.append(
            f"We could not find any of the usual headings ({headings}): copy the text into the right sections"
        )
    else:
        warnings.extend(
            f"We could not find a {_SECTION_LABELS[key]} heading: check the sections below"
            for key in SECTION_KEYS
            if key not in found
        )
    if unrecognised_headings and found:
        warnings.append("Some headings were not recognised: check the text under them and move it if needed")
    return warnings


def _core_title(data: bytes) -> str:
    # Called after validate_docx: the part is bounded and has no DOCTYPE, so ElementTree is safe on it.
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            info = archive.getinfo("docProps/core.xml")
        except KeyError:
            return ""
        try:
            root = ElementTree.fromstring(read_entry(archive, info, MAX_XML_PART_BYTES))
        except ElementTree.ParseError:
            return ""
    title = root.findtext("dc:title", default="", namespaces=_CORE_NAMESPACES)
    return " ".join(title.split())
