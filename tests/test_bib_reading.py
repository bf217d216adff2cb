"""references.bib read as biblatex reads it: names, TeX, macros, dates, inheritance, and located errors."""

from __future__ import annotations

import pytest

from dossier.bibliography import parse_bibliography
from dossier.errors import Diagnostics


def _read(text: str):
    diags = Diagnostics()
    bib = parse_bibliography(text, "references.bib", diags)
    return bib, [str(d) for d in diags.items]


def _one(fields: str, kind: str = "report"):
    bib, errors = _read(f"@{kind}{{x,\n{fields}\n}}\n")
    assert errors == []
    return bib["x"]


@pytest.mark.parametrize("written, shown", [
    ("Smith, Josh and Kiyada, Sudev", "Josh Smith and Sudev Kiyada"),
    ("Doe, Jane and Roe, Richard and Poe, Edgar", "Jane Doe, Richard Roe and Edgar Poe"),
    ("{Human Rights Watch}", "Human Rights Watch"),
    ("{Citizens' Alliance for North Korean Human Rights} and Smith, Josh",
     "Citizens' Alliance for North Korean Human Rights and Josh Smith"),
    ("van der Berg, Anna", "Anna van der Berg"),
    ("de la Cruz, Jr., Juan", "Juan de la Cruz Jr."),
    ("Smith, Josh and others", "Josh Smith et al."),
    ("Hong Gil-dong", "Hong Gil-dong"),  # a Korean name in Latin letters, family name first as written
    ("{Kim Jong-un}", "Kim Jong-un"),
    ("홍, 길동", "홍길동"),  # in Hangul: family and given name together, family first
    ("M{\\\"u}ller, J{\\\"o}rg", "Jörg Müller"),
])
def test_names_are_split_and_joined_as_biblatex_does(written, shown):
    assert _one(f"author = {{{written}}}, title = {{T}}, date = {{2020}}").fields["author"] == shown


def test_each_style_joins_several_authors_its_own_way():
    from dossier.citations import make_style

    refs = {"x": _one("author = {Doe, Jane and Roe, Richard and Poe, Edgar}, title = {T}, date = {2020}"),
            "y": _one("author = {Doe, Jane and Roe, Richard}, title = {T}, date = {2020}")}
    joined = {name: (make_style(name, refs).author(refs["x"]), make_style(name, refs).author(refs["y"]))
              for name in ("un", "oscola", "us-legal")}
    assert joined == {
        "un": ("Jane Doe, Richard Roe and Edgar Poe", "Jane Doe and Richard Roe"),
        "oscola": ("Jane Doe, Richard Roe and Edgar Poe", "Jane Doe and Richard Roe"),
        "us-legal": ("Jane Doe et al.", "Jane Doe & Richard Roe"),  # Bluebook rule 15.1
    }


def test_oscola_names_the_first_of_more_than_three_and_others():
    from dossier.citations import make_style

    refs = {"x": _one("author = {A, B and C, D and E, F and G, H}, title = {T}, date = {2020}")}
    assert make_style("oscola", refs).author(refs["x"]) == "B A and others"


@pytest.mark.parametrize("written, shown", [
    ("pp. 466--487", "pp. 466\u2013487"),
    ("a---b", "a\u2014b"),
    ("M\\\"uller, \\'{e}t\\'e, \\c{c}a, \\v{S}koda, {\\o}re, \\ss", "Müller, été, ça, Škoda, øre, ß"),
    ("Smith \\& Sons", "Smith & Sons"),
    ("Art.~3", "Art.\u00a03"),  # a non-breaking space, as in TeX
    ("The {UN} and {\\em emphasis}", "The UN and emphasis"),
    ("50\\% of 10", "50% of 10"),
])
def test_tex_is_decoded(written, shown):
    assert _one(f"title = {{{written}}}, author = {{A}}, date = {{2020}}").fields["title"] == shown


def test_a_url_is_kept_exactly_as_written():
    ref = _one("title = {T}, url = {https://example.org/~a_b%20c--d}", "online")
    assert ref.fields["url"] == "https://example.org/~a_b%20c--d"


