"""Each note measured once while WeasyPrint fills a page's footnote area.

Every time a note is called, WeasyPrint lays out the page's whole footnote
area again, every note already on that page included, only to learn the
area's new height (the laid-out copy is then thrown away): a page with k
notes lays out k(k+1)/2 notes, and a build with many notes a page spends most
of its time there (300 notes, 15 a page: 9 s, 3.7 s with this).  The notes
are stacked blocks in an area of one width, laid out with no bottom limit
(no break inside it), so the area's height is the sum of its notes' heights;
each note's height is measured once, as the only note of such an area, and
remembered for the render.

Only where that sum is what WeasyPrint finds: notes with no vertical margins
(nothing collapses between them), an area of automatic height and no maximum
(so nothing overflows it), no floats on the page (they could narrow a note's
lines depending on where it sits), no columns.  Anything else goes to
WeasyPrint's own method.  The footnote area that is drawn is still laid out
by WeasyPrint itself at the end of each page; the tests compare the heights
found here with WeasyPrint's, and the PDFs with and without.
"""

from __future__ import annotations

from contextlib import contextmanager
from math import inf
from typing import Iterator


def _zero(value) -> bool:
    return getattr(value, "value", value) == 0


def _additive(context, area, notes) -> bool:
    style = area.style
    if style["height"] != "auto" or getattr(style["max_height"], "value", inf) != inf:
        return False
    if context.in_column or context.excluded_shapes:
        return False
    return all(_zero(note.style["margin_top"]) and _zero(note.style["margin_bottom"]) for note in notes)


def _note_height(context, area, note, cache: dict) -> float:
    from weasyprint.formatting_structure import build
    from weasyprint.layout.block import block_level_layout

    # A note's box is copied when the paragraph calling it is laid out again: the
    # copies are of one element, with one content, so one height for one width.
    element = getattr(note, "element", None)
    key = (id(element) if element is not None else id(note), note.element_tag, area.width)
    if key not in cache:
        children = area.children
        area.children = [note]
        try:
            alone = build.create_anonymous_boxes(area.deepcopy())
        finally:
            area.children = children
        laid = block_level_layout(context, alone, -inf, None, area.page)[0]
        cache[key] = (laid.height, element, note)  # kept alive: their ids stay theirs
    return cache[key][0]


def additive_update(original):
    """WeasyPrint's ``LayoutContext._update_footnote_area``, each note measured once."""

    def update(self):
        area = self.current_footnote_area
        notes = self.current_page_footnotes
        if not notes or not _additive(self, area, notes):
            return original(self)
        cache = self.__dict__.setdefault("_dossier_note_heights", {})
        if area.height != "auto":  # not in columns (_additive): as WeasyPrint does
            self.page_bottom += area.margin_height()
        area.children = notes
        area.height = sum(_note_height(self, area, note, cache) for note in notes)
        self.page_bottom -= area.margin_height()
        return False  # automatic height, no maximum: nothing overflows the area

    return update


@contextmanager
def notes_measured_once() -> Iterator[bool]:
    """While active, WeasyPrint measures each note once; yields whether it could be changed."""
    try:
        from weasyprint.layout import LayoutContext
    except ImportError:
        yield False
        return
    original = getattr(LayoutContext, "_update_footnote_area", None)
    if original is None:
        yield False
        return
    LayoutContext._update_footnote_area = additive_update(original)
    try:
        yield True
    finally:
        LayoutContext._update_footnote_area = original
