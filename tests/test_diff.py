"""``diff TARGET --since REV``: the changes since a git revision as Word tracked changes.

The proof is in readers that are not ours: pandoc shows each change as an
insertion or deletion, and accepting every change gives the new version's text
while rejecting every change gives the old one's (pandoc, and LibreOffice
itself through its UNO API); LibreOffice keeps them as ODF tracked changes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import FIXTURES, copy_project, libreoffice_odt, odt_part, repo_project, require, run_build, run_tool
import pandoc_json

TESTS = Path(__file__).resolve().parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ODF = {"text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
       "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0"}


def git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(root.parent)}  # no user's settings
    result = subprocess.run(["git", "-C", str(root), "-c", "user.name=Test", "-c", "user.email=test@example.org",
                             "-c", "commit.gpgsign=false", *args],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def commit_all(root: Path, message: str) -> str:
    if not (root / ".git").exists():
        git(root, "init", "-q")
    (root / ".gitignore").write_text("out/\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return git(root, "rev-parse", "--short", "HEAD")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def plain(docx: Path, track: str = "accept") -> str:
    return run_tool(require("pandoc"), f"--track-changes={track}", "-f", "docx", "-t", "plain",
                    "--wrap=none", str(docx))


def pandoc_changes(docx: Path) -> dict[str, list[tuple[str, str, bool]]]:
    """Insertion and deletion spans as pandoc reads them: (text, author, inside a footnote)."""
    tree = json.loads(run_tool(require("pandoc"), "--track-changes=all", "-f", "docx", "-t", "json", str(docx)))
    found: dict[str, list[tuple[str, str, bool]]] = {"insertion": [], "deletion": []}

    def walk(value, in_note: bool) -> None:
        if isinstance(value, dict):
            if value.get("t") == "Span" and set(value["c"][0][1]) & set(found):
                kind = (set(value["c"][0][1]) & set(found)).pop()
                found[kind].append((pandoc_json.stringify(value["c"][1]), dict(value["c"][0][2])["author"], in_note))
            in_note = in_note or value.get("t") == "Note"
            for v in value.values():
                walk(v, in_note)
        elif isinstance(value, list):
            for v in value:
                walk(v, in_note)

    walk(tree["blocks"], False)
    return found


def libreoffice_python() -> str:
    """A Python that can drive LibreOffice (its uno module), or skip."""
    require("soffice")
    for python in (sys.executable, "/usr/bin/python3", shutil.which("python3") or ""):
        if python and subprocess.run([python, "-c", "import uno"], capture_output=True).returncode == 0:
            return python
    pytest.skip("no Python with LibreOffice's uno module (Debian: python3-uno)")


def libreoffice_text(tmp: Path, *jobs: tuple[str, Path]) -> list[dict]:
    """Each (accept|reject|none, docx): its paragraphs and notes after LibreOffice did that."""
    python = libreoffice_python()
    result = subprocess.run([python, str(TESTS / "lo_tracked_changes.py"), str(tmp / "lo-profile"),
                             *(f"{mode}={path}" for mode, path in jobs)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def odt_changes(tmp: Path, docx: Path) -> dict[str, int]:
    [odt] = libreoffice_odt(tmp / "odt", docx)
    content = odt_part(odt)
    tracked = content.find(".//text:tracked-changes", ODF)
    assert tracked is not None, "LibreOffice kept no tracked changes"
    regions = tracked.findall("text:changed-region", ODF)
    return {kind: sum(1 for r in regions if r.find(f"text:{kind}", ODF) is not None)
            for kind in ("insertion", "deletion")}


# ---- the mini project: a finding's text and a citation's pinpoint ----------------
@pytest.fixture(scope="module")
def mini_diff(tmp_path_factory):
    """(diff docx, clean old docx, clean new docx, short rev)."""
    from dossier.cli import main

    tmp = tmp_path_factory.mktemp("diff")
    root = copy_project(FIXTURES / "mini", tmp / "project")
    assert main(["--project", str(root), "mini", "--only", "docx", "--out", str(tmp / "old"), "-q"]) == 0
    rev = commit_all(root, "first version")
    finding = root / "content/findings/first-finding.yaml"
    edit(finding, "The first finding cites a report in Korean.", "The first finding now cites a *Korean* report.")
    edit(finding, "[@un-doc, para. 12]", "[@un-doc, para. 14]")
    assert main(["--project", str(root), "mini", "--only", "docx", "--out", str(tmp / "new"), "-q"]) == 0
    assert main(["diff", "--project", str(root), "mini", "--since", "HEAD", "-q"]) == 0
    return root / f"out/mini.diff-{rev}.docx", tmp / "old/mini.docx", tmp / "new/mini.docx", rev


def test_changes_are_insertions_and_deletions_for_pandoc(mini_diff):
    diff, _, _, _ = mini_diff
    changes = pandoc_changes(diff)
    body_ins = [text for text, _, note in changes["insertion"] if not note]
    body_del = [text for text, _, note in changes["deletion"] if not note]
    assert "now" in " ".join(body_ins) and "Korean" in body_ins and "in Korean" in body_del
    assert ("12", "dossier", True) in changes["deletion"]  # inside the footnote
    assert ("14", "dossier", True) in changes["insertion"]
    assert {author for kind in changes.values() for _, author, _ in kind} == {"dossier"}


def test_accepting_gives_the_new_text_rejecting_the_old(mini_diff):
    diff, old, new, _ = mini_diff
    assert plain(diff, "accept") == plain(new)
    assert plain(diff, "reject") == plain(old)
    assert plain(new) != plain(old)


def test_emphasis_is_kept_in_the_change(mini_diff):
    diff, _, _, _ = mini_diff
    with zipfile.ZipFile(diff) as z:
        body = etree.fromstring(z.read("word/document.xml"))
    inserted = [r for ins in body.iter(f"{W}ins") for r in ins.iter(f"{W}r")
                if "".join(r.itertext()) == "Korean"]
    assert inserted and inserted[0].find(f"{W}rPr/{W}i") is not None
    deleted = [t.text for t in body.iter(f"{W}delText")]
    assert deleted and not list(body.iterfind(f".//{W}del//{W}t"))  # deleted text is w:delText only
    dates = {e.get(f"{W}date") for tag in ("ins", "del") for e in body.iter(f"{W}{tag}")}
    assert dates == {None}  # the submission has no date: none (not an invented one), the same file each time


def test_libreoffice_keeps_them_as_tracked_changes(mini_diff, tmp_path):
    diff, _, _, _ = mini_diff
    counts = odt_changes(tmp_path, diff)
    assert counts["insertion"] >= 2 and counts["deletion"] >= 2


def test_libreoffice_accepts_and_rejects_them(mini_diff, tmp_path):
    diff, old, new, _ = mini_diff
    accepted, rejected, clean_old, clean_new = libreoffice_text(
        tmp_path, ("accept", diff), ("reject", diff), ("none", old), ("none", new))
    assert accepted == clean_new and rejected == clean_old
    assert clean_new["notes"][1].endswith("para. 14.") and clean_old["notes"][1].endswith("para. 12.")


def test_same_content_gives_the_same_diff(mini_diff, capsys):
    diff, _, _, rev = mini_diff
    root = diff.parent.parent
    first = diff.read_bytes()
    run = run_build(capsys, "diff", "--project", str(root), "mini", "--since", rev)
    assert run.status == 0, run.err
    assert diff.read_bytes() == first
    assert run.out == f"mini  since {rev} ({rev}): 3 insertions, 2 deletions\n  -> {diff}\n"


# ---- whole paragraphs, list items and notes in and out ---------------------------
@pytest.fixture(scope="module")
def upr_diff(tmp_path_factory):
    from dossier.cli import main

    tmp = tmp_path_factory.mktemp("upr-diff")
    root = repo_project(tmp / "project")
    assert main(["--project", str(root), "upr-2024", "--only", "docx", "--out", str(tmp / "old"), "-q"]) == 0
    rev = commit_all(root, "as submitted")
    submission = root / "content/submissions/upr-2024.yaml"
    edit(submission, "      - finding: songbun-pretrial-decision\n", "")  # a paragraph (with no note) out
    edit(submission, "      - finding: domestic-asylum-law\n",  # a paragraph with a note, a link, strong in
         "      - finding: domestic-asylum-law\n      - text: >-\n          A **new** paragraph with a"
         " source.[@cat-co-chn-5, para. 48] See <https://example.org/x>.\n")
    edit(submission, "            How many persons disaggregated by nationality have been granted the refugee"
                     " status through UNHCR\n            review since 2018?\n          - >-\n", "")  # an item out
    edit(submission, "total volume and type of such annual trade", "total value and kind of such yearly trade")
    edit(submission, "Principles on Business and Human Rights.\n",  # an item in
         "Principles on Business and Human Rights;\n          - >-\n            Publish every year the number"
         " of North Korean nationals deported.\n")
    edit(root / "content/findings/cat-recommendations-ignored.yaml",  # a note out
         'refugee status".[@cat-co-chn-5, para. 47]', 'refugee status".')
    edit(root / "content/findings/quota-system.yaml", "NKHR's years-long", "NKHR's *decade-long*")
    assert main(["--project", str(root), "upr-2024", "--only", "docx", "--out", str(tmp / "new"), "-q"]) == 0
    assert main(["diff", "--project", str(root), "upr-2024", "--since", rev, "--pdf", "-q"]) == 0
    return root / f"out/upr-2024.diff-{rev}.docx", tmp / "old/upr-2024.docx", tmp / "new/upr-2024.docx"


def _without_empty_items(text: str) -> list[str]:
    """pandoc 2.x leaves an empty list item where a numbered paragraph's mark was tracked
    (Word and LibreOffice remove the paragraph); compare the paragraphs' text without it."""
    import re

    paragraphs = [re.sub(r"^(\d+\.|-)(\s+|$)", "", p.strip()) for p in text.split("\n\n")]
    return [p for p in paragraphs if p]


