"""The document model: what templates produce and every writer consumes.

A small, closed vocabulary.  Templates lay content out with it; the notes
pass turns ``Citation`` and ``InlineNote`` into numbered ``Note``s; the DOCX,
PDF and Markdown writers only ever see this model, so they always agree.
"""

from __future__ import annotations

import functools
import re
from typing import Iterator, Union

from .errors import Location


class Node:
    """Base of every node: equality, repr and pickling over the fields named in ``__slots__``.

    Plain classes rather than dataclasses: generating a dataclass's methods
    costs about a third of a millisecond per class at every start, more than
    this whole module's other work.
    """

    __slots__: tuple[str, ...] = ()
    _fields: tuple[str, ...] = ()
    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        cls._fields = tuple(name for klass in reversed(cls.__mro__) for name in klass.__dict__.get("__slots__", ()))

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self._fields)

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({values})"


# ---- inline content -------------------------------------------------------
class Str(Node):
    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class Literal(Str):
    """Text kept exactly as typed: a quote the author escaped (``\\"``), which the
    typography pass leaves straight.  Every writer reads it as the ``Str`` it is."""

    __slots__ = ()


class Emph(Node):
    __slots__ = ("children",)

    def __init__(self, children: list[Inline]) -> None:
        self.children = children


class Strong(Node):
    __slots__ = ("children",)

    def __init__(self, children: list[Inline]) -> None:
        self.children = children


class Span(Node):
    """Text in another language: writers choose fonts by ``lang`` (e.g. CJK)."""

    __slots__ = ("children", "lang")

    def __init__(self, children: list[Inline], lang: str) -> None:
        self.children = children
        self.lang = lang


class Link(Node):
    __slots__ = ("href", "children")

    def __init__(self, href: str, children: list[Inline]) -> None:
        self.href = href
        self.children = children


class LineBreak(Node):
    __slots__ = ()


class CiteItem(Node):
    __slots__ = ("key", "locator", "prefix", "loc")

    def __init__(self, key: str, locator: str = "", prefix: str = "", loc: Location | None = None) -> None:
        self.key = key
        self.locator = locator  # pinpoint: "art. 33", "para. 47"
        self.prefix = prefix
        self.loc = loc


class Citation(Node):
    """``[@key, pin; @key2]`` as written; becomes a Note in the notes pass."""

    __slots__ = ("items", "loc")

    def __init__(self, items: list[CiteItem], loc: Location | None = None) -> None:
        self.items = items
        self.loc = loc


class ProvisionQuote(Node):
    """``[[convention-against-torture/3(1)]]``: a provision quoted from content/law/.

    Replaced while resolving by the quotation of its official text (and, with
    ``|cite``, a citation of the instrument at that article), so neither
    templates nor writers ever see it.
    """

    __slots__ = ("instrument", "provision", "cite", "loc")

    def __init__(self, instrument: str, provision: str, cite: bool = False, loc: Location | None = None) -> None:
        self.instrument = instrument
        self.provision = provision
        self.cite = cite
        self.loc = loc


class InlineNote(Node):
    """``^[free text]``: a footnote written in place; may itself cite."""

    __slots__ = ("children",)

    def __init__(self, children: list[Inline]) -> None:
        self.children = children


class Note(Node):
    __slots__ = ("number", "children")

    def __init__(self, number: int, children: list[Inline]) -> None:
        self.number = number
        self.children = children


class Embed(Node):
    """``![[finding-id]]``: a one-paragraph finding written once, set into this text.

    Replaced by the finding's own inlines when the submission is resolved.
    """

    __slots__ = ("finding", "loc")

    def __init__(self, finding: str, loc: Location | None = None) -> None:
        self.finding = finding
        self.loc = loc


class Change(Node):
    """Text inserted (``kind="ins"``) or deleted (``"del"``) between two versions.

    Only the ``diff`` command makes these; writers show them as tracked changes.
    """

    __slots__ = ("kind", "children")

    def __init__(self, kind: str, children: list[Inline]) -> None:
        self.kind = kind
        self.children = children


Inline = Union[Str, Emph, Strong, Span, Link, LineBreak, Citation, ProvisionQuote, InlineNote, Note, Embed, Change]


# ---- blocks ---------------------------------------------------------------
# date, salutation, closing, signature: the parts of a letter, as Word names their styles
PARAGRAPH_STYLES = ("normal", "title", "subtitle", "quote", "letterhead", "plain",
                    "date", "salutation", "closing", "signature")
ALIGNMENTS = ("left", "center", "right", "justify")


# Which part of the submission a block belongs to: word limits count parts.
PARTS = ("front_matter", "body")


# ``source`` is "path:line:col" of the content a block came from ("" when the
# template wrote it); ``embeds`` the findings set into that text with ![[id]];
# ``section`` the title of the section it belongs to, for per-section counts.


# How a level of headings is numbered (format.yaml and a submission's `heading_numbering`).
HEADING_NUMBERINGS = ("upper-roman", "lower-roman", "upper-alpha", "lower-alpha", "decimal", "none")


class Heading(Node):
    """``numbered``: takes the next number of its level; ``number`` is that number as shown
    ("I.", "1.", "" for a level numbered ``none``), which the DOCX leaves to Word numbering."""

    __slots__ = ("level", "children", "source", "part", "section", "embeds", "numbered", "number")

    def __init__(self, level: int, children: list[Inline], source: str = "", part: str = "body",
                 section: str = "", embeds: tuple[str, ...] = (), numbered: bool = False,
                 number: str = "") -> None:
        self.level = level  # 1..4
        self.children = children
        self.source = source
        self.part = part
        self.section = section
        self.embeds = embeds
        self.numbered = numbered
        self.number = number


