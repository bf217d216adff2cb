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
from .base import Style, join, quoted, resolution_number, s, short_title, symbol, year
from .pinpoint import Pinpoint

if TYPE_CHECKING:
    from ..bibliography import Reference

_ORGANS = {"A": "General Assembly", "HRC": "Human Rights Council", "S": "Security Council",
           "E": "Economic and Social Council"}


class UnStyle(Style):
    name = "un"
    pinpoints = "un"
    # implied by the symbol or the kind, as UN documents are cited: not added, not reported
    implied = {"treaty": ("eventdate",), "national-law": ("eventdate",), "upr-report": ("institution", "date"),
               "un-document": ("institution", "date"), "concluding-observations": ("date",),
               "resolution": ("note",),
               "report": ("institution",)}  # printed as the author when there is no author

    leaves_out = {kind: ("location",) for kind in ("concluding-observations", "upr-report", "un-document")}

    def _q(self, text: str) -> list[Inline]:
        return self.work_title(s(text), "quoted")

    # -- first citation, by kind -------------------------------------------
    def first(self, ref: "Reference", pin: Pinpoint) -> list[Inline]:
        where = s(self.pin(pin))
        kind = ref.kind
        more = self.more
        if kind == "treaty":
            return join([self.title(ref), s(self.date(ref.get("date"))), self._series(ref), more(ref), where])
        if kind == "resolution":
            return join([self.title(ref), self._resolution(ref, with_date=True), more(ref), where])
        if kind == "national-law":
            return join([self.title(ref), s(self.date(ref.get("date"))), more(ref), where])
        if kind in ("concluding-observations", "upr-report", "un-document"):
            # by descriptive title and symbol, with paragraph numbers
            body = s(ref.get("institution")) if kind == "concluding-observations" else []
            return join([body, self.title(ref), symbol(ref), more(ref), where])
        if kind == "book":
            published = join([s(ref.get("location")), s(ref.get("publisher")), s(year(ref.get("date") or ""))])
            title = self.title(ref, "italic") + (quoted(published, " (", ")"))
            return self.with_web(self.by(self.author(ref), join([title, more(ref), where])), ref)
        if kind == "article":
            outlet = [Emph([Str(ref.get("journaltitle") or "")])]
            return self.with_web(self.by(self.author(ref, "author"),
                                         join([self.title(ref, "quoted"), outlet, s(self.date(ref.get("date"))),
                                               more(ref), where])), ref)
        if kind == "online":
            site = ref.get("organization") or ref.get("publisher") or ""
            who = self.author(ref)
            return self.with_web(self.by(who, join([self.title(ref, "quoted"), s(site if site != who else ""),
                                                    s(self.date(ref.get("date"))), more(ref), where])), ref)
        if kind == "misc":
            return self.with_web(self.by(self.author(ref), join([self.title(ref), s(self.date(ref.get("date"))),
                                                                 more(ref), where])), ref)
        # a report: NGO, institution, or one with a publication number
        date = self.date(ref.get("date"))
        who = self.author(ref)
        # a person's report published by an institution: "(Jamestown Foundation, June 2020)";
        # an organisation named as author is that institution ("NKHR", as the seed cites it)
        institution = ref.get("institution") or "" if _by_a_person(ref) else ""
        published = ", ".join(x for x in (institution if institution != who else "", date) if x)
        title = self.title(ref, "quoted") + ([Str(f" ({published})")] if published else [])
        return self.with_web(self.by(who, join([title, symbol(ref), more(ref), where])), ref)

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
        who = self.author(ref) or (ref.get("journaltitle") if kind == "article" else "")
        if kind == "misc":
            title = s(short_title(ref))
        else:
            title = self.work_title(s(short_title(ref)), "italic" if kind == "book" else "quoted")
        return join([self.by(who or "", title), where])

    def ibid(self, pin: Pinpoint) -> list[Inline]:
        return join([self.ibid_word(), s(self.pin(pin))])

    # -- pieces -------------------------------------------------------------
    @staticmethod
    def _series(ref: "Reference") -> list[Inline]:
        series = (ref.get("series") or "UNTS").replace(".", "").upper()
        if series == "UNTS":
            return [Str("United Nations, "), Emph([Str("Treaty Series")]),
                    Str(f", vol. {ref.get('volume')}, p. {ref.get('pages')}")]
        return [Str(f"{ref.get('series')}, vol. {ref.get('volume')}, p. {ref.get('pages')}")]

    def _resolution(self, ref: "Reference", with_date: bool) -> list[Inline]:
        """General Assembly resolution 47/133 of 18 December 1992, linked to the resolution."""
        parsed = resolution_number(ref)
        if parsed:
            words = f"{_ORGANS[parsed[0]]} resolution {parsed[1]}"
        else:
            words = ref.get("note") or f"resolution {ref.get('number')}"
        if with_date and ref.get("date"):
            words += f" of {self.date(ref.get('date'))}"
        number = ref.get("number") or ""
        return [Link(kinds.undocs_url(number), [Str(words)])] if kinds.is_un_symbol(number) else [Str(words)]


def _by_a_person(ref: "Reference") -> bool:
    """Whether an author of ``ref`` is a person (a name split into parts), not an organisation."""
    names = ref.names.get("author") if hasattr(ref, "names") else None
    return names is not None and any(not name.corporate for name in names.names)
