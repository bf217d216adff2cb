"""The DOCX, read by readers that are not ours: pandoc, LibreOffice, and the raw OOXML."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

import pandoc_json
from conftest import libreoffice_odt, odt_part
from pandoc_json import note_texts
from dossier.document import Note, Str

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def note_text(note: Note) -> str:
    def flat(nodes) -> str:
        out = []
        for n in nodes:
            if isinstance(n, Str):
                out.append(n.text)
            elif hasattr(n, "children"):
                out.append(flat(n.children))
        return "".join(out)

    return flat(note.children)


def pandoc_notes(docx: Path) -> list[str]:
    return note_texts(pandoc_json.read(docx))


def test_pandoc_reads_every_footnote_with_its_text(upr_build):
    _, out, document = upr_build
    notes = pandoc_notes(out / "upr-2024.docx")
    assert len(notes) == len(document.notes) == 2
    assert [n.strip() for n in notes] == [note_text(n) for n in document.notes]
    # UN editorial practice (the format's citation style): the seed's note, with the committee
    # and the closing full stop UN footnotes have
    assert notes[1].strip() == ("Committee against Torture, Concluding observations on the fifth periodic "
                                "report of China, CAT/C/CHN/CO/5, para. 47.")
    assert notes[0].strip().startswith(
        "NKHR, “Blood Coal Export from North Korea. Pyramid scheme of earnings maintaining structures of "
        "power” (2 April 2021). Available at https://www.nkhr.or.kr/")


def test_cjk_footnote_survives_pandoc(mini_build):
    _, out, document = mini_build
    notes = pandoc_notes(out / "mini.docx")
    assert len(notes) == 3
    assert "예시에 관한 보도" in notes[0]
    # the third note cites the report of the first again: UN short form, not the full reference
    assert notes[2].strip() == "Example News, “A report on the example”, p. 4."


def test_libreoffice_keeps_footnotes_as_footnotes(upr_build, tmp_path):
    _, out, document = upr_build
    [odt] = libreoffice_odt(tmp_path, out / "upr-2024.docx")
    content = odt_part(odt)
    ns = {"text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}
    notes = content.findall(".//text:note", ns)
    assert [n.get(f"{{{ns['text']}}}note-class") for n in notes] == ["footnote", "footnote"]
    bodies = ["".join(n.find("text:note-body", ns).itertext()).strip() for n in notes]
    assert bodies == [note_text(n) for n in document.notes]


def _xml(docx: Path, part: str):
    with zipfile.ZipFile(docx) as z:
        return etree.fromstring(z.read(part))


def test_word_structure_styles_numbering_and_page(upr_build):
    _, out, _ = upr_build
    docx_path = out / "upr-2024.docx"
    styles = _xml(docx_path, "word/styles.xml")
    ids = {s.get(f"{W}styleId") for s in styles.iter(f"{W}style")}
    for expected in ("Normal", "Title", "Heading1", "Heading2", "FootnoteText",
                     "FootnoteReference", "ListBullet", "NumberedParagraph"):
        assert expected in ids
    body = _xml(docx_path, "word/document.xml")
    paragraphs = body.findall(f".//{W}body/{W}p")
    numbered = [p for p in paragraphs
                if p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "NumberedParagraph"]
    assert len(numbered) == 16
    for p in numbered:  # Word numbering, not typed digits
        text = "".join(p.itertext())
        assert not re.match(r"\s*\d+\.", text), text
    numbered_style = [s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "NumberedParagraph"][0]
    assert numbered_style.find(f"{W}pPr/{W}numPr/{W}numId") is not None
    page = body.find(f".//{W}sectPr/{W}pgSz")
    assert (page.get(f"{W}w"), page.get(f"{W}h")) == ("11906", "16838")  # A4 in twentieths of a point
    normal = [s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "Normal"][0]
    assert normal.find(f"{W}rPr/{W}rFonts").get(f"{W}ascii") == "Times New Roman"
    assert normal.find(f"{W}rPr/{W}sz").get(f"{W}val") == "24"  # half-points: 12 pt
    note_style = [s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "FootnoteText"][0]
    assert note_style.find(f"{W}rPr/{W}sz").get(f"{W}val") == "20"
    refs = body.findall(f".//{W}footnoteReference")
    assert [r.get(f"{W}id") for r in refs] == ["1", "2"]


def test_document_properties(upr_build):
    _, out, _ = upr_build
    core = _xml(out / "upr-2024.docx", "docProps/core.xml")
    text = {etree.QName(e).localname: e.text for e in core}
    assert text["title"] == "Individual Submission – UPR stakeholder submission: China"
    assert text["creator"] == "Citizens' Alliance for North Korean Human Rights"
    assert text["language"] == "en-GB"  # the format says which English: UN English


def test_same_input_gives_identical_bytes(tmp_path, capsys):
    from conftest import run_build, repo_project

    root = repo_project(tmp_path / "p")
    first = run_build(capsys, "--project", str(root), "upr-2024", "--only", "docx", "--out", str(tmp_path / "a"))
    second = run_build(capsys, "--project", str(root), "upr-2024", "--only", "docx", "--out", str(tmp_path / "b"))
    assert first.status == second.status == 0
    assert (tmp_path / "a/upr-2024.docx").read_bytes() == (tmp_path / "b/upr-2024.docx").read_bytes()


def test_reference_docx_is_what_its_generator_makes():
    """The shipped reference.docx is reproducible from python-docx's template by our script."""
    from dossier.writers.reference import REFERENCE, make_reference

    assert make_reference() == REFERENCE.read_bytes()


def _note_links(tree) -> list[list[str]]:
    """The target of every link inside each footnote, as pandoc reads them."""
    return [[link["c"][2][0] for link in pandoc_json.elements(note["c"], "Link")]
            for note in pandoc_json.elements(tree, "Note")]


def test_pandoc_reads_every_note_link_with_its_url(upr_build, mini_build):
    """Links in footnotes are the footnotes part's own relationships, so readers find their targets."""
    _, out, _ = upr_build
    links = _note_links(pandoc_json.read(out / "upr-2024.docx"))
    assert links == [
        ["https://www.nkhr.or.kr/en/publications/nkhr-research-reports/blood-coal-export-from-north-korea-"
         "pyramid-scheme-of-earnings-maintaining-structures-of-power/"],
        ["https://undocs.org/CAT/C/CHN/CO/5"]]
    _, out, _ = mini_build
    for note in _note_links(pandoc_json.read(out / "mini.docx")):
        assert all(url.startswith(("https://", "http://", "mailto:")) for url in note), note
