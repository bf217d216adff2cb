"""import as a new user meets it: the format told from the front page (the first sign found wins,
so a CECC statement whose body names a Special Rapporteur stays CECC) and typed heading numbers."""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import repo_project, run_build

def _import_text(tmp_path, capsys, text: str, target: str, fmt: str | None, org: str | None, name: str):
    """``text`` (Markdown) imported into a copy of the repository as ``target``: (root, run, the YAML written)."""
    root = repo_project(tmp_path / "p")
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    args = ["import", "--project", str(root), str(source), "--target", target]
    args += ["--format", fmt] if fmt else []
    args += ["--org", org] if org else []
    run = run_build(capsys, *args)
    path = root / f"content/submissions/{target}.yaml"
    written = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    return root, run, written


def _new_entry(root, title_part: str):
    """The references.bib entry whose title holds ``title_part``, read by bibtexparser: (entry, fields)."""
    import bibtexparser

    library = bibtexparser.parse_string((root / "references.bib").read_text(encoding="utf-8"))
    (entry,) = [e for e in library.entries if title_part in e.fields_dict["title"].value]
    return entry, {k: f.value for k, f in entry.fields_dict.items()}


STATEMENT = """\
Busan, April 2, 2027

**Congressional-Executive Commission on China**

Written Statement provided by Hana Seo-Whitfield, Director of Research, Tidewater Labour Watch

Honorable Chairs and Members of the Commission,

# The Special Rapporteur's findings

The Special Rapporteur described such deductions as debt bondage.

Sincerely yours,
"""


def test_a_cecc_statement_naming_a_special_rapporteur_is_imported_as_cecc(tmp_path, capsys):
    root, run, written = _import_text(tmp_path, capsys, STATEMENT, "cecc-guess", None, "nkhr", "statement.md")
    assert written["format"] == "cecc", run.out + run.err
    # only what the CECC format requires gets a placeholder: it has no State under review
    assert "state" not in written


NUMBERED = """\
# I. Introduction

Text one.

# II. Recruitment fees

## A. The agencies

Text two.

> A quotation between the two sub-headings.

## B. The findings

Text three.

# III. Recommendations

## A. To the Commission

Text four.
"""


def test_lettered_headings_are_siblings_not_each_under_the_one_before(tmp_path, capsys):
    root, run, written = _import_text(tmp_path, capsys, NUMBERED, "sr-levels", "special-rapporteur", "nkhr", "numbered.md")

    def outline(sections, depth=1):
        for section in sections:
            yield depth, section["title"]
            yield from outline(section.get("sections", []), depth + 1)

    assert list(outline(written["sections"])) == [
        (1, "Introduction"), (1, "Recruitment fees"), (2, "The agencies"), (2, "The findings"),
        (1, "Recommendations"), (2, "To the Commission")], run.out + run.err


LETTERED = """\
# A. Introduction

Text one.

# B. Implementation

Text two.

# C. Forced repatriation

Text three.

# D. Recommendations

Text four.
"""


def test_headings_lettered_a_to_d_are_siblings_and_c_is_no_roman_numeral(tmp_path, capsys):
    """ "C." after "B." is the letter C: four top-level sections lettered A to D, nothing
    invented above them."""
    root, run, written = _import_text(tmp_path, capsys, LETTERED, "sr-letters", "special-rapporteur", "nkhr", "lettered.md")
    assert [s["title"] for s in written["sections"]] == [
        "Introduction", "Implementation", "Forced repatriation", "Recommendations"], run.out + run.err
    assert not any(s.get("sections") for s in written["sections"])
    assert written["heading_numbering"] == ["upper-alpha"]


