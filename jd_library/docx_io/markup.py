"""The small HTML subset that JD sections are stored in, and a flat form of it shared by import and export.

Section HTML is sanitised with nh3 to SECTION_TAGS, then read into a list of Blocks (a paragraph, a
heading or one list item with the kinds of its enclosing lists), each holding formatted Runs. The Word
writer, the importer's splitter and the round-trip comparison all work on Blocks, so they agree on what a
section contains.
"""

import html
import re
from dataclasses import dataclass, field

import lxml.html
import nh3

SECTION_TAGS = frozenset({"p", "br", "ul", "ol", "li", "strong", "em", "h2", "h3", "a"})
URL_PREFIXES = ("http://", "https://", "mailto:")
MAX_LIST_DEPTH = 3

_BLOCK_TAGS = {"p", "h1", "h2", "h3", "li", "ul", "ol"}
_HEADING_TAGS = {"h1", "h2", "h3"}
# Characters XML 1.0 refuses: python-docx raises on them, so both sides of the round trip drop them.
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None
    is_break: bool = False


@dataclass
class Block:
    tag: str
    lists: tuple[str, ...] = ()
    runs: list[Run] = field(default_factory=list)

    @property
    def text(self) -> str:
        return clean_text("".join(run_text(run) for run in self.runs))

    @property
    def is_heading(self) -> bool:
        return self.tag in _HEADING_TAGS

    @property
    def is_bold_line(self) -> bool:
        visible = [run for run in self.runs if not run.is_break and run.text.strip(" \t\n:")]
        return self.tag == "p" and bool(visible) and all(run.bold and not run.href for run in visible)


def clean_text(text: str) -> str:
    return _WHITESPACE.sub(" ", _CONTROL_CHARACTERS.sub(" ", text)).strip()


def link_label(text: str, href: str) -> str:
    """How a link reads in plain text and in Word: its text, then the address in brackets if different."""
    address = href.removeprefix("mailto:") if href.lower().startswith("mailto:") else href
    if clean_text(text) in (href, address):
        return address
    return f"{text} ({address})"


def run_text(run: Run) -> str:
    if run.is_break:
        return "\n"
    return link_label(run.text, run.href) if run.href else run.text


