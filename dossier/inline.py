"""Light inline markup in content text, in the syntax Pandoc and Quarto users know.

    *emphasis*   **strong**   [text](https://…)   <https://…>
    [원제목]{lang=ko}            text in another language
    ![[finding-id]]             a one-paragraph finding, written once, set in here
    [@cat-co-chn-5, para. 47]   a citation; several are separated by ';'
    [[convention-against-torture/3(1)]]       a provision quoted from content/law/
    [[convention-against-torture/3(1)|cite]]  the same, with a note citing it
    [see @a, art. 3; @b]        with a prefix
    ^[Free text, may cite [@a].]  a footnote written in place
    \\*  \\[  \\@ …               a backslash keeps the next character literal

A citation written before a full stop or comma is moved after it, because in
English the note marker follows punctuation.
"""

from __future__ import annotations

import re
from dataclasses import field

from .document import (
    Citation,
    CiteItem,
    Embed,
    Emph,
    Inline,
    InlineNote,
    Link,
    Literal,
    ProvisionQuote,
    Span,
    Str,
    Strong,
)
from .errors import Location
from .records import Record
from .schema import Text

_KEY = re.compile(r"@([A-Za-z0-9_][A-Za-z0-9_:.#$%&+?<>~/-]*)")
_URL = re.compile(r"<((?:https?|mailto):[^<>\s]+)>")
_PROVISION = re.compile(r"([A-Za-z0-9][A-Za-z0-9_-]*)/([^\s|\[\]]+)\s*(\|\s*cite\s*)?")
_LANG = re.compile(r"\{lang=([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\}")
_ESCAPABLE = set("\\`*_{}[]()<>#+-.!@^~$\"'")
_SPECIAL = re.compile(r"[\\*\[\^<!]")  # characters that may start markup; the rest is copied in runs
# Link targets every output may carry: never javascript:, file: or a relative path.
SAFE_LINK = re.compile(r"(?:https?://|mailto:)[^\s<>\"\\]+")
# Emphasis inside links inside notes...: deeper than this is a mistake (and would
# exhaust the recursion of every writer), so it is reported instead.
MAX_NESTING = 24


class InlineProblem(Record):
    loc: Location
    message: str


class ParsedText(Record):
    inlines: list[Inline]
    problems: list[InlineProblem] = field(default_factory=list)
    embedded: list[str] = field(default_factory=list)  # findings set in with ![[id]], nested ones too


