"""Placeholders an import leaves ("TODO: ..."): in typed keys too, printed as written, warned where they are."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from conftest import repo_project, require, run_build, run_tool

from dossier.errors import Diagnostics
from dossier.loading import parse_yaml
from dossier.model import Submission
from dossier.schema import Placeholder, load_as

MINIMAL = "format: upr\norganisations: [nkhr]\nsections:\n  - title: A\n    blocks:\n      - text: Words.\n"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert re.search(old, text, re.M), old
    path.write_text(re.sub(old, new, text, count=1, flags=re.M), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def _load(extra: str) -> tuple[Submission | None, Diagnostics]:
    diags = Diagnostics()
    node = parse_yaml(MINIMAL + extra, "content/submissions/x.yaml", diags)
    return load_as(node, Submission, diags), diags


def test_typed_keys_take_a_placeholder_that_is_never_a_value():
    submission, diags = _load('cycle: "TODO: cycle"\nsession: "TODO: session"\ndate: "TODO: date (YYYY-MM-DD)"\n')
    assert submission is not None and not diags.errors
    for key in ("cycle", "session", "date"):
        value = getattr(submission, key)
        assert isinstance(value, Placeholder) and not isinstance(value, int) and value.startswith("TODO: ")
    assert [str(d) for d in diags.warnings] == [
        "content/submissions/x.yaml:7:9: warning: placeholder left: cycle is still to fill in",
        "content/submissions/x.yaml:8:11: warning: placeholder left: session is still to fill in",
        "content/submissions/x.yaml:9:8: warning: placeholder left: date (YYYY-MM-DD) is still to fill in"]
    # the value itself is read as before; any other text is still an error, as is a placeholder
    # where the model does not say a key takes one
    submission, diags = _load("cycle: 0\ndate: 2024-01-02\n")
    assert submission.cycle == 0 and type(submission.cycle) is int and submission.date.year == 2024
    for wrong in ('cycle: "five"', 'date: "soon"', 'word_limit: "TODO: limit"'):
        submission, diags = _load(wrong + "\n")
        assert submission is None and len(diags.errors) == 1, wrong


def test_a_upr_submission_with_placeholders_builds_and_prints_them(tmp_path, capsys):
    root = repo_project(tmp_path / "p")
    source = root / "content/submissions/upr-2024.yaml"
    _edit(source, r"^cycle: \d+$", 'cycle: "TODO: cycle"')
    _edit(source, r"^session: \d+$", 'session: "TODO: session"')
    run = run_build(capsys, "--project", str(root), "upr-2024", "--only", "md", "--only", "docx",
                    "--out", str(tmp_path / "o"))
    assert run.status == 0, run.err
    line = _line_of(source, "TODO: cycle")
    assert f"content/submissions/upr-2024.yaml:{line}:9: warning: placeholder left: cycle is still to fill in" in run.err
    assert "placeholder left: session is still to fill in" in run.err
    markdown = (tmp_path / "o/upr-2024.md").read_text(encoding="utf-8")
    assert "TODO: cycle Cycle of the Universal Periodic Review" in " ".join(markdown.split())
    require("pandoc")
    words = run_tool("pandoc", "-f", "docx", "-t", "plain", "--wrap=none", str(tmp_path / "o/upr-2024.docx"))
    assert "TODO: cycle Cycle" in words and "TODO: session Session" in words
    # --strict: a submission with a TODO in it is not ready to send
    strict = run_build(capsys, "--project", str(root), "upr-2024", "--only", "md", "--strict",
                       "--out", str(tmp_path / "o2"))
    assert strict.status != 0 and "placeholder left: cycle" in strict.err
    assert not (tmp_path / "o2/upr-2024.md").exists()


def test_a_date_placeholder_goes_through_the_date_line_and_leaves_the_docx_undated(tmp_path, capsys):
    root = repo_project(tmp_path / "p")
    _edit(root / "content/submissions/cecc-2023.yaml", r"^date: [\d-]+$", 'date: "TODO: date (YYYY-MM-DD)"')
    run = run_build(capsys, "--project", str(root), "cecc-2023", "--only", "md", "--only", "docx",
                    "--out", str(tmp_path / "o"))
    assert run.status == 0, run.err
    assert "placeholder left: date (YYYY-MM-DD) is still to fill in" in run.err
    assert "Seoul, TODO: date (YYYY-MM-DD)" in (tmp_path / "o/cecc-2023.md").read_text(encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "o/cecc-2023.docx") as docx:
        core = docx.read("docProps/core.xml").decode()
    assert "dcterms:created" not in core and "TODO" not in core  # no date, rather than a made-up one


def test_check_warns_once_about_every_placeholder_in_content_and_references(tmp_path, capsys):
    root = repo_project(tmp_path / "p")
    source = root / "content/submissions/upr-2024.yaml"
    _edit(source, r"^cycle: \d+$", 'cycle: "TODO: cycle"')
    bib = root / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + "\n@report{imported-one,\n  title = {TODO: title},\n"
                   "  institution = {Somebody},\n  date = {2020},\n}\n", encoding="utf-8")
    run = run_build(capsys, "check", "--project", str(root))
    assert run.status == 0, run.err
    cycle = f"content/submissions/upr-2024.yaml:{_line_of(source, 'TODO: cycle')}:9: warning: placeholder left: " \
            "cycle is still to fill in"
    assert run.err.count(cycle) == 1, run.err
    title = f"references.bib:{_line_of(bib, 'TODO: title')}:"
    assert any(line.startswith(title) and line.endswith("placeholder left: title is still to fill in")
               for line in run.err.splitlines()), run.err
