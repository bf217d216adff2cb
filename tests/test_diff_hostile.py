"""``diff`` against what a repository really committed, and what a build does with odd files,
a half request to the preview, and Ctrl-C or SIGTERM while a writer process is busy."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from conftest import FIXTURES, REPO, coalition_project, copy_project, repo_project, run_build
from test_diff import commit_all, edit, git, pandoc_changes, plain


def diff(capsys, root: Path, *extra: str):
    return run_build(capsys, "diff", "--project", str(root), "mini", "--since", "HEAD", *extra)


# ---- 7. .gitattributes cannot change what the old revision held -------------------------

def test_export_attributes_do_not_change_the_compared_revision(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    edit(root / "content/submissions/mini.yaml", "A short introduction", "A short introduction ($Format:%H$)")
    (root / ".gitattributes").write_text("*.yaml export-subst\ncontent/findings/first-finding.yaml export-ignore\n")
    commit_all(root, "first")
    run = diff(capsys, root)
    assert run.status == 0, run.err
    assert "no changes" in run.out


# ---- 8. an edited diff file is kept --------------------------------------------------------

def test_diff_does_not_overwrite_an_edited_diff_file(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    rev = commit_all(root, "first")
    edit(root / "content/submissions/mini.yaml", "A short introduction", "A brief introduction")
    assert diff(capsys, root, "-q").status == 0
    written = root / f"out/mini.diff-{rev}.docx"
    written.write_bytes(written.read_bytes() + b"a reviewer's work")
    edit(root / "content/submissions/mini.yaml", "A brief introduction", "A concise introduction")
    run = diff(capsys, root, "-q")
    assert run.status == 4
    assert written.read_bytes().endswith(b"a reviewer's work")
    run = diff(capsys, root, "-q", "--force")
    assert run.status == 0, run.err
    [kept] = (root / "out").glob(f"mini.diff-{rev}.edited-*.docx")
    assert kept.read_bytes().endswith(b"a reviewer's work")
    assert [t for t, _, _ in pandoc_changes(written)["insertion"]] == ["concise"]


# ---- 10. partners at the revision, never from the shared temporary directory ----------------

def test_a_partner_outside_the_repository_is_never_looked_up_in_the_temporary_directory(
        tmp_path, capsys, monkeypatch):
    main, partner = coalition_project(tmp_path)
    rev = commit_all(main, "first")
    shared_tmp = tmp_path / "shared-tmp"
    impostor = shared_tmp / "partner-content"
    shutil.copytree(partner, impostor)
    edit(impostor / "content/findings/shared-finding.yaml", "The partner's finding", "IMPOSTOR")
    monkeypatch.setenv("TMPDIR", str(shared_tmp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    edit(main / "content/submissions/mini.yaml", "A short introduction", "A brief introduction")
    run = diff(capsys, main, "-q")
    assert run.status == 0, run.err
    assert "is outside this git repository" in run.err  # said: compared as it is now
    text = plain(main / f"out/mini.diff-{rev}.docx", "reject")
    assert "IMPOSTOR" not in text and "The partner\u2019s finding" in text  # the output's apostrophe
    assert [t for t, _, _ in pandoc_changes(main / f"out/mini.diff-{rev}.docx")["insertion"]] == ["brief"]


def test_a_submodule_partner_is_compared_at_the_commit_recorded(tmp_path, capsys):
    main, partner = coalition_project(tmp_path)
    commit_all(partner, "partner first")
    git(main, "init", "-q")
    git(main, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(partner), "partner")
    (main / "dossier.yaml").write_text("repositories:\n  - name: partner\n    path: partner\n")
    rev = commit_all(main, "with the partner as a submodule")
    edit(main / "partner/content/findings/shared-finding.yaml", "The partner's finding", "The partner's new finding")
    git(main / "partner", "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qam", "edit")
    run = diff(capsys, main, "-q")
    assert run.status == 0, run.err
    assert [t for t, _, _ in pandoc_changes(main / f"out/mini.diff-{rev}.docx")["insertion"]] == ["new"]


def test_a_shallow_clone_says_it_may_not_hold_the_revision(tmp_path, capsys):
    origin = copy_project(FIXTURES / "mini", tmp_path / "origin")
    commit_all(origin, "first")
    edit(origin / "content/submissions/mini.yaml", "A short introduction", "A brief introduction")
    commit_all(origin, "second")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(clone)], check=True,
                   capture_output=True, timeout=60)
    run = run_build(capsys, "diff", "--project", str(clone), "mini", "--since", "HEAD~1")
    assert run.status == 2
    assert "this clone is shallow" in run.err and "git fetch --unshallow" in run.err


# ---- messages: target names, editors' files, link loops, no submissions -----------------------

def test_a_target_named_like_a_review_copy_is_refused(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    shutil.copy(root / "content/submissions/mini.yaml", root / "content/submissions/mini.review.yaml")
    run = run_build(capsys, "--project", str(root), "--all", "--only", "docx")
    assert "1 other file has errors" in run.err  # refused, so never built over mini's review copy
    assert not (root / "out/mini.review.docx").exists()
    run = run_build(capsys, "check", "--project", str(root))
    assert run.status == 1
    assert ("content/submissions/mini.review.yaml: a submission may not be named 'mini.review': "
            "its outputs would replace those of 'mini'") in run.err


def test_editor_lock_and_backup_files_are_not_content(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    findings = root / "content/findings"
    (findings / ".#first-finding.yaml").symlink_to("user@host.1234:1700000000")  # Emacs's lock: dangling
    (findings / "._first-finding.yaml").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")
    (findings / ".hidden.yaml").write_text("not: [valid")
    (findings / "first-finding.yaml~").write_text("an old copy")
    run = run_build(capsys, "--project", str(root), "mini", "--only", "md")
    assert run.status == 0, run.err
    assert run.err == ""


def test_a_link_loop_is_called_a_loop(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    findings = root / "content/findings"
    (findings / "loop-a.yaml").symlink_to("loop-b.yaml")
    (findings / "loop-b.yaml").symlink_to("loop-a.yaml")
    run = run_build(capsys, "check", "--project", str(root))  # no target reads it: check tells
    assert run.status == 1
    assert "content/findings/loop-a.yaml: file is a symbolic link loop" in run.err
    assert "outside the project" not in run.err


def test_all_with_no_submissions_says_so(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    (root / "content/submissions/mini.yaml").unlink()
    run = run_build(capsys, "--project", str(root), "--all")
    assert (run.status, run.err) == (2, "error: there is nothing to build: content/submissions/ holds "
                                        "no submission (.yaml file)\n")


# ---- 19. a client that sends half a request --------------------------------------------------

def test_a_half_request_gets_no_traceback(tmp_path, capfd):
    from dossier.serve.server import PreviewServer

    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    server = PreviewServer(root, "mini", port=0, interval=0.05, log=lambda line: None)
    server.start()
    try:
        port = int(server.url.rstrip("/").rsplit(":", 1)[1])
        for payload in (b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n", b"GET /"):
            client = socket.create_connection(("127.0.0.1", port))
            client.sendall(payload)
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            client.close()  # a reset, mid-request
        time.sleep(0.5)
        with socket.create_connection(("127.0.0.1", port)) as client:  # still serving
            client.sendall(f"GET /preview.json HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            assert client.recv(100).startswith(b"HTTP/1.0 200")
    finally:
        server.stop()
    assert "Traceback" not in capfd.readouterr().err


# ---- 23. Ctrl-C or SIGTERM while a writer process is busy ------------------------------------

def _build_with_busy_writers(tmp_path: Path) -> tuple[subprocess.Popen, list[int]]:
    """upr-2024 built with its writer processes started, then stopped as if stuck in rendering."""
    root = repo_project(tmp_path / "project")
    build = subprocess.Popen([sys.executable, str(REPO / "build.py"), "upr-2024"], cwd=root,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 30
    writers: list[int] = []
    from dossier.workers import cores

    expected = 1 if cores() <= 2 else 2  # on two cores the DOCX is rendered by the build itself
    while len(writers) < expected and time.monotonic() < deadline:
        writers = [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) != build.pid
                   and _group(int(p)) == build.pid]
        time.sleep(0.01)
    assert len(writers) == expected and build.poll() is None
    for pid in writers:  # past their first steps (loading ctypes is one), into the slow imports
        while time.monotonic() < deadline:
            with open(f"/proc/{pid}/maps") as maps:
                if "_ctypes" in maps.read():
                    break
            time.sleep(0.01)
    time.sleep(0.2)
    for pid in writers:
        os.kill(pid, signal.SIGSTOP)  # busy: they would not read a closed pipe for minutes
    return build, writers


def _group(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except ProcessLookupError:
        return None


def _gone(pid: int, timeout: float = 20) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as stat_file:
                if stat_file.read().split(") ")[1].startswith("Z"):  # a zombie: ended
                    return True
        except FileNotFoundError:
            return True
        time.sleep(0.05)
    return False


def test_ctrl_c_stops_busy_writer_processes_at_once(tmp_path):
    build, writers = _build_with_busy_writers(tmp_path)
    try:
        os.kill(build.pid, signal.SIGINT)
        _, stderr = build.communicate(timeout=60)
        assert build.returncode == 130, stderr
        assert b"Traceback" not in stderr
        assert all(_gone(pid) for pid in writers)
    finally:
        for pid in writers:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def test_writer_processes_do_not_outlive_a_terminated_build(tmp_path):
    build, writers = _build_with_busy_writers(tmp_path)
    try:
        os.kill(build.pid, signal.SIGTERM)
        build.wait(timeout=60)  # not communicate: an orphan would hold the pipes open
        assert all(_gone(pid) for pid in writers), "a writer process was left orphaned"
    finally:
        for pid in writers:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
