"""Language tags with regions, as Word's proofing tools and readers want them.

A submission says ``language: en``; the format says which English it is written
in (``language: en-GB`` for the UN, ``en-US`` for Congress).  Korean, Chinese and
Japanese runs get the region of their usual written standard.
"""

from __future__ import annotations

# The region a bare tag usually means (CLDR's likely subtags, for the languages the content uses).
_LIKELY_REGION = {
    "ko": "ko-KR", "zh": "zh-CN", "zh-hans": "zh-CN", "zh-hant": "zh-TW", "ja": "ja-JP",
    "en": "en-GB", "fr": "fr-FR", "es": "es-ES", "ru": "ru-RU", "ar": "ar-SA", "de": "de-DE",
}
CJK = ("ko", "zh", "ja")

# "Note 3" read for a note call's number by a screen reader (the link's /Contents in the PDF)
NOTE_WORD = {"en": "Note", "fr": "Note", "es": "Nota", "de": "Fußnote", "ru": "Сноска",
             "ko": "각주", "zh": "脚注", "ja": "脚注", "ar": "حاشية"}


def primary(tag: str) -> str:
    return tag.split("-", 1)[0].lower()


def with_region(tag: str, default: str = "") -> str:
    """``tag`` with a region: its own if it has one, else the default's when the language is the
    same (``en`` with the format's ``en-US``), else the usual one (``ko`` -> ``ko-KR``)."""
    subtags = tag.split("-")
    if any(len(part) == 2 and part.isalpha() or part.isdigit() for part in subtags[1:]):
        return tag  # a region already: en-US, es-419, zh-Hant-TW
    if default and primary(default) == primary(tag) and "-" not in tag:
        return default
    return _LIKELY_REGION.get(tag.lower(), _LIKELY_REGION.get(primary(tag), tag))


def is_cjk(tag: str) -> bool:
    return primary(tag) in CJK


def note_word(tag: str) -> str:
    return NOTE_WORD.get(primary(tag), NOTE_WORD["en"])


# Traditional Chinese: the script, or the regions that write it
_TRADITIONAL = ("hant", "tw", "hk", "mo")
TRADITIONAL_CHINESE_TAGS = ("zh-Hant", "zh-TW", "zh-HK", "zh-MO")


def is_traditional_chinese(tag: str) -> bool:
    subtags = tag.lower().replace("_", "-").split("-")
    return subtags[0] == "zh" and any(part in _TRADITIONAL for part in subtags[1:])
