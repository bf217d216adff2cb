"""A required key whose piece has its own text: the error says why the key is still needed."""

from __future__ import annotations

from conftest import repo_project, run_build


def test_author_piece_with_its_own_text_still_needs_the_author_key(tmp_path, capsys):
    root = repo_project(tmp_path / "p")
    path = root / "content/submissions/cecc-2023.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("author:\n")
    end = text.index("salutation:")
    text = text[:start] + text[end:] + "front_matter:\n  author: |\n    Statement of Joanna Hosaniak\n"
    path.write_text(text, encoding="utf-8")
    run = run_build(capsys, "--project", str(root), "cecc-2023", "--only", "md", "--out", str(tmp_path / "out"))
    assert run.status == 1
    [line] = [line for line in run.err.splitlines() if "requires 'author'" in line]
    assert line.startswith("content/submissions/cecc-2023.yaml:")
    assert "front_matter's 'author' replaces only that piece's text" in line
