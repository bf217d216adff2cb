"""Bounds on setting findings into text with ``![[id]]``.

A finding set into another is copied wherever that one goes, so a chain of
findings each setting in the next four times grows fourfold at every link:
seventeen small files once took 3.5 GB before the build was killed.  Each
text's size (words and notes, set-in findings included) is known once it is
resolved, so the total a submission sets in is counted without building it,
and refused where it passes the bound.
"""

from __future__ import annotations

from .document import Citation, Inline, InlineNote, Link, Str, walk_inlines
from .records import Record

# The longest format allows 6,600 words; thirty times that is a mistake, not a submission.
MAX_EMBEDDED_SIZE = 200_000


class Shape(Record, frozen=True):
    """What a text holds, once its set-in findings are counted: words and notes, and whether
    it writes a footnote of its own (^[...]) or cites (a note in the body)."""

    size: int = 0
    notes: bool = False
    citations: bool = False

    def plus(self, other: "Shape") -> "Shape":
        return Shape(self.size + other.size, self.notes or other.notes, self.citations or other.citations)


def embedding_shape(inlines: list[Inline]) -> Shape:
    """The shape of parsed text, before its ``![[...]]`` are set in."""
    size, notes, citations = 0, False, False
    for node in walk_inlines(inlines):
        if isinstance(node, Str):
            size += len(node.text.split())
        elif isinstance(node, Citation):
            size += 1
            citations = True
        elif isinstance(node, InlineNote):
            size += 1
            notes = True
    return Shape(size, notes, citations)


class EmbeddingBudget:
    """The words and notes set into one submission so far."""

    def __init__(self) -> None:
        self.used = 0
        self.exceeded = False

    def allows(self, shape: Shape) -> bool:
        self.used += shape.size
        if self.used > MAX_EMBEDDED_SIZE:
            self.exceeded = True
        return not self.exceeded


class SetInto(Record, frozen=True):
    """Where a finding is being set in: inside a footnote, inside a link's text."""

    note: bool = False
    link: bool = False

    def inside(self, node: Inline) -> "SetInto":
        if isinstance(node, InlineNote):
            return SetInto(True, self.link)
        if isinstance(node, Link):
            return SetInto(self.note, True)
        return self

    def refuses(self, finding: str, shape: Shape) -> str:
        """Why ``finding`` cannot be set in here, or ''."""
        if self.note and shape.notes:
            return (f"finding '{finding}' has a footnote of its own (^[...]) and is set into a footnote "
                    "here: a footnote cannot hold another footnote")
        if self.link and (shape.notes or shape.citations):
            return (f"finding '{finding}' has notes and is set into a link's text here: a note cannot be "
                    "inside a link; set the finding in after the link")
        return ""
