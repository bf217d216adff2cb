"""Word files: the body with python-docx, the footnotes from their own part's XML.

python-docx has no footnote API, so the footnotes part is found through the
document part's relationships (its OPC layer) and read as XML with its own
parser.  Tracked changes are read as accepted (insertions kept, deletions
dropped) and said so; images and text boxes are reported, never lost silently.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from .document import Heading, ImportedDocument, Inline, ListBlock, NoteCall, Paragraph, Span, Table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
MAX_DOCX_BYTES = 256 * 2**20  # a long report with images is tens of MiB; this stops a runaway file
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted OOXML file is an OLE container
_HEADING_STYLE = re.compile(r"(?:heading|überschrift|titre)\s*(\d)", re.I)
_LIST_STYLE = re.compile(r"list", re.I)


def read_docx(path: Path, shown: str) -> ImportedDocument:
    from .import_errors import fail

    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
        size = path.stat().st_size
    except OSError as exc:
        fail(shown, f"cannot be read ({exc.strerror or exc})")
    if size > MAX_DOCX_BYTES:
        fail(shown, f"is {size // 2**20} MiB; more than {MAX_DOCX_BYTES // 2**20} MiB is not read")
    if head.startswith(_OLE_MAGIC):
        fail(shown, "is password-protected (encrypted) or an old .doc file: save it unprotected as .docx first")
    if not zipfile.is_zipfile(path):
        if path.name.startswith("~$"):  # Word's owner file beside a document it has open
            fail(shown, f"is Word's lock file for an open document, not the document: import "
                        f"the file without '~$' in its name (close it in Word first)")
        fail(shown, "is not a Word document (.docx files are ZIP packages; this is not one)")
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            bad = package.testzip()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        fail(shown, f"is damaged: its ZIP package cannot be read ({exc})")
    if bad is not None:
        fail(shown, f"is damaged: part '{bad}' of its package is corrupt")
    if "word/document.xml" not in names:
        fail(shown, "is not a Word document (no word/document.xml in the package)")
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # any failure of the library on a damaged package is the file's, not ours
        fail(shown, f"is damaged: python-docx cannot open it ({type(exc).__name__})")
    return _DocxReader(document, shown).read()


class _DocxReader:
    def __init__(self, document, shown: str) -> None:
        self.document = document
        self.result = ImportedDocument(shown)
        self.links = {rid: rel.target_ref for rid, rel in document.part.rels.items() if rel.is_external}
        self.insertions = self.deletions = self.images = 0
        self.numbering = self._numbering_formats()
        self.styles = {s.style_id: s for s in document.styles}
        self.language = self._default_language()

    def _default_language(self) -> str:
        """The document's language: the default run properties', else the core properties'."""
        defaults = self.document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
        value = defaults.get(W + "val", "") if defaults is not None else ""
        value = value or (self.document.core_properties.language or "")
        return (value or "en").split("-")[0].lower()

    def read(self) -> ImportedDocument:
        core = self.document.core_properties
        self.result.title, self.result.author = core.title or "", core.author or ""
        self.result.language = core.language or ""
        count = 0
        for child in self.document.element.body.iterchildren():
            if child.tag == W + "p":
                count += 1
                self._paragraph(child, f"paragraph {count}")
            elif child.tag == W + "tbl":
                count += 1
                self._table(child, f"paragraph {count} (a table)")
            elif child.tag == W + "sdt":  # a content control: its paragraphs count as the body's
                for p in child.iter(W + "p"):
                    count += 1
                    self._paragraph(p, f"paragraph {count}")
        self._footnotes()
        self._number_notes()
        if self.insertions or self.deletions:
            self.result.notices.append(
                f"tracked changes imported as accepted: {self.insertions} insertion(s) kept, "
                f"{self.deletions} deletion(s) dropped")
        if self.images:
            self.result.notices.append(f"{self.images} image(s) or drawing(s) not imported (not text)")
        comments = len(self.document.element.body.findall(f".//{W}commentReference"))
        if comments:  # a reviewer's remarks, not the submission's text
            self.result.notices.append(f"{comments} comment(s) not imported (Word comments are not text)")
        return self.result

    # ---- paragraphs -------------------------------------------------------
    def _style_name(self, p) -> str:
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is None:
            return "Normal"
        sid = style.get(W + "val", "")
        found = self.styles.get(sid)
        return found.name if found is not None and found.name else sid

    def _outline_level(self, p, style_name: str) -> int | None:
        level = p.find(f"{W}pPr/{W}outlineLvl")
        if level is not None and level.get(W + "val", "").isdigit() and int(level.get(W + "val")) < 9:
            return int(level.get(W + "val")) + 1
        match = _HEADING_STYLE.fullmatch(style_name.strip())
        return int(match.group(1)) if match else None

    def _word_number_format(self, p) -> str | None:
        """The numFmt Word numbers this paragraph with ("upperRoman", "decimal"), from its own
        numPr, else its style's (or a base style's); None when it is not numbered.

        numId 0 switches numbering off.  A style's numPr without a level takes the level of
        the list that names the style (its abstractNum's ``w:lvl/w:pStyle``), else level 0."""
        num_pr = p.find(f"{W}pPr/{W}numPr")
        style = p.find(f"{W}pPr/{W}pStyle")
        style_id = style.get(W + "val", "") if style is not None else ""
        own_style = style_id
        seen: set[str] = set()
        while num_pr is None and style_id and style_id not in seen:
            seen.add(style_id)
            found = self.styles.get(style_id)
            if found is None:
                break
            num_pr = found.element.find(f"{W}pPr/{W}numPr")
            if num_pr is None:
                based = found.element.find(f"{W}basedOn")
                style_id = based.get(W + "val", "") if based is not None else ""
        if num_pr is None:
            return None
        num = num_pr.find(f"{W}numId")
        if num is None or num.get(W + "val", "0") == "0":
            return None
        lvl = num_pr.find(f"{W}ilvl")
        if lvl is not None:
            level = lvl.get(W + "val", "0")
        else:
            level = self.style_levels.get((num.get(W + "val"), style_id), None) or \
                self.style_levels.get((num.get(W + "val"), own_style), "0")
        return self.numbering.get((num.get(W + "val"), level))

    def _numbered_by_word(self, p) -> bool:
        """Whether Word numbers this paragraph: a level whose format is "none" shows no number."""
        return self._word_number_format(p) not in (None, "none", "bullet")

    def _paragraph(self, p, where: str) -> None:
        inlines = self._inlines(p)
        style = self._style_name(p)
        align_el = p.find(f"{W}pPr/{W}jc")
        align = {"center": "center", "right": "right", "end": "right"}.get(
            align_el.get(W + "val", "") if align_el is not None else "", "")
        text = "".join(i.text for i in inlines if isinstance(i, Span)).strip()
        if not text and not any(isinstance(i, NoteCall) for i in inlines):
            if p.find(f".//{W}pict") is not None and "hr" in (p.xpath("string(.//@*[local-name()='hr'])") or ""):
                self.result.blocks.append(Paragraph([], where, "rule"))
            return
        level = self._outline_level(p, style)
        lowered = style.lower()
        if lowered == "title":
            self.result.blocks.append(Paragraph(inlines, where, "title", align))
        elif lowered == "subtitle":
            self.result.blocks.append(Paragraph(inlines, where, "subtitle", align))
        elif level is not None:
            fmt = self._word_number_format(p)
            numbered = fmt not in (None, "none", "bullet")
            self.result.blocks.append(Heading(level, inlines, where, numbered,
                                              _HEADING_NUMBERING.get(fmt or "", "") if numbered else ""))
        elif self._is_list(p, lowered):
            ordered = self._ordered(p, lowered)
            last = self.result.blocks[-1] if self.result.blocks else None
            if isinstance(last, ListBlock) and last.ordered == ordered and self._last_was_list:
                last.items.append(inlines)
            else:
                self.result.blocks.append(ListBlock(ordered, [inlines], where))
            self._last_was_list = True
            return
        elif "quote" in lowered or "block text" in lowered:
            self.result.blocks.append(Paragraph(inlines, where, "quote", align))
        elif "letterhead" in lowered:
            self.result.blocks.append(Paragraph(inlines, where, "letterhead", align))
        else:
            self.result.blocks.append(Paragraph(inlines, where, "body", align))
        self._last_was_list = False

    _last_was_list = False

    def _is_list(self, p, style: str) -> bool:
        if style == "numbered paragraph":  # dossier's own numbered body paragraphs
            return False
        return bool(_LIST_STYLE.search(style)) or p.find(f"{W}pPr/{W}numPr") is not None

    def _ordered(self, p, style: str) -> bool:
        if "bullet" in style:
            return False
        if "number" in style:
            return True
        num = p.find(f"{W}pPr/{W}numPr/{W}numId")
        lvl = p.find(f"{W}pPr/{W}numPr/{W}ilvl")
        if num is None:
            return False
        fmt = self.numbering.get((num.get(W + "val"), lvl.get(W + "val") if lvl is not None else "0"))
        return fmt not in (None, "bullet", "none")

    style_levels: dict[tuple[str, str], str] = {}  # (numId, style id) -> the level naming that style

    def _numbering_formats(self) -> dict[tuple[str, str], str]:
        """(numId, level) -> numFmt, from numbering.xml (python-docx's numbering part): each
        num's abstractNum, with the num's own level overrides."""
        self.style_levels = {}
        try:
            numbering = self.document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return {}
        abstract: dict[str, dict[str, str]] = {}
        styles: dict[str, dict[str, str]] = {}
        for a in numbering.iter(W + "abstractNum"):
            levels = abstract.setdefault(a.get(W + "abstractNumId"), {})
            for lvl in a.iter(W + "lvl"):
                levels[lvl.get(W + "ilvl")] = _level_format(lvl)
                linked = lvl.find(W + "pStyle")
                if linked is not None:
                    styles.setdefault(a.get(W + "abstractNumId"), {})[linked.get(W + "val", "")] = lvl.get(W + "ilvl")
        formats = {}
        for num in numbering.iter(W + "num"):
            ref = num.find(W + "abstractNumId")
            if ref is None:
                continue
            num_id = num.get(W + "numId")
            for ilvl, fmt in abstract.get(ref.get(W + "val"), {}).items():
                formats[(num_id, ilvl)] = fmt
            for style_id, ilvl in styles.get(ref.get(W + "val"), {}).items():
                self.style_levels[(num_id, style_id)] = ilvl
            for override in num.iter(W + "lvlOverride"):
                lvl = override.find(W + "lvl")
                if lvl is not None and lvl.find(W + "numFmt") is not None:
                    formats[(num_id, override.get(W + "ilvl"))] = _level_format(lvl)
        return formats

    # ---- runs -------------------------------------------------------------
    def _inlines(self, element, href: str | None = None, in_note: bool = False) -> list[Inline]:
        out: list[Inline] = []
        for child in element.iterchildren():
            tag = child.tag
            if tag == W + "r":
                out.extend(self._run(child, href, in_note))
            elif tag == W + "hyperlink":
                target = self.links.get(child.get(R_ID, ""), href)
                out.extend(self._inlines(child, target, in_note))
            elif tag == W + "ins" or tag == W + "moveTo":
                self.insertions += 1
                out.extend(self._inlines(child, href, in_note))
            elif tag == W + "del" or tag == W + "moveFrom":
                self.deletions += 1
            elif tag in (W + "smartTag", W + "fldSimple", W + "sdt", W + "sdtContent", W + "customXml"):
                out.extend(self._inlines(child, href, in_note))
        return out

    def _run(self, r, href: str | None, in_note: bool) -> list[Inline]:
        props = r.find(W + "rPr")
        emphasis = _on(props, "i")
        strong = _on(props, "b")
        vert = props.find(W + "vertAlign") if props is not None else None
        lang_el = props.find(W + "lang") if props is not None else None
        lang = lang_el.get(W + "val", "") if lang_el is not None else ""
        if lang.split("-")[0].lower() == self.language:
            lang = ""
        superscript = vert is not None and vert.get(W + "val") == "superscript"
        out: list[Inline] = []
        for child in r.iterchildren():
            tag = child.tag
            if tag == W + "t":
                out.append(Span(child.text or "", emphasis, strong, superscript, href, lang))
            elif tag in (W + "tab", W + "br", W + "cr"):
                out.append(Span("\n" if tag == W + "br" else " ", False, False, False, href))
            elif tag == W + "noBreakHyphen":
                out.append(Span("\u2011", emphasis, strong, False, href))
            elif tag == W + "footnoteReference" and not in_note:
                out.append(NoteCall(int(child.get(W + "id", "0"))))
            elif tag in (W + "drawing", W + "pict", W + "object"):
                self.images += 1
            elif tag == W + "delText":
                self.deletions += 1
        return out

    def _table(self, tbl, where: str) -> None:
        rows = []
        for tr in tbl.iter(W + "tr"):
            rows.append([" ".join("".join(t.text or "" for t in p.iter(W + "t")) for p in tc.iter(W + "p")).strip()
                         for tc in tr.iter(W + "tc")])
        self.result.blocks.append(Table(rows, where))

    def _number_notes(self) -> None:
        """Notes by the number Word shows (their order of call), not by their XML ids."""
        order: dict[int, int] = {}
        for block in self.result.blocks:
            groups = block.items if isinstance(block, ListBlock) else [getattr(block, "inlines", [])]
            for inlines in groups:
                for item in inlines:
                    if isinstance(item, NoteCall):
                        item.number = order.setdefault(item.number, len(order) + 1)
        notes = self.result.notes
        self.result.notes = {order[i]: notes[i] for i in sorted(notes, key=lambda i: order.get(i, 10**9))
                             if i in order}
        uncalled = len(set(notes) - set(order))
        if uncalled:
            self.result.notices.append(f"{uncalled} footnote(s) without a call in the text not imported")

    # ---- footnotes --------------------------------------------------------
    def _footnotes(self) -> None:
        from docx.oxml.parser import parse_xml

        part = next((rel.target_part for rel in self.document.part.rels.values()
                     if rel.reltype == _FOOTNOTES and not rel.is_external), None)
        if part is None:
            return
        from lxml import etree

        try:
            root = parse_xml(part.blob)
        except etree.XMLSyntaxError as exc:
            from .import_errors import fail

            fail(self.result.path, f"is damaged: its footnotes part ({part.partname}) is not well-formed XML "
                                   f"(line {exc.lineno})")
        for note in root.iter(W + "footnote"):
            if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            inlines: list[Inline] = []
            for index, p in enumerate(note.iter(W + "p")):
                if index:
                    inlines.append(Span(" "))
                inlines.extend(self._inlines(p, in_note=True))
            _strip_start(inlines)
            self.result.notes[int(note.get(W + "id", "0"))] = inlines


# Word's numFmt -> heading_numbering's name for it
_HEADING_NUMBERING = {"upperRoman": "upper-roman", "lowerRoman": "lower-roman", "upperLetter": "upper-alpha",
                      "lowerLetter": "lower-alpha", "decimal": "decimal", "decimalZero": "decimal"}


def _level_format(lvl) -> str:
    """A numbering level's numFmt (Word's default: decimal)."""
    fmt = lvl.find(W + "numFmt")
    return fmt.get(W + "val") if fmt is not None else "decimal"


def _on(props, name: str) -> bool:
    if props is None:
        return False
    el = props.find(W + name)
    return el is not None and el.get(W + "val", "true") not in ("0", "false", "off")


def _strip_start(inlines: list[Inline]) -> None:
    """Word puts a space after the note's own number; that space is not the note's text."""
    while inlines and isinstance(inlines[0], Span) and not inlines[0].text.strip():
        inlines.pop(0)
    if inlines and isinstance(inlines[0], Span):
        inlines[0].text = inlines[0].text.lstrip()
