"""The imported-document model: what a reader makes of a Word or Markdown file.

Readers never write YAML; they describe the file in these few classes (the
mirror of ``dossier/document.py`` for writers), and ``dossier/content_writer.py``
turns one into content files.  Inline content is a list of spans; a footnote
call is a :class:`NoteCall` holding the note's number.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Span:
    text: str
    emphasis: bool = False
    strong: bool = False
    superscript: bool = False
    href: str | None = None
    lang: str = ""  # a language the file marks on this text ("fr"), when not the document's


@dataclass
class NoteCall:
    number: int


Inline = Span | NoteCall


@dataclass
class Paragraph:
    inlines: list[Inline]
    where: str  # how a report names it: "paragraph 12"
    style: str = "body"  # body, quote, title, subtitle, letterhead
    align: str = ""  # "", center, right


@dataclass
class Heading:
    level: int
    inlines: list[Inline]
    where: str
    numbered: bool = False  # numbered by Word's own list numbering (no number typed in its text)
    # that numbering's kind, as heading_numbering names it: "upper-roman", "decimal" ... ("" if none)
    number_style: str = ""


@dataclass
class ListBlock:
    ordered: bool
    items: list[list[Inline]]
    where: str


@dataclass
class Table:
    rows: list[list[str]]
    where: str
    # each cell's inline text, where the file marks it up (a Markdown table's *emphasis*)
    cells: list[list[list[Inline]]] | None = None


Block = Paragraph | Heading | ListBlock | Table


@dataclass
class ImportedDocument:
    path: str  # as messages show it
    blocks: list[Block] = field(default_factory=list)
    notes: dict[int, list[Inline]] = field(default_factory=dict)
    # what the reader changed or could not keep: "3 tracked changes imported as accepted", ...
    notices: list[str] = field(default_factory=list)
    title: str = ""
    author: str = ""
    language: str = ""


def plain(inlines: list[Inline]) -> str:
    """The text of some inlines without markup or note calls."""
    return "".join(i.text for i in inlines if isinstance(i, Span))
