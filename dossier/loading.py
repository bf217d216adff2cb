"""Reading YAML so that every value remembers where it was written.

PyYAML's composer gives nodes with marks; we turn them into a small tree of
``YScalar``/``YList``/``YMap`` that keep the original text of every scalar.
Scalars are *not* converted here: the schema decides whether ``NO`` is the
text "NO" or a boolean, so a country code or "4.10" stays as written.
"""

from __future__ import annotations

import bisect
from dataclasses import field
from pathlib import Path
from typing import Any, Union

from .errors import Diagnostics, Location
from .paths import PathProblem, check_input, read_limited
from .records import Record

# A content file is prose, not data: these bound what a hostile file can cost.
MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_NODES = 200_000
# libyaml's composer recurses in C: some 30,000 levels of "[[[..." or "- - - ..." crash
# the process (a segfault, not an exception).  Content needs a handful of levels.
MAX_DEPTH = 64
_OPENERS = ("[", "{", "- ", "-\t", "? ", "?\t")  # what can open a level without new indentation

# The tags YAML gives plain data by itself.  Any other (``!!python/object``,
# ``!!binary``, ``!custom``) asks for something content files never need; the
# safe loader would not build Python objects anyway, but a tag is refused
# rather than silently read as text.
_CORE = "tag:yaml.org,2002:"
ALLOWED_TAGS = frozenset(_CORE + name for name in
                         ("str", "int", "float", "bool", "null", "timestamp", "seq", "map", "merge"))


def _shown_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag


class SourceText(Record):
    """A file's text and display path, to turn character offsets into line:column."""

    path: str
    text: str
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def location(self, offset: int) -> Location:
        if not self._line_starts:
            starts = [0]
            starts.extend(i + 1 for i, ch in enumerate(self.text) if ch == "\n")
            self._line_starts = starts
        line = bisect.bisect_right(self._line_starts, offset)
        return Location(self.path, line, offset - self._line_starts[line - 1] + 1)


# The YAML tree with locations: one object per node read, so plain slotted classes.
class YScalar:
    __slots__ = ("text", "tag", "plain", "loc", "source", "start", "end", "_found")

    def __init__(self, text: str, tag: str, plain: bool, loc: Location, source: SourceText,
                 start: int, end: int) -> None:
        self.text = text
        self.tag = tag
        self.plain = plain  # unquoted: YAML's implicit typing applied to it
        self.loc = loc
        self.source = source
        self.start = start  # character offsets of the scalar in the source
        self.end = end
        self._found: dict[str, list[int]] | None = None  # needle -> offsets found so far

    def __repr__(self) -> str:
        return f"YScalar({self.text!r}, {self.tag!r}, loc={self.loc})"

    def locate(self, needle: str, occurrence: int = 0) -> Location:
        """Where ``needle`` is written inside this scalar (falls back to its start).

        The offsets found are kept, so asking for each of 20,000 citations of one
        key in turn searches the scalar once, not 20,000 times from its start.
        """
        if not needle:
            return self.loc
        found = self._found if self._found is not None else {}
        self._found = found
        offsets = found.setdefault(needle, [])
        text = self.source.text
        while len(offsets) <= occurrence:
            index = text.find(needle, (offsets[-1] + 1) if offsets else self.start, self.end)
            if index < 0:
                return self.loc
            offsets.append(index)
        return self.source.location(offsets[occurrence])


class YList:
    __slots__ = ("items", "loc")

    def __init__(self, items: list[YNode], loc: Location) -> None:
        self.items = items
        self.loc = loc

    def __repr__(self) -> str:
        return f"YList({self.items!r}, loc={self.loc})"


class YMap:
    __slots__ = ("items", "loc")

    def __init__(self, items: list[tuple[YScalar, YNode]], loc: Location) -> None:
        self.items = items
        self.loc = loc

    def __repr__(self) -> str:
        return f"YMap({self.items!r}, loc={self.loc})"

    def keys(self) -> list[str]:
        return [k.text for k, _ in self.items]

    def get(self, key: str) -> YNode | None:
        for k, v in self.items:
            if k.text == key:
                return v
        return None


YNode = Union[YScalar, YList, YMap]


