"""The PDF, read with poppler's pdftotext, pdffonts and pdfinfo."""

from __future__ import annotations

import re

from conftest import REPO, require, run_tool
from dossier.document import plain_text
from dossier.errors import Diagnostics
from dossier.inline import parse_inline
from dossier.project import load_project


def normalise(text: str) -> str:
    text = text.replace("\u00ad", "")
    text = re.sub("\u2010\n", "", text)  # a word hyphenated at the end of a line (U+2010, not "-")
    text = re.sub(r"-\n", "-", text)  # a line that ends in a hyphen: the word goes on
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(path, *pages: int) -> str:
    require("pdftotext")
    args = ["pdftotext", "-raw"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    return run_tool(*args, str(path), "-")


def test_every_question_and_recommendation_word_for_word(upr_build):
    _, out, _ = upr_build
    text = normalise(pdf_text(out / "upr-2024.pdf"))
    project = load_project(REPO, Diagnostics())
    blocks = [b for s in project.submissions["upr-2024"].sections for b in s.blocks]
    items = [q for b in blocks if b.questions for q in b.questions]
    items += [r for b in blocks if b.recommendations for r in b.recommendations]
    assert len(items) == 12
    for item in items:
        assert normalise(plain_text(parse_inline(item).inlines)) in text


def test_seed_sentences_and_prior_recommendations_reproduced(upr_build):
    _, out, _ = upr_build
    text = normalise(pdf_text(out / "upr-2024.pdf"))
    for sentence in (
        "28.131 Consider the establishment of a legal framework to guarantee that activities carried out "
        "by industries subject to its jurisdiction do not negatively impact human rights abroad (Peru);",
        "28.134 Establish a regulatory framework to assess the human rights and environmental impacts of "
        "corporations headquartered in China so as to promote and respect human rights, in follow-up to "
        "the recommendations contained in paragraphs 186.185, 186.193, 186.224 and 186.251 of the report "
        "of the Working Group, accepted during the second cycle (Haiti);",
        "Fourth Cycle of the Universal Periodic Review of the People\u2019s Republic of China (PRC) "  # typographic apostrophe
        "45th Session (January - February 2024)",
    ):
        assert sentence in text


def test_fonts_embedded(upr_build, mini_build):
    require("pdffonts")
    for out, name in ((upr_build[1], "upr-2024"), (mini_build[1], "mini")):
        lines = run_tool("pdffonts", str(out / f"{name}.pdf")).splitlines()[2:]
        assert lines, "no fonts listed"
        for line in lines:
            columns = line.split()
            assert columns[-5] == "yes", f"font not embedded: {line}"  # the 'emb' column


def test_cjk_text_uses_a_cjk_font(mini_build):
    _, out, _ = mini_build
    fonts = run_tool("pdffonts", str(out / "mini.pdf"))
    assert "NotoSerifCJK" in fonts.replace(" ", "") or "Noto-Serif-CJK" in fonts or "NotoSerifCJKkr" in fonts
    assert "예시에 관한 보도" in pdf_text(out / "mini.pdf")


def test_page_size_title_and_tags(upr_build):
    require("pdfinfo")
    _, out, document = upr_build
    info = run_tool("pdfinfo", str(out / "upr-2024.pdf"))
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    assert re.search(r"Tagged:\s+yes", info)
    assert f"Title:           {document.meta.title}" in info


def test_each_footnote_on_the_page_of_its_call(upr_build, mini_build):
    """Footnotes at the foot of the page where they are called, numbered as in the DOCX."""
    for out, name in ((upr_build[1], "upr-2024"), (mini_build[1], "mini")):
        document = (upr_build if name == "upr-2024" else mini_build)[2]
        pages = int(re.search(r"Pages:\s+(\d+)", run_tool("pdfinfo", str(out / f"{name}.pdf"))).group(1))
        page_texts = [normalise(pdf_text(out / f"{name}.pdf", p)) for p in range(1, pages + 1)]
        for note in document.notes:
            body = normalise(plain_text(note.children))[:40]
            where = [i for i, t in enumerate(page_texts) if body in t]
            assert where, f"note {note.number} not found"
            page = page_texts[where[0]]
            # the note text starts with its number at the foot of the same page
            assert f"{note.number} {body}" in page or f"{note.number}{body}" in page


def test_catalog_names_the_language_and_structure(upr_build):
    """/Lang and the structure tree sit in a compressed object stream: inflate and look."""
    import zlib

    _, out, _ = upr_build
    data = (out / "upr-2024.pdf").read_bytes()
    catalogs = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            inflated = zlib.decompress(match.group(1))
        except zlib.error:
            continue
        if b"/Type /Catalog" in inflated:
            catalogs.append(inflated)
    assert catalogs, "no catalog found"
    catalog = catalogs[0]
    assert b"/Lang (en-GB)" in catalog  # the UN formats' English, as the DOCX names it
    assert b"/StructTreeRoot" in catalog and b"/MarkInfo <</Marked true>>" in catalog


def _struct_elements(pdf):
    """Every structure element of a pikepdf PDF, depth first."""
    from pdf_pages import struct_elements

    return struct_elements(pdf.Root.StructTreeRoot)


def test_pdf_ua_metadata_notes_languages_read_by_pikepdf(upr_build, mini_build):
    """PDF/UA-1 essentials, read by pikepdf and poppler, not by our writer."""
    import pikepdf

    for out, name, document in ((upr_build[1], "upr-2024", upr_build[2]), (mini_build[1], "mini", mini_build[2])):
        with pikepdf.open(out / f"{name}.pdf") as pdf:
            meta = pdf.open_metadata()
            assert meta.get("pdfuaid:part") == "1"
            assert meta.get("dc:title") == document.meta.title
            assert document.meta.language in meta.get("dc:language")
            elements = list(_struct_elements(pdf))
            notes = sorted(str(e.ID) for e in elements if str(e.S) == "/Note")
            assert notes == sorted(f"fn{n.number}" for n in document.notes)
            calls = [str(a.Dest) for page in pdf.pages for a in page.get("/Annots", []) if "/Dest" in a]
            assert sorted(c for c in calls if c.startswith("fn")) == notes  # each note linked from its call
            described = sorted(str(a.Contents) for page in pdf.pages for a in page.get("/Annots", [])
                               if str(a.get("/Dest", "")).startswith("fn"))
            assert described == sorted(f"Note {n.number}" for n in document.notes)  # a link's description
            if name == "mini":  # its Korean title: a span with /Lang ko
                assert any(str(e.get("/Lang", "")) == "ko" for e in elements if str(e.S) == "/Span")
    struct = run_tool("pdfinfo", "-struct", str(upr_build[1] / "upr-2024.pdf"))
    assert "Note <fn1>" in struct


def _pages_under(element, page_of) -> set[int]:
    from pdf_pages import struct_elements

    return {page_of[kid.Pg.objgen] for kid in struct_elements(element) if "/Pg" in kid}


def test_reading_order_runs_across_pages_with_each_note_at_its_call(upr_build):
    """A paragraph split by a page break is one P, and each Note is read right after the Link
    of its call (pikepdf, and poppler's pdfinfo -struct), not after the text of its page."""
    import pikepdf

    from dossier.writers.html import document_html

    root, out, document = upr_build
    project = load_project(root, Diagnostics())
    html = document_html(document, project.formats["upr"])
    with pikepdf.open(out / "upr-2024.pdf") as pdf:
        page_of = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        elements = list(_struct_elements(pdf))
        paragraphs = [e for e in elements if str(e.S) == "/P"]
        assert len(paragraphs) == len(re.findall(r"<p[ >]", html))  # one element each, split or not
        assert any(len(_pages_under(p, page_of)) > 1 for p in paragraphs), "no paragraph crosses a page"
        lists = [e for e in elements if str(e.S) == "/L"]
        assert len(lists) == len(re.findall(r"<[ou]l[ >]", html))
        notes = [e for e in elements if str(e.S) == "/Note"]
        assert len(notes) == len(document.notes)
        for note in notes:
            siblings = list(note.P.K)
            before = siblings[[s.objgen for s in siblings].index(note.objgen) - 1]
            assert str(before.S) == "/Link"
            targets = {str(kid.Obj.Dest) for kid in before.K
                       if isinstance(kid, pikepdf.Dictionary) and str(kid.get("/Type")) == "/OBJR"}
            assert targets == {str(note.ID)}, "the note does not follow the link of its call"
        # Every piece of marked content and every annotation still belongs to an element of the tree,
        # and each element's /P is the element that lists it
        reachable = {e.objgen for e in elements}
        for element in elements:
            for kid in (element.K if isinstance(element.K, pikepdf.Array) else [element.K]):
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    assert kid.P.objgen == element.objgen
        nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
        owners = [owner for value in nums[1::2]
                  for owner in (list(value) if isinstance(value, pikepdf.Array) else [value])]
        assert owners and all(owner.objgen in reachable for owner in owners)
    struct = run_tool("pdfinfo", "-struct", str(out / "upr-2024.pdf"))
    lines = struct.splitlines()
    for number, line in enumerate(lines):
        if line.lstrip().startswith("Note <"):
            depth = len(line) - len(line.lstrip())
            parent = next(l for l in reversed(lines[:number]) if len(l) - len(l.lstrip()) < depth)
            assert parent.strip().startswith("P "), f"{line.strip()} is read outside a paragraph"


def test_the_page_check_sees_a_note_printed_after_its_call(tmp_path):
    """The page check itself, on a PDF whose note text is a page after its call."""
    import weasyprint
    from pdf_pages import page_problems

    html = ('<html lang="en"><body><p>Call here<a id="call1" href="#fn1">1</a>.</p>'
            '<p style="break-before: page"><span id="fn1">The note, a page late.</span></p></body></html>')
    path = tmp_path / "late.pdf"
    weasyprint.HTML(string=html).write_pdf(path, pdf_tags=True)
    problems = page_problems(path)
    path.unlink()  # not a PDF of ours: the automatic check must not see it
    assert problems == ["late.pdf: note 1 is called on page 1 but printed on page 2"]


def test_the_page_check_sees_a_heading_at_the_foot_of_a_page(tmp_path):
    import weasyprint
    from pdf_pages import page_problems

    html = ('<html lang="en"><body><p>text</p><h2 style="break-after: page">Heading</h2>'
            "<p>its text</p></body></html>")
    path = tmp_path / "heading.pdf"
    weasyprint.HTML(string=html).write_pdf(path, pdf_tags=True)
    problems = page_problems(path)
    path.unlink()
    assert problems == ["heading.pdf: page 1 ends with a heading (H2)"]


def _artifact_text_ops(page) -> tuple[int, int]:
    """(text-showing operators inside /Artifact marked content, all text-showing operators) of a page."""
    import pikepdf

    stack: list[str] = []
    inside = total = 0
    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name in ("BDC", "BMC"):
            stack.append(str(operands[0]))
        elif name == "EMC" and stack:
            stack.pop()
        elif name in ("Tj", "TJ", "'", '"'):
            total += 1
            inside += "/Artifact" in stack
    return inside, total


def test_page_numbers_and_the_watermark_are_artifacts(upr_build, tmp_path, capsys):
    """Page furniture is drawn as /Artifact (read by pikepdf from the content streams), so a
    screen reader does not read "1", "DRAFT" or the review header inside the text."""
    import pikepdf

    from conftest import run_build

    root, out, _ = upr_build
    with pikepdf.open(out / "upr-2024.pdf") as pdf:
        for page in pdf.pages:  # the page number, alone
            inside, total = _artifact_text_ops(page)
            assert inside == 1 and total > 1
    assert run_build(capsys, "upr-2024", "--project", str(root), "--review", "--only", "pdf",
                     "--out", str(tmp_path)).status == 0
    with pikepdf.open(tmp_path / "upr-2024.review.pdf") as pdf:
        for page in pdf.pages:  # page number, review header, DRAFT, and the margin's source notes
            inside, _ = _artifact_text_ops(page)
            assert inside >= 4


def test_justified_text_is_hyphenated(upr_build):
    """The UPR format is justified: words are hyphenated at line ends (pdftotext shows the
    hyphenation point as U+2010, a typed hyphen stays "-"), in the document's language."""
    _, out, _ = upr_build
    raw = pdf_text(out / "upr-2024.pdf")
    assert len(re.findall("\u2010\n", raw)) >= 5


def test_a_line_with_a_note_call_is_spaced_like_the_others(upr_build):
    """The raised call number does not make its line taller (pdftotext's word boxes): each
    body line holding a call is as far from the line above as lines without one."""
    import statistics

    require("pdftotext")
    xml = run_tool("pdftotext", "-bbox-layout", str(upr_build[1] / "upr-2024.pdf"), "-")
    body_gaps, call_gaps = [], []
    for block in re.findall(r"<block.*?</block>", xml, re.S):
        lines = re.findall(r'<line xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</line>', block, re.S)
        for (above, _), (below, words) in zip(lines, lines[1:]):
            boxes = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', words)
            sizes = [float(b) - float(a) for a, b, _ in boxes]
            gap = float(below) - float(above)
            if any(text.isdigit() and size < 0.8 * max(sizes) for (_, _, text), size in zip(boxes, sizes)):
                call_gaps.append(gap)
            elif max(sizes) > 11:  # body text
                body_gaps.append(gap)
    usual = statistics.median(body_gaps)
    assert call_gaps, "no line with a note call found"
    assert all(abs(gap - usual) < 0.5 for gap in call_gaps), (usual, call_gaps)


def test_traditional_chinese_gets_traditional_fonts_in_both_outputs(tmp_path, capsys):
    """A format naming only a zh font: zh-Hant and zh-TW text gets its Traditional face
    (pdffonts: Noto ... TC; the DOCX: PMingLiU with zh-TW), Simplified text keeps SC/SimSun."""
    import zipfile

    from conftest import replace_once, repo_project, run_build

    root = repo_project(tmp_path / "p")
    added = ('      - text: "The rule [留宿規定]{lang=zh-Hant}, the office [勞工處]{lang=zh-TW} '
             'and the law [出境入境管理法]{lang=zh}."\n')
    replace_once(root / "content/submissions/cedaw-china.yaml", "    blocks:\n", "    blocks:\n" + added)
    run = run_build(capsys, "--project", str(root), "cedaw-china", "--out", str(tmp_path / "out"))
    assert run.status == 0, run.err
    fonts = run_tool(require("pdffonts"), str(tmp_path / "out/cedaw-china.pdf"))
    assert "CJK-TC" in fonts and "CJK-SC" in fonts
    with zipfile.ZipFile(tmp_path / "out/cedaw-china.docx") as docx:
        body = docx.read("word/document.xml").decode()
    runs = re.findall(r'<w:rFonts w:eastAsia="([^"]+)"[^>]*/>(?:<[^>]+>)*?<w:lang w:eastAsia="([^"]+)"/>', body)
    assert ("PMingLiU", "zh-TW") in runs and ("SimSun", "zh-CN") in runs
    assert not [r for r in runs if r[1] == "zh-TW" and r[0] != "PMingLiU"]


def test_a_note_call_never_starts_a_line_away_from_its_word(tmp_path):
    """At every width where a line ends at "state." the call "16" stays on that line (pdftotext's
    word boxes of the PDF WeasyPrint writes from our markup for the call)."""
    from dossier.document import Note, Str
    from dossier.writers.html import float_note
    from dossier.writers.weasyprint_import import weasyprint

    css = ("html { font-family: 'Liberation Serif'; font-size: 12pt; line-height: 1.15 } p { margin: 0 }"
           " a.note-call { vertical-align: super; font-size: 65%; line-height: 0 }"
           " .footnote { float: footnote } ::footnote-call { content: none }")
    call = float_note(Note(16, [Str("A source.")]))
    starts = []
    for width in range(186, 210):
        html = (f"<html lang='en'><style>{css} p {{ width: {width}pt }}</style>"
                f"<p>one two three four five six women state.{call} Next words here and more.</p></html>")
        path = tmp_path / f"w{width}.pdf"
        weasyprint.HTML(string=html).write_pdf(path)
        xml = run_tool("pdftotext", "-bbox-layout", str(path), "-")
        path.unlink()
        for line in re.findall(r"<line .*?</line>", xml, re.S):
            words = re.findall(r">([^<]+)</word>", line)
            if words and words[0] == "16":
                starts.append(width)
    assert not starts, f"the call starts a line at widths {starts}"


def test_a_line_holding_korean_or_chinese_is_spaced_like_the_others(tmp_path, capsys):
    """A CJK face is taller than Liberation Serif: lines holding a Korean or Chinese run keep the
    body's line pitch (pdftotext's word boxes)."""
    import statistics

    from conftest import replace_once, repo_project, run_build

    root = repo_project(tmp_path / "p")
    sentence = ("Women returned from China describe the same treatment in the camps they were held in, "
                "the [강제 북송]{lang=ko} and the [强制遣返]{lang=zh} of their families, year after year. ")
    replace_once(root / "content/submissions/cedaw-china.yaml", "    blocks:\n",
                 f'    blocks:\n      - text: "{sentence * 6}"\n')
    run = run_build(capsys, "--project", str(root), "cedaw-china", "--only", "pdf", "--out", str(tmp_path / "out"))
    assert run.status == 0, run.err
    xml = run_tool(require("pdftotext"), "-bbox-layout", str(tmp_path / "out/cedaw-china.pdf"), "-")
    cjk_gaps, gaps = [], []
    cjk = re.compile(r"[\uac00-\ud7af\u4e00-\u9fff]")

    def baseline(words: str) -> float | None:  # a Latin word's box: a CJK face's boxes reach lower
        latin = [float(y) for y, w in re.findall(r'yMax="([\d.]+)">([^<]+)</word>', words) if not cjk.search(w)]
        return latin[0] if latin else None

    for block in re.findall(r"<block.*?</block>", xml, re.S):
        lines = re.findall(r"<line .*?</line>", block, re.S)
        for above, below in zip(lines, lines[1:]):
            if baseline(above) is None or baseline(below) is None:
                continue
            gap = baseline(below) - baseline(above)
            (cjk_gaps if cjk.search(below) else gaps).append(gap)
    assert cjk_gaps, "no line with Korean or Chinese found"
    usual = statistics.median(gaps)
    assert all(abs(gap - usual) < 0.6 for gap in cjk_gaps), (usual, cjk_gaps)


def test_a_layout_that_meets_a_late_note_stops_at_its_page():
    """The first page holding a note called on an earlier page stops the layout (the pages
    after it would be laid out again anyway): _LateNote names the call page's last block."""
    import pytest

    from dossier.writers.pdf import _LateNote, _stopping_at_a_late_note
    from dossier.writers.weasyprint_import import weasyprint
    from weasyprint import layout

    pages_after = "".join(f'<p style="break-before: page">page {n}</p>' for n in range(3, 40))
    html = ('<html lang="en"><body><p id="last">Call here<a id="call1" href="#fn1">1</a>.</p>'
            '<p style="break-before: page"><span class="footnote" id="fn1">The note, a page late.</span></p>'
            f"{pages_after}</body></html>")
    made = []
    original = layout.make_all_pages

    def counting(*args):
        for page in original(*args):
            made.append(page)
            yield page

    layout.make_all_pages = counting
    try:
        with pytest.raises(_LateNote) as late, _stopping_at_a_late_note():
            weasyprint.HTML(string=html).render()
    finally:
        layout.make_all_pages = original
    assert late.value.block.get("id") == "last"
    assert len(made) == 2, "the layout went on after the late note's page"