def test_typed_heading_numbers_become_the_submissions_heading_numbering(tmp_path, capsys):
    root, run, written = _import_text(tmp_path, capsys, NUMBERED, "sr-numbers", "special-rapporteur", "nkhr", "numbered.md")
    assert written["heading_numbering"] == ["upper-roman", "upper-alpha"], run.out + run.err
    target = root / "content/submissions/sr-numbers.yaml"  # the one key import cannot guess
    text = re.sub(r'^date: "TODO: [^"]*"\n', "", target.read_text(encoding="utf-8"), flags=re.M)  # its placeholder
    target.write_text(text + "publication_consent: true\ndate: 2027-04-02\n", encoding="utf-8")
    built = run_build(capsys, "--project", str(root), "sr-numbers", "--only", "md", "--out", str(tmp_path / "out"))
    assert built.status == 0, built.err
    markdown = (tmp_path / "out" / "sr-numbers.md").read_text(encoding="utf-8")
    assert "# II. Recruitment fees" in markdown and "## B. The findings" in markdown, built.err


ITALIC_OUTLETS = """\
# Background

The agencies advertised in Korean newspapers.[^1] A journal studied them.[^2]

[^1]: Min-ji Kang, "Manning agencies recruit in Busan port" [부산항에서 선원 모집하는 송출업체], *Busan Ilbo*, March 2, 2026, <https://news.example.kr/2026/03/02/agencies>.
[^2]: Janet Marlow, "Fees at sea," *Maritime Labour Review*, June 2024, <https://journal.example.org/fees>.
"""


def test_an_italic_outlet_after_a_quoted_title_is_a_periodical_without_its_asterisks(tmp_path, capsys):
    root, run, written = _import_text(tmp_path, capsys, ITALIC_OUTLETS, "sr-outlets", "special-rapporteur", "nkhr", "outlets.md")
    assert run.status == 0, run.out + run.err
    bib = (root / "references.bib").read_text(encoding="utf-8")
    added = bib[bib.index("Imported from outlets.md"):]
    assert "*" not in added, added
    news, journal = added.split("@")[1:3]
    assert news.startswith("article{") and re.search(r"journaltitle\s*=\s*\{Busan Ilbo\}", news), news
    assert re.search(r"entrysubtype\s*=\s*\{newspaper\}", news), news
    assert journal.startswith("article{") and re.search(r"journaltitle\s*=\s*\{Maritime Labour Review\}", journal)
    assert "entrysubtype" not in journal, journal


ID_IN_A_NOTE = """\
# Background

The agencies advertised in Korean newspapers.[^1] Crews confirmed it.[^2]

[^1]: Janet Marlow, "Fees at sea," *Maritime Labour Review*, June 2024, at 3; Min-ji Kang, "Manning agencies recruit in Busan port," Busan Daily News, March 2, 2026, at 4; see also id. at 14.
[^2]: Janet Marlow, supra note 1, at 9.
"""


def test_id_after_another_source_in_the_same_note_is_that_source(tmp_path, capsys):
    root, run, written = _import_text(tmp_path, capsys, ID_IN_A_NOTE, "sr-id", "special-rapporteur", "nkhr", "id.md")
    assert run.status == 0, run.out + run.err
    text = (root / "content/submissions/sr-id.yaml").read_text(encoding="utf-8")
    first = re.search(r"\[@([\w-]+), p. 3; @([\w-]+), p. 4; see also @([\w-]+), p. 14\]", " ".join(text.split()))
    assert first, text
    assert first.group(3) == first.group(2) != first.group(1)


def test_import_takes_sr_for_special_rapporteur_as_init_does(tmp_path, capsys):
    root, run, written = _import_text(tmp_path, capsys, NUMBERED, "sr-short", "sr", "nkhr", "numbered.md")
    assert written["format"] == "special-rapporteur", run.out + run.err


LETTER_END = """\
# Findings

Former detainees describe systematic violence.

We remain at your disposal for any further information.

Yours sincerely,

Zumretay Arkin

Director of Advocacy, Uyghur Women's Voice Foundation
"""


