"""Each kind of bad input: the exact located message, a non-zero exit, and earlier outputs untouched.

A case is a folder under fixtures/bad/: files that replace those of the
fixtures/mini project, and expected.txt with the exact error output and exit
status.  Adding a case is adding a folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, copy_project, run_build

CASES = sorted(p.name for p in (FIXTURES / "bad").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_reported_where_it_was_written(case, tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    out = tmp_path / "out"
    good = run_build(capsys, "--project", str(root), "mini", "--only", "docx", "--out", str(out))
    assert good.status == 0, good.err
    before = (out / "mini.docx").read_bytes()

    shutil.copytree(FIXTURES / "bad" / case, root, dirs_exist_ok=True)
    (root / "expected.txt").unlink()
    bad = run_build(capsys, "--project", str(root), "mini", "--only", "docx", "--out", str(out))

    expected = (FIXTURES / "bad" / case / "expected.txt").read_text(encoding="utf-8")
    assert bad.err + f"exit {bad.status}\n" == expected
    assert bad.status == 1
    assert "Traceback" not in bad.err
    assert (out / "mini.docx").read_bytes() == before, "the last good output was changed"
    assert [p.name for p in out.iterdir()] == ["mini.docx"], "a temporary file was left behind"


def test_unknown_target_is_a_usage_error(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    run = run_build(capsys, "--project", str(root), "mnii")
    assert run.status == 2
    assert run.err == (
        "error: unknown target 'mnii'; did you mean 'mini'? "
        "(targets are the files in content/submissions/: mini)\n"
    )


def test_unknown_format_is_located(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    path = root / "content/submissions/mini.yaml"
    path.write_text(path.read_text().replace("format: upr", "format: uppr"))
    run = run_build(capsys, "--project", str(root), "mini")
    assert run.status == 1
    known = ", ".join(sorted(p.parent.name for p in (root / "templates").glob("*/format.yaml")))
    assert run.err.splitlines()[0] == (
        f"content/submissions/mini.yaml:1:9: unknown format 'uppr' (known: {known}); did you mean 'upr'?")


def test_every_error_is_collected_in_one_run(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    for case in ("unknown-citation", "duplicate-bib", "missing-field"):
        shutil.copytree(FIXTURES / "bad" / case, root, dirs_exist_ok=True)
    run = run_build(capsys, "--project", str(root), "mini")
    assert run.status == 1
    lines = run.err.splitlines()
    assert lines[-1] == "3 errors; nothing was written"
    assert len(lines) == 4
