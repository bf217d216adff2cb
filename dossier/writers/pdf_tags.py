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
  review copy's DRAFT watermark and its margin notes naming each paragraph's source)
  is drawn as an ``/Artifact``, outside the
  structure tree, instead of text that belongs to no element;
- a note call's link annotation is described as "Note 3" (in the document's
  language), where WeasyPrint writes its target's id (``fn3``): PDF/UA asks a
  link for an alternate description, and a reader says it for the number.

WeasyPrint builds one subtree per page, so its reading order breaks at every
page: a paragraph split by a page break is two ``P``, with the page's notes
between its halves.  Once its tree is built (``TagRecord.join_pages``, from
``write_pdf``'s finisher), the parts of one HTML element are joined into one
element (its kids keep their own ``/Pg``) and each ``Note`` is moved next to
the ``Link`` of its call, a child of the element that refers to it, as the
PDF Reference (1.7, structure type Note) allows: read in the paragraph that
calls it, and the paragraph read whole.

Where WeasyPrint no longer has that function, the PDF is written with its own
tags only (the tests read the tags and say so).
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator

# Elements whose parts on several pages are one element in reading order: blocks
# only; an inline element's parts (a link broken across lines) hold marked content
# of their own page directly, which a joined element could not say.
JOINED_ACROSS_PAGES = frozenset({"/P", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6", "/BlockQuote",
                                 "/L", "/LI", "/LBody", "/Div", "/Sect", "/Part", "/Art"})


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
            classes = (element.get("class") or "").split() if element is not None else []
            # the review copy's DRAFT and each paragraph's source in the margin: the reviewer's, not the text's
            furniture = "watermark" in classes or "source-note" in classes
            if isinstance(box, boxes.MarginBox) or furniture:
                found.add(id(box))
                found.update(id(child) for child in box.descendants())
    return found


def _is_furniture(box, furniture: set[int]) -> bool:
    return id(box) in furniture


@dataclass
class TagRecord:
    """What the wrapped tagger saw: each HTML element's structure elements, page by page."""

    wrapped: bool = False
    parts: dict[tuple[int, str], list[Any]] = field(default_factory=dict)  # (id(html), /S) -> elements
    calls: dict[str, Any] = field(default_factory=dict)  # "fnN" -> the Link element of its call
    notes: list[tuple[str, Any]] = field(default_factory=list)  # ("fnN", its Note element)

    def record(self, element, box) -> None:
        html = getattr(box, "element", None)
        if html is None or not hasattr(html, "get"):
            return
        kind = str(element.get("S"))
        self.parts.setdefault((id(html), kind), []).append(element)
        ident = html.get("id") or ""
        if kind == "/Link" and ident.startswith("call") and ("fn" + ident[4:]) not in self.calls:
            self.calls["fn" + ident[4:]] = element
        elif kind == "/Note":
            self.notes.append((ident, element))

    def join_pages(self, pdf, language: str = "en") -> None:
        """One element for each split block, and every note read next to its call (see above)."""
        if not self.wrapped:
            return
        objects = pdf.objects
        _describe_calls(objects, self.calls, language)
        for (_, kind), elements in self.parts.items():
            if kind not in JOINED_ACROSS_PAGES or len(elements) < 2:
                continue
            # a part inside another part of the same element is an anonymous block box (a
            # paragraph holding a positioned margin note): its kids go into the part around it
            elements = _flatten_nested(objects, elements)
            pages = [bytes(element["Pg"]) for element in elements]
            if len(elements) > 1 and len(set(pages)) == len(pages):  # then one part a page
                _join(objects, elements)
        for ident, note in self.notes:
            call = self.calls.get(ident)
            if call is not None:
                _move_after(objects, note, call)


def _describe_calls(objects, calls: dict[str, Any], language: str) -> None:
    import pydyf

    from ..languages import note_word

    word = note_word(language)
    for ident, link in calls.items():
        for kid in link["K"]:
            target = objects[_number(kid)] if isinstance(kid, bytes) else None
            if target is not None and target.get("Type") == "/OBJR":
                objects[_number(target["Obj"])]["Contents"] = pydyf.String(f"{word} {ident[2:]}")


def _number(reference) -> int:
    return int(bytes(reference).split()[0])


def _parent(objects, element):
    return objects[_number(element["P"])]


def _flatten_nested(objects, elements: list) -> list:
    """The parts not inside another part; each nested one replaced, in its parent, by its kids."""
    references = {bytes(element.reference) for element in elements}
    outer = []
    for element in elements:
        parent_ref = element.get("P")
        kids = list(element.get("K", []))
        if parent_ref is None or bytes(parent_ref) not in references or not all(isinstance(k, bytes) for k in kids):
            outer.append(element)
            continue
        parent = objects[_number(parent_ref)]
        siblings = list(parent["K"])
        if element.reference not in siblings:
            outer.append(element)
            continue
        at = siblings.index(element.reference)
        for kid in kids:
            child = objects[_number(kid)]
            if "P" in child:
                child["P"] = parent.reference
        siblings[at:at + 1] = kids
        parent["K"] = type(parent["K"])(siblings)
        element.clear()
    return outer


def _join(objects, elements: list) -> None:
    first = elements[0]
    for later in elements[1:]:
        kids = list(later["K"])
        if not all(isinstance(kid, bytes) for kid in kids):  # marked content of its own page: left as it is
            continue
        for kid in kids:
            child = objects[_number(kid)]
            if "P" in child:  # an annotation's OBJR has no parent
                child["P"] = first.reference
            first["K"].append(kid)
        _detach(objects, later)
        later.clear()  # unreferenced now; an empty dictionary, not a second element of the tree


def _detach(objects, element) -> None:
    """``element`` out of its parent's kids; a parent left with none (the page's note area) goes too."""
    parent = _parent(objects, element)
    parent["K"] = type(parent["K"])(kid for kid in parent["K"] if kid != element.reference)
    if not len(parent["K"]) and parent.get("Type") == "/StructElem" and str(parent.get("S")) == "/NonStruct":
        _detach(objects, parent)
        parent.clear()


def _inside(objects, element, ancestor) -> bool:
    while element.get("Type") == "/StructElem" and "P" in element:
        element = _parent(objects, element)
        if element is ancestor:
            return True
    return False


def _move_after(objects, note, call) -> None:
    parent = _parent(objects, call)
    if call.reference not in list(parent["K"]) or _inside(objects, call, note):
        return  # not the tree WeasyPrint builds: left as it is
    _detach(objects, note)
    kids = list(parent["K"])
    kids.insert(kids.index(call.reference) + 1, note.reference)
    parent["K"] = type(parent["K"])(kids)
    note["P"] = call["P"]


@contextmanager
def notes_languages_and_scopes(language: str, document=None) -> Iterator[TagRecord]:
    """While active, WeasyPrint's tagger adds our tags and records its elements (``TagRecord``)."""
    record = TagRecord()
    try:
        from weasyprint.pdf import stream, tags
    except ImportError:
        yield record
        return
    original = getattr(tags, "_build_box_tree", None)
    marked = getattr(getattr(stream, "Stream", None), "marked", None)
    if original is None or marked is None:
        yield record
        return
    record.wrapped = True
    furniture = furniture_boxes(document) if document is not None else set()

    def build_box_tree(box, *args, **kwargs):
        if _is_furniture(box, furniture):
            return  # drawn as an artifact: nothing of it in the structure tree
        for element in original(box, *args, **kwargs):  # its recursion comes back through here
            if getattr(box, "element_tag", None) not in ("html", "body") and element.get("P") is not None:
                _annotate(element, box, language)
                record.record(element, box)
            yield element

    def marked_or_artifact(self, box, tag):
        if _is_furniture(box, furniture):
            return self.artifact()
        return marked(self, box, tag)

    tags._build_box_tree = build_box_tree
    stream.Stream.marked = marked_or_artifact
    try:
        yield record
    finally:
        tags._build_box_tree = original
        stream.Stream.marked = marked