def test_a_letters_closing_and_signature_are_keys_only_where_the_format_prints_them(tmp_path, capsys):
    root = repo_project(tmp_path / "p")
    md = tmp_path / "letter.md"
    md.write_text(LETTER_END, encoding="utf-8")
    # CECC prints a closing, the author and a signature: the signature's lines are the author's
    run = run_build(capsys, "import", "--project", str(root), str(md), "--target", "cecc-end",
                    "--format", "cecc", "--org", "nkhr")
    written = yaml.safe_load((root / "content/submissions/cecc-end.yaml").read_text(encoding="utf-8"))
    assert written["closing"] == "Yours sincerely,", run.out + run.err
    assert written["author"] == {"name": "Zumretay Arkin", "title": "Director of Advocacy",
                                 "affiliation": "Uyghur Women's Voice Foundation"}
    texts = [b.get("text") for b in written["sections"][-1]["blocks"]]
    assert texts == ["Former detainees describe systematic violence.",
                     "We remain at your disposal for any further information."]
    # a Special Rapporteur submission prints none of them: every line stays body text
    run = run_build(capsys, "import", "--project", str(root), str(md), "--target", "sr-end",
                    "--format", "special-rapporteur", "--org", "nkhr")
    written = yaml.safe_load((root / "content/submissions/sr-end.yaml").read_text(encoding="utf-8"))
    assert "closing" not in written and "author" not in written, run.out + run.err
    texts = [b.get("text") for b in written["sections"][-1]["blocks"]]
    assert texts[-3:] == ["Yours sincerely,", "Zumretay Arkin",
                          "Director of Advocacy, Uyghur Women's Voice Foundation"]


NAMES = """\
# Findings

Protection orders fail.[^1] Shelters are few.[^2] Births fell.[^3]

[^1]: Li Wen, "Why Protection Orders Still Fail Chinese Women", *Caixin Global*, 3 March 2023, https://www.caixinglobal.com/2023-03-03/protection-orders-101004567.html (accessed 2 May 2024).
[^2]: Kim Seung-hee, "Shelters for Survivors in Seoul" (Korea Women's Hotline, 2021).
[^3]: Adrian Zenz, "Sterilizations, IUDs, and Mandatory Birth Control" (Jamestown Foundation, June 2020), p. 4.
"""


def test_east_asian_names_typed_family_first_print_as_typed(tmp_path, capsys):
    root, run, written = _import_text(tmp_path, capsys, NAMES, "sr-names", "upr", "nkhr", "names.md")
    assert run.status == 0, run.out + run.err
    bib = (root / "references.bib").read_text(encoding="utf-8")
    assert "{Zenz, Adrian}" in bib  # a Western name: family, given
    run = run_build(capsys, "--project", str(root), "sr-names", "--only", "md", "--out", str(tmp_path / "o"))
    assert run.status == 0, run.out + run.err
    built = (tmp_path / "o" / "sr-names.md").read_text(encoding="utf-8")
    assert "Li Wen," in built and "Wen Li" not in built, built
    assert "Kim Seung-hee," in built and "Seung-hee Kim" not in built, built
    assert "Adrian Zenz," in built, built


UN_DOCUMENTS = """\
# Findings

One.[^1] Two.[^2] Three.[^3]

[^1]: Report of the Working Group on the Universal Periodic Review: Democratic People's Republic of Korea, A/HRC/42/10, 2 July 2019, paras. 126.1-126.45.
[^2]: CEDAW/C/CHN/CO/9, 31 May 2023, para. 60.
[^3]: Human Rights Council resolution 55/21, A/HRC/RES/55/21, 4 April 2024, para. 9.
"""


