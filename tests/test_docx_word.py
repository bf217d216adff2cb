"""What Word sees first in every target's DOCX: a current document, its properties, its languages and fonts.

Read from the raw OOXML of every target (and the review copies), and the languages
also through LibreOffice, which maps w:lang to its own paragraph languages.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import FIXTURES, copy_project, libreoffice_odt, odt_part, repo_project, require, run_tool

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DC = "{http://purl.org/dc/elements/1.1/}"
DCTERMS = "{http://purl.org/dc/terms/}"
APP = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"

# target -> (title, language, dated)
TARGETS = {
    "upr-2024": ("Individual Submission – UPR stakeholder submission: China", "en-GB", None),
    "cedaw-china": ("Alternative report to the Committee on the Elimination of Discrimination against Women"
                    " – CEDAW alternative report: China", "en-GB", None),
    "sr-slavery-2024": ("Input to the call for submissions – Input to a Special Procedures call for "
                        "submissions: China", "en-GB", "2024-04-30T00:00:00Z"),
    "cecc-2023": ("CECC written statement for a hearing record: China", "en-US", "2023-06-09T00:00:00Z"),
}


@pytest.fixture(scope="module")
def every_target(tmp_path_factory):
    from dossier.cli import main

    root = repo_project(tmp_path_factory.mktemp("word"))
    out = root / "out"
    assert main(["--project", str(root), "--all", "--review", "--only", "docx", "--out", str(out), "-q"]) == 0
    return out


def _part(docx: Path, name: str):
    with zipfile.ZipFile(docx) as z:
        return etree.fromstring(z.read(name))


def _docx_files(out: Path, target: str) -> list[Path]:
    return [out / f"{target}.docx", out / f"{target}.review.docx"]


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_settings_are_those_of_a_current_word_document(every_target, target):
    for docx in _docx_files(every_target, target):
        settings = _part(docx, "word/settings.xml")
        modes = [s.get(f"{W}val") for s in settings.iter(f"{W}compatSetting")
                 if s.get(f"{W}name") == "compatibilityMode"]
        assert modes == ["15"], docx  # 14 puts "[Compatibility Mode]" in Word's title bar
        assert settings.find(f"{W}proofState") is None, docx  # nothing claims spelling was checked


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_app_properties_are_written_fresh(every_target, target):
    for docx in _docx_files(every_target, target):
        app = _part(docx, "docProps/app.xml")
        assert app.findtext(f"{APP}Application") == "dossier"
        for stale in ("Pages", "Words", "Characters", "Lines", "Paragraphs", "AppVersion", "TitlesOfParts"):
            assert app.find(f"{APP}{stale}") is None, (docx, stale)  # Word counts them itself


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_core_properties_title_once_language_with_region_and_only_a_real_date(every_target, target):
    title, language, date = TARGETS[target]
    for docx in _docx_files(every_target, target):
        core = _part(docx, "docProps/core.xml")
        assert core.findtext(f"{DC}title") == title
        assert core.findtext(f"{DC}language") == language
        assert core.findtext(f"{DCTERMS}created") == date and core.findtext(f"{DCTERMS}modified") == date
        styles = _part(docx, "word/styles.xml")
        default_lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
        assert default_lang.get(f"{W}val") == language
        assert default_lang.get(f"{W}eastAsia") == "ko-KR"  # the format's first CJK language
    # no format's name twice in any title
    for target_title, _, _ in TARGETS.values():
        assert not any(target_title.count(part) > 1 for part in target_title.split(" – "))


def test_review_comments_of_an_undated_submission_carry_no_date(every_target):
    comments = _part(every_target / "upr-2024.review.docx", "word/comments.xml")
    assert len(comments) > 40
    assert all(c.get(f"{W}date") is None for c in comments)
    dated = _part(every_target / "cecc-2023.review.docx", "word/comments.xml")
    assert {c.get(f"{W}date") for c in dated} == {"2023-06-09T00:00:00Z"}


@pytest.fixture(scope="module")
def mini_docx(tmp_path_factory):
    from dossier.cli import main

    root = copy_project(FIXTURES / "mini", tmp_path_factory.mktemp("mini-word"))
    assert main(["--project", str(root), "mini", "--only", "docx", "--out", str(root / "out"), "-q"]) == 0
    return root / "out/mini.docx"


def _cjk_runs(docx: Path) -> list[tuple[str, str, str]]:
    """(text, w:lang eastAsia, w:rFonts eastAsia) of every run marked East Asian."""
    runs = []
    for part in ("word/document.xml", "word/footnotes.xml"):
        for run in _part(docx, part).iter(f"{W}r"):
            lang = run.find(f"{W}rPr/{W}lang")
            if lang is not None and lang.get(f"{W}eastAsia"):
                fonts = run.find(f"{W}rPr/{W}rFonts")
                runs.append(("".join(run.itertext()), lang.get(f"{W}eastAsia"),
                             fonts.get(f"{W}eastAsia") if fonts is not None else ""))
    return runs


def test_cjk_runs_have_regions_and_fonts_office_has(mini_docx):
    runs = _cjk_runs(mini_docx)
    korean = [r for r in runs if "예시" in r[0]]
    assert korean and all(r[1:] == ("ko-KR", "Batang") for r in korean), runs
    assert {lang for _, lang, _ in runs} <= {"ko-KR", "zh-CN", "ja-JP"}
    with zipfile.ZipFile(mini_docx) as z:
        assert b"Noto" not in b"".join(z.read(n) for n in z.namelist() if n.endswith(".xml"))


def test_a_format_names_its_own_docx_cjk_fonts_and_the_pdf_keeps_noto(tmp_path):
    from dossier.cli import main

    root = copy_project(FIXTURES / "mini", tmp_path / "p")
    spec = root / "templates/upr/format.yaml"
    spec.write_text(spec.read_text().replace("family: Noto Serif CJK KR, docx: Batang",
                                             "family: Noto Serif CJK KR, docx: Malgun Gothic"))
    assert main(["--project", str(root), "mini", "--out", str(root / "out"), "-q"]) == 0
    runs = _cjk_runs(root / "out/mini.docx")
    assert {font for text, lang, font in runs if lang == "ko-KR"} == {"Malgun Gothic"}
    pdf_fonts = run_tool(require("pdffonts"), str(root / "out/mini.pdf"))
    assert "Noto-Serif-CJK-KR" in pdf_fonts  # the PDF embeds Noto, as before


def test_libreoffice_reads_the_languages_with_their_regions(every_target, mini_docx, tmp_path):
    """LibreOffice turns w:lang into its own language and country attributes."""
    cecc, mini = libreoffice_odt(tmp_path, every_target / "cecc-2023.docx", mini_docx)
    fo = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
    style = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"

    def languages(odt: Path) -> set[tuple[str, str]]:
        found = set()
        for name in ("styles.xml", "content.xml"):
            for props in odt_part(odt, name).iter(f"{style}text-properties"):
                if props.get(f"{fo}language"):
                    found.add((props.get(f"{fo}language"), props.get(f"{fo}country")))
                if props.get(f"{style}language-asian"):
                    found.add((props.get(f"{style}language-asian"), props.get(f"{style}country-asian")))
        return found

    assert ("en", "US") in languages(cecc) and ("en", "GB") not in languages(cecc)
    assert {("en", "GB"), ("ko", "KR")} <= languages(mini)


def test_a_format_language_or_docx_font_that_is_not_one_is_a_located_error(tmp_path, capsys):
    from conftest import run_build

    root = repo_project(tmp_path / "p")
    spec = root / "templates/cecc/format.yaml"
    text = spec.read_text()
    spec.write_text(text.replace("language: en-US ", "language: American ")
                    .replace("docx: Batang}", "docx: \"Bat<ang\"}"))
    run = run_build(capsys, "--project", str(root), "cecc-2023")
    assert run.status == 1
    lines = run.err.splitlines()
    language_line = next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith("language:"))
    assert any(line.startswith(f"templates/cecc/format.yaml:{language_line}:") and "'language'" in line
               and "American" in line for line in lines), lines
    assert any(line.startswith("templates/cecc/format.yaml:") and "'docx'" in line for line in lines), lines


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_pandoc_reads_every_note_link_of_every_target_with_its_url(every_target, target):
    import pandoc_json

    require("pandoc")
    for docx in _docx_files(every_target, target):
        notes = pandoc_json.elements(pandoc_json.read(docx), "Note")
        links = [link["c"][2][0] for note in notes for link in pandoc_json.elements(note["c"], "Link")]
        assert notes and links, docx
        assert all(url.startswith(("https://", "http://", "mailto:")) for url in links), (docx, links)
