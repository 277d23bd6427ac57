"""Reading and writing Word job descriptions safely.

validate_docx refuses unsafe or non-Word files before anything parses them; import_docx turns a .docx
into sanitised section HTML; export_docx writes a clean .docx that import_docx reads back to the same
sections (compare with sections_equal).
"""

from .markup import SECTION_TAGS, normalise_section_html, sanitise_html, sections_equal
from .reader import ImportedJD, import_docx
from .sections import SECTION_HEADINGS, SECTION_KEYS, heading_key
from .validation import (
    MAX_ENTRIES,
    MAX_FILE_BYTES,
    MAX_RATIO,
    MAX_UNPACKED_BYTES,
    DocxRejected,
    validate_docx,
)
from .writer import export_docx

__all__ = [
    "MAX_ENTRIES",
    "MAX_FILE_BYTES",
    "MAX_RATIO",
    "MAX_UNPACKED_BYTES",
    "SECTION_HEADINGS",
    "SECTION_KEYS",
    "SECTION_TAGS",
    "DocxRejected",
    "ImportedJD",
    "export_docx",
    "heading_key",
    "import_docx",
    "normalise_section_html",
    "sanitise_html",
    "sections_equal",
    "validate_docx",
]
