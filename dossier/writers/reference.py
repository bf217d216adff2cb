"""The reference DOCX every submission starts from, and how it is made.

    python -m dossier.writers.reference      # rewrites dossier/writers/reference.docx

python-docx's default template carries 800 KB of styles (two copies, one for
Word 2010), a thumbnail and custom XML; parsing and re-saving them was most of
a DOCX build's time.  This keeps the same package with only the styles a
submission uses.  A format may ship its own ``templates/<format>/reference.docx``
(as with Pandoc's --reference-doc); the styles the writer needs are added to
it when missing.
"""

from __future__ import annotations

import sys
from pathlib import Path

REFERENCE = Path(__file__).with_name("reference.docx")

# Styles kept from the default template (style ids); the writer adds the rest.
KEEP_STYLES = {
    "Normal", "Title", "Subtitle", "Heading1", "Heading2", "Heading3", "Heading4",
    "ListBullet", "ListNumber", "Quote", "DefaultParagraphFont", "TableNormal", "NoList",
    "Header", "Footer", "TitleChar", "SubtitleChar", "Heading1Char", "Heading2Char",
    "Heading3Char", "Heading4Char", "QuoteChar", "HeaderChar", "FooterChar",
}
_DROP_RELATIONSHIPS = ("thumbnail", "stylesWithEffects", "customXml", "webSettings")


def make_reference() -> bytes:
    import docx
    from docx.oxml.ns import qn

    from .docx import DocxWriter

    document = docx.Document()
    package = document.part.package
    for owner in (package, document.part):
        for rel_id, rel in list(owner.rels.items()):
            if any(name in rel.reltype for name in _DROP_RELATIONSHIPS):
                del owner.rels[rel_id]
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in KEEP_STYLES:
            styles.remove(style)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    rsids = document.settings.element.find(qn("w:rsids"))
    if rsids is not None:
        document.settings.element.remove(rsids)
    props = document.core_properties
    props.title = props.subject = props.author = props.keywords = props.comments = ""
    props.last_modified_by = ""
    return DocxWriter.deterministic_zip(document)


def main() -> int:
    data = make_reference()
    REFERENCE.write_bytes(data)
    print(f"wrote {REFERENCE} ({len(data):,} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