def test_string_macros_concatenation_and_month_macros():
    bib, errors = _read('@string{hrw = "Human Rights Watch"}\n'
                        '@report{x, author = hrw, title = "Report of " # hrw, year = 2020, month = mar}\n')
    assert errors == []
    assert (bib["x"].fields["author"], bib["x"].fields["title"], bib["x"].fields["date"]) == (
        "Human Rights Watch", "Report of Human Rights Watch", "2020-03")


def test_year_month_and_day_make_the_date():
    assert _one("author = {A}, title = {T}, year = {2021}, month = {4}, day = {2}").fields["date"] == "2021-04-02"


def test_crossref_fills_what_the_entry_lacks_and_xdata_copies_its_fields():
    bib, errors = _read("@xdata{ohchr, institution = {OHCHR}, location = {Geneva}}\n"
                        "@report{parent, author = {{UN Watch}}, title = {Parent}, date = {2020}, note = {N}}\n"
                        "@report{child, crossref = {parent}, xdata = {ohchr}, title = {Child}}\n")
    assert errors == []
    child = bib["child"].fields
    assert (child["title"], child["author"], child["date"], child["institution"], child["location"]) == (
        "Child", "UN Watch", "2020", "OHCHR", "Geneva")
    assert "ohchr" not in bib  # an @xdata entry is not a source


# ---- bad input is told as what it is, at its line --------------------------------
@pytest.mark.parametrize("text, expected", [
    ("@report{x,\n  author = {A}, title = {T}, date = {2020},\n  crossref = {nope},\n}\n",
     ["references.bib:3:3: entry 'x': crossref 'nope' is not an entry of this file"]),
    ("@report{x,\n  author = {A}, title = {T},\n  date = {2020},\n  year = {2020},\n}\n",
     ["references.bib:4:3: entry 'x' has both 'date' and 'year': keep 'date' (biblatex ignores 'year' then)"]),
    ("@report{x,\n  author = {A},\n  title = {T}},\n  date = {2020},\n}\n",
     ["references.bib:3:1: a '}' on this line closes entry 'x' (line 1) before its last fields: "
      "remove the extra '}'"]),
    ("@report{x,\n  author = {A},\n  title = {T},\n  title = {U},\n  date = {2020},\n}\n",
     ["references.bib:4:1: entry 'x' has the field 'title' twice (lines 3 and 4); keep one"]),
    ("@report{x,\n  author = {A}, title = {T},\n  date = {2023-02-30},\n}\n",
     ["references.bib:3:3: entry 'x': date '2023-02-30' is not a date: February 2023 has 28 days"]),
    ("@report{x,\n  author = {A}, title = {T},\n  date = {2 April 2021},\n}\n",
     ["references.bib:3:3: entry 'x': date '2 April 2021' is not a date of the form YYYY, YYYY-MM or "
      "YYYY-MM-DD (a time as YYYY-MM-DDTHH:MM)"]),
    ("@report{x,\n  author = {A}, title = {T}, year = {2021},\n  month = {Sept.},\n}\n",
     ["references.bib:3:3: entry 'x': month 'Sept.' is not a month (1-12 or jan ... dec)"]),
    ("@report{blood coal,\n  author = {A}, title = {T}, date = {2021},\n}\n",
     ["references.bib:1:1: the key 'blood coal' holds a space, so no text could cite it; write it without "
      "spaces, e.g. 'blood-coal'"]),
    ("@report{x,\n  author = {A}, title = {T}, date = {2021},\n  institution = nkhr # { and others},\n}\n",
     ["references.bib:3:3: entry 'x': field 'institution' uses 'nkhr', which is not an @string macro of this file"]),
])
def test_bad_entries_are_told_as_what_they_are_at_their_line(text, expected):
    bib, errors = _read(text)
    assert errors == expected
    assert all("missing" not in e for e in errors)
    assert bib.knows(next(iter(bib.broken))) if bib.broken else True  # broken, never "unknown"