class _Parser:
    def __init__(self, text: Text | str):
        self.source = text
        self.text = re.sub(r"\s+", " ", str(text)).strip()
        self.problems: list[InlineProblem] = []
        self.key_counts: dict[str, int] = {}
        self.depth = 0
        self.in_note = False
        self.in_link = False

    def locate(self, needle: str) -> Location:
        n = self.key_counts.get(needle, 0)
        self.key_counts[needle] = n + 1
        if isinstance(self.source, Text):
            return self.source.locate(needle, n)
        return Location("<text>")

    def problem(self, needle: str, message: str, at: int = -1) -> None:
        """Report ``message`` where ``needle`` is written (its occurrence at offset ``at``, if given)."""
        occurrence = self.text.count(needle, 0, at) if at >= 0 and needle else 0
        loc = self.source.locate(needle, occurrence) if isinstance(self.source, Text) else Location("<text>")
        self.problems.append(InlineProblem(loc, message))

    # Each parse_* returns (inlines, end position).
    def parse(self, start: int = 0, stop: str | None = None) -> tuple[list[Inline], int]:
        out: list[Inline] = []
        buf: list[str] = []
        text = self.text
        i = start

        def flush() -> None:
            if buf:
                out.append(Str("".join(buf)))
                buf.clear()

        while i < len(text):
            ch = text[i]
            if ch not in "\\*[^<!" and stop is None:
                special = _SPECIAL.search(text, i)
                end = special.start() if special else len(text)
                buf.append(text[i:end])
                i = end
                continue
            if stop is not None and text.startswith(stop, i):
                flush()
                return out, i
            if ch == "\\" and i + 1 < len(text) and text[i + 1] in _ESCAPABLE:
                if text[i + 1] in "\"'":  # kept as typed: the typography pass leaves a Literal alone
                    flush()
                    out.append(Literal(text[i + 1]))
                else:
                    buf.append(text[i + 1])
                i += 2
                continue
            if ch == "*":
                marker = "**" if text.startswith("**", i) else "*"
                close = self._find_closing(marker, i + len(marker))
                if close > i + len(marker):
                    flush()
                    children, _ = _sub_parse(self, i + len(marker), close)
                    out.append(Strong(children) if marker == "**" else Emph(children))
                    i = close + len(marker)
                    continue
                buf.append(marker)
                i += len(marker)
                continue
            if ch == "!" and text.startswith("![[", i):
                end = text.find("]]", i + 3)
                ident = text[i + 3 : end].strip() if end > 0 else ""
                if end < 0 or not re.fullmatch(r"[A-Za-z0-9_.:-]+", ident):
                    self.problem("![[", "'![[' must hold a finding id and close with ']]', as in ![[finding-id]]")
                    buf.append(text[i : i + 3])
                    i += 3
                    continue
                flush()
                out.append(Embed(ident, self.locate("![[" + text[i + 3 : end])))
                i = end + 2
                continue
            if ch == "^" and text.startswith("^[", i):
                end = self._matching_bracket(i + 1)
                if end < 0:
                    self.problem("^[", "footnote '^[' is never closed with ']'")
                    buf.append(text[i:])
                    break
                flush()
                if self.in_note:  # Word and the PDF have no notes within notes
                    self.problem("^[", "a footnote cannot hold another footnote ('^[' inside '^[...]')", i)
                self.in_note, was = True, self.in_note
                children, _ = _sub_parse(self, i + 2, end)
                self.in_note = was
                out.append(InlineNote(children))  # inside a note, citations stay in place
                i = end + 1
                continue
            if ch == "[" and text.startswith("[[", i):
                close = text.find("]]", i + 2)
                provision = _PROVISION.fullmatch(text, i + 2, close) if close > 0 else None
                if provision:
                    flush()
                    loc = self.locate(text[i : close + 2])
                    out.append(ProvisionQuote(provision.group(1), provision.group(2),
                                              bool(provision.group(3)), loc))
                    i = close + 2
                    continue
            if ch == "[":
                end = self._matching_bracket(i)
                if end < 0:
                    if _KEY.match(text, i + 1) or "@" in text[i : i + 40]:
                        self.problem(text[i : i + 12], "citation '[' is never closed with ']'")
                    buf.append(ch)
                    i += 1
                    continue
                inner = text[i + 1 : end]
                after = text[end + 1 :]
                if after.startswith("("):
                    close = self._matching_paren(end + 1)  # a URL may hold (balanced) parentheses
                    if close > 0:
                        flush()
                        href = text[end + 2 : close].strip()
                        if not SAFE_LINK.fullmatch(href):
                            self.problem(href or "](", f"link target '{href}' is not allowed: a link "
                                         "must start with http://, https:// or mailto:", end + 2)
                        if self.in_link:
                            self.problem("[", "a link cannot hold another link", i)
                        self.in_link, was = True, self.in_link
                        children, _ = _sub_parse(self, i + 1, end)
                        self.in_link = was
                        out.append(Link(href, children))
                        i = close + 1
                        continue
                lang = _LANG.match(after)
                if lang:
                    flush()
                    children, _ = _sub_parse(self, i + 1, end)
                    out.append(Span(children, lang.group(1)))
                    i = end + 1 + lang.end()
                    continue
                if "@" in inner and _is_citation(inner):
                    flush()
                    out.append(self._citation(inner))
                    i = end + 1
                    continue
                buf.append(ch)
                i += 1
                continue
            if ch == "<":
                url = _URL.match(text, i)
                if url:
                    flush()
                    href = url.group(1)
                    label = href[len("mailto:") :] if href.startswith("mailto:") else href
                    out.append(Link(href, [Str(label)]))
                    i = url.end()
                    continue
            buf.append(ch)
            i += 1
        flush()
        return out, i

    def _find_closing(self, marker: str, start: int) -> int:
        text = self.text
        i = start
        if i < len(text) and text[i] == " ":
            return -1  # "* " is not emphasis
        while True:
            i = text.find(marker, i)
            if i < 0:
                return -1
            if text[i - 1] == "\\":
                i += 1
                continue
            if marker == "*" and text.startswith("**", i):
                after = self._find_closing("**", i + 2)
                if after < 0:
                    return -1
                i = after + 2
                continue
            if text[i - 1] != " ":
                return i
            i += len(marker)

    def _matching_bracket(self, start: int) -> int:
        depth = 0
        i = start
        text = self.text
        while i < len(text):
            ch = text[i]
            if ch == "\\":
                i += 2
                continue
            if ch == "[":
                depth += 1
            elif ch == "]":
                depth -= 1
                if depth == 0:
                    return i
            i += 1
        return -1

    def _matching_paren(self, start: int) -> int:
        depth = 0
        text = self.text
        for i in range(start, len(text)):
            if text[i] == "(":
                depth += 1
            elif text[i] == ")":
                depth -= 1
                if depth == 0:
                    return i
        return -1

    def _citation(self, inner: str) -> Citation:
        items: list[CiteItem] = []
        for part in inner.split(";"):
            part = part.strip()
            match = _KEY.search(part)
            if not match:
                self.problem(part or "[", f"citation part '{part}' has no '@key'")
                continue
            key = match.group(1).rstrip(".:")
            prefix = part[: match.start()].strip()
            locator = part[match.start() + 1 + len(key) :].strip()
            if locator.startswith(","):
                locator = locator[1:].strip()
            loc = self.locate("@" + key)
            items.append(CiteItem(key=key, locator=locator, prefix=prefix, loc=loc))
        return Citation(items, items[0].loc if items else None)


