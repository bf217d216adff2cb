"""DOCX writer: the document model to a Word file with real footnotes.

Built with python-docx for the package, styles and sections; paragraphs and
runs are made directly as OXML elements, which is both simpler here and
several times faster than the proxy API for long documents.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Length, Mm
from lxml import etree

from ..document import (
    Change,
    Document,
    Emph,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Note,
    PageBreak,
    Paragraph,
    Span,
    Str,
    Strong,
    Table,
)
from ..errors import ContentError, Diagnostic, Location
from ..formats import PAGE_SIZES_MM, FormatSpec, length_mm
from ..inline import SAFE_LINK
from ..languages import is_cjk, is_traditional_chinese, primary, with_region
from .docx_settings import current_word_settings, fresh_app_properties, set_dates
from .docx_headings import LEVELS as NUMBERED_HEADING_LEVELS
from .docx_headings import apply_heading_numbering, unnumbered
from .docx_styles import ORDERED_LIST_ABSTRACT_ID, apply_styles
from .docx_typography import hyphenate_justified, italic_styles, korean_between_words
from .footnotes import FootnotesPart, reference_run

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # no build timestamps: same input, same bytes

_PARAGRAPH_STYLE_IDS = {
    "normal": "Normal",
    "plain": "Normal",
    "title": "Title",
    "subtitle": "Subtitle",
    "quote": "BlockText",
    "letterhead": "Letterhead",
    "date": "Date",
    "salutation": "Salutation",
    "closing": "Closing",
    "signature": "Signature",
}
_ALIGN = {"left": "left", "center": "center", "right": "right", "justify": "both"}


def _length(value: str) -> Mm:
    return Mm(length_mm(value))  # the spec checked its shape when it was loaded


def _property(value: str) -> str:
    """A document property as Word stores it: at most 255 characters (python-docx refuses more)."""
    return value if len(value) <= 255 else value[:254] + "…"


class _RunFormat:
    # style_italic: the paragraph's style is italic (a CJK run there is set upright explicitly)
    __slots__ = ("bold", "italic", "lang", "style", "style_italic")

    def __init__(self, bold=False, italic=False, lang="", style="", style_italic=False):
        self.bold, self.italic, self.lang, self.style = bold, italic, lang, style
        self.style_italic = style_italic

    def with_(self, **changes) -> "_RunFormat":
        values = {name: getattr(self, name) for name in self.__slots__}
        values.update(changes)
        return _RunFormat(**values)


class DocxWriter:
    def __init__(self, spec: FormatSpec):
        self.spec = spec
        # Word is told the fonts Office has (Batang, SimSun); the PDF embeds the Noto ones
        self.cjk_fonts = {font.lang.lower(): font.docx_family for font in spec.fonts.cjk_fonts()}

    def _east_asian_font(self, lang: str) -> str | None:
        """The font Word is told for a run in ``lang``: its own entry, Traditional Chinese's for
        zh-TW or zh-HK, else its language's."""
        lang = lang.lower()
        found = self.cjk_fonts.get(lang)
        if found is None and is_traditional_chinese(lang):
            found = next((f for tag, f in self.cjk_fonts.items() if is_traditional_chinese(tag)), None)
        return found or self.cjk_fonts.get(primary(lang))

    def render(self, document: Document) -> bytes:
        doc = self._open_reference()
        apply_styles(doc, self.spec)
        hyphenate_justified(doc, self.spec, self._text_width_twips())
        korean_between_words(doc)
        self.italic_styles = italic_styles(doc)
        self.numbered_headings = apply_heading_numbering(doc, document.heading_numbering)
        self._page_setup(doc)
        self._properties(doc, document)
        self.doc = doc
        self.numbering = doc.part.numbering_part.element
        self.next_num_id = 200
        self.footnotes = FootnotesPart(doc) if document.notes else None
        self.part = doc.part  # the part whose relationships a link is added to (see _footnote)
        body = doc.element.body
        sect_pr = body.find(qn("w:sectPr"))
        for existing in list(body):
            if existing is not sect_pr:
                body.remove(existing)
        for block in document.blocks:
            for paragraph in self._block(block):
                sect_pr.addprevious(paragraph)
        self._finish(document)
        return self.deterministic_zip(doc)

    def _finish(self, document: Document) -> None:
        """Last changes to the package before it is zipped: for review copies and tracked changes."""

    # -- package ------------------------------------------------------------
    def _open_reference(self):
        """The format's own reference.docx when it has one (checked: inside its folder), else ours."""
        if self.spec.reference is None:
            from .reference import REFERENCE

            return docx.Document(str(REFERENCE))
        try:
            return docx.Document(str(self.spec.reference))
        except Exception as exc:  # a format's file is input: a broken one is the user's to fix
            raise ContentError([Diagnostic(
                Location(f"templates/{self.spec.id}/reference.docx"),
                f"not a Word document python-docx can start from ({type(exc).__name__}: {exc})")]) from None

    def _page_setup(self, doc) -> None:
        page = self.spec.page
        width, height = PAGE_SIZES_MM[page.size]
        for section in doc.sections:
            section.page_width, section.page_height = Mm(width), Mm(height)
            section.top_margin = _length(page.margin_top)
            section.bottom_margin = _length(page.margin_bottom)
            section.left_margin = _length(page.margin_left)
            section.right_margin = _length(page.margin_right)
            footer = section.footer.paragraphs[0]
            footer.alignment = 1  # centre
            field = etree.SubElement(footer._p, qn("w:fldSimple"))
            field.set(qn("w:instr"), "PAGE")
            run = etree.SubElement(field, qn("w:r"))
            etree.SubElement(run, qn("w:t")).text = "1"

    @staticmethod
    def document_date(document: Document) -> dt.datetime | None:
        """The submission's own date at a fixed time (builds stay reproducible); None when it has none."""
        meta = document.meta
        if not meta.date:
            return None
        return dt.datetime.fromisoformat(meta.date).replace(tzinfo=dt.timezone.utc)

    def _properties(self, doc, document: Document) -> None:
        props = doc.core_properties
        meta = document.meta
        language = with_region(meta.language, self.spec.language)
        east_asian = with_region(self.spec.fonts.cjk[0].lang) if self.spec.fonts.cjk else ""
        props.title = _property(meta.title)
        props.author = _property(meta.author)
        props.language = _property(language)
        props.subject = _property(meta.subject)
        props.keywords = _property(", ".join(meta.keywords))
        props.comments = ""
        props.last_modified_by = _property(meta.author)
        props.revision = 1
        set_dates(doc, self.document_date(document))
        current_word_settings(doc, language, east_asian)
        fresh_app_properties(doc)
        # The document's language, for spelling and for readers: on the default run properties.
        styles = doc.styles.element
        rpr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            lang = rpr.find(qn("w:lang"))
            if lang is None:
                lang = etree.SubElement(rpr, qn("w:lang"))
            lang.set(qn("w:val"), language)
            if east_asian:
                lang.set(qn("w:eastAsia"), east_asian)

    @staticmethod
    def deterministic_zip(doc) -> bytes:
        """The package as zip bytes with fixed member times, so the same input gives the same bytes."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            def write(name: str, blob: bytes) -> None:
                info = zipfile.ZipInfo(name, date_time=_FIXED_ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                target.writestr(info, blob)

            package = doc.part.package
            try:
                # python-docx's own serialisation, minus its zip writer (which stamps the time)
                from docx.opc.pkgwriter import PackageWriter

                class _Members:
                    @staticmethod
                    def write(pack_uri, blob: bytes) -> None:
                        write(pack_uri.membername, blob)

                parts = list(package.iter_parts())
                PackageWriter._write_content_types_stream(_Members, parts)
                PackageWriter._write_pkg_rels(_Members, package.rels)
                PackageWriter._write_parts(_Members, parts)
            except AttributeError:  # python-docx reorganised: save, then copy with fixed times
                raw = io.BytesIO()
                doc.save(raw)
                with zipfile.ZipFile(raw) as source:
                    for info in source.infolist():
                        write(info.filename, source.read(info.filename))
        return out.getvalue()

    # -- blocks -------------------------------------------------------------
    def _block(self, block) -> list:
        if isinstance(block, Heading):
            p = self._paragraph(f"Heading{block.level}", block.children)
            if self.numbered_headings and block.level <= NUMBERED_HEADING_LEVELS and not block.numbered:
                unnumbered(p.find(qn("w:pPr")))
            return [p]
        if isinstance(block, Paragraph):
            style = "NumberedParagraph" if block.numbered else _PARAGRAPH_STYLE_IDS[block.style]
            return [self._paragraph(style, block.children, block.align)]
        if isinstance(block, ListBlock):
            num_id = self._restart_numbering() if block.ordered else None
            style = "ListNumber" if block.ordered else "ListBullet"
            return [self._paragraph(style, item, num_id=num_id) for item in block.items]
        if isinstance(block, PageBreak):
            p = etree.Element(qn("w:p"))
            etree.SubElement(etree.SubElement(p, qn("w:r")), qn("w:br")).set(qn("w:type"), "page")
            return [p]
        if isinstance(block, Table):
            caption = [self._paragraph("Caption", block.caption)] if block.caption else []
            return caption + [self._table(block)]
        if isinstance(block, Image):
            return [self._image(block)]
        raise TypeError(f"unknown block {block!r}")

    def _text_width_twips(self) -> int:
        page = self.spec.page
        width_mm = PAGE_SIZES_MM[page.size][0]
        usable = Mm(width_mm) - _length(page.margin_left) - _length(page.margin_right)
        return int(Length(usable).twips)

    def _table(self, table: Table):
        """A w:tbl with single borders, fixed column widths and its header rows repeated on each page."""
        widths = [int(self._text_width_twips() * f) for f in table.relative_widths()]
        tbl = etree.Element(qn("w:tbl"))
        tbl_pr = etree.SubElement(tbl, qn("w:tblPr"))
        etree.SubElement(tbl_pr, qn("w:tblW"), {qn("w:w"): str(sum(widths)), qn("w:type"): "dxa"})
        borders = etree.SubElement(tbl_pr, qn("w:tblBorders"))
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            etree.SubElement(borders, qn(f"w:{edge}"), {qn("w:val"): "single", qn("w:sz"): "4",
                                                        qn("w:space"): "0", qn("w:color"): "000000"})
        etree.SubElement(tbl_pr, qn("w:tblLayout"), {qn("w:type"): "fixed"})
        margins = etree.SubElement(tbl_pr, qn("w:tblCellMar"))
        for edge in ("left", "right"):
            etree.SubElement(margins, qn(f"w:{edge}"), {qn("w:w"): "85", qn("w:type"): "dxa"})
        grid = etree.SubElement(tbl, qn("w:tblGrid"))
        for width in widths:
            etree.SubElement(grid, qn("w:gridCol"), {qn("w:w"): str(width)})
        for index, row in enumerate(table.rows):
            tr = etree.SubElement(tbl, qn("w:tr"))
            header = index < table.header_rows
            if header:
                etree.SubElement(etree.SubElement(tr, qn("w:trPr")), qn("w:tblHeader"))
            for column in range(len(widths)):
                tc = etree.SubElement(tr, qn("w:tc"))
                tc_pr = etree.SubElement(tc, qn("w:tcPr"))
                etree.SubElement(tc_pr, qn("w:tcW"), {qn("w:w"): str(widths[column]), qn("w:type"): "dxa"})
                cell = row[column] if column < len(row) else []
                p = self._paragraph("TableText", [])
                self._runs(p, cell, _RunFormat(bold=header, style_italic="TableText" in self.italic_styles))
                tc.append(p)
        return tbl

    def _image(self, block: Image):
        """A picture inline in a paragraph of its own, as Word's Insert > Picture makes it."""
        p = self._paragraph("Normal", [], block.align)
        inline = self.doc.part.new_pic_inline(io.BytesIO(block.data), Mm(block.width_mm), Mm(block.height_mm))
        doc_pr = inline.find(qn("wp:docPr"))
        if doc_pr is not None:  # alt text; the file name python-docx invents says nothing
            doc_pr.set("descr", block.alt)
            doc_pr.set("name", block.src.rsplit("/", 1)[-1] or "image")
        drawing = etree.SubElement(etree.SubElement(p, qn("w:r")), qn("w:drawing"))
        drawing.append(inline)
        return p

    def _restart_numbering(self) -> int:
        """A new w:num so each ordered list starts again at (a)."""
        self.next_num_id += 1
        num = etree.SubElement(self.numbering, qn("w:num"))
        num.set(qn("w:numId"), str(self.next_num_id))
        etree.SubElement(num, qn("w:abstractNumId")).set(qn("w:val"), str(ORDERED_LIST_ABSTRACT_ID))
        return self.next_num_id

    def _paragraph(self, style_id: str, inlines: list[Inline], align: str = "", num_id: int | None = None):
        p = etree.Element(qn("w:p"))
        ppr = etree.SubElement(p, qn("w:pPr"))
        etree.SubElement(ppr, qn("w:pStyle")).set(qn("w:val"), style_id)
        if num_id is not None:
            num_pr = etree.SubElement(ppr, qn("w:numPr"))
            etree.SubElement(num_pr, qn("w:ilvl")).set(qn("w:val"), "0")
            etree.SubElement(num_pr, qn("w:numId")).set(qn("w:val"), str(num_id))
        if align:
            etree.SubElement(ppr, qn("w:jc")).set(qn("w:val"), _ALIGN[align])
        self._runs(p, inlines, _RunFormat(style_italic=style_id in self.italic_styles))
        return p

    # -- inlines ------------------------------------------------------------
    def _runs(self, parent, inlines: list[Inline], fmt: _RunFormat) -> None:
        for node in inlines:
            if isinstance(node, Str):
                if node.text:
                    parent.append(self._text_run(node.text, fmt))
            elif isinstance(node, Emph):
                self._runs(parent, node.children, fmt.with_(italic=not fmt.italic))
            elif isinstance(node, Strong):
                self._runs(parent, node.children, fmt.with_(bold=True))
            elif isinstance(node, Span):
                self._runs(parent, node.children, fmt.with_(lang=node.lang))
            elif isinstance(node, Link) and not SAFE_LINK.fullmatch(node.href):
                self._runs(parent, node.children, fmt)  # checked before; never a javascript: or file: link
            elif isinstance(node, Link):
                # each part has its own relationships: a link in a footnote is the footnotes part's
                rel_id = self.part.relate_to(node.href, RT.HYPERLINK, is_external=True)
                link = etree.SubElement(parent, qn("w:hyperlink"))
                link.set(qn("r:id"), rel_id)
                self._runs(link, node.children, fmt.with_(style="Hyperlink"))
            elif isinstance(node, LineBreak):
                run = etree.SubElement(parent, qn("w:r"))
                etree.SubElement(run, qn("w:br"))
            elif isinstance(node, Note):
                parent.append(reference_run(node.number))
                self._footnote(node)
            elif isinstance(node, Change):
                self._change(parent, node, fmt)
            else:
                raise TypeError(f"{type(node).__name__} left in the document after the notes pass")

    def _change(self, parent, node: Change, fmt: _RunFormat) -> None:
        raise TypeError("tracked changes are written by writers/docx_changes.py, not in a submission")

    def _footnote(self, note: Note) -> None:
        assert self.footnotes is not None
        paragraph = self.footnotes.add(note.number)
        body_part, self.part = self.part, self.footnotes.part
        try:
            self._runs(paragraph, note.children, _RunFormat())
        finally:
            self.part = body_part

    def _text_run(self, text: str, fmt: _RunFormat):
        run = etree.Element(qn("w:r"))
        # CJK has no italic: Word and LibreOffice would slant it synthetically, so a Korean or
        # Chinese run stays upright inside emphasis (the Latin text around it stays italic)
        cjk = bool(fmt.lang) and is_cjk(fmt.lang)
        italic = fmt.italic and not cjk
        if fmt.bold or italic or fmt.lang or fmt.style:
            rpr = etree.SubElement(run, qn("w:rPr"))  # children in schema order
            if fmt.style:
                etree.SubElement(rpr, qn("w:rStyle")).set(qn("w:val"), fmt.style)
            if fmt.lang:
                family = self._east_asian_font(fmt.lang)
                if family:
                    fonts = etree.SubElement(rpr, qn("w:rFonts"))
                    fonts.set(qn("w:eastAsia"), family)
                    fonts.set(qn("w:hint"), "eastAsia")
            if fmt.bold:
                etree.SubElement(rpr, qn("w:b"))
            if italic:
                etree.SubElement(rpr, qn("w:i"))
            elif cjk and fmt.style_italic:  # upright in an italic style (Heading 3)
                etree.SubElement(rpr, qn("w:i")).set(qn("w:val"), "0")
            if fmt.lang:
                lang = etree.SubElement(rpr, qn("w:lang"))
                attr = "w:eastAsia" if is_cjk(fmt.lang) else "w:val"
                lang.set(qn(attr), with_region(fmt.lang, self.spec.language))
        t = etree.SubElement(run, qn("w:t"))
        t.text = text
        if text[:1].isspace() or text[-1:].isspace():
            t.set(_XML_SPACE, "preserve")
        return run


def write_docx(document: Document, spec: FormatSpec, diags=None) -> bytes:
    return DocxWriter(spec).render(document)
