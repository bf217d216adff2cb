"""Reading pandoc's JSON: how the tests see a DOCX (or Markdown) through a reader that is not ours."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

from conftest import run_tool


def read(path: Path, *options: str, source: str = "docx") -> dict[str, Any]:
    """pandoc -f SOURCE -t json PATH, parsed."""
    return json.loads(run_tool("pandoc", "-f", source, "-t", "json", *options, str(path)))


def stringify(inlines: list[dict[str, Any]], note: str = "", line_break: str = "") -> str:
    """Plain text of a pandoc JSON inline list; each footnote as ``note``, each line break as
    ``line_break`` (both left out by default)."""
    out = []
    for item in inlines:
        t = item["t"]
        if t == "Str":
            out.append(item["c"])
        elif t in ("Space", "SoftBreak"):
            out.append(" ")
        elif t == "Note":
            out.append(note)
        elif t == "LineBreak":
            out.append(line_break)
        elif t in ("Emph", "Strong", "Underline", "SmallCaps", "Superscript", "Subscript"):
            out.append(stringify(item["c"], note, line_break))
        elif t in ("Span", "Link"):
            out.append(stringify(item["c"][1], note, line_break))
        elif t == "Quoted":  # the Markdown reader makes curly quotes into Quoted
            marks = ("\u2018", "\u2019") if item["c"][0]["t"] == "SingleQuote" else ("\u201c", "\u201d")
            out.append(marks[0] + stringify(item["c"][1], note, line_break) + marks[1])
    return "".join(out)


def elements(tree: Any, kind: str, where: Callable[[dict[str, Any]], bool] = lambda _: True) -> list[dict[str, Any]]:
    """Every element of type ``kind`` (for which ``where`` holds), in document order; not looked into."""
    found: list[dict[str, Any]] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if value.get("t") == kind and where(value):
                found.append(value)
                return
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    walk(tree["blocks"] if isinstance(tree, dict) and "blocks" in tree else tree)
    return found


def note_texts(tree: Any) -> list[str]:
    """The text of each footnote, its paragraphs joined by a space."""
    return [" ".join(stringify(block["c"]) for block in note["c"] if block["t"] in ("Para", "Plain"))
            for note in elements(tree, "Note")]
