"""``check`` renders every submission's notes in the style its build uses: a house style too."""

from __future__ import annotations

from conftest import FIXTURES, copy_project, run_build

HOUSE = FIXTURES / "house-style"


def test_check_reads_a_submissions_house_style(tmp_path, capsys):
    root = copy_project(HOUSE, tmp_path / "p")
    run = run_build(capsys, "check", "--project", str(root))
    assert run.status == 0, run.out + run.err


def test_check_with_an_unknown_style_reports_it_at_its_key(tmp_path, capsys):
    root = copy_project(HOUSE, tmp_path / "p")
    submission = root / "content" / "submissions" / "mini.yaml"
    text = submission.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.startswith("citation_style:")]
    assert lines, "the fixture names its house style"
    submission.write_text(text.replace(lines[0], "citation_style: no-such-style"), encoding="utf-8")
    line = text.splitlines().index(lines[0]) + 1
    run = run_build(capsys, "check", "--project", str(root))
    assert run.status == 1
    assert f"content/submissions/mini.yaml:{line}:17: unknown citation style 'no-such-style'" in run.out + run.err


def test_check_counts_one_submission_in_the_singular(tmp_path, capsys):
    root = copy_project(HOUSE, tmp_path / "p")
    run = run_build(capsys, "check", "--project", str(root))
    assert run.out.endswith("(1 submission checked)\n"), run.out
