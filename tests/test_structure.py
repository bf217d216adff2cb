"""Any organisation's submission fits: nested numbered headings, block quotations and
front matter as content, checked in each output by readers that are not ours.

The project is tests/fixtures/harbour-light: a fictional organisation's statement to a
CECC hearing (three heading levels numbered [upper-roman, decimal], a block quotation
with emphasis and a citation, a hearing given as a mapping, subtitles, an author block
of three lines, a switched-off salutation) and its input to a thematic call (no State,
letterhead and consent line switched off).
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from conftest import FIXTURES, copy_project, libreoffice_odt, odt_part, require, run_build, run_tool

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
STYLE_NS = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"

# (level, number shown, title) of every heading in the statement, in order
STATEMENT_HEADINGS = [
    (1, "I.", "Background"),
    (2, "1.", "The licensing rules"),
    (3, "", "Renewal of permits"),
    (3, "", "Fees at the mooring office"),
    (2, "2.", "Practice in the harbour towns"),
    (1, "II.", "What the delegation said"),
    (2, "1.", "The papers of passage"),
    (2, "2.", "Wages held back"),
    (1, "III.", "Recommendations"),
    (2, "", "A note on method"),  # numbered: false
    (2, "1.", "Follow-up"),  # the unnumbered one before it takes no number
]


@pytest.fixture(scope="module")
def harbour(tmp_path_factory):
    import _pytest.capture  # noqa: F401  (capsys is function-scoped: run main directly)

    from dossier.cli import main

    root = copy_project(FIXTURES / "harbour-light", tmp_path_factory.mktemp("harbour") / "project")
    out = root / "out"
    for target in ("harbour-cecc", "harbour-sr"):
        status = main(["--project", str(root), target, "--out", str(out), "--quiet",
                       "--only", "docx", "--only", "pdf", "--only", "md"])
        assert status == 0
    return root, out


def _document(root: Path, target: str):
    from dossier.errors import Diagnostics
    from dossier.pipeline import build_document
    from dossier.project import load_project

    diags = Diagnostics()
    document, _ = build_document(load_project(root, diags, use_cache=False), target, diags)
    return document


# ---- the document model --------------------------------------------------------------
def test_sections_nest_three_levels_with_numbers_from_the_format_data(harbour):
    from dossier.document import Heading, plain_text

    root, _ = harbour
    headings = [(b.level, b.number, plain_text(b.children)) for b in _document(root, "harbour-cecc").blocks
                if isinstance(b, Heading)]
    assert headings == STATEMENT_HEADINGS


def test_a_submission_overrides_the_numbering_per_level(harbour):
    from dossier.document import Heading, plain_text

    root, _ = harbour
    headings = [(b.level, b.number, plain_text(b.children)) for b in _document(root, "harbour-sr").blocks
                if isinstance(b, Heading)]
    assert headings == [(1, "A.", "Context"), (2, "i.", "The towns we visited"), (1, "B.", "Findings")]


# ---- Markdown ------------------------------------------------------------------------
def test_markdown_has_the_heading_levels_and_a_block_quotation(harbour):
    _, out = harbour
    text = (out / "harbour-cecc.md").read_text()
    for level, number, title in STATEMENT_HEADINGS:
        assert f"\n{'#' * level} {number + ' ' if number else ''}{title}\n" in text
    assert ("\n> The licensing office has returned the papers of *most of them* \\[emphasis added\\], and the "
            "remaining cases are under review.[^2]\n\n> Delegation of Examplestan\n") in text
    # a provision quoted as a block: no marks added; its own inner marks typographic like all others
    assert '\n> Every coastal worker has the right to be paid in full and on time, and no authority shall ' \
           'hold the \u201cpapers of passage\u201d of a worker as a condition of work.[^1]\n' in text
    # US English: the full stop typed after the closing mark goes inside it
    assert "replied that \u201cthe matter is closed.\u201d Our survey" in text


def test_the_front_matter_is_the_submissions(harbour):
    _, out = harbour
    statement = (out / "harbour-cecc.md").read_text()
    front = statement.split("\n# I. Background")[0]
    assert "Port Emberly, June 9, 2023" in front  # a US body: the US date line
    assert ("**Hearing: Coastal Labor and the Harbour Towns**, June 13, 2023, 10:00 a.m. ET\\\n"
            "Room 101, Example Office Building\\\n"
            "[https://hearings.example.org/coastal-labor](<https://hearings.example.org/coastal-labor>)") in front
    assert "\nCrews without papers\n" in front  # the title, which the CECC template once never printed
    assert "\nWage withholding and document seizure in the harbour towns\n" in front
    assert "\nA statement for the hearing record\n" in front
    assert "\nStatement of Mara Quell\\\nSenior Researcher\\\nHarbour Light Advocates\n" in front
    assert "Written Statement provided by" not in front  # the author piece's default, replaced
    assert "Honorable" not in front and "salutation" not in front  # switched off (and so not required)

    call = (out / "harbour-sr.md").read_text()
    front = call.split("\n# A. Context")[0]
    assert "Port Emberly, 9 June 2023" in front  # a UN body's date line
    assert "Quay Lane" not in front  # letterhead: off
    assert "consents to the publication" not in front  # consent: off
    assert "Submitted to the *Special Rapporteur* on the rights of coastal workers" in front
    assert "\nObservations from four harbour towns\n" in front
    assert "Submitted by Harbour Light Advocates (HLA)" in front  # a piece left alone keeps its default


# ---- DOCX: Word numbering, read by pandoc and LibreOffice ---------------------------------
def test_docx_headings_are_word_numbering_linked_to_the_heading_styles(harbour):
    from lxml import etree

    _, out = harbour
    with zipfile.ZipFile(out / "harbour-cecc.docx") as docx:
        numbering = etree.fromstring(docx.read("word/numbering.xml"))
        styles = etree.fromstring(docx.read("word/styles.xml"))
        body = etree.fromstring(docx.read("word/document.xml"))
    style_lists = {}
    for level in (1, 2, 3):
        style = styles.find(f"{W}style[@{W}styleId='Heading{level}']")
        num_pr = style.find(f"{W}pPr/{W}numPr")
        assert num_pr is not None, f"Heading {level} carries no numbering"
        style_lists[level] = (num_pr.find(f"{W}numId").get(f"{W}val"), num_pr.find(f"{W}ilvl").get(f"{W}val"))
    num_ids = {num_id for num_id, _ in style_lists.values()}
    assert len(num_ids) == 1 and [ilvl for _, ilvl in style_lists.values()] == ["0", "1", "2"]
    num = numbering.find(f"{W}num[@{W}numId='{num_ids.pop()}']")
    abstract = numbering.find(f"{W}abstractNum[@{W}abstractNumId='{num.find(f'{W}abstractNumId').get(f'{W}val')}']")
    formats = [(lvl.find(f"{W}numFmt").get(f"{W}val"), lvl.find(f"{W}lvlText").get(f"{W}val"),
                lvl.find(f"{W}pStyle").get(f"{W}val")) for lvl in abstract.findall(f"{W}lvl")]
    assert formats == [("upperRoman", "%1.", "Heading1"), ("decimal", "%2.", "Heading2"), ("none", "", "Heading3")]
    # the numbers are not typed: no heading's text starts with one
    for p in body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val").startswith("Heading"):
            text = "".join(t.text or "" for t in p.iter(f"{W}t"))
            assert not re.match(r"([IVX]+|\d+)\.", text), text


def test_pandoc_reads_headings_at_three_levels_and_a_block_quotation(harbour):
    require("pandoc")
    _, out = harbour
    doc = json.loads(run_tool("pandoc", "-f", "docx", "-t", "json", str(out / "harbour-cecc.docx")))

    def text(inlines) -> str:
        return "".join(i["c"] if i["t"] == "Str" else " " if i["t"] == "Space" else "" for i in inlines)

    headers = [(b["c"][0], text(b["c"][2])) for b in doc["blocks"] if b["t"] == "Header"]
    assert headers == [(level, title) for level, _, title in STATEMENT_HEADINGS]
    quotes = [b for b in doc["blocks"] if b["t"] == "BlockQuote"]
    quoted = [json.dumps(q) for q in quotes]
    assert any('"most"' in q and '"Emph"' in q and '"Note"' in q for q in quoted)  # emphasis and citation


@pytest.fixture(scope="module")
def statement_odt(harbour, tmp_path_factory):
    require("soffice")
    _, out = harbour
    (odt,) = libreoffice_odt(tmp_path_factory.mktemp("odt"), out / "harbour-cecc.docx")
    return odt


def test_libreoffice_has_outline_levels_numbered_from_the_heading_styles(statement_odt):
    content = odt_part(statement_odt, "content.xml")
    styles = odt_part(statement_odt, "styles.xml")
    headings = content.findall(f".//{{{TEXT_NS}}}h")
    levels = [int(h.get(f"{{{TEXT_NS}}}outline-level")) for h in headings]
    assert levels == [level for level, _, _ in STATEMENT_HEADINGS]
    # each Heading style is tied to one list, whose levels are I, 1 and none
    lists = set()
    for level in (1, 2, 3):
        style = styles.find(f".//{{{STYLE_NS}}}style[@{{{STYLE_NS}}}name='Heading_20_{level}']")
        assert style is not None
        lists.add(style.get(f"{{{STYLE_NS}}}list-style-name"))
    assert len(lists) == 1 and None not in lists
    (list_name,) = lists
    list_style = styles.find(f".//{{{TEXT_NS}}}list-style[@{{{STYLE_NS}}}name='{list_name}']")
    formats = [el.get(f"{{{STYLE_NS}}}num-format") for el in list_style
               if el.get(f"{{{TEXT_NS}}}level") in ("1", "2", "3")]
    assert formats == ["I", "1", ""]
    # the heading that takes no number is taken out of the list
    automatic = {s.get(f"{{{STYLE_NS}}}name"): s for s in content.iter(f"{{{STYLE_NS}}}style")}
    method = next(h for h in headings if "".join(h.itertext()) == "A note on method")
    follow_up = next(h for h in headings if "".join(h.itertext()) == "Follow-up")

    def list_of(h) -> str:
        """The list a heading is numbered in: its own style's, else its Heading style's ("" for none)."""
        style = automatic.get(h.get(f"{{{TEXT_NS}}}style-name"))
        name = f"{{{STYLE_NS}}}list-style-name"
        if style is not None and style.get(name) is not None:
            return style.get(name)
        return list_name

    assert list_of(follow_up) == list_name
    assert list_of(method) == ""


# ---- PDF: tagged headings, numbers as text, headings kept with what follows -----------------
def test_pdf_tags_h1_to_h3_and_a_blockquote(harbour):
    require("pdfinfo")
    _, out = harbour
    struct = run_tool("pdfinfo", "-struct", str(out / "harbour-cecc.pdf"))
    tags = re.findall(r"^\s*(H[1-6]|BlockQuote)\b", struct, re.M)
    headings = [t for t in tags if t.startswith("H")]
    assert headings[0] == "H1"  # the title ("Crews without papers"), then the sections
    assert headings[1:] == [f"H{level}" for level, _, _ in STATEMENT_HEADINGS]
    assert "BlockQuote" in tags


def _outline_titles(pdf: Path) -> list[bytes]:
    """The /Title of each outline item, from plain objects and inflated object streams alike."""
    import zlib

    data = pdf.read_bytes()
    parts = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return [title for part in parts for title in re.findall(rb"/Parent\s+\d+ 0 R[^>]*?/Title\s*\((.*?)\)|"
                                                            rb"/Title\s*\((.*?)\)[^>]*?/Parent\s", part)
            for title in title if title]


def test_pdf_outline_holds_every_heading_with_its_number(harbour):
    _, out = harbour
    titles = _outline_titles(out / "harbour-cecc.pdf")
    expected = [(f"{number} {title}" if number else title).encode() for _, number, title in STATEMENT_HEADINGS]
    assert [t for t in titles if t in expected] == expected


def _pages(pdf: Path) -> list[list[str]]:
    text = run_tool("pdftotext", "-enc", "UTF-8", str(pdf), "-")
    return [[line.strip() for line in page.splitlines() if line.strip()] for page in text.split("\f")]


def _stranded_headings(document, pages: list[list[str]]) -> list[str]:
    """Headings whose following text is not on their page (left at the foot of it)."""
    from dossier.document import Heading, plain_text

    stranded = []
    for index, block in enumerate(document.blocks):
        if not isinstance(block, Heading):
            continue
        shown = f"{block.number} {plain_text(block.children)}".strip()
        following = " ".join(plain_text(document.blocks[index + 1].children).split()[:3])
        page = next(p for p in pages if shown in p)
        if not any(line.startswith(following) for line in page[page.index(shown) + 1:]):
            stranded.append(shown)
    return stranded


def test_pdf_shows_the_numbers_as_text(harbour):
    require("pdftotext")
    _, out = harbour
    lines = [line for page in _pages(out / "harbour-cecc.pdf") for line in page]
    for _, number, title in STATEMENT_HEADINGS:
        assert (f"{number} {title}" if number else title) in lines


# Longer openings move every later heading down the pages: without `break-after: avoid`
# each of these leaves at least one heading as the last line of a page (checked by hand).
@pytest.mark.parametrize("sentences", [0, 6, 9, 12, 21])
def test_no_heading_is_the_last_line_of_a_pdf_page(tmp_path, sentences):
    from dossier.errors import Diagnostics
    from dossier.pipeline import build_document
    from dossier.project import load_project
    from dossier.writers import get_writer

    require("pdftotext")
    root = copy_project(FIXTURES / "harbour-light", tmp_path / "project")
    path = root / "content/submissions/harbour-cecc.yaml"
    opening = "what the Commission can ask of the authorities."
    path.write_text(path.read_text().replace(opening, opening + " The crews we met told us the same." * sentences))
    diags = Diagnostics()
    project = load_project(root, diags, use_cache=False)
    document, _ = build_document(project, "harbour-cecc", diags)
    (tmp_path / "statement.pdf").write_bytes(get_writer("pdf").load()(document, project.formats["cecc"], diags))
    pages = _pages(tmp_path / "statement.pdf")
    assert len(pages) >= 4
    assert _stranded_headings(document, pages) == []


# ---- a target reads only what it reads --------------------------------------------------
def test_a_broken_file_the_target_does_not_read_is_counted_not_fatal(tmp_path, capsys):
    root = copy_project(FIXTURES / "harbour-light", tmp_path / "project")
    (root / "content/findings/partner-draft.yaml").write_text("paragraphs:\n  - half written\nbogus: 1\n")
    (root / "content/organisations/partner.yaml").write_text("acronym: PTR\n")
    run = run_build(capsys, "--project", str(root), "harbour-sr", "--only", "md", "--out", str(root / "out"))
    assert run.status == 0, run.err
    assert run.err == "2 other files have errors: python build.py check\n"
    assert (root / "out/harbour-sr.md").is_file()

    check = run_build(capsys, "check", "--project", str(root))
    assert check.status == 1
    assert check.err == (
        "content/findings/partner-draft.yaml:3:1: unknown key 'bogus' in finding "
        "(allowed here: binding, keywords, paragraphs, title)\n"
        "content/organisations/partner.yaml:1:1: organisation is missing the required key 'name'\n"
        "2 errors in 2 files, 0 warnings\n")


def test_a_broken_file_the_target_reads_still_stops_it(tmp_path, capsys):
    root = copy_project(FIXTURES / "harbour-light", tmp_path / "project")
    (root / "content/findings/wage-withholding.yaml").write_text("paragraphs:\n  - text\nbogus: 1\n")
    run = run_build(capsys, "--project", str(root), "harbour-sr", "--only", "md", "--out", str(root / "out"))
    assert run.status == 1
    assert run.err == ("content/findings/wage-withholding.yaml:3:1: unknown key 'bogus' in finding "
                       "(allowed here: binding, keywords, paragraphs, title)\nnothing was written\n")


def test_check_passes_a_clean_repository(tmp_path, capsys):
    root = copy_project(FIXTURES / "harbour-light", tmp_path / "project")
    check = run_build(capsys, "check", "--project", str(root))
    assert check.status == 0, check.err
    assert check.out == "no errors, 0 warnings (2 submissions checked)\n"


def test_repository_checks_are_a_list_others_extend():
    from dossier.commands import COMMANDS
    from dossier.commands.check import REPOSITORY_CHECKS, check_shared_texts, check_submissions

    assert COMMANDS["check"][0] == "dossier.commands.check"
    assert check_submissions in REPOSITORY_CHECKS and check_shared_texts in REPOSITORY_CHECKS


def test_a_submission_sets_its_own_date_convention(tmp_path, capsys):
    root = copy_project(FIXTURES / "harbour-light", tmp_path / "project")
    path = root / "content/submissions/harbour-sr.yaml"
    path.write_text(path.read_text().replace("format: special-rapporteur\n",
                                             "format: special-rapporteur\ndate_style: us\n"))
    run = run_build(capsys, "--project", str(root), "harbour-sr", "--only", "md", "--out", str(root / "out"))
    assert run.status == 0, run.err
    assert "Port Emberly, June 9, 2023" in (root / "out/harbour-sr.md").read_text()


def test_a_hearing_given_as_plain_text_still_prints_its_date(tmp_path, capsys):
    root = copy_project(FIXTURES / "harbour-light", tmp_path / "project")
    path = root / "content/submissions/harbour-cecc.yaml"
    text = path.read_text()
    start, end = text.index("hearing:\n"), text.index("author:\n")
    path.write_text(text[:start] + "hearing: Hearing on coastal labor\nhearing_date: 2023-06-13\n" + text[end:])
    run = run_build(capsys, "--project", str(root), "harbour-cecc", "--only", "md", "--out", str(root / "out"))
    assert run.status == 0, run.err
    assert "**Hearing on coastal labor**, June 13, 2023\n" in (root / "out/harbour-cecc.md").read_text()


def test_an_addressee_written_as_lines_keeps_its_lines(tmp_path, capsys):
    """`addressee: |` (a YAML block of lines) prints one line each, in the DOCX (pandoc
    reads LineBreaks) and the PDF (pdftotext), not the lines run together."""
    import json
    import subprocess

    import pandoc_json
    from conftest import replace_once, repo_project, require, run_build, run_tool

    root = repo_project(tmp_path / "p")
    replace_once(root / "content/submissions/cecc-2023.yaml", "addressee: Congressional-Executive Commission on China\n",
                 "addressee: |\n  The Honorable A. Example, Chair\n  Congressional-Executive Commission on China\n")
    run = run_build(capsys, "--project", str(root), "cecc-2023", "--out", str(tmp_path / "out"))
    assert run.status == 0, run.err
    require("pandoc")
    ast = json.loads(subprocess.run(["pandoc", "-f", "docx", "-t", "json", str(tmp_path / "out/cecc-2023.docx")],
                                    capture_output=True, text=True, check=True).stdout)

    paragraphs = [pandoc_json.stringify(b["c"], line_break="\n") for b in ast["blocks"] if b["t"] == "Para"]
    assert "The Honorable A. Example, Chair\nCongressional-Executive Commission on China" in paragraphs
    lines = run_tool(require("pdftotext"), "-layout", "-f", "1", "-l", "1", str(tmp_path / "out/cecc-2023.pdf"), "-")
    stripped = [line.strip() for line in lines.splitlines()]
    assert "The Honorable A. Example, Chair" in stripped
    assert "Congressional-Executive Commission on China" in stripped


def test_a_list_s_own_heading_is_left_out_where_its_section_is_called_that(tmp_path, capsys):
    """A section titled "Recommendations" holding a recommendations list: no second
    "Recommendations:" heading under it; a section of another title keeps the list's heading."""
    from conftest import repo_project, run_build

    root = repo_project(tmp_path / "p")
    for target in ("sr-slavery-2024", "upr-2024"):
        run = run_build(capsys, "--project", str(root), target, "--only", "md", "--out", str(tmp_path / "out"))
        assert run.status == 0, run.err
    sr = (tmp_path / "out/sr-slavery-2024.md").read_text(encoding="utf-8")
    assert "# 3. Recommendations\n" in sr and "Recommendations:" not in sr
    upr = (tmp_path / "out/upr-2024.md").read_text(encoding="utf-8")
    assert "Recommendations:" in upr  # under sections named for their subject


