"""One build: load and check everything, resolve, render, number notes, count, write.

Nothing is written until every requested output has been rendered in memory,
so any error leaves the previous outputs as they were; an output someone has
edited since the last build is not overwritten (see record.py).
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path
from typing import Any

from .budget import Budget, budget_for
from .citations import STYLES, number_notes
from .typography import apply_typography
from .document import Document
from .errors import Diagnostics, UsageError
from .record import write_outputs
from .project import Project, load_project
from .records import Record
from .render import render_document
from .resolve import ResolvedSubmission, resolve_reading
from .scope import set_aside
from .wordcount import WordCount, count_document
from .writers import REVIEW_WRITERS, WriterInfo, get_writer


class BuildResult(Record):
    target: str
    document: Document
    count: WordCount
    budget: Budget
    outputs: list[Path] = field(default_factory=list)
    resolved: ResolvedSubmission | None = None


def check_target(project: Project, target: str) -> None:
    if target not in project.submissions and target not in project.broken_targets:
        import difflib

        known = sorted(project.submissions) + sorted(project.broken_targets)
        close = difflib.get_close_matches(target, known, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise UsageError(
            f"unknown target '{target}'{hint} (targets are the files in content/submissions/: "
            f"{', '.join(known) or 'none'})"
        )


def citation_style(project: Project, target: str, diags: Diagnostics) -> str:
    """The submission's own style, else its format's; an unknown name is an error where it is written."""
    submission = project.submissions.get(target)
    spec = project.formats.get(str(submission.format)) if submission is not None else None
    chosen = submission.citation_style if submission is not None else None
    if chosen is None and spec is not None:
        chosen = spec.citation_style
    if chosen is None:
        return "simple"
    known = list(STYLES) + sorted(getattr(project, "styles", {}))  # built-in, then styles/<name>.yaml
    if str(chosen) not in known:
        import difflib

        close = difflib.get_close_matches(str(chosen), known, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        where = getattr(chosen, "loc", None) or (spec.loc if spec is not None else None)
        diags.error(where, f"unknown citation style '{chosen}' (known: {', '.join(known)}){hint}")
    return str(chosen)


def build_document(project: Project, target: str, diags: Diagnostics) -> tuple[Document, ResolvedSubmission]:
    """Resolve and render ``target``, its notes numbered; raises on any content error."""
    check_target(project, target)
    # Resolve even when some file failed to load, so one run reports every problem it reads.
    resolved, reads = resolve_reading(project, target, diags)
    style = citation_style(project, target, diags)
    reads.files.add(f"styles/{style}.yaml")  # a house style's file, when the style is one
    set_aside(diags, reads)  # errors in files this target does not read: counted, pointed at `check`
    diags.raise_if_errors()  # a broken file it reads stops the build before rendering
    assert resolved is not None
    document = render_document(resolved)
    house = getattr(project, "styles", {}).get(style)
    if house is not None:  # the notes depend on it: a change to it means building again
        resolved.sources.add(f"styles/{style}.yaml")
    # typographic quotes once, on the model, so every writer prints the same marks
    return apply_typography(number_notes(document, resolved.references, style, house)), resolved


def measure(project: Project, target: str, diags: Diagnostics) -> BuildResult:
    """The document with its word count and budget; an over-limit budget is a warning."""
    document, resolved = build_document(project, target, diags)
    submission = project.submissions[target]
    spec = project.formats[str(submission.format)]
    count = count_document(document)
    budget = budget_for(target, submission, spec, count)
    if budget.over:
        note = "" if budget.enforceable else " (an assumed rule: --strict does not enforce it)"
        diags.warning(submission.loc, f"{budget.over_message()}{note}", strict=budget.enforceable)
    return BuildResult(target, document, count, budget, resolved=resolved)


def build(root: Path, target: str, out_dir: Path, outputs: tuple[str, ...],
          diags: Diagnostics, project: Project | None = None,
          workers: dict[str, Any] | None = None, strict: bool = False,
          review: bool = False, force: bool = False) -> BuildResult:
    """Build ``target``; ``workers`` may render some outputs in another process (see workers.py).

    ``review`` also writes a review copy of each output that has one (TARGET.review.docx, ...).
    An output changed since the last build wrote it stops the build (see record.py);
    with ``force`` it is kept beside the new one instead.
    """
    writers = [(name, get_writer(name)) for name in outputs]
    reviews = [(name, REVIEW_WRITERS[name]) for name in outputs if name in REVIEW_WRITERS] if review else []
    if review and not reviews:
        raise UsageError(f"--review makes review copies of {' and '.join(REVIEW_WRITERS)} only")
    workers = workers or {}
    if project is None:
        project = load_project(root, diags)
    result = measure(project, target, diags)
    if strict:
        diags.raise_if_strict()
    document = result.document
    spec = project.formats[str(project.submissions[target].format)]
    # The clean outputs are rendered exactly as without --review: the review writers only read.
    rendered = _render(document, spec, writers, workers, diags)
    review_diags = Diagnostics()
    rendered += _render(document, spec, reviews, workers, review_diags)
    seen = {(d.location, d.message) for d in diags.items}
    diags.items += [d for d in review_diags.items if (d.location, d.message) not in seen]  # not twice
    if strict:
        diags.raise_if_strict()  # warnings from the writers count too
    files = [(out_dir / f"{target}.{info.extension}", data) for info, data in rendered]
    write_outputs(files, force, diags)
    result.outputs.extend(path for path, _ in files)
    return result


def _render(document: Document, spec, writers: list[tuple[str, WriterInfo]], workers: dict[str, Any],
            diags: Diagnostics) -> list[tuple[WriterInfo, bytes]]:
    """Every output in memory, in order; a worker renders its output while this process does the rest."""
    pending = {name: workers[name].submit(document, spec, info.module, info.function)
               for name, info in writers if name in workers}
    data = {name: info.load()(document, spec, diags) for name, info in writers if name not in pending}
    for name, info in writers:
        if name in pending:
            data[name] = _worker_result(pending[name], info, document, spec, diags)
    return [(info, data[name]) for name, info in writers]


def _worker_result(job, info: WriterInfo, document: Document, spec, diags: Diagnostics) -> bytes:
    from .workers import WorkerDied

    try:
        return job.result(diags)
    except WorkerDied:  # killed or out of memory: this process can still do the work
        return info.load()(document, spec, diags)