class _Converter:
    def __init__(self, source: SourceText, diags: Diagnostics):
        self.source = source
        self.diags = diags
        self.count = 0

    def loc(self, node: Any) -> Location:
        return Location(self.source.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def convert(self, node: Any) -> YNode:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooLarge(self.loc(node))
        if node.tag not in ALLOWED_TAGS:
            self.diags.error(
                self.loc(node),
                f"YAML tag '{_shown_tag(node.tag)}' is not allowed: content files hold "
                "only text, lists and mappings",
            )
            # read as nothing, so the tagged value causes no second, confusing error
            return YScalar("", _CORE + "null", True, self.loc(node), self.source,
                           node.start_mark.index, node.start_mark.index)
        if node.id == "scalar":
            return YScalar(
                text=node.value,
                tag=node.tag,
                plain=not node.style,  # libyaml gives "" for plain, PyYAML None
                loc=self.loc(node),
                source=self.source,
                start=node.start_mark.index,
                end=node.end_mark.index,
            )
        if node.id == "sequence":
            return YList([self.convert(item) for item in node.value], self.loc(node))
        assert node.id == "mapping"
        items: list[tuple[YScalar, YNode]] = []
        seen: dict[str, Location] = {}
        top = self.count == 1  # the document's own mapping: the first node converted
        for key_node, value_node in node.value:
            key = self.convert(key_node)
            if not isinstance(key, YScalar):
                self.diags.error(key.loc, "a key must be plain text")
                continue
            if key.text == "<<":
                self.diags.error(key.loc, "merge keys ('<<') are not supported: write the keys out")
                continue
            if key.text in seen:
                first = seen[key.text]
                self.diags.error(
                    key.loc, f"duplicate key '{key.text}' (first defined at line {first.line})"
                )
                continue
            seen[key.text] = key.loc
            try:
                items.append((key, self.convert(value_node)))
            except _TooLarge as exc:  # name the key whose value exploded, not a leaf deep inside
                raise _TooLarge(key.loc, key.text) if top and not exc.key else exc
        return YMap(items, self.loc(node))


class _TooLarge(Exception):
    def __init__(self, loc: Location, key: str = ""):
        self.loc = loc
        self.key = key


def parse_yaml(text: str, path: str, diags: Diagnostics) -> YNode | None:
    """Parse one YAML document; problems go to ``diags`` and give ``None``."""
    import yaml  # here, not at the top: a build served from the cache never needs it

    # Only the safe loader: YAML tags cannot make Python objects.  libyaml's is faster.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    source = SourceText(path, text)
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        diags.error(Location(path), f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
        return None
    try:
        deep = _too_deep(text, loader)
        if deep is not None:
            diags.error(Location(path, deep.line + 1, deep.column + 1),
                        f"values are nested more than {MAX_DEPTH} levels deep")
            return None
        node = yaml.compose(text, Loader=loader)
    except yaml.reader.ReaderError as exc:  # a character YAML may not hold, e.g. a control character
        loc = source.location(exc.position) if isinstance(exc.position, int) else Location(path)
        code = exc.character if isinstance(exc.character, int) else ord(exc.character or "\0")
        kind = "control character" if "control" in str(exc.reason) else "character"
        diags.error(loc, f"{kind} U+{code:04X} cannot be in a YAML file; remove it")
        return None
    except RecursionError:
        diags.error(Location(path, 1, 1), "document is nested too deeply")
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
        problem = exc.problem or exc.context or "invalid YAML"
        context = ""
        if exc.context and exc.problem:
            start = exc.context_mark
            where = (f" that starts at line {start.line + 1}, column {start.column + 1}"
                     if start is not None and exc.problem_mark is not None
                     and start.line != exc.problem_mark.line else "")
            context = f" ({exc.context}{where})"
        tab = _indenting_tab(text, exc.problem_mark)
        if tab is not None:
            diags.error(Location(path, tab[0], tab[1]), "a tab is used for indentation here: YAML "
                        "indents with spaces only; replace the tab with spaces")
            return None
        diags.error(loc, f"YAML syntax error: {problem}{context}")
        return None
    except yaml.YAMLError as exc:  # e.g. a character YAML does not allow
        diags.error(Location(path), f"YAML error: {exc}")
        return None
    if node is None:
        diags.error(Location(path, 1, 1), "file is empty")
        return None
    converter = _Converter(source, diags)
    try:
        return converter.convert(node)
    except _TooLarge as exc:
        what = f"'{exc.key}'" if exc.key else "the document"
        diags.error(
            exc.loc,
            f"{what} expands to more than {MAX_NODES:,} values through its aliases "
            "(an alias bomb?) or is far too large; refusing to load the file",
        )
        return None
    except RecursionError:
        diags.error(Location(path, 1, 1), "document is nested too deeply")
        return None


def _indenting_tab(text: str, mark: Any) -> tuple[int, int] | None:
    """(line, column) of a tab in the indentation of the line YAML stopped at, if there is one."""
    if mark is None:
        return None
    lines = text.split("\n", mark.line + 1)
    if mark.line >= len(lines):
        return None
    line = lines[mark.line]
    indent = line[: len(line) - len(line.lstrip(" \t-?:"))]
    if "\t" not in indent:
        return None
    return mark.line + 1, indent.index("\t") + 1


def _too_deep(text: str, loader: Any) -> Any:
    """The mark where nesting passes MAX_DEPTH, found from the event stream (no recursion)."""
    import yaml

    if sum(text.count(opener) for opener in _OPENERS) < MAX_DEPTH:
        return None  # too few openers to nest that deep: the usual case costs one scan of the text
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return event.start_mark
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return None


def read_yaml(path: Path, display: str, diags: Diagnostics, root: Path | None = None) -> YNode | None:
    """Read one YAML file; with ``root``, a file that a symbolic link places outside it is refused."""
    try:
        if root is not None:
            check_input(root, path, display)
        raw = read_limited(path, MAX_FILE_BYTES, display)
    except PathProblem as exc:
        message = str(exc).replace(f"'{display}' ", "file ", 1)
        diags.error(Location(display), message)
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = len(raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8", "replace")) + 1
        diags.error(Location(display, line, column),
                    f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02X}); it was probably saved "
                    "as Latin-1 or Windows-1252: save it as UTF-8")
        return None
    return parse_yaml(text, display, diags)
