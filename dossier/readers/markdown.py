"""Pandoc Markdown with footnotes (what ``pandoc -t markdown`` writes), read as a document.

A small reader of the common part: ATX headings, paragraphs, block quotes,
bulleted and numbered lists, pipe tables, ``[^n]`` notes with their
definitions and ``^[...]`` in-place notes, emphasis, strong, links,
superscripts (``^1^`` or ``<sup>1</sup>``, how typed note numbers look).
"""

from __future__ import annotations

import re
from pathlib import Path

from .document import Heading, ImportedDocument, Inline, ListBlock, NoteCall, Paragraph, Span, Table

MAX_MARKDOWN_BYTES = 16 * 2**20  # many times the longest submission; stops a runaway file
_HEADING = re.compile(r"(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_BULLET = re.compile(r"\s{0,3}[-*+]\s+(.*)")
_ORDERED = re.compile(r"\s{0,3}(\d+)[.)]\s+(.*)")
_NOTE_DEF = re.compile(r"\[\^([^\]\s]+)\]:\s?(.*)")
_ESCAPABLE = set("\\`*_{}[]()<>#+-.!^~$\"'|@")


def read_markdown(path: Path, shown: str) -> ImportedDocument:
    from .import_errors import fail

    try:
        if path.stat().st_size > MAX_MARKDOWN_BYTES:
            fail(shown, f"is larger than {MAX_MARKDOWN_BYTES // 2**20} MiB; not read")
        raw = path.read_bytes()
    except OSError as exc:
        fail(shown, f"cannot be read ({exc.strerror or exc})")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        fail(shown, f"is not UTF-8 text (byte {exc.start}); save it as UTF-8 Markdown")
    if "\x00" in text:
        fail(shown, "is not a text file (it holds NUL bytes)")
    return _MarkdownReader(text, shown).read()


class _MarkdownReader:
    def __init__(self, text: str, shown: str) -> None:
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.result = ImportedDocument(shown)
        self.note_ids: dict[str, int] = {}

    def _note_number(self, label: str) -> int:
        return self.note_ids.setdefault(label, len(self.note_ids) + 1)

    def read(self) -> ImportedDocument:
        lines, i = self.lines, 0
        definitions: dict[str, str] = {}
        # footnote definitions first: they may stand anywhere
        kept: list[tuple[int, str]] = []
        while i < len(lines):
            match = _NOTE_DEF.match(lines[i])
            if match:
                parts = [match.group(2)]
                i += 1
                while i < len(lines) and (lines[i].startswith(("    ", "\t")) or
                                          (not lines[i].strip() and i + 1 < len(lines)
                                           and lines[i + 1].startswith(("    ", "\t")))):
                    parts.append(lines[i].strip())
                    i += 1
                definitions[match.group(1)] = " ".join(p for p in parts if p)
                continue
            kept.append((i + 1, lines[i]))
            i += 1
        self._blocks(kept)
        for label, text in definitions.items():
            self.result.notes[self._note_number(label)] = self._inline(text)
        return self.result

    def _blocks(self, lines: list[tuple[int, str]]) -> None:
        i = 0
        while i < len(lines):
            number, line = lines[i]
            where = f"line {number}"
            if not line.strip():
                i += 1
                continue
            heading = _HEADING.match(line)
            if heading:
                self.result.blocks.append(Heading(len(heading.group(1)), self._inline(heading.group(2)), where))
                i += 1
                continue
            if _RULE.match(line):
                self.result.blocks.append(Paragraph([], where, "rule"))
                i += 1
                continue
            if line.lstrip().startswith("|"):
                rows = []
                while i < len(lines) and lines[i][1].lstrip().startswith("|"):
                    cells = [c.strip() for c in lines[i][1].strip().strip("|").split("|")]
                    if not all(re.fullmatch(r":?-+:?", c) for c in cells if c):
                        rows.append(cells)
                    i += 1
                self.result.blocks.append(Table(rows, where, [[self._inline(c) for c in row] for row in rows]))
                continue
            if line.lstrip().startswith(">"):
                quoted = []
                while i < len(lines) and lines[i][1].strip():
                    quoted.append(re.sub(r"^\s*>\s?", "", lines[i][1]))
                    i += 1
                self.result.blocks.append(Paragraph(self._inline(_join(quoted)), where, "quote"))
                continue
            bullet, ordered = _BULLET.match(line), _ORDERED.match(line)
            if bullet or ordered:
                pattern = _BULLET if bullet else _ORDERED
                items: list[list[str]] = []
                while i < len(lines):
                    text = lines[i][1]
                    item = pattern.match(text)
                    if item:
                        items.append([item.group(item.lastindex)])
                    elif text.startswith((" ", "\t")) and text.strip() and items:
                        items[-1].append(text.strip())
                    elif not text.strip() and i + 1 < len(lines) and (
                            pattern.match(lines[i + 1][1]) or lines[i + 1][1].startswith("    ")):
                        pass
                    else:
                        break
                    i += 1
                self.result.blocks.append(ListBlock(ordered is not None,
                                                    [self._inline(_join(item)) for item in items], where))
                continue
            paragraph = []
            while i < len(lines) and lines[i][1].strip() and not _HEADING.match(lines[i][1]) \
                    and not (paragraph and (_BULLET.match(lines[i][1]) or lines[i][1].lstrip().startswith(">"))):
                paragraph.append(lines[i][1])
                i += 1
            self.result.blocks.append(Paragraph(self._inline(_join(paragraph)), where))

    # ---- inline -----------------------------------------------------------
    def _inline(self, text: str, emphasis: bool = False, strong: bool = False,
                href: str | None = None, superscript: bool = False) -> list[Inline]:
        out: list[Inline] = []
        buffer: list[str] = []

        def flush() -> None:
            if buffer:
                out.append(Span("".join(buffer), emphasis, strong, superscript, href))
                buffer.clear()

        i, n = 0, len(text)
        while i < n:
            c = text[i]
            if c == "\\" and i + 1 < n and text[i + 1] in _ESCAPABLE:
                buffer.append(text[i + 1])
                i += 2
                continue
            if c == "\\" and i + 1 < n and text[i + 1] == "\n":
                buffer.append("\n")
                i += 2
                continue
            if text.startswith("**", i) or text.startswith("__", i):
                end = text.find(text[i:i + 2], i + 2)
                if end > i + 2:
                    flush()
                    out.extend(self._inline(text[i + 2:end], emphasis, True, href, superscript))
                    i = end + 2
                    continue
            if c in "*_" and i + 1 < n and not text[i + 1].isspace() and not (c == "_" and i and text[i - 1].isalnum()):
                end = _closing(text, c, i + 1)
                if end > 0:
                    flush()
                    out.extend(self._inline(text[i + 1:end], True, strong, href, superscript))
                    i = end + 1
                    continue
            if text.startswith("[^", i):
                end = text.find("]", i)
                if end > 0:
                    flush()
                    out.append(NoteCall(self._note_number(text[i + 2:end])))
                    i = end + 1
                    continue
            if text.startswith("^[", i):
                end = _bracket_end(text, i + 1)
                if end > 0:
                    flush()
                    number = self._note_number(f"inline-{i}-{len(self.result.notes)}-{len(self.note_ids)}")
                    self.result.notes[number] = self._inline(text[i + 2:end])
                    out.append(NoteCall(number))
                    i = end + 1
                    continue
            if c == "^":
                end = text.find("^", i + 1)
                if end > i + 1 and " " not in text[i + 1:end]:
                    flush()
                    out.extend(self._inline(text[i + 1:end], emphasis, strong, href, True))
                    i = end + 1
                    continue
            if text.startswith("<sup>", i):
                end = text.find("</sup>", i)
                if end > 0:
                    flush()
                    out.extend(self._inline(text[i + 5:end], emphasis, strong, href, True))
                    i = end + 6
                    continue
            if c == "<":
                match = re.match(r"<((?:https?|mailto):[^<>\s]+)>", text[i:])
                if match:
                    flush()
                    target = match.group(1)
                    out.append(Span(target[7:] if target.startswith("mailto:") else target,
                                    emphasis, strong, superscript, target))
                    i += match.end()
                    continue
            if c == "[":
                end = _bracket_end(text, i)
                if end > 0:
                    after = text[end + 1:]
                    link = re.match(r"\(([^()\s]+)(?:\s+\"[^\"]*\")?\)", after)
                    attrs = re.match(r"\{[^{}]*\}", after)
                    if link:
                        flush()
                        out.extend(self._inline(text[i + 1:end], emphasis, strong, link.group(1), superscript))
                        i = end + 1 + link.end()
                        continue
                    if attrs:
                        flush()
                        inner = self._inline(text[i + 1:end], emphasis, strong, href, superscript)
                        lang = re.search(r"lang=([A-Za-z0-9-]+)", attrs.group(0))
                        for item in inner:
                            if isinstance(item, Span) and lang:
                                item.lang = lang.group(1)
                        out.extend(inner)
                        i = end + 1 + attrs.end()
                        continue
            buffer.append(" " if c == "\n" and not text.startswith("\n", i) else c)
            i += 1
        flush()
        return out


def _join(lines: list[str]) -> str:
    """Lines of one paragraph: a trailing backslash or two spaces is a line break."""
    out = []
    for index, line in enumerate(lines):
        last = index == len(lines) - 1
        if line.endswith("\\") and not last:
            out.append(line[:-1].strip() + "\\\n")
        elif line.endswith("  ") and not last:
            out.append(line.strip() + "\\\n")
        else:
            out.append(line.strip() + ("" if last else " "))
    return "".join(out)


def _closing(text: str, mark: str, start: int) -> int:
    i = start
    while True:
        i = text.find(mark, i)
        if i < 0:
            return -1
        if text[i - 1] != "\\" and not text[i - 1].isspace() and not text.startswith(mark * 2, i):
            return i
        i += 1


def _bracket_end(text: str, start: int) -> int:
    depth = 0
    i = start
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1
