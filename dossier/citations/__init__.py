"""The notes pass: one walk over the document numbers every footnote and formats its citations.

It runs once, before any writer, so DOCX, PDF and Markdown always carry the
same notes with the same numbers.  Styles are small classes behind one
interface (``base.Style``), chosen by name: the format's ``citation_style``,
or a submission's own.

    simple     the full reference in every note
    un         UN editorial practice: Ibid., symbols with paragraphs
    oscola     OSCOLA 4: ibid, short forms with (n 4)
    us-legal   US legal writing: Id., supra note 4

Modules: ``kinds`` (what a source is and needs), ``pinpoint`` (para. 47 per
style), ``positions`` (first, ibid, subsequent), ``base`` (the interface and
builders) and one module per style.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from ..document import (
    Citation,
    CiteItem,
    Document,
    Inline,
    InlineNote,
    Note,
    Str,
    block_inline_lists,
    tag_cjk,
)
from .base import Style, capitalise_first, long_date
from .positions import Positions

if TYPE_CHECKING:
    from ..bibliography import Reference
    from .house import HouseStyle

# name -> (module, class): a build imports only the style it uses
STYLES: dict[str, tuple[str, str]] = {
    "simple": (".simple", "SimpleStyle"),
    "un": (".un", "UnStyle"),
    "oscola": (".oscola", "OscolaStyle"),
    "us-legal": (".uslegal", "UsLegalStyle"),
}


def style_class(name: str) -> Callable[..., Style]:
    from importlib import import_module

    module, cls = STYLES[name]
    return getattr(import_module(module, __name__), cls)


def make_style(name: str, references: dict[str, "Reference"], house: "HouseStyle | None" = None) -> Style:
    """The built-in style ``name``, or the house style ``house`` on the built-in it is based on."""
    if house is None:
        return style_class(name)(references)
    style = style_class(house.based_on)(references, house.options)
    style.name = house.name
    style.omits = style.omits | house.omit
    return style

format_date = long_date  # the name earlier code imported


def _citations_in(inlines: list[Inline]) -> list[Citation]:
    """The citations written inside a note, in reading order."""
    out: list[Citation] = []
    for node in inlines:
        if isinstance(node, Citation):
            out.append(node)
        elif hasattr(node, "children") and not isinstance(node, Note):
            out.extend(_citations_in(node.children))
    return out


class _NotesPass:
    def __init__(self, references: dict[str, "Reference"], style: Style):
        self.references = references
        self.style = style
        self.positions = Positions()
        self.notes: list[Note] = []

    def visit(self, inlines: list[Inline]) -> list[Inline]:
        out: list[Inline] = []
        for node in inlines:
            if isinstance(node, Citation):
                number = len(self.notes) + 1
                positions = self.positions.note(number, node.items)
                children = self.style.citation(list(zip(node.items, positions)), number,
                                               at_start=True, standalone=True)
                note = Note(number, children)
            elif isinstance(node, InlineNote):
                note = self.written_note(node)
            else:
                if hasattr(node, "children"):
                    node.children = self.visit(node.children)
                out.append(node)
                continue
            note.children = tag_cjk(note.children)
            self.notes.append(note)
            out.append(note)
        return out

    def written_note(self, node: InlineNote) -> Note:
        """A note in the author's words: its citations formatted in place, in one position run."""
        number = len(self.notes) + 1
        citations = _citations_in(node.children)
        items: list[CiteItem] = [item for citation in citations for item in citation.items]
        positions = iter(self.positions.note(number, items))
        formatted = {id(c): [(item, next(positions)) for item in c.items] for c in citations}
        seen_text = False

        def fill(inlines: list[Inline]) -> list[Inline]:
            nonlocal seen_text
            out: list[Inline] = []
            for child in inlines:
                if isinstance(child, Citation):
                    out.extend(self.style.citation(formatted[id(child)], number,
                                                   at_start=not seen_text, standalone=False))
                    seen_text = True
                    continue
                if isinstance(child, Str):
                    seen_text = seen_text or bool(child.text.strip())
                elif hasattr(child, "children") and not isinstance(child, Note):
                    child.children = fill(child.children)
                out.append(child)
            return out

        return Note(number, capitalise_first(fill(node.children)))


def number_notes(document: Document, references: dict[str, "Reference"], style_name: str,
                 house: "HouseStyle | None" = None) -> Document:
    """Replace every Citation and InlineNote outside notes by a numbered Note."""
    notes_pass = _NotesPass(references, make_style(style_name, references, house))
    for block in document.blocks:
        for inlines in block_inline_lists(block):
            inlines[:] = notes_pass.visit(inlines)
    document.notes = notes_pass.notes
    return document
