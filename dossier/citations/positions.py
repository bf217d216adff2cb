"""Where a citation stands among the notes: first, ibid, or a later ("subsequent") one.

The rules lawyers follow and citation tools often get wrong:

* *ibid* (Id.) only when the immediately preceding note cites that one source
  and nothing else: never after a note that cites several sources, and never
  after a note that cites none (a note in the author's own words breaks the
  chain);
* only the first source of a note can be *ibid* of the previous note; inside a
  note, a source repeated right after itself is *ibid* of that citation
  ("CAT/C/CHN/CO/5, para. 47; ibid., para. 50"), as OSCOLA, the Bluebook and
  the CSL specification all allow;
* *ibid* with the same pinpoint is bare ("Ibid."); with a new pinpoint it
  carries it ("Ibid., para. 30"); with no pinpoint after one that had a
  pinpoint it would silently narrow the reference, so the short form is used;
* a later citation points back at the note of the first, full one.
"""

from __future__ import annotations

from typing import Literal

from ..document import CiteItem
from . import pinpoint
from ..records import Record


class Position(Record, frozen=True):
    kind: Literal["first", "ibid", "subsequent"]
    first_note: int  # the note holding the first, full citation of the source
    show_pinpoint: bool = True  # False for an ibid repeating the previous pinpoint


class Positions:
    """Fed each note's citation items in document order; answers each item's position."""

    def __init__(self) -> None:
        self.first_note: dict[str, int] = {}
        self.previous: list[CiteItem] = []  # the items of the immediately preceding note

    def note(self, number: int, items: list[CiteItem]) -> list[Position]:
        previous_keys = {item.key for item in self.previous}
        out: list[Position] = []
        for index, item in enumerate(items):
            first = self.first_note.get(item.key)
            if first is None:
                self.first_note[item.key] = number
                out.append(Position("first", number))
                continue
            if index > 0:
                before_item = items[index - 1] if items[index - 1].key == item.key else None
            else:
                before_item = self.previous[-1] if previous_keys == {item.key} else None
            if before_item is not None:
                before = pinpoint.parse(before_item.locator)
                now = pinpoint.parse(item.locator)
                if now == before:
                    out.append(Position("ibid", first, show_pinpoint=False))
                    continue
                if now:
                    out.append(Position("ibid", first))
                    continue
            out.append(Position("subsequent", first))
        self.previous = list(items)
        return out
