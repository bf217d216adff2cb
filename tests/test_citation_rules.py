"""The rules of ibid and short forms, each a golden sequence of notes in every legal style.

Each file under tests/golden/rules/ states one rule, the citations (one note per
line) and the notes each style must give.  Where Pandoc (``--citeproc`` with
the OSCOLA CSL style of Debian's citation-style-language-styles package) puts
each citation in the same position (first, ibid, short form), the file says
``pandoc: agrees`` and the test checks that it still does; where it does not,
the file says where it differs, and the test checks that too, so a change in
Pandoc shows up.  Without pandoc or the CSL file the comparison is skipped.
"""

from __future__ import annotations

import re

import pytest

from goldens import GOLDEN, check, notes, pandoc_oscola_notes, parse_rule, positions, write_rule

STYLES = ("un", "oscola", "us-legal")
RULES = sorted(p.name for p in (GOLDEN / "rules").glob("*.txt"))


@pytest.mark.parametrize("name", RULES)
def test_rule_golden_notes(name):
    path = GOLDEN / "rules" / name
    rule = parse_rule(path)
    results = {style: notes(rule["notes"], style) for style in STYLES}
    check(f"rules/{name}", write_rule(path, rule, results))


@pytest.mark.parametrize("name", RULES)
def test_rule_against_pandoc_oscola(name):
    rule = parse_rule(GOLDEN / "rules" / name)
    theirs = pandoc_oscola_notes(rule["notes"])
    if theirs is None:
        pytest.skip("pandoc or /usr/share/citation-style-language/styles/oscola.csl is missing "
                    "(apt-get install citation-style-language-styles)")
    ours = positions(notes(rule["notes"], "oscola"))
    pandoc = positions(theirs)
    assert len(ours) == len(pandoc), (ours, pandoc)
    differing = sorted({int(a.split(":")[0]) for a, b in zip(ours, pandoc) if a != b})
    if rule["pandoc"] == "agrees":
        assert differing == [], f"Pandoc now differs at {differing}: {theirs}"
    else:
        declared = [int(n) for n in re.findall(r"\d+", rule["pandoc"].split("(")[0])]
        assert differing == declared, f"Pandoc differs at {differing}, the file says {declared}: {theirs}"


def test_ibid_is_never_given_after_a_note_with_several_sources_whatever_the_order():
    """Every order of two sources in the previous note: the next note is never ibid."""
    for before in ("[@cat-co; @nkhr]", "[@nkhr; @cat-co]"):
        for style, word in (("un", "bid"), ("oscola", "bid"), ("us-legal", "d.")):
            got = notes([before, "[@cat-co, para. 3]"], style)[1]
            assert word not in got.split(" ", 2)[1], got
