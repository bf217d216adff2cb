"""The "simple" style: the full reference in every note, the pinpoint appended.

For content that wants no ibid and no short forms (and as the smallest
example of a style): author, title (quoted for a work by an author and for a
web page), the original title, the symbol or number, the date, then every
other field a note carries (type, series, institution, place, pages, note ...)
and the address.  No full stop at the end unless a house style asks for one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..document import CiteItem, Inline, Str
from . import pinpoint
from .base import Style, capitalise_first, ends_with_stop, join, s, symbol
from .options import StyleOptions
from .positions import Position

if TYPE_CHECKING:
    from ..bibliography import Reference


class SimpleStyle(Style):
    name = "simple"
    defaults = StyleOptions(titles="quoted", date_form="2 April 2021", url_form="url", before_url=", ",
                            paragraph=None, original_title="[]", final_stop=False, author_separator=", ",
                            ibid="none", date_in_parentheses=True, max_names=0, last_and=" and ")
    implied = {"treaty": ("eventdate",), "national-law": ("eventdate",),
               "concluding-observations": ("institution",), "upr-report": ("institution",),
               "un-document": ("institution",)}  # a UN document: its symbol names its body

    def reference(self, ref: "Reference") -> list[Inline]:
        who = self.author(ref, "author") or self.author(ref, "editor")
        # a work by an author, and a web page, have their title quoted
        title = self.title(ref, self.options.titles or "quoted") if (who or ref.type == "online") \
            else self.title(ref)
        parts: list[list[Inline]] = [title or s(ref.key)]
        if ref.kind == "article":
            parts.append(s(ref.get("journaltitle")))
        number = ref.get("number") if ref.kind != "article" else None  # an article's number is its issue
        if number:
            parts.append(symbol(ref))
        date = self.date(ref.get("date"))
        at_end: list[Inline] = []
        if date and who and self.options.date_in_parentheses:
            parts[-1] = parts[-1] + [Str(f" ({date})")]
        elif date and who:
            at_end = s(date)
        elif date and not number:  # a UN document is identified by its symbol
            at_end = s(date)
        parts.append(self.more(ref))
        parts.append(at_end)
        return self.with_web(self.by(who, join(parts)), ref)

    def item(self, item: CiteItem, ref: "Reference") -> list[Inline]:
        out: list[Inline] = []
        if item.prefix:
            out.append(Str(item.prefix + " "))
        out.extend(self.full(ref, pinpoint.Pinpoint("", ""))[0])
        if item.locator:
            # the pinpoint as written, unless a house style names the paragraph's label
            shown = self.pin(pinpoint.parse(item.locator)) if self.options.paragraph else item.locator
            out.append(Str(", " + shown))
        return out

    def first(self, ref: "Reference", pin: pinpoint.Pinpoint) -> list[Inline]:
        return self.reference(ref)

    def citation(self, items: list[tuple[CiteItem, Position]], note: int,
                 at_start: bool, standalone: bool) -> list[Inline]:
        out: list[Inline] = []
        for i, (item, _) in enumerate(items):  # every citation in full: positions do not matter
            if i:
                out.append(Str("; "))
            out.extend(self.item(item, self.references[item.key]))
        if at_start:
            capitalise_first(out)
        if standalone and self.terminal and not ends_with_stop(out):
            out.append(Str(self.terminal))
        return out
