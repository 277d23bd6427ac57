"""Checks an uploaded Word file before mammoth, python-docx or any XML parser sees it.

Every check works on the raw bytes and on zipfile's central directory, and every entry is read in
chunks with a running cap, so a hostile file costs at most the unpacked-size limit in work and memory.
"""

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from xml.etree import ElementTree

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ENTRIES = 500
MAX_UNPACKED_BYTES = 30 * 1024 * 1024
MAX_ENTRY_BYTES = 20 * 1024 * 1024
# mammoth builds a DOM of each XML part it reads, which takes many times the part's size in memory.
MAX_XML_PART_BYTES = 10 * 1024 * 1024
# mammoth converts about 40,000 XML tags a second. Styles, theme and settings hold 5,000 to 25,000 and a
# long JD some 30,000 more; the cap keeps the worst accepted file near two seconds of conversion.
MAX_MARKUP_TAGS = 100_000
MAX_RATIO = 100
# Small parts compress well (styles.xml reaches 30:1), and the total cap bounds them anyway.
RATIO_THRESHOLD_BYTES = 1024 * 1024
READ_CHUNK_BYTES = 64 * 1024

DOCX_MAIN_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_MAIN_CONTENT_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"
MAIN_DOCUMENT = "word/document.xml"
CONTENT_TYPES = "[Content_Types].xml"

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EOCD_SIGNATURE = b"PK\x05\x06"
ENCRYPTION_STREAMS = ("EncryptionInfo", "EncryptedPackage")

MESSAGES = {
    "empty": ("empty", "The selected file is empty"),
    "too_big": ("too_big", "The selected file must be smaller than 5MB"),
    "not_docx": ("not_docx", "The selected file must be a Word document (.docx)"),
    "legacy_doc": (
        "not_docx",
        "The selected file is an older Word document (.doc): save it as a .docx and upload it again",
    ),
    "encrypted": (
        "encrypted",
        "The selected file is password protected: remove the password and upload it again",
    ),
    "macros": ("macros", "The selected file contains macros: save it as a .docx without macros"),
    "zip_bomb": ("zip_bomb", "The selected file is too large when unpacked"),
    "too_many_parts": ("zip_bomb", "The selected file has too many parts to be a Word document"),
    "too_complex": ("zip_bomb", "The selected file has too much content to be a job description"),
    "xml_entities": (
        "xml_entities",
        "The selected file contains XML declarations that are not allowed: "
        "open it in Word, save it as a .docx and upload it again",
    ),
    "corrupt": ("corrupt", "The selected file is damaged or is not a Word document"),
}

_XML_DECLARATION_ENCODING = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']")
_ASCII_COMPATIBLE_ENCODINGS = {
    "utf-8",
    "utf8",
    "us-ascii",
    "ascii",
    "iso-8859-1",
    "latin1",
    "latin-1",
    "windows-1252",
    "cp1252",
}
# Byte patterns that make an XML parser switch to UTF-16, UTF-32 or EBCDIC, where the ASCII search for
# a DOCTYPE would see nothing. Word writes UTF-8 only.
_WIDE_XML_STARTS = (
    b"\xff\xfe",
    b"\xfe\xff",
    b"\x00\x00\xfe\xff",
    b"<\x00",
    b"\x00<",
    b"\x00\x00\x00<",
    b"\x4c\x6f\xa7\x94",
)
_FORBIDDEN_XML_MARKERS = (b"<!doctype", b"<!entity")
_WHITESPACE = b" \t\r\n"
_UTF8_BOM = b"\xef\xbb\xbf"


class DocxRejected(ValueError):
    """A refused file: `message` for the uploader, `code` for machines, `reason` and `detail` for logs."""

    def __init__(self, reason: str, detail: str = ""):
        # args are (reason, detail) so that the exception pickles; str() is the uploader's message.
        super().__init__(reason, detail)
        self.code, self.message = MESSAGES[reason]
        self.reason = reason
        self.detail = detail

    def __str__(self) -> str:
        return self.message


