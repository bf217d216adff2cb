"""The follow-up table of earlier recommendations: a Table block, in every writer, read by others' readers."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import FIXTURES, copy_project, require, run_build, run_tool
from goldens import note_list
import pandoc_json


@pytest.fixture(scope="module")
def table_build(tmp_path_factory):
    from dossier.errors import Diagnostics
    from dossier.pipeline import build

    root = copy_project(FIXTURES / "mini", tmp_path_factory.mktemp("table"))
    shutil.copytree(FIXTURES / "follow-up-table", root, dirs_exist_ok=True)
    spec = root / "templates/upr/format.yaml"
    spec.write_text(spec.read_text().replace("follow_up_table: false", "follow_up_table: true"))
    sub = root / "content/submissions/mini.yaml"
    sub.write_text(sub.read_text().replace('numbers: ["10.1", "10.10"]', 'numbers: ["10.1", "10.10", "10.11"]'))
    diags = Diagnostics()
    result = build(root, "mini", root / "out", ("docx", "pdf", "md"), diags)
    assert not diags.items, [str(d) for d in diags.items]
    return root / "out", result.document


EXPECTED_ROWS = [
    ["No.", "Recommendation", "Recommended by", "Response"],
    ["10.1", "Ratify the example convention", "Norway", "Supported"],
    ["10.10", "Keep the number with its trailing zero", "Peru, Chile", "Noted"],
    ["10.11", "A recommendation whose response is not known", "Kenya", "not recorded"],
]


def test_the_table_and_its_sourced_notes_in_the_model(table_build):
    from dossier.document import Table, plain_text

    _, document = table_build
    (table,) = [b for b in document.blocks if isinstance(b, Table)]
    assert table.header_rows == 1
    assert [[plain_text(c) for c in row] for row in table.rows] == EXPECTED_ROWS
    assert plain_text(table.caption) == "Follow-up to the recommendations of the first cycle"
    # 10.11 cites a source: once in the list of recommendations (note 4) and once in the table (7)
    assert note_list(document.notes)[3:] == [
        "4 CAT/C/EXA/CO/1, para. 3.",
        "5 Report of the Working Group on the Universal Periodic Review: Exampleland, A/HRC/99/1.",
        "6 Report of the Working Group on the Universal Periodic Review: Exampleland. Addendum: views on "
        "conclusions and/or recommendations, voluntary commitments and replies presented by the State "
        "under review, A/HRC/99/1/Add.1.",
        "7 CAT/C/EXA/CO/1, para. 3.",
    ]


def _pandoc_tables(path, reader: str):
    require("pandoc")
    tree = json.loads(run_tool("pandoc", "-f", reader, "-t", "json", str(path)))
    tables, notes = [], []

    def cells(row):
        return [" ".join(pandoc_json.stringify(b["c"]) for b in cell[4] if b["t"] in ("Plain", "Para")).strip()
                for cell in row[1]]

    def walk(value):
        if isinstance(value, dict):
            if value.get("t") == "Table":
                _, _, _, head, bodies, _ = value["c"]  # pandoc-types 1.22
                rows = [cells(r) for r in head[1]]
                for body in bodies:
                    rows += [cells(r) for r in body[3]]
                tables.append(rows)
            if value.get("t") == "Note":
                notes.append(value)
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(tree["blocks"])
    return tables, notes


def test_pandoc_reads_the_docx_table_with_its_notes(table_build):
    out, document = table_build
    tables, notes = _pandoc_tables(out / "mini.docx", "docx")
    assert tables == [EXPECTED_ROWS]
    assert len(notes) == len(document.notes) == 7


def test_pandoc_reads_the_markdown_table_with_its_notes(table_build):
    out, document = table_build
    tables, notes = _pandoc_tables(out / "mini.md", "markdown")
    assert tables == [EXPECTED_ROWS]
    assert len(notes) == len(document.notes) == 7


def test_the_pdf_shows_the_table(table_build):
    from test_pdf import normalise, pdf_text

    out, _ = table_build
    text = normalise(pdf_text(out / "mini.pdf"))
    assert "Follow-up to the recommendations of the first cycle" in text
    for row in EXPECTED_ROWS[1:]:
        assert row[0] in text and row[3] in text


def test_the_pdf_header_cells_have_a_scope(table_build):
    """PDF/UA: each TH of the structure tree says what it heads (read by pikepdf)."""
    import pikepdf

    from test_pdf import _struct_elements

    out, _ = table_build
    with pikepdf.open(out / "mini.pdf") as pdf:
        headers = [e for e in _struct_elements(pdf) if str(e.S) == "/TH"]
        assert headers and all(str(e.A.Scope) in ("/Column", "/Row") for e in headers)


def test_the_docx_table_repeats_its_header_row(table_build):
    import zipfile

    from lxml import etree

    out, _ = table_build
    with zipfile.ZipFile(out / "mini.docx") as z:
        body = etree.fromstring(z.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    (table,) = body.iter(f"{w}tbl")
    rows = table.findall(f"{w}tr")
    assert [r.find(f"{w}trPr/{w}tblHeader") is not None for r in rows] == [True, False, False, False]
    assert len(table.findall(f"{w}tblGrid/{w}gridCol")) == 4
    calls = [r.get(f"{w}id") for r in body.iter(f"{w}footnoteReference")]
    assert calls == [str(n) for n in range(1, 8)]  # each note called once, in order


def test_the_upr_submission_has_no_table_by_default(upr_build):
    from dossier.document import Table

    assert not any(isinstance(b, Table) for b in upr_build[2].blocks)


def test_cite_in_a_template_needs_a_known_key(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "p")
    shutil.copytree(FIXTURES / "follow-up-table", root, dirs_exist_ok=True)
    template = root / "templates/upr/document.xml.j2"
    template.write_text(template.read_text().replace("<document>", "<document><p>{{ 'no-such-key'|cite }}</p>", 1))
    run = run_build(capsys, "--project", str(root), "mini", "--only", "md", "--out", str(tmp_path / "o"))
    assert run.status == 1
    assert "template error: cite: unknown citation key 'no-such-key'" in run.err
    assert "Traceback" not in run.err
