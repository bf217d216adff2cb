"""One build: load and check everything, resolve, render, number notes, write.

Nothing is written until every requested output has been rendered in memory,
so any error leaves the previous outputs as they were; an output someone has
edited since the last build is not overwritten (see record.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .citations import STYLES, number_notes
from .document import Document
from .errors import Diagnostics, UsageError
from .project import Project, load_project
from .record import write_outputs
from .render import render_document
from .resolve import resolve
from .writers import get_writer


@dataclass
class BuildResult:
    target: str
    outputs: list[Path] = field(default_factory=list)
    document: Document | None = None


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


def build_document(project: Project, target: str, diags: Diagnostics) -> Document:
    """Resolve and render ``target``, its notes numbered; raises on any content error."""
    check_target(project, target)
    # Resolve even when some file failed to load, so one run reports every problem.
    resolved = resolve(project, target, diags) if target in project.submissions else None
    diags.raise_if_errors()  # a broken file anywhere stops the build before rendering
    assert resolved is not None
    style = resolved.format.citation_style
    if style not in STYLES:
        diags.error(resolved.format.loc, f"unknown citation style '{style}' (known: {', '.join(STYLES)})")
        diags.raise_if_errors()
    document = render_document(resolved)
    return number_notes(document, resolved.references, style)


def build(root: Path, target: str, out_dir: Path, outputs: tuple[str, ...],
          diags: Diagnostics, project: Project | None = None,
          workers: dict[str, Any] | None = None, force: bool = False) -> BuildResult:
    """Build ``target``; ``workers`` may render some outputs in another process (see PdfWorker).

    An output changed since the last build wrote it stops the build (see record.py);
    with ``force`` it is kept beside the new one instead.
    """
    writers = [(name, get_writer(name)) for name in outputs]
    workers = workers or {}
    if project is None:
        project = load_project(root, diags)
    document = build_document(project, target, diags)
    spec = project.formats[str(project.submissions[target].format)]
    pending = {name: workers[name].submit(document, spec) for name, _ in writers if name in workers}
    data = {name: info.load()(document, spec, diags) for name, info in writers if name not in pending}
    for name, job in pending.items():
        data[name] = job.result(diags)
    rendered = [(out_dir / f"{target}.{info.extension}", data[name]) for name, info in writers]
    write_outputs(rendered, force, diags)
    return BuildResult(target, outputs=[path for path, _ in rendered], document=document)
