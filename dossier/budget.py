"""The word budget of a submission: its count against the limit that applies to it."""

from __future__ import annotations


from .errors import Location
from .formats import FormatSpec
from .model import Submission
from .records import Record
from .wordcount import WordCount


class Budget(Record):
    target: str
    label: str  # "UPR (individual)"
    words: int
    limit: int | None
    counts: list[str]
    source: str  # where the limit comes from
    sureness: str  # official / secondary / assumed
    limit_loc: Location

    @property
    def over(self) -> int:
        return self.words - self.limit if self.limit is not None and self.words > self.limit else 0

    @property
    def enforceable(self) -> bool:
        """--strict fails only on rules that are not merely assumed."""
        return self.sureness != "assumed"

    def line(self) -> str:
        incl = " incl. notes" if "notes" in self.counts else ""
        if self.limit is None:
            return f"{self.target}  {self.label}  {self.words:,} words{incl}  no limit"
        left = self.limit - self.words
        tail = f"{left:,} left" if left >= 0 else f"{-left:,} OVER"
        return f"{self.target}  {self.label}  {self.words:,} / {self.limit:,} words{incl}  {tail}"

    def over_message(self) -> str:
        return (f"{self.words:,} words is over the {self.label} limit of {self.limit:,} "
                f"by {self.over:,} ({self.source}; {self.sureness})")


def budget_for(target: str, submission: Submission, spec: FormatSpec, count: WordCount) -> Budget:
    length = spec.length
    counts = list(length.counts)
    words = count.total(counts)
    if submission.word_limit is not None:
        return Budget(target, spec.label, words, submission.word_limit, counts,
                      f"the limit set in content/submissions/{target}.yaml", "official", submission.loc)
    organisations = len(submission.organisations)
    applicable = [lim for lim in length.limits if lim.min_organisations <= organisations]
    if not applicable:
        return Budget(target, spec.label, words, None, counts, "", "assumed", spec.loc)
    limit = max(applicable, key=lambda lim: lim.min_organisations)
    label = f"{spec.label} ({limit.name})" if len(length.limits) > 1 else spec.label
    spec_file = f"{spec.shown or f'templates/{spec.id}/'}format.yaml"
    source = f"{length.source}, {spec_file}" if length.source else spec_file
    return Budget(target, label, words, limit.words, counts, source, length.sureness, limit.loc)
