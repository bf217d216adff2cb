"""Space between paragraphs comes from paragraph styles, never from empty paragraphs.

An empty paragraph is a full blank line in Word and nothing at all in the PDF, so the
two outputs broke pages differently.  Checked on every target's DOCX, and the letter's
gaps measured in both PDFs (ours, and LibreOffice's of the DOCX) with pdftotext.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import repo_project, require

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TARGETS = ("upr-2024", "cedaw-china", "sr-slavery-2024", "cecc-2023")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from dossier.cli import main

    root = repo_project(tmp_path_factory.mktemp("spacing"))
    assert main(["--project", str(root), "--all", "--review", "--out", str(root / "out"), "-q"]) == 0
    return root / "out"


def _part(docx: Path, name: str):
    with zipfile.ZipFile(docx) as z:
        return etree.fromstring(z.read(name))


@pytest.mark.parametrize("target", TARGETS)
def test_no_empty_paragraph_spaces_the_text(built, target):
    for docx in (built / f"{target}.docx", built / f"{target}.review.docx"):
        body = _part(docx, "word/document.xml").find(f"{W}body")
        for p in body.iter(f"{W}p"):
            has_content = "".join(t.text or "" for t in p.iter(f"{W}t")).strip() or \
                p.find(f".//{W}drawing") is not None or p.find(f".//{W}br") is not None
            assert has_content, (docx.name, etree.tostring(p)[:200])


def test_the_letter_parts_are_word_styles_with_their_space(built):
    docx = built / "cecc-2023.docx"
    styles = {s.get(f"{W}styleId"): s for s in _part(docx, "word/styles.xml").iter(f"{W}style")}
    body = _part(docx, "word/document.xml")
    used = {p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") for p in body.iter(f"{W}p")}
    assert {"Date", "Salutation", "Closing", "Signature"} <= used
    for style_id in ("Date", "Salutation", "Signature"):
        spacing = styles[style_id].find(f"{W}pPr/{W}spacing")
        assert int(spacing.get(f"{W}before")) >= 240, style_id  # at least 12 pt


def _line_tops(pdf: Path, page: int = 1) -> list[tuple[float, float, str]]:
    """(top, bottom, text) of every line on a page, as pdftotext's bounding boxes give them."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    lines = []
    for top, bottom, inner in re.findall(r'<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</line>',
                                         xml, re.S):
        lines.append((float(top), float(bottom), " ".join(re.findall(r">([^<]*)</word>", inner))))
    return lines


def _pitch_before(lines, starts: str) -> float:
    """From the top of the line before to the top of the line starting ``starts`` (readers' boxes
    differ in height, their tops move alike)."""
    index = next(i for i, (_, _, text) in enumerate(lines) if text.startswith(starts))
    return lines[index][0] - lines[index - 1][0]


def test_the_letter_gaps_are_alike_in_the_pdf_and_in_the_docx(built, tmp_path_factory):
    """The gap before the date and the salutation, in our PDF and in LibreOffice's PDF of the DOCX."""
    tmp_path = tmp_path_factory.mktemp("lo-pdf")  # LibreOffice's PDF: not one the page check reads
    soffice = require("soffice")
    require("pdftotext")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(built / "cecc-2023.docx")],
                   check=True, capture_output=True, timeout=300)
    ours, theirs = _line_tops(built / "cecc-2023.pdf"), _line_tops(tmp_path / "cecc-2023.pdf")
    ordinary = _pitch_before(ours, "Hearing on the forced")  # between two plain paragraphs
    assert abs(ordinary - _pitch_before(theirs, "Hearing on the forced")) < 1
    for starts in ("Seoul, June 9, 2023", "Honorable Chairs"):
        pdf_pitch, docx_pitch = _pitch_before(ours, starts), _pitch_before(theirs, starts)
        assert pdf_pitch > ordinary + 8, (starts, pdf_pitch, ordinary)  # a visible gap in the PDF too
        assert abs(pdf_pitch - docx_pitch) < 1.5, (starts, pdf_pitch, docx_pitch)