class Paragraph(Node):
    __slots__ = ("children", "style", "numbered", "align", "source", "part", "section", "embeds")

    def __init__(self, children: list[Inline], style: str = "normal", numbered: bool = False, align: str = "",
                 source: str = "", part: str = "body", section: str = "", embeds: tuple[str, ...] = ()) -> None:
        self.children = children
        self.style = style
        self.numbered = numbered
        self.align = align
        self.source = source
        self.part = part
        self.section = section
        self.embeds = embeds


class ListBlock(Node):
    __slots__ = ("items", "ordered", "source", "part", "section", "item_sources", "item_embeds")

    def __init__(self, items: list[list[Inline]], ordered: bool = False, source: str = "", part: str = "body",
                 section: str = "", item_sources: list[str] | None = None,
                 item_embeds: list[tuple[str, ...]] | None = None) -> None:
        self.items = items
        self.ordered = ordered
        self.source = source  # the first item's
        self.part = part
        self.section = section
        self.item_sources = [] if item_sources is None else item_sources  # one per item
        self.item_embeds = [] if item_embeds is None else item_embeds


class PageBreak(Node):
    __slots__ = ()


class Table(Node):
    """A grid of cells (e.g. the follow-up matrix of earlier recommendations).

    ``rows[:header_rows]`` are header rows, repeated on each page; ``widths``
    are relative column widths (any unit; empty: equal columns).
    """

    __slots__ = ("rows", "header_rows", "caption", "widths", "source", "part", "section")

    def __init__(self, rows: list[list[list[Inline]]], header_rows: int = 1, caption: list[Inline] | None = None,
                 widths: list[float] | None = None, source: str = "", part: str = "body",
                 section: str = "") -> None:
        self.rows = rows
        self.header_rows = header_rows
        self.caption = [] if caption is None else caption
        self.widths = [] if widths is None else widths
        self.source = source
        self.part = part
        self.section = section

    @property
    def columns(self) -> int:
        return max((len(row) for row in self.rows), default=0)

    def relative_widths(self) -> list[float]:
        """Column widths as fractions summing to 1."""
        n = self.columns
        widths = self.widths if len(self.widths) == n and sum(self.widths) > 0 else [1.0] * n
        total = sum(widths)
        return [w / total for w in widths]


class Image(Node):
    """A picture on a line of its own (a logo): its bytes, read from inside the project."""

    __slots__ = ("data", "mime", "width_mm", "height_mm", "src", "alt", "align", "part", "section")

    def __init__(self, data: bytes, mime: str, width_mm: float, height_mm: float, src: str = "", alt: str = "",
                 align: str = "center", part: str = "body", section: str = "") -> None:
        self.data = data
        self.mime = mime  # image/png or image/jpeg
        self.width_mm = width_mm
        self.height_mm = height_mm
        self.src = src  # the path as written, for Markdown and messages
        self.alt = alt
        self.align = align
        self.part = part
        self.section = section


Block = Union[Heading, Paragraph, ListBlock, PageBreak, Table, Image]


class Metadata(Node):
    __slots__ = ("title", "author", "language", "subject", "keywords", "date", "written_language")

    def __init__(self, title: str, author: str, language: str, subject: str = "",
                 keywords: list[str] | None = None, date: str = "", written_language: str = "") -> None:
        self.title = title
        self.author = author
        self.language = language  # with its region (en-GB, en-US): hyphenation, /Lang, lang=""
        self.subject = subject
        self.keywords = [] if keywords is None else keywords
        self.date = date  # ISO date of the submission, also the DOCX's created date
        # the tag as the submission wrote it ("en"): US punctuation only where it says en-US
        self.written_language = written_language or language


class Document(Node):
    __slots__ = ("meta", "blocks", "notes", "heading_numbering", "finding_names")

    def __init__(self, meta: Metadata, blocks: list[Block], notes: list[Note] | None = None,
                 heading_numbering: list[str] | None = None,
                 finding_names: dict[str, str] | None = None) -> None:
        self.meta = meta
        self.blocks = blocks
        self.notes = [] if notes is None else notes  # filled by the notes pass
        # per heading level (HEADING_NUMBERINGS); levels beyond the list are not numbered
        self.heading_numbering = [] if heading_numbering is None else heading_numbering
        # a finding's file -> "finding ID: its title", as review copies name where a paragraph is from
        self.finding_names = {} if finding_names is None else finding_names


# ---- helpers --------------------------------------------------------------
def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _alpha(n: int) -> str:
    """a, b, ... z, aa, bb, as Word's letter numbering counts past z."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def heading_label(n: int, numbering: str) -> str:
    """The number a heading shows: ``I.``, ``ii.``, ``A.``, ``b.``, ``3.``; ``""`` for none."""
    shown = {"upper-roman": lambda: _roman(n), "lower-roman": lambda: _roman(n).lower(),
             "upper-alpha": lambda: _alpha(n).upper(), "lower-alpha": lambda: _alpha(n),
             "decimal": lambda: str(n)}.get(numbering)
    return f"{shown()}." if shown else ""


def number_headings(blocks: list[Block], numbering: list[str]) -> None:
    """Give each numbered heading its number; a level restarts under each numbered heading above it."""
    counters = [0] * 4
    for block in blocks:
        if not isinstance(block, Heading) or not block.numbered:
            continue
        index = block.level - 1
        counters[index] += 1
        counters[index + 1:] = [0] * (len(counters) - index - 1)
        kind = numbering[index] if index < len(numbering) else "none"
        block.number = heading_label(counters[index], kind)


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


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds a character that needs a CJK font."""
    return re.search(f"[{_CJK_LETTER}]", text) is not None


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
