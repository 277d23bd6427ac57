"""Rich text that people type or paste: turned into a small, safe subset of HTML, and back to plain text."""

import html
import re

import nh3

INLINE_TAGS = {"strong", "em", "b", "i", "a", "br"}
ALLOWED_TAGS = INLINE_TAGS | {"p", "ul", "ol", "li", "h2", "h3", "h4", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
_BLOCK_TAG = re.compile(r"<(p|ul|ol|li|h[1-6]|div|blockquote|table)\b", re.IGNORECASE)
_BULLET = re.compile(r"^\s*[-*•]\s+")
# Blocks of sanitised HTML that have a plain-text form (see editable_text).
_TEXT_BLOCK = re.compile(r"<(p|ul)>(.*?)</\1>", re.DOTALL)
_LIST_ITEM = re.compile(r"<li>(.*?)</li>", re.DOTALL)


def _sanitise(value: str, tags: set[str]) -> str:
    return nh3.clean(
        value,
        tags=tags,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def _paragraphs(safe_text: str) -> str:
    """Blank lines split paragraphs; a block whose lines all start with -, * or • becomes a list."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", safe_text.replace("\r\n", "\n")) if b.strip()]
    parts = []
    for block in blocks:
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if all(_BULLET.match(line) for line in lines):
            parts.append("<ul>" + "".join(f"<li>{_BULLET.sub('', line)}</li>" for line in lines) + "</ul>")
        else:
            parts.append("<p>" + "<br>".join(lines) + "</p>")
    return "".join(parts)


def clean_html(value: str) -> str:
    """Safe HTML from what a person typed or pasted.

    HTML with paragraphs or lists is sanitised to ALLOWED_TAGS. Anything else is treated as text: inline
    tags are sanitised, everything else escaped, and blank lines and bullets give paragraphs and lists.
    """
    if not _BLOCK_TAG.search(value):
        value = _paragraphs(_sanitise(value, INLINE_TAGS))
    return _sanitise(value, ALLOWED_TAGS).strip()


def html_to_text(value: str) -> str:
    """Plain text of sanitised HTML, for search documents, feeds and emails."""
    text = re.sub(r"<(br|/p|/li|/h[2-4])\s*/?>", "\n", value)
    text = nh3.clean(text, tags=set())
    return re.sub(r"[ \t]+", " ", html.unescape(text)).strip()


def editable_text(value: str) -> str:
    """What a section's textarea shows: sanitised HTML written back as the plain text people type.

    Paragraphs become blocks separated by blank lines and bulleted lists "- " lines, keeping inline tags
    (bold, links). Only when clean_html turns that text back into the same HTML; otherwise (headings,
    numbered or nested lists) the HTML itself, which clean_html keeps as it is.
    """
    if not value:
        return ""
    blocks, position = [], 0
    for match in _TEXT_BLOCK.finditer(value):
        if value[position : match.start()].strip():
            return value
        tag, inner = match.groups()
        if tag == "p":
            blocks.append(re.sub(r"<br\s*/?>", "\n", inner))
        else:
            if _LIST_ITEM.sub("", inner).strip():
                return value
            blocks.append("\n".join(f"- {item}" for item in _LIST_ITEM.findall(inner)))
        position = match.end()
    if value[position:].strip():
        return value
    text = "\n\n".join(blocks).replace("&amp;", "&")
    return text if clean_html(text) == clean_html(value) else value
