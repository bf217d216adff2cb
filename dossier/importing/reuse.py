"""Paragraphs the repository already holds: a finding used by id, or set in with ``![[id]]``.

A paragraph identical to a one-paragraph finding becomes ``finding: id``; a
finding's text found inside a paragraph becomes ``![[id]]`` there; a near
match (most words the same) is kept as text and reported with the words
that differ, for the user to decide.
"""

from __future__ import annotations

import difflib
import re

from ..document import Citation, Embed, InlineNote, ProvisionQuote, Str
from ..readers.document import NoteCall, Paragraph, Span, plain
from .markup import to_markup
from .passages import PassageIndex

NEAR = 0.8
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})  # share of words in common for a near match


def _flat(text: str) -> str:
    # a curly apostrophe is the same word (converters make them curly): same length, so offsets hold
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip()


class FindingMatcher:
    def __init__(self, project) -> None:
        self.project = project
        self.texts: dict[str, tuple[str, int]] = {}  # one-paragraph finding -> (plain text, its notes)
        for finding_id in sorted(project.findings):
            finding = project.findings[finding_id]
            if len(finding.paragraphs) == 1:
                text = self._plain(finding_id, set())
                if text is not None and len(text[0]) >= 30:
                    self.texts[finding_id] = text
        # findings of several paragraphs: matched as a run of paragraphs, each word for word
        self.multi: dict[str, list[tuple[str, int]]] = {}
        for finding_id in sorted(project.findings):
            paragraphs = project.findings[finding_id].paragraphs
            if len(paragraphs) > 1:
                texts = [self._paragraph_plain(p, finding_id, set()) for p in paragraphs]
                if all(t is not None for t in texts):
                    self.multi[finding_id] = texts
        self.used: list[str] = []
        self.near: list[str] = []
        self.passages = PassageIndex.of(project)  # text blocks of the other submissions

    def run_at(self, body: list, start: int, note) -> tuple[str, int] | None:
        """A finding of several paragraphs that ``body`` holds from ``start``: (its id, paragraphs)."""
        for finding_id, texts in self.multi.items():
            run = body[start:start + len(texts)]
            if len(run) == len(texts) and all(
                    isinstance(b, Paragraph) and b.style == "body" and _flat(plain(b.inlines).replace("\n", " ")) == t
                    and sum(isinstance(i, NoteCall) for i in b.inlines) == n for b, (t, n) in zip(run, texts)):
                for block in run:
                    for item in block.inlines:
                        if isinstance(item, NoteCall):
                            note(item.number)  # keeps the notes' order for Ibid. and supra
                self.used.append(finding_id)
                return finding_id, len(texts)
        return None

    def _plain(self, finding_id: str, seen: set[str]) -> tuple[str, int] | None:
        finding = self.project.findings.get(finding_id)
        if finding is None or finding_id in seen or len(finding.paragraphs) != 1:
            return None
        return self._paragraph_plain(finding.paragraphs[0], finding_id, seen)

    def _paragraph_plain(self, paragraph, finding_id: str, seen: set[str]) -> tuple[str, int] | None:
        from ..inline import parse_inline

        out, notes = [], 0

        def walk(nodes) -> bool:
            nonlocal notes
            for node in nodes:
                if isinstance(node, Str):
                    out.append(node.text)
                elif isinstance(node, (Citation, InlineNote)):
                    notes += 1
                elif isinstance(node, Embed):
                    inner = self._plain(node.finding, seen | {finding_id})
                    if inner is None:
                        return False
                    out.append(inner[0])
                    notes += inner[1]
                elif isinstance(node, ProvisionQuote):
                    return False
                elif hasattr(node, "children"):
                    if not walk(node.children):
                        return False
            return True

        if not walk(parse_inline(paragraph).inlines):
            return None
        return _flat("".join(out)), notes

    def blocks(self, paragraph: Paragraph, note) -> list[dict]:
        text = _flat(plain(paragraph.inlines).replace("\n", " "))
        calls = sum(isinstance(i, NoteCall) for i in paragraph.inlines)
        for finding_id, (finding_text, notes) in self.texts.items():
            if text == finding_text and calls == notes:
                for item in paragraph.inlines:
                    if isinstance(item, NoteCall):
                        note(item.number)  # keeps the notes' order for Ibid. and supra
                self.used.append(finding_id)
                return [{"finding": finding_id}]
        embedded = self._embed(paragraph, note)
        if embedded is not None:
            return [{"text": embedded}]
        self._near(paragraph, text)
        self.passages.report(paragraph, text)
        return [{"text": to_markup(paragraph.inlines, note)}]

    def _embed(self, paragraph: Paragraph, note) -> str | None:
        raw = "".join(i.text.replace("\n", " ") for i in paragraph.inlines if isinstance(i, Span)).translate(_QUOTES)
        ranges: list[tuple[int, int, str]] = []
        for finding_id, (finding_text, notes) in sorted(self.texts.items(), key=lambda kv: -len(kv[1][0])):
            start = raw.find(finding_text)
            if start < 0 or any(a < start + len(finding_text) and start < b for a, b, _ in ranges):
                continue
            end = start + len(finding_text)
            if (start and raw[start - 1].isalnum()) or (end < len(raw) and raw[end].isalnum()):
                continue
            if _calls_inside(paragraph.inlines, start, end) != notes:
                continue
            ranges.append((start, end, finding_id))
        if not ranges:
            return None
        embeds: dict[int, str] = {}
        inlines = paragraph.inlines
        for n, (start, end, finding_id) in enumerate(sorted(ranges, reverse=True), start=1):
            inlines = _replace(inlines, start, end, -n, note)
            embeds[-n] = f"![[{finding_id}]]"
            self.used.append(finding_id)
        return to_markup(inlines, lambda k: embeds[k] if k < 0 else note(k))

    def _near(self, paragraph: Paragraph, text: str) -> None:
        words = text.split()
        if len(words) < 8:
            return
        for finding_id, (finding_text, _) in self.texts.items():
            other = finding_text.split()
            if not 0.7 <= len(other) / len(words) <= 1.4:
                continue
            matcher = difflib.SequenceMatcher(a=other, b=words, autojunk=False)
            if matcher.quick_ratio() < NEAR or matcher.ratio() < NEAR:
                continue
            from . import near_words

            self.near.append(f"{paragraph.where}: near finding {finding_id} ({matcher.ratio():.0%} of words "
                             f"the same), kept as text; differs: {near_words(finding_text, text)}")
            return


def _calls_inside(inlines, start: int, end: int) -> int:
    offset, count = 0, 0
    for item in inlines:
        if isinstance(item, Span):
            offset += len(item.text)
        elif start < offset <= end:
            count += 1
    return count


def _replace(inlines, start: int, end: int, marker: int, note) -> list:
    """Inlines with the text in [start, end) (and its note calls) replaced by a marker call."""
    out, offset, placed = [], 0, False
    for item in inlines:
        if isinstance(item, NoteCall):
            if start < offset <= end and item.number > 0:
                note(item.number)  # the finding's own note: converted for order, then left to the finding
                continue
            out.append(item)
            continue
        text = item.text.replace("\n", " ") if isinstance(item, Span) else ""
        a, b = offset, offset + len(text)
        offset = b
        if b <= start or a >= end:
            out.append(item)
            continue
        if a < start:
            out.append(Span(text[:start - a], item.emphasis, item.strong, False, item.href))
        if not placed:
            out.append(NoteCall(marker))
            placed = True
        if b > end:
            out.append(Span(text[end - a:], item.emphasis, item.strong, False, item.href))
    return out
