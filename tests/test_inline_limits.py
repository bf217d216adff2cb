"""Inline markup on hostile and careless input: citations that are not quite one, typographic
spaces, findings set into notes, and a parser whose work is linear in the text's length."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, copy_project, require, run_build
from dossier.document import Citation, Link, Str
from dossier.inline import parse_inline

INTRO = "      - text: A short introduction with *emphasis*."


def _project(tmp_path: Path, intro: str) -> Path:
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    path = root / "content/submissions/mini.yaml"
    path.write_text(path.read_text().replace(INTRO, "      - text: " + json.dumps(intro, ensure_ascii=False)))
    return root


# ---- which brackets are citations -------------------------------------------------

def test_a_key_may_hold_letters_of_any_script():
    (cite,) = [n for n in parse_inline("see [@müller2020, p. 3; @émile2020]").inlines if isinstance(n, Citation)]
    assert [(i.key, i.locator) for i in cite.items] == [("müller2020", "p. 3"), ("émile2020", "")]


def test_an_address_in_brackets_is_text_not_a_citation_with_a_prefix():
    parsed = parse_inline("write to [info@example.org] today")
    assert parsed.inlines == [Str("write to [info@example.org] today")]
    assert parsed.problems == []


def test_a_part_without_a_key_is_an_error_not_literal_text():
    for text in ("x [@a;]", "x [see @a; @]", "x [@a; see b]"):
        parsed = parse_inline(text)
        assert len(parsed.problems) == 1, text


def test_suppress_author_cites_the_key_without_a_dash_prefix():
    parsed = parse_inline("x [-@a, para. 3]")
    (cite,) = [n for n in parsed.inlines if isinstance(n, Citation)]
    assert [(i.key, i.prefix, i.locator) for i in cite.items] == [("a", "", "para. 3")]
    assert [p.severity for p in parsed.problems] == ["warning"]


def test_a_citation_inside_link_text_is_refused():
    parsed = parse_inline("[the report [@a] here](https://example.org)")
    assert len(parsed.problems) == 1 and "link" in parsed.problems[0].message
    assert isinstance(parsed.inlines[0], Link)


def test_an_accented_key_known_to_the_bibliography_gives_a_note(tmp_path, capsys):
    root = _project(tmp_path, "Cited [@müller2020, p. 3].")
    with (root / "references.bib").open("a", encoding="utf-8") as bib:
        bib.write("\n@report{müller2020,\n  title = {Ein Bericht},\n  institution = {Example},\n"
                  "  date = {2020-01-01},\n}\n")
    run = run_build(capsys, "--project", str(root), "mini", "--only", "md", "--out", str(tmp_path / "out"))
    assert run.status == 0, run.err
    md = (tmp_path / "out/mini.md").read_text(encoding="utf-8")
    assert "Cited.[^1]" in md
    assert "Ein Bericht" in md


# ---- typographic spaces -------------------------------------------------------------

SPACED = "Some 10\u00a0000 people, art.\u202f3, \u00ab\u2009quote\u2009\u00bb."


def test_no_break_narrow_and_thin_spaces_reach_the_docx_and_markdown(tmp_path, capsys):
    pandoc = require("pandoc")
    root = _project(tmp_path, SPACED)
    out = tmp_path / "out"
    run = run_build(capsys, "--project", str(root), "mini", "--only", "docx", "--only", "md", "--out", str(out))
    assert run.status == 0, run.err
    for path, reader in ((out / "mini.docx", "docx"), (out / "mini.md", "markdown")):
        plain = subprocess.run([pandoc, "-f", reader, "-t", "plain", "--wrap=none", str(path)],
                               capture_output=True, text=True, check=True).stdout
        assert SPACED in plain, (reader, plain)


def test_no_break_narrow_and_thin_spaces_reach_the_pdf_writer():
    """pdftotext prints every space glyph as U+0020, so the PDF's HTML is what is checked."""
    from dossier.writers.html import inlines_html

    assert SPACED in inlines_html(parse_inline(SPACED).inlines)


# ---- findings set into notes ----------------------------------------------------------

def test_a_finding_set_into_a_note_keeps_a_space_before_its_citation(tmp_path, capsys):
    root = _project(tmp_path, "An introduction.^[As found: ![[cited-sentence]] More.]")
    (root / "content/findings/cited-sentence.yaml").write_text(
        "title: A cited sentence\nparagraphs:\n  - The Committee said so in a cite.[@un-doc, para. 3]\n")
    run = run_build(capsys, "--project", str(root), "mini", "--only", "md", "--out", str(tmp_path / "out"))
    assert run.status == 0, run.err
    md = (tmp_path / "out/mini.md").read_text(encoding="utf-8")
    assert "in a cite. Committee against Torture" in md
    assert "cite.Committee" not in md


