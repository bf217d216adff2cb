"""A DOCX whose differences from an earlier version are Word tracked changes.

The document comes from ``dossier.compare``: ``Change`` inlines become
``w:ins`` / ``w:del`` around the runs the DOCX writer makes for them (deleted
text in ``w:delText``), and a paragraph that exists in one version only also
has its paragraph mark inserted or deleted, so that accepting or rejecting
every change in Word or LibreOffice gives back exactly one of the versions.
Everything else is the submission's own DOCX writer.
"""

from __future__ import annotations

import datetime as dt

from docx.oxml.ns import qn
from lxml import etree

from ..compare import Comparison
from ..document import Change, Inline
from ..formats import FormatSpec
from .docx import DocxWriter, _RunFormat

_TAGS = {"ins": qn("w:ins"), "del": qn("w:del")}


class TrackedChangesWriter(DocxWriter):
    def __init__(self, spec: FormatSpec, comparison: Comparison, author: str, date: dt.datetime | None):
        super().__init__(spec)
        self.marks = comparison.marks
        self.author = author
        # the submission's date, or none when it has none (w:date is optional)
        self.date = date.strftime("%Y-%m-%dT%H:%M:%SZ") if date is not None else ""
        self.next_id = 0

    def _revision(self, kind: str):
        """A w:ins or w:del with its own id, the author and the (fixed) date."""
        element = etree.Element(_TAGS[kind])
        element.set(qn("w:id"), str(self.next_id))
        element.set(qn("w:author"), self.author)
        if self.date:
            element.set(qn("w:date"), self.date)
        self.next_id += 1
        return element

    def _change(self, parent, node: Change, fmt: _RunFormat) -> None:
        holder = etree.Element("holder")  # the runs as the writer makes them, then wrapped
        self._runs(holder, node.children, fmt)
        group = None
        wrappers = []
        for child in list(holder):
            if child.tag == qn("w:r"):
                if group is None:
                    group = self._revision(node.kind)
                    parent.append(group)
                    wrappers.append(group)
                group.append(child)
            else:  # a hyperlink: w:ins/w:del may hold runs only, so they go inside it
                group = None
                parent.append(child)
                if child.tag == qn("w:hyperlink"):
                    wrapper = self._revision(node.kind)
                    wrapper.extend(list(child))
                    child.append(wrapper)
                    wrappers.append(wrapper)
        if node.kind == "del":  # deleted text is w:delText, or readers show it as kept
            for wrapper in wrappers:
                for text in wrapper.iter(qn("w:t")):
                    text.tag = qn("w:delText")

    def _paragraph(self, style_id: str, inlines: list[Inline], align: str = "", num_id: int | None = None):
        p = super()._paragraph(style_id, inlines, align, num_id)
        kind = self.marks.get(id(inlines))
        if kind:  # the paragraph itself is new (or gone): its mark is tracked too
            ppr = p.find(qn("w:pPr"))
            etree.SubElement(ppr, qn("w:rPr")).append(self._revision(kind))
        return p


def write_changes_docx(comparison: Comparison, spec: FormatSpec, author: str, date: dt.datetime | None) -> bytes:
    return TrackedChangesWriter(spec, comparison, author, date).render(comparison.document)
