"""Structure tags WeasyPrint does not write, added while it writes them.

WeasyPrint tags HTML as PDF structure (P, H1, L, Table, Link), but a floated
footnote becomes ``NonStruct``, a ``lang`` attribute is dropped and a header
cell has no ``/Scope``.  Its tagger builds one structure element per box from
the function ``weasyprint.pdf.tags._build_box_tree``; for the time of one
``write_pdf`` that function is wrapped, so each element it makes for one of our
boxes gets what PDF/UA-1 asks:

- a footnote body (``span.footnote``) is a ``Note`` with the ``/ID`` its call
  links to (``fnN``);
- a span whose ``lang`` differs from the document's carries ``/Lang``;
- a ``th`` has ``/Scope /Column`` (or ``/Row`` for ``scope="row"``);
- page furniture (the page number and running header in the page margins, the
  review copy's DRAFT watermark) is drawn as an ``/Artifact``, outside the
  structure tree, instead of text that belongs to no element.

Where WeasyPrint no longer has that function, the PDF is written with its own
tags only (the tests read the tags and say so).
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator


def _annotate(element, box, language: str) -> None:
    import pydyf

    html = getattr(box, "element", None)
    if html is None or not hasattr(html, "get"):
        return
    tag = box.element_tag
    classes = (html.get("class") or "").split()
    if tag == "span" and "footnote" in classes and html.get("id"):
        element["S"] = "/Note"
        element["ID"] = pydyf.String(html.get("id"))
    lang = html.get("lang")
    if lang and tag != "html" and lang.lower() != language.lower():
        element["Lang"] = pydyf.String(lang)
    if tag == "th":
        attributes = element.get("A")
        if attributes is None:
            attributes = element["A"] = pydyf.Dictionary({"O": "/Table"})
        attributes["Scope"] = "/Row" if html.get("scope") == "row" else "/Column"


def furniture_boxes(document) -> set[int]:
    """The ids of every box drawn in a page margin or in the watermark, on every page."""
    from weasyprint.formatting_structure import boxes

    found: set[int] = set()
    for page in document.pages:
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            watermark = element is not None and "watermark" in (element.get("class") or "").split()
            if isinstance(box, boxes.MarginBox) or watermark:
                found.add(id(box))
                found.update(id(child) for child in box.descendants())
    return found


def _is_furniture(box, furniture: set[int]) -> bool:
    return id(box) in furniture


@contextmanager
def notes_languages_and_scopes(language: str, document=None) -> Iterator[bool]:
    """While active, WeasyPrint's tagger adds our tags; yields whether it could be wrapped."""
    try:
        from weasyprint.pdf import stream, tags
    except ImportError:
        yield False
        return
    original = getattr(tags, "_build_box_tree", None)
    marked = getattr(getattr(stream, "Stream", None), "marked", None)
    if original is None or marked is None:
        yield False
        return
    furniture = furniture_boxes(document) if document is not None else set()

    def build_box_tree(box, *args, **kwargs):
        if _is_furniture(box, furniture):
            return  # drawn as an artifact: nothing of it in the structure tree
        for element in original(box, *args, **kwargs):  # its recursion comes back through here
            if getattr(box, "element_tag", None) not in ("html", "body") and element.get("P") is not None:
                _annotate(element, box, language)
            yield element

    def marked_or_artifact(self, box, tag):
        if _is_furniture(box, furniture):
            return self.artifact()
        return marked(self, box, tag)

    tags._build_box_tree = build_box_tree
    stream.Stream.marked = marked_or_artifact
    try:
        yield True
    finally:
        tags._build_box_tree = original
        stream.Stream.marked = marked
