"""The Word styles a submission uses, set from the format spec.

Editors restyle documents through these names, so body text, headings,
notes and lists each use the style Word users expect ("Normal", "Heading 1",
"Footnote Text", "List Bullet", ...), and numbered paragraphs are a style
with Word numbering, not typed digits.
"""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor
from docx.styles.style import StyleFactory
from lxml import etree

from ..formats import FormatSpec

NUMBERED_PARAGRAPH_NUM_ID = 101
_NUMBERED_ABSTRACT_ID = 101
ORDERED_LIST_ABSTRACT_ID = 102

# style name -> (size in points or None for body size, bold, italic, space before, space after)
_HEADINGS = {
    "Title": (16, True, False, 12, 6),
    "Subtitle": (13, True, False, 6, 6),
    "Heading 1": (13, True, False, 12, 6),
    "Heading 2": (12, True, False, 10, 4),
    "Heading 3": (12, True, True, 8, 4),
    "Heading 4": (12, False, True, 6, 4),
}

# Space before each part of a letter, in points, as the format's style.css gives it to the PDF
# (LibreOffice, like CSS, keeps the larger of one paragraph's space after and the next's before).
_LETTER_SPACE_BEFORE = {"Date": 18, "Salutation": 18, "Closing": 0, "Signature": 18}


def _set_fonts(rpr, family: str, east_asian: str | None) -> None:
    """Explicit fonts on a run-properties element; theme fonts (Calibri, Cambria) removed."""
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    fonts = etree.Element(qn("w:rFonts"))
    for attr in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{attr}"), family)
    if east_asian:
        fonts.set(qn("w:eastAsia"), east_asian)
    rpr.insert(0, fonts)


def _style_rpr(style):
    return style.element.get_or_add_rPr()


def _plain_black(style) -> None:
    rpr = _style_rpr(style)
    for tag in ("w:color", "w:spacing", "w:kern"):
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)
    ppr = style.element.find(qn("w:pPr"))
    if ppr is not None:
        for old in ppr.findall(qn("w:pBdr")):  # the default Title's rule under it
            ppr.remove(old)
        for old in ppr.findall(qn("w:contextualSpacing")):
            ppr.remove(old)


def _style(styles, name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH, base: str | None = "Normal",
           style_id: str | None = None):
    """The style called ``name``, added when the template lacks it.

    Looked up by id on the XML: python-docx's name lookup walks every style
    for each call, which was a third of a short build's DOCX time.
    """
    style_id = style_id or name.replace(" ", "")
    element = styles.element.get_by_id(style_id)
    if element is None:
        element = styles.element.add_style_of_type(name, kind, builtin=False)
        element.styleId = style_id
        if base is not None:
            element.basedOn_val = base
        element.qFormat_val = True
    return StyleFactory(element)


def _paragraph_style(styles, name: str, base: str = "Normal"):
    return _style(styles, name, WD_STYLE_TYPE.PARAGRAPH, base)


def _numbering_definitions(numbering_element, body_size_pt: int) -> None:
    numbering_element.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{_NUMBERED_ABSTRACT_ID}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:pStyle w:val="NumberedParagraph"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:tabs><w:tab w:val="num" w:pos="567"/></w:tabs><w:ind w:left="567" w:hanging="567"/></w:pPr>'
        "</w:lvl></w:abstractNum>"))
    numbering_element.insert(1, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{ORDERED_LIST_ABSTRACT_ID}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
        '<w:lvlText w:val="(%1)"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr>'
        "</w:lvl></w:abstractNum>"))
    numbering_element.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{NUMBERED_PARAGRAPH_NUM_ID}">'
        f'<w:abstractNumId w:val="{_NUMBERED_ABSTRACT_ID}"/></w:num>'))


