"""UN editorial practice, as OHCHR and the treaty bodies write their footnotes.

First citation in full; "Ibid." for the previous note's source (with its new
pinpoint: "Ibid., para. 30."); a short form otherwise: the symbol for a UN
document (``CAT/C/CHN/CO/5, para. 47``), the short title for a treaty or law,
author and short title for other works.  Dates as ``2 April 2021``; web
addresses after "Available at"; UN symbols link to undocs.org.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..document import Emph, Inline, Link, Str
from . import kinds
from .base import (Style, author, emph, join, long_date, original_title, quoted, resolution_number,
                   s, short_title, symbol, url, year)
from .pinpoint import Pinpoint

if TYPE_CHECKING:
    from ..bibliography import Reference

_ORGANS = {"A": "General Assembly", "HRC": "Human Rights Council", "S": "Security Council",
           "E": "Economic and Social Council"}


def _q(text: str) -> list[Inline]:
    return quoted([Str(text)], "\u201c", "\u201d")


class UnStyle(Style):
    name = "un"
    pinpoints = "un"

    # -- first citation, by kind -------------------------------------------
    def first(self, ref: "Reference", pin: Pinpoint) -> list[Inline]:
        where = s(self.pin(pin))
        kind = ref.kind
        if kind == "treaty":
            return join([s(ref.get("title")), s(long_date(ref.get("date") or "")), self._series(ref), where])
        if kind == "resolution":
            return join([s(ref.get("title")), self._resolution(ref, with_date=True), where])
        if kind == "national-law":
            return join([s(ref.get("title")) + original_title(ref), s(long_date(ref.get("date") or "")), where])
        if kind in ("concluding-observations", "upr-report", "un-document"):
            # by descriptive title and symbol, with paragraph numbers
            body = s(ref.get("institution")) if kind == "concluding-observations" else []
            return join([body, s(ref.get("title")) + original_title(ref), symbol(ref), where])
        if kind == "book":
            published = join([s(ref.get("publisher")), s(year(ref.get("date") or ""))])
            title = emph(s(ref.get("title"))) + original_title(ref) + (quoted(published, " (", ")"))
            return self._available(join([s(author(ref)), title, where]), ref)
        if kind == "article":
            outlet = [Emph([Str(ref.get("journaltitle") or "")])]
            return self._available(join([s(ref.get("author")), _q(ref.get("title") or "") + original_title(ref),
                                         outlet, s(long_date(ref.get("date") or "")), where]), ref)
        if kind == "online":
            site = ref.get("organization") or ref.get("publisher") or ""
            who = author(ref)
            return self._available(join([s(who), _q(ref.get("title") or "") + original_title(ref),
                                         s(site if site != who else ""),
                                         s(long_date(ref.get("date") or "")), where]), ref)
        if kind == "misc":
            return self._available(join([s(author(ref)), s(ref.get("title")) + original_title(ref),
                                         s(long_date(ref.get("date") or "")), where]), ref)
        # a report: NGO, institution, or one with a publication number
        date = long_date(ref.get("date") or "")
        title = _q(ref.get("title") or "") + original_title(ref) + ([Str(f" ({date})")] if date else [])
        return self._available(join([s(author(ref)), title, symbol(ref), where]), ref)

    # -- later citations -----------------------------------------------------
    def subsequent(self, ref: "Reference", pin: Pinpoint, first_note: int, note: int) -> list[Inline]:
        where = s(self.pin(pin))
        kind = ref.kind
        if kind in ("concluding-observations", "upr-report", "un-document"):
            return join([symbol(ref), where])  # a UN document's short form is its symbol
        if kind in ("treaty", "national-law"):
            return join([s(short_title(ref)), where])
        if kind == "resolution":
            short = ref.get("shorttitle")
            return join([s(short) if short else self._resolution(ref, with_date=False), where])
        who = author(ref) or (ref.get("journaltitle") if kind == "article" else "")
        if kind == "misc":
            title = s(short_title(ref))
        else:
            title = [Emph([Str(short_title(ref))])] if kind == "book" else _q(short_title(ref))
        return join([s(who), title, where])

    def ibid(self, pin: Pinpoint) -> list[Inline]:
        return join([[Str("ibid.")], s(self.pin(pin))])

    # -- pieces -------------------------------------------------------------
    @staticmethod
    def _series(ref: "Reference") -> list[Inline]:
        series = (ref.get("series") or "UNTS").replace(".", "").upper()
        if series == "UNTS":
            return [Str("United Nations, "), Emph([Str("Treaty Series")]),
                    Str(f", vol. {ref.get('volume')}, p. {ref.get('pages')}")]
        return [Str(f"{ref.get('series')}, vol. {ref.get('volume')}, p. {ref.get('pages')}")]

    @staticmethod
    def _resolution(ref: "Reference", with_date: bool) -> list[Inline]:
        """General Assembly resolution 47/133 of 18 December 1992, linked to the resolution."""
        parsed = resolution_number(ref)
        if parsed:
            words = f"{_ORGANS[parsed[0]]} resolution {parsed[1]}"
        else:
            words = ref.get("note") or f"resolution {ref.get('number')}"
        if with_date and ref.get("date"):
            words += f" of {long_date(ref.get('date') or '')}"
        number = ref.get("number") or ""
        return [Link(kinds.undocs_url(number), [Str(words)])] if kinds.is_un_symbol(number) else [Str(words)]

    @staticmethod
    def _available(body: list[Inline], ref: "Reference") -> list[Inline]:
        """"... 2 April 2021. Available at https://... (accessed 1 May 2021)" (UN Editorial Manual)."""
        link = url(ref)
        if not link:
            return body
        out = body + [Str(". Available at ")] + link
        if ref.get("urldate"):
            out.append(Str(f" (accessed {long_date(ref.get('urldate') or '')})"))
        return out
