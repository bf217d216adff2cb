"""``diff TARGET --since REV``: what changed in a submission since a git revision, as tracked changes.

Builds the document model of the content as it was at REV (checked out from
git into a temporary folder) and of the working tree, compares them
(``dossier.compare``) and writes ``out/TARGET.diff-<rev>.docx`` in which every
difference, in the text and in the footnotes, is a Word tracked change an
editor can accept or reject.  ``--pdf`` also writes the same differences as a
PDF to read (inserted text underlined, deleted text struck through).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from ..errors import ContentError, Diagnostic, Diagnostics, Location, UsageError

AUTHOR = "dossier"  # the author of every tracked change, as Word shows it


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", metavar="TARGET", help="a submission: the name of a file in content/submissions/")
    parser.add_argument("--since", required=True, metavar="REV",
                        help="the git revision to compare with (a commit, branch or tag, e.g. HEAD~3)")
    parser.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="where the file goes (default: out/ in the project)")
    parser.add_argument("--pdf", action="store_true", help="also write the differences as a PDF to read")
    parser.add_argument("--force", action="store_true",
                        help="write over a diff file edited since it was written; the edited file is kept "
                             "beside it as NAME.edited-DATE-TIME.EXT")
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors and warnings only")


def run(args: argparse.Namespace, project) -> int:
    from .. import cache
    from ..compare import compare
    from ..gitrev import export_revision
    from ..coalition import PROJECT_FILE
    from ..paths import output_folder
    from ..record import write_outputs
    from ..pipeline import build_document, check_target
    from ..project import load_project
    from ..writers.docx import DocxWriter
    from ..writers.docx_changes import write_changes_docx

    root: Path = args.root
    check_target(project, args.target)
    # Loaded again with our own diagnostics: a file that failed to load must be reported, not skipped.
    diags = Diagnostics()
    project = load_project(root, diags)
    new, _ = build_document(project, args.target, diags)
    spec = project.formats[str(project.submissions[args.target].format)]

    out_dir = output_folder(root, args.out)
    # A private folder (mkdtemp makes it 0700): a shared repository at ../partner is placed
    # inside it, never looked up beside it in the shared temporary directory.
    with tempfile.TemporaryDirectory(prefix="dossier-diff-") as folder, cache.disabled():
        revision, old_root, notes = export_revision(root, args.since, Path(folder).resolve())
        for note in notes:
            diags.warning(Location(PROJECT_FILE), note, strict=False)
        old_diags = Diagnostics()
        old_project = load_project(old_root, old_diags, use_cache=False)
        if args.target not in old_project.submissions and args.target not in old_project.broken_targets:
            raise UsageError(f"'{args.target}' did not exist at revision {args.since} ({revision.short}): "
                             f"no content/submissions/{args.target}.yaml there")
        try:
            old, _ = build_document(old_project, args.target, old_diags)
        except ContentError as exc:
            raise ContentError(_at_revision(exc.diagnostics, revision.short)) from None

    comparison = compare(old, new)
    comparison.document.meta.title += f" (changes since {revision.short})"
    date = DocxWriter.document_date(new)
    outputs = {"docx": write_changes_docx(comparison, spec, AUTHOR, date)}
    if args.pdf:
        from ..writers.pdf import write_pdf

        outputs["pdf"] = write_pdf(comparison.document, spec, diags)
    # Through the record of outputs, like a build: reviewers work in this file, so one
    # they edited is not overwritten unasked (--force keeps it beside the new one).
    files = [(out_dir / f"{args.target}.diff-{revision.short}.{extension}", data)
             for extension, data in outputs.items()]
    write_outputs(files, args.force, diags)
    written = [path for path, _ in files]
    for warning in diags.warnings:
        print(warning, file=sys.stderr)
    if not args.quiet:
        summary = (f"{comparison.insertions} insertion{'s' if comparison.insertions != 1 else ''}, "
                   f"{comparison.deletions} deletion{'s' if comparison.deletions != 1 else ''}"
                   if comparison.changed else "no changes")
        print(f"{args.target}  since {args.since} ({revision.short}): {summary}")
        print(f"  -> {', '.join(_shown(p) for p in written)}")
    return 0


def _at_revision(diagnostics: list[Diagnostic], short: str) -> list[Diagnostic]:
    """Errors of the old version, located as git names a file at a revision: ``abc1234:content/...``."""
    return [replace(d, location=Location(f"{short}:{d.location.path}", d.location.line, d.location.column),
                    message=f"{d.message} (in revision {short}, which must build to be compared with)")
            for d in diagnostics]


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
