"""Proof by volume: random content through the real pipeline, outputs read by other programs.

Hypothesis writes whole content repositories (organisations, findings,
earlier recommendations, a submission, references) with text in Latin,
Korean, Chinese, Arabic and Hebrew script, emoji, combining marks, bidi and
zero-width characters, inline markup nested at random, long paragraphs, empty
sections and footnotes.  Every build must either succeed or fail with our
located errors; every DOCX it writes must give pandoc each footnote, and
every PDF must be read by pdftotext.  A few DOCX per run also go through
LibreOffice.

    DOSSIER_HYPOTHESIS_EXAMPLES=500 .venv/bin/python -m pytest tests/test_properties.py
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree

import pandoc_json
from conftest import REPO, libreoffice_odt, odt_part, require, run_tool
from docx_package import assert_sound_package

EXAMPLES = int(os.environ.get("DOSSIER_HYPOTHESIS_EXAMPLES", "12"))
LIBREOFFICE_SAMPLES = int(os.environ.get("DOSSIER_LIBREOFFICE_SAMPLES", "2"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.large_base_example])

# ---- text -----------------------------------------------------------------------------

HANGUL = st.integers(0xAC00, 0xD7A3).map(chr)
HAN = st.integers(0x4E00, 0x9FFF).map(chr)
ARABIC = st.integers(0x0621, 0x064A).map(chr)
HEBREW = st.integers(0x05D0, 0x05EA).map(chr)
LATIN = st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éßøçğ")
EMOJI = st.sampled_from(["😀", "👍🏽", "👩\u200d👩\u200d👧", "🇰🇷", "❤️", "🏳️\u200d🌈", "🧕🏿", "🀄", "𝄞"])
COMBINING = st.tuples(LATIN, st.lists(st.integers(0x0300, 0x036F).map(chr), min_size=1, max_size=4)) \
    .map(lambda t: t[0] + "".join(t[1]))
ODD = st.sampled_from(["\u00a0", "\u200b", "\u200c", "\u200d", "\u200f", "\u202e", "\u2028", "\ufeff",
                       "\u00ad", "\u3000", "\t", "&", "<", ">", '"', "'", "{{", "}}", "{%", "#", "%", "~",
                       "\\", "_", "`", "|", "$", "@", "]]>", "<b>", "</p>", "!"])
MARKUP = st.sampled_from(["*", "**", "[", "]", "^", "(", ")", "{lang=ko}", "\\*", "\\["])
# Rarely, a character no document can hold: the build must then refuse it, located.
CONTROL = st.sampled_from(["\x01", "\x08", "\x0b", "\x1b", "\x7f", "\ufffe"])


def script_word(alphabet) -> st.SearchStrategy[str]:
    return st.lists(alphabet, min_size=1, max_size=8).map("".join)


# Any character a document can hold (no C0/C1 controls, surrogates or non-characters).
ANY_CHAR = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
WORD = st.one_of(
    script_word(LATIN), script_word(LATIN), script_word(HANGUL), script_word(HAN),
    script_word(ARABIC), script_word(HEBREW), EMOJI, script_word(COMBINING), ODD,
    st.text(ANY_CHAR, min_size=1, max_size=6),
)
TOKEN = st.one_of(*([WORD] * 25), MARKUP)

KEYS = ["un-doc", "korean-report", "chinese-law", "arabic-report", "hebrew-book"]


def words(min_size: int = 1, max_size: int = 8) -> st.SearchStrategy[str]:
    return st.lists(TOKEN, min_size=min_size, max_size=max_size).map(" ".join)


def citation() -> st.SearchStrategy[str]:
    key = st.sampled_from(KEYS)  # an unknown key is added to a few projects by projects()
    item = st.tuples(st.sampled_from(["", "see ", "cf. "]), key,
                     st.sampled_from(["", ", p. 3", ", para. 12", ", art. 33", ", 제3조", ", § 4"]))
    items = st.lists(item, min_size=1, max_size=3)
    return items.map(lambda parts: "[" + "; ".join(f"{p}@{k}{loc}" for p, k, loc in parts) + "]")


@functools.cache  # one strategy per depth: built anew each time, the tree grows exponentially
def inline(depth: int = 0) -> st.SearchStrategy[str]:
    """Text with inline markup, nested up to six levels (deeper nesting: see projects())."""
    leaf = st.one_of(words(), words(), citation(), st.just("<https://example.org/a_(b)>"))
    if depth > 4:
        return leaf
    inner = inline(depth + 1)
    return st.one_of(
        leaf, leaf, leaf,
        inner.map(lambda s: f"*{s.strip()}*"),
        inner.map(lambda s: f"**{s.strip()}**"),
        inner.map(lambda s: f"[{s}]{{lang=ko}}"),
        words().map(lambda s: f"[{s}](https://example.org/x?q=1&r=2)"),  # a link holds no link
        (inner.map(lambda s: f"^[{s}]") if depth == 0 else leaf),
        st.lists(inner, min_size=2, max_size=4).map(" ".join),
    )


def paragraph() -> st.SearchStrategy[str]:
    short = st.lists(inline(), min_size=1, max_size=4).map(" ".join)
    # a long paragraph of words and at most one note: WeasyPrint spends ~20 ms on each note
    long = st.tuples(words(5, 30), st.integers(10, 300), st.one_of(st.just(""), citation())) \
        .map(lambda t: " ".join([t[0]] * t[1]) + t[2])
    nested = st.integers(1, 20).map(lambda n: "[a " * n + "x" + "]{lang=ko}" * n)
    return st.one_of(short, short, short, short, long, nested, st.just(""))


# ---- projects -------------------------------------------------------------------------

RETYPED = ["NO", "yes", "null", "on", "~", "1e3", "0x10", "2001-01-01", "4.10", ".inf", "010"]


@st.composite
def projects(draw) -> dict:
    n_orgs = draw(st.integers(1, 3))
    orgs = {}
    for i in range(n_orgs):
        org = {"name": draw(words(1, 6))}
        if draw(st.booleans()):
            org["acronym"] = draw(words(1, 2))
        if draw(st.booleans()):
            org["address"] = draw(words(1, 10))
        if draw(st.booleans()):
            org["description"] = draw(paragraph())
        if draw(st.booleans()):
            org["website"] = "https://example.org/ngo"
        orgs[f"org-{i}"] = org
    findings = {}
    for i in range(draw(st.integers(0, 3))):
        findings[f"finding-{i}"] = {"title": draw(words(1, 5)),
                                    "paragraphs": draw(st.lists(paragraph(), max_size=4))}
    numbers = draw(st.lists(st.sampled_from(["1.1", "4.10", "28.130", "121.1", "NO", "7"]),
                            min_size=1, max_size=4, unique=True))
    states = draw(st.lists(st.sampled_from(RETYPED + ["Peru", "대한민국", "中国", "ישראל", "مصر"]),
                           min_size=1, max_size=3))
    recs = [{"number": n, "text": draw(paragraph()), "states": states} for n in numbers]
    sections = []
    for _ in range(draw(st.integers(0, 4))):
        blocks = []
        for _ in range(draw(st.integers(0, 4))):
            kind = draw(st.sampled_from(["text", "text", "finding", "prior", "questions", "recommendations"]))
            if kind == "text":
                blocks.append({"text": draw(paragraph())})
            elif kind == "finding" and findings:
                blocks.append({"finding": draw(st.sampled_from(sorted(findings)))})
            elif kind == "prior":
                blocks.append({"prior_recommendations": {"set": "prior-1",
                                                         "numbers": draw(st.lists(st.sampled_from(numbers),
                                                                                  min_size=1, max_size=3))}})
            elif kind in ("questions", "recommendations"):
                blocks.append({kind: draw(st.lists(paragraph(), min_size=1, max_size=3))})
        sections.append({"title": draw(words(0, 6)), "numbered": draw(st.booleans()), "blocks": blocks})
    submission = {
        "format": "upr", "state": draw(words(1, 4)), "title": draw(words(1, 6)),
        "cycle": draw(st.integers(1, 20)), "session": draw(st.integers(1, 99)),
        "organisations": sorted(orgs)[: draw(st.integers(1, n_orgs))], "sections": sections,
    }
    if draw(st.booleans()):
        submission["language"] = draw(st.sampled_from(["en", "fr", "ko", "zh-Hans", "ar", "he"]))
    # One project in ten carries one mistake a person makes: it must be refused, located.
    mistake = draw(st.sampled_from(["none"] * 17 + ["control", "unknown-key", "deep"]))
    if mistake != "none":
        bad = {"control": draw(CONTROL), "unknown-key": "[@nkhr-blod-coal]",
               "deep": "[a " * 30 + "x" + "]{lang=ko}" * 30}[mistake]
        target = draw(st.sampled_from(["title", "state", "organisation", "section"]))
        if target == "organisation":
            orgs[submission["organisations"][0]]["name"] += " " + bad
        elif target == "section" and sections:
            sections[0]["title"] += " " + bad
        else:
            submission["title"] += " " + bad
    return {"orgs": orgs, "findings": findings, "recs": recs, "submission": submission,
            "bib_title": draw(st.lists(st.one_of(WORD.filter(lambda w: not set(w) & set("{}\\@%#\"")),
                                                  st.just("and")), min_size=1, max_size=6).map(" ".join))}


def bib_safe(text: str) -> str:
    return re.sub(r"[{}\\@%#\"]", "", text) or "untitled"


def write_project(data: dict, root: Path) -> None:
    shutil.copytree(REPO / "templates", root / "templates")
    for folder in ("organisations", "findings", "recommendations", "submissions"):
        (root / "content" / folder).mkdir(parents=True)

    def dump(path: Path, value: dict) -> None:
        path.write_text(yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=80), encoding="utf-8")

    for ident, org in data["orgs"].items():
        dump(root / f"content/organisations/{ident}.yaml", org)
    for ident, finding in data["findings"].items():
        dump(root / f"content/findings/{ident}.yaml", finding)
    dump(root / "content/submissions/sub.yaml", data["submission"])
    # The earlier recommendations by hand, unquoted: YAML would read NO as false and
    # 4.10 as 4.1; the build must keep them as written.
    lines = ["state: Exampleland", "cycle: 3", "recommendations:"]
    for rec in data["recs"]:
        lines += [f"  - number: {rec['number']}", f"    text: {json.dumps(rec['text'], ensure_ascii=False)}",
                  f"    states: [{', '.join(rec['states'])}]"]
    (root / "content/recommendations/prior-1.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    title = bib_safe(data["bib_title"])
    (root / "references.bib").write_text(f"""
