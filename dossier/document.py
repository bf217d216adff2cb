"""The document model: what templates produce and every writer consumes.

A small, closed vocabulary.  Templates lay content out with it; the notes
pass turns ``Citation`` and ``InlineNote`` into numbered ``Note``s; the DOCX,
PDF and Markdown writers only ever see this model, so they always agree.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Iterator, Union

from .errors import Location


# ---- inline content -------------------------------------------------------
@dataclass
class Str:
    text: str


@dataclass
class Emph:
    children: list["Inline"]


@dataclass
class Strong:
    children: list["Inline"]


@dataclass
class Span:
    """Text in another language: writers choose fonts by ``lang`` (e.g. CJK)."""

    children: list["Inline"]
    lang: str


@dataclass
class Link:
    href: str
    children: list["Inline"]


@dataclass
class LineBreak:
    pass


@dataclass
class CiteItem:
    key: str
    locator: str = ""  # pinpoint: "art. 33", "para. 47"
    prefix: str = ""
    loc: Location | None = None


@dataclass
class Citation:
    """``[@key, pin; @key2]`` as written; becomes a Note in the notes pass."""

    items: list[CiteItem]
    loc: Location | None = None


@dataclass
class ProvisionQuote:
    """``[[convention-against-torture/3(1)]]``: a provision quoted from content/law/.

    Replaced while resolving by the quotation of its official text (and, with
    ``|cite``, a citation of the instrument at that article), so neither
    templates nor writers ever see it.
    """

    instrument: str
    provision: str
    cite: bool = False
    loc: Location | None = None


@dataclass
class InlineNote:
    """``^[free text]``: a footnote written in place; may itself cite."""

    children: list["Inline"]


@dataclass
class Note:
    number: int
    children: list["Inline"]


@dataclass
class Embed:
    """``![[finding-id]]``: a one-paragraph finding written once, set into this text.

    Replaced by the finding's own inlines when the submission is resolved.
    """

    finding: str
    loc: Location | None = None


@dataclass
class Change:
    """Text inserted (``kind="ins"``) or deleted (``"del"``) between two versions.

    Only the ``diff`` command makes these; writers show them as tracked changes.
    """

    kind: str
    children: list["Inline"]


Inline = Union[Str, Emph, Strong, Span, Link, LineBreak, Citation, ProvisionQuote, InlineNote, Note, Embed, Change]


# ---- blocks ---------------------------------------------------------------
PARAGRAPH_STYLES = ("normal", "title", "subtitle", "quote", "letterhead", "plain")
ALIGNMENTS = ("left", "center", "right", "justify")


# Which part of the submission a block belongs to: word limits count parts.
PARTS = ("front_matter", "body")


# ``source`` is "path:line:col" of the content a block came from ("" when the
# template wrote it); ``embeds`` the findings set into that text with ![[id]].


@dataclass
class Heading:
    level: int  # 1..4
    children: list[Inline]
    source: str = ""
    part: str = "body"
    section: str = ""  # the title of the section it belongs to, for per-section counts
    embeds: tuple[str, ...] = ()


@dataclass
class Paragraph:
    children: list[Inline]
    style: str = "normal"
    numbered: bool = False
    align: str = ""
    source: str = ""
    part: str = "body"
    section: str = ""
    embeds: tuple[str, ...] = ()


@dataclass
class ListBlock:
    items: list[list[Inline]]
    ordered: bool = False
    source: str = ""  # the first item's
    part: str = "body"
    section: str = ""
    item_sources: list[str] = field(default_factory=list)  # one per item
    item_embeds: list[tuple[str, ...]] = field(default_factory=list)


@dataclass
class PageBreak:
    pass


@dataclass
class Table:
    """A grid of cells (e.g. the follow-up matrix of earlier recommendations).

    ``rows[:header_rows]`` are header rows, repeated on each page; ``widths``
    are relative column widths (any unit; empty: equal columns).
    """

    rows: list[list[list[Inline]]]
    header_rows: int = 1
    caption: list[Inline] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)
    source: str = ""

    @property
    def columns(self) -> int:
        return max((len(row) for row in self.rows), default=0)

    def relative_widths(self) -> list[float]:
        """Column widths as fractions summing to 1."""
        n = self.columns
        widths = self.widths if len(self.widths) == n and sum(self.widths) > 0 else [1.0] * n
        total = sum(widths)
        return [w / total for w in widths]


@dataclass
class Image:
    """A picture on a line of its own (a logo): its bytes, read from inside the project."""

    data: bytes
    mime: str  # image/png or image/jpeg
    width_mm: float
    height_mm: float
    src: str = ""  # the path as written, for Markdown and messages
    alt: str = ""
    align: str = "center"


Block = Union[Heading, Paragraph, ListBlock, PageBreak, Table, Image]


@dataclass
class Metadata:
    title: str
    author: str
    language: str
    subject: str = ""
    keywords: list[str] = field(default_factory=list)
    date: str = ""  # ISO date of the submission, also the DOCX's created date


@dataclass
class Document:
    meta: Metadata
    blocks: list[Block]
    notes: list[Note] = field(default_factory=list)  # filled by the notes pass


# ---- helpers --------------------------------------------------------------
def walk_inlines(inlines: list[Inline]) -> Iterator[Inline]:
    for node in inlines:
        yield node
        children = getattr(node, "children", None)
        if children:
            yield from walk_inlines(children)


def block_inline_lists(block: Block) -> Iterator[list[Inline]]:
    if isinstance(block, (Heading, Paragraph)):
        yield block.children
    elif isinstance(block, ListBlock):
        yield from block.items
    elif isinstance(block, Table):
        yield block.caption
        for row in block.rows:
            yield from row


def plain_text(inlines: list[Inline]) -> str:
    """Text as a reader sees it, notes left out (for titles, counts and tests)."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, Str):
            out.append(node.text)
        elif isinstance(node, LineBreak):
            out.append("\n")
        elif isinstance(node, (Note, Citation, InlineNote, ProvisionQuote)):
            continue
        else:
            out.append(plain_text(node.children))
    return "".join(out)


