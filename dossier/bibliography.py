"""references.bib, read with bibtexparser v2, with every problem located.

bibtexparser only logs a malformed block or a duplicate key; here each is an
error at its line, so a broken entry can never silently drop a footnote.
"""

from __future__ import annotations

import re
from dataclasses import field
from pathlib import Path

from .bibtex import (DATE_FIELDS, NAME_FIELDS, VERBATIM_FIELDS, concatenate, date_problem, decode_tex,
                     month_number, plain)
from .citations.biblatex_languages import language_tag
from .citations.kinds import SUPPORTED_TYPES, classify, missing_fields, missing_message
from .citations.names import NameList, parse_names
from .errors import Diagnostics, Location
from .model import LANGUAGE_TAG
from .paths import PathProblem, check_input, read_limited
from .records import Record
from .schema import XML_ILLEGAL

# Zotero exports of a large library are a few MiB; this only stops a runaway file.
MAX_BIB_BYTES = 32 * 1024 * 1024
# A url field becomes a link in every output: only these schemes may.
SAFE_URL = re.compile(r"(?:https?://|mailto:)[^\s<>\"\\]+")

# The biblatex types we accept.  What each *kind* of source needs (a treaty, a UN
# document, a national law ...) is decided from type and fields in citations/kinds.py.
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {t: ("title",) for t in SUPPORTED_TYPES}

class Reference(Record):
    key: str
    type: str
    fields: dict[str, str]
    loc: Location
    field_locs: dict[str, Location] = field(default_factory=dict)
    kind: str = ""  # treaty, resolution, national-law, concluding-observations, ... (kinds.py)
    names: dict[str, NameList] = field(default_factory=dict)  # author, editor ... split as biblatex does

    def get(self, name: str) -> str | None:
        return self.fields.get(name)


class Bibliography(Record):
    references: dict[str, Reference] = field(default_factory=dict)
    # keys of entries that are written but refused (their errors reported): never "unknown"
    broken: set[str] = field(default_factory=set)
    unreadable: bool = False  # the file itself was refused: no key can be called unknown

    def knows(self, key: str) -> bool:
        """Whether ``key`` is defined, or may be (the file or its entry is broken, and reported)."""
        return key in self.references or key in self.broken or self.unreadable

    def __contains__(self, key: str) -> bool:
        return key in self.references

    def __getitem__(self, key: str) -> Reference:
        return self.references[key]

    def keys(self) -> list[str]:
        return list(self.references)


def clean_value(value: str) -> str:
    """BibTeX value to plain text (kept for callers outside this module)."""
    return decode_tex(value)


class _Raw:
    """One entry as written, before inheritance and checks."""

    def __init__(self, key: str, kind: str, loc: Location) -> None:
        self.key, self.kind, self.loc = key, kind, loc
        self.fields: dict[str, str] = {}
        self.locs: dict[str, Location] = {}
        self.names: dict[str, NameList] = {}
        self.broken = False


def _read_library(text: str):
    import logging

    import bibtexparser  # imported here: its import is not free and not every command needs it

    # bibtexparser logs each failed block itself; we report them, located, instead.
    logger = logging.getLogger("bibtexparser")
    silence = logging.NullHandler()
    logger.addHandler(silence)
    propagate, logger.propagate = logger.propagate, False
    try:
        return bibtexparser.parse_string(text)
    finally:
        logger.propagate = propagate
        logger.removeHandler(silence)


