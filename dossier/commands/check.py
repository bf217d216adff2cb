"""``check``: every error and warning of the whole repository, whichever target reads it.

A build stops only on errors in the files it reads and counts the others; this
command shows them all: loading every file, resolving and rendering every
submission, then each repository-wide check in ``REPOSITORY_CHECKS``.  Exit
status 1 when there is any error.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Callable

from ..errors import ContentError, Diagnostic, Diagnostics

if TYPE_CHECKING:
    from ..project import Project


def check_submissions(project: Project, diags: Diagnostics) -> None:
    """Resolve and render every submission, as a build would, keeping every message."""
    from ..citations import STYLES, number_notes
    from ..pipeline import citation_style
    from ..render import render_document
    from ..resolve import resolve_reading

    for target in sorted(project.submissions):
        resolved, _ = resolve_reading(project, target, diags)
        style = citation_style(project, target, diags)
        house = getattr(project, "styles", {}).get(style)  # styles/<name>.yaml, as a build reads it
        if resolved is None or (house is None and style not in STYLES):  # an unknown style is reported
            continue
        try:
            number_notes(render_document(resolved), resolved.references, style, house)
        except ContentError as exc:
            diags.items.extend(exc.diagnostics)


def check_shared_texts(project: Project, diags: Diagnostics) -> None:
    """The text of every finding, organisation and recommendation, used by a submission or not:
    citation keys, provisions and findings set in are looked up as a build would."""
    from ..resolve import _Resolver

    resolver = _Resolver(project, diags, None)
    for finding in project.findings.values():
        for paragraph in finding.paragraphs:
            resolver.text(paragraph, f"finding:{finding.id}", (finding.id,), finding.namespace)
    for org in project.organisations.values():
        resolver.text(org.description, namespace=org.namespace)
    for rec_set in project.recommendations.values():
        for rec in rec_set.recommendations:
            resolver.text(rec.text, namespace=rec_set.namespace)


def check_references(project: Project, diags: Diagnostics) -> None:
    """Fields no note prints, one source entered twice, references nothing cites."""
    from ..citations.checks import check_references as reference_hygiene

    reference_hygiene(project, diags)


def check_placeholders(project: Project, diags: Diagnostics) -> None:
    """Every "TODO: ..." placeholder an import left, in the content and in references.bib.

    Loading warns already about the ones in a YAML value (schema.py): a line it
    named is not said twice."""
    from ..content_writer import placeholders_left

    said = {(d.location.path, d.location.line) for d in diags.items if d.message.startswith("placeholder left:")}
    found = Diagnostics()
    placeholders_left(project, found)
    diags.items.extend(d for d in found.items if (d.location.path, d.location.line) not in said)


# Each check reads the loaded project and adds what it finds; others are added here.
READS_LOAD_DIAGNOSTICS = True  # cli.py passes what loading found

REPOSITORY_CHECKS: list[Callable[[Project, Diagnostics], None]] = [
    check_submissions, check_shared_texts, check_references, check_placeholders,
]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace, project, load_diags: Diagnostics | None = None) -> int:
    diags = Diagnostics(list(load_diags.items) if load_diags is not None else [])
    for check in REPOSITORY_CHECKS:
        check(project, diags)
    unique: dict[tuple, Diagnostic] = {}
    for item in diags.items:  # each submission resolving the same shared file says it again
        unique.setdefault((item.location, item.message, item.severity), item)
    items = sorted(unique.values(), key=lambda d: (d.location, d.severity, d.message))
    for item in items:
        print(item, file=sys.stderr)
    errors = sum(1 for d in items if d.severity == "error")
    warnings = len(items) - errors
    files = len({d.location.path for d in items if d.severity == "error"})
    if errors:
        print(f"{errors} error{'s' if errors != 1 else ''} in {files} file{'s' if files != 1 else ''}, "
              f"{warnings} warning{'s' if warnings != 1 else ''}", file=sys.stderr)
        return 1
    print(f"no errors, {warnings} warning{'s' if warnings != 1 else ''}"
          f" ({len(project.submissions)} submission{'s' if len(project.submissions) != 1 else ''} checked)")
    return 0