def test_a_letter_drops_only_its_opening_section_s_heading(tmp_path, capsys):
    """CECC: the opening section (`numbered: false`) has no heading, as a letter's does; a later
    section with `numbered: false` (an imported statement's "Background") keeps its heading."""
    from conftest import replace_once, repo_project, run_build

    root = repo_project(tmp_path / "p")
    replace_once(root / "content/submissions/cecc-2023.yaml", "  - title: Conclusion\n",
                 "  - title: Conclusion\n    numbered: false\n")
    run = run_build(capsys, "--project", str(root), "cecc-2023", "--only", "md", "--out", str(tmp_path / "out"))
    assert run.status == 0, run.err
    markdown = (tmp_path / "out/cecc-2023.md").read_text(encoding="utf-8")
    assert "\n# Conclusion\n" in markdown
    assert "# Introduction" not in markdown  # the opening section: no heading


def test_a_citation_in_a_front_page_text_is_checked_like_any_other(tmp_path, capsys):
    """A key typed in the title (printed as inline markup) is checked: a located error, not a
    traceback from the notes pass."""
    from conftest import replace_once, repo_project, run_build

    root = repo_project(tmp_path / "p")
    replace_once(root / "content/submissions/cecc-2023.yaml", "salutation: Honorable Chairs",
                 "salutation: \"[@nkhr-blod-coal] Honorable Chairs")
    replace_once(root / "content/submissions/cecc-2023.yaml", "Commission on China,\nclosing:",
                 "Commission on China,\"\nclosing:")
    run = run_build(capsys, "--project", str(root), "cecc-2023", "--only", "md", "--out", str(tmp_path / "out"))
    assert run.status == 1
    assert "Traceback" not in run.err
    assert re.search(r"content/submissions/cecc-2023\.yaml:\d+:\d+: unknown citation key 'nkhr-blod-coal'", run.err), run.err
