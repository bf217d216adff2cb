"""Command line: ``python build.py upr-2024 [--out DIR] [--only docx|pdf|md] [--strict]``.

Exit status: 0 built; 1 the content, references or templates have errors
(each printed as path:line:col: message), or --strict found a warning on a
firm rule; 2 the command line is wrong (unknown target, option or output);
3 an output could not be written; 4 an output was edited since the last
build (--force keeps it beside the new one).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .errors import Diagnostics, DossierError, UsageError
from .writers import DEFAULT_WRITERS, REVIEW_WRITERS, WRITERS


def _formatter(prog: str) -> argparse.HelpFormatter:
    # a width of our own: argparse otherwise imports shutil to ask the terminal, on every start
    try:
        width = int(os.environ.get("COLUMNS", "100"))
    except ValueError:  # COLUMNS=abc: not ours to refuse, only a hint for the layout
        width = 100
    return argparse.HelpFormatter(prog, width=max(40, min(width, 120)))


class _ArgumentParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str):  # argparse exits 2 with usage; keep that, word it our way
        self.print_usage(sys.stderr)
        self.exit(2, f"error: {message}\n")


def _invocation(prog: str) -> str:
    """How the user typed the program: ``python build.py`` or ``dossier``."""
    return f"python {prog}" if prog.endswith(".py") else prog


def _command_first(argv: list[str], commands) -> list[str]:
    """``--project DIR check`` as ``check --project DIR``: the project may come before a command."""
    if len(argv) >= 3 and argv[0] == "--project" and argv[2] in commands:
        return [argv[2], *argv[:2], *argv[3:]]
    if len(argv) >= 2 and argv[0].startswith("--project=") and argv[1] in commands:
        return [argv[1], argv[0], *argv[2:]]
    return argv


def make_parser(prog: str = "build.py") -> argparse.ArgumentParser:
    from .commands import COMMANDS

    commands = "; ".join(f"{name}: {help_text}" for name, (_, help_text) in COMMANDS.items())
    parser = _ArgumentParser(
        prog=prog,
        description="Build footnoted submissions (DOCX and PDF) from the content repository.",
        epilog=f"Other commands ({_invocation(prog.split()[0])} COMMAND --help): {commands}.",
    )
    parser.add_argument("targets", nargs="*", metavar="TARGET",
                        help="a submission: the name of a file in content/submissions/ (e.g. upr-2024)")
    parser.add_argument("--all", action="store_true", help="build every target")
    parser.add_argument("--list", action="store_true",
                        help="list the targets with their formats and word budgets")
    parser.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="where outputs go (default: out/ in the project)")
    parser.add_argument("--only", action="append", choices=sorted(WRITERS), metavar="FORMAT",
                        help=f"write only this output ({', '.join(sorted(WRITERS))}); may be repeated")
    parser.add_argument("--words", action="store_true", help="show the word count of each section")
    parser.add_argument("--jobs", "-j", type=int, default=0, metavar="N",
                        help="with several targets: build N at once (default: one per core)")
    parser.add_argument("--rebuild", action="store_true",
                        help="with several targets: build even those whose inputs did not change")
    parser.add_argument("--strict", action="store_true",
                        help="fail on warnings too (a word limit exceeded), except on assumed rules")
    parser.add_argument("--review", action="store_true",
                        help="also write review copies (TARGET.review.docx/.pdf) naming each paragraph's source")
    parser.add_argument("--project", type=Path, default=None, metavar="DIR",
                        help="the content repository (default: the one holding the current folder)")
    parser.add_argument("--force", action="store_true",
                        help="write outputs even where one was edited since the last build; "
                             "the edited file is kept beside it as NAME.edited-DATE-TIME.EXT")
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors and warnings only")
    return parser


def main(argv: list[str] | None = None, prog: str = "build.py") -> int:
    from . import scope
    from .console import exit_status, guarded_stdout

    scope.CHECK_COMMAND = f"{_invocation(prog)} check"  # "dossier check" where no build.py exists

    with guarded_stdout() as guard:  # a closed or full standard output is no traceback
        status = _main(argv, prog)
    return exit_status(guard, status)


def _main(argv: list[str] | None, prog: str) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    from .commands import COMMANDS

    argv = _command_first(argv, COMMANDS)

    if argv and argv[0] in COMMANDS:
        return _run_command(argv[0], argv[1:], prog)
    if argv and argv[0] == "build":  # `dossier build upr-2024`: the same as `dossier upr-2024`
        argv, prog = argv[1:], f"{prog} build"
    args = make_parser(prog).parse_args(argv)
    outputs = tuple(dict.fromkeys(args.only)) if args.only else DEFAULT_WRITERS
    workers = _start_workers(outputs, args)
    try:
        return _run(args, outputs, workers)
    except BaseException:  # Ctrl-C: stop them now, not when their rendering is done
        for worker in workers.values():
            worker.kill()
        raise
    finally:
        for worker in workers.values():
            worker.close()


def _run_command(name: str, argv: list[str], prog: str = "build.py") -> int:
    """A subcommand: its own arguments, the project loaded and checked as for a build.

    A command module whose ``NEEDS_PROJECT`` is false (``init``) gets no project: ``run(args, None)``.
    """
    from importlib import import_module

    from .commands import COMMANDS
    from .project import find_root, load_project

    module_name, help_text = COMMANDS[name]
    module = import_module(module_name)
    needs_project = getattr(module, "NEEDS_PROJECT", True)
    parser = _ArgumentParser(prog=f"{prog} {name}", description=help_text)
    if needs_project:
        parser.add_argument("--project", type=Path, default=None, metavar="DIR",
                            help="the content repository (default: the one holding the current folder)")
    module.add_arguments(parser)
    args = parser.parse_args(argv)
    if not needs_project:
        try:
            return module.run(args, None)
        except DossierError as exc:
            _report_failure(exc, Diagnostics())
            return exc.exit_status
    root = args.project.resolve() if args.project else find_root(Path.cwd())
    diags = Diagnostics()
    try:
        if not (root / "content").is_dir():
            raise UsageError(f"{root}: no content/ folder here; run from a content repository or pass --project")
        project = load_project(root, diags)
        args.root = root
        if getattr(module, "OWN_ERRORS_ONLY", False):
            # its failure is its own error alone: the repository's warnings belong to build and check
            diags = Diagnostics()
        if getattr(module, "READS_LOAD_DIAGNOSTICS", False):  # `check` reports the loading's own too
            return module.run(args, project, diags)
        return module.run(args, project)
    except DossierError as exc:
        _report_failure(exc, diags)
        return exc.exit_status



def _start_workers(outputs: tuple[str, ...], args: argparse.Namespace) -> dict:
    """Start each slow writer import (python-docx, WeasyPrint) in a process of its own, at once.

    Only for one target on two or more cores: several targets go to batch.py,
    which forks its own workers.
    """
    if args.list or len(args.targets) != 1 or args.all or os.environ.get("DOSSIER_NO_WORKER"):
        return {}
    from .workers import WriterWorker, cores

    available = cores()
    if available < 2:
        return {}
    workers = {}
    # The PDF's process first: its import is the longest, and the build waits for it.
    for name in sorted(outputs, key=lambda output: output != "pdf"):
        info = WRITERS[name]
        # The PDF takes several times as long as any other output. With no core to spare
        # beside its process and this one, the others are rendered here, once the PDF's job
        # is handed over: a third process would only take CPU from the PDF's.
        if info.library and (name == "pdf" or "pdf" not in outputs or available > 2):
            review = REVIEW_WRITERS[name].preload() if args.review and name in REVIEW_WRITERS else ()
            workers[name] = WriterWorker(tuple(dict.fromkeys(info.preload() + review)))
    return workers


def _print_diagnostics(items) -> None:
    for item in items:
        print(item, file=sys.stderr)


def _report_failure(exc: DossierError, diags: Diagnostics) -> None:
    failing = {(d.location, d.message) for d in exc.diagnostics}  # --strict made these errors
    _print_diagnostics(d for d in diags.items
                       if d.severity == "warning" and (d.location, d.message) not in failing)
    _print_diagnostics(exc.diagnostics)
    if not exc.diagnostics:
        print(f"error: {exc}", file=sys.stderr)
    if getattr(exc, "hint", ""):
        print(exc.hint, file=sys.stderr)
    errors = len(exc.diagnostics)
    if errors > 1:
        print(f"{errors} errors; nothing was written", file=sys.stderr)
    elif errors == 1:
        print("nothing was written", file=sys.stderr)


def _run(args: argparse.Namespace, outputs: tuple[str, ...], workers: dict) -> int:
    from .pipeline import build
    from .project import find_root, load_project

    from .paths import output_folder

    root = args.project.resolve() if args.project else find_root(Path.cwd())
    load_diags = Diagnostics()
    try:
        if not (root / "content").is_dir():
            raise UsageError(f"{root}: no content/ folder here; run from a content repository or pass --project")
        out_dir = output_folder(root, args.out)
        project = load_project(root, load_diags)
        targets = sorted(project.submissions) + sorted(project.broken_targets) if (args.all or args.list) \
            else list(args.targets)
        if not targets and (args.all or args.list):
            raise UsageError("there is nothing to build: content/submissions/ holds no submission (.yaml file)")
        if not targets:
            raise UsageError("name a target to build, or use --all (see --list)")
    except DossierError as exc:
        _report_failure(exc, load_diags)
        return exc.exit_status
    if args.list:
        return _list(project, targets, load_diags)
    if len(targets) > 1:
        return _run_many(args, project, targets, out_dir, outputs, load_diags)

    status = 0
    for target in targets:
        diags = Diagnostics(list(load_diags.items))
        try:
            result = build(root, target, out_dir, outputs, diags, project=project,
                           workers=workers, strict=args.strict, review=args.review, force=args.force)
        except DossierError as exc:
            _report_failure(exc, diags)
            status = max(status, exc.exit_status)
            continue
        _print_diagnostics(d for d in diags.items if d.severity == "warning")
        if not args.quiet:
            print(result.budget.line())
            if args.words:
                _print_sections(result)
            if project.repositories and result.resolved is not None:
                from .coalition import describe_sources

                resolved = result.resolved
                used = resolved.used_findings | {o.id for o in resolved.organisations} | resolved.cited_keys
                for line in describe_sources(root, project.repositories, resolved.sources, used):
                    print(f"  {line}")
            written = ", ".join(_shown(p) for p in result.outputs)
            notes = len(result.document.notes)
            print(f"  {notes} footnote{'s' if notes != 1 else ''} -> {written}")
    return status


def _run_many(args, project, targets, out_dir, outputs, load_diags: Diagnostics) -> int:
    """--all or several targets: in parallel, unchanged ones skipped, then one table."""
    import time

    from .batch import build_many, print_table
    from .scope import CHECK_COMMAND

    start = time.perf_counter()
    reports = build_many(project, targets, out_dir, outputs, load_diags.items, strict=args.strict,
                         jobs=args.jobs, rebuild=args.rebuild, quiet=args.quiet, review=args.review,
                         force=args.force)
    _print_diagnostics(load_diags.warnings)
    said: set[str] = set()  # "2 other files have errors" once, not once per target
    for report in reports:
        for line in report.warnings + report.errors:
            if line.endswith(CHECK_COMMAND) and line in said:
                continue
            said.add(line)
            print(line, file=sys.stderr)
    if not args.quiet:
        print_table(reports, time.perf_counter() - start, project.root)
    return max((r.status for r in reports), default=0)


def _list(project, targets: list[str], load_diags: Diagnostics) -> int:
    from .pipeline import measure

    for target in targets:
        submission = project.submissions.get(target)
        if submission is None:
            print(f"{target:24} (has errors)")
            continue
        try:
            result = measure(project, target, Diagnostics(list(load_diags.items)))
        except DossierError:
            print(f"{target:24} {submission.format:20} (has errors)")
            continue
        print(f"{target:24} {submission.format:20} {result.budget.line()[len(target) + 2:]}")
    return 0


def _print_sections(result) -> None:
    from .document import plain_text
    from .inline import parse_inline

    counts = result.budget.counts
    print(f"    {'words':>7} {'notes':>7}  section")
    for section in result.count.sections:
        body = section.body + section.headings
        notes = section.notes
        title = plain_text(parse_inline(section.title).inlines)  # as printed, not its markup
        print(f"    {body:>7,} {notes:>7,}  {title}")
    print(f"    counted: {', '.join(counts)}")


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
