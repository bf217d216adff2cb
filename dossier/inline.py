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

import bisect
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

# A citation key as Pandoc and biblatex write them: a letter (any script), digit or '_',
# then those and internal punctuation; combining accents (a decomposed 'é') belong to it.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_KEY_BODY = rf"\w[\w{_MARKS}:.#$%&+?<>~/-]*"
_KEY = re.compile(rf"@({_KEY_BODY})")
# '@' where a citation's key would start: at the start of a part or after a space
# (an address such as info@example.org is text); '-@key' is Pandoc's "suppress author".
_CITE_AT = re.compile(r"(?:^|(?<=\s))(-?)@")
_URL = re.compile(r"<((?:https?|mailto):[^<>\s]+)>")
_PROVISION = re.compile(r"([A-Za-z0-9][A-Za-z0-9_-]*)/([^\s|\[\]]+)\s*(\|\s*cite\s*)?")
_PROVISION_START = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*/")
_LANG = re.compile(r"\{lang=([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\}")
_LANG_START = re.compile(r"\{\s*lang\b")
_ESCAPABLE = set("\\`*_{}[]()<>#+-.!@^~$\"'")
_SPECIAL = re.compile(r"[\\*\[\^<!]")  # characters that may start markup; the rest is copied in runs
_BRACKETS = re.compile(r"\\.|[\[\]]", re.S)  # a backslash hides the character after it
_PARENS = re.compile(r"[()]")
_CLOSE_PAIRS = re.compile(r"(?=\]\])")
# White space that content text folds into one space.  No-break, narrow no-break,
# thin and the other fixed-width spaces are typography ("10 000", "art. 3",
# "« quote »") and are kept as written.
FOLDED_SPACE = re.compile("[^\\S\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# Bidirectional overrides and isolates make text display in another order than it
# is stored (a "Trojan source"): a reader and a reviewer would see different words.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Link targets every output may carry: never javascript:, file: or a relative path.
SAFE_LINK = re.compile(r"(?:https?://|mailto:)[^\s<>\"\\]+")
# Emphasis inside links inside notes...: deeper than this is a mistake (and would
# exhaust the recursion of every writer), so it is reported instead.
MAX_NESTING = 24


class InlineProblem(Record):
    loc: Location
    message: str
    severity: str = "error"  # or "warning"


class ParsedText(Record):
    inlines: list[Inline]
    problems: list[InlineProblem] = field(default_factory=list)
    embedded: list[str] = field(default_factory=list)  # findings set in with ![[id]], nested ones too
    steps: int = 0  # the parser's work, in characters looked at (linear in the text's length)


class _Scan:
    """What the parser would otherwise search for again and again, found in one pass.

    Searching forward from every '[' or '*' made parsing quadratic: 20 KB of '['
    took 26 s.  Every search here is done once, so the parse is linear.
    """

    def __init__(self, text: str) -> None:
        self.bracket: dict[int, int] = {}  # '[' -> its ']' (escaped ones skipped)
        self.plain: set[int] = set()  # '[' whose text holds no other bracket
        stack: list[int] = []
        previous = -1  # the last bracket seen
        for match in _BRACKETS.finditer(text):
            at = match.start()
            if match.group() == "[":
                stack.append(at)
                previous = at
            elif match.group() == "]":
                if stack:
                    opening = stack.pop()
                    self.bracket[opening] = at
                    if previous == opening:
                        self.plain.add(opening)
                previous = at
        self.paren: dict[int, int] = {}
        stack = []
        for match in _PARENS.finditer(text):
            if match.group() == "(":
                stack.append(match.start())
            elif stack:
                self.paren[stack.pop()] = match.start()
        self.close_pairs = [m.start() for m in _CLOSE_PAIRS.finditer(text)]  # every ']]', overlapping

    def next_close_pair(self, start: int, stop: int) -> int:
        """The first ']]' at or after ``start`` that ends before ``stop``, or -1."""
        index = bisect.bisect_left(self.close_pairs, start)
        if index < len(self.close_pairs) and self.close_pairs[index] + 2 <= stop:
            return self.close_pairs[index]
        return -1


class _Parser:
    def __init__(self, text: Text | str):
        self.source = text
        self.text = FOLDED_SPACE.sub(" ", str(text)).strip(" ")
        self.scan = _Scan(self.text)
        self.limit = len(self.text)  # where the text being parsed ends (a sub-parse ends earlier)
        self.problems: list[InlineProblem] = []
        self.key_counts: dict[str, int] = {}
        self.depth = 0
        self.in_note = False
        self.in_link = False
        self.too_deep = False
        self.steps = 0
        self._closers: dict[str, dict[int, int]] = {"*": {}, "**": {}}
        self._seen: dict[str, tuple[int, int]] = {}  # needle -> (offset, occurrences before it)
        bidi = _BIDI_CONTROLS.search(self.text)
        if bidi:
            self.problem(bidi.group(), f"the text holds the invisible control character U+{ord(bidi.group()):04X} "
                         "(a bidirectional override), so it reads differently from its source; remove it",
                         bidi.start(), severity="warning")

    def locate(self, needle: str) -> Location:
        n = self.key_counts.get(needle, 0)
        self.key_counts[needle] = n + 1
        if isinstance(self.source, Text):
            return self.source.locate(needle, n)
        return Location("<text>")

    def problem(self, needle: str, message: str, at: int = -1, severity: str = "error") -> None:
        """Report ``message`` where ``needle`` is written (its occurrence at offset ``at``, if given)."""
        occurrence = self._occurrence(needle, at) if at >= 0 and needle else 0
        loc = self.source.locate(needle, occurrence) if isinstance(self.source, Text) else Location("<text>")
        self.problems.append(InlineProblem(loc, message, severity))

    def _occurrence(self, needle: str, at: int) -> int:
        """How many times ``needle`` is written before offset ``at``: counted on from the last
        question about the same needle, so 20,000 repeats of one mistake cost one pass."""
        offset, count = self._seen.get(needle, (0, 0))
        if at < offset:
            offset, count = 0, 0
        count += self.text.count(needle, offset, at)
        self.steps += at - offset
        self._seen[needle] = (at, count)
        return count

    # Each parse_* returns (inlines, end position).
    def parse(self, start: int = 0) -> tuple[list[Inline], int]:
        out: list[Inline] = []
        buf: list[str] = []
        text = self.text
        lim = self.limit
        scan = self.scan
        i = start

        def flush() -> None:
            if buf:
                out.append(Str("".join(buf)))
                buf.clear()

        while i < lim:
            self.steps += 1
            ch = text[i]
            if ch not in "\\*[^<!":
                special = _SPECIAL.search(text, i, lim)
                end = special.start() if special else lim
                buf.append(text[i:end])
                self.steps += end - i
                i = end
                continue
            if ch == "\\" and i + 1 < lim and text[i + 1] in _ESCAPABLE:
                if text[i + 1] in "\"'":  # kept as typed: the typography pass leaves a Literal alone
                    flush()
                    out.append(Literal(text[i + 1]))
                else:
                    buf.append(text[i + 1])
                i += 2
                continue
            if ch == "*":
                marker = "**" if text.startswith("**", i, lim) else "*"
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
            if ch == "!" and text.startswith("![[", i, lim):
                end = scan.next_close_pair(i + 3, lim)
                ident = text[i + 3 : end].strip() if end > 0 else ""
                if end < 0 or not re.fullmatch(r"[\w.:-]+", ident):
                    self.problem("![[", "'![[' must hold a finding id and close with ']]', as in ![[finding-id]]", i)
                    buf.append(text[i : i + 3])
                    i += 3
                    continue
                flush()
                out.append(Embed(ident, self.locate("![[" + text[i + 3 : end])))
                i = end + 2
                continue
            if ch == "^" and text.startswith("^[", i, lim):
                end = self._matching_bracket(i + 1)
                if end < 0:
                    self.problem("^[", "footnote '^[' is never closed with ']'", i)
                    buf.append(text[i:lim])
                    break
                flush()
                if self.in_note:  # Word and the PDF have no notes within notes
                    self.problem("^[", "a footnote cannot hold another footnote ('^[' inside '^[...]')", i)
                elif self.in_link:
                    self.problem("^[", "a footnote cannot be inside a link's text: put it after the link, "
                                 "as in [text](https://...)^[note]", i)
                self.in_note, was = True, self.in_note
                children, _ = _sub_parse(self, i + 2, end)
                self.in_note = was
                out.append(InlineNote(children))  # inside a note, citations stay in place
                i = end + 1
                continue
            if ch == "[" and text.startswith("[[", i, lim):
                close = scan.next_close_pair(i + 2, lim)
                provision = _PROVISION.fullmatch(text, i + 2, close) if close > 0 else None
                if provision:
                    flush()
                    loc = self.locate(text[i : close + 2])
                    out.append(ProvisionQuote(provision.group(1), provision.group(2),
                                              bool(provision.group(3)), loc))
                    i = close + 2
                    continue
                if close < 0 and _PROVISION_START.match(text, i + 2, lim):
                    self.problem("[[", "'[[' is never closed with ']]': a provision is quoted as "
                                 "[[instrument/article]]", i)
                    buf.append("[[")
                    i += 2
                    continue
            if ch == "[":
                end = self._matching_bracket(i)
                if end < 0:
                    if _KEY.match(text, i + 1, lim) or "@" in text[i : min(i + 40, lim)]:
                        self.problem(text[i : min(i + 12, lim)], "citation '[' is never closed with ']'", i)
                    buf.append(ch)
                    i += 1
                    continue
                if text.startswith("(", end + 1, lim):
                    close = self._matching_paren(end + 1)  # a URL may hold (balanced) parentheses
                    if close > 0:
                        flush()
                        out.append(self._link(i, end, close))
                        i = close + 1
                        continue
                lang = _LANG.match(text, end + 1, lim)
                if lang:
                    flush()
                    children, _ = _sub_parse(self, i + 1, end)
                    out.append(Span(children, lang.group(1)))
                    i = lang.end()
                    continue
                if _LANG_START.match(text, end + 1, lim):
                    brace = text.find("}", end + 1, min(end + 40, lim))
                    written = text[end + 1 : brace + 1] if brace > 0 else text[end + 1 : min(end + 20, lim)]
                    self.problem(written, f"'{written}' is not a language: write it as {{lang=ko}}, "
                                 "with a language tag such as ko, zh-Hans or en-GB", end + 1)
                if i in scan.plain and "@" in text[i + 1 : end]:
                    citation = self._citation(i, end)
                    if citation is not None:
                        flush()
                        out.append(citation)
                        i = end + 1
                        continue
                buf.append(ch)
                i += 1
                continue
            if ch == "<":
                url = _URL.match(text, i, lim)
                if url:
                    flush()
                    href = url.group(1)
                    label = href[len("mailto:") :] if href.startswith("mailto:") else href
                    if self.in_link:
                        self.problem("<", "a link cannot hold another link", i)
                    out.append(Link(href, [Str(label)]))
                    i = url.end()
                    continue
            buf.append(ch)
            i += 1
        flush()
        return out, i

    def _link(self, i: int, end: int, close: int) -> Link:
        """``[text](href)``: ``i`` is its '[', ``end`` its ']' and ``close`` its ')'."""
        text = self.text
        href = text[end + 2 : close].strip()
        if not SAFE_LINK.fullmatch(href):
            bad = next((c for c in href if c.isspace() or c in '<>"\\'), "")
            if bad and SAFE_LINK.match(href):
                shown = {" ": "a space"}.get(bad, f"'{bad}'")
                message = (f"link target '{href}' holds {shown}, which a web address cannot hold "
                           "as written: encode it (%20 for a space, %22 for '\"')")
            else:
                message = (f"link target '{href}' is not allowed: a link "
                           "must start with http://, https:// or mailto:")
            # an escaped character is written otherwise in the YAML: locate what comes before it
            self.problem(href[: href.index(bad)] if bad and href.index(bad) else (href or "]("), message, end + 2)
        if self.in_link:
            self.problem("[", "a link cannot hold another link", i)
        if not text[i + 1 : end].strip():
            self.problem("[", f"the link to '{href}' has no text: write it as [text]({href}), or <{href}> "
                         "to show the address itself", i)
        self.in_link, was = True, self.in_link
        children, _ = _sub_parse(self, i + 1, end)
        self.in_link = was
        return Link(href, children)

    def _find_closing(self, marker: str, start: int) -> int:
        """The closing ``marker`` of emphasis opened just before ``start``, or -1."""
        text = self.text
        if start < self.limit and text[start] == " ":
            return -1  # "* " is not emphasis
        found = self._closer(marker, start)
        return found if found >= 0 and found + len(marker) <= self.limit else -1

    def _closer(self, marker: str, position: int) -> int:
        """The first closing ``marker`` searching from ``position`` in the whole text.

        Remembered for every position the search passed through, so each stretch
        of text is searched once however many '*' open emphasis before it.
        """
        text = self.text
        memo = self._closers[marker]
        path: list[int] = []
        while True:
            if position in memo:
                found = memo[position]
                break
            path.append(position)
            j = text.find(marker, position)
            self.steps += (j if j >= 0 else len(text)) - position + 1
            if j < 0:
                found = -1
                break
            if text[j - 1] == "\\":
                position = j + 1
                continue
            if marker == "*" and text.startswith("**", j):
                if j + 2 < len(text) and text[j + 2] == " ":
                    found = -1
                    break
                after = self._closer("**", j + 2)
                if after < 0:
                    found = -1
                    break
                position = after + 2
                continue
            if text[j - 1] != " ":
                found = j
                break
            position = j + len(marker)
        for visited in path:
            memo[visited] = found
        return found

    def _matching_bracket(self, start: int) -> int:
        end = self.scan.bracket.get(start, -1)
        return end if end < self.limit else -1

    def _matching_paren(self, start: int) -> int:
        end = self.scan.paren.get(start, -1)
        return end if end < self.limit else -1

    def _citation(self, start: int, end: int) -> Citation | None:
        """``[...]`` from ``start`` to ``end`` when it is a citation; ``None`` when it is text.

        It is a citation when one of its ';'-separated parts has an '@' where a key
        starts; then every part must have one, or the citation would be dropped.
        """
        inner = self.text[start + 1 : end]
        self.steps += len(inner)
        parts = inner.split(";")
        if not any(_CITE_AT.search(part) for part in parts):
            return None  # "[info@example.org]", "[sic]"
        items: list[CiteItem] = []
        offset = start + 1
        for number, raw in enumerate(parts):
            at = offset + len(raw) - len(raw.lstrip())
            offset += len(raw) + 1
            part = raw.strip()
            marker = _CITE_AT.search(part)
            key_match = _KEY.match(part, marker.end() - 1) if marker else None
            if key_match is None:
                if not part:
                    where = "after the last ';'" if number == len(parts) - 1 else "between two ';'"
                    self.problem(self.text[start : min(start + 12, end + 1)],
                                 f"citation '[{_shorten(inner)}]' has an empty part {where}: "
                                 "remove the ';' or add a key", start)
                elif marker:
                    self.problem(part, f"citation part '{part}' has no key after '@': a key starts with "
                                 "a letter, digit or '_'", at)
                else:
                    self.problem(part, f"citation part '{part}' has no '@key'", at)
                continue
            key = key_match.group(1).rstrip(".:")
            if marker.group(1):
                self.problem("-@" + key, f"'-@{key}' asks to leave out the author, which only author-date "
                             f"styles print; footnotes cite the source in full: write '@{key}'", at + marker.start(),
                             severity="warning")
            prefix = part[: marker.start()].strip()
            locator = part[key_match.start(1) + len(key) :].strip()
            if locator.startswith(","):
                locator = locator[1:].strip()
            loc = self.locate("@" + key)
            items.append(CiteItem(key=key, locator=locator, prefix=prefix, loc=loc))
        if self.in_link:
            self.problem(self.text[start : min(start + 12, end + 1)], "a citation cannot be inside a link's text (its note would be a link "
                         "inside a link): put it after the link, as in [text](https://...) [@key]", start)
        return Citation(items, items[0].loc if items else None)


def _shorten(text: str, most: int = 60) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def _sub_parse(parser: _Parser, start: int, stop: int) -> tuple[list[Inline], int]:
    if parser.depth >= MAX_NESTING:
        if not parser.too_deep:
            parser.too_deep = True
            parser.problem(parser.text[start - 1 : start] or parser.text[start : start + 1],
                           f"markup is nested more than {MAX_NESTING} levels deep", max(start - 1, 0))
        return [Str(parser.text[start:stop])], stop
    saved = parser.limit
    parser.limit = stop
    parser.depth += 1
    try:
        return parser.parse(start)
    finally:
        parser.limit = saved
        parser.depth -= 1


_TRAILING_PUNCT = re.compile(r"^[.,;:]+")


def move_notes_after_punctuation(inlines: list[Inline]) -> list[Inline]:
    """``text [@a].`` becomes ``text.[@a]``: the marker follows the punctuation."""
    out: list[Inline] = []
    i = 0
    while i < len(inlines):
        node = inlines[i]
        if isinstance(node, (Citation, InlineNote)):
            if out and type(out[-1]) is Str and out[-1].text.endswith(" "):
                out[-1] = Str(out[-1].text.rstrip(" "))
            # several markers in a row (`[@a] [@b].`), with only spaces between: they move together
            run, j = [node], i + 1
            while j + 1 < len(inlines) and type(inlines[j]) is Str and not inlines[j].text.strip() \
                    and isinstance(inlines[j + 1], (Citation, InlineNote)):
                run.append(inlines[j + 1])
                j += 2
            nxt = inlines[j] if j < len(inlines) else None
            if type(nxt) is Str:
                punct = _TRAILING_PUNCT.match(nxt.text)
                if punct:
                    _append_text(out, punct.group())
                    rest = nxt.text[punct.end() :]
                    out.extend(run)
                    if rest:
                        out.append(Str(rest))
                    i = j + 1
                    continue
        out.append(node)
        i += 1
    return out


def _append_text(out: list[Inline], text: str) -> None:
    if out and type(out[-1]) is Str:  # not into a Literal: that would make it plain text
        out[-1] = Str(out[-1].text + text)
    else:
        out.append(Str(text))


def parse_inline(text: Text | str) -> ParsedText:
    parser = _Parser(text)
    inlines, _ = parser.parse()
    return ParsedText(move_notes_after_punctuation(inlines), parser.problems, steps=parser.steps)
