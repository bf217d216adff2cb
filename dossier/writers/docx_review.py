"""The review DOCX (``--review``): the submission with a Word comment on each paragraph.

The comment names where the paragraph comes from (file, line, finding id;
see ``dossier/review.py``).  Comments are added through python-docx's own
comments part (``Document.comments``); since our paragraphs are raw OXML, the
range markers and the reference run are placed here on the OXML level.
"""

from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import RGBColor
from lxml import etree

from ..document import Document
from ..formats import FormatSpec
from ..review import AUTHOR, INITIALS, WATERMARK, block_labels
from .docx import DocxWriter
from .docx_styles import apply_comment_styles


class ReviewDocxWriter(DocxWriter):
    def __init__(self, spec: FormatSpec):
        super().__init__(spec)
        self.template = spec.template_shown
        self.next_comment_id = 1
        self.finding_names: dict[str, str] = {}

    def render(self, document: Document) -> bytes:
        # Comment ids after the footnote ids: the schema keeps them apart, but LibreOffice (7.4)
        # mixes up a footnote and a comment of the same id (note 1 showing note 2's text).
        self.next_comment_id = max((note.number for note in document.notes), default=0) + 1
        self.finding_names = document.finding_names
        return super().render(document)

    def _block(self, block) -> list:
        paragraphs = super()._block(block)
        for paragraph, label in zip(paragraphs, block_labels(block, self.template, self.finding_names)):
            self._comment(paragraph, label)
        return paragraphs

    def _comment(self, paragraph, text: str) -> None:
        """A comment spanning the whole paragraph: range start, range end, reference run."""
        comment = self.doc.comments.add_comment(text=text, author=AUTHOR, initials=INITIALS)
        comment_id = str(self.next_comment_id)
        self.next_comment_id += 1
        comment._comment_elm.set(qn("w:id"), comment_id)
        start = etree.Element(qn("w:commentRangeStart"))
        start.set(qn("w:id"), comment_id)
        ppr = paragraph.find(qn("w:pPr"))
        if ppr is not None:
            ppr.addnext(start)
        else:
            paragraph.insert(0, start)
        etree.SubElement(paragraph, qn("w:commentRangeEnd")).set(qn("w:id"), comment_id)
        run = etree.SubElement(paragraph, qn("w:r"))
        etree.SubElement(etree.SubElement(run, qn("w:rPr")), qn("w:rStyle")).set(qn("w:val"), "CommentReference")
        etree.SubElement(run, qn("w:commentReference")).set(qn("w:id"), comment_id)

    def _finish(self, document: Document) -> None:
        if not document.blocks:
            return
        apply_comment_styles(self.doc, self.spec)
        # python-docx dates each comment "now": the submission's date keeps the copy reproducible,
        # and a submission without a date gives comments without one (the attribute is optional)
        date = self.document_date(document)
        comments = self.doc.part.part_related_by(RT.COMMENTS).element
        for comment in comments.iter(qn("w:comment")):
            if date is None:
                comment.attrib.pop(qn("w:date"), None)
            else:
                comment.set(qn("w:date"), date.strftime("%Y-%m-%dT%H:%M:%SZ"))
        self._draft_header()

    def _draft_header(self) -> None:
        """"DRAFT" at the top of every page, so a printed review copy is never mistaken for the submission."""
        for section in self.doc.sections:
            header = section.header
            header.is_linked_to_previous = False
            paragraph = header.paragraphs[0]
            paragraph.alignment = 1  # centre
            run = paragraph.add_run(f"{WATERMARK} \u2013 review copy: the comments name each paragraph's source")
            run.bold = True
            run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)


def write_review_docx(document: Document, spec: FormatSpec, diags=None) -> bytes:
    return ReviewDocxWriter(spec).render(document)
