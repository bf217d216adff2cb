"""``where-used ID``: the submissions that use a finding (directly or set into text) or cite a reference."""

from __future__ import annotations

import argparse
import sys

from ..errors import Diagnostics, UsageError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("finding", metavar="ID",
                        help="a finding id (a file in content/findings/) or a reference key (references.bib)")


def run(args: argparse.Namespace, project) -> int:
    from ..resolve import resolve

    wanted = args.finding
    is_finding = wanted in project.findings
    is_reference = wanted in project.bibliography.references
    if not is_finding and not is_reference:
        import difflib

        known = list(project.findings) + list(project.bibliography.references)
        close = difflib.get_close_matches(wanted, known, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise UsageError(f"unknown finding or reference '{wanted}'{hint}")
    users = []
    for target in sorted(project.submissions):
        diags = Diagnostics()
        resolved = resolve(project, target, diags)
        if resolved is None:
            print(f"{target}: has errors, not checked", file=sys.stderr)
            continue
        if (is_finding and wanted in resolved.used_findings) or (is_reference and wanted in resolved.cited_keys):
            users.append(target)
    for target in users:
        print(f"{target:24} {project.submissions[target].format}")
    if is_reference:  # a reference may also be the source of a law text or a treaty status
        for law_id, instrument in sorted(project.law.items()):
            if str(instrument.source) == wanted:
                print(f"{'content/law/' + law_id + '.yaml':24} law text")
        for state_id, state in sorted(project.states.items()):
            if any(wanted in (str(t.instrument), str(t.source)) for t in state.treaties):
                print(f"{'content/states/' + state_id + '.yaml':24} treaty status")
    if not users:
        print(f"no submission uses '{wanted}'", file=sys.stderr)
    return 0
