"""Many targets at once: in parallel across the machine's cores, unchanged ones skipped.

The project is loaded and checked once, in this process; worker processes are
forked from it, so each inherits the loaded content instead of reading it
again.  Each worker renders and writes its targets' files (atomically) and
sends back a small report; this process keeps the record of inputs.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .assets import files_read, forget_files_read
from .errors import Diagnostics, DossierError
from .project import Project
from .state import BuildState, Hasher, input_record
from .writers import get_writer


@dataclass
class TargetReport:
    target: str
    label: str = ""
    words: str = ""
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    status: int = 0
    skipped: bool = False
    record: dict | None = None
    seconds: float = 0.0


# Set in the parent before forking; workers read it instead of reloading the project.
_JOB: dict = {}


def _build_one(target: str) -> TargetReport:
    from .pipeline import build

    job = _JOB
    project: Project = job["project"]
    diags = Diagnostics(list(job["load_diagnostics"]))
    report = TargetReport(target)
    start = time.perf_counter()
    forget_files_read()
    try:
        result = build(project.root, target, job["out_dir"], job["outputs"], diags,
                       project=project, strict=job["strict"], review=job["review"], force=job["force"])
    except DossierError as exc:
        failing = {(d.location, d.message) for d in exc.diagnostics}
        report.warnings = [str(d) for d in diags.warnings if (d.location, d.message) not in failing]
        report.errors = [str(d) for d in exc.diagnostics] or [f"error: {exc}"]
        report.status = exc.exit_status
        report.seconds = time.perf_counter() - start
        return report
    budget = result.budget
    report.label = budget.label
    report.words = f"{budget.words:,} / {budget.limit:,}" if budget.limit is not None else f"{budget.words:,}"
    report.warnings = [str(d) for d in diags.warnings if d not in job["load_diagnostics"]]
    report.outputs = [str(p) for p in result.outputs]
    resolved = result.resolved
    assert resolved is not None
    # Images are read while resolving and rendering: each is an input like the content files.
    also_read = {os.path.relpath(path, project.root) for path in files_read()}
    if project.repositories:  # which folder each namespace is, and so which files it means
        also_read.add("dossier.yaml")
    report.record = input_record(_hasher(project), resolved.sources | also_read, resolved.cited_keys,
                                 project.bibliography, resolved.format.directory, job["outputs"])
    report.record["report"] = {"label": report.label, "words": report.words}
    report.seconds = time.perf_counter() - start
    return report


def _hasher(project: Project) -> Hasher:
    return Hasher(project.root, tuple(repo.root for repo in project.repositories))


class Progress:
    """One updating line on a terminal; a line per target otherwise."""

    def __init__(self, total: int, quiet: bool):
        self.total, self.done, self.quiet = total, 0, quiet
        self.tty = sys.stderr.isatty()

    def update(self, report: TargetReport) -> None:
        self.done += 1
        if self.quiet:
            return
        state = "unchanged" if report.skipped else ("FAILED" if report.status else "built")
        line = f"[{self.done}/{self.total}] {report.target} {state}"
        if self.tty:
            sys.stderr.write("\r\x1b[K" + line + ("\n" if self.done == self.total else ""))
        else:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()


def build_many(project: Project, targets: list[str], out_dir: Path, outputs: tuple[str, ...],
               load_diagnostics: list, strict: bool = False, jobs: int = 0,
               rebuild: bool = False, quiet: bool = False, review: bool = False,
               force: bool = False) -> list[TargetReport]:
    """``rebuild``: build unchanged targets too (review copies are always built);
    ``force``: write over outputs edited since the last build, keeping them beside."""
    from .state import default_jobs

    state = BuildState(out_dir)
    hasher = _hasher(project)
    extensions = [get_writer(name).extension for name in outputs]
    reports: dict[str, TargetReport] = {}
    to_build: list[str] = []
    progress = Progress(len(targets), quiet)
    for target in targets:
        submission = project.submissions.get(target)
        spec = project.formats.get(str(submission.format)) if submission else None
        if (not rebuild and not review and submission is not None and spec is not None and not load_diagnostics
                and state.is_current(target, hasher, project.bibliography, spec.directory,
                                     outputs, out_dir, extensions)):
            shown = state.targets[target].get("report", {})
            reports[target] = TargetReport(target, label=shown.get("label", spec.label),
                                           words=shown.get("words", ""), skipped=True,
                                           outputs=[str(out_dir / f"{target}.{e}") for e in extensions])
            progress.update(reports[target])
        else:
            to_build.append(target)

    jobs = min(jobs or default_jobs(), len(to_build)) if to_build else 0
    _JOB.update(project=project, out_dir=out_dir, outputs=outputs, strict=strict,
                load_diagnostics=list(load_diagnostics), review=review, force=force)
    if "pdf" in outputs and to_build:
        from .writers import weasyprint_import  # noqa: F401  (once, before forking: every worker shares it)
    try:
        if jobs <= 1:
            results = map(_build_one, to_build)
            for report in results:
                reports[report.target] = report
                progress.update(report)
        else:
            _build_in_processes(to_build, jobs, reports, progress)
    except KeyboardInterrupt:
        # Ctrl-C: what was built is recorded, the rest is built again next time
        _record(state, to_build, reports)
        raise
    finally:
        _JOB.clear()
    _record(state, to_build, reports)
    return [reports[t] for t in targets]


def _record(state: BuildState, to_build: list[str], reports: dict[str, TargetReport]) -> None:
    for target in to_build:
        report = reports.get(target)
        if report is not None and report.status == 0 and report.record is not None:
            state.record(target, report.record)
        else:  # failed, or not reached before Ctrl-C: never taken for current
            state.forget(target)
    if to_build:
        state.save()


def _ignore_interrupts() -> None:
    """In each worker: Ctrl-C is the parent's to handle (it stops the workers itself), or every
    worker would go on to its next target, or print a traceback of its own."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _build_in_processes(to_build: list[str], jobs: int, reports: dict[str, TargetReport],
                        progress: Progress) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_ignore_interrupts)
    try:
        futures = [pool.submit(_build_one, target) for target in to_build]
        for future in as_completed(futures):
            report = future.result()
            reports[report.target] = report
            progress.update(report)
    except KeyboardInterrupt:
        # Not the pool's own shutdown, which would build every target still queued first:
        # the queue is dropped and the workers killed (each writes its outputs whole or
        # not at all, so a killed one leaves the previous outputs).
        pool.shutdown(wait=False, cancel_futures=True)
        for child in multiprocessing.active_children():
            child.kill()
        for child in multiprocessing.active_children():
            child.join(timeout=5)
        raise
    pool.shutdown(wait=True)


def print_table(reports: list[TargetReport], seconds: float, root: Path) -> None:
    def shown(path: str) -> str:
        try:
            return os.path.relpath(path)
        except ValueError:
            return path

    rows = [("target", "format", "words", "warnings", "outputs")]
    for r in reports:
        outputs = "unchanged" if r.skipped else ("FAILED" if r.status else ", ".join(shown(p) for p in r.outputs))
        rows.append((r.target, r.label or "-", r.words or "-", str(len(r.warnings)), outputs))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4])
    built = sum(1 for r in reports if not r.skipped and not r.status)
    unchanged = sum(1 for r in reports if r.skipped)
    failed = sum(1 for r in reports if r.status)
    print(f"{built} built, {unchanged} unchanged, {failed} failed in {seconds:.1f} s")
