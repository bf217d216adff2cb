"""Typographic quotation marks on the document model, and what the writers make of them."""

from __future__ import annotations

import subprocess

from conftest import require
from dossier.document import Document, Emph, Metadata, Note, Paragraph, Str, plain_text
from dossier.inline import parse_inline
from dossier.typography import apply_typography


def typeset(text: str, language: str = "en") -> str:
    document = Document(Metadata("t", "a", language), [Paragraph(parse_inline(text).inlines)])
    return plain_text(apply_typography(document).blocks[0].children)


def test_straight_quotes_become_typographic():
    assert typeset('He said "no" and left.') == "He said \u201cno\u201d and left."
    assert typeset("the State's 'duty'") == "the State\u2019s \u2018duty\u2019"
    assert typeset('"Quoted" at the start') == "\u201cQuoted\u201d at the start"
    assert typeset('(\"in brackets\")') == "(\u201cin brackets\u201d)"


def test_the_context_runs_across_emphasis():
    assert typeset('*"Made in China"*') == "\u201cMade in China\u201d"
    assert typeset('the "*word*" here') == "the \u201cword\u201d here"


def test_an_escaped_quote_is_kept_as_typed():
    assert typeset('5\\" screen and \\\'x\\\'') == "5\" screen and 'x'"


def test_us_english_puts_full_stops_and_commas_inside():
    assert typeset('called "torture". Then "this", that', "en-US") == \
        "called \u201ctorture.\u201d Then \u201cthis,\u201d that"
    assert typeset('called "torture". Then', "en-GB") == "called \u201ctorture\u201d. Then"
    assert typeset("the States' duty.", "en-US") == "the States\u2019 duty."  # an apostrophe stays put


def test_other_languages_have_their_own_marks():
    assert typeset('"Wort"', "de") == "\u201eWort\u201c"


def test_a_note_is_a_text_of_its_own():
    note = Note(1, [Str('"Title" (2020).')])
    document = Document(Metadata("t", "a", "en"), [Paragraph([Str('a "quote'), note, Str('" ends')])])
    apply_typography(document)
    assert plain_text(note.children) == "\u201cTitle\u201d (2020)."
    assert plain_text(document.blocks[0].children) == "a \u201cquote\u201d ends"


def test_the_three_outputs_agree(upr_build):
    """The DOCX (through pandoc) and the Markdown (plain pandoc -f markdown) read the same marks."""
    require("pandoc")
    _, out, document = upr_build
    docx_text = subprocess.run(["pandoc", "-f", "docx", "-t", "plain", "--wrap=none", str(out / "upr-2024.docx")],
                               capture_output=True, text=True, check=True).stdout
    assert "People\u2019s Republic" in docx_text and "People's" not in docx_text


def test_markdown_numbers_run_on_and_plain_pandoc_reads_the_notes(upr_build, tmp_path, capsys):
    """Plain ``pandoc -f markdown`` (smart on, as by default) reads our notes as the model has them,
    and numbers the paragraphs on across sections as the DOCX does."""
    import json

    from conftest import run_build

    require("pandoc")
    root, _, document = upr_build
    assert run_build(capsys, "upr-2024", "--project", str(root), "--only", "md", "--out", str(tmp_path)).status == 0
    ast = json.loads(subprocess.run(["pandoc", "-f", "markdown", "-t", "json", str(tmp_path / "upr-2024.md")],
                                    capture_output=True, text=True, check=True).stdout)
    notes: list[str] = []
    starts: list[int] = []

    def text(node) -> str:
        if isinstance(node, list):
            return "".join(text(n) for n in node)
        if not isinstance(node, dict):
            return ""
        kind, content = node.get("t"), node.get("c")
        if kind == "Str":
            return content
        if kind in ("Space", "SoftBreak"):
            return " "
        if kind == "Note":
            notes.append(" ".join(text(content).split()))
            return ""
        if kind == "Link":
            return text(content[1])
        if kind == "Quoted":  # how pandoc holds a quotation; its writers print these marks
            double = content[0]["t"] == "DoubleQuote"
            return ("\u201c" if double else "\u2018") + text(content[1]) + ("\u201d" if double else "\u2019")
        if kind == "OrderedList":
            starts.append(content[0][0])
        return text(content)

    text(ast["blocks"])
    assert notes == [" ".join(plain_text(n.children).split()) for n in document.notes]
    numbered = sum(1 for b in document.blocks if isinstance(b, Paragraph) and b.numbered)
    assert starts[0] == 1 and len(starts) > 1 and starts[-1] > 1 and max(starts) <= numbered


KOREAN_WORDS = ("북한", "여성과", "소녀들은", "강제로", "송환된", "이후", "교화소에서", "가발과",
                "속눈썹을", "생산하도록", "강요받았다고", "증언했다")


def _korean_build(tmp_path, capsys):
    from conftest import FIXTURES, copy_project, run_build

    root = copy_project(FIXTURES / "mini", tmp_path / "p")
    finding = root / "content/findings/first-finding.yaml"
    sentence = " ".join(KOREAN_WORDS * 6)
    finding.write_text(finding.read_text(encoding="utf-8") +
                       f"  - >-\n    Testimony: [{sentence}]{{lang=ko}} and a title in italics,"
                       f" *[{' '.join(KOREAN_WORDS[:4])}]{{lang=ko}}*.\n", encoding="utf-8")
    assert run_build(capsys, "mini", "--project", str(root), "--only", "pdf", "--out", str(tmp_path / "o")).status == 0
    return tmp_path / "o/mini.pdf"


