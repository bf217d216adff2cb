"""Pinpoints (locators): ``para. 47``, ``art. 3(1)``, ``pp. 4-5``, written once, shown per style.

Authors write pinpoints as they are used to; each style then prints the label
its guide asks for: UN ``para. 47``, OSCOLA ``para 47``, US legal ``¶ 47``.
A pinpoint with a label we do not know is printed as written.
"""

from __future__ import annotations

import re

from ..records import Record

# What authors write -> the label's name.
_LABELS = {
    "art": "article", "arts": "article", "article": "article", "articles": "article",
    "para": "paragraph", "paras": "paragraph", "paragraph": "paragraph", "paragraphs": "paragraph",
    "¶": "paragraph", "¶¶": "paragraph",
    "p": "page", "pp": "page", "page": "page", "pages": "page", "at": "page",
    "s": "section", "ss": "section", "sec": "section", "secs": "section", "section": "section",
    "sections": "section", "§": "section", "§§": "section",
    "ch": "chapter", "chap": "chapter", "chapter": "chapter", "chapters": "chapter",
    "n": "note", "nn": "note", "note": "note", "notes": "note",
    "rule": "rule", "rules": "rule",
    "annex": "annex",
}

# label -> (singular, plural) for each style.
FORMS: dict[str, dict[str, tuple[str, str]]] = {
    "un": {"article": ("art.", "arts."), "paragraph": ("para.", "paras."), "page": ("p.", "pp."),
           "section": ("sect.", "sects."), "chapter": ("chap.", "chaps."), "note": ("note", "notes"),
           "rule": ("rule", "rules"), "annex": ("annex", "annexes")},
    "oscola": {"article": ("art", "arts"), "paragraph": ("para", "paras"), "page": ("", ""),
               "section": ("s", "ss"), "chapter": ("ch", "chs"), "note": ("n", "nn"),
               "rule": ("r", "rr"), "annex": ("annex", "annexes")},
    "us-legal": {"article": ("art.", "arts."), "paragraph": ("¶", "¶¶"), "page": ("", ""),
                 "section": ("§", "§§"), "chapter": ("ch.", "chs."), "note": ("n.", "nn."),
                 "rule": ("r.", "rr."), "annex": ("annex", "annexes")},
}

_HEAD = re.compile(r"\s*(¶¶|¶|§§|§|[A-Za-z]+)\.?\s*(?=\S)")
_PLURAL = re.compile(r"\d\S*\s*(?:[-\u2013,&]|and)\s*\d")


class Pinpoint(Record, frozen=True):
    label: str  # article, paragraph, page ... or "" when unknown (then ``value`` is shown as written)
    value: str

    @property
    def plural(self) -> bool:
        return bool(_PLURAL.search(self.value))

    def __bool__(self) -> bool:
        return bool(self.value)


def parse(locator: str) -> Pinpoint:
    """``para. 47`` -> Pinpoint('paragraph', '47'); ``12`` -> a page, as Pandoc reads it."""
    text = locator.strip()
    if not text:
        return Pinpoint("", "")
    head = _HEAD.match(text)
    if head and head.group(1).lower() in _LABELS:
        value = text[head.end():].strip()
        return Pinpoint(_LABELS[head.group(1).lower()], _dash(value))
    if re.fullmatch(r"\d+(?:\s*[-\u2013]\s*\d+)?", text):
        return Pinpoint("page", _dash(text))
    return Pinpoint("", text)


def _dash(value: str) -> str:
    """Ranges take an en dash: 47-48 -> 47–48."""
    return re.sub(r"(?<=\w)\s*-\s*(?=\w)", "\u2013", value) if re.search(r"\d\s*-\s*\d", value) else value


def render(pin: Pinpoint, style: str, short_page: str = "") -> str:
    """The pinpoint as ``style`` prints it; ``short_page`` is put before a bare page (US ``at``)."""
    if not pin:
        return ""
    if not pin.label:
        return pin.value
    singular, plural = FORMS[style][pin.label]
    label = plural if pin.plural else singular
    if pin.label == "page" and not label:
        return f"{short_page} {pin.value}".strip()
    return f"{label} {pin.value}"
