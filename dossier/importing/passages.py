"""Passages of the repository's submissions that an imported paragraph repeats.

A text block of another submission is not a finding, so it cannot be used by
id: a paragraph identical to one is reported with where it is and the advice
to make it a finding; a near match (most words the same) is reported with the
words that differ.  Candidates come from an index of three-word runs, so the
cost grows with the repository's size, not with its size times the document's.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field

from ..document import Citation, Embed, InlineNote, ProvisionQuote, Str
from ..errors import Location
from ..model import walk_sections
from ..readers.document import Paragraph

MIN_WORDS = 8  # a shorter paragraph ("Opening text.") is said again without being a passage
NEAR = 0.8  # share of words in common for a near match
_RUN = 3  # words in a run of the index
_COMMON = 50  # a run in more passages than this tells none of them apart
_CANDIDATES = 3  # passages compared word by word for a near match
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def normalised(text: str) -> str:
    """Words as a comparison sees them: curly quotes straight, one space, none before punctuation
    (where a citation stood: ``word [@key].`` and ``word¹.`` are the same words)."""
    text = re.sub(r"\s+", " ", text.translate(_QUOTES)).strip()
    return re.sub(r" (?=[.,;:!?)\]])", "", text)


@dataclass
class Passage:
    words: list[str]
    where: str  # "content/submissions/x.yaml:40"


@dataclass
class PassageIndex:
    passages: list[Passage] = field(default_factory=list)
    exact: dict[str, list[int]] = field(default_factory=dict)  # normalised text -> passages
    runs: dict[tuple[str, ...], list[int]] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)  # what the report says
    identical: int = 0
    near: int = 0

    @classmethod
    def of(cls, project) -> "PassageIndex":
        index = cls()
        for submission_id in sorted(project.submissions):
            submission = project.submissions[submission_id]
            for section, _ in walk_sections(submission.sections):
                for block in section.blocks:
                    if block.text is not None:
                        index.add(block.text, getattr(block.text, "loc", None) or block.loc)
        return index

    def add(self, markup: str, loc: Location) -> None:
        text = _plain(markup)
        if text is None:
            return
        words = text.split()
        if len(words) < MIN_WORDS:
            return
        number = len(self.passages)
        self.passages.append(Passage(words, f"{loc.path}:{loc.line}"))
        self.exact.setdefault(text, []).append(number)
        for run in set(_runs(words)):
            self.runs.setdefault(run, []).append(number)

    def report(self, paragraph: Paragraph, text: str) -> None:
        """Say where the repository's submissions hold this paragraph, or one most of whose words it has."""
        text = normalised(text)
        words = text.split()
        if len(words) < MIN_WORDS:
            return
        same = self.exact.get(text)
        if same:
            places = ", ".join(self.passages[n].where for n in same)
            self.identical += 1
            self.lines.append(f"{paragraph.where} is also in {places}, word for word: make it a finding "
                              "(content/findings/ID.yaml) to use it in both by id")
            return
        shared: Counter[int] = Counter()
        for run in set(_runs(words)):
            holders = self.runs.get(run, ())
            if len(holders) <= _COMMON:
                shared.update(holders)
        for number, _ in shared.most_common(_CANDIDATES):
            other = self.passages[number]
            if not 0.7 <= len(other.words) / len(words) <= 1.4:
                continue
            matcher = difflib.SequenceMatcher(a=other.words, b=words, autojunk=False)
            if matcher.quick_ratio() < NEAR or matcher.ratio() < NEAR:
                continue
            from . import near_words

            self.near += 1
            self.lines.append(f"{paragraph.where} is near {other.where} ({matcher.ratio():.0%} of words the same), "
                              f"kept as text; differs: {near_words(' '.join(other.words), text)}; "
                              "if both are to say the same, make it a finding")
            return


def _runs(words: list[str]):
    lowered = [w.lower() for w in words]
    return (tuple(lowered[i:i + _RUN]) for i in range(max(0, len(lowered) - _RUN + 1)))


def _plain(markup: str) -> str | None:
    """The words of a text block, notes left out; None for one that sets in a finding or a provision
    (its words are the finding's, matched as such)."""
    from ..inline import parse_inline

    out: list[str] = []

    def walk(nodes) -> bool:
        for node in nodes:
            if isinstance(node, Str):
                out.append(node.text)
            elif isinstance(node, (Embed, ProvisionQuote)):
                return False
            elif isinstance(node, (Citation, InlineNote)):
                continue
            elif hasattr(node, "children") and not walk(node.children):
                return False
        return True

    return normalised("".join(out)) if walk(parse_inline(markup).inlines) else None