def validate_docx(data: bytes, filename: str) -> None:
    """Raise DocxRejected unless `data` is a plain .docx that is safe to hand to mammoth and python-docx."""
    if not data:
        raise DocxRejected("empty")
    if len(data) > MAX_FILE_BYTES:
        raise DocxRejected("too_big", f"{len(data)} bytes")
    if data.startswith(OLE2_MAGIC):
        if any(name.encode("utf-16-le") in data or name.encode() in data for name in ENCRYPTION_STREAMS):
            raise DocxRejected("encrypted", "OLE2 file with encryption streams")
        raise DocxRejected("legacy_doc", "OLE2 file")
    if not data.startswith(ZIP_MAGIC):
        raise DocxRejected("not_docx", f"starts with {data[:4]!r}")
    _check_declared_entry_count(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_directory(infos)
            _check_parts(archive, infos)
    except DocxRejected:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        struct.error,
        ElementTree.ParseError,
        EOFError,
        OSError,
        ValueError,
        RuntimeError,
        NotImplementedError,
    ) as error:
        # What zipfile, zlib and ElementTree raise on damaged data.
        raise DocxRejected("corrupt", f"{type(error).__name__}: {error}") from error
    if not filename.lower().endswith(".docx"):
        raise DocxRejected("not_docx", f"file name {filename!r}")


def read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """The entry's bytes, read in chunks and refused as a zip bomb as soon as they pass `limit`."""
    return b"".join(_iter_entry(archive, info, limit))


def _iter_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> Iterator[bytes]:
    read = 0
    with archive.open(info) as stream:
        while chunk := stream.read(READ_CHUNK_BYTES):
            read += len(chunk)
            if read > limit or read > info.file_size:
                raise DocxRejected("zip_bomb", f"{info.filename} unpacks past {limit} bytes")
            yield chunk


def _check_declared_entry_count(data: bytes) -> None:
    # Read from the end-of-central-directory record so that a directory of a hundred thousand entries is
    # refused before zipfile builds an object for each.
    position = len(data) - 22
    if data[position : position + 4] != EOCD_SIGNATURE:
        # A zip comment follows the record: search for it, as zipfile does.
        position = data.rfind(EOCD_SIGNATURE, max(0, len(data) - (22 + 65535)))
    if position < 0 or position + 22 > len(data):
        raise DocxRejected("corrupt", "no end of central directory record")
    (total_entries,) = struct.unpack_from("<H", data, position + 10)
    if total_entries > MAX_ENTRIES:
        raise DocxRejected("too_many_parts", f"{total_entries} entries declared")


