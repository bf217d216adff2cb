"""``import FILE --target NAME [--org ID] [--format FORMAT]``: a Word or Markdown submission into content.

Reads the file (``dossier/readers/``), plans the content in memory
(``dossier/importing/``), writes ``content/submissions/NAME.yaml`` and the new
references (``dossier/content_writer.py``), prints the report and then the
warnings of a first build of the new target, held in memory.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import ContentError, Diagnostics, UsageError

# a failed import prints its own error only, not the warnings of the repository's other content
OWN_ERRORS_ONLY = True


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="a .docx, or Pandoc Markdown with footnotes (.md)")
    parser.add_argument("--target", required=True, metavar="NAME",
                        help="the new submission: content/submissions/NAME.yaml (never overwritten)")
    parser.add_argument("--org", default=None, metavar="ID", help="the organisation submitting (content/organisations/ID.yaml)")
    parser.add_argument("--format", default=None, metavar="FORMAT", help="upr, cedaw, cecc, special-rapporteur or sr (default: told from the front page)")


def run(args: argparse.Namespace, project) -> int:
    from ..content_writer import check_target_free, write_content
    from ..importing import plan_import
    from ..readers import read_document

    root: Path = args.root
    check_target_free(root, args.target)
    if args.org and args.org not in project.organisations:
        raise UsageError(f"unknown organisation '{args.org}' (known: {', '.join(sorted(project.organisations)) or 'none'})")
    from .init import ALIASES

    if args.format and args.format not in project.formats:  # `sr`, as init takes it, unless a format is so named
        args.format = ALIASES.get(args.format, args.format)
    if args.format and args.format not in project.formats:
        raise UsageError(f"unknown format '{args.format}' (known: {', '.join(sorted(project.formats))})")
    if not args.file.is_file():
        raise UsageError(f"{args.file}: no such file")
    document = read_document(args.file, str(args.file))
    plan = plan_import(project, document, args.target, args.format, args.org)
    written = write_content(root, plan, args.file.name)
    print(f"{args.target}: imported from {args.file}")
    for line in plan.report:
        print(f"  {line}")
    print(f"  -> {', '.join(p.relative_to(root).as_posix() for p in written)}")
    _first_build(root, args.target)
    return 0


def _first_build(root: Path, target: str) -> None:
    """The new target built in memory: its warnings (and errors) belong to the report."""
    from ..content_writer import placeholders_left
    from ..pipeline import build_document
    from ..project import load_project

    diags = Diagnostics()
    project = load_project(root, diags)
    try:
        document, _ = build_document(project, target, diags)
        print(f"  first build: {len(document.notes)} footnotes, {len(diags.warnings)} warnings")
    except ContentError as exc:
        count = len(exc.diagnostics)
        print(f"  first build: {count} error{'s' if count != 1 else ''} (fix them, then build)")
        for item in exc.diagnostics:
            print(item, file=sys.stderr)
    placeholders = Diagnostics()
    placeholders_left(project, placeholders)
    mine = f"content/submissions/{target}.yaml"
    said = {(d.location.path, d.location.line) for d in diags.warnings}  # loading warns at placeholders too
    for item in diags.warnings + [d for d in placeholders.items if d.location.path == mine
                                  and (d.location.path, d.location.line) not in said]:
        print(item, file=sys.stderr)
