"""Kinds of source: what an entry of references.bib *is*, decided from its type and fields.

A biblatex type alone says too little for legal citation: a treaty, a General
Assembly resolution and a national statute are all ``@legislation``; a UN
document, a treaty body's concluding observations and an NGO report are all
``@report``.  Each kind has the fields it cannot be cited without; a missing
one is an error at the entry's line, so no note is ever written from half a
reference.

    @legislation + entrysubtype = treaty       treaty
    @legislation + entrysubtype = resolution   resolution (UN resolutions and declarations)
    @legislation + entrysubtype = national     national law
    @legislation without entrysubtype          a resolution if its number is a UN symbol
                                               with /RES/, else national law (Zotero's statutes)
    @report + number = a UN symbol with /CO/,
      or a title "Concluding observations ..."  concluding observations (or entrysubtype = concluding-observations)
    @report + title "Report of the Working
      Group on the Universal Periodic Review"  UPR Working Group report (or entrysubtype = upr)
    @report + number = another UN symbol,
      or a UN organ or treaty body as author   UN document (or entrysubtype = un)
    @report otherwise                          report (NGO and other reports; or entrysubtype = ngo)
    @article                                   article (news or journal; entrysubtype = newspaper for news)
    @online                                    web page
    @book, @misc                               book, other

This module imports nothing of the project: bibliography.py calls it while parsing.
"""

from __future__ import annotations

import re

# Every biblatex type we accept, for the "not supported" message.
SUPPORTED_TYPES = ("legislation", "report", "online", "article", "book", "misc")

# kind -> fields it needs; "a|b" means either will do.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "treaty": ("title", "date", "eventdate", "volume", "pages"),
    "resolution": ("title", "number", "date"),
    "national-law": ("title", "date"),
    "concluding-observations": ("title", "institution", "number", "date"),
    "upr-report": ("title", "number", "date"),
    "un-document": ("title", "number"),
    "report": ("title", "author|institution", "date"),
    "article": ("title", "journaltitle", "date"),
    "online": ("title", "url"),
    "book": ("title", "author|editor|institution", "date"),
    "misc": ("title",),
}

KIND_NAMES = {
    "treaty": "treaty",
    "resolution": "resolution",
    "national-law": "national law",
    "concluding-observations": "concluding observations",
    "upr-report": "UPR Working Group report",
    "un-document": "UN document",
    "report": "report",
    "article": "article",
    "online": "web page",
    "book": "book",
    "misc": "other source",
}

# What a missing field should hold, said in the error so the fix is obvious.
_FIELD_HINTS: dict[tuple[str, str], str] = {
    ("treaty", "date"): "the date of adoption, YYYY-MM-DD",
    ("treaty", "eventdate"): "the date of entry into force, YYYY-MM-DD",
    ("treaty", "volume"): "the volume of the United Nations Treaty Series",
    ("treaty", "pages"): "the first page in that volume",
    ("resolution", "number"): "the document symbol, e.g. A/RES/47/133",
    ("resolution", "date"): "the date of adoption, YYYY-MM-DD",
    ("national-law", "date"): "the date of adoption, YYYY-MM-DD",
    ("concluding-observations", "institution"): "the committee, e.g. Committee against Torture",
    ("concluding-observations", "number"): "the document symbol, e.g. CAT/C/CHN/CO/5",
    ("concluding-observations", "date"): "the date of the document, YYYY-MM-DD",
    ("upr-report", "number"): "the document symbol, e.g. A/HRC/40/6",
    ("upr-report", "date"): "the date of the report, YYYY-MM-DD",
    ("un-document", "number"): "the document symbol",
    ("report", "date"): "the date of publication",
    ("article", "journaltitle"): "the newspaper, agency or journal",
    ("article", "date"): "the date of publication",
    ("book", "date"): "the year of publication",
}

LEGISLATION_SUBTYPES = {"treaty": "treaty", "resolution": "resolution", "national": "national-law"}
REPORT_SUBTYPES = {
    "concluding-observations": "concluding-observations",
    "upr": "upr-report",
    "un": "un-document",
    "ngo": "report",
}

# UN document symbols begin with a principal organ or a treaty body's series.
_UN_SYMBOL = re.compile(
    r"(?:A|S|E|ST|CAT|CCPR|CEDAW|CERD|CRC|CRPD|CMW|CED|HRI|SPT|TD|UNEP|DP)"
    r"(?:[/.][A-Za-z0-9().\-]+)+"
)


# Authors whose reports are UN documents.
_UN_AUTHOR = re.compile(
    r"(?:UN |United Nations )?(?:Committee (?:against|on|for) |Human Rights (?:Council|Committee)"
    r"|Secretary-General|General Assembly|Security Council|Economic and Social Council"
    r"|Special Rapporteur|Independent Expert|Working Group on |Commission of Inquiry"
    r"|Subcommittee on Prevention of Torture)",
)


def is_un_symbol(number: str) -> bool:
    return bool(_UN_SYMBOL.fullmatch(number.strip()))


def undocs_url(symbol: str) -> str:
    """Every UN document symbol resolves at undocs.org."""
    return "https://undocs.org/" + symbol.strip()


def classify(entry_type: str, fields: dict[str, str]) -> tuple[str, str | None]:
    """(kind, problem): the kind of an entry, and why its entrysubtype is not understood."""
    subtype = fields.get("entrysubtype", "").strip().lower()
    if entry_type == "legislation":
        if not subtype:
            # as Zotero (Better BibTeX) exports a statute or a resolution: no entrysubtype
            return ("resolution" if "/RES/" in fields.get("number", "").upper() else "national-law"), None
        kind = LEGISLATION_SUBTYPES.get(subtype)
        if kind is None:
            return "", (f"has entrysubtype '{subtype}', which @legislation does not take "
                        f"(use treaty, resolution or national)")
        return kind, None
    if entry_type == "report":
        if subtype:
            kind = REPORT_SUBTYPES.get(subtype)
            if kind is None:
                return "", (f"has entrysubtype '{subtype}', which @report does not take "
                            f"(use {', '.join(REPORT_SUBTYPES)})")
            return kind, None
        # Inferred from what the entry says, so that an entry missing its symbol is still
        # known for what it is (and the symbol reported missing).
        number = fields.get("number", "")
        title = fields.get("title", "").lower()
        if (number and "/CO/" in number and is_un_symbol(number)) or title.startswith("concluding observations"):
            return "concluding-observations", None
        if title.startswith("report of the working group on the universal periodic review"):
            return "upr-report", None
        if (number and is_un_symbol(number)) or _UN_AUTHOR.match(fields.get("institution", "")):
            return "un-document", None
        return "report", None
    return entry_type, None


def missing_fields(kind: str, fields: dict[str, str]) -> list[tuple[str, ...]]:
    """Each needed field that is absent or empty, as its alternatives: ('author', 'institution')."""
    out = []
    for need in KIND_FIELDS[kind]:
        options = tuple(need.split("|"))
        # a title only in its own language is a title (printed in brackets)
        also = ("origtitle",) if options == ("title",) else ()
        if not any(fields.get(name) for name in options + also):
            out.append(options)
    return out


def missing_message(key: str, entry_type: str, kind: str, options: tuple[str, ...]) -> str:
    """entry 'key' (@legislation, treaty) is missing the field 'volume' (the volume of ...)"""
    hint = _FIELD_HINTS.get((kind, options[0]))
    said = " or ".join(f"'{name}'" for name in options)
    return (f"entry '{key}' (@{entry_type}, {KIND_NAMES[kind]}) is missing the field {said}"
            + (f" ({hint})" if hint else ""))
