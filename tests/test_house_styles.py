"""House styles (styles/<name>.yaml): a built-in style with the wording an organisation uses.

The notes are read back from the DOCX by pandoc, a reader that is not ours.
"""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import FIXTURES, copy_project, repo_project, require, run_build
from goldens import GOLDEN, check, note_list, notes, references
from pandoc_json import note_texts, read
from test_formats import SEEDS

HOUSE = FIXTURES / "house-style"


def _build(root, target, outputs=("docx",)):
    from dossier.errors import Diagnostics
    from dossier.pipeline import build

    diags = Diagnostics()
    result = build(root, target, root / "out", outputs, diags)
    assert not diags.items, [str(d) for d in diags.items]
    return result


def test_plain_house_style_as_pandoc_reads_the_docx(tmp_path):
    require("pandoc")
    root = copy_project(HOUSE, tmp_path / "p")
    result = _build(root, "mini")
    ours = note_list(result.document.notes)
    check("house-plain.txt", "\n".join(ours) + "\n")
    from_docx = [f"{i} {text.strip()}" for i, text in enumerate(note_texts(read(root / "out/mini.docx")), 1)]
    assert from_docx == ours


def _seed_notes() -> list[str]:
    seed = SEEDS / "001_bef7bd6afdd0a300.txt"
    if not seed.exists():
        pytest.skip("the seeds are not beside the project")
    return [f"{n} {text.strip()}" for n, text in
            re.findall(r"^<sup>(\d+)</sup> (.*)$", seed.read_text(encoding="utf-8"), flags=re.M)]


def test_a_house_style_reproduces_the_upr_seeds_notes_note_for_note(tmp_path):
    require("pandoc")
    expected = _seed_notes()
    assert len(expected) == 2
    root = repo_project(tmp_path / "p")
    shutil.copytree(HOUSE / "styles", root / "styles")
    sub = root / "content/submissions/upr-2024.yaml"
    sub.write_text(sub.read_text().replace("format: upr\n", "format: upr\ncitation_style: nkhr\n", 1))
    _build(root, "upr-2024")
    from_docx = [f"{i} {text.strip()}" for i, text in enumerate(note_texts(read(root / "out/upr-2024.docx")), 1)]
    assert from_docx == expected


def _style_errors(tmp_path, capsys, text: str) -> str:
    root = copy_project(FIXTURES / "mini", tmp_path / "p")
    (root / "styles").mkdir()
    (root / "styles/house.yaml").write_text(text)
    sub = root / "content/submissions/mini.yaml"
    sub.write_text(sub.read_text().replace("title: Individual Submission", "title: Individual Submission\n"
                                           "citation_style: house"))
    run = run_build(capsys, "--project", str(root), "mini", "--only", "md", "--out", str(tmp_path / "out"))
    assert run.status == 1
    return run.err


def test_an_unknown_option_is_located_with_a_hint(tmp_path, capsys):
    err = _style_errors(tmp_path, capsys, "based_on: un\ndate_fromat: April 2, 2021\n")
    assert err.startswith("styles/house.yaml:2:1: unknown key 'date_fromat' in house style; "
                          "did you mean 'date_form'?\n")


def test_a_value_outside_an_options_choices_is_located(tmp_path, capsys):
    err = _style_errors(tmp_path, capsys, "based_on: un\nurl_form: link\n")
    assert err.startswith("styles/house.yaml:2:11: 'url_form' must be one of <url>, url, Available at url, "
                          "not 'link'")


def test_a_house_style_needs_a_built_in_style_to_start_from(tmp_path, capsys):
    err = _style_errors(tmp_path, capsys, "based_on: chicago\n")
    assert err.startswith("styles/house.yaml:1:11: 'based_on' must be one of simple, un, oscola, us-legal")


def test_an_omitted_field_must_be_one_a_note_carries(tmp_path, capsys):
    err = _style_errors(tmp_path, capsys, "based_on: un\nomit: [instituton]\n")
    assert "'omit' names 'instituton'" in err and "did you mean 'institution'?" in err


def test_a_house_style_may_not_take_a_built_in_name(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "p")
    (root / "styles").mkdir()
    (root / "styles/un.yaml").write_text("based_on: simple\n")
    run = run_build(capsys, "--project", str(root), "mini", "--only", "md", "--out", str(tmp_path / "out"))
    assert run.status == 1 and run.err.startswith("styles/un.yaml: a house style may not be called 'un'")


# ---- the rules keep working in every house style -----------------------------------------
def _house(based_on: str, **options):
    from dossier.citations.house import HouseStyle
    from dossier.citations.options import StyleOptions
    from dossier.errors import Location

    return HouseStyle("house", based_on, StyleOptions(**options), frozenset(), Location("styles/house.yaml"))