def _sub_parse(parser: _Parser, start: int, stop: int) -> tuple[list[Inline], int]:
    if parser.depth >= MAX_NESTING:
        if not any(p.message.startswith("markup is nested") for p in parser.problems):
            parser.problem(parser.text[start - 1 : start] or parser.text[start : start + 1],
                           f"markup is nested more than {MAX_NESTING} levels deep", max(start - 1, 0))
        return [Str(parser.text[start:stop])], stop
    saved = parser.text
    parser.text = saved[:stop]
    parser.depth += 1
    try:
        return parser.parse(start)
    finally:
        parser.text = saved
        parser.depth -= 1


def _is_citation(inner: str) -> bool:
    return all(_KEY.search(part) for part in inner.split(";"))


_TRAILING_PUNCT = re.compile(r"^[.,;:]+")


def move_notes_after_punctuation(inlines: list[Inline]) -> list[Inline]:
    """``text [@a].`` becomes ``text.[@a]``: the marker follows the punctuation."""
    out: list[Inline] = []
    i = 0
    while i < len(inlines):
        node = inlines[i]
        if isinstance(node, (Citation, InlineNote)):
            if out and isinstance(out[-1], Str) and out[-1].text.endswith(" "):
                out[-1] = Str(out[-1].text.rstrip(" "))
            nxt = inlines[i + 1] if i + 1 < len(inlines) else None
            if isinstance(nxt, Str):
                punct = _TRAILING_PUNCT.match(nxt.text)
                if punct:
                    _append_text(out, punct.group())
                    rest = nxt.text[punct.end() :]
                    out.append(node)
                    if rest:
                        out.append(Str(rest))
                    i += 2
                    continue
        out.append(node)
        i += 1
    return out


def _append_text(out: list[Inline], text: str) -> None:
    if out and isinstance(out[-1], Str):
        out[-1] = Str(out[-1].text + text)
    else:
        out.append(Str(text))


def parse_inline(text: Text | str) -> ParsedText:
    parser = _Parser(text)
    inlines, _ = parser.parse()
    return ParsedText(move_notes_after_punctuation(inlines), parser.problems)
