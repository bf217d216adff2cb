"""Heading numbering as Word numbering: one list linked to the Heading 1-3 styles.

Each level's number format comes from the document (the format's or the
submission's ``heading_numbering``); the Heading styles carry the list in their
own ``w:numPr``, so a heading is numbered by being a heading, and an editor who
deletes a section sees the others renumber.  A heading that takes no number
(``numbered: false``, the front matter's) says so with ``w:numId 0``.
"""

from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

HEADING_NUM_ID = 103
_HEADING_ABSTRACT_ID = 103
LEVELS = 3

_WORD_FORMATS = {"upper-roman": "upperRoman", "lower-roman": "lowerRoman", "upper-alpha": "upperLetter",
                 "lower-alpha": "lowerLetter", "decimal": "decimal", "none": "none"}

# w:pPr children that come after w:numPr in the schema (CT_PPrBase's sequence)
_AFTER_NUM_PR = {qn(f"w:{name}") for name in (
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
    "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
    "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")}


def _level(index: int, numbering: str) -> str:
    kind = _WORD_FORMATS.get(numbering, "none")
    text = "" if kind == "none" else f"%{index + 1}."
    suffix = "nothing" if kind == "none" else "space"
    return (f'<w:lvl w:ilvl="{index}"><w:start w:val="1"/><w:numFmt w:val="{kind}"/>'
            f'<w:pStyle w:val="Heading{index + 1}"/><w:suff w:val="{suffix}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            '<w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>')


def insert_num_pr(ppr, num_pr) -> None:
    """``num_pr`` into ``ppr`` where the schema wants it (Word refuses children out of order)."""
    for old in ppr.findall(qn("w:numPr")):
        ppr.remove(old)
    for index, child in enumerate(ppr):
        if child.tag in _AFTER_NUM_PR:
            ppr.insert(index, num_pr)
            return
    ppr.append(num_pr)


def apply_heading_numbering(document, numbering: list[str]) -> bool:
    """The heading list and its link from the styles; False (nothing added) when no level is numbered."""
    if not any(n != "none" for n in numbering[:LEVELS]):
        return False
    levels = "".join(_level(i, numbering[i] if i < len(numbering) else "none") for i in range(LEVELS))
    element = document.part.numbering_part.element
    abstracts = element.findall(qn("w:abstractNum"))
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{_HEADING_ABSTRACT_ID}">'
                         f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>')
    if abstracts:  # every w:abstractNum comes before the first w:num
        abstracts[-1].addnext(abstract)
    else:
        element.insert(0, abstract)
    element.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{HEADING_NUM_ID}">'
                             f'<w:abstractNumId w:val="{_HEADING_ABSTRACT_ID}"/></w:num>'))
    styles = document.styles.element
    for index in range(LEVELS):
        style = styles.get_by_id(f"Heading{index + 1}")
        if style is None:
            continue
        num_pr = parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{index}"/>'
                           f'<w:numId w:val="{HEADING_NUM_ID}"/></w:numPr>')
        insert_num_pr(style.get_or_add_pPr(), num_pr)
    return True


def unnumbered(ppr) -> None:
    """This heading takes no number, though its style is numbered."""
    insert_num_pr(ppr, parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="0"/></w:numPr>'))
