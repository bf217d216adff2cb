"""references.json: CSL-JSON, Zotero's own export, read into the same references as references.bib.

Each item becomes the biblatex entry Better BibTeX would write for it, so every
style, kind and check treats both alike:

    CSL type                  entry
    treaty                    @legislation, entrysubtype treaty (event-date: entry into force)
    legislation, bill         @legislation: resolution when its number is a UN symbol (A/RES/...), else national
    report                    @report (authority or publisher: institution)
    article-newspaper         @article, entrysubtype newspaper
    article-journal, -magazine  @article
    webpage, post, post-weblog  @online
    book                      @book
    anything else             @misc

Names are CSL name objects ({"family", "given", "non-dropping-particle", "suffix"} or
{"literal"} for an organisation); dates are {"date-parts": [[2021, 4, 2]]} (or a
"raw" ISO date).  Errors are located at the item's line and, where it can be
found, the line of the field.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .bibliography import Bibliography, _checked, _Raw
from .citations.names import Name, NameList
from .errors import Diagnostics, Location

_TYPES: dict[str, tuple[str, str]] = {
    "treaty": ("legislation", "treaty"),
    "report": ("report", ""),
    "article-newspaper": ("article", "newspaper"),
    "article-journal": ("article", ""),
    "article-magazine": ("article", ""),
    "webpage": ("online", ""),
    "post": ("online", ""),
    "post-weblog": ("online", ""),
    "book": ("book", ""),
}
# CSL variable -> biblatex field (the names Better BibTeX writes)
_FIELDS = {
    "title": "title", "title-short": "shorttitle", "original-title": "origtitle", "volume": "volume",
    "issue": "issue", "number": "number", "page": "pages", "URL": "url", "DOI": "doi", "note": "note",
    "genre": "type", "collection-title": "series", "publisher-place": "location", "event-place": "venue",
    "event-title": "eventtitle", "event": "eventtitle", "abstract": "abstract", "language": "langid",
    "medium": "howpublished", "section": "titleaddon",
}
_DATES = {"issued": "date", "accessed": "urldate", "event-date": "eventdate", "original-date": "origdate"}
_NAMES = {"author": "author", "editor": "editor", "translator": "translator"}


def parse_csl_json(text: str, path: str, diags: Diagnostics) -> Bibliography:
    bibliography = Bibliography()
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        diags.error(Location(path, exc.lineno, exc.colno), f"not valid JSON: {exc.msg}")
        bibliography.unreadable = True
        return bibliography
    if not isinstance(items, list):
        diags.error(Location(path, 1, 1), "CSL-JSON is a list of items ([{...}, ...]), as Zotero exports it")
        bibliography.unreadable = True
        return bibliography
    starts = _item_lines(text)
    for index, item in enumerate(items):
        line, column = starts[index] if index < len(starts) else (1, 1)
        loc = Location(path, line, column)
        if not isinstance(item, dict) or not isinstance(item.get("id"), (str, int)) or not str(item.get("id")).strip():
            diags.error(loc, "an item without an 'id' (its citation key) cannot be cited")
            continue
        raw = _raw(item, loc, text, diags)
        if raw.key in bibliography.references or raw.key in bibliography.broken:
            diags.error(loc, f"duplicate citation key '{raw.key}'")
            continue
        reference = None if raw.broken else _checked(raw, diags)
        if reference is None:
            bibliography.broken.add(raw.key)
        else:
            bibliography.references[raw.key] = reference
    return bibliography


def _item_lines(text: str) -> list[tuple[int, int]]:
    """The line and column of each top-level item's opening brace."""
    lines: list[tuple[int, int]] = []
    depth, in_string, escaped, line, column = 0, False, False, 1, 0
    for char in text:
        column += 1
        if char == "\n":
            line, column = line + 1, 0
        if in_string:
            escaped = not escaped and char == "\\"
            if char == '"' and not escaped:
                in_string = False
            continue
        if char == '"':
            in_string, escaped = True, False
        elif char in "[{":
            if char == "{" and depth == 1:
                lines.append((line, column))
            depth += 1
        elif char in "]}":
            depth -= 1
    return lines


