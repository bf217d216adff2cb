"""The content model: what a content repository holds, as typed dataclasses.

These classes are also the schema of the YAML files (see ``schema.py``):
a YAML key is a field name; ``Text`` fields keep their source location so
that a citation key inside a paragraph is reported where it was typed.
Ids are file names: ``content/findings/quota-system.yaml`` is finding
``quota-system``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

from .errors import Location
from .schema import NOWHERE, Text

# A language tag as HTML and Word take it (BCP 47 shape): en, zh-Hans, ko-KR.
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
# What an organisation's website and e-mail become: links in both outputs.
_WEBSITE = re.compile(r"https?://[^\s<>\"'\\]+")
_EMAIL = re.compile(r"[^\s@<>\"'\\/:]+@[^\s@<>\"'\\/:]+")


@dataclass
class Organisation:
    __schema_name__ = "organisation"
    name: Text
    acronym: str | None = None
    address: str | None = None
    phone: str | None = None
    fax: str | None = None
    website: str | None = None
    email: str | None = None
    founded: int | None = None
    place_founded: str | None = None
    description: Text | None = None
    logo: Text | None = None  # a PNG or JPEG inside the project, e.g. assets/logo.png
    id: str = field(default="", init=False)
    loc: Location = NOWHERE

    def check(self) -> list[tuple[str, str]]:
        problems = []
        if self.website is not None and not _WEBSITE.fullmatch(self.website):
            problems.append(("website", f"'website' must be an address starting with http:// or https://, "
                            f"not '{self.website}'"))
        if self.email is not None and not _EMAIL.fullmatch(self.email):
            problems.append(("email", f"'email' must be an e-mail address such as name@example.org, "
                            f"not '{self.email}'"))
        return problems


@dataclass
class Finding:
    """A reusable piece of evidence, written once and used by many submissions."""

    __schema_name__ = "finding"
    paragraphs: list[Text]
    title: str | None = None
    keywords: list[str] = field(default_factory=list)
    id: str = field(default="", init=False)
    loc: Location = NOWHERE


@dataclass
class PriorRecommendation:
    __schema_name__ = "recommendation"
    number: str
    text: Text
    states: list[str]
    response: Literal["supported", "noted"] | None = None
    loc: Location = NOWHERE


@dataclass
class RecommendationSet:
    """Recommendations a State received in one UPR cycle, as in the Working Group report."""

    __schema_name__ = "recommendation set"
    state: str
    cycle: int
    recommendations: list[PriorRecommendation]
    source: str | None = None  # citation key of the Working Group report
    id: str = field(default="", init=False)
    loc: Location = NOWHERE

    def find(self, number: str) -> PriorRecommendation | None:
        return next((r for r in self.recommendations if r.number == number), None)


@dataclass
class PriorReference:
    """A block quoting recommendations of an earlier cycle by number."""

    __schema_name__ = "prior recommendations block"
    set: Text
    numbers: list[Text]
    loc: Location = NOWHERE


BLOCK_KINDS = ("text", "finding", "prior_recommendations", "questions", "recommendations")


@dataclass
class Block:
    """One item of a section: exactly one of its keys is given."""

    __schema_name__ = "block"
    text: Text | None = None
    finding: Text | None = None
    prior_recommendations: PriorReference | None = None
    questions: list[Text] | None = None
    recommendations: list[Text] | None = None
    loc: Location = NOWHERE

    @property
    def kind(self) -> str:
        return next(k for k in BLOCK_KINDS if getattr(self, k) is not None)

    def check(self) -> list[str]:
        given = [k for k in BLOCK_KINDS if getattr(self, k) is not None]
        if len(given) == 1:
            return []
        if not given:
            return [f"a block needs one of: {', '.join(BLOCK_KINDS)}"]
        return [f"a block takes one of {', '.join(given)}, not several; split it into blocks"]


@dataclass
class Section:
    __schema_name__ = "section"
    title: Text
    blocks: list[Block]
    numbered: bool = True
    loc: Location = NOWHERE


@dataclass
class Submission:
    __schema_name__ = "submission"
    format: Text
    state: str
    organisations: list[Text]
    sections: list[Section]
    state_short: str | None = None
    title: str | None = None
    cycle: int | None = None
    session: int | None = None
    session_dates: str | None = None
    date: dt.date | None = None
    language: str = "en"
    keywords: list[str] = field(default_factory=list)
    id: str = field(default="", init=False)
    loc: Location = NOWHERE

    def check(self) -> list[tuple[str, str]]:
        if LANGUAGE_TAG.fullmatch(self.language):
            return []
        return [("language", f"'language' must be a language tag such as en, fr or zh-Hans, not '{self.language}'")]
