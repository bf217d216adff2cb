"""What every citation style shares: the interface, and small builders of inline text.

A style turns one source into inline nodes in three forms: ``first`` (the full
reference), ``subsequent`` (a short form) and ``ibid``.  The base class puts
the items of a note together: semicolons between sources, the prefix ("see"),
a capital at the start of a note and the full stop at its end.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Sequence

from ..document import CiteItem, Emph, Inline, Link, Literal, Span, Str, guess_cjk_language, has_cjk
from . import kinds, pinpoint
from .pinpoint import Pinpoint
from .options import StyleOptions, merged
from .positions import Position

if TYPE_CHECKING:
    from ..bibliography import Reference

_MONTHS_US = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.",
              "Nov.", "Dec."]


_DATE_TIME = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?")


def _iso(value: str) -> tuple[int, int, int] | None:
    match = _DATE_TIME.fullmatch(value.strip())
    if not match:
        return None
    year, month, day = (int(g) if g else 0 for g in match.groups()[:3])
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return year, month, day


def _time(value: str) -> str:
    match = _DATE_TIME.fullmatch(value.strip())
    return f"{match.group(4)}:{match.group(5)}" if match and match.group(4) else ""


def format_date(value: str, form: str = "2 April 2021") -> str:
    """An ISO date in one of the forms of ``options.DateForm``; a range with an en dash, a time after it."""
    if "/" in value:
        start, _, end = value.partition("/")
        return "\u2013".join(format_date(v, form) for v in (start, end) if v and v != "..")
    parts = _iso(value)
    if parts is None:
        return value
    year, month, day = parts
    time = _time(value)
    if form == "2021-04-02":
        text = value.strip()[:10]
    elif not month:
        text = str(year)
    elif form == "April 2, 2021" or form == "Apr. 2, 2021":
        name = _MONTHS_US[month - 1] if form == "Apr. 2, 2021" else dt.date(year, month, 1).strftime("%B")
        text = f"{name} {day}, {year}" if day else f"{name} {year}"
    else:
        name = dt.date(year, month, 1).strftime("%B")
        text = f"{day} {name} {year}" if day else f"{name} {year}"
    return f"{text}, {time}" if time else text


def long_date(value: str) -> str:
    """``2021-04-02`` -> ``2 April 2021`` (UN and OSCOLA); other text is kept."""
    return format_date(value, "2 April 2021")


def us_date(value: str) -> str:
    """``2021-04-02`` -> ``Apr. 2, 2021`` (Bluebook, table T12)."""
    return format_date(value, "Apr. 2, 2021")


def year(value: str) -> str:
    parts = _iso(value)
    return str(parts[0]) if parts else value


def join(parts: Sequence[list[Inline]], sep: str = ", ") -> list[Inline]:
    """Non-empty parts with ``sep`` between them."""
    out: list[Inline] = []
    for part in parts:
        if not part:
            continue
        if out:
            out.append(Str(sep))
        out.extend(part)
    return out


def s(text: str | None) -> list[Inline]:
    return [Str(text)] if text else []


def quoted(inlines: list[Inline], open_: str, close: str) -> list[Inline]:
    # the style's own marks, as it chose them: the typography pass leaves a Literal alone
    return [Literal(open_), *inlines, Literal(close)] if inlines else []


def emph(inlines: list[Inline]) -> list[Inline]:
    return [Emph(inlines)] if inlines else []


def url(ref: "Reference") -> list[Inline]:
    address = ref.get("url")
    return [Link(address, [Str(address)])] if address else []


def symbol(ref: "Reference") -> list[Inline]:
    """A UN document symbol, linked to its page at undocs.org."""
    number = ref.get("number")
    if not number:
        return []
    if kinds.is_un_symbol(number):
        return [Link(kinds.undocs_url(number), [Str(number)])]
    return [Str(number)]


def short_title(ref: "Reference") -> str:
    return ref.get("shorttitle") or ref.get("title") or ref.key


def resolution_number(ref: "Reference") -> tuple[str, str] | None:
    """(organ, number) from a resolution's symbol: A/RES/47/133 -> ('A', '47/133')."""
    number = (ref.get("number") or "").strip()
    for pattern, organ in ((r"A/RES/(\d+/\d+)", "A"), (r"A/HRC/RES/(\d+/\d+)", "HRC"),
                           (r"S/RES/(\d+)(?:\s*\(\d{4}\))?", "S"), (r"E/RES/(\d+/\d+)", "E")):
        match = re.fullmatch(pattern, number)
        if match:
            return organ, match.group(1)
    return None


