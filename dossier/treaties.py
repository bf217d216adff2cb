"""Is the State bound by the treaty the text says it is bound by?

A submission that tells a committee "China is bound by the ICCPR" when China
has only signed it loses its credibility in one line.  Two ways of saying a
State is bound are checked against ``content/states/<state>.yaml``:

* declared: a finding (or a text block) lists the treaties it asserts the
  State is bound by, ``binding: [convention-against-torture]``;
* written: a sentence says the State "is bound by", "is a State party to",
  "as a State party to", "has ratified" or "has acceded to", and cites a
  treaty after those words in the same sentence (``[@iccpr]``, or a quoted
  provision of it); "has not ratified the Covenant" is no claim.

Each claim about a treaty the State has only signed, or not joined, is a
warning naming the treaty and the State, with the source of the status; so is
a claim that a declaration (a General Assembly resolution) binds as a treaty.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .document import Citation, Inline, ProvisionQuote, Str
from .errors import Location

if TYPE_CHECKING:
    from .bibliography import Reference
    from .model import StateRecord, Submission
    from .project import Project

_CLAIM = re.compile(
    r"\b(?:(?:is|are|remains|being)\s+(?:also\s+|legally\s+)?bound\s+by"
    r"|(?:is|as|being)\s+(?:a\s+|also\s+a\s+)?(?:states?\s+)?part(?:y|ies)\s+to"
    r"|has\s+(?:also\s+)?(?:ratified|acceded\s+to))\b",
    re.IGNORECASE,
)
# A sentence ends at . ! or ? (after closing quotes, and after the notes that follow it),
# when what follows does not go on in lower case or with a number ("art. 12", "para. 4").
_SENTENCE_END = re.compile("[.!?][\u201d\u2019\"')\\]]*(?:\x00\\d+\x01)*(?=\\s+[^\\sa-z0-9])")
_MARKER = re.compile("\x00(\\d+)\x01")


def find_state(project: "Project", submission: "Submission") -> "StateRecord | None":
    """The record of the State under review, by file name or any name it is known by."""
    wanted = {n.strip().lower() for n in (submission.state, submission.state_short or "") if n}
    for record in project.states.values():
        names = {record.id.lower(), record.name.lower(), *(n.lower() for n in record.names)}
        if wanted & names:
            return record
    return None


def claims(inlines: list[Inline]) -> list[tuple[str, Location | None]]:
    """(citation key or instrument id, where) of each treaty a sentence says binds the State.

    A citation belongs to the sentence it closes: "... is bound by the Covenant.[@iccpr] Next".
    """
    cited: list[tuple[str, Location | None]] = []
    text: list[str] = []

    def walk(nodes: list[Inline]) -> None:
        for node in nodes:
            if isinstance(node, Str):
                text.append(node.text.replace("\x00", " "))
            elif isinstance(node, Citation):
                for item in node.items:
                    text.append(f"\x00{len(cited)}\x01")
                    cited.append((item.key, item.loc))
            elif isinstance(node, ProvisionQuote):
                text.append(f"\x00{len(cited)}\x01")
                cited.append((node.instrument, node.loc))
            elif hasattr(node, "children"):
                walk(node.children)

    walk(inlines)
    out: list[tuple[str, Location | None]] = []
    joined = "".join(text)
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(joined)] + [len(joined)]
    for begin, end in zip(starts, starts[1:]):
        claim = _CLAIM.search(joined, begin, end)
        if claim:  # the sources cited after the claim: "has not ratified X [@x] but has ratified Y [@y]"
            out.extend(cited[int(n)] for n in _MARKER.findall(joined, claim.end(), end))
    return out


def problem(record: "StateRecord | None", ref: "Reference", declared: bool) -> str | None:
    """What is wrong with saying the State is bound by ``ref``; None when nothing is."""
    title = ref.get("title") or ref.key
    if ref.kind == "resolution":
        return (f"the text says a State is bound by the {title}, which is a resolution, not a treaty: "
                "no State is a party to it")
    if ref.kind != "treaty" or record is None:
        return None
    status = record.status(ref.key)
    if status is None:
        if not declared:
            return None
        return (f"the treaty status of {record.name} for the {title} is not recorded "
                f"(add it to content/states/{record.id}.yaml)")
    if status.is_party:
        return None
    if status.status == "signed":
        signed = f"{status.signed.day} {status.signed:%B %Y}" if status.signed else "?"
        return (f"the text says {record.name} is bound by the {title}, but {record.name} has only "
                f"signed it ({signed}) and has not ratified it (source: {status.source})")
    return (f"the text says {record.name} is bound by the {title}, but {record.name} is not a party "
            f"to it (source: {status.source})")
