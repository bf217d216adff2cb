"""Language names as biblatex writes them (babel/polyglossia names) and the tags they mean.

biblatex's `origlanguage` and `langid` take names such as `korean`; the outputs need
BCP 47 tags (`ko`) to choose a font and tag a span, so a name is read as its tag.
"""

from __future__ import annotations

BIBLATEX_LANGUAGES: dict[str, str] = {
    "korean": "ko", "chinese": "zh", "japanese": "ja", "russian": "ru", "arabic": "ar",
    "english": "en", "american": "en-US", "british": "en-GB", "french": "fr", "german": "de",
    "ngerman": "de", "spanish": "es", "portuguese": "pt", "italian": "it", "dutch": "nl",
    "vietnamese": "vi", "mongolian": "mn", "hebrew": "he", "persian": "fa", "turkish": "tr",
    "thai": "th", "indonesian": "id", "ukrainian": "uk", "polish": "pl",
}


def language_tag(value: str) -> str | None:
    """The BCP 47 tag a biblatex language name stands for, or None when it is not one."""
    return BIBLATEX_LANGUAGES.get(value.strip().lower())
