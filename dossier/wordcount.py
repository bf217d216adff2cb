"""Counting words the way a secretariat counts them.

The rule (also in the README):
- A word is a run of characters between white space that holds at least one
  letter or digit; punctuation standing alone ("-", "–", "§") is not a word.
- Chinese and Japanese characters count one word each, as Word counts them;
  Korean is written with spaces and counts like English.
- Paragraph numbers and footnote markers are not words (Word and LibreOffice
  do not count automatic numbering either); the text of each footnote is.
- What is counted (front matter, headings, body, notes) is the format's
  `length.counts`; the budget line says "incl. notes" when notes count.
"""

from __future__ import annotations

import re
from dataclasses import field

from .document import Document, Heading, ListBlock, Note, Paragraph, block_inline_lists, plain_text, walk_inlines
from .records import Record

_HAN_OR_KANA = r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"  # compiled when first met
_FIRST_HAN_OR_KANA = "\u3040"  # no character below it is counted one word each


def count_words(text: str) -> int:
    words = 0
    for token in text.split():
        han = len(re.findall(_HAN_OR_KANA, token)) if max(token) >= _FIRST_HAN_OR_KANA else 0
        if han:
            rest = re.sub(_HAN_OR_KANA, " ", token).split()
            words += han + sum(1 for part in rest if _has_word_character(part))
        elif _has_word_character(token):
            words += 1
    return words


# A letter or a digit (Unicode categories L and N, as str.isalnum() sees them), in one C call per token.
_WORD_CHARACTER = re.compile(r"[^\W_]")


def _has_word_character(token: str) -> bool:
    return _WORD_CHARACTER.search(token) is not None


FRONT_MATTER = "(front matter)"


def section_title(block: Heading | Paragraph | ListBlock) -> str:
    """The section a block is counted under (the preview links its budget rows by it)."""
    return FRONT_MATTER if block.part == "front_matter" else (block.section or "(no section)")


class SectionCount(Record):
    title: str
    headings: int = 0
    body: int = 0
    notes: int = 0

    def counted(self, counts: list[str]) -> int:
        """The words of this section a limit counting ``counts`` counts; sections add up to the total."""
        text_part = "front_matter" if self.title == FRONT_MATTER else "body"
        return ((self.body if text_part in counts else 0)
                + (self.headings if "headings" in counts else 0)
                + (self.notes if "notes" in counts else 0))


class WordCount(Record):
    front_matter: int = 0
    headings: int = 0
    body: int = 0
    notes: int = 0
    sections: list[SectionCount] = field(default_factory=list)

    def total(self, counts: list[str]) -> int:
        return sum(getattr(self, part) for part in counts)


def count_document(document: Document) -> WordCount:
    result = WordCount()
    by_title: dict[str, SectionCount] = {}
    for block in document.blocks:
        if not isinstance(block, (Heading, Paragraph, ListBlock)):
            continue
        title = section_title(block)
        section = by_title.get(title)
        if section is None:
            section = by_title[title] = SectionCount(title)
            result.sections.append(section)
        for inlines in block_inline_lists(block):
            words = count_words(plain_text(inlines))
            notes = sum(count_words(plain_text(n.children))
                        for n in walk_inlines(inlines) if isinstance(n, Note))
            result.notes += notes
            section.notes += notes
            if block.part == "front_matter":
                result.front_matter += words
                section.body += words
            elif isinstance(block, Heading):
                result.headings += words
                section.headings += words
            else:
                result.body += words
                section.body += words
    return result