def test_korean_lines_break_between_words_and_cjk_stays_upright(tmp_path, capsys):
    """pdftotext: every line of the Korean text starts and ends with a whole word; pikepdf: no
    CJK font in the PDF is an italic one (WeasyPrint would otherwise slant it synthetically)."""
    import re

    import pikepdf

    from conftest import run_tool

    require("pdftotext")
    pdf = _korean_build(tmp_path, capsys)
    lines = run_tool("pdftotext", "-layout", str(pdf), "-").splitlines()
    korean_lines = [line for line in lines if re.search("[\uac00-\ud7af]{2}", line)]
    assert len(korean_lines) >= 3  # it wraps
    for line in korean_lines:
        for token in re.findall(r"[\uac00-\ud7af]+", line):
            assert token in KOREAN_WORDS or token in ("예시에", "관한", "보도"), f"a Korean word broken: {token!r}"
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            for font in page.Resources.get("/Font", {}).values():
                descendants = font.get("/DescendantFonts")
                descriptor = (descendants[0] if descendants else font).get("/FontDescriptor")
                if descriptor is not None and "CJK" in str(font.get("/BaseFont")):
                    assert not int(descriptor.Flags) & 64, f"italic CJK font: {font.BaseFont}"


def test_us_english_moves_the_full_stop_into_a_mark_that_ends_another_text():
    """A provision quoted in a sentence (law.py's marks), a citation style's title marks, and
    a note call between the mark and the full stop: the stop goes inside, before the call."""
    from conftest import REPO
    from dossier.document import Literal
    from dossier.errors import Diagnostics
    from dossier.law import quotation
    from dossier.project import load_project

    provision = load_project(REPO, Diagnostics()).law["convention-against-torture"].find("3(1)")

    def sentence(language: str) -> tuple[str, str]:
        note = Note(1, [Literal("\u201c"), Str("Title"), Literal("\u201d"), Str(", 2020.")])
        inlines = [Str("Article 3 reads "), *quotation(provision, True), note, Str(". Then, it ends.")]
        document = Document(Metadata("t", "a", language), [Paragraph(inlines)])
        apply_typography(document)
        return plain_text(document.blocks[0].children), plain_text(note.children)

    text, note = sentence("en-US")
    assert text.endswith("torture.\u201d Then, it ends.")
    assert note == "\u201cTitle,\u201d 2020."
    text, note = sentence("en-GB")
    assert text.endswith("torture\u201d. Then, it ends.") and note == "\u201cTitle\u201d, 2020."
    # a straight mark kept as typed (\") is left as typed, with what follows it
    assert typeset('5\\". Then', "en-US") == '5". Then'


def test_an_apostrophe_for_left_out_letters_is_not_an_opening_quote():
    assert typeset("The '90s and rock 'n' roll.") == "The \u201990s and rock \u2019n\u2019 roll."
    assert typeset("'Tis the season, tell 'em.") == "\u2019Tis the season, tell \u2019em."
    # a quotation that begins with such letters is still a quotation
    assert typeset("'Tisane' and 'nothing'") == "\u2018Tisane\u2019 and \u2018nothing\u2019"


def test_kept_quotes_and_markers_in_a_row_survive_a_whole_build(tmp_path, capsys):
    """Through templates and writers (read back by pandoc from the DOCX): an escaped quote stays
    straight, and two citations before a full stop both follow it."""
    import json

    import pandoc_json
    from conftest import replace_once, repo_project, run_build

    root = repo_project(tmp_path / "p")
    added = ('      - text: "A sign read \\\\\\"NO PETS\\\\\\" on a door 5\\\\\' high, '
             'as reported [@cat-co-chn-5, para. 47] [@refugee-convention]."\n')
    replace_once(root / "content/submissions/cedaw-china.yaml", "    blocks:\n", "    blocks:\n" + added)
    run = run_build(capsys, "--project", str(root), "cedaw-china", "--only", "docx", "--out", str(tmp_path / "out"))
    assert run.status == 0, run.err
    require("pandoc")
    ast = json.loads(subprocess.run(["pandoc", "-f", "docx", "-t", "json", str(tmp_path / "out/cedaw-china.docx")],
                                    capture_output=True, text=True, check=True).stdout)

    paragraphs = [pandoc_json.stringify(block["c"], note="^") for block in ast["blocks"] if block["t"] == "Para"]
    assert any(p.endswith('A sign read "NO PETS" on a door 5\' high, as reported.^^') for p in paragraphs), \
        [p for p in paragraphs if "PETS" in p]


def test_a_quote_right_after_a_note_call_closes():
    """`a "[@key]" case`: the note call stands between the marks, which open and close round it."""
    note = Note(1, [Str("A source.")])
    document = Document(Metadata("t", "a", "en"), [Paragraph([Str('Also a "'), note, Str('" case.')])])
    apply_typography(document)
    assert plain_text(document.blocks[0].children) == "Also a \u201c\u201d case."


def test_a_quotation_inside_a_quoted_title_takes_single_marks():
    """A citation style quotes a title (its own marks, Literal); a straight quotation inside the
    title is nested: single marks, as English nests them."""
    from dossier.document import Literal

    note = Note(1, [Literal("\u201c"), Str('Women speak of "lucky" release'), Literal("\u201d"), Str(", 2020.")])
    document = Document(Metadata("t", "a", "en"), [Paragraph([Str("Text"), note])])
    apply_typography(document)
    assert plain_text(note.children) == "\u201cWomen speak of \u2018lucky\u2019 release\u201d, 2020."
