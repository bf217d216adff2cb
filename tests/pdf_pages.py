"""The page check, read from the PDF alone with pikepdf (not with our layout).

- Every note is printed on the page of its call: each call is a link annotation
  whose named destination (``fnN``) is the note's text; the destination's page
  must be the page that holds the annotation, and every note must be called.
- No heading is the last thing on a page: the structure tree of each page (as
  WeasyPrint tags it, one subtree per page) must not end, before its notes, with
  an ``H1``..``H6``.
"""

from __future__ import annotations

from pathlib import Path


def _names(tree) -> dict[str, object]:
    """A name tree (/Names /Dests) flattened: name -> value."""
    import pikepdf

    out: dict[str, object] = {}
    if "/Names" in tree:
        items = list(tree.Names)
        for key, value in zip(items[::2], items[1::2]):
            out[str(key)] = value
    for kid in tree.get("/Kids", pikepdf.Array()):
        out.update(_names(kid))
    return out


def _kids(element) -> list:
    import pikepdf

    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def struct_elements(element):
    """Every structure element under ``element`` (a pikepdf StructTreeRoot or StructElem), depth first."""
    stack = [element]
    while stack:
        for kid in _kids(stack.pop()):
            if _is_struct(kid):
                yield kid
                stack.append(kid)


def _is_struct(obj) -> bool:
    import pikepdf

    return isinstance(obj, pikepdf.Dictionary) and "/S" in obj


def _holds_only_notes(element) -> bool:
    """A note, or the anonymous box around the notes of a page."""
    if str(element.get("/S")) == "/Note":
        return True
    kids = [k for k in _kids(element) if _is_struct(k)]
    return bool(kids) and all(_holds_only_notes(k) for k in kids)


def page_problems(path: Path) -> list[str]:
    """What is wrong with the notes and headings of one PDF, as sentences (empty: nothing)."""
    import pikepdf

    problems: list[str] = []
    with pikepdf.open(path) as pdf:
        page_of = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        names = pdf.Root.get("/Names")
        dests = _names(names.Dests) if names is not None and "/Dests" in names else {}
        called: set[str] = set()
        for number, page in enumerate(pdf.pages, start=1):
            for annot in page.get("/Annots", []):
                dest = annot.get("/Dest")
                if dest is None and "/A" in annot and "/D" in annot.A:
                    dest = annot.A.D
                if dest is None:
                    continue
                name = str(dest)
                if not name.startswith("fn") or not name[2:].isdigit():
                    continue
                called.add(name)
                target = dests.get(name)
                if target is None:
                    problems.append(f"{path.name}: note {name[2:]} is called on page {number} but not printed")
                    continue
                body_page = page_of.get(target[0].objgen)
                if body_page != number:
                    problems.append(f"{path.name}: note {name[2:]} is called on page {number} "
                                    f"but printed on page {body_page}")
        for name in dests:
            if name.startswith("fn") and name[2:].isdigit() and name not in called:
                problems.append(f"{path.name}: note {name[2:]} is printed but never called")

        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            problems.append(f"{path.name}: no structure tree")
            return problems
        last_on_page: dict[int, object] = {}
        for document in _kids(root):
            for element in _kids(document):
                if not _is_struct(element) or "/Pg" not in element or _holds_only_notes(element):
                    continue
                last_on_page[page_of.get(element.Pg.objgen, 0)] = element
        pages = len(pdf.pages)
        for number, element in sorted(last_on_page.items()):
            tag = str(element.get("/S"))
            if number < pages and tag in ("/H1", "/H2", "/H3", "/H4", "/H5", "/H6"):
                problems.append(f"{path.name}: page {number} ends with a heading ({tag[1:]})")
    return problems
