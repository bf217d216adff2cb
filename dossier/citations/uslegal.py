"""US legal citation (after The Bluebook), for written statements to Congress.

"Id." (italic; "id." inside a sentence) for the previous note's source, with
a pinpoint after it ("Id. ¶ 30.", "Id. at 5."); later citations as "NKHR,
supra note 1, at 5."; statutes by their short title alone (Bluebook forbids
supra for them).  Treaties put the article after the name; UN documents carry
"U.N. Doc." and the symbol; dates as "Apr. 2, 2021"; signals in italics.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..document import Emph, Inline, Link, Str
from . import kinds
from .base import Style, first_page, join, resolution_number, s, short_title, symbol, year
from .options import StyleOptions
from .pinpoint import Pinpoint

if TYPE_CHECKING:
    from ..bibliography import Reference

_ORGANS = {"A": "G.A. Res.", "HRC": "Human Rights Council Res.", "S": "S.C. Res.", "E": "E.S.C. Res."}
_SIGNALS = {"see", "see also", "cf.", "compare", "but see", "but cf.", "see generally", "e.g.,",
            "see, e.g.,", "accord", "contra", "see id."}
_UN_DOCUMENTS = ("concluding-observations", "upr-report", "un-document")


class UsLegalStyle(Style):
    name = "us-legal"
    pinpoints = "us-legal"
    defaults = StyleOptions(titles=None, date_form="Apr. 2, 2021", url_form="url", before_url=", ",
                            paragraph=None, original_title="[]", final_stop=True, author_separator=", ",
                            ibid="Id.", date_in_parentheses=True, max_names=2, last_and=" & ")
    volume_word, number_word, pages_words = "vol. ", "No. ", ("", "")
    omits = frozenset({"venue"})  # a hearing is cited by its committee and Congress, not its room
    implied = {"treaty": ("eventdate",), "resolution": ("note",), "upr-report": ("date",)}
    leaves_out = {kind: ("location",) for kind in ("concluding-observations", "upr-report", "un-document")}

    def accessed(self, value: str) -> str:
        return f" (last visited {self.date(value)})"

    def prefix(self, text: str) -> list[Inline]:
        return [Emph([Str(text)]), Str(" ")] if text.lower() in _SIGNALS else [Str(text + " ")]

    def _paren(self, *parts: str) -> list[Inline]:
        inside = ", ".join(p for p in parts if p)
        return [Str(f" ({inside})")] if inside else []

    def _tail(self, body: list[Inline], ref: "Reference") -> list[Inline]:
        return self.with_web(join([body, self.more(ref)]), ref)

    def _hereinafter(self, ref: "Reference") -> list[Inline]:
        short = ref.get("shorttitle")
        if short and short != ref.get("title"):
            return [Str(" [hereinafter "), Emph([Str(short)]), Str("]")]
        return []

    def first(self, ref: "Reference", pin: Pinpoint) -> list[Inline]:
        kind = ref.kind
        get = ref.get
        at = self.pin(pin)  # a bare page in a full citation: "Title 5 (2021)"
        if kind == "treaty":
            series = "U.N.T.S." if (get("series") or "UNTS").replace(".", "").upper() == "UNTS" else get("series")
            head = [Str((get("title") or "") + (f" {at}" if at else ""))]
            return join([head, s(self.date(get("date"))),
                         s(f"{get('volume')} {series} {get('pages')}"), self.more(ref)]) + self._hereinafter(ref)
        if kind == "resolution":
            return join([self.title(ref), self._resolution(ref), self.more(ref)]) + \
                [Str((f", {at}" if at else "") + f" ({self.date(get('date'))})")] + self._hereinafter(ref)
        if kind == "national-law":
            # Bluebook 21.x: a foreign law is "promulgated"; a law in English is dated by its year
            foreign = bool(get("origtitle"))
            when = year(get("date") or "")
            dates = [f"promulgated {self.date(get('date'))}" if foreign else (when if when not in (get("title") or "")
                                                                               else "")]
            if get("eventdate"):
                dates.append(f"effective {self.date(get('eventdate'))}")
            body = self.title(ref) + self._paren(*dates)
            return join([body, self.more(ref), s(at)])
        if kind in _UN_DOCUMENTS:
            return self._tail(join([s(get("institution")), self.title(ref), s(at),
                                    [Str("U.N. Doc. ")] + symbol(ref) + self._paren(self.date(get("date")))]),
                              ref)
        if kind == "article":
            title = self.title(ref, "italic")
            if get("volume"):  # a journal: 12 J. Name 34, 36 (2020); no issue number (Bluebook 16.4)
                get("number")
                where = f"{get('volume')} {get('journaltitle')} {first_page(get('pages'))}".rstrip()
                body = self.by(self.author(ref, "author"), join([title, s(where + (f", {at}" if at else ""))]))
                return self._tail(body + self._paren(year(get("date") or "")), ref)
            body = self.by(self.author(ref, "author"), join([title, s(get("journaltitle"))])) + \
                self._paren(self.date(get("date")))
            return self._tail(join([body, s(f"at {at}" if at and pin.label == "page" else at)]), ref)
        if kind == "online":
            who = self.author(ref)
            site = get("organization") or get("publisher") or ""
            body = self.by(who, join([self.title(ref, "italic"), s(site if site != who else "")])) + \
                self._paren(self.date(get("date")))
            return self._tail(join([body, s(f"at {at}" if at and pin.label == "page" else at)]), ref)
        if kind == "misc":
            body = self.by(self.author(ref), self.title(ref))
            return self._tail(join([body, s(at)]) + self._paren(year(get("date") or "")), ref)
        # reports and books: Author, Title pin (Publisher date), URL
        who = self.author(ref)
        publisher = get("publisher") or (get("institution") if get("institution") != who else "")
        when = self.date(get("date")) if kind == "report" else year(get("date") or "")
        body = self.by(who, self.title(ref, "italic") + (s(f" {at}") if at else []) + self._paren(publisher or "", when))
        if get("number") and kind == "report":
            body = join([body, s(get("number"))])
        return self._tail(body, ref)

    def subsequent(self, ref: "Reference", pin: Pinpoint, first_note: int, note: int) -> list[Inline]:
        kind = ref.kind
        at = self.pin(pin, short_page="at")
        if kind == "national-law":  # no supra for statutes (Bluebook rule 4.2)
            return join([s(short_title(ref)), s(at)])
        if kind in ("treaty", "resolution"):
            body = s(ref.get("shorttitle")) or (s(ref.get("title")) if kind == "treaty" else self._resolution(ref))
        else:
            who = self.author(ref) or (ref.get("journaltitle") if kind == "article" else "") or ""
            title = s(short_title(ref)) if kind in _UN_DOCUMENTS else self.work_title(s(short_title(ref)), "italic")
            body = s(who) if who and who not in self.prolific else join([s(who), title])
        supra = [Str(", "), Emph([Str("supra")]), Str(f" note {first_note}")] if first_note != note else []
        return join([body + supra, s(at)])

    def ibid(self, pin: Pinpoint) -> list[Inline]:
        at = self.pin(pin, short_page="at")
        return self.ibid_word() + ([Str(f" {at}")] if at else [])

    @staticmethod
    def _resolution(ref: "Reference") -> list[Inline]:
        parsed = resolution_number(ref)
        number = ref.get("number") or ""
        if parsed:
            words = f"{_ORGANS[parsed[0]]} {parsed[1]}"
        else:
            words = f"U.N. Doc. {number}"
        return [Link(kinds.undocs_url(number), [Str(words)])] if kinds.is_un_symbol(number) else [Str(words)]
