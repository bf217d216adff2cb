"""Inline markup: emphasis, links, languages, citations and notes."""

from dossier.document import Citation, Emph, InlineNote, Link, Span, Str, Strong, tag_cjk
from dossier.inline import parse_inline


def test_emphasis_and_strong():
    assert parse_inline("the *songbun* and **MSS** system").inlines == [
        Str("the "), Emph([Str("songbun")]), Str(" and "), Strong([Str("MSS")]), Str(" system")]


def test_lone_asterisk_is_text():
    assert parse_inline("a * b").inlines == [Str("a * b")]


def test_citation_with_locators_and_prefix():
    (cite,) = [n for n in parse_inline("x [@a, art. 3; see @b]").inlines if isinstance(n, Citation)]
    assert [(i.key, i.locator, i.prefix) for i in cite.items] == [("a", "art. 3", ""), ("b", "", "see")]


def test_note_marker_moves_after_punctuation():
    inlines = parse_inline("as reported [@a].  Next").inlines
    assert inlines[0] == Str("as reported.")
    assert isinstance(inlines[1], Citation)
    assert inlines[2] == Str(" Next")


def test_inline_note_and_links_and_language():
    inlines = parse_inline("z^[See [@a].] [원제목]{lang=ko} <https://x.org/y> [t](https://u.org)").inlines
    assert isinstance(inlines[1], InlineNote)
    assert Span([Str("원제목")], "ko") in inlines
    assert Link("https://x.org/y", [Str("https://x.org/y")]) in inlines
    assert Link("https://u.org", [Str("t")]) in inlines


def test_escapes_keep_characters():
    assert parse_inline(r"\*not emphasis\* and \[@not-a-cite]").inlines == [
        Str("*not emphasis* and [@not-a-cite]")]


def test_unclosed_citation_is_a_problem():
    parsed = parse_inline("see [@foo, p. 3")
    assert [p.message for p in parsed.problems] == ["citation '[' is never closed with ']'"]


def test_cjk_runs_get_a_language():
    tagged = tag_cjk([Str("Title [원제목] and 中华人民共和国宪法.")])
    assert tagged == [Str("Title ["), Span([Str("원제목")], "ko"), Str("] and "),
                      Span([Str("中华人民共和国宪法")], "zh"), Str(".")]


def test_a_link_target_may_hold_parentheses():
    """Wikipedia-style URLs once lost their closing parenthesis to the text after them."""
    url = "https://en.wikipedia.org/wiki/Songbun_(caste)"
    parsed = parse_inline(f"See [Songbun]({url}) here.")
    assert parsed.inlines == [Str("See "), Link(url, [Str("Songbun")]), Str(" here.")]
