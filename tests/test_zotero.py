"""Zotero's way in: a Better BibTeX biblatex export and a CSL-JSON export of the same sources give the same notes."""

from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURES, copy_project, run_build
from goldens import check, notes, references

ZOTERO = FIXTURES / "zotero"
KEYS = ["hongReturneesDescribe2023", "ExitEntryAdministration2012",
        "committeeagainsttortureConcludingObservationsFifth2016",
        "humanrightscouncilContemporaryFormsSlavery2024", "smithSupplyChains2020"]
# each source first (with a pinpoint), then again: short forms and ibid
LINES = ["[@hongReturneesDescribe2023]", "[@ExitEntryAdministration2012, art. 46]",
         "[@committeeagainsttortureConcludingObservationsFifth2016, para. 47]",
         "[@humanrightscouncilContemporaryFormsSlavery2024, paras. 12-14]", "[@smithSupplyChains2020, p. 470]",
         "[@smithSupplyChains2020, p. 471]", "[@hongReturneesDescribe2023]",
         "[@committeeagainsttortureConcludingObservationsFifth2016, para. 48]"]


def _refs(tmp_path, name: str):
    """The references of a folder holding only ``name`` (references.bib or references.json)."""
    folder = tmp_path / name.replace(".", "-")
    folder.mkdir()
    shutil.copy(ZOTERO / name, folder / name)
    return references(folder / "references.bib")


@pytest.mark.parametrize("style", ["un", "oscola", "us-legal", "simple"])
def test_better_bibtex_and_csl_json_give_the_same_notes(tmp_path, style):
    from_bib = _refs(tmp_path, "references.bib")
    from_json = _refs(tmp_path, "references.json")
    assert sorted(from_bib) == sorted(from_json) == sorted(KEYS)
    assert {k: r.kind for k, r in from_bib.items()} == {k: r.kind for k, r in from_json.items()} == {
        "hongReturneesDescribe2023": "article", "ExitEntryAdministration2012": "national-law",
        "committeeagainsttortureConcludingObservationsFifth2016": "concluding-observations",
        "humanrightscouncilContemporaryFormsSlavery2024": "un-document", "smithSupplyChains2020": "article"}
    got = notes(LINES, style, from_bib)
    assert notes(LINES, style, from_json) == got
    check(f"zotero-{style}.txt", "\n".join(got) + "\n")


def test_a_key_in_both_files_is_an_error_at_both_places(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "p")
    (root / "references.json").write_text(
        '[\n  {\n    "id": "un-doc",\n    "type": "report",\n    "title": "Another",\n'
        '    "publisher": "Committee against Torture",\n    "number": "CAT/C/EXA/CO/2",\n'
        '    "issued": {"date-parts": [[2030]]}\n  }\n]\n', encoding="utf-8")
    run = run_build(capsys, "--project", str(root), "mini", "--only", "md", "--out", str(tmp_path / "out"))
    assert run.status == 1
    assert run.err.splitlines()[:2] == [
        "references.bib:10:1: the key 'un-doc' is defined in both references.bib and references.json (line 2): "
        "a key names one source",
        "references.json:2:3: the key 'un-doc' is defined in both references.json and references.bib (line 10): "
        "a key names one source",
    ]
    assert "unknown citation key" not in run.err


def test_references_json_alone_builds(tmp_path, capsys):
    from dossier.csljson import parse_csl_json  # noqa: F401  (the module the build uses)

    root = copy_project(FIXTURES / "mini", tmp_path / "p")
    (root / "references.bib").unlink()
    (root / "references.json").write_text(
        '[{"id": "korean-report", "type": "webpage", "title": "A report on the example",'
        ' "original-title": "예시에 관한 보도", "author": [{"literal": "Example News"}],'
        ' "issued": {"date-parts": [[2021, 5, 6]]}, "URL": "https://example.org/report"},'
        ' {"id": "un-doc", "type": "report", "title": "Concluding observations on the example report",'
        ' "publisher": "Committee against Torture", "number": "CAT/C/EXA/CO/1",'
        ' "issued": {"date-parts": [[2030, 1, 15]]}}]', encoding="utf-8")
    run = run_build(capsys, "--project", str(root), "mini", "--only", "md", "--out", str(tmp_path / "out"))
    assert run.status == 0, run.err
    md = (tmp_path / "out/mini.md").read_text(encoding="utf-8")
    assert "Committee against Torture, Concluding observations on the example report, [CAT/C/EXA/CO/1](" in md
    assert "Example News, “A report on the example” \\[[예시에 관한 보도]{lang=ko}\\], 6 May 2021, p. 3." in md


@pytest.mark.parametrize("text, expected", [
    ('[{"id": "x", "type": "report",\n  "title": "T"\n  "issued": 1}]', "references.json:3:3: not valid JSON"),
    ('{"id": "x"}', "references.json:1:1: CSL-JSON is a list of items"),
    ('[\n {"id": "x", "type": "report", "title": "T", "publisher": "P",\n  "issued": {"date-parts": [[2023, 2, 30]]}}]',
     "references.json:3:3: entry 'x': date '2023-02-30' is not a date: February 2023 has 28 days"),
    ('[\n {"type": "report", "title": "T"}]', "references.json:2:2: an item without an 'id'"),
])
def test_bad_csl_json_is_located(text, expected):
    from dossier.csljson import parse_csl_json
    from dossier.errors import Diagnostics

    diags = Diagnostics()
    parse_csl_json(text, "references.json", diags)
    assert [str(d) for d in diags.items][0].startswith(expected)


@pytest.mark.parametrize("name", ["references.bib", "references.json"])
def test_a_zotero_export_builds_without_hand_edits(tmp_path, capsys, name):
    root = copy_project(FIXTURES / "mini", tmp_path / "p")
    (root / "references.bib").unlink()
    shutil.copy(ZOTERO / name, root / name)
    (root / "content/findings/first-finding.yaml").write_text(
        "title: A finding citing a Zotero library\nparagraphs:\n  - >-\n    "
        + " ".join(f"Sentence {i}.{line}" for i, line in enumerate(LINES)) + "\n", encoding="utf-8")
    run = run_build(capsys, "--project", str(root), "mini", "--only", "md", "--out", str(tmp_path / "out"))
    assert run.status == 0, run.err
    assert run.err == ""
    assert "8 footnotes" in run.out
