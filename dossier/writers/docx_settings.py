"""The package-level parts of a DOCX as Word writes them for a new document.

Whatever reference.docx the build starts from (ours, made from python-docx's
template, or a format's own), Word should see a current document: compatibility
mode 15 (no "[Compatibility Mode]" in its title bar), no proofing state claiming
the text was already checked, extended properties written now rather than
another program's stale counts, and no creation date the submission does not have.
"""

from __future__ import annotations

import datetime as dt

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

_WORD_URI = "http://schemas.microsoft.com/office/word"
_COMPATIBILITY_MODE = "15"  # Word 2013 and later: what Word 2016-365 writes for a new document
_DCTERMS = "{http://purl.org/dc/terms/}"

# docProps/app.xml as Word writes it for a new document, less what only Word can know (pages,
# words, lines: Word counts them itself on opening), and naming the program that wrote it.
_APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Template>Normal.dotm</Template><TotalTime>0</TotalTime><Application>dossier</Application>"
    "<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
).encode()

# Elements that may follow w:compat in w:settings (ECMA-376 CT_Settings order).
_AFTER_COMPAT = ("docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                 "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
                 "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
                 "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")


def current_word_settings(document, language: str, east_asian_language: str) -> None:
    """word/settings.xml: compatibility mode 15, no proofState, the theme's languages the document's."""
    settings = document.settings.element
    for proof in settings.findall(qn("w:proofState")):
        settings.remove(proof)  # Word would skip checking spelling and grammar it never checked
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = etree.Element(qn("w:compat"))
        following = next((c for c in settings if etree.QName(c).localname in _AFTER_COMPAT), None)
        if following is not None:
            following.addprevious(compat)
        else:
            settings.append(compat)
    mode = next((s for s in compat.findall(qn("w:compatSetting"))
                 if s.get(qn("w:name")) == "compatibilityMode"), None)
    if mode is None:
        mode = parse_xml(f'<w:compatSetting {nsdecls("w")} w:name="compatibilityMode" w:uri="{_WORD_URI}"/>')
        compat.append(mode)
    mode.set(qn("w:val"), _COMPATIBILITY_MODE)
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), language)
        if east_asian_language:
            theme_lang.set(qn("w:eastAsia"), east_asian_language)


def fresh_app_properties(document) -> None:
    """docProps/app.xml written anew (python-docx's template says "Microsoft Macintosh Word", 1 page)."""
    package = document.part.package
    for rel in package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES and not rel.is_external:
            rel.target_part._blob = _APP_XML
            return
    part = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, _APP_XML, package)
    package.relate_to(part, RT.EXTENDED_PROPERTIES)


def set_dates(document, when: dt.datetime | None) -> None:
    """Created and modified: the submission's date, or none at all when it has none."""
    props = document.core_properties
    if when is not None:
        props.created = props.modified = when
        return
    element = props._element
    for name in ("created", "modified"):
        for old in element.findall(f"{_DCTERMS}{name}"):
            element.remove(old)
