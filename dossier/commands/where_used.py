"""``where-used FINDING``: the submissions that use a finding, directly or set into text."""

from __future__ import annotations

import argparse
import sys

from ..errors import Diagnostics, UsageError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("finding", help="a finding id: the name of a file in content/findings/")


def run(args: argparse.Namespace, project) -> int:
    from ..resolve import resolve

    if args.finding not in project.findings:
        import difflib

        close = difflib.get_close_matches(args.finding, list(project.findings), n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise UsageError(f"unknown finding '{args.finding}'{hint}")
    users = []
    for target in sorted(project.submissions):
        diags = Diagnostics()
        resolved = resolve(project, target, diags)
        if resolved is None:
            print(f"{target}: has errors, not checked", file=sys.stderr)
            continue
        if args.finding in resolved.used_findings:
            users.append(target)
    for target in users:
        print(f"{target:24} {project.submissions[target].format}")
    if not users:
        print(f"no submission uses '{args.finding}'", file=sys.stderr)
    return 0
