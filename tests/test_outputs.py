"""No lost work: killed builds keep the last good output, edited outputs are never destroyed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, copy_project, run_build

# Runs build.py in a child whose writes stop at one point and wait there to be killed.
# output.py's `os` is replaced by a proxy, so only the writing of outputs is affected.
_CHILD = r"""
import os, runpy, sys, time
sys.path.insert(0, {repo!r})
import dossier.output as output

stage, marker = {stage!r}, {marker!r}

def wait_here():
    open(marker, "w").close()
    time.sleep(600)

class HalfWriter:
    def __init__(self, handle):
        self.handle = handle
    def write(self, data):
        if data[:2] == b"PK":  # the DOCX (the record, written first, is JSON)
            self.handle.write(data[: len(data) // 2])
            self.handle.flush()
            wait_here()
        return self.handle.write(data)
    def __getattr__(self, name):
        return getattr(self.handle, name)
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return self.handle.__exit__(*exc)

class OsProxy:
    def __getattr__(self, name):
        return getattr(os, name)
    def fdopen(self, fd, mode):
        handle = os.fdopen(fd, mode)
        return HalfWriter(handle) if stage == "mid-write" else handle
    def replace(self, src, dst):
        if stage == "before-rename" and str(dst).endswith(".docx"):
            wait_here()
        os.replace(src, dst)
        if stage == "after-rename" and str(dst).endswith(".docx"):
            wait_here()  # the new DOCX is in place; the build has not finished

output.os = OsProxy()
sys.argv = ["build.py", "--project", {root!r}, "mini", "--only", "docx", "--out", {out!r}]
runpy.run_path({build!r}, run_name="__main__")
"""


def _edit_content(root: Path) -> None:
    finding = root / "content/findings/first-finding.yaml"
    finding.write_text(finding.read_text().replace("It goes on.", "It goes on, changed."))


@pytest.mark.parametrize("stage", ["mid-write", "before-rename", "after-rename"])
def test_a_build_killed_while_writing_leaves_the_last_good_output(tmp_path, capsys, stage):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    out = root / "out"
    assert run_build(capsys, "--project", str(root), "mini", "--only", "docx", "--out", str(out)).status == 0
    before = (out / "mini.docx").read_bytes()
    _edit_content(root)  # the next build writes different bytes

    marker = tmp_path / "paused"
    code = _CHILD.format(repo=str(REPO), stage=stage, marker=str(marker), root=str(root),
                         out=str(out), build=str(REPO / "build.py"))
    env = {**os.environ, "DOSSIER_NO_WORKER": "1", "DOSSIER_CACHE": "off"}
    child = subprocess.Popen([sys.executable, "-c", code], env=env, start_new_session=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, "the build never reached the point to kill it at"
            time.sleep(0.05)
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    after = (out / "mini.docx").read_bytes()
    if stage == "after-rename":
        assert after != before  # the new output was already in place
    else:
        assert after == before, "the last good output was damaged"
        leftovers = list(out.glob(".mini.docx.*.tmp"))
        assert len(leftovers) == 1, "the kill did not land while writing"
        assert leftovers[0].stat().st_size <= len(before) * 2
    zipfile.ZipFile(out / "mini.docx").testzip()  # a whole, readable package either way
    json.loads((out / ".dossier-outputs.json").read_text())

    # The next build sees no edited file (so needs no --force) and clears the leftovers.
    again = run_build(capsys, "--project", str(root), "mini", "--only", "docx", "--out", str(out))
    assert again.status == 0, again.err
    assert again.err == ""
    assert sorted(p.name for p in out.iterdir()) == [".dossier-outputs.json", "mini.docx"]


def _build(capsys, root: Path, *extra: str):
    return run_build(capsys, "--project", str(root), "mini", "--only", "docx",
                     "--out", str(root / "out"), *extra)


def _edit_docx(path: Path) -> bytes:
    """What an editor does: open the DOCX, add a paragraph, save."""
    import docx

    document = docx.Document(str(path))
    document.add_paragraph("An editor's last-minute paragraph.")
    document.save(str(path))
    return path.read_bytes()


def test_an_edited_output_is_not_overwritten(tmp_path, capsys, monkeypatch):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    monkeypatch.chdir(root)
    assert _build(capsys, root).status == 0
    edited = _edit_docx(root / "out/mini.docx")
    _edit_content(root)

    run = _build(capsys, root)
    assert run.status == 4
    lines = run.err.splitlines()
    assert lines[0].startswith("out/mini.docx: changed since dossier wrote it (")
    assert lines[0].endswith(" UTC); not overwritten")
    assert lines[1:] == [
        "rebuild with --force to write the new outputs anyway; each file listed above is then "
        "kept beside them as NAME.edited-DATE-TIME.EXT",
        "nothing was written",
    ]
    assert (root / "out/mini.docx").read_bytes() == edited


def test_force_keeps_the_edited_output_beside_the_new_one(tmp_path, capsys, monkeypatch):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    monkeypatch.chdir(root)
    assert _build(capsys, root).status == 0
    edited = _edit_docx(root / "out/mini.docx")
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime((root / "out/mini.docx").stat().st_mtime))
    taken = root / f"out/mini.edited-{stamp}.docx"
    taken.write_bytes(b"an earlier kept copy, never to be clobbered")

    run = _build(capsys, root, "--force")
    assert run.status == 0, run.err
    kept = root / f"out/mini.edited-{stamp}-2.docx"
    assert run.err.startswith("out/mini.docx: warning: changed since dossier wrote it (")
    assert run.err.endswith(f" UTC); kept as out/{kept.name}\n")
    assert kept.read_bytes() == edited
    assert taken.read_bytes() == b"an earlier kept copy, never to be clobbered"
    assert b"last-minute" not in zipfile.ZipFile(root / "out/mini.docx").read("word/document.xml")
    assert _build(capsys, root).status == 0  # the new output is recorded: no refusal next time


def test_an_output_dossier_did_not_write_is_kept_too(tmp_path, capsys, monkeypatch):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    monkeypatch.chdir(root)
    (root / "out").mkdir()
    (root / "out/mini.docx").write_bytes(b"a colleague's file of the same name")
    run = _build(capsys, root)
    assert run.status == 4
    assert run.err.splitlines()[0] == (
        "out/mini.docx: not written by dossier (no record of it in out/.dossier-outputs.json); "
        "not overwritten")
    assert _build(capsys, root, "--force").status == 0
    kept = list((root / "out").glob("mini.edited-*.docx"))
    assert [p.read_bytes() for p in kept] == [b"a colleague's file of the same name"]


def test_an_identical_output_needs_no_record(tmp_path, capsys):
    """A DOCX is byte-identical for the same input: rebuilding over it destroys nothing."""
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    assert _build(capsys, root).status == 0
    (root / "out/.dossier-outputs.json").unlink()
    run = _build(capsys, root)
    assert (run.status, run.err) == (0, "")


def test_an_unreadable_record_counts_every_output_as_edited(tmp_path, capsys, monkeypatch):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    monkeypatch.chdir(root)
    assert _build(capsys, root).status == 0
    (root / "out/.dossier-outputs.json").write_text("{ not json")
    _edit_content(root)
    run = _build(capsys, root)
    assert run.status == 4
    assert run.err.startswith("out/.dossier-outputs.json: warning: cannot be read (")
    assert "out/mini.docx: not written by dossier" in run.err


def test_the_record_lists_what_was_written(tmp_path, capsys):
    from dossier.record import digest

    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    assert _build(capsys, root, "--only", "md").status == 0
    record = json.loads((root / "out/.dossier-outputs.json").read_text())
    assert set(record["outputs"]) == {"mini.docx", "mini.md"}
    for name, entry in record["outputs"].items():
        assert entry["sha256"] == digest((root / "out" / name).read_bytes())
        assert "previous" not in entry  # nothing was there before
    _edit_content(root)
    assert _build(capsys, root, "--only", "md").status == 0
    again = json.loads((root / "out/.dossier-outputs.json").read_text())["outputs"]["mini.docx"]
    assert again["previous"] == record["outputs"]["mini.docx"]["sha256"]  # a killed build's leftover is ours
    assert again["sha256"] == digest((root / "out/mini.docx").read_bytes())


def test_the_content_cache_is_not_reused_by_other_code(monkeypatch, tmp_path):
    """A cache made before new checks existed once served content those checks would refuse."""
    from dossier import cache

    (tmp_path / "a.yaml").write_text("x: 1\n")
    digests = {tmp_path / "a.yaml": cache.file_digest(tmp_path / "a.yaml", tmp_path)}
    first, first_code = cache.fingerprint(digests, tmp_path), cache.code_key()
    assert "record.py" in cache._code_stamp().decode()
    monkeypatch.setattr(cache, "_code_stamp", lambda: b"other code")
    assert cache.fingerprint(digests, tmp_path) != first
    assert cache.code_key() != first_code  # the per-file entries are keyed by it