# Characters that need a CJK font: Hangul, Kana, Han and CJK punctuation.
_CJK_LETTER = (
    "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
)
_CJK_ANY = _CJK_LETTER + "\u3000-\u303f\uff00-\uffef"


@functools.cache
def _cjk_run() -> re.Pattern[str]:
    """A run starts and ends with a CJK character and may hold spaces and digits between.

    Compiled on first use: compiling it costs more than a build's whole start-up budget allows.
    """
    return re.compile(f"[{_CJK_ANY}](?:[{_CJK_ANY}\\s\\d.,:;!?()\\-]*[{_CJK_ANY}])?")


_JAMO = re.compile("[\u1100-\u11ff]")  # the only CJK block below U+3000


def _may_hold_cjk(text: str) -> bool:
    """A cheap test before the run regex: most text has no character above U+3000."""
    if not text:
        return False
    highest = max(text)
    return highest >= "\u3000" or (highest >= "\u1100" and _JAMO.search(text) is not None)


def guess_cjk_language(text: str, default: str = "zh") -> str:
    if re.search(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]", text):
        return "ko"
    if re.search(r"[\u3040-\u30ff]", text):
        return "ja"
    return default


def tag_cjk(inlines: list[Inline], default_lang: str = "zh") -> list[Inline]:
    """Wrap Korean, Chinese and Japanese runs not already in a ``Span`` in one with ``lang``.

    Writers then pick a CJK font by language without guessing themselves.
    """
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Str):
            if not _may_hold_cjk(node.text):
                out.append(node)
                continue
            pos = 0
            for match in _cjk_run().finditer(node.text):
                if match.start() > pos:
                    out.append(Str(node.text[pos : match.start()]))
                run = match.group()
                out.append(Span([Str(run)], guess_cjk_language(run, default_lang)))
                pos = match.end()
            if pos == 0:
                out.append(node)
            elif pos < len(node.text):
                out.append(Str(node.text[pos:]))
        elif isinstance(node, Span):
            out.append(node)  # the author said which language it is
        elif hasattr(node, "children"):
            node.children = tag_cjk(node.children, default_lang)
            out.append(node)
        else:
            out.append(node)
    return out