def _check_directory(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ENTRIES:
        raise DocxRejected("too_many_parts", f"{len(infos)} entries")
    seen: set[str] = set()
    total = compressed_total = 0
    for info in infos:
        name = info.filename
        if _unsafe_name(name):
            raise DocxRejected("corrupt", f"unsafe entry name {name!r}")
        if name.lower() in seen:
            raise DocxRejected("corrupt", f"duplicate entry {name!r}")
        seen.add(name.lower())
        if info.flag_bits & 0x1:
            raise DocxRejected("encrypted", f"zip-encrypted entry {name!r}")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise DocxRejected("corrupt", f"compression method {info.compress_type} in {name!r}")
        if info.file_size > _entry_limit(name):
            raise DocxRejected("zip_bomb", f"{name!r} declares {info.file_size} bytes")
        if info.file_size > RATIO_THRESHOLD_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise DocxRejected("zip_bomb", f"{name!r} ratio {info.file_size}/{info.compress_size}")
        total += info.file_size
        compressed_total += info.compress_size
    if total > MAX_UNPACKED_BYTES:
        raise DocxRejected("zip_bomb", f"{total} bytes declared in all")
    if total > RATIO_THRESHOLD_BYTES and total > MAX_RATIO * max(compressed_total, 1):
        raise DocxRejected("zip_bomb", f"overall ratio {total}/{compressed_total}")
    names = {info.filename.lower() for info in infos}
    if any(name.rsplit("/", 1)[-1] in ("vbaproject.bin", "vbadata.xml") for name in names):
        raise DocxRejected("macros", "VBA project part")
    if CONTENT_TYPES.lower() not in names or MAIN_DOCUMENT not in names:
        raise DocxRejected("not_docx", "no [Content_Types].xml or word/document.xml")


def _check_parts(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    unpacked = tags = 0
    content_types = b""
    for info in infos:
        if info.is_dir():
            continue
        limit = min(_entry_limit(info.filename), MAX_UNPACKED_BYTES - unpacked)
        checker = _MarkupChecker(info.filename)
        parts = []
        for chunk in _iter_entry(archive, info, limit):
            unpacked += len(chunk)
            checker.feed(chunk)
            if checker.is_markup:
                tags += chunk.count(b"<")
                if tags > MAX_MARKUP_TAGS:
                    raise DocxRejected(
                        "too_complex", f"more than {MAX_MARKUP_TAGS} tags, at {info.filename!r}"
                    )
            if info.filename == CONTENT_TYPES:
                parts.append(chunk)
        if info.filename == CONTENT_TYPES:
            content_types = b"".join(parts)
    _check_content_types(content_types)


def _check_content_types(xml: bytes) -> None:
    # Safe to parse: the bytes passed _MarkupChecker, so there is no DOCTYPE to expand.
    root = ElementTree.fromstring(xml)
    namespace = "{http://schemas.openxmlformats.org/package/2006/content-types}"
    main_type = None
    for element in root:
        content_type = element.get("ContentType", "")
        if "macroenabled" in content_type.lower() or "vbaproject" in content_type.lower():
            raise DocxRejected("macros", f"content type {content_type}")
        if (
            element.tag == f"{namespace}Override"
            and element.get("PartName", "").lower() == f"/{MAIN_DOCUMENT}"
        ):
            main_type = content_type
    if main_type == MACRO_MAIN_CONTENT_TYPE:
        raise DocxRejected("macros", "macro-enabled main document")
    if main_type != DOCX_MAIN_CONTENT_TYPE:
        raise DocxRejected("not_docx", f"main document content type {main_type!r}")


class _MarkupChecker:
    """Refuses XML (and anything an XML parser might take for XML) that declares a DOCTYPE or entities."""

    def __init__(self, name: str):
        self.name = name
        self.named_xml = name.lower().endswith((".xml", ".rels"))
        self.is_markup: bool | None = None
        self.tail = b""

    def feed(self, chunk: bytes) -> None:
        # zipfile fills each read, so the first chunk holds the whole start of the part.
        if self.is_markup is None:
            self._classify(chunk)
        if self.is_markup:
            self._scan(chunk)

    def _classify(self, head: bytes) -> None:
        if head.startswith(_WIDE_XML_STARTS):
            raise DocxRejected("corrupt", f"{self.name!r} is not UTF-8")
        start = head.removeprefix(_UTF8_BOM).lstrip(_WHITESPACE)
        self.is_markup = start.startswith(b"<")
        if not self.is_markup:
            if self.named_xml and start:
                raise DocxRejected("corrupt", f"{self.name!r} does not start with markup")
            return
        declared = _XML_DECLARATION_ENCODING.match(start)
        if declared and declared.group(1).decode("ascii").lower() not in _ASCII_COMPATIBLE_ENCODINGS:
            raise DocxRejected("corrupt", f"{self.name!r} declares encoding {declared.group(1)!r}")

    def _scan(self, chunk: bytes) -> None:
        if b"\x00" in chunk:
            raise DocxRejected("corrupt", f"{self.name!r} holds NUL bytes")
        window = (self.tail + chunk).lower()
        if any(marker in window for marker in _FORBIDDEN_XML_MARKERS):
            raise DocxRejected("xml_entities", f"{self.name!r} declares a DOCTYPE or an entity")
        self.tail = window[-16:]


def _entry_limit(name: str) -> int:
    if name.lower().endswith((".xml", ".rels")):
        return MAX_XML_PART_BYTES
    return MAX_ENTRY_BYTES


def _unsafe_name(name: str) -> bool:
    if not name or "\x00" in name or "\\" in name or name.startswith("/"):
        return True
    parts = name.split("/")
    return ".." in parts or ":" in parts[0]
