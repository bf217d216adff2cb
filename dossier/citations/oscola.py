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
from .base import (Style, author, emph, join, long_date, original_title, quoted, resolution_number, s,
                   short_title, symbol, url, year)
from .pinpoint import Pinpoint

if TYPE_CHECKING:
    from ..bibliography import Reference

_ORGANS = {"A": "UNGA", "HRC": "UNHRC", "S": "UNSC", "E": "ECOSOC"}
_UN_DOCUMENTS = ("concluding-observations", "upr-report", "un-document")


def _q(text: str) -> list[Inline]:
    return quoted([Str(text)], "\u2018", "\u2019")


class OscolaStyle(Style):
    name = "oscola"
    pinpoints = "oscola"

    def _with_pin(self, body: list[Inline], pin: Pinpoint) -> list[Inline]:
        """A page follows with a space ("(2021) 5"), a labelled pinpoint with a comma (", art 3")."""
        text = self.pin(pin)
        if not text:
            return body
        return body + [Str((" " if pin.label == "page" else ", ") + text)]

    def _web(self, body: list[Inline], ref: "Reference") -> list[Inline]:
        link = url(ref)
        if not link:
            return body
        out = body + [Str(" <"), *link, Str(">")]
        if ref.get("urldate"):
            out.append(Str(f" accessed {long_date(ref.get('urldate') or '')}"))
        return out

    def first(self, ref: "Reference", pin: Pinpoint) -> list[Inline]:
        kind = ref.kind
        get = ref.get
        if kind == "treaty":
            series = (get("series") or "UNTS").replace(".", "")
            body = [Str(f"{get('title')} (adopted {long_date(get('date') or '')}, entered into force "
                        f"{long_date(get('eventdate') or '')}) {get('volume')} {series} {get('pages')}")]
            if get("shorttitle") and get("shorttitle") != get("title"):
                body.append(Str(f" ({get('shorttitle')})"))  # the short form the later notes use
            return self._with_pin(body, pin)
        if kind == "resolution":
            body = join([s(get("title")), self._resolution(ref) + [Str(f" ({long_date(get('date') or '')})")]])
            body += [Str(" UN Doc ")] + symbol(ref)
            return self._with_pin(body, pin)
        if kind == "national-law":
            title = get("title") or ""
            when = year(get("date") or "")
            if when and when not in title:
                title += f" {when}"  # UK practice: the year belongs to the short title
            return self._with_pin([Str(title)] + original_title(ref), pin)
        if kind in _UN_DOCUMENTS:
            date = long_date(get("date") or "")
            body = join([s(get("institution")), _q(get("title") or "") + original_title(ref)
                         + ([Str(f" ({date})")] if date else [])])
            return self._web(self._with_pin(body + [Str(" UN Doc ")] + symbol(ref), pin), ref)
        if kind == "article":
            title = _q(get("title") or "") + original_title(ref)
            if get("volume"):  # a journal: (year) volume journal first page
                body = join([s(get("author")), title + [Str(f" ({year(get('date') or '')}) {get('volume')} "
                                                           f"{get('journaltitle')} {get('pages') or ''}".rstrip())]])
            else:  # a newspaper or news agency
                body = join([s(get("author")), title + [Str(" ")] + emph(s(get("journaltitle")))
                             + [Str(f" ({long_date(get('date') or '')})")]])
            return self._web(self._with_pin(body, pin), ref)
        if kind == "online":
            who = author(ref)
            site = get("organization") or get("publisher") or ""
            inside = ", ".join(x for x in (site if site != who else "", long_date(get("date") or "")) if x)
            body = join([s(who), _q(get("title") or "") + original_title(ref)
                         + ([Str(f" ({inside})")] if inside else [])])
            return self._web(self._with_pin(body, pin), ref)
        if kind == "misc":
            body = join([s(author(ref)), s(get("title")) + original_title(ref)])
            if get("date"):
                body.append(Str(f" ({long_date(get('date') or '')})"))
            return self._web(self._with_pin(body, pin), ref)
        # reports and books: italic title, (publisher year)
        who = author(ref)
        publisher = get("publisher") or (get("institution") if get("institution") != who else "")
        inside = " ".join(x for x in (publisher or "", year(get("date") or "")) if x)
        body = join([s(who), emph(s(get("title"))) + original_title(ref)
                     + ([Str(f" ({inside})")] if inside else [])])
        if get("number") and kind == "report":
            body.append(Str(f" {get('number')}"))
        return self._web(self._with_pin(body, pin), ref)

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
                join([s(ref.get("institution")), _q(short_title(ref))])
        else:
            who = author(ref) or (ref.get("journaltitle") if kind == "article" else "") or ""
            title = emph(s(short_title(ref))) if kind in ("report", "book") else _q(short_title(ref))
            # "Bloggs (n 4)": the author alone, unless several of their works are cited
            body = s(who) if who and who not in self.prolific else join([s(who), title])
        text = self.pin(pin)
        return body + [Str(cross + (f" {text}" if text else ""))]

    def ibid(self, pin: Pinpoint) -> list[Inline]:
        text = self.pin(pin)
        return [Str("ibid" + (f" {text}" if text else ""))]

    @staticmethod
    def _resolution(ref: "Reference") -> list[Inline]:
        """UNGA Res 47/133 (the symbol that follows it carries the link)."""
        parsed = resolution_number(ref)
        return [Str(f"{_ORGANS[parsed[0]]} Res {parsed[1]}" if parsed else (ref.get("note") or ref.get("number") or ""))]
