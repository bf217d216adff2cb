"""Pandoc Markdown writer: the same document with the same footnotes.

Used to compare against Pandoc (the benchmark builds DOCX from it) and handy
for reviewing text in a diff.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote

from ..document import (
    Change,
    Document,
    Emph,
    Heading,
    Image,
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
    Table,
)
from ..formats import FormatSpec
from ..inline import SAFE_LINK

# Straight quotes are escaped too: pandoc's markdown reads them "smart" (curly) by default,
# and a straight quote left in the model was kept as typed.  So are "--" and "...", which
# smart reading would turn into a dash and an ellipsis.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|^~$@\"'])")
_SMART = re.compile(r"-(?=-)|\.(?=\.\.)|(?<=\.)\.(?=\.)")


def _escape(text: str) -> str:
    return _SMART.sub(lambda m: m.group(0) + "\\", _SPECIAL.sub(r"\\\1", text))


class _Writer:
    def __init__(self) -> None:
        self.notes: list[str] = []
        self.paragraphs = 0  # numbered paragraphs run on across sections, as in the DOCX and PDF

    def inlines(self, nodes: list[Inline]) -> str:
        out = []
        for node in nodes:
            if isinstance(node, Str):
                out.append(_escape(node.text))
            elif isinstance(node, Emph):
                out.append(f"*{self.inlines(node.children)}*")
            elif isinstance(node, Strong):
                out.append(f"**{self.inlines(node.children)}**")
            elif isinstance(node, Span):
                out.append(f"[{self.inlines(node.children)}]{{lang={node.lang}}}")
            elif isinstance(node, Link):
                if SAFE_LINK.fullmatch(node.href):
                    out.append(f"[{self.inlines(node.children)}](<{node.href}>)")
                else:
                    out.append(self.inlines(node.children))
            elif isinstance(node, LineBreak):
                out.append("\\\n")
            elif isinstance(node, Note):
                self.notes.append(f"[^{node.number}]: {self.inlines(node.children)}")
                out.append(f"[^{node.number}]")
            elif isinstance(node, Change):  # as pandoc reads tracked changes from a DOCX
                kind = "insertion" if node.kind == "ins" else "deletion"
                out.append(f"[{self.inlines(node.children)}]{{.{kind}}}")
        return "".join(out)

    def block(self, block) -> str:
        if isinstance(block, Heading):
            number = f"{block.number} " if block.number else ""
            return "#" * block.level + " " + number + self.inlines(block.children)
        if isinstance(block, Paragraph):
            text = self.inlines(block.children)
            if block.style == "quote":  # a block quotation: its indent is the mark, as in the DOCX and PDF
                return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))
            if not block.numbered:
                return text
            self.paragraphs += 1
            return f"{self.paragraphs}.  {text}"
        if isinstance(block, ListBlock):
            marker = "a)" if block.ordered else "-"
            return "\n".join(f"{marker} {self.inlines(item)}" for item in block.items)
        if isinstance(block, PageBreak):
            return "\\newpage"
        if isinstance(block, Table):
            return self.table(block)
        if isinstance(block, Image):
            return f"![{_escape(block.alt)}](<{quote(block.src, safe='/')}>){{width={block.width_mm:.0f}mm}}"
        raise TypeError(f"unknown block {block!r}")


    def cell(self, inlines: list[Inline]) -> str:
        return self.inlines(inlines).replace("\\\n", " ")  # "|" is escaped with the rest

    def table(self, table: Table) -> str:
        """A pipe table (its notes stay footnotes); the caption after it, as Pandoc reads it."""
        n = table.columns
        rows = [row + [[]] * (n - len(row)) for row in table.rows]
        header = rows[0] if table.header_rows else [[] for _ in range(n)]
        body = rows[1:] if table.header_rows else rows
        dashes = ["-" * max(3, round(w * 40)) for w in table.relative_widths()]
        lines = ["| " + " | ".join(self.cell(c) for c in header) + " |",
                 "|" + "|".join(dashes) + "|"]
        lines += ["| " + " | ".join(self.cell(c) for c in row) + " |" for row in body]
        if table.caption:
            lines += ["", "Table: " + self.inlines(table.caption)]
        return "\n".join(lines)


def write_markdown(document: Document, spec: FormatSpec, diags=None) -> bytes:
    writer = _Writer()
    meta = document.meta
    # JSON strings are YAML strings: a quote or a newline in a title cannot break the metadata
    title, author = (json.dumps(value, ensure_ascii=False) for value in (meta.title, meta.author))
    front = f"---\ntitle: {title}\nauthor: {author}\nlang: {json.dumps(meta.language)}\n---\n"
    body = "\n\n".join(writer.block(block) for block in document.blocks)
    return (front + "\n" + body + "\n\n" + "\n".join(writer.notes) + "\n").encode("utf-8")