def _notes(lines, house):
    from dossier.citations import number_notes
    from goldens import Document, Metadata, Paragraph, markup, parse_inline

    doc = Document(Metadata("t", "a", "en"), [Paragraph(parse_inline(f"Text{line}").inlines) for line in lines])
    number_notes(doc, references(), house.name, house)
    return [f"{n.number} {markup(n.children)}" for n in doc.notes]


SEQUENCE = ["[@cat-co, para. 47]", "[@cat-co, para. 30]", "[@nkhr, p. 5]", "[@cat-co, para. 47]",
            "[@cat-co, para. 47]"]


def test_ibid_and_short_forms_in_a_house_style_with_other_wording():
    house = _house("un", ibid="Id.", paragraph="paragraph", date_form="April 2, 2021", url_form="<url>",
                   before_url=", ", titles="italic", final_stop=False)
    assert _notes(SEQUENCE, house) == [
        "1 Committee against Torture, Concluding observations on the fifth periodic report of China, "
        "CAT/C/CHN/CO/5, paragraph 47",
        "2 *Id.*, paragraph 30",
        "3 NKHR, *Blood Coal Export from North Korea* (April 2, 2021), p. 5, <https://example.org/blood-coal>",
        "4 CAT/C/CHN/CO/5, paragraph 47",
        "5 *Id.*",
    ]


def test_a_house_style_without_ibid_repeats_the_short_form():
    house = _house("oscola", ibid="none")
    got = _notes(SEQUENCE, house)
    assert not any("ibid" in n.lower() for n in got)
    assert got[1] == "2 UN Doc CAT/C/CHN/CO/5 (n 1) para 30."
    assert got[4] == "5 UN Doc CAT/C/CHN/CO/5 (n 1) para 47."


def test_an_omitted_field_is_left_out():
    house = _house("un")
    house.omit = frozenset({"institution"})
    assert _notes(["[@nkhr]"], house) == [
        "1 NKHR, “Blood Coal Export from North Korea” (2 April 2021). Available at https://example.org/blood-coal."]


def test_changing_a_house_style_rebuilds_the_targets_that_use_it(tmp_path, capsys):
    root = copy_project(HOUSE, tmp_path / "p")
    sub = root / "content/submissions/mini.yaml"  # a second target, in a built-in style
    (root / "content/submissions/other.yaml").write_text(sub.read_text().replace("citation_style: plain\n", ""))
    out = str(tmp_path / "out")
    first = run_build(capsys, "--project", str(root), "--all", "--only", "md", "--out", out)
    assert first.status == 0, first.err
    again = run_build(capsys, "--project", str(root), "--all", "--only", "md", "--out", out)
    assert again.out.splitlines()[-1].startswith("0 built, 2 unchanged"), again.out
    style = root / "styles/plain.yaml"
    style.write_text(style.read_text().replace("final_stop: true", "final_stop: false"))
    third = run_build(capsys, "--project", str(root), "--all", "--only", "md", "--out", out)
    assert third.out.splitlines()[-1].startswith("1 built, 1 unchanged"), third.out  # only the one using it
    assert "Seoul, April 2021\n" in (tmp_path / "out/mini.md").read_text(encoding="utf-8")


def test_a_house_style_file_offers_every_option_of_the_record():
    from dossier.citations.house import HouseStyleFile
    from dossier.citations.options import OPTION_NAMES, StyleOptions
    from dossier.schema import schema_fields

    assert set(OPTION_NAMES) <= set(schema_fields(HouseStyleFile))
    hints = {name: HouseStyleFile.__annotations__[name] for name in OPTION_NAMES}
    assert hints == {name: StyleOptions.__annotations__[name] for name in OPTION_NAMES}


@pytest.mark.parametrize("based_on, expected", [
    ("oscola", "1 NKHR: *Blood Coal Export from North Korea* (Citizens' Alliance for North Korean Human Rights "
               "2021) <https://example.org/blood-coal>."),
    ("us-legal", "1 NKHR: *Blood Coal Export from North Korea* (Citizens' Alliance for North Korean Human Rights, "
                 "Apr. 2, 2021), https://example.org/blood-coal."),
    ("un", "1 NKHR: “Blood Coal Export from North Korea” (2 April 2021). Available at https://example.org/blood-coal."),
])
def test_the_author_title_separator_in_every_style(based_on, expected):
    assert _notes(["[@nkhr]"], _house(based_on, author_separator=": ")) == [expected]