def first_page(pages: str | None) -> str:
    """``466–487`` -> ``466``: a journal article is cited by its first page."""
    return re.split(r"\s*[\u2013\-,]\s*", (pages or "").strip(), maxsplit=1)[0]


def capitalise_first(inlines: list[Inline]) -> list[Inline]:
    """A note starts with a capital: "Ibid.", "Id.", "See" (descends into emphasis and links)."""
    if not inlines:
        return inlines
    first = inlines[0]
    if isinstance(first, Str):
        if first.text[:1].islower():
            inlines[0] = Str(first.text[:1].upper() + first.text[1:])
    elif hasattr(first, "children") and not isinstance(first, Link):
        capitalise_first(first.children)
    return inlines


def ends_with_stop(inlines: list[Inline]) -> bool:
    if not inlines:
        return False
    last = inlines[-1]
    if isinstance(last, Str):
        return last.text.rstrip().endswith(".")
    if isinstance(last, Link):
        return False
    return ends_with_stop(getattr(last, "children", []))


# biblatex's langid names (as Better BibTeX writes them) for the languages a title may be in
_LANGIDS = {"korean": "ko", "chinese": "zh", "japanese": "ja", "russian": "ru", "arabic": "ar"}

# Fields that say something about the entry but never reach a note: read quietly.
METADATA_FIELDS = frozenset({
    "abstract", "keywords", "file", "langid", "langidopts", "language", "origlanguage", "entrysubtype",
    "shorttitle", "shortauthor", "sortkey", "sortname", "sorttitle", "presort", "label", "ids", "crossref",
    "xdata", "options", "annotation", "annote", "comment", "timestamp", "date-added", "date-modified",
    "owner", "groups", "ranking", "readstatus", "priority", "month", "year", "day", "issn", "isbn",
    "eprinttype", "eprintclass", "accessed", "citation-key", "hyphenation", "indextitle", "related",
    "relatedtype", "keywords", "library", "archiveprefix", "primaryclass", "mendeley-tags",
})


class Reading:
    """A reference as a style sees it, remembering which fields it read.

    A field the style never read cannot have reached the note: ``check`` reports it.
    """

    def __init__(self, ref: "Reference") -> None:
        self.ref = ref
        self.key, self.type, self.kind, self.loc = ref.key, ref.type, ref.kind, ref.loc
        self.names = ref.names
        self.read: set[str] = set()

    def get(self, name: str) -> str | None:
        self.read.add(name)
        return self.ref.fields.get(name)

    @property
    def fields(self) -> "_ReadingFields":
        return _ReadingFields(self)


class _ReadingFields:
    def __init__(self, reading: Reading) -> None:
        self.reading = reading

    def get(self, name: str, default: str | None = None) -> str | None:
        value = self.reading.get(name)
        return default if value is None else value

    def __getitem__(self, name: str) -> str:
        value = self.reading.get(name)
        if value is None:
            raise KeyError(name)
        return value

    def __contains__(self, name: str) -> bool:
        return name in self.reading.ref.fields


# Fields ``extras`` adds to a first citation when the style's own form of the kind did not
# print them, in biblatex's order (type, event, series and numbers, who published it, where).
EXTRA_FIELDS = ("type", "eventtitle", "venue", "eventdate", "series", "volume", "number", "issue",
                "howpublished", "institution", "organization", "publisher", "location", "pages",
                "note", "addendum")


