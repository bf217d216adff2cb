"""Every format builds, sized for its body, with its word budget checked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FIXTURES, copy_project, libreoffice_odt, odt_part, replace_once, repo_project, require, run_build, run_tool
from dossier.document import ListBlock, block_inline_lists, plain_text
from dossier.errors import Diagnostics
from dossier.pipeline import build
from dossier.project import load_project
from dossier.resolve import resolve
from dossier.wordcount import _has_word_character, count_words

TARGETS = {"upr-2024": "A4", "cedaw-china": "A4", "sr-slavery-2024": "A4", "cecc-2023": "letter"}


@pytest.fixture(scope="module")
def all_built(tmp_path_factory):
    root = repo_project(tmp_path_factory.mktemp("all"))
    project = load_project(root, Diagnostics())
    results = {}
    for target in TARGETS:
        diags = Diagnostics()
        results[target] = build(root, target, root / "out", ("docx", "pdf"), diags, project=project)
        assert not diags.items, diags.items
    return root, results


def test_every_target_is_listed_and_built(all_built):
    root, results = all_built
    assert sorted(load_project(root, Diagnostics()).submissions) == sorted(TARGETS)
    for target in TARGETS:
        assert (root / "out" / f"{target}.docx").exists() and (root / "out" / f"{target}.pdf").exists()


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_page_size_for_the_body(all_built, target):
    require("pdfinfo")
    root, _ = all_built
    info = run_tool("pdfinfo", str(root / "out" / f"{target}.pdf"))
    expected = "595.276 x 841.89 pts (A4)" if TARGETS[target] == "A4" else "612 x 792 pts (letter)"
    assert re.search(r"Page size:\s+" + re.escape(expected), info), info


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_pandoc_reads_every_docx_with_its_footnotes(all_built, target):
    require("pandoc")
    root, results = all_built
    tree = run_tool("pandoc", "-f", "docx", "-t", "json", str(root / "out" / f"{target}.docx"))
    assert tree.count('"t":"Note"') == len(results[target].document.notes) >= 1


def test_word_rule():
    assert count_words("Hello, world — 2,815 words; 中华人民共和国宪法 and 원제목 입니다 - x") == 17


def test_word_count_agrees_with_libreoffice(all_built, tmp_path):
    """LibreOffice's count of the DOCX, explained to the word.

    LibreOffice also counts what our rule leaves out: automatic paragraph numbers,
    list bullets, punctuation standing alone (" - ") and the page number in the footer.
    """
    root, results = all_built
    libreoffice_odt(tmp_path, *(root / "out" / f"{t}.docx" for t in TARGETS))
    for target, result in results.items():
        meta = odt_part(tmp_path / f"{target}.odt", "meta.xml")
        stat = meta.find(".//{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}document-statistic")
        libreoffice = int(stat.get("{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}word-count"))
        document, count = result.document, result.count
        ours = count.front_matter + count.headings + count.body + count.notes
        numbers = sum(1 for b in document.blocks if getattr(b, "numbered", False))
        bullets = sum(len(b.items) for b in document.blocks if isinstance(b, ListBlock))
        texts = [plain_text(i) for b in document.blocks for i in block_inline_lists(b)]
        texts += [plain_text(n.children) for n in document.notes]
        lone_punctuation = sum(1 for t in texts for token in t.split() if not _has_word_character(token))
        page_number = 1
        assert libreoffice == ours + numbers + bullets + lone_punctuation + page_number, target


def test_budget_line_and_sections(tmp_path, capsys):
    root = repo_project(tmp_path / "p")
    run = run_build(capsys, "--project", str(root), "upr-2024", "--only", "docx", "--words")
    assert run.status == 0
    lines = run.out.splitlines()
    assert lines[0] == "upr-2024  UPR (individual)  1,934 / 2,815 words incl. notes  881 left"
    assert "    counted: headings, body, notes" in lines
    assert any(line.endswith("  Introduction") and line.split()[0] == "39" for line in lines)


def test_words_shows_section_titles_as_printed_not_their_markup(tmp_path, capsys):
    root = repo_project(tmp_path / "p")
    replace_once(root / "content/submissions/upr-2024.yaml", "title: Introduction",
                 "title: \"*Introduction* [서론]{lang=ko}\"")
    run = run_build(capsys, "--project", str(root), "upr-2024", "--only", "md", "--words")
    assert run.status == 0, run.err
    assert any(line.endswith("  Introduction 서론") for line in run.out.splitlines()), run.out
    assert "{lang=" not in run.out and "*Introduction*" not in run.out


def test_list_shows_format_and_budget(tmp_path, capsys):
    root = repo_project(tmp_path / "p")
    run = run_build(capsys, "--project", str(root), "--list")
    assert run.status == 0
    assert "cecc-2023                cecc                 CECC  1,760 words incl. notes  no limit" in run.out
    assert "cedaw-china              cedaw                CEDAW (individual)" in run.out


def test_joint_submission_has_the_joint_limit_and_every_organisation(tmp_path, capsys):
    root = copy_project(FIXTURES / "joint-upr", tmp_path / "p")
    run = run_build(capsys, "--project", str(root), "joint", "--only", "docx")
    assert run.status == 0, run.err
    assert run.out.splitlines()[0].startswith("joint  UPR (joint)  ")
    assert " / 5,630 words incl. notes" in run.out.splitlines()[0]
    text = run_tool("pandoc", "-t", "plain", "--wrap=none", str(root / "out/joint.docx"))
    assert "Joint Submission" in text
    assert "Example Coalition Partner (ECP) is a fictional organisation" in text
    assert "Example Organisation for Tests (EOT) is a fictional organisation" in text


def test_over_the_limit_warns_and_strict_fails_writing_nothing(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "p")
    replace_once(root / "content/submissions/mini.yaml", "format: upr\n", "format: upr\nword_limit: 40\n")
    out = tmp_path / "out"
    warn = run_build(capsys, "--project", str(root), "mini", "--only", "docx", "--out", str(out))
    message = ("content/submissions/mini.yaml:1:1: warning: 99 words is over the UPR limit of 40 by 59 "
               "(the limit set in content/submissions/mini.yaml; official)")
    assert warn.status == 0
    assert warn.err.splitlines() == [message]
    (out / "mini.docx").unlink()
    strict = run_build(capsys, "--project", str(root), "mini", "--only", "docx", "--out", str(out), "--strict")
    assert strict.status == 1
    assert strict.err.splitlines() == [message.replace(" warning:", ""), "nothing was written"]
    assert not (out / "mini.docx").exists()


def test_strict_never_fails_on_an_assumed_rule(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "p")
    replace_once(root / "templates/upr/format.yaml", "{name: individual, words: 2815}", "{name: individual, words: 40}")
    replace_once(root / "templates/upr/format.yaml", "sureness: secondary", "sureness: assumed")
    run = run_build(capsys, "--project", str(root), "mini", "--only", "docx", "--strict")
    assert run.status == 0
    assert run.err.splitlines() == [
        "content/submissions/mini.yaml:1:1: warning: 99 words is over the UPR (individual) limit of 40 by 59 "
        "(UPR Info on the 3rd-cycle OHCHR guidelines for stakeholders, templates/upr/format.yaml; assumed) "
        "(an assumed rule: --strict does not enforce it)"]


def test_missing_front_matter_is_located(tmp_path, capsys):
    root = repo_project(tmp_path / "p")
    replace_once(root / "content/submissions/cecc-2023.yaml",
         "hearing: Hearing on the forced repatriation of North Korean refugees from China\n", "")
    run = run_build(capsys, "--project", str(root), "cecc-2023")
    assert run.status == 1
    assert run.err.splitlines() == [
        "content/submissions/cecc-2023.yaml:5:1: the cecc format requires 'hearing' in the submission "
        "(see templates/cecc/format.yaml)",
        "nothing was written",
    ]


def test_missing_required_section_is_located(tmp_path, capsys):
    root = repo_project(tmp_path / "p")
    replace_once(root / "content/submissions/cedaw-china.yaml", "    kind: summary\n", "")
    run = run_build(capsys, "--project", str(root), "cedaw-china")
    assert run.status == 1
    assert run.err.splitlines()[0] == (
        "content/submissions/cedaw-china.yaml:4:1: the cedaw format requires a section of kind 'summary'")


def test_misspelt_spec_key_names_the_spec_file_and_line(tmp_path, capsys):
    root = repo_project(tmp_path / "p")
    replace_once(root / "templates/cecc/format.yaml", "numbered_paragraphs: false", "numbered_paragraph: false")
    run = run_build(capsys, "--project", str(root), "cecc-2023")
    assert run.status == 1
    lines = run.err.splitlines()
    assert "templates/cecc/format.yaml:27:1: unknown key 'numbered_paragraph' in format; " \
           "did you mean 'numbered_paragraphs'?" in lines


def test_misspelt_required_key_is_the_specs_error(tmp_path, capsys):
    root = repo_project(tmp_path / "p")
    replace_once(root / "templates/cecc/format.yaml", "requires: [organisations,", "requires: [organisation,")
    run = run_build(capsys, "--project", str(root), "cecc-2023")
    assert run.status == 1
    assert run.err.splitlines()[0] == ("templates/cecc/format.yaml:21:12: 'requires' names 'organisation', "
                                       "which is not a submission key; did you mean 'organisations'?")


def test_findings_are_written_once_and_used_by_three_submissions():
    from conftest import REPO

    project = load_project(REPO, Diagnostics())
    users: dict[str, set[str]] = {}
    for target in project.submissions:
        resolved = resolve(project, target, Diagnostics())
        for finding in resolved.used_findings:
            users.setdefault(finding, set()).add(target)
    shared = {f for f, targets in users.items() if len(targets) >= 3}
    assert len(shared) >= 3, users


SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


@pytest.mark.parametrize("target, seed, first, last", [
    ("cecc-2023", "000_777118a5343ece94.txt", "Citizens' Alliance for North Korean Human Rights would like",
     "Your consideration of these matters and solutions is very much appreciated."),
    ("upr-2024", "001_bef7bd6afdd0a300.txt", "This submission concerns the complicity",
     "human rights due diligence in line with the Guiding Principles on Business and Human Rights."),
])
def test_seed_paragraphs_are_reproduced_word_for_word(all_built, target, seed, first, last):
    """Every paragraph of the real submission, from its first to its last, is in our DOCX as written
    (read by pandoc, its note markers taken out).

    Quotation marks and apostrophes are compared as one character: the seed mixes straight and
    curly ones within a single quotation, while our outputs always use typographic ones.
    """
    seed_file = SEEDS / seed
    if not seed_file.exists():
        pytest.skip("the seeds are not beside the project")
    require("pandoc")
    root, _ = all_built
    plain = run_tool("pandoc", "-f", "docx", "-t", "plain", "--wrap=none", str(root / "out" / f"{target}.docx"))
    quotes = str.maketrans("“”‘’", '""\'\'')  # ours are typographic (dossier/typography.py)
    text = re.sub(r"\s+", " ", re.sub(r"\[\d+\]", "", plain)).translate(quotes)
    raw = seed_file.read_text(encoding="utf-8")
    raw = re.sub(r"\n---\n\n<sup>\d+</sup>[^\n]*\n", "\n", raw)  # the seed's own footnote texts
    raw = re.sub(r"<sup>\d+</sup>", "", raw).replace("\\$", "$").replace("*", "")
    body = raw[raw.index(first): raw.index(last) + len(last)]
    paragraphs = [re.sub(r"\s+", " ", p).strip().translate(quotes) for p in body.split("\n\n")]
    checked = 0
    for paragraph in paragraphs:
        if not paragraph or paragraph.startswith(("#", "- ", "**", "---")) or len(paragraph) < 60:
            continue
        # a paragraph the seed breaks across pages is checked in its two halves
        if paragraph not in text and re.match(r"\d+\. ", paragraph):
            # a heading's number is Word numbering, which pandoc does not read: the words without it
            paragraph = paragraph.split(" ", 1)[1]
        assert paragraph in text, paragraph[:80]
        checked += 1
    assert checked >= 15
