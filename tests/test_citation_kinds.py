"""Every kind of source in every style: golden notes, and a located error for each missing field."""

from __future__ import annotations

import re

import pytest

from conftest import FIXTURES
from goldens import check, notes, references
from dossier.bibliography import parse_bibliography
from dossier.citations import kinds
from dossier.errors import Diagnostics

# key in the fixture bibliography -> (its kind, a first pinpoint, another)
SOURCES = {
    "cat": ("treaty", "art. 3(1)", "art. 3(2)"),
    "ced-declaration": ("resolution", "art. 8", "art. 8(1)"),
    "exit-entry-law": ("national-law", "art. 46", "art. 47"),
    "cat-co": ("concluding-observations", "para. 47", "paras. 46-47"),
    "upr-wg": ("upr-report", "para. 28.131", "para. 28.135"),
    "sg-report": ("un-document", "para. 12", "para. 14"),
    "nkhr": ("report", "p. 5", "pp. 6-7"),
    "daily-news": ("article", "", "p. 2"),
    "cn-page": ("online", "", "para. 3"),
    "book": ("book", "p. 10", "12"),
    "misc": ("misc", "", "para. 2"),
}


def sequence(key: str, pin: str, other: str) -> list[str]:
    """First, ibid with a new pinpoint, a note without source, short form, bare ibid."""
    cite = lambda p: f"[@{key}, {p}]" if p else f"[@{key}]"  # noqa: E731
    return [cite(pin), cite(other), "^[A remark in the author's own words.]", cite(pin), cite(pin)]


def test_fixture_has_one_source_of_each_kind():
    refs = references()
    assert {k: refs[k].kind for k in SOURCES} == {k: v[0] for k, v in SOURCES.items()}
    assert set(kinds.KIND_FIELDS) == {v[0] for v in SOURCES.values()}


@pytest.mark.parametrize("style", ["un", "oscola", "us-legal", "simple"])
def test_each_kind_in_each_style(style):
    out = []
    for key, (kind, pin, other) in SOURCES.items():
        out.append(f"== {kind} ({key})")
        out += notes(sequence(key, pin, other), style)
        out.append("")
    check(f"kinds-{style}.txt", "\n".join(out))


def test_korean_and_chinese_titles_are_tagged_for_a_cjk_font():
    from dossier.document import Span, walk_inlines
    from goldens import Document, Metadata, Paragraph, parse_inline
    from dossier.citations import number_notes

    for style in ("un", "oscola", "us-legal"):
        doc = Document(Metadata("t", "a", "en"), [Paragraph(parse_inline("A[@daily-news] B[@cn-page]").inlines)])
        number_notes(doc, references(), style)
        spans = [(n.lang, n.children[0].text) for note in doc.notes for n in walk_inlines(note.children)
                 if isinstance(n, Span)]
        assert spans == [("ko", "국경에서 강제 송환된 탈북민"), ("zh", "关于边境管理的通知")], style


def test_an_original_title_in_latin_script_is_not_tagged_as_chinese():
    """An import can leave the English in origtitle ("[Testimonies of ...]"): with no
    origlanguage, only CJK script is tagged for a CJK font."""
    from dossier.document import Span, walk_inlines
    from goldens import Document, Metadata, Paragraph, parse_inline
    from dossier.citations import number_notes

    refs = parse_bibliography("@report{t, author = {{NKDB}}, title = {강제북송 여성들의 증언}, "
                              "origtitle = {Testimonies of forcibly repatriated women}, date = {2023}}", "t.bib",
                              Diagnostics()).references
    doc = Document(Metadata("t", "a", "en"), [Paragraph(parse_inline("A[@t]").inlines)])
    number_notes(doc, refs, "un")
    spans = [(n.lang, n.children[0].text) for note in doc.notes for n in walk_inlines(note.children)
             if isinstance(n, Span)]
    assert ("zh", "Testimonies of forcibly repatriated women") not in spans
    assert not [lang for lang, text in spans if "Testimonies" in text]


def test_a_person_s_report_names_its_institution_in_the_un_style():
    """A report by a person, published by an institution, names both (the institution was
    neither printed nor reported); an organisation as author is that institution (the seed)."""
    from goldens import Document, Metadata, Paragraph, markup, parse_inline
    from dossier.citations import number_notes

    refs = parse_bibliography(
        "@report{z, author = {Zenz, Adrian}, title = {Sterilizations, IUDs, and Mandatory Birth Control}, "
        "institution = {Jamestown Foundation}, date = {2020-06}}\n"
        "@report{o, author = {{NKHR}}, title = {Blood Coal}, institution = {Citizens' Alliance}, date = {2021-04-02}}",
        "t.bib", Diagnostics()).references
    doc = Document(Metadata("t", "a", "en"), [Paragraph(parse_inline("A[@z, p. 4] B[@o]").inlines)])
    number_notes(doc, refs, "un")
    assert [markup(n.children) for n in doc.notes] == [
        "Adrian Zenz, “Sterilizations, IUDs, and Mandatory Birth Control” (Jamestown Foundation, June 2020), p. 4.",
        "NKHR, “Blood Coal” (2 April 2021)."]


