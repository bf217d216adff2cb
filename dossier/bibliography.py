"""references.bib, read with bibtexparser v2, with every problem located.

bibtexparser only logs a malformed block or a duplicate key; here each is an
error at its line, so a broken entry can never silently drop a footnote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .citations.kinds import SUPPORTED_TYPES, classify, missing_fields, missing_message
from .errors import Diagnostics, Location

# The biblatex types we accept.  What each *kind* of source needs (a treaty, a UN
# document, a national law ...) is decided from type and fields in citations/kinds.py.
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {t: ("title",) for t in SUPPORTED_TYPES}

_LATEX_ESCAPES = {r"\&": "&", r"\%": "%", r"\_": "_", r"\#": "#", r"\$": "$", "~": "\u00a0"}


@dataclass
class Reference:
    key: str
    type: str
    fields: dict[str, str]
    loc: Location
    field_locs: dict[str, Location] = field(default_factory=dict)
    kind: str = ""  # treaty, resolution, national-law, concluding-observations, ... (kinds.py)

    def get(self, name: str) -> str | None:
        return self.fields.get(name)


@dataclass
class Bibliography:
    references: dict[str, Reference] = field(default_factory=dict)

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
    return re.sub(r"\s+", " ", value).strip()


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
        if kind not in REQUIRED_FIELDS:
            diags.error(
                loc,
                f"entry '{entry.key}' has type @{kind}, which is not supported "
                f"(use one of {', '.join('@' + t for t in REQUIRED_FIELDS)})",
            )
            continue
        source_kind, problem = classify(kind, fields)
        if problem:
            diags.error(field_locs.get("entrysubtype", loc), f"entry '{entry.key}' (@{kind}) {problem}")
            continue
        for options in missing_fields(source_kind, fields):
            diags.error(loc, missing_message(entry.key, kind, source_kind, options))
        bibliography.references[entry.key] = Reference(entry.key, kind, fields, loc, field_locs, source_kind)
    return bibliography


def read_bibliography(path: Path, display: str, diags: Diagnostics) -> Bibliography:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Bibliography()
    except (OSError, UnicodeDecodeError) as exc:
        diags.error(Location(display), f"cannot read references: {exc}")
        return Bibliography()
    return parse_bibliography(text, display, diags)