def _keep_web_links(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return value if value.strip().lower().startswith(URL_PREFIXES) else None
    return value


def sanitise_html(markup: str, *, extra_tags: frozenset[str] = frozenset()) -> str:
    """nh3 with the section subset: scripts and styles dropped with their content, other tags unwrapped."""
    return nh3.clean(
        markup or "",
        tags=set(SECTION_TAGS | extra_tags),
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        attribute_filter=_keep_web_links,
        strip_comments=True,
        # Links come from uploaded files: no endorsement, no window.opener.
        link_rel="nofollow noopener noreferrer",
    )


def blocks_from_html(markup: str, *, extra_tags: frozenset[str] = frozenset()) -> list[Block]:
    """Sanitise, then flatten into Blocks; stray inline text becomes a paragraph, empty blocks are dropped."""
    clean = sanitise_html(markup, extra_tags=extra_tags)
    root = lxml.html.fragment_fromstring(clean, create_parent="div")
    reader = _BlockReader()
    reader.container(root, Block("p"))
    return [block for block in reader.blocks if block.text]


class _BlockReader:
    def __init__(self):
        self.blocks: list[Block] = []

    def container(self, element, pending: Block, lists: tuple[str, ...] = ()) -> Block:
        """Read element's content; inline content collects in `pending`, which is returned still open."""
        pending = self._inline_text(element.text, pending, bold=False, italic=False, href=None)
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in ("ul", "ol"):
                self._flush(pending)
                for item in child:
                    if isinstance(item.tag, str):
                        self._list_item(item, (*lists, tag))
                pending = Block(pending.tag, pending.lists)
            elif tag in _BLOCK_TAGS:
                self._flush(pending)
                block = self.container(child, Block("li" if tag == "li" else tag, lists))
                self._flush(block)
                pending = Block(pending.tag, pending.lists)
            else:
                self._inline(child, pending, bold=False, italic=False, href=None)
            pending = self._inline_text(child.tail, pending, bold=False, italic=False, href=None)
        return pending

    def _list_item(self, item, lists: tuple[str, ...]) -> None:
        block = Block("li", lists)
        block = self._item_content(item, block, lists)
        self._flush(block)

    def _item_content(self, item, block: Block, lists: tuple[str, ...]) -> Block:
        # Paragraphs inside an item stay in the item, separated by line breaks; nested lists follow it.
        block = self._inline_text(item.text, block, bold=False, italic=False, href=None)
        for child in item:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in ("ul", "ol"):
                self._flush(block)
                for nested in child:
                    if isinstance(nested.tag, str):
                        self._list_item(nested, (*lists, tag))
                block = Block("li", lists)
            elif tag in _BLOCK_TAGS:
                if block.runs:
                    block.runs.append(Run("", is_break=True))
                block = self._item_content(child, block, lists)
            else:
                self._inline(child, block, bold=False, italic=False, href=None)
            block = self._inline_text(child.tail, block, bold=False, italic=False, href=None)
        return block

    def _inline(self, element, block: Block, *, bold: bool, italic: bool, href: str | None) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "br":
            block.runs.append(Run("", is_break=True))
            return
        bold = bold or tag in ("strong", "b")
        italic = italic or tag in ("em", "i")
        if tag == "a":
            href = element.get("href") or None
        self._inline_text(element.text, block, bold=bold, italic=italic, href=href)
        for child in element:
            self._inline(child, block, bold=bold, italic=italic, href=href)
            self._inline_text(child.tail, block, bold=bold, italic=italic, href=href)

    @staticmethod
    def _inline_text(text: str | None, block: Block, *, bold: bool, italic: bool, href: str | None) -> Block:
        if text:
            block.runs.append(Run(text, bold=bold, italic=italic, href=href))
        return block

    def _flush(self, block: Block) -> None:
        if block.runs:
            self.blocks.append(block)


def blocks_to_html(blocks: list[Block], *, heading_map: dict[str, str] | None = None) -> str:
    """Render Blocks as section HTML, rebuilding nested lists from each item's enclosing list kinds."""
    heading_map = heading_map or {}
    out: list[str] = []
    open_lists: list[str] = []
    for block in blocks:
        if block.tag != "li":
            while open_lists:
                out.append(f"</li></{open_lists.pop()}>")
            tag = heading_map.get(block.tag, block.tag)
            out.append(f"<{tag}>{runs_to_html(block.runs)}</{tag}>")
            continue
        lists = block.lists[:MAX_LIST_DEPTH] or ("ul",)
        while len(open_lists) > len(lists):
            out.append(f"</li></{open_lists.pop()}>")
        common = 0
        while common < len(open_lists) and open_lists[common] == lists[common]:
            common += 1
        while len(open_lists) > common:
            out.append(f"</li></{open_lists.pop()}>")
        if len(open_lists) == len(lists):
            out.append("</li><li>")
        while len(open_lists) < len(lists):
            kind = lists[len(open_lists)]
            out.append(f"<{kind}><li>")
            open_lists.append(kind)
        out.append(runs_to_html(block.runs))
    while open_lists:
        out.append(f"</li></{open_lists.pop()}>")
    return "".join(out)


def runs_to_html(runs: list[Run]) -> str:
    out: list[str] = []
    for run in runs:
        if run.is_break:
            out.append("<br>")
            continue
        text = html.escape(run.text, quote=False)
        if run.italic:
            text = f"<em>{text}</em>"
        if run.bold:
            text = f"<strong>{text}</strong>"
        if run.href:
            text = f'<a href="{html.escape(run.href)}">{text}</a>'
        out.append(text)
    # Adjacent runs with the same formatting read better merged: </strong><strong> adds nothing.
    joined = "".join(out)
    for tag in ("em", "strong", "em"):
        joined = joined.replace(f"</{tag}><{tag}>", "")
    return joined


def blocks_to_text(blocks: list[Block]) -> str:
    """One line per paragraph, heading or list item (and per line break within one)."""
    lines = []
    for block in blocks:
        for line in "".join(run_text(run) for run in block.runs).split("\n"):
            if cleaned := clean_text(line):
                lines.append(cleaned)
    return "\n".join(lines)


def normalise_section_html(markup: str) -> str:
    """A comparison key for section HTML: one line per paragraph, heading or list item, with its kind and
    list depth and its whitespace-collapsed text (links as "text (address)"); formatting is left out."""
    lines = []
    for block in blocks_from_html(markup):
        if block.tag == "li":
            kind = f"{(block.lists or ('ul',))[-1]}{min(len(block.lists), MAX_LIST_DEPTH) or 1}"
        elif block.is_heading:
            kind = "h"
        else:
            kind = "p"
        lines.append(f"{kind}: {block.text}")
    return "\n".join(lines)


def sections_equal(a: str, b: str) -> bool:
    return normalise_section_html(a) == normalise_section_html(b)
