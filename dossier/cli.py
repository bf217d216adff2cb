"""Command line: ``python build.py upr-2024 [--out DIR] [--only docx|pdf]``.

Exit status: 0 built; 1 the content, references or templates have errors
(each printed as path:line:col: message); 2 the command line is wrong
(unknown target, option or output); 3 an output could not be written;
4 an output was edited since the last build (--force keeps it beside).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import Diagnostics, DossierError, UsageError
from .writers import DEFAULT_WRITERS, WRITERS


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse exits 2 with usage; keep that, word it our way
        self.print_usage(sys.stderr)
        self.exit(2, f"error: {message}\n")


def make_parser() -> argparse.ArgumentParser:
    parser = _ArgumentParser(
        prog="build.py",
        description="Build footnoted submissions (DOCX and PDF) from the content repository.",
    )
    parser.add_argument("targets", nargs="*", metavar="TARGET",
                        help="a submission: the name of a file in content/submissions/ (e.g. upr-2024)")
    parser.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="where outputs go (default: out/ in the project)")
    parser.add_argument("--only", action="append", choices=sorted(WRITERS), metavar="FORMAT",
                        help=f"write only this output ({', '.join(sorted(WRITERS))}); may be repeated")
    parser.add_argument("--project", type=Path, default=None, metavar="DIR",
                        help="the content repository (default: the one holding the current folder)")
    parser.add_argument("--force", action="store_true",
                        help="write outputs even where one was edited since the last build; "
                             "the edited file is kept beside it as NAME.edited-DATE-TIME.EXT")
    parser.add_argument("--list", action="store_true", help="list the targets and their formats")
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors and warnings only")
    return parser


def _print_diagnostics(diags: Diagnostics) -> None:
    for item in diags.warnings:
        print(item, file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    outputs = tuple(dict.fromkeys(args.only)) if args.only else DEFAULT_WRITERS
    workers = _start_workers(outputs, args)
    try:
        return _run(args, outputs, workers)
    finally:
        for worker in workers.values():
            worker.close()


def _start_workers(outputs: tuple[str, ...], args: argparse.Namespace) -> dict:
    """Start WeasyPrint's slow import in another process at once, when it can run alongside."""
    import os

    if "pdf" not in outputs or args.list or not args.targets or (os.cpu_count() or 1) < 2:
        return {}
    if os.environ.get("DOSSIER_NO_WORKER"):
        return {}
    from .writers.pdf import PdfWorker

    return {"pdf": PdfWorker()}


def _run(args: argparse.Namespace, outputs: tuple[str, ...], workers: dict) -> int:
    from .pipeline import build
    from .project import find_root, load_project

    root = args.project.resolve() if args.project else find_root(Path.cwd())
    out_dir = args.out if args.out else root / "out"
    diags = Diagnostics()
    try:
        if not (root / "content").is_dir():
            raise UsageError(f"{root}: no content/ folder here; run from a content repository or pass --project")
        project = load_project(root, diags)
        if args.list:
            for name, submission in sorted(project.submissions.items()):
                print(f"{name:24} {submission.format}")
            return 0
        if not args.targets:
            raise UsageError("name a target to build (see --list)")
        for target in args.targets:
            result = build(root, target, out_dir, outputs, diags, project=project, workers=workers,
                           force=args.force)
            if not args.quiet:
                written = ", ".join(_shown(p) for p in result.outputs)
                notes = len(result.document.notes) if result.document else 0
                print(f"{target}: {notes} footnotes -> {written}")
    except DossierError as exc:
        _print_diagnostics(diags)
        for item in exc.diagnostics:
            print(item, file=sys.stderr)
        if not exc.diagnostics:
            print(f"error: {exc}", file=sys.stderr)
        if getattr(exc, "hint", ""):
            print(exc.hint, file=sys.stderr)
        errors = len(exc.diagnostics)
        if errors > 1:
            print(f"{errors} errors; nothing was written", file=sys.stderr)
        elif errors == 1:
            print("nothing was written", file=sys.stderr)
        return exc.exit_status
    _print_diagnostics(diags)
    return 0


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
