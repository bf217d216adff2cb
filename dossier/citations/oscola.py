"""OSCOLA, 4th edition (Oxford University Standard for the Citation of Legal Authorities).

"ibid" in lower case and without a full stop (a capital at the start of a
note: "Ibid para 30."); later citations as a short form with a cross-reference
to the note of the full citation: "NKHR (n 1) 5", "Refugee Convention (n 3)
art 33(1)"; national legislation by its short title alone.  Titles of reports
and books in italics, of articles and web pages in single quotes; web
addresses in angle brackets; no full stops in abbreviations ("art", "para").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..document import Inline, Str
from .base import Style, emph, first_page, join, resolution_number, s, short_title, symbol, year
from .options import StyleOptions
from .pinpoint import Pinpoint

if TYPE_CHECKING:
    from ..bibliography import Reference

_ORGANS = {"A": "UNGA", "HRC": "UNHRC", "S": "UNSC", "E": "ECOSOC"}
_UN_DOCUMENTS = ("concluding-observations", "upr-report", "un-document")


class OscolaStyle(Style):
    name = "oscola"
    pinpoints = "oscola"
    defaults = StyleOptions(titles=None, date_form="2 April 2021", url_form="<url>", before_url=" ",
                            paragraph=None, original_title="[]", final_stop=True, author_separator=", ",
                            ibid="ibid", date_in_parentheses=True, max_names=3, last_and=" and ")
    et_al = "and others"
    volume_word, number_word, pages_words = "vol ", "no ", ("", "")
    implied = {"national-law": ("eventdate", "date"), "resolution": ("note",)}

    # OSCOLA names no place of publication, nor the place of a UN document
    leaves_out = {kind: ("location",) for kind in ("concluding-observations", "upr-report", "un-document",
                                                   "report", "book")}

    def _q(self, text: str) -> list[Inline]:
        return self.work_title(s(text), "single-quoted")

    def accessed(self, value: str) -> str:
        return f" accessed {self.date(value)}"

    def _with_pin(self, body: list[Inline], pin: Pinpoint, ref: "Reference | None" = None) -> list[Inline]:
        """A page follows with a space ("(2021) 5"), a labelled pinpoint with a comma (", art 3")."""
        if ref is not None:
            body = join([body, self.more(ref)])
        text = self.pin(pin)
        if not text:
            return body
        return body + [Str((" " if pin.label == "page" else ", ") + text)]

    def first(self, ref: "Reference", pin: Pinpoint) -> list[Inline]:
        kind = ref.kind
        get = ref.get
        if kind == "treaty":
            series = (get("series") or "UNTS").replace(".", "")
            body = [Str(f"{get('title')} (adopted {self.date(get('date'))}, entered into force "
                        f"{self.date(get('eventdate'))}) {get('volume')} {series} {get('pages')}")]
            if get("shorttitle") and get("shorttitle") != get("title"):
                body.append(Str(f" ({get('shorttitle')})"))  # the short form the later notes use
            return self._with_pin(body, pin, ref)
        if kind == "resolution":
            body = join([s(get("title")), self._resolution(ref) + [Str(f" ({self.date(get('date'))})")]])
            body += [Str(" UN Doc ")] + symbol(ref)
            return self._with_pin(body, pin, ref)
        if kind == "national-law":
            title = get("title") or ""
            when = year(get("date") or "")
            if when and when not in title:
                title += f" {when}"  # UK practice: the year belongs to the short title
            return self._with_pin([Str(title)] + self.original(ref, alone=not title), pin, ref)
        if kind in _UN_DOCUMENTS:
            date = self.date(get("date"))
            body = join([s(get("institution")), self.title(ref, "single-quoted")
                         + ([Str(f" ({date})")] if date else [])])
            return self.with_web(self._with_pin(body + [Str(" UN Doc ")] + symbol(ref), pin, ref), ref)
        if kind == "article":
            title = self.title(ref, "single-quoted")
            if get("volume"):  # a journal: (year) volume(issue) journal first page, pinpoint
                issue = f"({get('number')})" if get("number") else ""
                text = self.pin(pin)
                body = self.by(self.author(ref, "author"), title + [Str(
                    f" ({year(get('date') or '')}) {get('volume')}{issue} {get('journaltitle')} "
                    f"{first_page(get('pages'))}".rstrip() + (f", {text}" if text else ""))])
                return self.with_web(join([body, self.more(ref)]), ref)
            else:  # a newspaper or news agency
                body = self.by(self.author(ref, "author"), title + [Str(" ")] + emph(s(get("journaltitle")))
                               + [Str(f" ({self.date(get('date'))})")])
            return self.with_web(self._with_pin(body, pin, ref), ref)
        if kind == "online":
            who = self.author(ref)
            site = get("organization") or get("publisher") or ""
            inside = ", ".join(x for x in (site if site != who else "", self.date(get("date"))) if x)
            body = self.by(who, self.title(ref, "single-quoted") + ([Str(f" ({inside})")] if inside else []))
            return self.with_web(self._with_pin(body, pin, ref), ref)
        if kind == "misc":
            body = self.by(self.author(ref), self.title(ref))
            if get("date"):
                body.append(Str(f" ({self.date(get('date'))})"))
            return self.with_web(self._with_pin(body, pin, ref), ref)
        # reports and books: italic title, (publisher year)
        who = self.author(ref)
        publisher = get("publisher") or (get("institution") if get("institution") != who else "")
        series = " ".join(x for x in (get("series") or "", f"vol {get('volume')}" if get("volume") else "") if x)
        inside = ", ".join(x for x in (series, " ".join(x for x in (publisher or "", year(get("date") or "")) if x))
                           if x)
        body = self.by(who, self.title(ref, "italic") + ([Str(f" ({inside})")] if inside else []))
        if get("number") and kind == "report":
            body.append(Str(f" {get('number')}"))
        return self.with_web(self._with_pin(body, pin, ref), ref)

    def subsequent(self, ref: "Reference", pin: Pinpoint, first_note: int, note: int) -> list[Inline]:
        kind = ref.kind
        cross = f" (n {first_note})" if first_note != note else ""
        if kind == "national-law":  # legislation is cited by its short title, without (n X)
            return self._with_pin(s(short_title(ref)), pin)
        if kind == "treaty":
            body = s(short_title(ref))
        elif kind == "resolution":
            body = s(ref.get("shorttitle")) or self._resolution(ref)
        elif kind in _UN_DOCUMENTS:
            body = ([Str("UN Doc ")] + symbol(ref)) if not ref.get("shorttitle") else \
                join([s(ref.get("institution")), self._q(short_title(ref))])
        else:
            who = self.author(ref) or (ref.get("journaltitle") if kind == "article" else "") or ""
            title = self.work_title(s(short_title(ref)), "italic") if kind in ("report", "book") else self._q(short_title(ref))
            # "Bloggs (n 4)": the author alone, unless several of their works are cited
            body = s(who) if who and who not in self.prolific else join([s(who), title])
        text = self.pin(pin)
        return body + [Str(cross + (f" {text}" if text else ""))]

    def ibid(self, pin: Pinpoint) -> list[Inline]:
        text = self.pin(pin)
        return self.ibid_word() + ([Str(f" {text}")] if text else [])

    @staticmethod
    def _resolution(ref: "Reference") -> list[Inline]:
        """UNGA Res 47/133 (the symbol that follows it carries the link)."""
        parsed = resolution_number(ref)
        return [Str(f"{_ORGANS[parsed[0]]} Res {parsed[1]}" if parsed else (ref.get("note") or ref.get("number") or ""))]
