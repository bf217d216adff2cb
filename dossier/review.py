"""Review copies (``--review``): where each paragraph of a submission comes from.

One wording for every writer: the DOCX puts it in a Word comment on the
paragraph, the PDF in the margin beside it.  The clean submission never
carries it.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Iterator

from .document import Block, Heading, ListBlock, Paragraph

AUTHOR = "dossier"  # the author of the comments, as Word shows it
INITIALS = "D"
WATERMARK = "DRAFT"

# content/<folder>/<id>.yaml -> what that file holds, as an editor calls it
_KINDS = {
    "findings": "finding",
    "organisations": "organisation",
    "recommendations": "recommendation set",
    "submissions": "submission",
}


def describe_source(source: str, embeds: tuple[str, ...] = (), template: str = "",
                    names: dict[str, str] | None = None) -> str:
    """``content/findings/quota-system.yaml, line 3 (finding quota-system: North Korea's coercive
    quota system)``, and what it sets in.

    ``source`` is a block's "path:line:col"; empty when the format's template
    wrote the text itself (letterheads, titles), which ``template`` then names.
    ``names``: a finding's file -> "finding ID: title" (a shared repository's too).
    """
    if not source:
        text = f"written by the template {template}" if template else "written by the format's template"
    else:
        path, line = _split(source)
        text = f"{path}, line {line}" if line else path
        kind = _kind(path)
        named = (names or {}).get(path)
        if named:
            text += f" ({named})"
        elif kind:
            text += f" ({kind} {PurePosixPath(path).stem})"
    if embeds:
        text += "; sets in " + ", ".join(f"finding {finding}" for finding in embeds)
    return text


def block_labels(block: Block, template: str = "", names: dict[str, str] | None = None) -> Iterator[str]:
    """One label per paragraph the block becomes (a list gives one per item)."""
    if isinstance(block, (Heading, Paragraph)):
        yield describe_source(block.source, block.embeds, template, names)
    elif isinstance(block, ListBlock):
        for index in range(len(block.items)):
            source = block.item_sources[index] if index < len(block.item_sources) else block.source
            embeds = block.item_embeds[index] if index < len(block.item_embeds) else ()
            yield describe_source(source, embeds, template, names)


def _split(source: str) -> tuple[str, str]:
    """``path:line:col`` -> (path, line); a path may itself hold colons."""
    parts = source.rsplit(":", 2)
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return parts[0], parts[1]
    parts = source.rsplit(":", 1)
    if len(parts) == 2 and parts[1].isdigit():
        return parts[0], parts[1]
    return source, ""


def _kind(path: str) -> str:
    parts = PurePosixPath(path).parts
    if len(parts) == 3 and parts[0] == "content" and parts[2].endswith((".yaml", ".yml")):
        return _KINDS.get(parts[1], "")
    return ""
