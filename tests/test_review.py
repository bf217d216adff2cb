"""Review copies (--review): each paragraph's source as a Word comment and in the PDF margin.

Checked with readers that are not ours: pandoc (comments as comment-start spans),
LibreOffice (comments kept as office:annotation) and pdftotext.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import libreoffice_odt, odt_part, replace_once, repo_project, require, run_build, run_tool
from dossier.review import describe_source
import pandoc_json

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# a finding is named by its id and its own title (the file's `title:`)
QUOTA = "content/findings/quota-system.yaml, line 3 (finding quota-system: North Korea's coercive quota system)"


@pytest.fixture(scope="module")
def review_build(tmp_path_factory):
    """upr-2024 built without and with --review: (clean out dir, review out dir)."""
    from dossier.cli import main  # run_build needs capsys, which a module fixture cannot have

    tmp = tmp_path_factory.mktemp("review")
    root = repo_project(tmp / "project")
    assert main(["--project", str(root), "upr-2024", "--out", str(tmp / "clean"), "-q"]) == 0
    assert main(["--project", str(root), "upr-2024", "--review", "--out", str(tmp / "review"), "-q"]) == 0
    return tmp / "clean", tmp / "review"


def _part(docx: Path, name: str):
    with zipfile.ZipFile(docx) as z:
        return etree.fromstring(z.read(name)) if name in z.namelist() else None


def test_clean_outputs_are_untouched_by_review(review_build):
    clean, review = review_build
    assert sorted(p.name for p in review.iterdir() if not p.name.startswith(".")) == [
        "upr-2024.docx", "upr-2024.pdf", "upr-2024.review.docx", "upr-2024.review.pdf"]
    for name in ("upr-2024.docx", "upr-2024.pdf"):
        assert (clean / name).read_bytes() == (review / name).read_bytes(), name
    with zipfile.ZipFile(review / "upr-2024.docx") as z:
        assert "word/comments.xml" not in z.namelist()
        assert b"commentReference" not in z.read("word/document.xml")
    text = run_tool(require("pdftotext"), str(review / "upr-2024.pdf"), "-")
    assert "DRAFT" not in text and "content/findings" not in text


def test_every_paragraph_has_a_comment_naming_its_source(review_build):
    _, review = review_build
    docx = review / "upr-2024.review.docx"
    body = _part(docx, "word/document.xml")
    paragraphs = body.findall(f"{W}body/{W}p")
    comments = {c.get(f"{W}id"): "".join(c.itertext()) for c in _part(docx, "word/comments.xml")}
    assert len(comments) == len(paragraphs) > 40
    for p in paragraphs:  # each paragraph spanned by its own comment
        start, end = p.find(f"{W}commentRangeStart"), p.find(f"{W}commentRangeEnd")
        ref = p.find(f"{W}r/{W}commentReference")
        assert start.get(f"{W}id") == end.get(f"{W}id") == ref.get(f"{W}id") in comments
    texts = list(comments.values())
    assert texts[0] == "written by the template templates/upr/document.xml.j2"
    assert f"{QUOTA}; sets in finding pyramid-of-extortion" in texts
    assert "content/organisations/nkhr.yaml, line 12 (organisation nkhr)" in texts
    assert "content/recommendations/china-upr-3.yaml, line 9 (recommendation set china-upr-3)" in texts
    # each question and recommendation names its own line
    assert "content/submissions/upr-2024.yaml, line 57 (submission upr-2024)" in texts
    dates = {c.get(f"{W}date") for c in _part(docx, "word/comments.xml")}
    assert dates == {None}  # the submission has no date: none, and the same input gives the same bytes


def test_pandoc_reads_the_comments(review_build):
    require("pandoc")
    _, review = review_build
    tree = pandoc_json.read(review / "upr-2024.review.docx", "--track-changes=all")
    starts = pandoc_json.elements(tree, "Span", lambda span: "comment-start" in span["c"][0][1])
    assert len(starts) > 40
    attrs = dict(starts[0]["c"][0][2])
    assert attrs["author"] == "dossier"
    texts = [pandoc_json.stringify(s["c"][1]) for s in starts]
    assert any(t.startswith(QUOTA) for t in texts)


def test_libreoffice_keeps_the_comments(review_build, tmp_path):
    _, review = review_build
    [odt] = libreoffice_odt(tmp_path, review / "upr-2024.review.docx")
    content = odt_part(odt)
    ns = {"office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
          "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
          "dc": "http://purl.org/dc/elements/1.1/"}
    annotations = content.findall(".//office:annotation", ns)
    comments = _part(review / "upr-2024.review.docx", "word/comments.xml")
    assert len(annotations) == len(comments) > 40
    assert {a.find("dc:creator", ns).text for a in annotations} == {"dossier"}
    texts = ["".join(a.find("text:p", ns).itertext()) for a in annotations]
    assert any(t.startswith(QUOTA) for t in texts)


def test_review_pdf_has_draft_and_sources_in_the_margin(review_build):
    _, review = review_build
    text = run_tool(require("pdftotext"), str(review / "upr-2024.review.pdf"), "-")
    pages = int(next(line.split()[-1] for line in run_tool("pdfinfo", str(review / "upr-2024.review.pdf")).splitlines()
                     if line.startswith("Pages:")))
    header = "DRAFT \u2013 review copy: each paragraph's source is in the margin"
    assert text.count(header) == pages  # on every page (and the diagonal watermark, which
    # pdftotext reads letter by letter)
    flat = " ".join(text.split())
    assert "(finding quota-system: North Korea's coercive quota system)" in flat
    assert "content/findings/quota-system.yaml" in flat
    assert "(finding importer-responsibility" in flat


def test_review_copies_are_reproducible(review_build, tmp_path):
    from dossier.cli import main

    clean, review = review_build
    root = repo_project(tmp_path / "project")
    assert main(["--project", str(root), "upr-2024", "--review", "--out", str(tmp_path / "again"), "-q"]) == 0
    for name in ("upr-2024.review.docx", "upr-2024.review.pdf"):
        assert (tmp_path / "again" / name).read_bytes() == (review / name).read_bytes(), name


def test_review_needs_a_docx_or_pdf_output(tmp_path, capsys):
    root = repo_project(tmp_path / "project")
    run = run_build(capsys, "--project", str(root), "upr-2024", "--review", "--only", "md",
                    "--out", str(tmp_path / "out"))
    assert run.status == 2
    assert run.err == "error: --review makes review copies of docx and pdf only\n"
    assert not (tmp_path / "out").exists()


def test_describe_source():
    names = {"content/findings/quota-system.yaml": "finding quota-system: North Korea's coercive quota system",
             "../shared/content/findings/x.yaml": "finding coalition:x: A shared one"}
    assert describe_source("content/findings/quota-system.yaml:3:5", names=names) == QUOTA
    assert describe_source("../shared/content/findings/x.yaml:4:5", names=names) == \
        "../shared/content/findings/x.yaml, line 4 (finding coalition:x: A shared one)"
    assert describe_source("content/findings/quota-system.yaml:3:5") == \
        "content/findings/quota-system.yaml, line 3 (finding quota-system)"  # a finding without a title
    assert describe_source("content/submissions/upr-2024.yaml:17:15", ("a", "b")) == \
        "content/submissions/upr-2024.yaml, line 17 (submission upr-2024); sets in finding a, finding b"
    assert describe_source("", (), "templates/upr/document.xml.j2") == \
        "written by the template templates/upr/document.xml.j2"
    assert describe_source("notes.txt") == "notes.txt"


def test_libreoffice_keeps_every_note_and_its_links_in_the_review_copy(review_build, tmp_path):
    """Comment ids apart from footnote ids: LibreOffice 7.4 otherwise shows note 2's text as note 1."""
    clean, review = review_build
    odts = libreoffice_odt(tmp_path, clean / "upr-2024.docx", review / "upr-2024.review.docx")
    ns = {"text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}
    href = "{http://www.w3.org/1999/xlink}href"

    def notes(odt: Path) -> list[tuple[str, list[str]]]:
        out = []
        for note in odt_part(odt).findall(".//text:note", ns):
            body = note.find("text:note-body", ns)
            out.append((" ".join("".join(body.itertext()).split()),
                        [a.get(href) for a in body.iterfind(".//text:a", ns)]))
        return out

    clean_notes, review_notes = notes(odts[0]), notes(odts[1])
    assert review_notes == clean_notes
    assert [text.split(",")[0] for text, _ in review_notes] == ["NKHR", "Committee against Torture"]
    assert [links for _, links in review_notes] == [
        ["https://www.nkhr.or.kr/en/publications/nkhr-research-reports/blood-coal-export-from-north-korea-"
         "pyramid-scheme-of-earnings-maintaining-structures-of-power/"],
        ["https://undocs.org/CAT/C/CHN/CO/5"]]


def test_a_shipped_format_s_review_copy_names_the_template_that_exists(tmp_path, capsys):
    """A repository without its own templates/upr/ is laid out by the shipped format: the
    review copies name that file, not a templates/upr/ the user does not have."""
    import shutil

    root = repo_project(tmp_path / "project")
    shutil.rmtree(root / "templates" / "upr")
    run = run_build(capsys, "--project", str(root), "upr-2024", "--review", "--out", str(tmp_path / "out"), "-q")
    assert run.status == 0, run.err
    comments = ["".join(c.itertext()) for c in _part(tmp_path / "out" / "upr-2024.review.docx", "word/comments.xml")]
    named = comments[0].removeprefix("written by the template ")
    assert named != comments[0] and not named.startswith("templates/upr/")
    assert Path(named).is_file() and Path(named).name == "document.xml.j2"
    text = run_tool(require("pdftotext"), str(tmp_path / "out" / "upr-2024.review.pdf"), "-")
    squeezed = "".join(text.split())  # the margin breaks the long path across lines
    assert "".join(f"written by the template {named}".split()) in squeezed


def test_a_letter_s_front_page_names_the_submission_lines_it_prints(tmp_path, capsys):
    """CECC: the date line, addressee, author line, salutation, closing and signature come from
    the submission, and the review copy says which line; only the letterhead is the template's."""
    root = repo_project(tmp_path / "project")
    run = run_build(capsys, "--project", str(root), "cecc-2023", "--review", "--only", "docx",
                    "--out", str(tmp_path / "out"))
    assert run.status == 0, run.err
    docx = tmp_path / "out" / "cecc-2023.review.docx"
    comments = {c.get(f"{W}id"): "".join(c.itertext()) for c in _part(docx, "word/comments.xml")}
    labelled = {}
    for p in _part(docx, "word/document.xml").iter(f"{W}p"):
        ref = p.find(f".//{W}commentReference")
        if ref is not None:
            labelled["".join(t.text or "" for t in p.iter(f"{W}t"))] = comments[ref.get(f"{W}id")]
    source = (root / "content/submissions/cecc-2023.yaml").read_text(encoding="utf-8").splitlines()
    for printed, key in (("Seoul, June 9, 2023", "place:"), ("Congressional-Executive Commission on China", "addressee:"),
                         ("Sincerely yours,", "closing:"), ("Joanna Hosaniak", "name:")):
        line = next(n for n, text in enumerate(source, start=1) if text.strip().startswith(key))
        assert labelled[printed] == f"content/submissions/cecc-2023.yaml, line {line} (submission cecc-2023)", printed


def test_a_quoted_provision_is_labelled_with_the_law_file_its_words_are_in(tmp_path, capsys):
    root = repo_project(tmp_path / "project")
    replace_once(root / "content/submissions/upr-2024.yaml", "    blocks:\n",
                 "    blocks:\n      - provision: convention-against-torture/3(1)\n")
    run = run_build(capsys, "--project", str(root), "upr-2024", "--review", "--only", "docx",
                    "--out", str(tmp_path / "out"))
    assert run.status == 0, run.err
    docx = tmp_path / "out" / "upr-2024.review.docx"
    comments = {c.get(f"{W}id"): "".join(c.itertext()) for c in _part(docx, "word/comments.xml")}
    for p in _part(docx, "word/document.xml").iter(f"{W}p"):
        words = "".join(t.text or "" for t in p.iter(f"{W}t"))
        if words.startswith("No State Party shall expel"):
            label = comments[p.find(f".//{W}commentReference").get(f"{W}id")]
            assert label.startswith("content/law/convention-against-torture.yaml, line "), label
            break
    else:
        raise AssertionError("the provision was not printed")


def test_the_review_pdf_is_tagged_as_the_clean_one_with_its_margin_notes_as_artifacts(review_build):
    """pikepdf and pdfinfo -struct-text: the review copy has as many paragraphs (P) as the clean
    PDF, one across each page break, and the margin notes are no text of the structure tree."""
    import pikepdf

    from pdf_pages import struct_elements

    clean, review = review_build

    def paragraphs(path):
        with pikepdf.open(path) as pdf:
            return sum(str(e.S) == "/P" for e in struct_elements(pdf.Root.StructTreeRoot))

    assert paragraphs(review / "upr-2024.review.pdf") == paragraphs(clean / "upr-2024.pdf")
    text = run_tool("pdfinfo", "-struct-text", str(review / "upr-2024.review.pdf"))
    assert "content/submissions/" not in text and "content/findings/" not in text