def test_un_documents_cited_by_title_and_symbol_keep_title_and_date(tmp_path, capsys):
    root, run, written = _import_text(tmp_path, capsys, UN_DOCUMENTS, "upr-un", "upr", "nkhr", "un.md")
    assert run.status == 0, run.out + run.err
    bib = (root / "references.bib").read_text(encoding="utf-8")
    imported = bib[bib.index("% Imported from un.md"):]
    entries = {m.group(2): (m.group(1), dict(re.findall(r"^\s+(\w+)\s*=\s*\{(.*)\},?$", m.group(3), re.M)))
               for m in re.finditer(r"@(\w+)\{([^,]+),\n(.*?)\n\}", imported, re.S)}
    kind, upr = entries["a-hrc-42-10"]
    assert kind == "report" and upr["title"].startswith("Report of the Working Group on the Universal Periodic")
    assert upr["date"] == "2019-07-02" and "institution" not in upr
    kind, co = entries["cedaw-c-chn-co-9"]
    assert co["institution"] == "Committee on the Elimination of Discrimination against Women"
    assert co["date"] == "2023-05-31"
    kind, res = entries["a-hrc-res-55-21"]
    assert kind == "legislation" and res["entrysubtype"] == "resolution" and res["date"] == "2024-04-04"
    # what the note does not give stays a placeholder, and the report says so
    placeholders = next(line for line in run.out.splitlines() if "placeholders:" in line)
    assert "cedaw-c-chn-co-9.title (references.bib)" in placeholders
    assert "a-hrc-res-55-21.title (references.bib)" in placeholders
    assert "a-hrc-42-10" not in placeholders
    run = run_build(capsys, "--project", str(root), "upr-un", "--only", "md", "--out", str(tmp_path / "o"))
    assert run.status == 0, run.out + run.err
    notes = re.findall(r"^\[\^\d\]: (.*)$", (tmp_path / "o" / "upr-un.md").read_text(encoding="utf-8"), re.M)
    assert notes[0].startswith("Report of the Working Group on the Universal Periodic Review: Democratic")
    assert "TODO" not in notes[0]
    assert "author or institution" not in notes[1] and "Elimination of Discrimination against Women" in notes[1]
    assert "Human Rights Council resolution 55/21 of 4 April 2024" in notes[2]


def test_a_failed_import_prints_its_own_error_not_the_repositorys_placeholders(tmp_path, capsys):
    root = repo_project(tmp_path / "p")
    md = tmp_path / "earlier.md"
    md.write_text("# Findings\n\nText.\n", encoding="utf-8")
    run = run_build(capsys, "import", "--project", str(root), str(md), "--target", "earlier",
                    "--format", "upr", "--org", "nkhr")
    assert "placeholder left" in run.err  # an earlier import left placeholders (state, cycle, ...)
    run = run_build(capsys, "import", "--project", str(root), str(tmp_path / "nonexistent.docx"), "--target", "x")
    assert run.status != 0
    assert run.err.strip() == f"error: {tmp_path / 'nonexistent.docx'}: no such file", run.err
    run = run_build(capsys, "import", "--project", str(root), str(md), "--target", "earlier")
    assert run.status != 0 and "exists already" in run.err
    assert "placeholder left" not in run.err, run.err
    # a build still shows them
    run = run_build(capsys, "--project", str(root), "earlier", "--only", "md", "--out", str(tmp_path / "o"))
    assert "placeholder left" in run.err