def _field_loc(path: str, lines: list[str], line: int, name: str) -> Location:
    """The field's line and the column of its name (bibtexparser gives only the line)."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    lowered, wanted = text.lower(), name.lower()
    column = lowered.find(wanted)  # a plain search: a regex per field cost a tenth of the parse
    while column > 0 and (lowered[column - 1].isalnum() or lowered[column - 1] in "-_"):
        column = lowered.find(wanted, column + 1)  # 'date' inside 'urldate'
    return Location(path, line, column + 1 if column >= 0 else 1)


def parse_bibliography(text: str, path: str, diags: Diagnostics) -> Bibliography:
    library = _read_library(text)
    lines = text.split("\n")
    bibliography = Bibliography()
    _report_failed_blocks(library, text, path, diags, bibliography)
    strings = {s.key.lower(): str(s.value) for s in library.strings}
    raws: dict[str, _Raw] = {}
    xdata: dict[str, _Raw] = {}
    for entry in library.entries:
        raw = _read_entry(entry, path, lines, strings, diags)
        if raw.key in bibliography.broken:
            continue
        (xdata if raw.kind == "xdata" else raws)[raw.key] = raw
    _report_stray_braces(library, path, diags, bibliography)
    for raw in raws.values():
        _inherit(raw, raws, xdata, diags)
    for raw in raws.values():
        if raw.broken or raw.key in bibliography.broken:
            bibliography.broken.add(raw.key)
            continue
        reference = _checked(raw, diags)
        if reference is None:
            bibliography.broken.add(raw.key)
        else:
            bibliography.references[raw.key] = reference
    return bibliography


def _report_failed_blocks(library, text: str, path: str, diags: Diagnostics, bibliography: Bibliography) -> None:
    for block in library.failed_blocks:
        loc = Location(path, block.start_line + 1, 1)
        error = getattr(block, "error", None)
        name = type(block).__name__
        if name == "DuplicateBlockKeyBlock":
            first = next((e for e in library.entries if e.key == block.key), None)
            where = f" (first defined at line {first.start_line + 1})" if first else ""
            diags.error(loc, f"duplicate citation key '{block.key}'{where}")
            continue
        if name == "DuplicateFieldKeyBlock":
            entry = block.ignore_error_block
            seen: dict[str, int] = {}
            for fld in entry.fields:
                line = (fld.start_line or entry.start_line) + 1
                key = fld.key.lower()
                if key in seen:
                    diags.error(Location(path, line, 1),
                                f"entry '{entry.key}' has the field '{key}' twice (lines {seen[key]} and "
                                f"{line}); keep one")
                else:
                    seen[key] = line
            bibliography.broken.add(entry.key)
            continue
        reason = getattr(error, "abort_reason", None) or str(error) or "cannot be parsed"
        end = getattr(error, "end_index", None)
        if isinstance(end, int):  # where the parser gave up, more useful than where it began
            loc = Location(path, text.count("\n", 0, end) + 1, 1)
        head = block.raw.strip().splitlines()[0][:40] if block.raw.strip() else "@"
        diags.error(loc, f"malformed entry '{head}' (line {block.start_line + 1}): "
                         f"{reason[:1].lower()}{reason[1:]}")


_FIELD_AFTER_END = re.compile(r"\A\s*[,}]?\s*,?\s*[A-Za-z][\w-]*\s*=")


def _report_stray_braces(library, path: str, diags: Diagnostics, bibliography: Bibliography) -> None:
    """A ``}`` that closes an entry early leaves its last fields outside it, as a 'comment'."""
    previous = None
    for block in library.blocks:
        kind = type(block).__name__
        if kind == "ImplicitComment" and previous is not None and _FIELD_AFTER_END.match(block.comment):
            diags.error(Location(path, block.start_line + 1, 1),
                        f"a '}}' on this line closes entry '{previous.key}' (line {previous.start_line + 1}) "
                        f"before its last fields: remove the extra '}}'")
            bibliography.broken.add(previous.key)
        previous = block if kind == "Entry" else None


def _read_entry(entry, path: str, lines: list[str], strings: dict[str, str], diags: Diagnostics) -> _Raw:
    raw = _Raw(entry.key, entry.entry_type.lower(), Location(path, entry.start_line + 1, 1))
    if re.search(r"\s", entry.key) or not entry.key:
        diags.error(raw.loc, f"the key '{entry.key}' holds a space, so no text could cite it; "
                             f"write it without spaces, e.g. '{re.sub(chr(92) + 's+', '-', entry.key.strip())}'")
        raw.broken = True
    for fld in entry.fields:
        name = fld.key.lower()
        loc = _field_loc(path, lines, (fld.start_line or entry.start_line) + 1, fld.key)
        value = str(fld.value)
        if fld.enclosing == "no-enclosing":
            value, unknown = concatenate(value, strings)
            if unknown:
                diags.error(loc, f"entry '{entry.key}': field '{name}' uses '{unknown}', which is not "
                                 f"an @string macro of this file")
                raw.broken = True
        raw.locs[name] = loc
        if name in NAME_FIELDS:
            names = parse_names(value, decode_tex)
            raw.names[name] = names
            raw.fields[name] = names.join()
        elif name in VERBATIM_FIELDS:
            raw.fields[name] = plain(value)
        else:
            raw.fields[name] = decode_tex(value)
    return raw


# Fields an entry does not take from its crossref parent (biblatex's inheritance setup).
_NOT_INHERITED = frozenset({"ids", "crossref", "xref", "entryset", "entrysubtype", "execute", "label",
                            "options", "presort", "related", "relatedoptions", "relatedstring",
                            "relatedtype", "shorthand", "shorthandintro", "sortkey", "xdata"})


def _inherit(raw: _Raw, raws: dict[str, _Raw], xdata: dict[str, _Raw], diags: Diagnostics) -> None:
    """``xdata`` copies every field of the named @xdata entries; ``crossref`` fills what is absent."""
    for group in (raw.fields.get("xdata") or "").split(","):
        group = group.strip()
        if not group:
            continue
        source = xdata.get(group)
        if source is None:
            diags.error(raw.locs["xdata"], f"entry '{raw.key}': xdata '{group}' is not an @xdata entry "
                                           f"of this file")
            raw.broken = True
            continue
        _copy_absent(source, raw, set())
    parent_key = (raw.fields.get("crossref") or "").strip()
    if parent_key:
        parent = raws.get(parent_key)
        if parent is None:
            import difflib

            close = difflib.get_close_matches(parent_key, list(raws), n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            diags.error(raw.locs["crossref"], f"entry '{raw.key}': crossref '{parent_key}' is not an entry "
                                              f"of this file{hint}")
            raw.broken = True
            return
        _copy_absent(parent, raw, _NOT_INHERITED)


def _copy_absent(source: _Raw, target: _Raw, skip: frozenset[str] | set[str]) -> None:
    for name, value in source.fields.items():
        if name in skip or name in target.fields:
            continue
        target.fields[name] = value
        target.locs[name] = source.locs[name]
        if name in source.names:
            target.names[name] = source.names[name]


def _checked(raw: _Raw, diags: Diagnostics) -> "Reference | None":
    """Dates, safety, type and kind: the reference, or None with each problem reported."""
    fields, locs, kind, loc = raw.fields, raw.locs, raw.kind, raw.loc
    ok = _dates(raw, diags)
    if not _fields_are_safe(raw.key, fields, locs, diags) or not ok:
        return None
    if kind not in REQUIRED_FIELDS:
        diags.error(loc, f"entry '{raw.key}' has type @{kind}, which is not supported "
                         f"(use one of {', '.join('@' + t for t in REQUIRED_FIELDS)})")
        return None
    source_kind, problem = classify(kind, fields)
    if problem:
        diags.error(locs.get("entrysubtype", loc), f"entry '{raw.key}' (@{kind}) {problem}")
        return None
    for options in missing_fields(source_kind, fields):
        diags.error(loc, missing_message(raw.key, kind, source_kind, options))
    return Reference(raw.key, kind, fields, loc, locs, source_kind, raw.names)


def _dates(raw: _Raw, diags: Diagnostics) -> bool:
    """``year``/``month``/``day`` become ``date``; every date field must be a real date."""
    fields, locs = raw.fields, raw.locs
    ok = True
    if "year" in fields:
        if "date" in fields:
            diags.error(locs["year"], f"entry '{raw.key}' has both 'date' and 'year': keep 'date' "
                                      f"(biblatex ignores 'year' then)")
            return False
        year = fields["year"].strip()
        if not re.fullmatch(r"\d{4}", year):
            diags.error(locs["year"], f"entry '{raw.key}': year '{year[:40]}' is not a year (four digits)")
            return False
        date = year
        if fields.get("month"):
            month = month_number(fields["month"])
            if month is None:
                diags.error(locs["month"], f"entry '{raw.key}': month '{fields['month'][:40]}' is not a month "
                                           f"(1-12 or jan ... dec)")
                return False
            date += f"-{month:02d}"
            if fields.get("day"):
                date += f"-{int(fields['day']):02d}" if fields["day"].strip().isdigit() else "-xx"
        elif fields.get("day"):
            diags.error(locs["day"], f"entry '{raw.key}' has a day but no month")
            return False
        fields["date"] = date
        locs["date"] = locs["year"]
    elif "month" in fields and "date" not in fields:
        diags.error(locs["month"], f"entry '{raw.key}' has a month but no year")
        return False
    for name in DATE_FIELDS:
        value = fields.get(name)
        if value is None:
            continue
        problem = date_problem(value)
        if problem:
            diags.error(locs[name], f"entry '{raw.key}': {name} '{value[:40]}' {problem}")
            ok = False
    return ok


def _fields_are_safe(key: str, fields: dict[str, str], locs: dict[str, Location],
                     diags: Diagnostics) -> bool:
    """Field values become note text, links and language tags in every output: check each."""
    ok = True
    for name, value in fields.items():
        bad = XML_ILLEGAL.search(value)
        if bad:
            diags.error(locs[name], f"entry '{key}': field '{name}' contains the control character "
                                    f"U+{ord(bad.group()):04X}, which documents cannot hold")
            ok = False
    url = fields.get("url")
    if url is not None and not SAFE_URL.fullmatch(url):
        diags.error(locs["url"], f"entry '{key}': url must start with http://, https:// or mailto:, "
                                 f"not '{url[:60]}'")
        ok = False
    lang = fields.get("origlanguage")
    if lang is not None and language_tag(lang):
        fields["origlanguage"] = lang = language_tag(lang) or lang  # biblatex's `korean` is `ko`
    if lang is not None and not LANGUAGE_TAG.fullmatch(lang):
        diags.error(locs["origlanguage"], f"entry '{key}': origlanguage must be a language tag "
                                          f"such as ko or zh (or biblatex's korean, chinese), not '{lang[:60]}'")
        ok = False
    return ok


def read_bibliography(path: Path, display: str, diags: Diagnostics, root: Path | None = None) -> Bibliography:
    """references.bib and, beside it, references.json (CSL-JSON): one set of references.

    A key both files define is an error at both places.
    """
    bib = _read_one(path, display, diags, root, parse_bibliography)
    json_path = path.with_name("references.json")
    if not json_path.exists() and not json_path.is_symlink():
        return bib
    from .csljson import parse_csl_json

    json_display = display[: -len("references.bib")] + "references.json" if display.endswith("references.bib") \
        else str(json_path)
    csl = _read_one(json_path, json_display, diags, root, parse_csl_json)
    for key in sorted(set(bib.references) & set(csl.references)):
        for here, there in ((bib.references[key], csl.references[key]), (csl.references[key], bib.references[key])):
            diags.error(here.loc, f"the key '{key}' is defined in both {bib_file(here)} and "
                                  f"{bib_file(there)} (line {there.loc.line}): a key names one source")
        del bib.references[key]
        bib.broken.add(key)
        del csl.references[key]
    bib.references.update(csl.references)
    bib.broken |= csl.broken
    bib.unreadable = bib.unreadable or csl.unreadable
    return bib


def bib_file(ref: "Reference") -> str:
    return ref.loc.path


def _read_one(path: Path, display: str, diags: Diagnostics, root: Path | None, parse) -> Bibliography:
    if not path.exists() and not path.is_symlink():
        return Bibliography()
    try:
        if root is not None:
            check_input(root, path, display)
        raw = read_limited(path, MAX_BIB_BYTES, display)
    except PathProblem as exc:
        diags.error(Location(display), f"cannot read references: {exc}")
        return Bibliography(unreadable=True)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        diags.error(Location(display, line), f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02X}); "
                                             "save it as UTF-8")
        return Bibliography(unreadable=True)
    return parse(text, display, diags)