def test_whole_paragraphs_accepted_and_rejected_by_pandoc(upr_diff):
    diff, old, new = upr_diff
    assert _without_empty_items(plain(diff, "accept")) == _without_empty_items(plain(new))
    assert _without_empty_items(plain(diff, "reject")) == _without_empty_items(plain(old))
    changes = pandoc_changes(diff)
    assert any(text.startswith("Former MSS officers") for text, _, _ in changes["deletion"])
    assert any(text.startswith("A new paragraph with a source.") for text, _, _ in changes["insertion"])
    assert any(note and "para. 48" in text for text, _, note in changes["insertion"])  # the new note
    assert any(note and "para. 47" in text for text, _, note in changes["deletion"])  # the note gone


def test_whole_paragraphs_accepted_and_rejected_by_libreoffice(upr_diff, tmp_path):
    diff, old, new = upr_diff
    accepted, rejected, clean_old, clean_new = libreoffice_text(
        tmp_path, ("accept", diff), ("reject", diff), ("none", old), ("none", new))
    assert accepted == clean_new
    assert rejected == clean_old
    assert clean_old["paragraphs"] != clean_new["paragraphs"]
    assert len(clean_old["notes"]) == 2 and len(clean_new["notes"]) == 2  # one out, one in


def test_the_pdf_shows_both_versions(upr_diff):
    diff, _, _ = upr_diff
    text = " ".join(run_tool(require("pdftotext"), str(diff.with_suffix(".pdf")), "-").split())
    assert "Former MSS officers" in text and "A new paragraph with a source." in text
    assert "granted the refugee status through UNHCR" in text  # the question taken out
    assert "volume" in text and "value" in text  # a word changed: both


