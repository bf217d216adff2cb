"""build.py import: Word and Markdown submissions into content, checked through pandoc."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, broken_on_purpose, repo_project, require, run_build, run_tool
from pandoc_json import note_texts, read

from dossier.content_writer import placeholders_left
from dossier.errors import Diagnostics
from dossier.project import load_project
from dossier.readers.notes import parse_note

TARGETS = ["upr-2024", "cecc-2023", "cedaw-china", "sr-slavery-2024"]
SEEDS = REPO.parent / "shared" / "seeds"


def body_text(tree) -> str:
    """Every word pandoc reads in the body, notes left out."""
    out: list[str] = []

    def walk(value) -> None:
        if isinstance(value, dict):
            if value.get("t") == "Note":
                return
            if value.get("t") == "Str":
                out.append(value["c"])
            elif value.get("t") in ("Space", "SoftBreak", "LineBreak"):
                out.append(" ")
            for child in value.values():
                if isinstance(child, (list, dict)):
                    walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)
            out.append(" ")

    walk(tree["blocks"])
    return " ".join("".join(out).split())


def _values(yaml_text: str) -> str:
    """Every text of a content file, one a line, as YAML reads them (long ones are folded in the file)."""
    import yaml

    out: list[str] = []

    def walk(value) -> None:
        if isinstance(value, dict):
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)
        elif isinstance(value, str):
            out.append(value)

    walk(yaml.safe_load(yaml_text))
    return "\n".join(out)




@pytest.mark.parametrize("findings", ["with-findings", "without-findings"])
@pytest.mark.parametrize("target", TARGETS)
def test_round_trip_gives_the_same_body_and_notes(tmp_path, capsys, target, findings):
    require("pandoc")
    root = repo_project(tmp_path / "p")
    assert run_build(capsys, "--project", str(root), target, "--only", "docx", "--out", str(tmp_path / "a")).status == 0
    first = tmp_path / "a" / f"{target}.docx"
    if findings == "without-findings":
        # every note then comes from its own text, not from a finding that cites it
        for folder in ("findings", "submissions"):
            for path in (root / "content" / folder).glob("*.yaml"):
                path.unlink()
    run = run_build(capsys, "import", "--project", str(root), str(first), "--target", f"rt-{target}")
    assert run.status == 0, run.err
    text = (root / f"content/submissions/rt-{target}.yaml").read_text()
    assert "kept as written" in run.out and ", 0 kept as written" in run.out
    assert "^[" not in text  # every note became a citation
    assert run_build(capsys, "--project", str(root), f"rt-{target}", "--only", "docx",
                     "--out", str(tmp_path / "b")).status == 0
    old, new = read(first), read(tmp_path / "b" / f"rt-{target}.docx")
    assert note_texts(new) == note_texts(old) and note_texts(old)
    assert body_text(new) == body_text(old)


def _seed_docx(seed: Path, tmp_path: Path) -> Path:
    # pandoc drops raw <sup> in DOCX; its own ^n^ keeps the seed's typed note numbers superscript
    text = re.sub(r"<sup>(\d+)</sup>", r"^\1^", seed.read_text())
    source = tmp_path / (seed.stem + ".md")
    source.write_text(text)
    out = tmp_path / (seed.stem + ".docx")
    run_tool("pandoc", "-f", "markdown", "-t", "docx", "-o", str(out), str(source))
    return out


def _words(text: str) -> list[str]:
    return re.sub(r"[*\\]|<sup>\d+</sup>|\^\d+\^", "", text).split()


def test_upr_seed_imports_with_its_notes_and_findings(tmp_path, capsys):
    require("pandoc")
    root = repo_project(tmp_path / "p")
    docx = _seed_docx(SEEDS / "001_bef7bd6afdd0a300.txt", tmp_path)
    run = run_build(capsys, "import", "--project", str(root), str(docx), "--target", "seed-upr")
    assert run.status == 0, run.err
    assert "2 parsed into citations" in run.out and "0 kept as written" in run.out
    text = (root / "content/submissions/seed-upr.yaml").read_text()
    assert "2 reused: cat-co-chn-5, nkhr-blood-coal" in run.out
    # the paragraphs calling those notes are the repository's findings, which cite them themselves
    for finding in ("quota-system", "cat-recommendations-ignored", "mss-hunting-system"):
        assert f'- finding: "{finding}"' in text
    assert "cycle: 4" in text and "session: 45" in text
    # the seed's notes parsed by themselves: an NGO report with URL and date; a UN symbol with its paragraph
    first = parse_note('NKHR, "Blood Coal Export from North Korea. Pyramid scheme of earnings maintaining '
                       'structures of power" (April 2, 2021), <https://www.nkhr.or.kr/en/x/>').sources[0]
    assert first.fields["author"] == "NKHR" and first.fields["date"] == "2021-04-02"
    assert first.fields["url"] == "https://www.nkhr.or.kr/en/x/"
    second = parse_note("Concluding observations on the fifth periodic report of China, CAT/C/CHN/CO/5, para. 47").sources[0]
    assert second.fields["number"] == "CAT/C/CHN/CO/5" and second.pinpoint == "para. 47"
    # word for word: the seed's body (after its front page, without the note lines) is the built body
    assert run_build(capsys, "--project", str(root), "seed-upr", "--only", "docx", "--out", str(tmp_path / "o")).status == 0
    built = body_text(read(tmp_path / "o" / "seed-upr.docx"))
    seed = SEEDS.joinpath("001_bef7bd6afdd0a300.txt").read_text()
    body = seed[seed.index("This submission concerns"):]
    body = "\n".join(line for line in body.splitlines() if not line.startswith(("<sup>", "---")))
    # the seed types its heading numbers; the built DOCX numbers headings with Word
    # numbering, which pandoc does not read, so headings are compared without them
    expected = " ".join(_words(re.sub(r"^#+ (?:\*\*)?(?:\d+\.\s+)?", "", body, flags=re.M)))
    got = built[built.index("This submission concerns"):]
    assert _norm(got) == _norm(expected)


def _norm(text: str) -> str:
    # headings: the template numbers them itself, the seed types the number; list bullets are not words
    # pandoc's smart quotes are the converter's, not the seed's; body_text spaces out emphasis
    text = re.sub(r"(?<!\S)[-•](?=\s)", " ", text)
    text = text.translate(str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'}))
    return re.sub(r"\s+(?=[).,;:])", "", " ".join(text.split()))


def test_cecc_seed_imports_as_a_letter(tmp_path, capsys):
    require("pandoc")
    root = repo_project(tmp_path / "p")
    docx = _seed_docx(SEEDS / "000_777118a5343ece94.txt", tmp_path)
    run = run_build(capsys, "import", "--project", str(root), str(docx), "--target", "seed-cecc", "--org", "nkhr")
    assert run.status == 0, run.err
    text = (root / "content/submissions/seed-cecc.yaml").read_text()
    assert 'place: "Seoul"' in text and "date: 2023-06-09" in text
    assert 'addressee: "Congressional-Executive Commission on China"' in text
    assert 'closing: "Sincerely yours,"' in text
    assert "page break joined again" in run.out
    assert re.search(r"findings: [1-9]\d* reused", run.out)


def test_notes_of_every_kind_are_parsed():
    cases = {
        "Id., para. 30.": ("ibid", "para. 30"),
        "Ibid.": ("ibid", ""),
        "Human Rights Watch, supra note 4, at 5.": ("supra", "p. 5"),
        "UN Doc CAT/C/CHN/CO/5 (n 2) para 47.": ("supra", "para. 47"),
    }
    for text, (back, pin) in cases.items():
        source = parse_note(text).sources[0]
        assert (source.back, source.pinpoint) == (back, pin), text
    several = parse_note("See CEDAW/C/CHN/CO/9, paras. 29-30; Kim Min-ji, “Title” [북한 인권] "
                         "(Daily NK, 3 March 2020), <https://x.org/a>.")
    assert several.sure and len(several.sources) == 2
    assert several.sources[0].prefix == "see" and several.sources[0].fields["number"] == "CEDAW/C/CHN/CO/9"
    korean = several.sources[1].fields
    assert korean["origtitle"] == "북한 인권" and korean["publisher"] == "Daily NK" and korean["date"] == "2020-03-03"
    assert parse_note("We interviewed her twice in Seoul about this.").sure is False
    online = parse_note("Daily NK, “Prices rise” (1 June 2022), https://dailynk.com/a (accessed 3 July 2023).").sources[0]
    assert online.fields["date"] == "2022-06-01" and online.fields["urldate"] == "2023-07-03"
    for text, date in [("A, “T” (2021-04-02)", "2021-04-02"), ("A, “T” (Feb. 3, 2016)", "2016-02-03"),
                       ("A, “T”, 2019년 5월 3일", "2019-05-03"), ("A, *T*, March 2018", "2018-03")]:
        assert parse_note(text).sources[0].fields["date"] == date, text


def test_markdown_with_footnotes_imports_new_sources_and_keeps_what_it_cannot_parse(tmp_path, capsys):
    root = repo_project(tmp_path / "p")
    md = tmp_path / "in.md"
    md.write_text("# Introduction\n\nFirst *claim* here.[^1] Second claim.[^2] Third.[^3] Fourth.[^4]\n\n"
                  "[^1]: Amnesty International, “North Korea: A new report” [북한 보고서] (Amnesty, 3 May 2019), "
                  "<https://example.org/report>.\n"
                  "[^2]: Id., p. 4.\n"
                  "[^3]: We spoke to her about it in person.\n"
                  "[^4]: CAT/C/CHN/CO/5, para. 47; see Amnesty International, supra note 1, p. 7.\n")
    run = run_build(capsys, "import", "--project", str(root), str(md), "--target", "md-one", "--format", "upr",
                    "--org", "nkhr")
    assert run.status == 0, run.err
    text = _values((root / "content/submissions/md-one.yaml").read_text())
    key = re.search(r"\[@([\w-]+)\]", text).group(1)
    assert f"[@{key}, p. 4]" in text and "^[We spoke to her about it in person.]" in text
    assert f"[@cat-co-chn-5, para. 47; see @{key}, p. 7]" in text
    assert "note 3 kept as written" in run.out
    bib = (root / "references.bib").read_text()
    assert f"{{{key}," in bib and "origtitle" in bib and "북한 보고서" in bib
    assert 'state: "TODO: state"' in (root / "content/submissions/md-one.yaml").read_text()  # a placeholder
    assert 'cycle: "TODO: cycle"' in (root / "content/submissions/md-one.yaml").read_text()  # typed, yet a placeholder
    diags = Diagnostics()
    placeholders_left(load_project(root, Diagnostics()), diags)
    located = [str(d) for d in diags.warnings if "md-one" in d.location.path]
    assert any(re.match(r"content/submissions/md-one\.yaml:\d+:\d+: warning: placeholder left: state", w) for w in located)


def test_existing_target_is_an_error_and_nothing_is_written(tmp_path, capsys):
    root = repo_project(tmp_path / "p")
    md = tmp_path / "in.md"
    md.write_text("# A\n\nText.\n")
    before = (root / "content/submissions/upr-2024.yaml").read_bytes()
    run = run_build(capsys, "import", "--project", str(root), str(md), "--target", "upr-2024", "--format", "upr")
    assert run.status == 2 and "exists already" in run.err and "Traceback" not in run.err
    assert (root / "content/submissions/upr-2024.yaml").read_bytes() == before


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    files = {}
    files["not-docx"] = tmp_path / "text.docx"
    files["not-docx"].write_text("just some words")
    files["protected"] = tmp_path / "locked.docx"
    files["protected"].write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    files["corrupt"] = tmp_path / "broken.docx"
    good = REPO / "dossier/writers/reference.docx"
    files["corrupt"].write_bytes(good.read_bytes()[:900])
    files["lock-file"] = tmp_path / "~$report.docx"  # Word's owner file: 162 bytes, not a ZIP
    files["lock-file"].write_bytes(b"\x0aJane Doe" + b"\x20" * 44 + b"\0" * 108)
    files["no-document"] = broken_on_purpose(tmp_path / "empty.docx")
    with zipfile.ZipFile(files["no-document"], "w") as package:
        package.writestr("hello.txt", "hi")
    return files


@pytest.mark.parametrize("case", ["not-docx", "protected", "corrupt", "no-document", "lock-file"])
def test_bad_input_is_a_located_error_and_writes_nothing(tmp_path, capsys, case):
    root = repo_project(tmp_path / "p")
    path = _bad_files(tmp_path)[case]
    bib = (root / "references.bib").read_bytes()
    run = run_build(capsys, "import", "--project", str(root), str(path), "--target", "bad")
    assert run.status == 1 and "Traceback" not in run.err
    assert run.err.startswith(str(path) + ": ") and "nothing was written" in run.err
    assert not (root / "content/submissions/bad.yaml").exists()
    assert (root / "references.bib").read_bytes() == bib
    if case == "lock-file":  # says what the file is, and which one to import
        assert "lock file" in run.err and "~$" in run.err


def test_tracked_changes_images_and_tables_are_reported(tmp_path, capsys):
    import docx

    root = repo_project(tmp_path / "p")
    document = docx.Document()
    document.add_heading("Introduction", level=1)
    paragraph = document.add_paragraph("Kept words ")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    from docx.oxml import parse_xml

    paragraph._p.append(parse_xml(f'<w:ins xmlns:w="{w}" w:id="1" w:author="a"><w:r><w:t>inserted</w:t></w:r></w:ins>'))
    paragraph._p.append(parse_xml(f'<w:del xmlns:w="{w}" w:id="2" w:author="a"><w:r><w:delText>gone</w:delText></w:r></w:del>'))
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(1, 1).text = "head", "cell"
    document.add_picture(str(REPO / "tests/fixtures/mini/assets/logo.png")) if (REPO / "tests/fixtures/mini/assets/logo.png").exists() else None
    document.add_comment(paragraph.runs[0], text="Check this figure", author="Reviewer")  # a reviewer's remark
    path = tmp_path / "changes.docx"
    document.save(str(path))
    run = run_build(capsys, "import", "--project", str(root), str(path), "--target", "tracked", "--format", "upr",
                    "--org", "nkhr")
    assert run.status == 0, run.err
    text = (root / "content/submissions/tracked.yaml").read_text()
    assert "Kept words inserted" in text and "gone" not in text
    assert "tracked changes imported as accepted" in run.out
    assert "a table of 2 row(s)" in run.out and "head" in text and "cell" in text
    assert "1 comment(s) not imported" in run.out and "Check this figure" not in text


def test_cecc_seed_body_is_word_for_word(tmp_path, capsys):
    require("pandoc")
    root = repo_project(tmp_path / "p")
    docx = _seed_docx(SEEDS / "000_777118a5343ece94.txt", tmp_path)
    assert run_build(capsys, "import", "--project", str(root), str(docx), "--target", "seed-cecc",
                     "--org", "nkhr").status == 0
    assert run_build(capsys, "--project", str(root), "seed-cecc", "--only", "docx", "--out", str(tmp_path / "o")).status == 0
    built = _norm(body_text(read(tmp_path / "o" / "seed-cecc.docx")))
    seed = SEEDS.joinpath("000_777118a5343ece94.txt").read_text()
    start, end = "Citizens' Alliance for North Korean Human Rights would like", "Sincerely yours,"
    letter = seed[seed.index(start):seed.index(end) + len(end)]
    # the seed types its heading numbers ("1. "); the built DOCX numbers headings with
    # Word numbering, which pandoc does not read, so headings are compared without them
    expected = _norm(" ".join(_words(re.sub(r"^\d+\.\s+", "", letter, flags=re.M))))
    assert built[built.index(start):built.index(end) + len(end)] == expected


def _png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\0\0\0")) + chunk(b"IEND", b"")


def test_images_are_reported_and_other_languages_marked(tmp_path, capsys):
    import docx
    from docx.oxml.ns import qn
    from lxml import etree

    root = repo_project(tmp_path / "p")
    document = docx.Document()
    document.add_heading("Introduction", level=1)
    paragraph = document.add_paragraph("The law says ")
    run = paragraph.add_run("non-refoulement")
    etree.SubElement(run._r.get_or_add_rPr(), qn("w:lang")).set(qn("w:val"), "fr-FR")
    paragraph.add_run(" and 북한 matters.")
    image = tmp_path / "dot.png"
    image.write_bytes(_png())
    document.add_picture(str(image))
    path = tmp_path / "picture.docx"
    document.save(str(path))
    run = run_build(capsys, "import", "--project", str(root), str(path), "--target", "pic", "--format", "upr",
                    "--org", "nkhr")
    assert run.status == 0, run.err
    assert "1 image(s) or drawing(s) not imported" in run.out
    text = (root / "content/submissions/pic.yaml").read_text()
    assert "[non-refoulement]{lang=fr-FR}" in text and "[북한]{lang=ko}" in text


def test_damaged_footnotes_part_is_a_located_error(tmp_path, capsys):
    root = repo_project(tmp_path / "p")
    good = tmp_path / "good.md"
    good.write_text("# A\n\nText.[^1]\n\n[^1]: CAT/C/CHN/CO/5, para. 1.\n")
    docx_path = tmp_path / "good.docx"
    run_tool(require("pandoc"), "-o", str(docx_path), str(good))
    broken = broken_on_purpose(tmp_path / "broken-notes.docx")
    with zipfile.ZipFile(docx_path) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[:len(data) // 2] if item.filename == "word/footnotes.xml" else data)
    run = run_build(capsys, "import", "--project", str(root), str(broken), "--target", "broken", "--format", "upr")
    assert run.status == 1 and "Traceback" not in run.err
    assert run.err.startswith(f"{broken}: is damaged: its footnotes part") and "nothing was written" in run.err
    assert not (root / "content/submissions/broken.yaml").exists()


def test_near_match_is_reported_with_the_words_that_differ(tmp_path, capsys):
    root = repo_project(tmp_path / "p")
    md = tmp_path / "near.md"
    md.write_text("# Introduction\n\nThe MSS (secret police) is the main investigative authority dealing with persons "
                  "deported from China who had crossed the border with the aim of finding work or seeking asylum or as "
                  "victims of human trafficking in third countries.\n")
    run = run_build(capsys, "import", "--project", str(root), str(md), "--target", "near", "--format", "upr", "--org", "nkhr")
    assert run.status == 0, run.err
    assert "near finding mss-investigates-deportees" in run.out and "differs: -primary +main" in run.out
    text = (root / "content/submissions/near.yaml").read_text()
    assert "finding:" not in text and "the main investigative authority" in text


def test_sub_headings_become_nested_sections_and_block_quotes_quotes(tmp_path, capsys):
    root = repo_project(tmp_path / "p")
    md = tmp_path / "nested.md"
    md.write_text("# I. Context\n\nOpening text.\n\n## 1. Detention\n\nDetail.\n\n> A *quoted* passage.\n\n"
                  "### 1.1 Camps\n\nMore.\n\n# II. Findings\n\nEnd.\n")
    run = run_build(capsys, "import", "--project", str(root), str(md), "--target", "nested", "--format", "upr",
                    "--org", "nkhr")
    assert run.status == 0, run.err
    text = (root / "content/submissions/nested.yaml").read_text()
    assert re.search(r'- title: "Context"\n    numbered: true\n    blocks:\n      - text: "Opening text."\n'
                     r'    sections:\n      - title: "Detention"', text)
    assert re.search(r'        sections:\n          - title: "Camps"', text)
    assert '- quote: "A *quoted* passage."' in text
    assert run_build(capsys, "--project", str(root), "nested", "--only", "md", "--out", str(tmp_path / "o")).status == 0


def test_seed_text_reads_as_markdown_with_typed_notes(tmp_path, capsys):
    root = repo_project(tmp_path / "p")
    seed = tmp_path / "seed.md"
    seed.write_text(SEEDS.joinpath("001_bef7bd6afdd0a300.txt").read_text())
    run = run_build(capsys, "import", "--project", str(root), str(seed), "--target", "seed-md")
    assert run.status == 0, run.err
    assert "2 notes typed as superscript numbers read as footnotes (2 calls)" in run.out
    assert "2 parsed into citations" in run.out and "2 reused: cat-co-chn-5, nkhr-blood-coal" in run.out
    assert "paragraph(s) cut by a page break joined again" in run.out
    text = (root / "content/submissions/seed-md.yaml").read_text()
    assert '- finding: "quota-system"' in text and '- finding: "cat-recommendations-ignored"' in text


def test_a_finding_inside_a_paragraph_is_set_in_by_id(tmp_path, capsys):
    root = repo_project(tmp_path / "p")
    md = tmp_path / "embed.md"
    md.write_text("# Introduction\n\nWe add our own words first. This pyramid of extortion is enforced through each "
                  "Ministry and Party organ and is imposed on every citizen throughout society. And close.\n")
    run = run_build(capsys, "import", "--project", str(root), str(md), "--target", "embed", "--format", "upr",
                    "--org", "nkhr")
    assert run.status == 0, run.err
    text = (root / "content/submissions/embed.yaml").read_text()
    assert '- text: "We add our own words first. ![[pyramid-of-extortion]] And close."' in text
    assert "findings: 1 reused (pyramid-of-extortion)" in run.out


def test_a_finding_of_several_paragraphs_is_found_as_a_run(tmp_path, capsys):
    root = repo_project(tmp_path / "p")
    (root / "content/findings/two-part.yaml").write_text(
        "paragraphs:\n  - First paragraph of a finding in two parts, cited.[@cat-co-chn-5, para. 47]\n"
        "  - Second paragraph of the same finding, closing it.\n")
    md = tmp_path / "run.md"
    md.write_text("# Introduction\n\nFirst paragraph of a finding in two parts, cited.[^1]\n\n"
                  "Second paragraph of the same finding, closing it.\n\nOur own words.\n\n"
                  "[^1]: CAT/C/CHN/CO/5, para. 47.\n")
    run = run_build(capsys, "import", "--project", str(root), str(md), "--target", "run", "--format", "upr",
                    "--org", "nkhr")
    assert run.status == 0, run.err
    text = (root / "content/submissions/run.yaml").read_text()
    assert '      - finding: "two-part"\n      - text: "Our own words."' in text


def test_typed_headings_and_a_memo_front_page(tmp_path, capsys):
    import docx

    root = repo_project(tmp_path / "p")
    document = docx.Document()
    document.add_paragraph("Date: 5 May 2020")
    document.add_paragraph("To: Special Rapporteur on the right to food")
    document.add_paragraph().add_run("I. Background").bold = True
    document.add_paragraph("Opening words of the background section.")
    document.add_paragraph("1. Detention")
    document.add_paragraph("Words about detention, long enough to be running text and to end with a stop.")
    document.add_paragraph().add_run("II. Recommendations").bold = True
    document.add_paragraph("Closing words.")
    path = tmp_path / "typed.docx"
    document.save(str(path))
    run = run_build(capsys, "import", "--project", str(root), str(path), "--target", "typed", "--format", "upr",
                    "--org", "nkhr")
    assert run.status == 0, run.err
    text = (root / "content/submissions/typed.yaml").read_text()
    assert "date: 2020-05-05" in text
    # the UPR format prints no addressee: not written (it would only warn at every build), and said
    assert "addressee" not in text
    assert "addressee 'Special Rapporteur on the right to food' not written: the upr format prints no addressee" \
        in run.out
    assert re.search(r'- title: "Background"\n    numbered: true\n    blocks:\n      - text: "Opening words of the '
                     r'background section."\n    sections:\n      - title: "Detention"\n        numbered: true', text)
    assert re.search(r'\n  - title: "Recommendations"\n    numbered: true\n    blocks:\n      - text: "Closing words."', text)


def test_passages_of_other_submissions_are_reported_identical_or_near(tmp_path, capsys):
    root = repo_project(tmp_path / "p")
    project = load_project(root, Diagnostics())
    blocks = [b for s in project.submissions["cecc-2023"].sections for b in s.blocks if b.text is not None]
    thanks = next(b.text for b in blocks if str(b.text).startswith("Citizens' Alliance for North Korean Human Rights would"))
    border = next(b.text for b in blocks if str(b.text).startswith("Reports indicate at least 1,000"))
    md = tmp_path / "again.md"
    md.write_text("# Introduction\n\n" + " ".join(str(thanks).split()) + "\n\nA short one.\n\n"
                  + " ".join(str(border).replace("at least 1,000", "at least 2,000").split()) + "\n",
                  encoding="utf-8")
    run = run_build(capsys, "import", "--project", str(root), str(md), "--target", "again", "--format", "cecc",
                    "--org", "nkhr")
    assert run.status == 0, run.err
    assert "passages of other submissions: 1 identical, 1 near" in run.out
    assert re.search(rf"(?:paragraph|line) \d+ is also in content/submissions/cecc-2023\.yaml:{thanks.loc.line}, word for "
                     r"word: make it a finding", run.out), run.out
    assert re.search(rf"(?:paragraph|line) \d+ is near content/submissions/cecc-2023\.yaml:{border.loc.line} \(\d+% of words "
                     r"the same\), kept as text; differs: -1,000 \+2,000", run.out), run.out
    text = _values((root / "content/submissions/again.yaml").read_text())
    assert "would like to thank the Commission" in text and "at least 2,000 prisoners" in text  # kept as text
