"""references.bib, read with bibtexparser v2, with every problem located.

bibtexparser only logs a malformed block or a duplicate key; here each is an
error at its line, so a broken entry can never silently drop a footnote.
"""

from __future__ import annotations

import re
from dataclasses import field
from pathlib import Path

from .citations.kinds import SUPPORTED_TYPES, classify, missing_fields, missing_message
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

_LATEX_ESCAPES = {r"\&": "&", r"\%": "%", r"\_": "_", r"\#": "#", r"\$": "$", "~": "\u00a0"}


class Reference(Record):
    key: str
    type: str
    fields: dict[str, str]
    loc: Location
    field_locs: dict[str, Location] = field(default_factory=dict)
    kind: str = ""  # treaty, resolution, national-law, concluding-observations, ... (kinds.py)

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
    """BibTeX value to plain text: case-protecting braces and common escapes go."""
    for escape, plain in _LATEX_ESCAPES.items():
        value = value.replace(escape, plain)
    value = re.sub(r"(?<!\\)[{}]", "", value)
    from .inline import FOLDED_SPACE  # '~' is a no-break space: folded, it would be lost

    return FOLDED_SPACE.sub(" ", value).strip(" ")


def parse_bibliography(text: str, path: str, diags: Diagnostics) -> Bibliography:
    import logging

    import bibtexparser  # imported here: its import is not free and not every command needs it

    # bibtexparser logs each failed block itself; we report them, located, instead.
    logger = logging.getLogger("bibtexparser")
    silence = logging.NullHandler()
    logger.addHandler(silence)
    propagate, logger.propagate = logger.propagate, False
    try:
        library = bibtexparser.parse_string(text)
    finally:
        logger.propagate = propagate
        logger.removeHandler(silence)
    bibliography = Bibliography()
    for block in library.failed_blocks:
        loc = Location(path, block.start_line + 1, 1)
        error = getattr(block, "error", None)
        if type(block).__name__ == "DuplicateBlockKeyBlock":
            first = next((e for e in library.entries if e.key == block.key), None)
            where = f" (first defined at line {first.start_line + 1})" if first else ""
            diags.error(loc, f"duplicate citation key '{block.key}'{where}")
        else:
            reason = getattr(error, "abort_reason", None) or str(error) or "cannot be parsed"
            end = getattr(error, "end_index", None)
            if isinstance(end, int):  # where the parser gave up, more useful than where it began
                loc = Location(path, text.count("\n", 0, end) + 1, 1)
            head = block.raw.strip().splitlines()[0][:40] if block.raw.strip() else "@"
            diags.error(loc, f"malformed entry '{head}' (line {block.start_line + 1}): "
                             f"{reason[:1].lower()}{reason[1:]}")
    for entry in library.entries:
        loc = Location(path, entry.start_line + 1, 1)
        kind = entry.entry_type.lower()
        fields = {}
        field_locs = {}
        for name, fld in entry.fields_dict.items():
            fields[name.lower()] = clean_value(str(fld.value))
            field_locs[name.lower()] = Location(path, (fld.start_line or entry.start_line) + 1, 1)
        if not _fields_are_safe(entry.key, fields, field_locs, diags):
            bibliography.broken.add(entry.key)
            continue
        if kind not in REQUIRED_FIELDS:
            diags.error(
                loc,
                f"entry '{entry.key}' has type @{kind}, which is not supported "
                f"(use one of {', '.join('@' + t for t in REQUIRED_FIELDS)})",
            )
            bibliography.broken.add(entry.key)
            continue
        source_kind, problem = classify(kind, fields)
        if problem:
            diags.error(field_locs.get("entrysubtype", loc), f"entry '{entry.key}' (@{kind}) {problem}")
            continue
        for options in missing_fields(source_kind, fields):
            diags.error(loc, missing_message(entry.key, kind, source_kind, options))
        bibliography.references[entry.key] = Reference(entry.key, kind, fields, loc, field_locs, source_kind)
    return bibliography


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
    if lang is not None and not LANGUAGE_TAG.fullmatch(lang):
        diags.error(locs["origlanguage"], f"entry '{key}': origlanguage must be a language tag "
                                          f"such as ko or zh, not '{lang[:60]}'")
        ok = False
    return ok


def read_bibliography(path: Path, display: str, diags: Diagnostics, root: Path | None = None) -> Bibliography:
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
    return parse_bibliography(text, display, diags)