class Style:
    """One citation style.  Subclasses give the three forms of each kind of source."""

    name = ""
    pinpoints = "un"  # which labels pinpoint.FORMS prints
    defaults = StyleOptions(titles=None, date_form="2 April 2021", url_form="Available at url",
                            before_url=". ", paragraph=None, original_title="[]", final_stop=True,
                            author_separator=", ", ibid="Ibid.", date_in_parentheses=True, max_names=0,
                            last_and=" and ")
    et_al = "et al."
    volume_word, number_word, pages_words = "vol. ", "No. ", ("p. ", "pp. ")
    omits: frozenset[str] = frozenset()  # note fields this style's guide leaves out (reported by check)
    # fields a kind's form leaves out because the rest implies them (a UN document's symbol
    # names its body): not added, and not reported
    implied: dict[str, tuple[str, ...]] = {}
    # fields a kind's form leaves out by this style's guide: not added, and reported by check
    leaves_out: dict[str, tuple[str, ...]] = {}

    def __init__(self, references: dict[str, "Reference"], options: StyleOptions | None = None):
        self.references = references
        self.options = merged(self.defaults, options) if options is not None else self.defaults
        counts: dict[str, int] = {}
        for ref in references.values():
            who = self.author(ref)
            if who:
                counts[who] = counts.get(who, 0) + 1
        # authors with several works: their short form needs the title too
        self.prolific = {who for who, n in counts.items() if n > 1}

    @property
    def terminal(self) -> str:
        return "." if self.options.final_stop else ""

    # -- the three forms (subclasses) --------------------------------------
    def first(self, ref: "Reference", pin: Pinpoint) -> list[Inline]:
        raise NotImplementedError

    def subsequent(self, ref: "Reference", pin: Pinpoint, first_note: int, note: int) -> list[Inline]:
        raise NotImplementedError

    def ibid(self, pin: Pinpoint) -> list[Inline]:
        raise NotImplementedError

    def ibid_word(self) -> list[Inline]:
        """"ibid." (a capital at the start of a note comes later), "ibid", or an italic "id."."""
        word = self.options.ibid or "Ibid."
        if word == "Id.":
            return [Emph([Str("id.")])]
        return [Str(word[:1].lower() + word[1:])]

    def prefix(self, text: str) -> list[Inline]:
        return [Str(text + " ")]

    def pin(self, pin: Pinpoint, short_page: str = "") -> str:
        text = pinpoint.render(pin, self.pinpoints, short_page)
        if pin.label == "paragraph" and self.options.paragraph:
            singular = self.options.paragraph
            plural = {"para.": "paras.", "paragraph": "paragraphs", "para": "paras", "¶": "¶¶"}[singular]
            text = f"{plural if pin.plural else singular} {pin.value}"
        return text

    # -- wording the options decide -------------------------------------------
    def date(self, value: str | None) -> str:
        return format_date(value or "", self.options.date_form or "2 April 2021")

    def work_title(self, inlines: list[Inline], own: str = "quoted") -> list[Inline]:
        """A work's title marked as the house style wants it, else as this style does (``own``)."""
        form = self.options.titles or own
        if not inlines:
            return []
        if form == "quoted":
            return quoted(inlines, "\u201c", "\u201d")
        if form == "straight-quoted":
            return quoted(inlines, '"', '"')
        if form == "single-quoted":
            return quoted(inlines, "\u2018", "\u2019")
        if form == "italic":
            return emph(inlines)
        return inlines

    def title(self, ref: "Reference", own: str | None = None) -> list[Inline]:
        """Title, subtitle and the original title; ``own`` marks it as a work's title."""
        text = ref.get("title") or ""
        subtitle = ref.get("subtitle")
        if subtitle:
            text = f"{text}: {subtitle}" if text else subtitle
        inlines = s(text)
        if own is not None:
            inlines = self.work_title(inlines, own)
        addon = ref.get("titleaddon")  # "Executive summary": after the title, outside its marks
        return inlines + self.original(ref, alone=not text) + ([Str(f", {addon}")] if addon else [])

    def original(self, ref: "Reference", alone: bool = False) -> list[Inline]:
        """`` [원제목]``: the title in its own language, in brackets, tagged for a CJK font."""
        orig = ref.get("origtitle")
        if not orig:
            return []
        # a CJK language is guessed only for CJK script: "[Testimonies of ...]" is no Chinese
        lang = ref.get("origlanguage") or _LANGIDS.get((ref.get("langid") or "").lower()) \
            or (guess_cjk_language(orig) if has_cjk(orig) else "")
        open_, close = (self.options.original_title or "[]")
        body: list[Inline] = [Span([Str(orig)], lang)] if lang else [Str(orig)]
        return [Str(("" if alone else " ") + open_), *body, Str(close)]

    def author(self, ref: "Reference", field: str | None = None) -> str:
        """The authors joined as this style joins them; without ``field``, author, editor or institution."""
        for name in ((field,) if field else ("author", "editor")):
            names = ref.names.get(name) if hasattr(ref, "names") else None
            if names is not None and names.names:
                getter = getattr(ref, "get")
                getter(name)  # read: the note prints it
                return names.join(self.options.last_and or " and ", self.options.max_names or 0, self.et_al)
            value = ref.get(name)
            if value:
                return value
        return "" if field else (ref.get("institution") or "")

    def by(self, who: str, rest: list[Inline]) -> list[Inline]:
        """``Author, Title ...`` with the house style's separator."""
        if not who:
            return rest
        return [Str(who + (self.options.author_separator or ", ")), *rest] if rest else [Str(who)]

    def accessed(self, value: str) -> str:
        return f" (accessed {self.date(value)})"

    def web(self, ref: "Reference") -> list[Inline]:
        """The address in the style's form, and when it was seen; [] without one."""
        link = url(ref)
        if not link:
            return []
        form = self.options.url_form or "Available at url"
        out = {"<url>": [Str("<"), *link, Str(">")], "url": link,
               "Available at url": [Str("Available at "), *link]}[form]
        if ref.get("urldate"):
            out = out + [Str(self.accessed(ref.get("urldate") or ""))]
        return out

    def with_web(self, body: list[Inline], ref: "Reference") -> list[Inline]:
        tail = self.web(ref)
        if not tail:
            return body
        return body + [Str(self.options.before_url if self.options.before_url is not None else ", ")] + tail

    def extras(self, ref: "Reference", skip: Sequence[str] = ()) -> list[Inline]:
        """The note fields this kind's form did not print (read): series, number, place, note ..."""
        read = getattr(ref, "read", None)
        if read is None:
            return []
        shown = {self.author(ref) if ref.get("author") or ref.get("editor") else ""}
        parts: list[list[Inline]] = []
        for name in EXTRA_FIELDS:
            if name in read or name in skip or name in self.omits:
                continue
            value = ref.get(name)
            if not value or value in shown:
                continue
            shown.add(value)
            parts.append(self.extra(name, value, ref))
        return join(parts)

    def more(self, ref: "Reference") -> list[Inline]:
        """The fields this kind's form leaves to ``extras``; a style calls it before the pinpoint."""
        return self.extras(ref, self.implied.get(ref.kind, ()) + self.leaves_out.get(ref.kind, ()))

    def extra(self, name: str, value: str, ref: "Reference") -> list[Inline]:
        if name == "eventdate":
            return s(self.date(value))
        if name == "volume":
            return s(self.volume_word + value)
        if name == "number":  # "No. 7"; a number with its own label ("Pub. L. No. 108-333") as written
            if kinds.is_un_symbol(value):
                return symbol(ref)
            return s(self.number_word + value if value[:1].isdigit() else value)
        if name == "pages":
            one, many = self.pages_words
            return s((many if re.search(r"[\u2013\-,]", value) else one) + value)
        return s(value)

    # -- one note ------------------------------------------------------------
    def full(self, ref: "Reference", pin: Pinpoint) -> tuple[list[Inline], Reading]:
        """The first citation, with any field its kind's form left out, and what it read."""
        reading = ref if isinstance(ref, Reading) else Reading(ref)
        body = self.first(reading, pin)  # type: ignore[arg-type]
        extra = self.more(reading)  # type: ignore[arg-type]
        if extra:
            body = join([body, extra])
        if "url" not in reading.read and reading.get("url"):
            body = self.with_web(body, reading)  # type: ignore[arg-type]
        return body, reading

    def citation(self, items: list[tuple[CiteItem, Position]], note: int,
                 at_start: bool, standalone: bool) -> list[Inline]:
        """The citations of one ``[@a; @b]``; ``standalone`` when they are the whole note."""
        parts: list[list[Inline]] = []
        for item, position in items:
            pin = pinpoint.parse(item.locator)
            kind = position.kind
            if kind == "ibid" and self.options.ibid == "none":
                kind = "subsequent"
            if kind == "ibid":
                body = self.ibid(pin if position.show_pinpoint else Pinpoint("", ""))
            elif kind == "first":
                body = self.full(self.references[item.key], pin)[0]
            else:
                body = self.subsequent(self.references[item.key], pin, position.first_note, note)
            parts.append((self.prefix(item.prefix) if item.prefix else []) + body)
        out = join(parts, "; ")
        if at_start:
            capitalise_first(out)
        if standalone and self.terminal and not ends_with_stop(out):
            out.append(Str(self.terminal))
        return out
