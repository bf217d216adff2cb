"""Each kind of bad input: the exact located message, a non-zero exit, and earlier outputs untouched.

A case is a folder under fixtures/bad/: files that replace those of the
fixtures/mini project, and expected.txt with the exact error output and exit
status.  Adding a case is adding a folder.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, copy_project, run_build

CASES = sorted(p.name for p in (FIXTURES / "bad").iterdir() if p.is_dir())


def _matches(actual: str, expected: str) -> bool:
    """Line by line; an expected line ending in '…' stands for a library's own words from there on.

    What is ours (the file, line and column, our prefix, exit status) is exact; what
    PyYAML, Jinja or bibtexparser say in their own words may change with a release.
    """
    got, want = actual.splitlines(), expected.splitlines()
    if len(got) != len(want):
        return False
    for line, pattern in zip(got, want):
        if pattern.endswith("…"):
            if not (line.startswith(pattern[:-1]) and len(line) > len(pattern) - 1):
                return False
        elif line != pattern:
            return False
    return actual.endswith("\n") == expected.endswith("\n")


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
    assert _matches(bad.err + f"exit {bad.status}\n", expected), (bad.err, expected)
    assert bad.status == 1
    assert "Traceback" not in bad.err
    assert (out / "mini.docx").read_bytes() == before, "the last good output was changed"
    left = sorted(p.name for p in out.iterdir())
    assert left == [".dossier-outputs.json", "mini.docx"], "a temporary file was left behind"


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


# ---- cases made at run time: too big for a fixture, or needing a symbolic link or a FIFO ----

def _check(capsys, root: Path):
    return run_build(capsys, "check", "--project", str(root))


def _refused_in_a_file_mini_does_not_read(capsys, root: Path, message: str) -> None:
    """A finding mini does not use: the build goes on and counts it; ``check`` says what is wrong."""
    run = _build_mini(capsys, root)
    assert run.status == 0, run.err
    assert run.err == "1 other file has errors: python build.py check\n"
    check = _check(capsys, root)
    assert check.status == 1
    assert check.err == message + "1 error in 1 file, 0 warnings\n"


def _build_mini(capsys, root: Path, *extra: str):
    return run_build(capsys, "--project", str(root), "mini", "--only", "docx",
                     "--out", str(root / "out"), *extra)


def test_huge_file_is_refused_before_it_is_read(tmp_path, capsys):
    from dossier.loading import MAX_FILE_BYTES

    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    huge = root / "content/findings/huge.yaml"
    line = "  - " + "a very long paragraph " * 40 + "\n"
    huge.write_text("paragraphs:\n" + line * (MAX_FILE_BYTES // len(line) + 10))
    _refused_in_a_file_mini_does_not_read(capsys, root, "content/findings/huge.yaml: file is larger than 4 MiB\n")


@pytest.mark.parametrize("text, line", [
    ("paragraphs: " + "[" * 100_000 + "]" * 100_000 + "\n", 1),  # flow style
    ("paragraphs:\n  " + "- " * 100_000 + "x\n", 2),  # block style, all on one line
])
def test_deeply_nested_yaml_is_refused_without_crashing(tmp_path, capsys, text, line):
    """libyaml's composer recurses in C: this once killed the process with a segfault.

    What is promised is one located error, exit status 1 and nothing written.  The
    wording is not: PyYAML 6.0.4 refuses deep flow nesting itself, with its own message,
    before our depth check sees it.
    """
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    good = _build_mini(capsys, root)
    assert good.status == 0, good.err
    before = {p.name: p.read_bytes() for p in (root / "out").iterdir()}
    (root / "content/findings/deep.yaml").write_text(text)
    sub = root / "content/submissions/mini.yaml"  # used by mini: its errors stop the build
    sub.write_text(sub.read_text().replace("      - finding: first-finding\n",
                                           "      - finding: first-finding\n      - finding: deep\n"))
    run = _build_mini(capsys, root)
    assert run.status == 1
    assert "Traceback" not in run.err
    *errors, last = run.err.splitlines()
    assert last == "nothing was written"
    assert len(errors) == 1 and re.fullmatch(rf"content/findings/deep\.yaml:{line}:\d+: \S.*", errors[0]), run.err
    assert {p.name: p.read_bytes() for p in (root / "out").iterdir()} == before


def test_a_python_tag_is_never_executed(tmp_path, capsys, monkeypatch):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    shutil.copytree(FIXTURES / "bad" / "python-tag", root, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    run = _build_mini(capsys, root)
    assert run.status == 1 and "YAML tag '!!python/object/apply:os.system' is not allowed" in run.err
    assert not (tmp_path / "dossier-was-exploited").exists()
    assert not (root / "dossier-was-exploited").exists()


def test_values_yaml_would_retype_stay_text_in_the_outputs(tmp_path, capsys):
    """NO (Norway) is not false and 4.10 is not 4.1, from the YAML to the DOCX and the Markdown."""
    import zipfile

    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    recs = root / "content/recommendations/example-upr-1.yaml"
    recs.write_text(recs.read_text().replace('number: "10.10"', "number: 4.10")
                    .replace("states: [Norway]", "states: [NO, yes, null, 1e3, 2001-01-01]"))
    sub = root / "content/submissions/mini.yaml"
    sub.write_text(sub.read_text().replace('numbers: ["10.1", "10.10"]', "numbers: [10.1, 4.10]")
                   .replace("session_dates: January 2030", "session_dates: 2030-01-22"))
    run = run_build(capsys, "--project", str(root), "mini", "--only", "docx", "--only", "md",
                    "--out", str(root / "out"))
    assert run.status == 0, run.err
    with zipfile.ZipFile(root / "out/mini.docx") as docx:
        body = docx.read("word/document.xml").decode()
    text = "".join(__import__("re").findall(r"<w:t[^>]*>([^<]*)</w:t>", body))
    assert "10.1 Ratify the example convention (NO) (yes) (null) (1e3) (2001-01-01);" in text
    assert "4.10 Keep the number with its trailing zero (Peru) (Chile);" in text
    assert "(2030-01-22)" in text
    markdown = (root / "out/mini.md").read_text()
    assert "4.10 Keep the number" in markdown and "(NO)" in markdown


def test_content_file_linked_from_outside_is_refused(tmp_path, capsys):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("paragraphs: [A private note from the builder's own disk.]\n")
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    (root / "content/findings/private.yaml").symlink_to(outside)
    _refused_in_a_file_mini_does_not_read(
        capsys, root, "content/findings/private.yaml: file is a symbolic link to a file outside the project\n")


def test_references_linked_from_outside_are_refused(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    outside = tmp_path / "other.bib"
    outside.write_text((root / "references.bib").read_text())
    (root / "references.bib").unlink()
    (root / "references.bib").symlink_to(outside)
    run = _build_mini(capsys, root)
    assert run.status == 1
    assert run.err.splitlines()[0] == (
        "references.bib: cannot read references: 'references.bib' is a symbolic link to a file "
        "outside the project")


def test_a_fifo_is_refused_instead_of_hanging(tmp_path, capsys):
    import os

    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    os.mkfifo(root / "content/findings/pipe.yaml")
    _refused_in_a_file_mini_does_not_read(capsys, root, "content/findings/pipe.yaml: file is not a regular file\n")


def test_logo_linked_outside_the_project_is_refused(tmp_path, capsys):
    from test_hostile import tiny_png

    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    (tmp_path / "private.png").write_bytes(tiny_png())
    (root / "assets").mkdir()
    (root / "assets/logo.png").symlink_to(tmp_path / "private.png")
    org = root / "content/organisations/example-ngo.yaml"
    org.write_text(org.read_text() + "logo: assets/logo.png\n")
    run = _build_mini(capsys, root)
    assert run.status == 1
    assert run.err == ("content/organisations/example-ngo.yaml:8:7: logo: 'assets/logo.png' is a symbolic "
                       "link to a file outside the project\nnothing was written\n")


def test_template_linked_outside_its_folder_is_refused(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    template = root / "templates/upr/document.xml.j2"
    (tmp_path / "document.xml.j2").write_text(template.read_text())
    template.unlink()
    template.symlink_to(tmp_path / "document.xml.j2")
    run = _build_mini(capsys, root)
    assert run.status == 1
    assert run.err == ("templates/upr/format.yaml:37:11: template 'document.xml.j2' is a symbolic link to "
                       "a file outside templates/upr/\nnothing was written\n")


def test_style_sheet_linked_outside_its_folder_is_refused(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    (tmp_path / "secret.css").write_text("body { color: red }\n")
    (root / "templates/upr/style.css").symlink_to(tmp_path / "secret.css")
    run = _build_mini(capsys, root)
    assert run.status == 1
    assert run.err == ("templates/upr/style.css: 'style.css' is a symbolic link to a file outside "
                       "templates/upr/\nnothing was written\n")


def test_unknown_output_is_a_usage_error(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    with pytest.raises(SystemExit) as stop:
        run_build(capsys, "--project", str(root), "mini", "--only", "odt")
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.endswith("error: argument --only: invalid choice: 'odt' (choose from 'docx', 'md', 'pdf')\n")
    assert "Traceback" not in err
