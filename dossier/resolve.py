"""Resolve a submission: every reference it makes is looked up before rendering.

Organisations, findings, prior recommendations, the format and every citation
key are checked here, so each unknown one is reported where it was written.
Parsed inline text is kept for the renderer, which never parses twice.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .assets import Asset, load_asset
from .bibliography import Reference
from .document import Citation, Inline, InlineNote, walk_inlines
from .errors import Diagnostics
from .formats import FormatSpec
from .inline import ParsedText, parse_inline
from .model import Finding, Organisation, PriorRecommendation, Submission
from .paths import PathProblem
from .project import Project
from .schema import Text


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


@dataclass
class ResolvedSubmission:
    submission: Submission
    format: FormatSpec
    organisations: list[Organisation]
    findings: dict[str, Finding]
    prior: dict[int, list[PriorRecommendation]]  # id(PriorReference) -> recommendations
    references: dict[str, Reference]
    parsed: dict[int, ParsedText] = field(default_factory=dict)  # id(Text) -> parsed
    root: Path = Path(".")
    assets: dict[str, Asset] = field(default_factory=dict)  # images content names, by path as written

    def inline(self, text: str) -> list[Inline]:
        parsed = self.parsed.get(id(text))
        return (parsed or parse_inline(text)).inlines


class _Resolver:
    def __init__(self, project: Project, diags: Diagnostics):
        self.project = project
        self.diags = diags
        self.parsed: dict[int, ParsedText] = {}
        self.keep_alive: list[str] = []

    def text(self, text: str | None) -> None:
        """Parse inline markup once and check each citation key in it."""
        if text is None or id(text) in self.parsed:
            return
        parsed = parse_inline(text)
        self.parsed[id(text)] = parsed
        self.keep_alive.append(text)
        for problem in parsed.problems:
            self.diags.error(problem.loc, problem.message)
        bibliography = self.project.bibliography
        for node in walk_inlines(parsed.inlines):
            if isinstance(node, Citation):
                for item in node.items:
                    if not bibliography.knows(item.key):
                        loc = item.loc or getattr(text, "loc", None)
                        self.diags.error(
                            loc,
                            f"unknown citation key '{item.key}'"
                            f"{_did_you_mean(item.key, bibliography.keys())}",
                        )


def resolve(project: Project, target: str, diags: Diagnostics) -> ResolvedSubmission | None:
    submission = project.submissions[target]
    resolver = _Resolver(project, diags)

    spec = project.formats.get(str(submission.format))
    if spec is None and str(submission.format) in project.broken_formats:
        pass  # the spec's own errors are reported already
    elif spec is None:
        diags.error(
            submission.format.loc,
            f"unknown format '{submission.format}' "
            f"(known: {', '.join(sorted(project.formats)) or 'none'})"
            f"{_did_you_mean(str(submission.format), project.formats)}",
        )

    organisations: list[Organisation] = []
    assets: dict[str, Asset] = {}
    for org_id in submission.organisations:
        org = project.organisations.get(str(org_id))
        if org is None and str(org_id) in project.broken["organisations"]:
            continue  # its own errors are reported already
        if org is None:
            diags.error(
                org_id.loc,
                f"unknown organisation '{org_id}'{_did_you_mean(str(org_id), project.organisations)}",
            )
            continue
        organisations.append(org)
        resolver.text(org.description)
        if org.logo is not None and str(org.logo) not in assets:
            try:
                assets[str(org.logo)] = load_asset(project.root, str(org.logo))
            except PathProblem as exc:
                diags.error(org.logo.loc, f"logo: {exc}")

    findings: dict[str, Finding] = {}
    prior: dict[int, list[PriorRecommendation]] = {}
    for section in submission.sections:
        resolver.text(section.title)
        for block in section.blocks:
            kind = block.kind
            if kind == "text":
                resolver.text(block.text)
            elif kind == "finding":
                finding_id = str(block.finding)
                finding = project.findings.get(finding_id)
                if finding is None and finding_id in project.broken["findings"]:
                    continue
                if finding is None:
                    assert isinstance(block.finding, Text)
                    diags.error(
                        block.finding.loc,
                        f"unknown finding '{finding_id}'{_did_you_mean(finding_id, project.findings)}",
                    )
                    continue
                findings[finding_id] = finding
                for paragraph in finding.paragraphs:
                    resolver.text(paragraph)
            elif kind == "prior_recommendations":
                ref = block.prior_recommendations
                assert ref is not None
                rec_set = project.recommendations.get(str(ref.set))
                if rec_set is None and str(ref.set) in project.broken["recommendations"]:
                    continue
                if rec_set is None:
                    diags.error(
                        ref.set.loc,
                        f"unknown recommendation set '{ref.set}'"
                        f"{_did_you_mean(str(ref.set), project.recommendations)}",
                    )
                    continue
                found = []
                for number in ref.numbers:
                    rec = rec_set.find(str(number))
                    if rec is None:
                        numbers = [r.number for r in rec_set.recommendations]
                        diags.error(
                            number.loc,
                            f"recommendation {number} is not in set '{ref.set}'"
                            f"{_did_you_mean(str(number), numbers)}",
                        )
                        continue
                    found.append(rec)
                    resolver.text(rec.text)
                prior[id(ref)] = found
            else:
                for item in getattr(block, kind) or []:
                    resolver.text(item)

    if spec is None or diags.errors:
        return None
    resolved = ResolvedSubmission(
        submission=submission,
        format=spec,
        organisations=organisations,
        findings=findings,
        prior=prior,
        references=project.bibliography.references,
        parsed=resolver.parsed,
        root=project.root,
        assets=assets,
    )
    resolved._keep_alive = resolver.keep_alive  # type: ignore[attr-defined]  # ids stay valid
    return resolved
