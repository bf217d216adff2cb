"""The "simple" style: the full reference in every note, the pinpoint appended.

Kept as it was before the legal styles existed, for content that wants no
ibid and no short forms (and as the smallest example of a style).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..document import CiteItem, Inline, Link, Span, Str
from .base import Style, capitalise_first, long_date
from .positions import Position

if TYPE_CHECKING:
    from ..bibliography import Reference


class SimpleStyle(Style):
    name = "simple"
    terminal = ""

    def reference(self, ref: "Reference") -> list[Inline]:
        f = ref.fields
        out: list[Inline] = []
        parts: list[list[Inline]] = []
        author = f.get("author")
        title = f.get("title", ref.key)
        if author:
            parts.append([Str(author)])
        if author or ref.type == "online":
            parts.append([Str(f"\u201c{title}\u201d")])  # a work by an author: quoted title
        else:
            parts.append([Str(title)])
        if f.get("origtitle"):
            parts[-1].append(Str(" ["))
            parts[-1].append(Span([Str(f["origtitle"])], f.get("origlanguage", "zh")))
            parts[-1].append(Str("]"))
        if f.get("number"):
            parts.append([Str(f["number"])])
        date = long_date(f.get("date", ""))
        if date and author:
            parts[-1].append(Str(f" ({date})"))
        elif date and not f.get("number"):  # a UN document is identified by its symbol
            parts.append([Str(date)])
        if f.get("url"):
            parts.append([Link(f["url"], [Str(f["url"])])])
        for i, part in enumerate(parts):
            if i:
                out.append(Str(", "))
            out.extend(part)
        return out

    def item(self, item: CiteItem, ref: "Reference") -> list[Inline]:
        out: list[Inline] = []
        if item.prefix:
            out.append(Str(item.prefix + " "))
        out.extend(self.reference(ref))
        if item.locator:
            out.append(Str(", " + item.locator))
        return out

    def citation(self, items: list[tuple[CiteItem, Position]], note: int,
                 at_start: bool, standalone: bool) -> list[Inline]:
        out: list[Inline] = []
        for i, (item, _) in enumerate(items):  # every citation in full: positions do not matter
            if i:
                out.append(Str("; "))
            out.extend(self.item(item, self.references[item.key]))
        return capitalise_first(out) if at_start else out