# ---- what goes wrong is said, located, and nothing is written ---------------------
def test_not_a_git_repository(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    run = run_build(capsys, "diff", "--project", str(root), "mini", "--since", "HEAD")
    assert run.status == 2
    assert run.err == (f"error: {root} is not in a git repository: --since compares with a revision "
                       "of the content repository's history\n")
    assert not (root / "out").exists()


def test_unknown_revision(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    commit_all(root, "first")
    run = run_build(capsys, "diff", "--project", str(root), "mini", "--since", "no-such-tag")
    assert run.status == 2
    assert run.err == f"error: unknown revision 'no-such-tag' in the git repository of {root}\n"
    run = run_build(capsys, "diff", "--project", str(root), "mini", "--since=--all")
    assert run.status == 2 and "is not a revision" in run.err
    assert not (root / "out").exists()


def test_target_missing_at_the_revision(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    target = root / "content/submissions/mini.yaml"
    kept = target.read_bytes()
    target.unlink()
    rev = commit_all(root, "no submission yet")
    target.write_bytes(kept)
    run = run_build(capsys, "diff", "--project", str(root), "mini", "--since", "HEAD")
    assert run.status == 2
    assert run.err == (f"error: 'mini' did not exist at revision HEAD ({rev}): "
                       "no content/submissions/mini.yaml there\n")


def test_old_revision_that_does_not_build(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    finding = root / "content/findings/first-finding.yaml"
    edit(finding, "[@korean-report, p. 3]", "[@korean-reprt, p. 3]")
    rev = commit_all(root, "a typo")
    edit(finding, "[@korean-reprt, p. 3]", "[@korean-report, p. 3]")
    run = run_build(capsys, "diff", "--project", str(root), "mini", "--since", rev)
    assert run.status == 1
    assert run.err == (f"{rev}:content/findings/first-finding.yaml:4:49: unknown citation key 'korean-reprt'; "
                       f"did you mean 'korean-report'? (in revision {rev}, which must build to be compared "
                       "with)\nnothing was written\n")
    assert "Traceback" not in run.err
    assert not (root / "out").exists()


def test_project_in_a_subfolder_of_the_repository(tmp_path, capsys):
    top = tmp_path / "repo"
    root = copy_project(FIXTURES / "mini", top / "submissions")
    rev = commit_all(top, "first")
    edit(root / "content/submissions/mini.yaml", "A short introduction", "A brief introduction")
    run = run_build(capsys, "diff", "--project", str(root), "mini", "--since", rev, "-q")
    assert run.status == 0, run.err
    diff = root / f"out/mini.diff-{rev}.docx"
    assert [t for t, _, _ in pandoc_changes(diff)["insertion"]] == ["brief"]


def test_compare_marks_whole_paragraphs_and_renumbers_notes():
    from dossier.compare import compare
    from dossier.document import Change, Document, Metadata, Note, Paragraph, Str

    def doc(*paragraphs):
        return Document(Metadata("t", "a", "en"), [Paragraph(list(p)) for p in paragraphs])

    old = doc([Str("Kept paragraph."), Note(1, [Str("Source, p. 1")])], [Str("Gone.")])
    new = doc([Str("Kept paragraph."), Note(1, [Str("Source, p. 2")])], [Str("New."), Note(2, [Str("Other")])])
    result = compare(old, new)
    first, second, third = result.document.blocks
    note = first.children[1]
    assert isinstance(note, Note) and note.number == 1
    assert note.children == [Str("Source, p. "), Change("del", [Str("1")]), Change("ins", [Str("2")])]
    assert result.marks == {id(second.children): "del", id(third.children): "ins"}
    assert [n.number for n in result.document.notes] == [1, 2]
    assert third.children == [Change("ins", [Str("New."), Note(2, [Change("ins", [Str("Other")])])])]


# ---- the comparison itself, on random documents ------------------------------
def _accepted(comparison, keep: str) -> list[tuple]:
    """The paragraphs left after accepting ("ins" kept) or rejecting ("del" kept) every change,
    each as (kind, its characters with their formatting, notes as nested tuples)."""
    from dossier.document import Change, Heading, ListBlock, Paragraph

    drop = "del" if keep == "ins" else "ins"

    def resolve(inlines):
        out = []
        for node in inlines:
            if isinstance(node, Change):
                if node.kind == keep:
                    out.extend(resolve(node.children))
            else:
                if hasattr(node, "children"):
                    fields = {name: getattr(node, name) for name in node._fields}
                    node = type(node)(**{**fields, "children": resolve(node.children)})
                out.append(node)
        return out

    paragraphs = []
    for block in comparison.document.blocks:
        if isinstance(block, ListBlock):
            lists = [("li", block.ordered, item) for item in block.items]
        elif isinstance(block, (Heading, Paragraph)):
            lists = [(type(block).__name__, getattr(block, "level", 0), block.children)]
        else:
            continue
        for kind, detail, inlines in lists:
            if comparison.marks.get(id(inlines)) != drop:
                paragraphs.append((kind, detail, _canonical(resolve(inlines))))
    return paragraphs


def _canonical(inlines, context=()) -> tuple:
    """Character by character with the formatting around it: how neighbours are split is not content."""
    from dossier.document import Emph, Note, Str, Strong

    out = []
    for node in inlines:
        if isinstance(node, Str):
            out.extend((context, ch) for ch in node.text)
        elif isinstance(node, Note):
            out.append((context, ("note", _canonical(node.children))))
        elif isinstance(node, (Emph, Strong)):
            out.extend(_canonical(node.children, context + (type(node).__name__,)))
    return tuple(out)


def _paragraphs(document) -> list[tuple]:
    from dossier.compare import Comparison

    return _accepted(Comparison(document), "ins")


def _strategies():
    from hypothesis import strategies as st

    from dossier.document import Document, Emph, Heading, ListBlock, Metadata, Note, Paragraph, Str, Strong

    words = st.sampled_from(["alpha", "beta", "gamma", "delta", "para. 12", "para. 14", ",", ".", " ", "  "])
    text = st.lists(words, min_size=1, max_size=8).map(lambda ws: Str(" ".join(ws)))
    inline = st.one_of(text, text.map(lambda s: Emph([s])), text.map(lambda s: Strong([s])),
                       st.lists(text, min_size=1, max_size=2).map(lambda ss: Note(0, list(ss))))
    inlines = st.lists(inline, min_size=1, max_size=6)
    block = st.one_of(inlines.map(lambda i: Paragraph(i)), inlines.map(lambda i: Paragraph(i, numbered=True)),
                      inlines.map(lambda i: Heading(1, i)),
                      st.lists(inlines, min_size=1, max_size=3).map(lambda items: ListBlock(items)))
    documents = st.lists(block, max_size=6).map(lambda bs: Document(Metadata("t", "a", "en"), bs))
    return st, text, inline, block, documents


def _edited(data, inlines: list) -> list:
    """A small edit of a paragraph: words changed, inlines added or removed, a note's text changed."""
    import copy

    from dossier.document import Note, Str

    st, text, inline, _, _ = _strategies()
    out = []
    for node in copy.deepcopy(inlines):
        action = data.draw(st.sampled_from(["keep", "keep", "drop", "retext", "add"]))
        if action == "drop":
            continue
        if action == "retext" and isinstance(node, Str):
            words = node.text.split(" ")
            words[data.draw(st.integers(0, len(words) - 1))] = data.draw(text).text
            node = Str(" ".join(words))
        elif action == "retext" and isinstance(node, Note):
            node = Note(0, _edited(data, node.children) or [Str("x")])
        out.append(node)
        if action == "add":
            out.append(data.draw(inline))
    return out


def test_accepting_gives_new_and_rejecting_gives_old_on_random_documents():
    import copy

    from hypothesis import HealthCheck, given, settings

    from dossier.compare import compare
    from dossier.document import ListBlock, PageBreak

    st, _, _, block, documents = _strategies()

    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.data())
    def check(data):
        old = data.draw(documents)
        new = copy.deepcopy(old)
        # the new version: old blocks kept, dropped or edited, and new ones put anywhere
        blocks = []
        for b in new.blocks:
            action = data.draw(st.sampled_from(["keep", "drop", "edit", "edit"]))
            if action == "drop":
                continue
            if action == "edit" and isinstance(b, ListBlock):
                b.items = [_edited(data, item) or item for item in b.items]
            elif action == "edit" and not isinstance(b, PageBreak):
                b.children = _edited(data, b.children) or b.children
            blocks.append(b)
            if data.draw(st.booleans()):
                blocks.append(data.draw(block))
        new.blocks = blocks
        before_old, before_new = _paragraphs(copy.deepcopy(old)), _paragraphs(copy.deepcopy(new))
        result = compare(old, new)
        assert _accepted(result, "ins") == before_new
        assert _accepted(result, "del") == before_old
        assert _paragraphs(old) == before_old and _paragraphs(new) == before_new  # inputs untouched
        numbers = [n.number for n in result.document.notes]
        assert numbers == list(range(1, len(numbers) + 1))

    check()
