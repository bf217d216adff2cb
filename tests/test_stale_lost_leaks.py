"""Stale, wrong or lost output, and what a build reads, writes and prints when its input or
its surroundings are hostile: a coalition partner's edits, a damaged cache or state file, a
committed ``out`` link, a full disk, escape sequences, a closed standard output."""

from __future__ import annotations

import os
import random
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, coalition_project, copy_project, run_build
from test_hostile import docx_parts, tiny_png


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("DOSSIER_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def markdown(capsys, root: Path) -> str:
    run = run_build(capsys, "--project", str(root), "mini", "--only", "md", "-q")
    assert run.status == 0, run.err
    return (root / "out/mini.md").read_text(encoding="utf-8")


def two_targets(root: Path) -> None:
    shutil.copy(root / "content/submissions/mini.yaml", root / "content/submissions/second.yaml")


# ---- 1. a partner's edits reach the output while the cache exists --------------------------

@pytest.mark.parametrize("project_file", [
    "repositories:\n  - name: partner\n    path: ../partner-content\n",
    "repositories: [{name: partner, path: ../partner-content}]\n",
    "repositories:\n  - name: partner\n    path: \"../partner-content\"  # beside this one\n",
])
def test_edits_of_a_partner_are_seen_with_the_cache_on(tmp_path, capsys, cache_home, project_file):
    main, partner = coalition_project(tmp_path)
    (main / "dossier.yaml").write_text(project_file)
    assert "partner\u2019s own source" in markdown(capsys, main)  # the output's apostrophe is typographic
    edit(partner / "content/findings/shared-finding.yaml", "partner's own source", "partner's revised source")
    edit(partner / "references.bib", "title", "title = {A Renamed Partner Report},\n  note")
    text = markdown(capsys, main)
    assert "partner\u2019s revised source" in text
    assert "A Renamed Partner Report" in text


# ---- 2. --all sees a changed logo ------------------------------------------------------------

def test_all_rebuilds_a_target_whose_logo_changed(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    two_targets(root)
    (root / "assets").mkdir()
    (root / "assets/logo.png").write_bytes(tiny_png(40, 20))
    org = root / "content/organisations/example-ngo.yaml"
    org.write_text(org.read_text() + "logo: assets/logo.png\n")
    args = ("--project", str(root), "--all", "--only", "docx", "-j", "1")
    first = run_build(capsys, *args)
    assert first.status == 0, first.err
    (root / "assets/logo.png").write_bytes(tiny_png(40, 20, rgb=(0, 90, 200)))
    again = run_build(capsys, *args)
    assert again.status == 0, again.err
    assert "2 built, 0 unchanged" in again.out
    assert docx_parts(root / "out/mini.docx")["word/media/image1.png"] == (root / "assets/logo.png").read_bytes()
    assert "0 built, 2 unchanged" in run_build(capsys, *args).out  # and unchanged again after


# ---- 11. a partner's logo is its own file ----------------------------------------------------

def test_a_partner_logo_is_looked_up_in_the_partner_repository(tmp_path, capsys):
    main, partner = coalition_project(tmp_path)
    (main / "assets/private").mkdir(parents=True)
    (main / "assets/private/witness-photo.png").write_bytes(tiny_png(30, 30))
    (partner / "content/organisations").mkdir()
    (partner / "content/organisations/ally.yaml").write_text(
        (main / "content/organisations/example-ngo.yaml").read_text()
        + "logo: assets/private/witness-photo.png\n")
    edit(main / "content/submissions/mini.yaml", "organisations: [example-ngo]",
         "organisations: [example-ngo, partner:ally]")
    run = run_build(capsys, "--project", str(main), "mini", "--only", "docx")
    assert run.status == 1
    assert "'assets/private/witness-photo.png' does not exist in repository 'partner'" in run.err
    (partner / "assets/private").mkdir(parents=True)
    (partner / "assets/private/witness-photo.png").write_bytes(tiny_png(40, 20, rgb=(0, 200, 0)))
    run = run_build(capsys, "--project", str(main), "mini", "--only", "docx")
    assert run.status == 0, run.err
    media = [v for k, v in docx_parts(main / "out/mini.docx").items() if k.startswith("word/media/")]
    assert media == [(partner / "assets/private/witness-photo.png").read_bytes()]


# ---- 9. a full disk between two outputs: all replaced or none -----------------------------

def test_a_disk_full_while_writing_the_second_output_replaces_neither(tmp_path, capsys, monkeypatch):
    import errno

    from dossier import output

    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    args = ("--project", str(root), "mini", "--only", "docx", "--only", "md")
    assert run_build(capsys, *args).status == 0
    before = {p.name: p.read_bytes() for p in (root / "out").iterdir()}
    edit(root / "content/submissions/mini.yaml", "A short introduction", "A longer introduction")
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if ".mini.md." in os.readlink(f"/proc/self/fd/{fd}"):  # the second output's temporary file
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(output.os, "fsync", fsync)
    run = run_build(capsys, *args)
    assert run.status == 3
    assert "No space left on device" in run.err and "Traceback" not in run.err
    assert {p.name: p.read_bytes() for p in (root / "out").iterdir()} == before


# ---- 12. a committed out link does not send outputs elsewhere -------------------------------

def test_outputs_are_not_written_through_an_out_link_leaving_the_project(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "out").symlink_to(elsewhere)
    run = run_build(capsys, "--project", str(root), "mini", "--only", "docx")
    assert run.status == 2
    assert "outside the project" in run.err
    assert list(elsewhere.iterdir()) == []


def test_out_naming_a_file_or_a_dangling_link_is_a_usage_error(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    (tmp_path / "a-file").write_text("mine")
    run = run_build(capsys, "--project", str(root), "mini", "--out", str(tmp_path / "a-file"))
    assert (run.status, run.err) == (2, f"error: --out ({tmp_path / 'a-file'}) is a file, not a folder; "
                                        "pass --out DIR to write elsewhere\n")
    (root / "out").symlink_to(tmp_path / "gone")
    run = run_build(capsys, "--project", str(root), "mini")
    assert run.status == 2 and "symbolic link to nothing" in run.err
    assert (tmp_path / "a-file").read_text() == "mine"


# ---- 13. no escape sequence from content reaches the terminal -------------------------------

def test_control_characters_from_content_are_escaped_in_messages(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    finding = root / "content/findings/first-finding.yaml"
    finding.write_text(finding.read_text() + '"\\e[2J\\rerror: forged": 1\n')
    (root / "content/findings/\x1b[31mred.yaml").write_text("title: x\nparagraphs: [x]\n")
    run = run_build(capsys, "--project", str(root), "mini", "--only", "md")
    assert run.status == 1
    assert "\x1b" not in run.err and "\r" not in run.err
    assert "\\x1b[2J\\x0derror: forged" in run.err
    # a file the target does not read is counted; check prints its error
    assert "1 other file has errors" in run.err
    run = run_build(capsys, "check", "--project", str(root))
    assert run.status == 1 and "\x1b" not in run.err
    assert "content/findings/\\x1b[31mred.yaml: a file name may not hold a control character" in run.err
    run = run_build(capsys, "--project", str(root), "\x1b]0;title\x07")
    assert run.status == 2 and "\x1b" not in run.err and "\x07" not in run.err


# ---- 15. a damaged cache entry is a miss; the cache is private --------------------------------

def test_any_damaged_cache_entry_is_read_as_a_miss(tmp_path, cache_home):
    from dossier.errors import Diagnostics
    from dossier.project import load_project

    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    load_project(root, Diagnostics())
    entries = sorted(cache_home.glob("*/*/*.pickle"))
    assert len(entries) == 2  # the whole project, and each file's content
    pristine = {path: path.read_bytes() for path in entries}
    rng = random.Random(15)
    for _ in range(300):
        path = rng.choice(entries)
        data = bytearray(pristine[path])
        if rng.random() < 0.5:
            del data[rng.randrange(len(data)):]
        else:
            for _ in range(rng.randint(1, 4)):
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        for other in entries:
            other.write_bytes(pristine[other])
        path.write_bytes(bytes(data))
        diags = Diagnostics()
        project = load_project(root, diags)  # never raises
        assert "mini" in project.submissions or diags.items


def test_the_cache_is_readable_by_its_owner_only(tmp_path, cache_home):
    from dossier.errors import Diagnostics
    from dossier.project import load_project

    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    load_project(root, Diagnostics())
    folders = [p for p in cache_home.rglob("*") if p.is_dir()]
    files = [p for p in cache_home.rglob("*") if p.is_file()]
    assert files and folders
    assert {stat.S_IMODE(p.stat().st_mode) for p in folders} == {0o700}
    assert {stat.S_IMODE(p.stat().st_mode) & 0o077 for p in files} == {0}
    for folder in folders:  # as an older version left them: closed again at the next build
        folder.chmod(0o755)
    load_project(root, Diagnostics())
    # the project's own folder is closed again, and with it everything under it
    assert {stat.S_IMODE(p.stat().st_mode) for p in cache_home.iterdir()} == {0o700}


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user needs root")
def test_a_cache_folder_of_another_user_is_not_used(tmp_path, cache_home):
    from dossier import cache

    project = cache.cache_dir(tmp_path, "project")
    assert project is not None
    os.chown(project.parent, 4242, 4242)  # the project's folder in the cache
    assert cache.cache_dir(tmp_path, "project") is None


# ---- 16. damaged state files under out/ --------------------------------------------------------

@pytest.mark.parametrize("builds", ["[]", "null", '{"mini": 5}'])
def test_a_damaged_builds_file_means_building_again(tmp_path, capsys, builds):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    two_targets(root)
    args = ("--project", str(root), "--all", "--only", "docx", "-j", "1")
    assert run_build(capsys, *args).status == 0
    (root / "out/.dossier-builds.json").write_text(builds)
    run = run_build(capsys, *args)
    assert run.status == 0, run.err
    assert "2 built" in run.out


def test_a_builds_file_never_makes_the_build_read_outside_the_project(tmp_path, capsys):
    from dossier.state import Hasher

    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    (tmp_path / "secret").write_text("outside")
    os.mkfifo(root / "fifo")
    hasher = Hasher(root)
    assert hasher.file("/dev/zero") == hasher.file("../secret") == hasher.file("fifo") == "missing"
    assert hasher.file("references.bib") != "missing"


def test_a_damaged_outputs_record_is_a_warning(tmp_path, capsys):
    import json

    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    args = ("--project", str(root), "mini", "--only", "docx")
    assert run_build(capsys, *args).status == 0
    record = root / "out/.dossier-outputs.json"
    raw = json.loads(record.read_text())
    raw["outputs"]["mini.docx"]["written"] = 5
    record.write_text(json.dumps(raw))
    edit(root / "content/submissions/mini.yaml", "A short introduction", "A longer introduction")
    run = run_build(capsys, *args)
    assert run.status == 4, run.err  # the record is not trusted: the existing DOCX counts as edited
    assert ".dossier-outputs.json: warning: cannot be read" in run.err and "Traceback" not in run.err


# ---- 17, 18: the terminal and standard output --------------------------------------------------

def test_a_columns_value_that_is_not_a_number_is_ignored(monkeypatch, capsys):
    from dossier.cli import main

    monkeypatch.setenv("COLUMNS", "abc")
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    assert "--all" in capsys.readouterr().out


def _build_py(root: Path, redirect: str) -> subprocess.CompletedProcess:
    command = f"{sys.executable} {REPO / 'build.py'} mini --only docx {redirect}"
    return subprocess.run(["bash", "-c", command], cwd=root, capture_output=True, text=True, timeout=300)


def test_a_full_standard_output_is_reported_without_a_traceback(tmp_path):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    result = _build_py(root, "> /dev/full")
    assert result.returncode == 3
    assert result.stderr == ("error: cannot write to standard output (No space left on device); "
                             "the outputs were written, this report was not\n")
    assert (root / "out/mini.docx").is_file()


def test_a_closed_standard_output_is_no_error(tmp_path):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    result = _build_py(root, ">&-")
    assert (result.returncode, result.stderr) == (0, "")
    assert (root / "out/mini.docx").is_file()



def test_control_characters_in_the_report_are_escaped(capsys):
    """Content's values refuse control characters already; standard output escapes them anyway."""
    from dossier.console import guarded_stdout

    with guarded_stdout():
        print("label \x1b[2J\x9b\tend")
    assert capsys.readouterr().out == "label \\x1b[2J\\x9b\tend\n"
