"""Footnotes as written, parsed into sources with pinpoints.

``parse_note("NKHR, “Blood Coal …” (2 April 2021), <https://…>")`` gives one
source with an author, a quoted title, a date and a URL.  A note is split at
the semicolons that stand outside quotes and brackets; each part may be an
"Ibid."/"Id." or "supra note N" pointing back, a UN document (its symbol), or a
source with authors, a quoted or italic title (``*Title*``, as the importer
marks italics), a bracketed original-language title, an outlet or publisher,
a date in any common form and a URL.  Each part says how sure the parse is:
the importer keeps a note it is not sure of word for word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..citations import pinpoint as pinpoints

_MONTHS = {m: i for i, names in enumerate((
    (), ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
    ("october", "oct"), ("november", "nov"), ("december", "dec"))) for m in names}
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATES = [
    (re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MONTH})\s+(?P<y>\d{{4}})\b", re.I), "dmy"),
    (re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b", re.I), "mdy"),
    (re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"), "iso"),
    (re.compile(r"(?P<y>\d{4})\s*년\s*(?P<m>\d{1,2})\s*월(?:\s*(?P<d>\d{1,2})\s*일)?"), "cjk"),
    (re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?"), "cjk"),
    (re.compile(r"\b(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})\b"), "dmy-num"),
    (re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<y>\d{{4}})\b", re.I), "my"),
    (re.compile(r"(?<![\d/])\((?P<y>(?:19|20)\d{2})\)"), "y"),
    (re.compile(r"(?<![\d/.-])(?P<y>(?:19|20)\d{2})(?![\d/-])"), "y"),
]
# A UN document symbol: an organ's letters, then two or more parts after slashes (CAT/C/CHN/CO/5).
SYMBOL = re.compile(r"(?<![\w/])(?:[A-Z][A-Z0-9.]*)(?:/(?:[A-Z0-9][A-Za-z0-9.\-()]*|Add\.\d+|Rev\.\d+|Corr\.\d+)){2,}")
_URL = re.compile(r"<((?:https?://|www\.)[^<>\s]+)>|((?:https?://|www\.)[^\s<>]+)")
_AVAILABLE = re.compile(r"[,.]?\s*(?:\(?(?:last\s+)?(?:accessed|visited|retrieved)(?:\s+on)?\s+[^),]*\)?|"
                        r"available\s+(?:at|from|online)\s*:?)\s*", re.I)
_PREFIX = re.compile(r"^(see also|see, e\.g\.,|see, for example,|see generally|see|cf\.|compare|also|e\.g\.,)\s+", re.I)
_IBID = re.compile(r"^(?:ibid|id)\.?(?:,?\s*(?P<pin>.+?))?\.?$", re.I)
# "MLDN, op. cit., p. 40": the work of that author cited last (no note number given)
_OP_CIT = re.compile(r"^(?P<who>\S.*?),?\s*(?:op\.?\s*cit|loc\.?\s*cit)\.?(?:,?\s*(?P<pin>.+))?$", re.I)
_SUPRA = re.compile(r"^(?P<who>.*?),?\s*(?:supra\s+note|supra\s+n\.?|above\s+n(?:ote)?\.?)\s*(?P<n>\d+)(?:,?\s*(?P<pin>.+))?$", re.I)
_OSCOLA_BACK = re.compile(r"^(?P<who>.*?)\s*\(n (?P<n>\d+)\)\s*(?P<pin>.*)$")
_PIN = re.compile(r"(?:,\s*|\s+)(?P<pin>(?:paras?\.?|paragraphs?|arts?\.|articles?|pp?\.|¶¶?|§§?|sects?\.|"
                  r"chaps?\.|annex|at)\s*[\dA-Za-z()\u2013\-,\s.&]*?\d[\dA-Za-z()\u2013\-]*)\s*$")
_QUOTED = re.compile(r"[“\"](?P<t>[^”\"]+?)[,.]?[”\"]|‘(?P<s>[^’]+?)[,.]?’(?!\w)|(?<![\w*])\*(?P<i>[^*]+)\*(?!\*)")
_BRACKETED = re.compile(r"\s*\[(?P<o>[^\]]+)\]")
# the words a UN document's descriptive title starts with ("Report of the Working Group ...");
# a part before the symbol that starts otherwise, without a colon or "resolution", is its body
_UN_TITLE = re.compile(r"(?:Report|Annual report|Final report|Interim report|Concluding observations|Compilation|"
                       r"Summary|General (?:comment|recommendation)|Views|Decision|Resolution|Declaration|"
                       r"Letter|Note by|List of issues|Replies|Observations|Situation|Question|Draft|Joint|"
                       r"Opinion|Communication|Detailed findings|Conclusions)\b", re.I)
_CJK = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


@dataclass
class NoteSource:
    text: str  # the part as written
    prefix: str = ""  # "see", "cf."
    pinpoint: str = ""  # as dossier's content writes it: "para. 47", "art. 3(1)"
    back: str = ""  # "ibid", "supra" or "op-cit"
    back_note: int = 0  # supra note N
    fields: dict[str, str] = field(default_factory=dict)  # biblatex fields found: title, author, date, url, number ...
    sure: bool = False
    italic_title: bool = False  # the title was in italics (a book, a journal)
    italic_outlet: bool = False  # after a quoted title, in italics: a newspaper or journal


@dataclass
class ParsedNote:
    text: str
    sources: list[NoteSource]

    @property
    def sure(self) -> bool:
        return bool(self.sources) and all(s.sure for s in self.sources)


def parse_note(text: str) -> ParsedNote:
    body = text.strip()
    body = re.sub(r"\.\s*$", "", body)
    parts = [p.strip() for p in split_sources(body) if p.strip()]
    return ParsedNote(text, [parse_source(p) for p in parts])


def split_sources(text: str) -> list[str]:
    """At semicolons outside quotes, brackets and parentheses (and not inside a URL)."""
    parts, depth, quote, start = [], 0, "", 0
    i = 0
    while i < len(text):
        c = text[i]
        if c in "([<":
            depth += 1
        elif c in ")]>" and depth:
            depth -= 1
        elif c == "“":
            quote = "”"
        elif c == quote:
            quote = ""
        elif c == '"':
            quote = "" if quote == '"' else ('"' if not quote else quote)
        elif c == ";" and not depth and not quote:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    parts.append(text[start:])
    return parts


def parse_source(part: str) -> NoteSource:
    source = NoteSource(part)
    rest = part.strip().rstrip(".")
    prefix = _PREFIX.match(rest)
    if prefix:
        source.prefix = prefix.group(1).lower()
        rest = rest[prefix.end():]
    ibid = _IBID.match(rest)
    if ibid:
        source.back, source.sure = "ibid", True
        source.pinpoint = normalise_pinpoint(ibid.group("pin") or "")
        return source
    back = _SUPRA.match(rest) or _OSCOLA_BACK.match(rest)
    if back:
        source.back, source.back_note, source.sure = "supra", int(back.group("n")), True
        source.pinpoint = normalise_pinpoint((back.group("pin") or "").strip(" ,"))
        if back.group("who"):
            source.fields["author"] = back.group("who").strip(" ,")
        return source
    op_cit = _OP_CIT.match(rest)
    if op_cit:
        source.back, source.sure = "op-cit", True
        source.pinpoint = normalise_pinpoint((op_cit.group("pin") or "").strip(" ,"))
        source.fields["author"] = op_cit.group("who").strip(" ,")
        return source
    found = source.fields
    url = _URL.search(rest)
    if url:
        address = (url.group(1) or url.group(2)).rstrip(".,;)")
        found["url"] = address if address.startswith("http") else "https://" + address
        rest = (rest[:url.start()] + rest[url.end():]).strip()
        accessed = re.search(r"(?:accessed|visited|retrieved)(?:\s+on)?\s+([^),;]+(?:,\s*\d{4})?)", rest, re.I)
        if accessed and _find_date(accessed.group(1)) and len(_find_date(accessed.group(1))[0]) == 10:
            found["urldate"] = _find_date(accessed.group(1))[0]
        rest = _AVAILABLE.sub(" ", rest).strip(" ,.")
    treaty = _UNTS.search(rest)
    if treaty:  # "Title, 16 December 1966, United Nations, Treaty Series, vol. 999, p. 171, art. 12"
        found["volume"] = treaty.group("v") or treaty.group("v2")
        found["pages"] = treaty.group("p") or treaty.group("p2")
        found["series"] = "UNTS"
        before, after = rest[:treaty.start()].strip(" ,"), rest[treaty.end():]
        pin = _PIN.search(after)
        if pin:
            source.pinpoint = normalise_pinpoint(pin.group("pin"))
        date = _find_date(before)
        if date:
            found["date"] = date[0]
            before = before[:date[1][0]].strip(" ,")
        found["title"] = before
        return source  # a treaty is reused from references.bib, never made from a note
    pin = _PIN.search(rest)
    if pin:
        source.pinpoint = normalise_pinpoint(pin.group("pin"))
        rest = rest[:pin.start()].strip(" ,")
    symbol = SYMBOL.search(rest)
    if symbol:
        found["number"] = symbol.group(0).rstrip(".,")
        before, after = rest[:symbol.start()], rest[symbol.end():]
        before = re.sub(r"\b(?:UN|U\.N\.)\s+Doc\.?\s*$", "", before.strip(" ,")).strip(" ,")
        # US legal form: the pinpoint before "U.N. Doc. SYMBOL" ("..., ¶ 42, U.N. Doc. CERD/C/...")
        pin_before = _PIN.search(before)
        if pin_before and not source.pinpoint:
            source.pinpoint = normalise_pinpoint(pin_before.group("pin"))
            before = before[:pin_before.start()].strip(" ,")
        rest = (before + " " + after).strip()
    quoted = _QUOTED.search(rest)
    if quoted:
        found["title"] = (quoted.group("t") or quoted.group("s") or quoted.group("i")).strip()
        source.italic_title = bool(quoted.group("i"))
        before, after = rest[:quoted.start()], rest[quoted.end():]
        original = _BRACKETED.match(after)
        if original:
            found["origtitle"] = original.group("o").strip()
            after = after[original.end():]
        date = _find_date(after) or _find_date(before)
        if date:
            found["date"], span, in_after = date[0], date[1], date[2]
            if in_after:
                after = after[:span[0]] + after[span[1]:]
            else:
                before = before[:span[0]] + before[span[1]:]
        authors = before.strip(" ,.:")
        if authors:
            found["author"] = authors
        outlet = re.sub(r"[()]", " ", after)
        outlet = re.sub(r"\s+", " ", outlet).strip(" ,.")
        italic = re.fullmatch(r"\*([^*]+)\*(?P<rest>.*)", outlet)  # *Busan Ilbo*: the markup is not the name
        if italic:
            _issue(italic.group("rest"), found)  # "*Journal* vol. 39, no. 2, pp. 45-52" (제39권 2호, 45–52쪽)
            outlet, source.italic_outlet = italic.group(1).strip(), True
        place = re.fullmatch(r"(?P<place>[A-Z][^\W\d_]+(?: [A-Z][^\W\d_]+){0,2}):\s*(?P<publisher>[^/]+)", outlet)
        if place and "doc" not in place.group("place").lower():  # "(Seoul: NKDB, 2023)": place, publisher
            found["location"], outlet = place.group("place").strip(), place.group("publisher").strip()
        if outlet:
            found["publisher"] = outlet
        source.sure = True
        return source
    date = _find_date(rest)
    if date:
        found["date"] = date[0]
        rest = (rest[:date[1][0]] + rest[date[1][1]:])
    rest = re.sub(r"\(\s*\)", "", rest).strip(" ,.")
    original = re.search(r"\s*\[(?P<o>[^\]]+)\]\s*$", rest)
    if original and _CJK.search(original.group("o")):
        found["origtitle"] = original.group("o").strip()
        rest = rest[:original.start()].strip(" ,")
    pieces = [p.strip() for p in re.split(r",\s+", rest) if p.strip()]
    if pieces and found.get("number") and _is_un_title(pieces[0]):
        # "Report of the Working Group on the Universal Periodic Review: ..., A/HRC/42/10": the
        # words before a UN symbol are the document's title, commas and all
        found["title"] = ", ".join(pieces)
    elif len(pieces) >= 2:
        found["author"], found["title"] = pieces[0], ", ".join(pieces[1:])
    elif pieces and found.get("number"):
        found["author"] = pieces[0]  # "UN General Assembly, A/RES/47/133": the body, the title untold
    elif pieces:
        found["title"] = pieces[0]
    # sure only when something identifies the source beyond its words (a symbol, a URL): a dated
    # sentence may be prose; the importer still reuses it when the references hold that title
    source.sure = bool(found.get("number") or found.get("url"))
    return source


# the United Nations Treaty Series, in full or as "999 UNTS 171"
_UNTS = re.compile(r",?\s*(?:(?:United Nations,?\s*Treaty Series|U\.?N\.?T\.?S\.?),?\s*vol\.?\s*(?P<v>\d+),?"
                   r"\s*(?:No\.\s*[\d-]+,?\s*)?(?:p\.?\s*)?(?P<p>\d+)"
                   r"|(?P<v2>\d+)\s+U\.?N\.?T\.?S\.?\s+(?P<p2>\d+))", re.I)
_VOLUME = re.compile(r"(?:\bvol\.?\s*|제\s*)(?P<v>\d+)\s*권?", re.I)
_NUMBER = re.compile(r"(?:\bno\.?\s*(?P<n>\d+)|(?P<k>\d+)\s*호)", re.I)
_PAGES = re.compile(r"(?:\bpp?\.?\s*)?(?P<p>\d+\s*[–-]\s*\d+)\s*(?:쪽|면)?")


def _issue(text: str, found: dict[str, str]) -> None:
    """A journal's volume, number and pages after its name, in English or Korean form."""
    volume, number, pages = _VOLUME.search(text), _NUMBER.search(text), _PAGES.search(text)
    if volume:
        found["volume"] = volume.group("v")
    if number:  # not "number": that is a UN document's symbol to the importer
        found["journal_number"] = number.group("n") or number.group("k")
    if pages:
        found["pages"] = re.sub(r"\s*[–-]\s*", "-", pages.group("p"))