def _word_numbered_headings(path, formats, by_style: bool) -> None:
    """Headings numbered by Word's list numbering (none typed): each level's numFmt from
    numbering.xml, linked from the paragraph's numPr or from its heading style's."""
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    levels = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                     + (f'<w:pStyle w:val="Heading{i + 1}"/>' if by_style else "")
                     + f'<w:lvlText w:val="{text}"/></w:lvl>' for i, (fmt, text) in enumerate(formats))
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(f'<w:abstractNum {w} w:abstractNumId="90">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    if by_style:
        for level in (1, 2):
            ppr = document.styles[f"Heading {level}"].element.get_or_add_pPr()
            ppr.insert(0, parse_xml(f'<w:numPr {w}><w:numId w:val="90"/></w:numPr>'))
    for level, title in ((1, "Introduction"), (1, "Violence against women"), (2, "Domestic violence"),
                         (2, "Online harassment"), (1, "Participation")):
        heading = document.add_heading(title, level=level)
        if not by_style:
            heading._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {w}><w:ilvl w:val="{level - 1}"/><w:numId w:val="90"/></w:numPr>'))
        document.add_paragraph(f"Text under {title}.")
    document.save(str(path))


@pytest.mark.parametrize("by_style, formats, expected, shown", [
    (False, [("upperRoman", "%1."), ("decimal", "%1.%2.")], ["upper-roman", "decimal"], ["I. ", "1. "]),
    (True, [("upperRoman", "%1."), ("upperLetter", "%2.")], ["upper-roman", "upper-alpha"], ["I. ", "A. "]),
])
def test_headings_numbered_by_word_keep_their_number_style(tmp_path, capsys, by_style, formats, expected, shown):
    root = repo_project(tmp_path / "p")
    path = tmp_path / "numbered.docx"
    _word_numbered_headings(path, formats, by_style)
    run = run_build(capsys, "import", "--project", str(root), str(path), "--target", "upr-word",
                    "--format", "upr", "--org", "nkhr")
    assert run.status == 0, run.out + run.err
    written = yaml.safe_load((root / "content/submissions/upr-word.yaml").read_text(encoding="utf-8"))
    assert written["heading_numbering"] == expected, written
    assert [s["title"] for s in written["sections"]] == ["Introduction", "Violence against women", "Participation"]
    assert all(s["numbered"] for s in written["sections"])
    run = run_build(capsys, "--project", str(root), "upr-word", "--only", "md", "--out", str(tmp_path / "o"))
    built = (tmp_path / "o" / "upr-word.md").read_text(encoding="utf-8")
    assert f"# {shown[0]}Introduction" in built and f"# {shown[0].replace('I', 'II')}Violence" in built, built
    assert f"## {shown[1]}Domestic violence" in built, built


LEAD_IN = """\
# Introduction

Text one.

# Recommendations

1. The Collective recommends that the Committee urge the State party to:
2. Adopt a comprehensive definition of discrimination against women;
3. Ensure that protection orders are issued within 72 hours.
"""


def test_the_sentence_introducing_recommendations_is_not_one_of_them(tmp_path, capsys):
    root, run, written = _import_text(tmp_path, capsys, LEAD_IN, "sr-lead-in", "special-rapporteur", "nkhr", "lead-in.md")
    blocks = written["sections"][1]["blocks"]
    assert blocks[0] == {"text": "The Collective recommends that the Committee urge the State party to:"}, \
        run.out + run.err
    assert blocks[1]["recommendations"] == [
        "Adopt a comprehensive definition of discrimination against women;",
        "Ensure that protection orders are issued within 72 hours."]


PLACE_AND_PUBLISHER = """\
# Introduction

A book.[^1]

[^1]: Kim Min-ji, *Testimonies from the Border* (Seoul: Example Press, 2023), p. 45.
"""


def test_place_colon_publisher_is_two_fields(tmp_path, capsys):
    """"(Seoul: Example Press, 2023)": `location` and `publisher`, not one publisher "Seoul: ..."."""
    root, run, written = _import_text(tmp_path, capsys, PLACE_AND_PUBLISHER, "sr-book", "special-rapporteur", "nkhr", "book.md")
    assert run.status == 0, run.err
    entry, fields = _new_entry(root, "Testimonies")
    assert fields["location"] == "Seoul" and fields["publisher"] == "Example Press", fields


def test_a_heading_in_bold_and_bold_italic_keeps_balanced_markup(tmp_path, capsys):
    """Word: "Hearing: " in bold, the title in bold italic: the title keeps its italics and
    no stray asterisks (the bold is the heading style's anyway)."""
    import docx

    root = repo_project(tmp_path / "p")
    document = docx.Document()
    heading = document.add_heading("", level=1)
    heading.add_run("Hearing: ").bold = True
    title = heading.add_run("Boarding Schools and Identity")
    title.bold, title.italic = True, True
    document.add_paragraph("Text.")
    path = tmp_path / "mixed.docx"
    document.save(str(path))
    run = run_build(capsys, "import", "--project", str(root), str(path), "--target", "sr-mixed",
                    "--format", "special-rapporteur", "--org", "nkhr")
    written = yaml.safe_load((root / "content/submissions/sr-mixed.yaml").read_text(encoding="utf-8"))
    assert written["sections"][0]["title"] == "Hearing: *Boarding Schools and Identity*", run.out + run.err


US_LETTER = """\
Washington, D.C., July 15, 2024

**The Honorable Jane Example, Chair**

**The Honorable John Example, Co-Chair**

**Congressional-Executive Commission on China**

**Hearing: Forced Labor in Supply Chains**

Written Statement of Joanna Hosaniak, Deputy Director General, Citizens' Alliance for North Korean Human Rights

Dear Chair Example and Co-Chair Example:

Thank you for the opportunity to submit this statement.

Respectfully submitted,

Joanna Hosaniak
"""


def test_a_us_letter_s_front_page_is_read_into_its_keys(tmp_path, capsys):
    """A place with a comma, an addressee of three lines, a "Hearing:" line, "Written Statement
    of", a salutation ending in a colon; the organisation found by the author's affiliation."""
    root, run, written = _import_text(tmp_path, capsys, US_LETTER, "cecc-letter", "cecc", None, "letter.md")
    assert run.status == 0, run.err
    written = yaml.safe_load((root / "content/submissions/cecc-letter.yaml").read_text(encoding="utf-8"))
    assert written["place"] == "Washington, D.C." and str(written["date"]) == "2024-07-15"
    assert written["addressee"].splitlines() == [
        "The Honorable Jane Example, Chair", "The Honorable John Example, Co-Chair",
        "Congressional-Executive Commission on China"]
    assert written["hearing"] == "Forced Labor in Supply Chains"
    assert written["author"]["name"] == "Joanna Hosaniak"
    assert written["salutation"] == "Dear Chair Example and Co-Chair Example:"
    assert written["organisations"] == ["nkhr"], run.out


WORD_NUMBERED_PARAGRAPHS = """\
## Background

1. The first paragraph of the submission, numbered by the word processor, says a good deal.
2. The second paragraph goes on with the facts the organisation has documented over the years.

## Findings

3. The third paragraph carries the numbering on across the section heading, as UPR submissions do.
"""


def test_paragraphs_numbered_by_the_word_processor_stay_numbered(tmp_path, capsys):
    """A UPR submission whose body paragraphs the word processor numbered (and whose headings
    it did not): numbered sections, headings without numbers, paragraphs 1, 2, 3 in the output."""
    root, run, written = _import_text(tmp_path, capsys, WORD_NUMBERED_PARAGRAPHS, "upr-paras", "upr", "nkhr", "numbered-paragraphs.md")
    sections = {s["title"]: s for s in written["sections"]}
    assert sections["Background"]["numbered"] and sections["Findings"]["numbered"], run.out + run.err
    assert written["heading_numbering"] == ["none"]
    target = root / "content/submissions/upr-paras.yaml"
    text = target.read_text(encoding="utf-8")
    text = re.sub(r'^(state|cycle|session): "TODO: [^"]*"', lambda m: {"state": "state: Exampleland",
                  "cycle": "cycle: 4", "session": "session: 45"}[m.group(1)], text, flags=re.M)
    target.write_text(text, encoding="utf-8")
    built = run_build(capsys, "--project", str(root), "upr-paras", "--only", "md", "--out", str(tmp_path / "out"))
    assert built.status == 0, built.err
    markdown = (tmp_path / "out/upr-paras.md").read_text(encoding="utf-8")
    assert "\n# Background\n" in markdown and "\n# Findings\n" in markdown
    assert re.search(r"^1\.\s+The first paragraph", markdown, re.M)
    assert re.search(r"^3\.\s+The third paragraph", markdown, re.M), markdown


OP_CIT = """\
# Introduction

First.[^1] Second.[^2] Third.[^3]

[^1]: Example Network, *Labour Migration Report* (Example Press, 2022), p. 12.
[^2]: CAT/C/CHN/CO/5, para. 47.
[^3]: Example Network, op. cit., p. 40.
"""


def test_op_cit_points_to_the_last_work_of_that_author(tmp_path, capsys):
    root, run, written = _import_text(tmp_path, capsys, OP_CIT, "sr-op-cit", "special-rapporteur", "nkhr", "op-cit.md")
    text = (root / "content/submissions/sr-op-cit.yaml").read_text(encoding="utf-8")
    first = re.search(r"First\.\[@([\w:-]+), p\. 12\]", text)
    assert first, text
    assert f"Third.[@{first.group(1)}, p. 40]" in text, run.out


UPR_COVER = """\
Joint Submission

Fourth Cycle, 46th Session of the UPR Working Group (April–May 2024)

Submitted 4 April 2024

# Introduction

Text of the submission, long enough to be the body and not a line of the front page at all.
"""


def test_a_upr_cover_names_its_cycle_session_and_date_in_other_words(tmp_path, capsys):
    root, run, written = _import_text(tmp_path, capsys, UPR_COVER, "upr-cover", "upr", "nkhr", "cover.md")
    assert (written["cycle"], written["session"], written["session_dates"]) == (4, 46, "April–May 2024"), run.out
    assert str(written["date"]) == "2024-04-04"
    assert [s["title"] for s in written["sections"]] == ["Introduction"]


def test_an_organisation_named_in_two_words_is_not_split_like_a_person():
    from dossier.importing.sources import biblatex_names

    assert biblatex_names("Freedom House") == "{Freedom House}"
    assert biblatex_names("Open Society Foundations") == "{Open Society Foundations}"
    assert biblatex_names("Adrian Zenz") == "Zenz, Adrian"  # a person still is


KOREAN_JOURNAL = """\
# Introduction

A study.[^1]

[^1]: 김지현, "디지털 성범죄 피해자의 2차 피해 경험 연구", *한국여성학* 제39권 2호, 2023년 6월, 45–52쪽.
"""


def test_a_journal_article_keeps_its_journal_volume_and_number(tmp_path, capsys):
    root, run, written = _import_text(tmp_path, capsys, KOREAN_JOURNAL, "sr-journal", "special-rapporteur", "nkhr", "journal.md")
    assert run.status == 0, run.err
    entry, fields = _new_entry(root, "디지털")
    assert entry.entry_type == "article", (entry.entry_type, fields)
    assert (fields["journaltitle"], fields["volume"], fields["number"]) == ("한국여성학", "39", "2")
    assert not entry.key[:1].isdigit()  # not named after the issue number


UNTS_NOTES = """\
# Introduction

Movement is protected.[^1] So is the rest.[^2]

[^1]: International Covenant on Civil and Political Rights, 16 December 1966, United Nations, Treaty Series, vol. 999, p. 171, art. 12.
[^2]: Aarhus Convention, 25 June 1998, 2161 UNTS 447, art. 9.
"""


def test_a_treaty_cited_in_the_unts_form_is_the_one_references_bib_holds(tmp_path, capsys):
    """A treaty cited with its date and UNTS volume and page is reused from references.bib, with
    its article; one the file does not hold is kept as written and the report says why."""
    root, run, written = _import_text(tmp_path, capsys, UNTS_NOTES, "sr-treaties", "special-rapporteur", "nkhr", "treaties.md")
    text = (root / "content/submissions/sr-treaties.yaml").read_text(encoding="utf-8")
    assert "protected.[@iccpr, art. 12]" in text, run.out
    assert "a treaty references.bib does not hold: Aarhus Convention" in run.out


SR_EXPORTED = """\
# Input to the Special Rapporteur on the situation of human rights defenders

**Call for input: Defenders working on environmental issues**

**Submitted by:** Citizens' Alliance for North Korean Human Rights (NKHR)

**Seoul, 28 February 2024**

Citizens' Alliance for North Korean Human Rights consents to the publication of this submission on the OHCHR website.

### Summary

This submission describes reprisals against environmental defenders, drawn from many interviews over a year.
"""


def test_a_call_for_input_exported_from_google_docs_is_read_into_its_keys(tmp_path, capsys):
    """A front page under a heading: the mandate, the call's title, "Submitted by:", a bold
    date line and the consent line become keys; the bold date line is no section."""
    root, run, written = _import_text(tmp_path, capsys, SR_EXPORTED, "sr-exported", "special-rapporteur", None, "exported.md")
    assert written["call"] == {"mandate": "Special Rapporteur on the situation of human rights defenders",
                               "title": "Defenders working on environmental issues"}, run.out
    assert (written["place"], str(written["date"])) == ("Seoul", "2024-02-28")
    assert written["organisations"] == ["nkhr"] and written["publication_consent"] is True
    assert [s["title"] for s in written["sections"]] == ["Summary"]


def test_a_us_legal_note_s_pinpoint_before_the_un_symbol_is_the_pinpoint():
    from dossier.readers.notes import parse_source

    source = parse_source("Comm. on the Elimination of Racial Discrimination, Concluding Observations on the "
                          "Periodic Reports of China, ¶ 42, U.N. Doc. CERD/C/CHN/CO/14-17 (Sept. 19, 2018).")
    assert source.pinpoint == "para. 42"
    assert source.fields["title"] == "Concluding Observations on the Periodic Reports of China"
    assert source.fields["number"] == "CERD/C/CHN/CO/14-17"


FRONT_LINES = """\
Citizens' Alliance for North Korean Human Rights (NKHR)

Room 12, 34 Example Road, Seoul

Individual Submission

# Introduction

Text of the submission, long enough to be running text and not a line of the front page.
"""


def test_front_page_lines_no_key_stands_for_print_under_the_title_not_as_a_section(tmp_path, capsys):
    root, run, written = _import_text(tmp_path, capsys, FRONT_LINES, "upr-lines", "upr", "nkhr", "front-lines.md")
    assert written["subtitles"] == ["Room 12, 34 Example Road, Seoul"], run.out
    assert [s["title"] for s in written["sections"]] == ["Introduction"]  # no "TODO: title" section


MD_TABLE = """\
# Cases

| Name | Work | Sentence |
|---|---|---|
| A. Example | Editor of *El Example* | 16 years |
"""


def test_a_markdown_table_keeps_the_emphasis_in_its_cells(tmp_path, capsys):
    root, run, written = _import_text(tmp_path, capsys, MD_TABLE, "sr-table", "special-rapporteur", "nkhr", "table.md")
    texts = [b["text"] for b in written["sections"][0]["blocks"]]
    assert "A. Example | Editor of *El Example* | 16 years" in texts, (texts, run.out)


CEDAW_COVER = """\
Alternative report to the Committee on the Elimination of Discrimination against Women

Republic of Korea, 90th session (February 2025)

# Introduction

Text of the report, long enough to be running text and not a line of the front page at all.
"""


def test_a_cedaw_cover_line_with_the_state_and_the_session(tmp_path, capsys):
    root, run, written = _import_text(tmp_path, capsys, CEDAW_COVER, "cedaw-cover", "cedaw", "nkhr", "cedaw-cover.md")
    assert (written["state"], written["session"], written["session_dates"]) == (
        "Republic of Korea", 90, "February 2025"), run.out
