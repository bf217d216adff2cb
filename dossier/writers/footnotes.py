"""Word footnotes on python-docx's public OXML and OPC layers.

python-docx has no footnote API.  A footnotes part is an ordinary XML part
related to the main document with the footnotes relationship; each note is a
``w:footnote`` whose first run holds ``w:footnoteRef``, and the body text
calls it with a ``w:footnoteReference`` run.  The two separator notes (ids -1
and 0) are what Word itself writes and expects.
"""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

_EMPTY_FOOTNOTES = (
    f"<w:footnotes {nsdecls('w', 'r')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
    "</w:footnotes>"
)

# Elements that may follow w:footnotePr in w:settings (ECMA-376 CT_Settings order).
_AFTER_FOOTNOTE_PR = ("endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema",
                      "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                      "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
                      "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
                      "decimalSymbol", "listSeparator")


class FootnotesPart:
    """The ``/word/footnotes.xml`` part of a python-docx document."""

    def __init__(self, document) -> None:
        main = document.part
        self.element = parse_xml(_EMPTY_FOOTNOTES)
        self.part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self.element, main.package)
        main.relate_to(self.part, RT.FOOTNOTES)
        self._declare_separators(document)

    @staticmethod
    def _declare_separators(document) -> None:
        settings = document.settings.element
        footnote_pr = etree.Element(qn("w:footnotePr"))
        for note_id in ("-1", "0"):
            etree.SubElement(footnote_pr, qn("w:footnote")).set(qn("w:id"), note_id)
        following = next(
            (child for child in settings if etree.QName(child).localname in _AFTER_FOOTNOTE_PR), None
        )
        if following is not None:
            following.addprevious(footnote_pr)
        else:
            settings.append(footnote_pr)

    def add(self, note_id: int, style_id: str = "FootnoteText", ref_style_id: str = "FootnoteReference"):
        """Append an empty footnote and return its paragraph, its marker run already in place."""
        footnote = etree.SubElement(self.element, qn("w:footnote"))
        footnote.set(qn("w:id"), str(note_id))
        paragraph = etree.SubElement(footnote, qn("w:p"))
        ppr = etree.SubElement(paragraph, qn("w:pPr"))
        etree.SubElement(ppr, qn("w:pStyle")).set(qn("w:val"), style_id)
        marker = etree.SubElement(paragraph, qn("w:r"))
        rpr = etree.SubElement(marker, qn("w:rPr"))
        etree.SubElement(rpr, qn("w:rStyle")).set(qn("w:val"), ref_style_id)
        etree.SubElement(marker, qn("w:footnoteRef"))
        space = etree.SubElement(etree.SubElement(paragraph, qn("w:r")), qn("w:t"))
        space.text = " "
        space.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return paragraph


def reference_run(note_id: int, ref_style_id: str = "FootnoteReference"):
    """The run that calls footnote ``note_id`` from the body text."""
    run = etree.Element(qn("w:r"))
    rpr = etree.SubElement(run, qn("w:rPr"))
    etree.SubElement(rpr, qn("w:rStyle")).set(qn("w:val"), ref_style_id)
    etree.SubElement(run, qn("w:footnoteReference")).set(qn("w:id"), str(note_id))
    return run