def _is_un_title(text: str) -> bool:
    """Whether the words before a UN symbol are a title ("Report of ...", "Human Rights Council
    resolution 55/21", "Situation of human rights: ...") rather than the body ("UN General Assembly")."""
    return bool(_UN_TITLE.match(text) or re.search(r"\bresolution\b|:", text, re.I))


def _find_date(text: str) -> tuple[str, tuple[int, int], bool] | None:
    for pattern, form in _DATES:
        matches = list(pattern.finditer(text))
        if not matches:
            continue
        match = matches[-1]
        year = int(match.group("y"))
        month_text = match.groupdict().get("m")
        if month_text is None:
            return f"{year:04d}", _with_parentheses(text, match.span()), True
        month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text.lower().rstrip("."), 0)
        day = match.groupdict().get("d")
        if form == "dmy-num" and month > 12:
            month, day = int(day), str(month)
        if not 1 <= month <= 12:
            continue
        if day:
            return f"{year:04d}-{month:02d}-{int(day):02d}", _with_parentheses(text, match.span()), True
        return f"{year:04d}-{month:02d}", _with_parentheses(text, match.span()), True
    return None


def _with_parentheses(text: str, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    while start and text[start - 1] in " ,":
        start -= 1
    return start, end


def normalise_pinpoint(text: str) -> str:
    """A pinpoint as any style printed it -> as content writes it (``¶ 47`` -> ``para. 47``)."""
    text = text.strip(" ,.")
    if not text:
        return ""
    parsed = pinpoints.parse(text)
    if not parsed.label:
        return text
    value = parsed.value.replace("\u2013", "-")
    return pinpoints.render(pinpoints.Pinpoint(parsed.label, value), "un") if parsed.label != "page" or \
        text[:1].lower() == "p" else f"p. {value}"


def is_cjk(text: str) -> bool:
    return bool(_CJK.search(text))
