"""Whole builds citing every kind of source in every legal style: goldens, and Pandoc reads every note.

Pandoc reads the notes back from the DOCX (``-f docx``) and from the Markdown
(``-f markdown``); each must have the same number of notes with the same text
as the document model, which the golden files under tests/golden/ hold.
"""

from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURES, copy_project, repo_project, require
from goldens import check, note_list
import pandoc_json
from pandoc_json import note_texts
from test_docx import pandoc_notes

STYLES = ("un", "oscola", "us-legal")


def _build(root, target: str, style: str | None, outputs=("docx", "md")):
    from dossier.errors import Diagnostics
    from dossier.pipeline import build

    if style:
        path = root / f"content/submissions/{target}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "title: Individual Submission", f"title: Individual Submission\ncitation_style: {style}", 1),
            encoding="utf-8")
    diags = Diagnostics()
    result = build(root, target, root / "out", outputs, diags)
    assert not diags.items, [str(d) for d in diags.items]
    return root / "out", result.document


def _plain(note) -> str:
    from dossier.document import plain_text

    return plain_text(note.children)


def _markdown_notes(path) -> list[str]:
    require("pandoc")
    # without "smart", which would make straight apostrophes curly and spaces after "vol." fixed
    return note_texts(pandoc_json.read(path, source="markdown-smart"))


@pytest.mark.parametrize("style", STYLES)
def test_every_kind_through_the_whole_build(style, tmp_path):
    root = copy_project(FIXTURES / "mini", tmp_path / "p")
    shutil.copytree(FIXTURES / "every-kind", root, dirs_exist_ok=True)
    out, document = _build(root, "mini", style)
    check(f"every-kind-{style}.txt", "\n".join(note_list(document.notes)) + "\n")
    ours = [_plain(n) for n in document.notes]
    assert len(ours) == 17
    assert [n.strip() for n in pandoc_notes(out / "mini.docx")] == ours
    assert [n.strip() for n in _markdown_notes(out / "mini.md")] == ours


@pytest.mark.parametrize("style", ("un", "oscola", "us-legal", "simple"))
def test_upr_submission_notes_in_each_style(style, tmp_path):
    """The UPR submission in its format's style (un) and, overridden, in the others."""
    root = repo_project(tmp_path / "p")
    out, document = _build(root, "upr-2024", None if style == "un" else style, outputs=("md",))
    check(f"upr-2024-{style}.txt", "\n".join(note_list(document.notes)) + "\n")
    assert [n.strip() for n in _markdown_notes(out / "upr-2024.md")] == [_plain(n) for n in document.notes]
