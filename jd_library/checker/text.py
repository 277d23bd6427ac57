"""From the JD's sections (sanitised HTML or plain text) to lines, sentences and words."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from enum import Enum

# Comments, scripts and styles are dropped with their content; an unclosed one runs to the end of the text.
_HIDDEN_START = re.compile(r"<!--|<(script|style)\b", re.I)
_HIDDEN_END = {
    None: re.compile(r"-->"),
    "script": re.compile(r"</script\s*>", re.I),
    "style": re.compile(r"</style\s*>", re.I),
}
_LIST_ITEM_TAG = re.compile(r"<li\b[^>]*>", re.I)
_HEADING_TAG = re.compile(r"<h[1-6]\b[^>]*>", re.I)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|ul|ol|li|h[1-6]|tr|td|th|table|thead|tbody|blockquote|section|article|header|footer|"
    r"dl|dt|dd|pre|hr)\b[^>]*>",
    re.I,
)
_ANY_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")

# Markers the HTML step leaves at the start of a line; private-use characters never typed by people.
_ITEM_MARK = "\ue000"
_HEADING_MARK = "\ue001"
_MARK_THEN_SPACE = re.compile(f"([{_ITEM_MARK}{_HEADING_MARK}])\\s+")

_BULLET = re.compile(r"^(?:[•·▪◦‣●○■□\-\*\u2013\u2014>]|\(?\d{1,2}[.)]|\(?[a-z][.)]|\(?[ivx]{1,4}\))\s+")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")

# Full stops that do not end a sentence. Replaced by a look-alike character while splitting.
_ABBREVIATION = re.compile(
    r"\b(?:e\.g|i\.e|etc|approx|incl|esp|vs|cf|viz|a\.m|p\.m)\.|\b(?:Mr|Mrs|Ms|Dr|St|Ltd|Co)\."
)
_NUMBER_ABBREVIATION = re.compile(r"\bNo\.(?=\s*\d)")
_FAKE_DOT = "\u2024"
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'\u201d\u2019)\]]))\s+(?![a-z])")

WORD = re.compile(r"[^\W_]+(?:['\u2019\-.,][^\W_]+)*")

# A line without a full stop and with at most this many words is taken as a heading, not a sentence.
_HEADING_MAX_WORDS = 6


class LineKind(Enum):
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    HEADING = "heading"


@dataclass(frozen=True)
class Line:
    text: str
    kind: LineKind

    @property
    def is_heading(self) -> bool:
        return self.kind is LineKind.HEADING


@dataclass(frozen=True)
class Sentence:
    text: str
    section: str
    words: int


@dataclass(frozen=True)
class Section:
    key: str
    lines: tuple[Line, ...]
    text: str

    @property
    def is_empty(self) -> bool:
        return not self.lines


def to_section(key: str, value: object) -> Section:
    lines = tuple(to_lines(as_text(value)))
    return Section(key=key, lines=lines, text="\n".join(line.text for line in lines))


def as_text(value: object) -> str:
    """Sections are usually strings; salary may come as figures (a number, or a (min, max) pair)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple | set):
        return " to ".join(as_text(item) for item in value if item is not None)
    return str(value)


def to_lines(value: str) -> list[Line]:
    value = _strip_tags(value) if _ANY_TAG.search(value) else html.unescape(value)
    lines: list[Line] = []
    marked_heading = False  # the last line was a heading in the HTML, not by guess
    for raw in value.splitlines():
        line = _SPACES.sub(" ", raw).strip()
        if not line:
            continue
        guessed = False
        if line.startswith(_ITEM_MARK):
            line, kind = line.lstrip(_ITEM_MARK + " "), LineKind.LIST_ITEM
        elif line.startswith(_HEADING_MARK):
            line, kind = line.lstrip(_HEADING_MARK + " "), LineKind.HEADING
        elif bullet := _BULLET.match(line):
            line, kind = line[bullet.end() :], LineKind.LIST_ITEM
        else:
            kind, guessed = LineKind.PARAGRAPH, True
        line = line.replace(_ITEM_MARK, "").replace(_HEADING_MARK, "").strip()
        if not line or not WORD.search(line):
            continue
        if (
            guessed
            and lines
            and not marked_heading
            and line[0].islower()
            and lines[-1].text[-1] not in ".!?:;"
        ):
            # A hard-wrapped paragraph: this line goes on with the previous one's sentence.
            previous = lines.pop()
            line, kind = f"{previous.text} {line}", previous.kind
            guessed = kind is not LineKind.LIST_ITEM
        if guessed:
            kind = LineKind.HEADING if _looks_like_heading(line) else LineKind.PARAGRAPH
        marked_heading = kind is LineKind.HEADING and not guessed
        lines.append(Line(line, kind))
    return lines


def _strip_tags(value: str) -> str:
    value = _drop_hidden(value)
    value = _LIST_ITEM_TAG.sub("\n" + _ITEM_MARK, value)
    value = _HEADING_TAG.sub("\n" + _HEADING_MARK, value)
    value = _BLOCK_TAG.sub("\n", value)
    value = _ANY_TAG.sub("", value)
    # "<li><p>text</p></li>": keep the marker on the line that holds the text.
    value = _MARK_THEN_SPACE.sub(r"\1", value)
    return html.unescape(value)


def _drop_hidden(value: str) -> str:
    """Linear in the length of the text, however many unclosed "<script" or "<!--" it holds."""
    kept, position = [], 0
    while start := _HIDDEN_START.search(value, position):
        kept.append(value[position : start.start()])
        name = start.group(1).lower() if start.group(1) else None
        end = _HIDDEN_END[name].search(value, start.end())
        if end is None:
            return "".join(kept)
        position = end.end()
    kept.append(value[position:])
    return "".join(kept)


def _looks_like_heading(line: str) -> bool:
    return line[-1] not in ".!?;" and len(WORD.findall(line)) <= _HEADING_MAX_WORDS


def split_sentences(line: str) -> list[str]:
    protected = _ABBREVIATION.sub(lambda match: match.group().replace(".", _FAKE_DOT), line)
    protected = _NUMBER_ABBREVIATION.sub("No" + _FAKE_DOT, protected)
    parts = _SENTENCE_END.split(protected)
    return [part.replace(_FAKE_DOT, ".").strip() for part in parts if part.strip()]


def sentences_of(section: Section) -> list[Sentence]:
    sentences = []
    for line in section.lines:
        if line.is_heading:
            continue
        for text in split_sentences(line.text):
            words = len(WORD.findall(text))
            if words:
                sentences.append(Sentence(text=text, section=section.key, words=words))
    return sentences
