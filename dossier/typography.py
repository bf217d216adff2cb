"""Typographic quotation marks, once, on the document model.

A content author types straight quotes; the submission prints the marks of its
language: ``"`` becomes an opening or closing double mark, ``'`` an opening
single mark or an apostrophe (’).  Which one is decided from the character
before it, across the boundaries of emphasis and links, so DOCX, PDF and
Markdown all receive the same text.  A quote written ``\\"`` or ``\\'`` in the
content is kept as typed: the inline parser makes it a ``Literal``, which this
pass leaves alone.

Where the submission's language is US English (``en-US``), a full stop or a
comma that follows a closing double mark, or a single mark this pass opened,
moves inside it (“so”. -> “so.”), as US style asks: also where the mark ends
another node (a quoted provision's, a citation style's) and where a note call
stands between them (“so”¹. -> “so.”¹).
"""

from __future__ import annotations

import re

from .document import Change, Document, Emph, Inline, LineBreak, Link, Literal, Note, Span, Str, Strong, \
    block_inline_lists

# (open double, close double, open single, close single = apostrophe), by primary language
QUOTES: dict[str, tuple[str, str, str, str]] = {
    "en": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "ko": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "zh": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "ja": ("\u300c", "\u300d", "\u300e", "\u2019"),
    "fr": ("\u00ab\u00a0", "\u00a0\u00bb", "\u2039\u00a0", "\u2019"),
    "de": ("\u201e", "\u201c", "\u201a", "\u2019"),
    "es": ("\u00ab", "\u00bb", "\u201c", "\u2019"),
    "ru": ("\u00ab", "\u00bb", "\u201e", "\u2019"),
}

# after an opening position, what makes ' an apostrophe for letters left out: a year ('90s)
# or the English elisions ('tis, 'n', 'em), followed by no further letter
_ELISION = re.compile(r"(?:\d|(?:tis|twas|twere|em|cause|til|n')(?![^\W\d_]))", re.IGNORECASE)

# after these (or at the start of a text) a quote opens
_OPENS_AFTER = set(" \t\n\u00a0([{\u2014\u2013-/\u201c\u2018\u00ab\u201e\u201a\u300c\u300e") | {""}


def quote_marks(language: str) -> tuple[str, str, str, str]:
    return QUOTES.get(language.replace("_", "-").split("-")[0].lower(), QUOTES["en"])


def is_us_english(language: str) -> bool:
    return language.replace("_", "-").lower() == "en-us"


class _Quoter:
    """One pass over one run of text (a paragraph, a note): remembers the character before."""

    def __init__(self, language: str, us: bool | None = None) -> None:
        self.marks = quote_marks(language)
        self.us = is_us_english(language) if us is None else us
        self.previous = ""
        self.open_single = 0
        # (list, index) of the node whose text ends with a closing mark, while nothing but
        # notes has come after it: a full stop or comma starting the next text moves into it
        self.closed_by: tuple[list[Inline], int] | None = None
        self.ends_closed = False
        self.inside_marks = 0  # inside a citation style's own double marks (a quoted title)

    def text(self, text: str) -> str:
        open_double, close_double, open_single, close_single = self.marks
        out: list[str] = []
        for index, ch in enumerate(text):
            before = out[-1][-1] if out else self.previous
            if ch == '"' and self.inside_marks:  # a quotation inside a quoted title: single marks
                out.append(open_single if before in _OPENS_AFTER else close_single + "\0")
            elif ch == '"':
                out.append(open_double if before in _OPENS_AFTER else close_double)
            elif ch == "'":
                if before in _OPENS_AFTER and _ELISION.match(text, index + 1):
                    out.append(close_single)  # ’90s, rock ’n’ roll, ’tis: an apostrophe, not a quote
                elif before in _OPENS_AFTER:
                    out.append(open_single)
                    self.open_single += 1
                else:
                    out.append(close_single)
                    if self.open_single:
                        self.open_single -= 1
                        out[-1] = close_single + "\0"  # a closing mark, not an apostrophe
            elif ch in ".," and self.us and out and out[-1] in (close_double, close_single + "\0"):
                out.insert(len(out) - 1, ch)
            else:
                out.append(ch)
        joined = "".join(out)
        result = joined.replace("\0", "")
        if result:
            self.previous = result[-1]
            self.ends_closed = joined.endswith((close_double, close_single + "\0"))
        return result

    def closing_mark(self, text: str) -> bool:
        """Whether ``text`` (a style's or a kept node's) ends with a closing mark of this language."""
        _, close_double, _, close_single = self.marks
        return text.endswith((close_double, close_single))

    def into_closing(self, text: str) -> str:
        """US English: a full stop or comma starting ``text`` moved into the mark closing the node
        before (``closed_by``); ``text`` without it."""
        if not (self.us and self.closed_by is not None and text[:1] in (".", ",")):
            return text
        nodes, index = self.closed_by
        before = nodes[index]
        nodes[index] = type(before)(before.text[:-1] + text[0] + before.text[-1])
        return text[1:]


def _inlines(nodes: list[Inline], quoter: _Quoter, language: str) -> None:
    for index, node in enumerate(nodes):
        if isinstance(node, Literal):  # kept as typed; still the character before the next one
            quoter.previous = node.text[-1:] or quoter.previous
            if node.text == quoter.marks[0]:  # a style's opening double mark: its title follows
                quoter.inside_marks += 1
            elif node.text == quoter.marks[1] and quoter.inside_marks:
                quoter.inside_marks -= 1
            quoter.closed_by = (nodes, index) if node.text and quoter.closing_mark(node.text) else None
        elif isinstance(node, Str):  # a new node: a Str may be shared by two notes (a repeated citation)
            text = quoter.into_closing(node.text)
            nodes[index] = Str(quoter.text(text))
            if text:
                quoter.closed_by = (nodes, index) if quoter.ends_closed else None
        elif isinstance(node, Note):  # a note is a text of its own, and invisible to the one around it
            _inlines(node.children, _Quoter(language, quoter.us), language)
            quoter.previous = "0"  # but its call is a character: a quote right after it closes
        elif isinstance(node, LineBreak):
            quoter.previous = " "
            quoter.closed_by = None
        elif isinstance(node, Link) and _is_url(node.children):
            continue  # a URL shown as itself stays exactly as written
        elif isinstance(node, (Emph, Strong, Span, Link, Change)):
            _inlines(node.children, quoter, language)


def _is_url(children: list[Inline]) -> bool:
    return len(children) == 1 and isinstance(children[0], Str) and "://" in children[0].text


def apply_typography(document: Document) -> Document:
    """Quotation marks of the document's language, in place, once per build (after the notes pass:
    the notes are in the blocks, and citation styles may write quotes too)."""
    language = document.meta.language or "en"
    # the title and subject too: the DOCX's core properties and the PDF's metadata show them
    # US punctuation where the submission itself says en-US: it moves the author's full stops,
    # so a format's en-US default (which names the language for Word) does not turn it on
    us = is_us_english(getattr(document.meta, "written_language", "") or language)
    document.meta.title = _Quoter(language, us).text(document.meta.title)
    document.meta.subject = _Quoter(language, us).text(document.meta.subject)
    for block in document.blocks:
        for inlines in block_inline_lists(block):
            _inlines(inlines, _Quoter(language, us), language)
    return document


def plain_quotes(text: str) -> str:
    """``text`` as the pass would print it in English: for tests and for the preview's search."""
    return _Quoter("en").text(text)
