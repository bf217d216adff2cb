"""Imported inlines as dossier's inline markup: ``*em*``, ``**strong**``, links, ``[..]{lang=ko}``."""

from __future__ import annotations

import re
from typing import Callable

from ..model import LANGUAGE_TAG as LANGUAGE
from ..readers.document import Inline, NoteCall, Span

_SPECIAL = re.compile(r"([\\*\[\]^<`])|(!(?=\[\[))|(@)")
_CJK_RUN = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]+(?:[\s\d.,·]+[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]+)*"
                      r"|[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+(?:[\s\d.,·、]+[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)*")


def escape(text: str) -> str:
    return _SPECIAL.sub(lambda m: "\\" + m.group(0), text)


def _language(run: str) -> str:
    if re.search(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]", run):
        return "ko"
    if re.search(r"[\u3040-\u30ff]", run):
        return "ja"
    return "zh"


def _text(text: str) -> str:
    """Escaped text, with CJK runs marked with their language."""
    out, last = [], 0
    for match in _CJK_RUN.finditer(text):
        out.append(escape(text[last:match.start()]))
        out.append(f"[{escape(match.group(0))}]{{lang={_language(match.group(0))}}}")
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def to_markup(inlines: list[Inline], note: Callable[[int], str] | None = None) -> str:
    """Inline markup; ``note(n)`` gives what stands for note call n (nothing when None)."""
    out: list[str] = []
    merged = _merge(inlines)
    for item in merged:
        if isinstance(item, NoteCall):
            if note is not None:
                out.append(note(item.number))
            continue
        text = item.text.replace("\n", " ")
        if not text:
            continue
        core = text.strip()
        if not core:
            out.append(text)
            continue
        lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
        body = _text(core)
        if item.lang and LANGUAGE.fullmatch(item.lang) and not _CJK_RUN.search(core):
            body = f"[{body}]{{lang={item.lang}}}"
        if item.href and item.href.startswith(("http://", "https://", "mailto:")):
            shown = core[7:] if item.href.startswith("mailto:") else core
            body = f"<{item.href}>" if shown == item.href or core == item.href else f"[{body}]({item.href})"
        if item.strong:
            body = f"**{body}**"
        if item.emphasis:
            body = f"*{body}*"
        out.append(lead + body + trail)
    return re.sub(r"[ \t]+", " ", "".join(out)).strip()


def _merge(inlines: list[Inline]) -> list[Inline]:
    """Neighbouring spans with the same formatting as one (Word splits runs anywhere)."""
    out: list[Inline] = []
    for item in inlines:
        if isinstance(item, Span) and out and isinstance(out[-1], Span) and \
                (out[-1].emphasis, out[-1].strong, out[-1].href, out[-1].lang) == \
                (item.emphasis, item.strong, item.href, item.lang):
            out[-1] = Span(out[-1].text + item.text, item.emphasis, item.strong, item.superscript, item.href, item.lang)
        else:
            out.append(Span(item.text, item.emphasis, item.strong, item.superscript, item.href, item.lang)
                       if isinstance(item, Span) else item)
    return out


def note_text(inlines: list[Inline]) -> str:
    """A note's words for the parser: italics marked ``*..*`` (an italic title), links by address."""
    out = []
    for item in _merge(inlines):
        if isinstance(item, NoteCall):
            continue
        text = item.text.replace("\n", " ")
        out.append(f"*{text.strip()}*" if item.emphasis and text.strip() else text)
    return re.sub(r"\s+", " ", "".join(out)).strip()