def test_un_symbols_link_to_undocs():
    from dossier.document import Link, walk_inlines
    from goldens import Document, Metadata, Paragraph, parse_inline
    from dossier.citations import number_notes

    for style in ("un", "oscola", "us-legal"):
        doc = Document(Metadata("t", "a", "en"),
                       [Paragraph(parse_inline("A[@cat-co, para. 47] B[@ced-declaration]").inlines)])
        number_notes(doc, references(), style)
        links = [n.href for note in doc.notes for n in walk_inlines(note.children) if isinstance(n, Link)]
        assert links == ["https://undocs.org/CAT/C/CHN/CO/5", "https://undocs.org/A/RES/47/133"], style


# ---- a missing field is an error at the entry's line -----------------------------
def _entries() -> dict[str, str]:
    text = (FIXTURES / "citations" / "references.bib").read_text(encoding="utf-8")
    return {m.group(1): m.group(0) for m in re.finditer(r"@\w+\{([\w-]+),.*?\n\}\n", text, re.S)}


MISSING = [(key, options) for key, (kind, _, _) in SOURCES.items() for options in kinds.KIND_FIELDS[kind]]


@pytest.mark.parametrize("key,options", MISSING, ids=[f"{k}-{o.replace('|', '-or-')}" for k, o in MISSING])
def test_each_missing_field_is_a_located_error(key, options):
    entry = _entries()[key]
    # drop the field and its alternatives (a title in its own language stands for the title)
    for name in options.split("|") + (["origtitle"] if options == "title" else []):
        entry = re.sub(rf"\n  {name}\s*=.*", "", entry)
    text = "% a comment line\n\n" + entry
    diags = Diagnostics()
    parse_bibliography(text, "references.bib", diags)
    kind, _, _ = SOURCES[key]
    entry_type = re.match(r"@(\w+)", entry).group(1)
    fields = " or ".join(f"'{n}'" for n in options.split("|"))
    messages = [str(d) for d in diags.items]
    assert len(messages) == 1, messages
    assert messages[0].startswith(
        f"references.bib:3:1: entry '{key}' (@{entry_type}, {kinds.KIND_NAMES[kind]}) "
        f"is missing the field {fields}"), messages


def test_missing_field_message_names_what_the_field_holds():
    diags = Diagnostics()
    parse_bibliography("@legislation{cat,\n  title = {Convention},\n  entrysubtype = {treaty},\n"
                       "  date = {1984-12-10},\n  eventdate = {1987-06-26},\n  pages = {85},\n}\n",
                       "references.bib", diags)
    assert [str(d) for d in diags.items] == [
        "references.bib:1:1: entry 'cat' (@legislation, treaty) is missing the field 'volume' "
        "(the volume of the United Nations Treaty Series)"]


def test_legislation_needs_a_known_entrysubtype():
    """Without one (as Zotero exports a statute) it is a national law, or a resolution by its symbol."""
    diags = Diagnostics()
    bib = parse_bibliography("@legislation{a,\n  title = {A},\n}\n\n@legislation{b,\n  title = {B},\n"
                             "  entrysubtype = {treatie},\n}\n"
                             "@legislation{c, title = {C}, number = {A/RES/47/133}, date = {1992-12-18}}\n",
                             "references.bib", diags)
    assert bib["c"].kind == "resolution"
    assert [str(d) for d in diags.items] == [
        "references.bib:1:1: entry 'a' (@legislation, national law) is missing the field 'date' "
        "(the date of adoption, YYYY-MM-DD)",
        "references.bib:7:3: entry 'b' (@legislation) has entrysubtype 'treatie', which @legislation "
        "does not take (use treaty, resolution or national)",
    ]


@pytest.mark.parametrize("locator,style,expected", [
    ("para. 47", "un", "para. 47"), ("paras. 47-48", "un", "paras. 47\u201348"),
    ("para. 47", "oscola", "para 47"), ("art. 3(1)", "oscola", "art 3(1)"), ("p. 5", "oscola", "5"),
    ("para. 47", "us-legal", "\u00b6 47"), ("paras 47, 49", "us-legal", "\u00b6\u00b6 47, 49"),
    ("p. 5", "us-legal", "5"), ("12", "un", "p. 12"), ("annex II", "un", "annex II"),
    ("footnote 3 and accompanying text", "un", "footnote 3 and accompanying text"),
])
def test_pinpoints_printed_per_style(locator, style, expected):
    from dossier.citations import pinpoint

    assert pinpoint.render(pinpoint.parse(locator), style) == expected


# ---- every field that carries note text, in every style ---------------------------------
FIELDS_BIB = FIXTURES / "citations" / "fields.bib"
FIELD_KEYS = ["subtitle-addon", "orig-only", "hearing", "us-act", "treaty-url", "un-doc-url",
              "web-with-publisher", "book-series"]


@pytest.mark.parametrize("style", ["un", "oscola", "us-legal", "simple"])
def test_every_note_field_in_each_style(style):
    from dossier.citations import make_style
    from dossier.citations.checks import not_printed

    refs = references(FIELDS_BIB)
    out = []
    for key in FIELD_KEYS:
        out += notes([f"[@{key}, p. 2]"], style, refs)
        left = not_printed(make_style(style, refs), refs[key])
        out.append(f"  not printed: {', '.join(left) or '-'}")
    check(f"fields-{style}.txt", "\n".join(out) + "\n")