def _raw(item: dict[str, Any], loc: Location, text: str, diags: Diagnostics) -> _Raw:
    key = str(item["id"]).strip()
    csl_type = str(item.get("type", ""))
    entry_type, subtype = _TYPES.get(csl_type, ("misc", ""))
    number = str(item.get("number", ""))
    if csl_type in ("legislation", "bill"):
        entry_type, subtype = "legislation", "resolution" if "/RES/" in number.upper() else "national"
    raw = _Raw(key, entry_type, loc)
    if re.search(r"\s", key):
        diags.error(loc, f"the key '{key}' holds a space, so no text could cite it")
        raw.broken = True
    lines = text.split("\n")

    def where(name: str) -> Location:
        for offset in range(0, 400):  # the field's own line, near the item's start
            number_ = loc.line + offset
            if number_ > len(lines):
                break
            column = lines[number_ - 1].find(f'"{name}"')
            if column >= 0:
                return Location(loc.path, number_, column + 1)
        return loc

    if subtype:
        raw.fields["entrysubtype"] = subtype
    if entry_type == "article" and "issue" in item and "number" not in item:
        item = {**item, "number": item["issue"]}  # a journal's issue is biblatex's number
        del item["issue"]
    for csl, name in _FIELDS.items():
        value = item.get(csl)
        if value is None or name in raw.fields:
            continue
        if not isinstance(value, (str, int, float)):
            diags.error(where(csl), f"item '{key}': '{csl}' must be text")
            raw.broken = True
            continue
        text_value = re.sub(r"\s+", " ", str(value)).strip()
        if name == "pages":
            text_value = re.sub(r"(?<=\d)\s*-+\s*(?=\d)", "\u2013", text_value)
        raw.fields[name] = text_value
        raw.locs[name] = where(csl)
    # an issuing body: a report's institution, a web page's site, a book's publisher
    body_field = {"report": "institution", "online": "organization"}.get(entry_type, "publisher")
    for csl in ("authority", "publisher"):
        if item.get(csl) and body_field not in raw.fields:
            raw.fields[body_field] = str(item[csl]).strip()
            raw.locs[body_field] = where(csl)
    if item.get("container-title"):
        target = "journaltitle" if entry_type == "article" else \
            ("organization" if entry_type == "online" else "booktitle")
        raw.fields.setdefault(target, str(item["container-title"]).strip())
        raw.locs.setdefault(target, where("container-title"))
    for csl, name in _DATES.items():
        if csl in item:
            value = _date(item[csl])
            if value is None:
                diags.error(where(csl), f"item '{key}': '{csl}' is not a date (CSL 'date-parts' such as "
                                        f"[[2021, 4, 2]], or 'raw' as YYYY-MM-DD)")
                raw.broken = True
                continue
            raw.fields[name] = value
            raw.locs[name] = where(csl)
    for csl, name in _NAMES.items():
        if csl in item:
            names = _names(item[csl])
            if names is None:
                diags.error(where(csl), f"item '{key}': '{csl}' must be a list of names "
                                        f"({{\"family\", \"given\"}} or {{\"literal\"}})")
                raw.broken = True
                continue
            raw.names[name] = names
            raw.fields[name] = names.join()
            raw.locs[name] = where(csl)
    return raw


def _date(value: Any) -> str | None:
    if not isinstance(value, dict):
        return None
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        try:
            ends = [[int(p) for p in part[:3]] for part in parts[:2] if isinstance(part, list) and part]
        except (TypeError, ValueError):
            return None
        return "/".join(f"{e[0]:04d}" + "".join(f"-{n:02d}" for n in e[1:]) for e in ends)
    raw = value.get("raw")
    return raw.strip() if isinstance(raw, str) and raw.strip() else None


def _names(value: Any) -> NameList | None:
    if not isinstance(value, list):
        return None
    names: list[Name] = []
    for person in value:
        if not isinstance(person, dict):
            return None
        if person.get("literal"):
            names.append(Name(str(person["literal"]).strip(), corporate=True))
            continue
        family = str(person.get("family", "")).strip()
        given = str(person.get("given", "")).strip()
        if not family and not given:
            return None
        prefix = " ".join(str(person[p]).strip() for p in ("dropping-particle", "non-dropping-particle")
                          if person.get(p))
        names.append(Name(family, given, prefix, str(person.get("suffix", "")).strip()))
    return NameList(tuple(names))
