"""How a value of references.bib becomes text: TeX decoded, macros resolved, dates checked.

biblatex reads ``466--487`` as a range with an en dash, ``M\\"uller`` as Müller,
``\\&`` as &, ``~`` as a non-breaking space and drops case-protecting braces;
``@string`` macros and the month macros (``jan`` ... ``dec``) stand for their
text, and ``#`` joins pieces.  Verbatim fields (``url``, ``doi``, ``file``)
are kept exactly as written.  Dates are ISO 8601 as biblatex takes them
(``2021``, ``2021-04``, ``2021-04-02``, a time ``2021-04-02T10:00``, a range
``2021-04-02/2021-04-05``); anything else is an error at its field.
"""

from __future__ import annotations

import calendar
import re
from functools import lru_cache

VERBATIM_FIELDS = frozenset({"url", "doi", "eprint", "file", "verba", "verbb", "verbc", "pdf", "urlraw"})
DATE_FIELDS = ("date", "eventdate", "origdate", "urldate")
NAME_FIELDS = ("author", "editor", "translator", "bookauthor", "holder")

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_TEXISH = re.compile(r"[\\{}~$%]|--|``|''")


@lru_cache(maxsize=1)
def _decoder():
    """pylatexenc's decoder, set up as bibtexparser's LatexDecodingMiddleware sets it up."""
    import pylatexenc.latex2text as latex2text
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec

    context = latex2text.get_default_latex_context_db()
    context.add_context_category("dossier", prepend=True, macros=[MacroTextSpec("url", simplify_repl="%s")])
    return LatexNodes2Text(latex_context=context, keep_braced_groups=False, math_mode="verbatim")


def decode_tex(value: str) -> str:
    """TeX to plain text: accents, dashes, ``\\&``, ``~`` (U+00A0), braces; white space collapsed."""
    if _TEXISH.search(value):
        value = value.replace("%", r"\%")  # a % in a title is a per cent sign, not a TeX comment
        value = value.replace(r"\\%", r"\%")
        try:
            value = _decoder().latex_to_text(value)
        except Exception:  # pylatexenc gives up on some broken TeX: keep the text, minus braces
            value = re.sub(r"(?<!\\)[{}]", "", value)
    return re.sub(r"[ \t\r\n]+", " ", value).strip()


def plain(value: str) -> str:
    """A verbatim field: only surrounding white space goes."""
    return value.strip()


# -- @string concatenation ----------------------------------------------------------
_PIECE = re.compile(r'\s*(?:\{(?P<brace>(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}|"(?P<quote>[^"]*)"'
                    r'|(?P<word>[A-Za-z_][\w:.+/\-]*|\d+))\s*(?:#|$)')


def concatenate(value: str, strings: dict[str, str]) -> tuple[str, str | None]:
    """``macro # " text"`` to its text; (value, the unknown macro's name or None)."""
    if "#" not in value and not value.strip().isidentifier():
        return value, None
    out: list[str] = []
    position = 0
    text = value.strip()
    while position < len(text):
        match = _PIECE.match(text, position)
        if not match or match.end() == position:
            return value, None  # not a concatenation: a literal that happens to hold '#'
        if match.group("word") is not None:
            word = match.group("word")
            if word.isdigit():
                out.append(word)
            elif word.lower() in strings:
                out.append(strings[word.lower()])
            elif word.lower() in MONTHS:
                out.append(str(MONTHS.index(word.lower()) + 1))
            else:
                return value, word
        else:
            out.append(match.group("brace") if match.group("brace") is not None else match.group("quote"))
        position = match.end()
    return "".join(out), None


# -- dates --------------------------------------------------------------------------
_DATE = re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2})"
                   r"(?:T(?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?(?P<tz>Z|[+-]\d{2}:?\d{2})?)?)?)?")


def date_problem(value: str) -> str | None:
    """Why ``value`` is not a biblatex date, or None when it is one."""
    parts = value.strip().split("/")
    if len(parts) > 2:
        return "has more than one '/' (a range is START/END)"
    for part in parts:
        if part in ("", "..") and len(parts) == 2:
            continue  # an open range
        match = _DATE.fullmatch(part)
        if not match:
            return "is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD (a time as YYYY-MM-DDTHH:MM)"
        year, month, day = int(match["y"]), int(match["m"] or 1), int(match["d"] or 1)
        if not 1 <= month <= 12:
            return f"has the month {match['m']}, which does not exist"
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            return (f"is not a date: {calendar.month_name[month]} {year} has {days} days"
                    if day > days else "has the day 00, which does not exist")
        if match["H"] is not None and (int(match["H"]) > 23 or int(match["M"]) > 59
                                       or int(match["S"] or 0) > 59):
            return f"has the time {match['H']}:{match['M']}, which does not exist"
    return None


def month_number(value: str) -> int | None:
    """``3``, ``03``, ``mar``, ``March`` -> 3; None when it is not a month."""
    text = value.strip().lower()
    if text.isdigit():
        number = int(text)
        return number if 1 <= number <= 12 else None
    if text[:3] in MONTHS and (len(text) == 3 or text == calendar.month_name[MONTHS.index(text[:3]) + 1].lower()):
        return MONTHS.index(text[:3]) + 1
    return None
