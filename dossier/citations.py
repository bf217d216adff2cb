"""The notes pass: one walk over the document numbers every footnote and formats its citations.

It runs once, before any writer, so DOCX, PDF and Markdown always carry the
same notes with the same numbers.  Styles are small classes chosen by name
from the format spec (``citation_style``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Callable

from .bibliography import Reference
from .document import (
    Citation,
    CiteItem,
    Document,
    Inline,
    InlineNote,
    Link,
    Note,
    Span,
    Str,
    block_inline_lists,
)


def format_date(value: str) -> str:
    """``2021-04-02`` -> ``2 April 2021``; a bare year or other text is kept."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            date = dt.date.fromisoformat(value)
            return f"{date.day} {date:%B %Y}"
        if re.fullmatch(r"\d{4}-\d{2}", value):
            return dt.date.fromisoformat(value + "-01").strftime("%B %Y")
    except ValueError:
        pass
    return value


class SimpleStyle:
    """Full reference in every note, the pinpoint appended."""

    name = "simple"

    def reference(self, ref: Reference) -> list[Inline]:
        f = ref.fields
        out: list[Inline] = []
        parts: list[list[Inline]] = []
        author = f.get("author")
        title = f.get("title", ref.key)
        if author:
            parts.append([Str(author)])
        if author or ref.type == "online":
            parts.append([Str(f"\u201c{title}\u201d")])  # a work by an author: quoted title
        else:
            parts.append([Str(title)])
        if f.get("origtitle"):
            parts[-1].append(Str(" ["))
            parts[-1].append(Span([Str(f["origtitle"])], f.get("origlanguage", "zh")))
            parts[-1].append(Str("]"))
        if f.get("number"):
            parts.append([Str(f["number"])])
        date = format_date(f.get("date", ""))
        if date and author:
            parts[-1].append(Str(f" ({date})"))
        elif date and not f.get("number"):  # a UN document is identified by its symbol
            parts.append([Str(date)])
        if f.get("url"):
            parts.append([Link(f["url"], [Str(f["url"])])])
        for i, part in enumerate(parts):
            if i:
                out.append(Str(", "))
            out.extend(part)
        return out

    def item(self, item: CiteItem, ref: Reference) -> list[Inline]:
        out: list[Inline] = []
        if item.prefix:
            out.append(Str(item.prefix + " "))
        out.extend(self.reference(ref))
        if item.locator:
            out.append(Str(", " + item.locator))
        return out

    def citation(self, citation: Citation, references: dict[str, Reference]) -> list[Inline]:
        out: list[Inline] = []
        for i, item in enumerate(citation.items):
            if i:
                out.append(Str("; "))
            out.extend(self.item(item, references[item.key]))
        return _capitalise_first(out)


STYLES: dict[str, Callable[[], SimpleStyle]] = {"simple": SimpleStyle}


def _capitalise_first(inlines: list[Inline]) -> list[Inline]:
    if inlines and isinstance(inlines[0], Str) and inlines[0].text[:1].islower():
        inlines[0] = Str(inlines[0].text[:1].upper() + inlines[0].text[1:])
    return inlines


def number_notes(document: Document, references: dict[str, Reference], style_name: str) -> Document:
    """Replace every Citation and InlineNote outside notes by a numbered Note."""
    style = STYLES[style_name]()
    notes: list[Note] = []

    def in_note(inlines: list[Inline]) -> list[Inline]:
        # citations inside a written note are formatted in place, not numbered again
        out: list[Inline] = []
        for node in inlines:
            if isinstance(node, Citation):
                out.extend(style.citation(node, references))
            elif hasattr(node, "children") and not isinstance(node, Note):
                node.children = in_note(node.children)
                out.append(node)
            else:
                out.append(node)
        return out

    def visit(inlines: list[Inline]) -> list[Inline]:
        out: list[Inline] = []
        for node in inlines:
            if isinstance(node, Citation):
                note = Note(len(notes) + 1, style.citation(node, references))
            elif isinstance(node, InlineNote):
                note = Note(len(notes) + 1, _capitalise_first(in_note(node.children)))
            else:
                if hasattr(node, "children"):
                    node.children = visit(node.children)
                out.append(node)
                continue
            notes.append(note)
            out.append(note)
        return out

    for block in document.blocks:
        for inlines in block_inline_lists(block):
            inlines[:] = visit(inlines)
    document.notes = notes
    return document