@report{{un-doc, title = {{Concluding observations}}, institution = {{Committee against Torture}},
  number = {{CAT/C/EXA/CO/1}}, date = {{2030-01-15}}}}
@online{{korean-report, author = {{연합뉴스}}, title = {{{title}}}, origtitle = {{북한 인권 보고서}},
  origlanguage = {{ko}}, date = {{2021-05-06}}, url = {{https://example.org/a_(b)?x=1&y=2}}}}
@legislation{{chinese-law, title = {{中华人民共和国出境入境管理法}}, entrysubtype = {{national}},
  date = {{2012-06-30}}}}
@report{{arabic-report, title = {{تقرير عن حقوق الإنسان}}, institution = {{منظمة}}, date = {{2020}}}}
@book{{hebrew-book, author = {{מחבר}}, title = {{ספר על זכויות אדם {title}}}, date = {{2019}}}}
""", encoding="utf-8")


# ---- checking one build ---------------------------------------------------------------

_libreoffice_done = 0


def pandoc_note_count(docx: Path) -> int:
    return len(pandoc_json.elements(pandoc_json.read(docx), "Note"))


def libreoffice_note_count(docx: Path, work: Path) -> int:
    [odt] = libreoffice_odt(work, docx)
    content = odt_part(odt)
    notes = content.findall(".//{urn:oasis:names:tc:opendocument:xmlns:text:1.0}note")
    return len(notes)


def build_and_check(data: dict, work: Path) -> str:
    """Build the project; return "ok" or "refused" (after checking what either must satisfy)."""
    global _libreoffice_done
    from dossier.errors import ContentError, Diagnostics
    from dossier.pipeline import build
    from dossier.project import load_project

    root = work / "project"
    write_project(data, root)
    out = work / "out"
    diags = Diagnostics()
    try:
        project = load_project(root, diags, use_cache=False)
        result = build(root, "sub", out, ("docx", "pdf"), diags, project=project)
    except ContentError as exc:  # our located errors: anything else fails the test with its traceback
        assert exc.diagnostics
        for item in exc.diagnostics:
            path = item.location.path
            assert (root / path).is_file(), f"not located in a file of the project: {item}"
            assert not path.startswith("templates/"), f"valid content broke the template: {item}"
            assert item.location.line >= 1 or "UTF-8" in item.message, f"no line: {item}"
        assert not out.exists(), "an output was written although the build failed"
        return "refused"
    document = result.document
    assert document is not None
    docx, pdf = out / "sub.docx", out / "sub.pdf"
    with zipfile.ZipFile(docx) as z:  # every XML part is well-formed
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(z.read(name))
    assert_sound_package(docx)  # each example's DOCX (the teardown check sees only the last one)
    assert pandoc_note_count(docx) == len(document.notes)
    run_tool("pdftotext", str(pdf), "-")  # poppler reads it
    pages = int(re.search(r"Pages:\s+(\d+)", run_tool("pdfinfo", str(pdf))).group(1))
    assert pages >= 1
    # Earlier recommendations keep their numbers and states exactly as written.
    body = zipfile.ZipFile(docx).read("word/document.xml").decode()
    shown = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", body))
    for rec in data["recs"]:
        for state in rec["states"]:
            if any(rec["number"] in b.get("prior_recommendations", {}).get("numbers", [])
                   for s in data["submission"]["sections"] for b in s["blocks"]):
                assert f"({state})" in shown.replace("&amp;", "&")
    if _libreoffice_done < LIBREOFFICE_SAMPLES and document.notes:
        _libreoffice_done += 1
        assert libreoffice_note_count(docx, work) == len(document.notes)
    return "ok"


@pytest.fixture(scope="module", autouse=True)
def _no_caches():
    """Thousands of throwaway projects must not fill the user's cache folder."""
    saved = os.environ.get("DOSSIER_CACHE")
    os.environ["DOSSIER_CACHE"] = "off"
    yield
    if saved is None:
        os.environ.pop("DOSSIER_CACHE", None)
    else:
        os.environ["DOSSIER_CACHE"] = saved


OUTCOMES: dict[str, int] = {"ok": 0, "refused": 0}


@SETTINGS
@given(projects())
def test_any_content_builds_or_is_refused_with_located_errors(data):
    require("pandoc")
    require("pdftotext")
    with tempfile.TemporaryDirectory() as tmp:
        OUTCOMES[build_and_check(data, Path(tmp))] += 1


def test_report_outcomes():
    """Not a check: prints how many generated projects built and how many were refused."""
    print(f"\nproperty builds: {OUTCOMES}")


# ---- the inline parser alone, many more examples ------------------------------------------

def _escape(text: str) -> str:
    return re.sub(r"([\\*\[\]^<`_{}()#+\-.!@~$\"'])", r"\\\1", text)


@settings(max_examples=EXAMPLES * 40, deadline=None)
@given(st.lists(st.one_of(WORD, MARKUP), max_size=30).map(" ".join))
def test_escaped_text_is_read_back_literally(text):
    from dossier.document import plain_text
    from dossier.inline import FOLDED_SPACE, parse_inline

    assume(not re.search("[\x00-\x1f\x7f]", text))
    parsed = parse_inline(_escape(text))
    assert [p for p in parsed.problems if p.severity == "error"] == []  # a bidi override is a warning
    # no-break, narrow and thin spaces are kept; other white space is folded
    assert plain_text(parsed.inlines) == FOLDED_SPACE.sub(" ", text).strip(" ")


@settings(max_examples=EXAMPLES * 40, deadline=None)
@given(st.one_of(inline(), st.text(max_size=200)))
def test_inline_parser_never_crashes(text):
    from dossier.inline import parse_inline

    parse_inline(text)


# ---- fixed large cases --------------------------------------------------------------------

def test_a_thousand_footnotes(tmp_path):
    """1,000 notes in one submission, in Korean, Chinese, Arabic and Hebrew: all in both outputs."""
    require("pandoc")
    paragraphs = []
    scripts = ["한국어 문장", "中文句子", "جملة عربية", "משפט בעברית", "émoji 👩‍👩‍👧"]
    for i in range(100):
        notes = "".join(f" {scripts[(i + j) % 5]} {i}.{j}" + (f"[@korean-report, p. {j}]" if j % 2
                        else f"^[Note {i}.{j}, {scripts[j % 5]}, citing [@un-doc].]") for j in range(10))
        paragraphs.append(f"Paragraph {i}.{notes}")
    data = {
        "orgs": {"org-0": {"name": "Example"}},
        "findings": {"many": {"paragraphs": paragraphs}},
        "recs": [{"number": "4.10", "text": "Keep the zero", "states": ["NO"]}],
        "submission": {"format": "upr", "state": "Exampleland", "cycle": 2, "session": 40, "organisations": ["org-0"],
                       "sections": [{"title": "Findings", "blocks": [{"finding": "many"}]}]},
        "bib_title": "A report",
    }
    write_project(data, tmp_path / "project")
    from dossier.errors import Diagnostics
    from dossier.pipeline import build

    diags = Diagnostics()
    result = build(tmp_path / "project", "sub", tmp_path / "out", ("docx", "pdf"), diags)
    assert len(result.document.notes) == 1000
    assert pandoc_note_count(tmp_path / "out/sub.docx") == 1000
    text = run_tool("pdftotext", str(tmp_path / "out/sub.pdf"), "-")
    assert "Note 99.8" in text.replace("\n", " ")
    assert libreoffice_note_count(tmp_path / "out/sub.docx", tmp_path) == 1000
