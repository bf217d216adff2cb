"""Line breaking and slant in the DOCX as in the PDF: hyphenation of justified text, Korean kept
whole between spaces, CJK upright in italics, the title's quotation marks.

Read from the raw OOXML, and through LibreOffice (its ODT, and its PDF read by pdftotext).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import FIXTURES, copy_project, libreoffice_odt, odt_part, require, run_tool

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DC = "{http://purl.org/dc/elements/1.1/}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"

KOREAN_WORDS = ("북한", "여성과", "소녀들은", "강제로", "송환된", "이후", "교화소에서", "가발과",
                "속눈썹을", "생산하도록", "강요받았다고", "증언했다")
KOREAN_TITLE = " ".join(KOREAN_WORDS[:4])


@pytest.fixture(scope="module")
def korean(tmp_path_factory):
    """The mini fixture with a long Korean testimony, a Korean title inside Latin emphasis and a
    title with straight quotes, built as DOCX and PDF: (project root, out dir)."""
    from dossier.cli import main

    root = copy_project(FIXTURES / "mini", tmp_path_factory.mktemp("docx-typo"))
    finding = root / "content/findings/first-finding.yaml"
    finding.write_text(finding.read_text(encoding="utf-8") +
                       f"  - >-\n    Testimony: [{' '.join(KOREAN_WORDS * 6)}]{{lang=ko}} and a title in"
                       f" italics, *Latin words [{KOREAN_TITLE}]{{lang=ko}} more Latin*.\n", encoding="utf-8")
    submission = root / "content/submissions/mini.yaml"
    submission.write_text(submission.read_text(encoding="utf-8").replace(
        "title: Individual Submission", "title: The \"Example\" People's Submission"), encoding="utf-8")
    assert main(["--project", str(root), "mini", "--out", str(root / "out"), "-q"]) == 0
    return root, root / "out"


def _part(docx: Path, name: str):
    with zipfile.ZipFile(docx) as z:
        return etree.fromstring(z.read(name))


def _style(styles, style_id: str):
    return next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == style_id)


# -- hyphenation ----------------------------------------------------------------

def test_a_justified_format_hyphenates_its_body_and_not_its_headings(korean):
    _, out = korean
    settings = _part(out / "mini.docx", "word/settings.xml")
    names = [etree.QName(child).localname for child in settings]
    assert "autoHyphenation" in names
    hyphenate = settings.find(f"{W}autoHyphenation")
    assert hyphenate.get(f"{W}val") in (None, "1", "true", "on")
    # Word's hyphenation zone is the PDF's limit zone: 8% of the text width (A4, 25 mm margins: 160 mm)
    zone = int(settings.find(f"{W}hyphenationZone").get(f"{W}val"))
    assert zone == round(160 / 25.4 * 1440 * 0.08)
    # schema order: defaultTabStop, autoHyphenation, hyphenationZone, ..., compat
    assert names.index("autoHyphenation") + 1 == names.index("hyphenationZone") < names.index("compat")
    styles = _part(out / "mini.docx", "word/styles.xml")
    for style_id in ("Heading1", "Heading2", "Title", "Caption", "TableText"):
        assert _style(styles, style_id).find(f"{W}pPr/{W}suppressAutoHyphens") is not None, style_id
    for style_id in ("Normal", "NumberedParagraph", "FootnoteText"):
        assert _style(styles, style_id).find(f"{W}pPr/{W}suppressAutoHyphens") is None, style_id


def test_a_ragged_right_format_is_not_hyphenated(tmp_path):
    from dossier.cli import main

    root = copy_project(FIXTURES / "mini", tmp_path / "p")
    spec = root / "templates/upr/format.yaml"
    spec.write_text(spec.read_text().replace("justify: true", "justify: false"))
    assert main(["--project", str(root), "mini", "--only", "docx", "--out", str(root / "out"), "-q"]) == 0
    settings = _part(root / "out/mini.docx", "word/settings.xml")
    assert settings.find(f"{W}autoHyphenation") is None and settings.find(f"{W}hyphenationZone") is None


def _odt_style(styles_xml, name: str):
    return next(s for s in styles_xml.iter(f"{STYLE}style") if s.get(f"{STYLE}name") == name)


def test_libreoffice_reads_hyphenation_on_its_body_and_off_on_headings(korean, tmp_path):
    _, out = korean
    [odt] = libreoffice_odt(tmp_path, out / "mini.docx")
    styles = odt_part(odt, "styles.xml")

    def hyphenate(name: str) -> str | None:
        props = _odt_style(styles, name).find(f"{STYLE}text-properties")
        return None if props is None else props.get(f"{FO}hyphenate")

    assert hyphenate("Standard") == "true"  # Word's Normal, which every body style is based on
    assert hyphenate("Heading_20_1") == "false" and hyphenate("Title") == "false"


# -- Korean kept whole ----------------------------------------------------------

def test_word_is_told_to_break_korean_between_words(korean):
    """w:wordWrap on, in the defaults every style inherits: Word keeps a Korean word whole
    (off lets it break between two syllables)."""
    _, out = korean
    styles = _part(out / "mini.docx", "word/styles.xml")
    wrap = styles.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr/{W}wordWrap")
    assert wrap is not None and wrap.get(f"{W}val") in ("1", "true", "on")
    for style in styles.iter(f"{W}style"):  # no style turns it off again
        own = style.find(f"{W}pPr/{W}wordWrap")
        assert own is None or own.get(f"{W}val") not in ("0", "false", "off"), style.get(f"{W}styleId")


def test_libreoffice_breaks_the_docx_korean_between_words(korean, tmp_path_factory):
    """LibreOffice's own PDF of the DOCX, read by pdftotext: every Korean line holds whole words.
    (LibreOffice 7.4 does so with or without w:wordWrap, which it only keeps for saving back.)"""
    require("pdftotext")
    tmp_path = tmp_path_factory.mktemp("lo-pdf")  # not ours: the page check of our PDFs skips it
    soffice = require("soffice")
    _, out = korean
    run_tool(soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
             "--convert-to", "pdf", "--outdir", str(tmp_path), str(out / "mini.docx"), timeout=300)
    lines = run_tool("pdftotext", "-layout", str(tmp_path / "mini.pdf"), "-").splitlines()
    korean_lines = [line for line in lines if re.search("[\uac00-\ud7af]{2}", line)]
    assert len(korean_lines) >= 3  # it wraps
    for line in korean_lines:
        for token in re.findall(r"[\uac00-\ud7af]+", line):
            assert token in KOREAN_WORDS or token in ("예시에", "관한", "보도"), f"a Korean word broken: {token!r}"


# -- CJK upright ------------------------------------------------------------------

def _runs(docx: Path):
    """(text, rPr) of every run of the body."""
    return [("".join(r.itertext()), r.find(f"{W}rPr")) for r in _part(docx, "word/document.xml").iter(f"{W}r")]


def _italic(rpr) -> bool:
    i = None if rpr is None else rpr.find(f"{W}i")
    return i is not None and i.get(f"{W}val") not in ("0", "false", "off")


def test_korean_inside_emphasis_is_upright_and_the_latin_around_it_italic(korean):
    _, out = korean
    runs = dict(_runs(out / "mini.docx"))
    assert not _italic(runs[KOREAN_TITLE])
    assert runs[KOREAN_TITLE].find(f"{W}lang").get(f"{W}eastAsia") == "ko-KR"
    assert _italic(runs["Latin words "]) and _italic(runs[" more Latin"])


def test_libreoffice_reads_the_korean_title_upright(korean, tmp_path):
    _, out = korean
    [odt] = libreoffice_odt(tmp_path, out / "mini.docx")
    content = odt_part(odt, "content.xml")
    automatic = {s.get(f"{STYLE}name"): s.find(f"{STYLE}text-properties")
                 for s in content.iter(f"{STYLE}style")}

    def slant(text: str) -> tuple[str | None, str | None]:
        span = next(s for s in content.iter(f"{TEXT}span") if "".join(s.itertext()) == text)
        props = automatic.get(span.get(f"{TEXT}style-name"))
        return (None, None) if props is None else (props.get(f"{FO}font-style"), props.get(f"{STYLE}font-style-asian"))

    assert "italic" not in slant(KOREAN_TITLE)
    assert slant("Latin words ")[0] == "italic"


def test_cjk_in_an_italic_heading_style_is_set_upright(korean):
    """Heading 3 is italic by its style: a Chinese run in it says w:i off, its Latin text inherits."""
    from dossier.document import Document, Heading, Metadata, Span, Str
    from dossier.errors import Diagnostics
    from dossier.formats import load_format
    from dossier.writers.docx import write_docx

    root, _ = korean
    spec = load_format(root, "upr", Diagnostics())
    document = Document(Metadata("t", "a", "en"), [Heading(3, [Str("Law "), Span([Str("出境入境管理法")], "zh")])])
    path = root / "heading.docx"
    path.write_bytes(write_docx(document, spec))
    runs = dict(_runs(path))
    assert _italic(_style(_part(path, "word/styles.xml"), "Heading3").find(f"{W}rPr"))
    chinese = runs["出境入境管理法"].find(f"{W}i")
    assert chinese is not None and chinese.get(f"{W}val") == "0"
    assert runs["Law "] is None or runs["Law "].find(f"{W}i") is None  # italic from its style


# -- the title's quotation marks --------------------------------------------------

def test_the_title_property_has_the_marks_of_the_text(korean):
    import pikepdf

    _, out = korean
    core = _part(out / "mini.docx", "docProps/core.xml")
    title = core.findtext(f"{DC}title")
    assert "\u201cExample\u201d People\u2019s Submission" in title and '"' not in title and "'" not in title
    with pikepdf.open(out / "mini.pdf") as pdf:
        assert str(pdf.docinfo["/Title"]) == title
        with pdf.open_metadata() as xmp:
            assert xmp.get("dc:title") == title
