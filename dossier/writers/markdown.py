"""Pandoc Markdown writer: the same document with the same footnotes.

Used to compare against Pandoc (the benchmark builds DOCX from it) and handy
for reviewing text in a diff.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote

from ..document import (
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
)
from ..formats import FormatSpec
from ..inline import SAFE_LINK

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|^~$@])")


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


class _Writer:
    def __init__(self) -> None:
        self.notes: list[str] = []

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
        return "".join(out)

    def block(self, block) -> str:
        if isinstance(block, Heading):
            return "#" * block.level + " " + self.inlines(block.children)
        if isinstance(block, Paragraph):
            text = self.inlines(block.children)
            return f"1.  {text}" if block.numbered else text
        if isinstance(block, ListBlock):
            marker = "a)" if block.ordered else "-"
            return "\n".join(f"{marker} {self.inlines(item)}" for item in block.items)
        if isinstance(block, PageBreak):
            return "\\newpage"
        if isinstance(block, Image):
            return f"![{_escape(block.alt)}](<{quote(block.src, safe='/')}>){{width={block.width_mm:.0f}mm}}"
        raise TypeError(f"unknown block {block!r}")


def write_markdown(document: Document, spec: FormatSpec, diags=None) -> bytes:
    writer = _Writer()
    meta = document.meta
    # JSON strings are YAML strings: a quote or a newline in a title cannot break the metadata
    front = (f"---\ntitle: {json.dumps(meta.title, ensure_ascii=False)}\nauthor: {json.dumps(meta.author, ensure_ascii=False)}\n"
             f"lang: {json.dumps(meta.language)}\n---\n")
    body = "\n\n".join(writer.block(block) for block in document.blocks)
    return (front + "\n" + body + "\n\n" + "\n".join(writer.notes) + "\n").encode("utf-8")
