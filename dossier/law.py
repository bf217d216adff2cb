"""The law, written once: provisions quoted from ``content/law/`` by reference.

    [[convention-against-torture/3(1)]]        “No State Party shall expel, ... torture”
    [[convention-against-torture/3(1)|cite]]   the same, and a note citing the Convention, art. 3(1)
    - provision: convention-against-torture/3(1)   a block: the provision quoted in full, with its note

Inside a sentence the provision's closing full stop is left out (the sentence
has its own); quotation marks inside the text become single ones.  A block
quotation is set off by its indent: no marks are added, the text is as written.  The
quotation is therefore the same wherever it is used, and an unknown
instrument or provision is an error where it was written.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .document import Citation, CiteItem, Inline, ProvisionQuote, Str
from .errors import Diagnostics, Location
from .inline import move_notes_after_punctuation, parse_inline
from .model import Instrument, Provision

if TYPE_CHECKING:
    from .project import Project


def _hint(word: str, choices: list[str]) -> str:
    import difflib  # only when something is misspelt

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def find(project: "Project", instrument: str, provision: str, loc: Location,
         diags: Diagnostics) -> tuple[Instrument, Provision] | None:
    law = project.law.get(instrument)
    if law is None:
        if instrument not in project.broken.get("law", set()):
            diags.error(loc, f"unknown instrument '{instrument}' (the files in content/law/: "
                             f"{', '.join(sorted(project.law)) or 'none'}){_hint(instrument, list(project.law))}")
        return None
    found = law.find(provision)
    if found is None:
        ids = [p.id for p in law.provisions]
        diags.error(loc, f"unknown provision '{instrument}/{provision}' "
                         f"(content/law/{instrument}.yaml has {', '.join(ids)}){_hint(provision, ids)}")
        return None
    return law, found


def _nested_quotes(text: str) -> str:
    """Quotation marks inside a quotation become single: ("refouler") -> (‘refouler’)."""
    text = re.sub(r'"([^"]*)"', "\u2018\\1\u2019", text)
    return re.sub("\u201c([^\u201d]*)\u201d", "\u2018\\1\u2019", text)


def quotation(provision: Provision, inside_sentence: bool) -> list[Inline]:
    if not inside_sentence:  # a block quotation: set off by its indent, so no marks are added
        return parse_inline(str(provision.text).strip().replace("[[", "\\[\\[")).inlines
    text = _nested_quotes(str(provision.text).strip())
    text = re.sub(r"\.$", "", text)  # the sentence quoting it has its own full stop
    text = text.replace("[[", "\\[\\[")  # a provision's text quotes no other provision
    return [Str("\u201c"), *parse_inline(text).inlines, Str("\u201d")]


def citation(law: Instrument, provision: Provision, loc: Location | None) -> Citation:
    item = CiteItem(key=str(law.source), locator=provision.locator, loc=loc)
    return Citation([item], loc)


def expand(inlines: list[Inline], project: "Project", diags: Diagnostics) -> list[Inline]:
    """Every ``[[instrument/provision]]`` in ``inlines`` replaced by its quotation."""
    out: list[Inline] = []
    changed = False
    for node in inlines:
        if isinstance(node, ProvisionQuote):
            changed = True
            found = find(project, node.instrument, node.provision, node.loc or Location("<text>"), diags)
            if found is None:
                continue
            out.extend(quotation(found[1], inside_sentence=True))
            if node.cite:
                out.append(citation(*found, node.loc))
            continue
        children = getattr(node, "children", None)
        if children:
            node.children = expand(children, project, diags)
        out.append(node)
    return move_notes_after_punctuation(out) if changed else out


def block(reference: str, loc: Location, project: "Project", diags: Diagnostics) -> list[Inline]:
    """``provision: instrument/3(1)`` as a block: the whole provision quoted, then its note."""
    instrument, _, provision = reference.partition("/")
    if not provision:
        diags.error(loc, f"a provision is written instrument/article, e.g. "
                         f"convention-against-torture/3(1), not '{reference}'")
        return []
    found = find(project, instrument.strip(), provision.strip(), loc, diags)
    if found is None:
        return []
    return quotation(found[1], inside_sentence=False) + [citation(*found, loc)]