def apply_styles(document, spec: FormatSpec) -> None:
    styles = document.styles
    fonts = spec.fonts
    east_asian = fonts.cjk[0].docx_family if fonts.cjk else None  # a font Office has

    # Document defaults first: every style inherits them.
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr_default is not None:
            _set_fonts(rpr_default, fonts.body, east_asian)

    normal = _style(styles, "Normal")
    normal.font.size = Pt(fonts.body_size)
    _set_fonts(_style_rpr(normal), fonts.body, east_asian)
    pf = normal.paragraph_format
    pf.space_after = Pt(6)
    pf.line_spacing = 1.0
    if spec.justify:
        pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    for name, (size, bold, italic, before, after) in _HEADINGS.items():
        style = _style(styles, name)
        _plain_black(style)
        _set_fonts(_style_rpr(style), fonts.body, east_asian)
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = italic
        style.font.all_caps = False
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.alignment = (
            WD_ALIGN_PARAGRAPH.CENTER if name in ("Title", "Subtitle") else WD_ALIGN_PARAGRAPH.LEFT)

    numbered = _paragraph_style(styles, "Numbered Paragraph")
    numbered.element.get_or_add_pPr().insert(0, parse_xml(
        f'<w:numPr {nsdecls("w")}><w:numId w:val="{NUMBERED_PARAGRAPH_NUM_ID}"/></w:numPr>'))

    letterhead = _paragraph_style(styles, "Letterhead")
    letterhead.paragraph_format.space_after = Pt(0)
    letterhead.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    # A letter's parts, spaced by their styles rather than by empty paragraphs, so that the DOCX
    # and the PDF (the format's style.css) leave the same gaps and break pages alike.
    for name, before in _LETTER_SPACE_BEFORE.items():
        _paragraph_style(styles, name).paragraph_format.space_before = Pt(before)

    quote = _paragraph_style(styles, "Block Text")
    quote.paragraph_format.left_indent = Pt(28)
    quote.paragraph_format.space_after = Pt(6)

    caption = _paragraph_style(styles, "Caption")
    caption.font.bold = True
    caption.font.italic = False
    caption.font.size = Pt(fonts.body_size)
    _plain_black(caption)
    caption.paragraph_format.keep_with_next = True
    caption.paragraph_format.space_before = Pt(6)

    table_text = _paragraph_style(styles, "Table Text")  # cells: left-aligned, no space after
    table_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    table_text.paragraph_format.space_after = Pt(0)
    table_text.font.size = Pt(fonts.note_size + 1)

    for name in ("List Bullet", "List Number"):
        style = _style(styles, name)
        # as the PDF's list items, each followed by its space (python-docx's template has
        # contextualSpacing here, which drops it between items): both fit as many on a page
        style.paragraph_format.space_after = Pt(6)
        ppr = style.element.get_or_add_pPr()
        for old in ppr.findall(qn("w:contextualSpacing")):
            ppr.remove(old)

    note_text = _paragraph_style(styles, "Footnote Text")
    note_text.font.size = Pt(fonts.note_size)
    note_text.paragraph_format.space_after = Pt(0)
    note_text.paragraph_format.line_spacing = 1.0
    note_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    note_ref = _style(styles, "Footnote Reference", WD_STYLE_TYPE.CHARACTER, base=None)
    note_ref.font.superscript = True

    hyperlink = _style(styles, "Hyperlink", WD_STYLE_TYPE.CHARACTER, base=None)
    hyperlink.font.underline = True
    hyperlink.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)

    _numbering_definitions(document.part.numbering_part.element, fonts.body_size)


def apply_comment_styles(document, spec: FormatSpec) -> None:
    """Word's own comment styles (review copies only): the ids python-docx's comments refer to."""
    styles = document.styles
    text = _style(styles, "annotation text", style_id="CommentText")
    text.font.size = Pt(spec.fonts.note_size)
    text.paragraph_format.space_after = Pt(0)
    text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    reference = _style(styles, "annotation reference", WD_STYLE_TYPE.CHARACTER, base=None,
                       style_id="CommentReference")
    reference.font.size = Pt(8)
