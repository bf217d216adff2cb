"""A refused references.bib entry is reported once, at its field, never also as an unknown key.

Law texts, treaty statuses and recommendation sets name their source by key; when that
entry is written but refused (a bad url, a bad origlanguage), the entry's own error is
the one message, as it is for a citation in a text.
"""

from __future__ import annotations

import shutil

from conftest import FIXTURES, copy_project, run_build

LAW = """\
source: korean-report
text_from: Example Act (English translation)
provisions:
  - article: "1"
    text: >-
      Nobody shall keep another person's passport against that person's will.
"""

STATE = """\
name: Example State
treaties:
  - instrument: korean-report
    status: ratified
    date: 2001-01-01
    source: korean-report
"""


def _project(tmp_path):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    shutil.copy(FIXTURES / "bad" / "bib-unsafe-url" / "references.bib", root / "references.bib")
    return root


def test_law_text_whose_source_entry_is_refused(tmp_path, capsys):
    root = _project(tmp_path)
    (root / "content" / "law").mkdir()
    (root / "content" / "law" / "example-act.yaml").write_text(LAW, encoding="utf-8")
    run = run_build(capsys, "check", "--project", str(root))
    assert run.status == 1
    assert "references.bib:7:3: entry 'korean-report': url must start with" in run.out + run.err
    assert "unknown citation key" not in run.out + run.err, run.out + run.err


def test_treaty_status_whose_source_entry_is_refused(tmp_path, capsys):
    root = _project(tmp_path)
    (root / "content" / "states").mkdir()
    (root / "content" / "states" / "example-state.yaml").write_text(STATE, encoding="utf-8")
    run = run_build(capsys, "check", "--project", str(root))
    assert run.status == 1
    assert "references.bib:7:3: entry 'korean-report': url must start with" in run.out + run.err
    assert "unknown citation key" not in run.out + run.err, run.out + run.err
    assert "neither a citation key" not in run.out + run.err, run.out + run.err
