"""The command as a user runs it, in a separate process."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO, repo_project


def test_build_writes_both_outputs_into_out(tmp_path):
    root = repo_project(tmp_path / "project")
    result = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "upr-2024"],
        cwd=root, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert (root / "out/upr-2024.docx").stat().st_size > 10_000
    assert (root / "out/upr-2024.pdf").read_bytes().startswith(b"%PDF-")
    assert result.stdout.splitlines() == [
        "upr-2024  UPR (individual)  1,934 / 2,815 words incl. notes  881 left",
        "  2 footnotes -> out/upr-2024.docx, out/upr-2024.pdf",
    ]


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    """``build.py upr-2024 | head -1``: the outputs are written, the rest is left unsaid."""
    root = repo_project(tmp_path / "project")
    build = subprocess.Popen([sys.executable, str(REPO / "build.py"), "upr-2024", "--only", "docx"],
                             cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    build.stdout.close()  # the reader is gone before the first line
    stderr = build.stderr.read().decode()
    assert build.wait(timeout=120) == 1
    assert stderr == ""
    assert (root / "out/upr-2024.docx").stat().st_size > 10_000


def _group_ends(group: int, seconds: float = 5) -> bool:
    """Whether every process of the process group ``group`` is gone within ``seconds``."""
    import os
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_ctrl_c_stops_the_build_and_its_writer_processes_without_a_traceback(tmp_path):
    import os
    import signal
    import time

    root = repo_project(tmp_path / "project")
    build = subprocess.Popen([sys.executable, str(REPO / "build.py"), "upr-2024"], cwd=root,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    def group() -> list[int]:  # the build and its writer processes
        pids = []
        for entry in os.listdir("/proc"):
            try:
                if entry.isdigit() and os.getpgid(int(entry)) == build.pid:
                    pids.append(int(entry))
            except ProcessLookupError:
                pass
        return pids

    deadline = time.monotonic() + 60
    from dossier.workers import cores

    writers = 1 if cores() <= 2 else 2  # on two cores the DOCX is rendered by the build itself
    while len(group()) < 1 + writers and time.monotonic() < deadline:  # until the writers have started
        time.sleep(0.01)
    assert build.poll() is None, "the build ended before it could be interrupted"
    os.killpg(build.pid, signal.SIGINT)  # as a terminal sends it: to the whole process group
    _, stderr = build.communicate(timeout=60)
    assert build.returncode == 130
    assert stderr.decode().strip() == "interrupted; an output is either the new one or the one before"
    # the writer processes end once the build has closed their pipes
    assert _group_ends(build.pid), "a writer process outlived the interrupted build"
    assert not list((root / "out").glob(".*.tmp"))  # no half-written output left behind


def test_ctrl_c_during_all_stops_every_worker_and_records_only_what_was_built(tmp_path):
    """--all in worker processes: Ctrl-C drops the targets not yet started, stops the workers
    at once, and records exactly what was built, so the next build makes the rest."""
    import json
    import os
    import signal
    import time

    root = repo_project(tmp_path / "project")
    source = (root / "content/submissions/upr-2024.yaml").read_text()
    copies = [f"copy-{n}" for n in range(8)]
    for name in copies:
        (root / f"content/submissions/{name}.yaml").write_text(source)
    build = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--all", "--jobs", "2"], cwd=root,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, text=True)
    reported = []
    for line in build.stderr:  # one line per target when stderr is not a terminal
        if line.startswith("[") and line.rstrip().endswith(" built"):
            reported.append(line.split()[1])
            break
    assert reported, "no target was reported built"
    os.killpg(build.pid, signal.SIGINT)  # as a terminal sends it: to the whole process group
    _, rest = build.communicate(timeout=60)
    assert build.returncode == 130
    assert "Traceback" not in rest and "Exception ignored" not in rest
    assert rest.strip().endswith("interrupted; an output is either the new one or the one before")
    assert _group_ends(build.pid), "a worker process outlived the interrupted build"
    targets = sorted(copies + ["upr-2024", "cecc-2023", "cedaw-china", "sr-slavery-2024"])
    written = {t for t in targets if (root / f"out/{t}.pdf").exists() and (root / f"out/{t}.docx").exists()}
    assert len(written) < len(targets), "the targets queued after Ctrl-C were built all the same"
    recorded = set(json.loads((root / "out/.dossier-builds.json").read_text()))
    assert set(reported) <= recorded <= written
    assert not list((root / "out").glob(".*.tmp"))
    again = subprocess.run([sys.executable, str(REPO / "build.py"), "--all"], cwd=root,
                           capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert f"{len(targets) - len(recorded)} built, {len(recorded)} unchanged, 0 failed" in again.stdout


def test_docx_only_build_never_imports_weasyprint(tmp_path):
    root = repo_project(tmp_path / "project")
    code = (
        "import sys; sys.path.insert(0, %r)\n"
        "from dossier.cli import main\n"
        "status = main(['--project', %r, 'upr-2024', '--only', 'docx', '-q'])\n"
        "print(status, 'weasyprint' in sys.modules)\n" % (str(REPO), str(root))
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.split() == ["0", "False"], result.stderr


def test_list_shows_targets(tmp_path, capsys):
    from conftest import run_build

    root = repo_project(tmp_path / "project")
    run = run_build(capsys, "--project", str(root), "--list")
    assert run.status == 0
    assert "upr-2024" in run.out and "upr" in run.out


def test_where_used_follows_findings_set_into_text(tmp_path, capsys):
    from conftest import run_build

    root = repo_project(tmp_path / "project")
    run = run_build(capsys, "where-used", "--project", str(root), "nk-pro-wig-imports")
    assert run.status == 0
    assert [line.split()[0] for line in run.out.splitlines()] == [
        "cecc-2023", "cedaw-china", "sr-slavery-2024", "upr-2024"]
    unknown = run_build(capsys, "where-used", "--project", str(root), "quota-sytem")
    assert unknown.status == 2
    assert unknown.err == "error: unknown finding or reference 'quota-sytem'; did you mean 'quota-system'?\n"
