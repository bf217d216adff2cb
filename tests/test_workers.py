"""Writers in forked processes (dossier/workers.py): same bytes, errors carried back, no hangs."""

from __future__ import annotations

import os
import signal

import pytest

from conftest import FIXTURES, copy_project
from dossier.errors import ContentError, Diagnostics
from dossier.pipeline import build_document
from dossier.project import load_project
from dossier.workers import WorkerDied, WriterWorker


@pytest.fixture
def mini(tmp_path):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    diags = Diagnostics()
    project = load_project(root, diags)
    document, _ = build_document(project, "mini", diags)
    spec = project.formats[str(project.submissions["mini"].format)]
    return root, document, spec


@pytest.fixture(autouse=True)
def no_hang():
    """A deadlocked pipe fails the test instead of stopping the suite."""
    def expired(signum, frame):
        raise TimeoutError("a writer worker did not answer or exit")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_a_worker_writes_the_same_docx_as_this_process(mini):
    from dossier.writers.docx import write_docx

    _, document, spec = mini
    worker = WriterWorker(("docx", "dossier.writers.docx"))
    try:
        data = worker.submit(document, spec, ".docx", "write_docx").result()
    finally:
        worker.close()
    assert data[:2] == b"PK"
    assert data == write_docx(document, spec, Diagnostics())


def test_workers_closed_in_the_order_they_started_all_exit(mini):
    """The second child holds no copy of the first one's pipes, so closing the first ends it."""
    _, document, spec = mini
    workers = [WriterWorker(("dossier.writers.markdown",)) for _ in range(3)]
    pids = [w._pid for w in workers]
    for worker in workers:
        assert worker.submit(document, spec, ".markdown", "write_markdown").result()
    for worker in workers:
        worker.close()
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reaped by close(): no child left behind
    assert not WriterWorker._parent_ends


def test_our_located_errors_come_back_through_the_pipe(mini):
    root, document, spec = mini
    (root / "templates/upr/reference.docx").write_text("not a zip file")
    spec.reference = root / "templates/upr/reference.docx"
    worker = WriterWorker(("dossier.writers.docx",))
    try:
        with pytest.raises(ContentError) as raised:
            worker.submit(document, spec, ".docx", "write_docx").result()
        # the worker goes on serving after a refused job
        with pytest.raises(ContentError):
            worker.submit(document, spec, ".docx", "write_docx").result()
    finally:
        worker.close()
    assert str(raised.value.diagnostics[0].location) == "templates/upr/reference.docx"


def test_a_worker_that_died_is_reported_not_waited_for(mini):
    _, document, spec = mini
    worker = WriterWorker(("dossier.writers.markdown",))
    os.kill(worker._pid, signal.SIGKILL)
    try:
        with pytest.raises(WorkerDied):
            worker.submit(document, spec, ".markdown", "write_markdown").result()
    finally:
        worker.close()


def test_the_build_renders_in_process_when_its_worker_died(mini, monkeypatch):
    from dossier.pipeline import _render
    from dossier.writers import WRITERS

    _, document, spec = mini
    worker = WriterWorker(("dossier.writers.markdown",))
    os.kill(worker._pid, signal.SIGKILL)
    try:
        [(info, data)] = _render(document, spec, [("md", WRITERS["md"])], {"md": worker}, Diagnostics())
    finally:
        worker.close()
    from dossier.writers.markdown import write_markdown

    assert info is WRITERS["md"]
    assert data == write_markdown(document, spec, Diagnostics())


def _priority(pid: int) -> int:
    return os.getpriority(os.PRIO_PROCESS, pid)


def test_a_worker_given_a_niceness_runs_at_that_lower_priority(mini):
    _, document, spec = mini
    worker = WriterWorker(("dossier.writers.markdown",), niceness=5)
    try:
        assert worker.submit(document, spec, ".markdown", "write_markdown").result()  # past its start
        assert _priority(worker._pid) == min(19, _priority(0) + 5)
    finally:
        worker.close()


@pytest.mark.parametrize("cores, outputs, expected", [
    (2, ("docx", "pdf"), {"pdf"}),  # the DOCX rendered in the build's own process, beside the PDF's
    (2, ("docx",), {"docx"}),  # its import overlaps the loading of the content
    (4, ("docx", "pdf"), {"docx", "pdf"}),  # a core to spare: each its own
])
def test_on_two_cores_only_the_pdf_gets_a_process_beside_the_build(monkeypatch, cores, outputs, expected):
    import argparse

    from dossier import cli

    monkeypatch.delenv("DOSSIER_NO_WORKER", raising=False)
    monkeypatch.setattr("dossier.workers.cores", lambda: cores)
    args = argparse.Namespace(list=False, targets=["mini"], all=False, review=False)
    workers = cli._start_workers(outputs, args)
    try:
        assert set(workers) == expected
        for name, worker in workers.items():
            worker.submit(None, None, ".markdown", "no_such_writer")  # any answer: it has started
            with pytest.raises(RuntimeError):
                worker.result()
            assert _priority(worker._pid) == _priority(0), name  # at the build's own priority
    finally:
        for worker in workers.values():
            worker.close()
