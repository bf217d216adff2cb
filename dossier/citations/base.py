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

from ..document import CiteItem, Emph, Inline, Link, Span, Str, guess_cjk_language
from . import kinds, pinpoint
from .pinpoint import Pinpoint
from .positions import Position

if TYPE_CHECKING:
    from ..bibliography import Reference

_MONTHS_US = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.",
              "Nov.", "Dec."]


def _iso(value: str) -> tuple[int, int, int] | None:
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
    if not match:
        return None
    year, month, day = (int(g) if g else 0 for g in match.groups())
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return year, month, day


def long_date(value: str) -> str:
    """``2021-04-02`` -> ``2 April 2021`` (UN and OSCOLA); other text is kept."""
    parts = _iso(value)
    if parts is None:
        return value
    year, month, day = parts
    if not month:
        return str(year)
    name = dt.date(year, month, 1).strftime("%B")
    return f"{day} {name} {year}" if day else f"{name} {year}"


def us_date(value: str) -> str:
    """``2021-04-02`` -> ``Apr. 2, 2021`` (Bluebook, table T12)."""
    parts = _iso(value)
    if parts is None:
        return value
    year, month, day = parts
    if not month:
        return str(year)
    return f"{_MONTHS_US[month - 1]} {day}, {year}" if day else f"{_MONTHS_US[month - 1]} {year}"


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
    return [Str(open_), *inlines, Str(close)] if inlines else []


def emph(inlines: list[Inline]) -> list[Inline]:
    return [Emph(inlines)] if inlines else []


def original_title(ref: "Reference") -> list[Inline]:
    """`` [원제목]``: the title in its own language, in brackets, tagged for a CJK font."""
    orig = ref.get("origtitle")
    if not orig:
        return []
    lang = ref.get("origlanguage") or guess_cjk_language(orig)
    return [Str(" ["), Span([Str(orig)], lang), Str("]")]


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


def author(ref: "Reference") -> str:
    return ref.get("author") or ref.get("editor") or ref.get("institution") or ""


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


class Style:
    """One citation style.  Subclasses give the three forms of each kind of source."""

    name = ""
    pinpoints = "un"  # which labels pinpoint.FORMS prints
    terminal = "."  # a note made of citations ends with this

    def __init__(self, references: dict[str, "Reference"]):
        self.references = references
        counts: dict[str, int] = {}
        for ref in references.values():
            who = author(ref)
            if who:
                counts[who] = counts.get(who, 0) + 1
        # authors with several works: their short form needs the title too
        self.prolific = {who for who, n in counts.items() if n > 1}

    # -- the three forms (subclasses) --------------------------------------
    def first(self, ref: "Reference", pin: Pinpoint) -> list[Inline]:
        raise NotImplementedError

    def subsequent(self, ref: "Reference", pin: Pinpoint, first_note: int, note: int) -> list[Inline]:
        raise NotImplementedError

    def ibid(self, pin: Pinpoint) -> list[Inline]:
        raise NotImplementedError

    def prefix(self, text: str) -> list[Inline]:
        return [Str(text + " ")]

    def pin(self, pin: Pinpoint, short_page: str = "") -> str:
        return pinpoint.render(pin, self.pinpoints, short_page)

    # -- one note ------------------------------------------------------------
    def citation(self, items: list[tuple[CiteItem, Position]], note: int,
                 at_start: bool, standalone: bool) -> list[Inline]:
        """The citations of one ``[@a; @b]``; ``standalone`` when they are the whole note."""
        parts: list[list[Inline]] = []
        for item, position in items:
            pin = pinpoint.parse(item.locator)
            if position.kind == "ibid":
                body = self.ibid(pin if position.show_pinpoint else Pinpoint("", ""))
            elif position.kind == "first":
                body = self.first(self.references[item.key], pin)
            else:
                body = self.subsequent(self.references[item.key], pin, position.first_note, note)
            parts.append((self.prefix(item.prefix) if item.prefix else []) + body)
        out = join(parts, "; ")
        if at_start:
            capitalise_first(out)
        if standalone and self.terminal and not ends_with_stop(out):
            out.append(Str(self.terminal))
        return out