# ---- linear work ------------------------------------------------------------------------

# Pieces that once made the parser search the rest of the text again at each of them.
PIECES = ["[", "]", "[[x ", "*x ", "**", "*", "^[", "![[", "[@a] ", "[@a, p. 3; @b]", "(", ")", "\\",
          "](https://x.org/", "<https://x.org>", "{lang=ko}", "x", " ", "@", ";", "[t](https://u.org) "]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40), st.integers(1, 4))
def test_the_parser_work_grows_linearly_with_the_text(pieces, scale):
    """The steps (characters looked at) per character stay bounded when the text is repeated."""
    unit = "".join(pieces)
    small = parse_inline(unit * 50)
    large = parse_inline(unit * 50 * (2 ** scale))
    per_char_small = small.steps / len(unit * 50)
    per_char_large = large.steps / len(unit * 50 * (2 ** scale))
    assert per_char_large <= 2 * per_char_small + 4, (unit, small.steps, large.steps)
    assert per_char_large <= 40


def test_twenty_thousand_citations_of_one_key_are_each_located(tmp_path):
    """Each citation of a key is found in the YAML once: locating all of them is linear."""
    from dossier.errors import Diagnostics
    from dossier.loading import parse_yaml
    from dossier.schema import Text

    text = "text: x " + " ".join(["[@a]"] * 20_000) + "\n"
    node = parse_yaml(text, "x.yaml", Diagnostics())
    scalar = node.get("text")
    parsed = parse_inline(Text.located(scalar.text, scalar))
    cites = [n for n in parsed.inlines if isinstance(n, Citation)]
    assert len(cites) == 20_000
    assert cites[-1].items[0].loc.column == len("text: x ") + 5 * 19_999 + 2


# ---- a word wider than the page ------------------------------------------------------

def test_a_word_wider_than_the_line_is_broken_in_the_pdf_not_clipped(tmp_path, capsys):
    pdftotext = require("pdftotext")
    word = "abcdefghij" * 2_000
    root = _project(tmp_path, f"Start {word} end.")
    out = tmp_path / "out"
    run = run_build(capsys, "--project", str(root), "mini", "--only", "pdf", "--out", str(out))
    assert run.status == 0, run.err
    text = subprocess.run([pdftotext, str(out / "mini.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    joined = "".join(ch for ch in text if ch in "abcdefghijStar")  # lines, pages and page numbers left out
    assert "Start" + word in joined


def test_a_tilde_in_the_bibliography_stays_a_no_break_space(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    bib = root / "references.bib"
    bib.write_text(bib.read_text().replace("{Concluding observations on the example report}",
                                           "{Concluding observations on art.~3 of the example report}"))
    run = run_build(capsys, "--project", str(root), "mini", "--only", "md", "--out", str(tmp_path / "out"))
    assert run.status == 0, run.err
    assert "art.\u00a03 of the example" in (tmp_path / "out/mini.md").read_text(encoding="utf-8")


# ---- templates making huge strings ----------------------------------------------------

import pytest  # noqa: E402


@pytest.mark.parametrize("source", [
    '{% set ns = namespace(s="x") %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}',
    '{% set ns = namespace(s="x") %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}',
    '{{ "x".center(10**9) }}', '{{ "x".ljust(10**9) }}', '{{ "x".zfill(10**9) }}',
    '{{ "x"|center(10**9) }}', '{{ "a\\nb"|indent(10**9) }}',
    '{{ "%1000000000s"|format("x") }}', '{{ "%1000000000s" % "x" }}', '{{ "{:>1000000000}".format("x") }}',
    '{{ ("x" * 10000).replace("x", "y" * 10000) }}', '{{ ("x" * 10000)|replace("x", "y" * 10000) }}',
    '{{ ("y" * 10000).join(["x"] * 10000) }}',
])
def test_a_template_cannot_build_a_huge_string(source):
    from jinja2.exceptions import SecurityError

    from dossier.render import _sandbox_class

    env = _sandbox_class()(autoescape=True)
    with pytest.raises(SecurityError):
        env.from_string(source).render()


def test_a_template_still_joins_and_pads_small_strings():
    from dossier.render import _sandbox_class

    env = _sandbox_class()(autoescape=True)
    assert env.from_string('{{ "a" ~ "b" }}{{ "x".center(3) }}{{ "%03d"|format(7) }}{{ ["a", "b"]|join("-") }}'
                           ).render() == "ab x 007a-b"
