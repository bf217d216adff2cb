"""Compare two versions of a submission's document model: one document holding both.

Blocks are aligned first (difflib over their text), then the words inside each
pair of matching paragraphs.  What differs becomes ``Change`` inlines (``ins``
or ``del``); a paragraph, heading or list item that exists in one version only
is recorded in ``Comparison.marks`` so writers also track its paragraph mark,
and accepting or rejecting every change gives exactly one of the two versions.

Footnotes are matched by their position in the text: a note kept in place has
the differences of its own text tracked inside it; a note only in one version
is an inserted or deleted reference whose text is wholly inserted or deleted.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Hashable, Iterator, Sequence

from .document import (
    Block,
    Change,
    Document,
    Emph,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Note,
    PageBreak,
    Paragraph,
    Span,
    Str,
    Strong,
    walk_inlines,
)

# Below this share of equal words two paragraphs count as different ones:
# one deleted and one inserted reads better than a change to every word.
PAIRING_RATIO = 0.5

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")

# How an atom of text is formatted: its wrappers from the outside in,
# ("em",), ("strong",), ("span", lang) or ("link", href).
Context = tuple[tuple[str, ...], ...]


@dataclass
class Comparison:
    document: Document
    # id() of an inline list (a paragraph's children, a list item) -> "ins" or "del":
    # that whole paragraph exists only in the new (or old) version
    marks: dict[int, str] = field(default_factory=dict)
    insertions: int = 0
    deletions: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.insertions or self.deletions)


@dataclass
class _Atom:
    """A word, a run of spaces, a punctuation mark, a line break or a whole note."""

    context: Context
    node: Inline  # Str, LineBreak or Note

    @property
    def key(self) -> Hashable:
        node = self.node
        if isinstance(node, Str):
            return (self.context, node.text)
        if isinstance(node, Note):
            return (self.context, "\0note")  # notes match by position; their text is compared inside
        return (self.context, "\0br")


def compare(old: Document, new: Document) -> Comparison:
    """The new document with the differences from ``old`` as tracked changes; notes renumbered."""
    result = Comparison(Document(meta=copy.deepcopy(new.meta), blocks=[],
                                 heading_numbering=list(new.heading_numbering)))
    _Comparer(result).blocks(old.blocks, new.blocks)
    notes = [node for block in result.document.blocks for inlines in _inline_lists(block)
             for node in walk_inlines(inlines) if isinstance(node, Note)]
    for number, note in enumerate(notes, 1):  # both versions' notes, in the order they now stand
        note.number = number
    result.document.notes = notes
    return result


class _Comparer:
    def __init__(self, result: Comparison) -> None:
        self.result = result
        self.out = result.document.blocks

    # -- blocks ---------------------------------------------------------------
    def blocks(self, old: Sequence[Block], new: Sequence[Block]) -> None:
        matcher = SequenceMatcher(None, [_block_key(b) for b in old], [_block_key(b) for b in new],
                                  autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                self.out.extend(copy.deepcopy(new[j1:j2]))
            else:
                self._replace(old[i1:i2], new[j1:j2])

    def _replace(self, old: Sequence[Block], new: Sequence[Block]) -> None:
        """Pair the most alike blocks of a changed stretch (as difflib's ndiff does), recursively."""
        best, pair = PAIRING_RATIO, None
        for i, a in enumerate(old):
            for j, b in enumerate(new):
                if _kind(a) != _kind(b) or isinstance(a, PageBreak):
                    continue
                ratio = _similarity(a, b)
                if ratio > best or (pair is None and ratio == best):
                    best, pair = ratio, (i, j)
        if pair is None:
            for block in old:
                self._whole(block, "del")
            for block in new:
                self._whole(block, "ins")
            return
        i, j = pair
        self._replace(old[:i], new[:j])
        self._pair(old[i], new[j])
        self._replace(old[i + 1:], new[j + 1:])

    def _pair(self, old: Block, new: Block) -> None:
        merged = copy.copy(new)
        if isinstance(new, ListBlock):
            assert isinstance(old, ListBlock) and isinstance(merged, ListBlock)
            merged.items, merged.item_sources, merged.item_embeds = [], [], []
            self._list_items(old, new, merged)
        else:
            assert isinstance(old, (Heading, Paragraph)) and isinstance(merged, (Heading, Paragraph))
            merged.children = self.inlines(old.children, new.children)
        self.out.append(merged)

    def _list_items(self, old: ListBlock, new: ListBlock, merged: ListBlock) -> None:
        def add(items: list[Inline], source: str, embeds: tuple[str, ...], mark: str = "") -> None:
            merged.items.append(items)
            merged.item_sources.append(source)
            merged.item_embeds.append(embeds)
            if mark:
                self.result.marks[id(items)] = mark

        def new_info(j: int) -> tuple[str, tuple[str, ...]]:
            return (new.item_sources[j] if j < len(new.item_sources) else new.source,
                    new.item_embeds[j] if j < len(new.item_embeds) else ())

        matcher = SequenceMatcher(None, [_text_key(i) for i in old.items], [_text_key(i) for i in new.items],
                                  autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                for j in range(j1, j2):
                    add(copy.deepcopy(new.items[j]), *new_info(j))
                continue
            # a changed stretch of items: pair them in order, the rest wholly deleted or inserted
            pairs = min(i2 - i1, j2 - j1)
            for k in range(pairs):
                a, b = old.items[i1 + k], new.items[j1 + k]
                if _ratio(_atoms(a), _atoms(b)) >= PAIRING_RATIO:
                    add(self.inlines(a, b), *new_info(j1 + k))
                else:
                    add(self._wholly(a, "del"), old.source, (), "del")
                    add(self._wholly(b, "ins"), *new_info(j1 + k), "ins")
            for i in range(i1 + pairs, i2):
                add(self._wholly(old.items[i], "del"), old.source, (), "del")
            for j in range(j1 + pairs, j2):
                add(self._wholly(new.items[j], "ins"), *new_info(j), "ins")

    def _whole(self, block: Block, kind: str) -> None:
        """A block only one version has: all its text (and its notes') inserted or deleted."""
        if isinstance(block, PageBreak):
            if kind == "ins":  # a page break cannot be tracked; the new version's stands
                self.out.append(PageBreak())
            return
        merged = copy.deepcopy(block)
        for inlines in _inline_lists(merged):
            inlines[:] = self._wholly(inlines, kind)
            self.result.marks[id(inlines)] = kind
        self.out.append(merged)

    def _wholly(self, inlines: list[Inline], kind: str) -> list[Inline]:
        if not inlines:
            return []
        self._count(kind)
        return [Change(kind, _mark_notes(copy.deepcopy(inlines), kind))]

    def _count(self, kind: str) -> None:
        if kind == "ins":
            self.result.insertions += 1
        else:
            self.result.deletions += 1

    # -- words ----------------------------------------------------------------
    def inlines(self, old: list[Inline], new: list[Inline]) -> list[Inline]:
        """``new`` with the words that differ from ``old`` as Change("del"/"ins") runs."""
        a, b = _atoms(old), _atoms(new)
        matcher = SequenceMatcher(None, [x.key for x in a], [x.key for x in b], autojunk=False)
        out: list[Inline] = []
        for op, i1, i2, j1, j2 in _absorb_spaces(matcher.get_opcodes(), a):
            if op == "equal":
                kept = [_Atom(y.context, self._note(x.node, y.node)) if isinstance(y.node, Note) else y
                        for x, y in zip(a[i1:i2], b[j1:j2])]
                out.extend(_rebuild(kept))
                continue
            if i2 > i1:
                self._count("del")
                out.append(Change("del", _mark_notes(_rebuild(copy.deepcopy(a[i1:i2])), "del")))
            if j2 > j1:
                self._count("ins")
                out.append(Change("ins", _mark_notes(_rebuild(copy.deepcopy(b[j1:j2])), "ins")))
        return out

    def _note(self, old: Inline, new: Inline) -> Note:
        assert isinstance(old, Note) and isinstance(new, Note)
        return Note(new.number, self.inlines(old.children, new.children))


# -- helpers ------------------------------------------------------------------
def _inline_lists(block: Block) -> Iterator[list[Inline]]:
    if isinstance(block, (Heading, Paragraph)):
        yield block.children
    elif isinstance(block, ListBlock):
        yield from block.items


def _kind(block: Block) -> Hashable:
    """What must be the same for two blocks to be one changed block (style, level, list kind)."""
    if isinstance(block, Heading):
        return ("h", block.level)
    if isinstance(block, Paragraph):
        return ("p", block.style, block.numbered, block.align)
    if isinstance(block, ListBlock):
        return ("list", block.ordered)
    return ("pagebreak",)


def _block_key(block: Block) -> Hashable:
    return (_kind(block), tuple(_text_key(inlines) for inlines in _inline_lists(block)))


def _text_key(inlines: list[Inline]) -> Hashable:
    """Everything a reader sees, notes and formatting included: equal keys, equal text."""
    return tuple(atom.key if not isinstance(atom.node, Note) else (atom.context, _text_key(atom.node.children))
                 for atom in _atoms(inlines))


def _similarity(a: Block, b: Block) -> float:
    return _ratio([x for items in _inline_lists(a) for x in _atoms(items)],
                  [x for items in _inline_lists(b) for x in _atoms(items)])


def _ratio(a: list[_Atom], b: list[_Atom]) -> float:
    if not a and not b:
        return 1.0
    matcher = SequenceMatcher(None, [x.key for x in a], [x.key for x in b], autojunk=False)
    if matcher.real_quick_ratio() < PAIRING_RATIO:
        return matcher.real_quick_ratio()
    return matcher.ratio()


def _atoms(inlines: list[Inline], context: Context = ()) -> list[_Atom]:
    out: list[_Atom] = []
    for node in inlines:
        if isinstance(node, Str):
            out.extend(_Atom(context, Str(token)) for token in _TOKEN.findall(node.text))
        elif isinstance(node, (LineBreak, Note)):
            out.append(_Atom(context, node))
        elif isinstance(node, Emph):
            out.extend(_atoms(node.children, context + (("em",),)))
        elif isinstance(node, Strong):
            out.extend(_atoms(node.children, context + (("strong",),)))
        elif isinstance(node, Span):
            out.extend(_atoms(node.children, context + (("span", node.lang),)))
        elif isinstance(node, Link):
            out.extend(_atoms(node.children, context + (("link", node.href),)))
        else:
            raise TypeError(f"{type(node).__name__} cannot be compared (after the notes pass only)")
    return out


def _wrapper(descriptor: tuple[str, ...]) -> Inline:
    kind = descriptor[0]
    if kind == "em":
        return Emph([])
    if kind == "strong":
        return Strong([])
    if kind == "span":
        return Span([], descriptor[1])
    return Link(descriptor[1], [])


def _rebuild(atoms: Sequence[_Atom]) -> list[Inline]:
    """Atoms back to nested inlines: neighbours with the same formatting share one wrapper."""
    root: list[Inline] = []
    open_: list[tuple[tuple[str, ...], list[Inline]]] = []  # the wrappers now open, outermost first
    for atom in atoms:
        depth = 0
        while depth < len(open_) and depth < len(atom.context) and open_[depth][0] == atom.context[depth]:
            depth += 1
        del open_[depth:]
        for descriptor in atom.context[depth:]:
            wrapper = _wrapper(descriptor)
            (open_[-1][1] if open_ else root).append(wrapper)
            open_.append((descriptor, wrapper.children))  # type: ignore[union-attr]
        target = open_[-1][1] if open_ else root
        node = atom.node
        if isinstance(node, Str) and target and isinstance(target[-1], Str):
            target[-1] = Str(target[-1].text + node.text)
        else:
            target.append(Str(node.text) if isinstance(node, Str) else node)
    return root


def _absorb_spaces(opcodes: list[tuple[str, int, int, int, int]], old: list[_Atom]) -> list[tuple]:
    """A lone space kept between two changes joins them: "-a b- +c d+" rather than "-a- +c- -b- +d+"."""
    ops = [list(op) for op in opcodes]
    merged: list[list] = []
    for k, op in enumerate(ops):
        tag, i1, i2, j1, j2 = op
        between_changes = 0 < k < len(ops) - 1 and tag == "equal"
        if between_changes and all(isinstance(a.node, Str) and not a.node.text.strip() for a in old[i1:i2]):
            tag = "replace"
        if merged and tag != "equal" and merged[-1][0] != "equal":
            merged[-1] = ["replace", merged[-1][1], i2, merged[-1][3], j2]
        else:
            merged.append([tag, i1, i2, j1, j2])
    return [tuple(op) for op in merged]


def _mark_notes(inlines: list[Inline], kind: str) -> list[Inline]:
    """Notes inside an inserted or deleted stretch: their whole text goes (or comes) with them."""
    for node in walk_inlines(inlines):
        if isinstance(node, Note) and node.children:
            node.children = [Change(kind, node.children)]
    return inlines
