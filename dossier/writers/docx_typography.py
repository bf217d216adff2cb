"""Line breaking and slant in the DOCX as the PDF has them.

- Justified text is hyphenated: ``w:autoHyphenation`` in settings.xml (LibreOffice
  reads it as hyphenation on its default paragraph style), with Word's hyphenation
  zone set to the PDF's limit zone (8% of the text width), and headings, titles,
  captions and table cells left unhyphenated as in the PDF.
- Korean is broken between words only: ``w:wordWrap`` on in the document defaults.
  Word applies it to Korean text (MS-OI29500 2.1.67, 17.3.1.45: "Word applies this
  property to Korean text only if ... there is Korean text in the paragraph"; off
  lets Word break a Korean word between two syllables).  Chinese and Japanese,
  which have no spaces, still break between characters.
- CJK is never slanted: a Korean or Chinese run inside emphasis, or in an italic
  style, gets no ``w:i`` (Word and LibreOffice would draw a synthetic oblique).
"""

from __future__ import annotations

from docx.oxml.ns import qn
from lxml import etree

from ..formats import FormatSpec

# what the PDF's page.css calls hyphenate-limit-zone: a line is hyphenated only when its gap would be wider
HYPHENATION_ZONE = 0.08
# styles the PDF does not hyphenate (h1-h6, p.title, p.subtitle, table cells, captions)
UNHYPHENATED_STYLES = ("Title", "Subtitle", "Heading1", "Heading2", "Heading3", "Heading4", "Caption",
                       "TableText")

# CT_Settings elements that follow w:hyphenationZone (ECMA-376 Part 1, 17.15.1.78), in order
_AFTER_HYPHENATION_ZONE = (
    "doNotHyphenateCaps", "showEnvelope", "summaryLength", "clickAndTypeStyle", "defaultTableStyle",
    "evenAndOddHeaders", "bookFoldRevPrinting", "bookFoldPrinting", "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing", "displayHorizontalDrawingGridEvery",
    "displayVerticalDrawingGridEvery", "doNotUseMarginsForDrawingGridOrigin", "drawingGridHorizontalOrigin",
    "drawingGridVerticalOrigin", "doNotShadeFormData", "noPunctuationKerning", "characterSpacingControl",
    "printTwoOnOne", "strictFirstAndLastChars", "noLineBreaksAfter", "noLineBreaksBefore",
    "savePreviewPicture", "doNotValidateAgainstSchema", "saveInvalidXml", "ignoreMixedContent",
    "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml", "saveXmlDataOnly", "useXSLTWhenSaving",
    "saveThroughXslt", "showXMLTags", "alwaysMergeEmptyNamespace", "updateFields", "hdrShapeDefaults",
    "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang",
    "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
    "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
    "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")
# CT_PPrBase elements that follow w:wordWrap, in order
_AFTER_WORD_WRAP = ("overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
                    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap",
                    "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
                    "cnfStyle", "rPr", "sectPr", "pPrChange")
# CT_PPrBase elements that follow w:suppressAutoHyphens
_AFTER_SUPPRESS_HYPHENS = ("kinsoku", "wordWrap") + _AFTER_WORD_WRAP


def _insert_before_any(parent, element, following: tuple[str, ...]) -> None:
    """``element`` into ``parent`` in schema order: before the first child named in ``following``."""
    later = next((child for child in parent if etree.QName(child).localname in following), None)
    if later is not None:
        later.addprevious(element)
    else:
        parent.append(element)


def _replace(parent, name: str, following: tuple[str, ...], **attrs: str):
    for old in parent.findall(qn(f"w:{name}")):
        parent.remove(old)
    element = etree.Element(qn(f"w:{name}"), {qn(f"w:{k}"): v for k, v in attrs.items()})
    _insert_before_any(parent, element, following)
    return element


def hyphenate_justified(document, spec: FormatSpec, text_width_twips: int) -> None:
    """Automatic hyphenation for a format whose body is justified (as the PDF hyphenates it)."""
    settings = document.settings.element
    for name in ("autoHyphenation", "hyphenationZone"):
        for old in settings.findall(qn(f"w:{name}")):
            settings.remove(old)
    if not spec.justify:
        return
    zone = etree.Element(qn("w:hyphenationZone"), {qn("w:val"): str(round(text_width_twips * HYPHENATION_ZONE))})
    _insert_before_any(settings, zone, _AFTER_HYPHENATION_ZONE)
    zone.addprevious(etree.Element(qn("w:autoHyphenation")))
    styles = document.styles.element
    for style_id in UNHYPHENATED_STYLES:
        style = styles.get_by_id(style_id)
        if style is not None:
            _replace(style.get_or_add_pPr(), "suppressAutoHyphens", _AFTER_SUPPRESS_HYPHENS)


def korean_between_words(document) -> None:
    """``w:wordWrap`` on in the document's default paragraph properties (every style inherits it)."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = etree.Element(qn("w:docDefaults"))
        styles.insert(0, defaults)
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is None:
        ppr_default = etree.SubElement(defaults, qn("w:pPrDefault"))
    ppr = ppr_default.find(qn("w:pPr"))
    if ppr is None:
        ppr = etree.SubElement(ppr_default, qn("w:pPr"))
    _replace(ppr, "wordWrap", _AFTER_WORD_WRAP, val="1")


def italic_styles(document) -> frozenset[str]:
    """Ids of the paragraph styles whose text is italic (their own w:i or a base style's)."""
    by_id = {style.get(qn("w:styleId")): style for style in document.styles.element.findall(qn("w:style"))}

    def italic(style_id: str, depth: int = 0) -> bool:
        style = by_id.get(style_id)
        if style is None or depth > 20:  # a basedOn loop in a format's reference.docx
            return False
        own = style.find(f"{qn('w:rPr')}/{qn('w:i')}")
        if own is not None:
            return own.get(qn("w:val"), "true") not in ("0", "false", "off")
        based_on = style.find(qn("w:basedOn"))
        return based_on is not None and italic(based_on.get(qn("w:val")), depth + 1)

    return frozenset(sid for sid, style in by_id.items() if style.get(qn("w:type")) == "paragraph" and italic(sid))
