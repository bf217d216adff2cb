"""Reference hygiene for ``build.py check``: what the notes leave out, sources written twice, references unused.

``check_references(project, diags)`` warns, at the entry's field in references.bib:

* a field with note text that the style of a submission citing the entry does not
  print (``field 'venue' of 'cecc-2012' is not printed by the us-legal style``);
  metadata (abstract, keywords, file, langid ...) is ignored quietly, and so are the
  fields a kind needs (its identity) and those a style's form implies (a UN
  document's symbol names its body);
* two entries that are the same source: the same url, the same UN symbol, or the same
  title and date (each pair named once, at the later entry, with both lines);
* a reference nothing cites: no submission, law text or treaty status.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..errors import Diagnostics
from . import kinds
from .base import METADATA_FIELDS, Reading
from .pinpoint import Pinpoint

if TYPE_CHECKING:
    from ..bibliography import Reference
    from ..project import Project

_VERBATIM_NOT_TEXT = {"url", "urldate", "doi", "eprint"}  # printed by the address, or read as identifiers


def check_references(project: "Project", diags: Diagnostics) -> None:
    references = project.bibliography.references
    cited_by_style, complete = _cited_by_style(project)
    unprinted_fields(references, cited_by_style, project, diags)
    same_sources(references, diags)
    if complete:  # a submission with errors may cite any of them: no "not cited" until it is fixed
        uncited(references, {key for keys in cited_by_style.values() for key in keys} | _other_uses(project), diags)


def _cited_by_style(project: "Project") -> tuple[dict[str, set[str]], bool]:
    """Style name -> the keys the submissions in that style cite; and whether every submission
    could be read (one with errors is left out)."""
    from ..pipeline import citation_style
    from ..resolve import resolve

    out: dict[str, set[str]] = {}
    complete = not project.broken_targets
    for target in sorted(project.submissions):
        quiet = Diagnostics()  # the submissions' own problems are the build's to report
        resolved = resolve(project, target, quiet)
        style = citation_style(project, target, quiet)
        if resolved is None or quiet.errors:
            complete = False
            continue
        out.setdefault(style, set()).update(resolved.cited_keys)
    return out, complete


def _other_uses(project: "Project") -> set[str]:
    """Keys cited outside submissions' text: the sources of law texts, treaty statuses, response sets."""
    used = {str(instrument.source) for instrument in project.law.values()}
    for state in project.states.values():
        for treaty in state.treaties:
            used |= {str(treaty.instrument), str(treaty.source)}
    for recommendations in project.recommendations.values():
        used |= {str(k) for k in (getattr(recommendations, "source", None),
                                  getattr(recommendations, "response_source", None)) if k}
    return used


def unprinted_fields(references: dict[str, "Reference"], cited_by_style: dict[str, set[str]],
                     project: "Project", diags: Diagnostics) -> None:
    from . import make_style

    for style_name in sorted(cited_by_style):
        house = getattr(project, "styles", {}).get(style_name)
        try:
            style = make_style(style_name, references, house)
        except KeyError:  # an unknown style: the build reports it
            continue
        for key in sorted(cited_by_style[style_name]):
            ref = references.get(key)
            if ref is None:
                continue
            for name in not_printed(style, ref):
                diags.warning(ref.field_locs.get(name, ref.loc),
                              f"field '{name}' of '{key}' is not printed by the {style_name} style")


def not_printed(style, ref: "Reference") -> list[str]:
    """The note fields of ``ref`` that ``style``'s first citation does not read."""
    _, reading = style.full(Reading(ref), Pinpoint("", ""))
    # a field the kind needs is its identity (the style decides how it shows); of alternatives
    # ("author|institution") one printed is enough
    needed = {need for need in kinds.KIND_FIELDS.get(ref.kind, ()) if "|" not in need}
    printed = reading.read
    for need in kinds.KIND_FIELDS.get(ref.kind, ()):
        options = need.split("|")
        if len(options) > 1 and any(o in printed and ref.get(o) for o in options):
            needed |= {o for o in options if o in printed or ref.get(o) == ref.get(next(
                x for x in options if x in printed and ref.get(x)))}
    quiet = needed | set(style.implied.get(ref.kind, ())) | METADATA_FIELDS | _VERBATIM_NOT_TEXT
    if "url" in printed:
        printed = printed | {"urldate"}
    return [name for name in ref.fields if name not in printed and name not in quiet]


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def same_sources(references: dict[str, "Reference"], diags: Diagnostics) -> None:
    seen: dict[tuple[str, str], "Reference"] = {}
    told: set[frozenset[str]] = set()
    for ref in sorted(references.values(), key=lambda r: (r.loc.path, r.loc.line)):
        marks = []
        if ref.get("url"):
            marks.append(("url", (ref.get("url") or "").rstrip("/").casefold()))
        number = ref.get("number") or ""
        if number and kinds.is_un_symbol(number):
            marks.append(("UN symbol", number.strip().upper()))
        if ref.get("title") and ref.get("date"):
            marks.append(("title and date", _norm(ref.get("title") or "") + "|" + (ref.get("date") or "")))
        for mark in marks:
            earlier = seen.get(mark)
            if earlier is None:
                seen[mark] = ref
                continue
            pair = frozenset({earlier.key, ref.key})
            if pair in told:
                continue
            told.add(pair)
            diags.warning(ref.loc, f"entries '{earlier.key}' ({earlier.loc.path} line {earlier.loc.line}) and "
                                   f"'{ref.key}' (line {ref.loc.line}) are the same source (the same {mark[0]}): "
                                   f"keep one and cite it everywhere")


def uncited(references: dict[str, "Reference"], used: set[str], diags: Diagnostics) -> None:
    for key, ref in references.items():
        if key not in used and ":" not in key:  # a shared repository's references are its own business
            diags.warning(ref.loc, f"reference '{key}' is not cited by any submission, law text or treaty status")
