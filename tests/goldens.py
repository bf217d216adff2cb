"""Golden note sequences: notes written as text, compared with readable files under tests/golden/.

A note is shown as a reader sees it, with *italics* marked; links show their
text.  Run ``UPDATE_GOLDEN=1 python -m pytest`` to rewrite the files, then
review the diff before committing it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from conftest import FIXTURES
from dossier.bibliography import Reference, read_bibliography
from dossier.citations import number_notes
from dossier.document import Document, Emph, Metadata, Note, Paragraph, Str, Strong
from dossier.errors import Diagnostics
from dossier.inline import parse_inline

GOLDEN = Path(__file__).resolve().parent / "golden"
BIB = FIXTURES / "citations" / "references.bib"
OSCOLA_CSL = Path("/usr/share/citation-style-language/styles/oscola.csl")


def references(path: Path = BIB) -> dict[str, Reference]:
    diags = Diagnostics()
    bib = read_bibliography(path, path.name, diags)
    assert not diags.items, [str(d) for d in diags.items]
    return bib.references


def markup(nodes) -> str:
    out = []
    for node in nodes:
        if isinstance(node, Str):
            out.append(node.text)
        elif isinstance(node, Emph):
            out.append(f"*{markup(node.children)}*")
        elif isinstance(node, Strong):
            out.append(f"**{markup(node.children)}**")
        elif hasattr(node, "children"):
            out.append(markup(node.children))
    return "".join(out)


def notes(lines: list[str], style: str, refs: dict[str, Reference] | None = None) -> list[str]:
    """Each line is a paragraph of inline markup ending in a citation or a ^[note]."""
    blocks = [Paragraph(parse_inline(f"Text{line}").inlines) for line in lines]
    document = Document(Metadata("t", "a", "en"), blocks)
    number_notes(document, refs or references(), style)
    return [f"{n.number} {markup(n.children)}" for n in document.notes]


def note_list(document_notes: list[Note]) -> list[str]:
    return [f"{n.number} {markup(n.children)}" for n in document_notes]


def check(name: str, actual: str) -> None:
    """Compare with tests/golden/<name>; UPDATE_GOLDEN=1 writes it instead."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs (UPDATE_GOLDEN=1 rewrites it; review the diff)"


# ---- rule files ------------------------------------------------------------
def parse_rule(path: Path) -> dict:
    """A rule file: '# comment' lines, 'pandoc: ...', 'notes:' then lines, 'expect STYLE:' then notes."""
    rule: dict = {"comment": [], "pandoc": "", "notes": [], "expect": {}}
    section = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("#"):
            rule["comment"].append(raw)
        elif raw.startswith("pandoc:"):
            rule["pandoc"] = raw.split(":", 1)[1].strip()
        elif raw.strip() == "notes:":
            section = rule["notes"]
        elif raw.startswith("expect "):
            section = rule["expect"].setdefault(raw[len("expect "):].rstrip(":").strip(), [])
        elif raw.strip() and section is not None:
            section.append(raw)
    return rule


def write_rule(path: Path, rule: dict, results: dict[str, list[str]]) -> str:
    lines = rule["comment"] + [f"pandoc: {rule['pandoc']}", "notes:"] + rule["notes"]
    for style, got in results.items():
        lines += ["", f"expect {style}:"] + got
    return "\n".join(lines) + "\n"


# ---- Pandoc with an OSCOLA CSL, for comparison ------------------------------
def pandoc_oscola_notes(lines: list[str], bib: Path = BIB) -> list[str] | None:
    """Pandoc's notes for the same citations with oscola.csl; None when it cannot run here.

    The CSL file comes from Debian's citation-style-language-styles package.
    """
    if shutil.which("pandoc") is None or not OSCOLA_CSL.is_file():
        return None
    markdown = "\n\n".join(f"Text{line}" for line in lines) + "\n"
    result = subprocess.run(
        ["pandoc", "--citeproc", "--csl", str(OSCOLA_CSL), "--bibliography", str(bib),
         "-f", "markdown", "-t", "plain", "--wrap=none"],
        input=markdown, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    found = re.findall(r"^\[(\d+)\] (.*)$", result.stdout, flags=re.M)
    return [f"{n} {text}" for n, text in found]


def positions(note_texts: list[str]) -> list[str]:
    """Each cited item's position as an OSCOLA note shows it: ibid, (n X), or full."""
    out = []
    for note in note_texts:
        number, _, text = note.partition(" ")
        for item in text.split("; "):
            if re.match(r"(?:see |See )?\(?[Ii]bid\b", item):
                out.append(f"{number}:ibid")
            elif re.search(r"\(n \d+\)", item):
                out.append(f"{number}:subsequent")
            elif re.match(r"(?:Just|A) ", item):
                out.append(f"{number}:text")
            else:
                out.append(f"{number}:first")
    return out
