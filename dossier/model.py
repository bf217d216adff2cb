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
from dataclasses import field
from typing import Literal

from .errors import Location
from .records import Record
from .schema import NOWHERE, Placeholder, Text

# A language tag as HTML and Word take it (BCP 47 shape): en, zh-Hans, ko-KR.
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
# What an organisation's website and e-mail become: links in both outputs.
_WEBSITE = re.compile(r"https?://[^\s<>\"'\\]+")
_EMAIL = re.compile(r"[^\s@<>\"'\\/:]+@[^\s@<>\"'\\/:]+")


class Organisation(Record):
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
    namespace: str = field(default="", init=False)  # the shared repository it came from, or ""
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


class Finding(Record):
    """A reusable piece of evidence, written once and used by many submissions."""

    __schema_name__ = "finding"
    paragraphs: list[Text]
    title: str | None = None
    keywords: list[str] = field(default_factory=list)
    # treaties (references.bib keys) the finding says the State is bound by: checked
    # against the State's treaty status (content/states/), a warning when it is not
    binding: list[Text] = field(default_factory=list)
    id: str = field(default="", init=False)
    namespace: str = field(default="", init=False)  # the shared repository it came from, or ""
    loc: Location = NOWHERE


class PriorRecommendation(Record):
    __schema_name__ = "recommendation"
    number: str
    text: Text
    states: list[str]
    response: Literal["supported", "noted"] | None = None
    loc: Location = NOWHERE


class RecommendationSet(Record):
    """Recommendations a State received in one UPR cycle, as in the Working Group report."""

    __schema_name__ = "recommendation set"
    state: str
    cycle: int
    recommendations: list[PriorRecommendation]
    source: Text | None = None  # citation key of the Working Group report
    # citation key of the State's responses (the report's addendum): a response is
    # only filled in with a source for it
    response_source: Text | None = None
    id: str = field(default="", init=False)
    namespace: str = field(default="", init=False)  # the shared repository it came from, or ""
    loc: Location = NOWHERE

    def find(self, number: str) -> PriorRecommendation | None:
        return next((r for r in self.recommendations if r.number == number), None)

    def check(self) -> list[str]:
        answered = [r.number for r in self.recommendations if r.response]
        if answered and not self.response_source:
            return [f"responses are given ({', '.join(answered)}) without 'response_source', "
                    "the citation key of the State's responses: a response needs its source"]
        return []


class PriorReference(Record):
    """A block quoting recommendations of an earlier cycle by number."""

    __schema_name__ = "prior recommendations block"
    set: Text
    numbers: list[Text]
    loc: Location = NOWHERE


BLOCK_KINDS = ("text", "finding", "prior_recommendations", "questions", "recommendations", "provision", "quote")


class Block(Record):
    """One item of a section: exactly one of its keys is given."""

    __schema_name__ = "block"
    text: Text | None = None
    finding: Text | None = None
    prior_recommendations: PriorReference | None = None
    questions: list[Text] | None = None
    recommendations: list[Text] | None = None
    provision: Text | None = None  # "convention-against-torture/3(1)": quoted from content/law/
    quote: Text | None = None  # a block quotation of any text, inline markup allowed; no marks added
    source: Text | None = None  # with a quote: who said or wrote it, printed under it
    binding: list[Text] = field(default_factory=list)  # as Finding.binding, for a text block
    loc: Location = NOWHERE

    @property
    def kind(self) -> str:
        return next(k for k in BLOCK_KINDS if getattr(self, k) is not None)

    def check(self) -> list[str]:
        given = [k for k in BLOCK_KINDS if getattr(self, k) is not None]
        if not given:
            return [f"a block needs one of: {', '.join(BLOCK_KINDS)}"]
        if len(given) > 1:
            return [f"a block takes one of {', '.join(given)}, not several; split it into blocks"]
        if self.binding and given[0] != "text":
            return ["'binding' goes with a text block (a finding says it in its own file)"]
        if self.source is not None and given[0] != "quote":
            return [("source", "'source' goes with a quote block: it names who said or wrote the quotation")]
        return []


# Section kinds a format may require (format.yaml `required_sections`); nothing else
# reads a kind, so any other word would be accepted without effect.
SECTION_KINDS = ("summary", "issue", "conclusion")
MAX_SECTION_DEPTH = 3  # Heading 1-3 in Word, h1-h3 in the PDF, #-### in Markdown


class Section(Record):
    __schema_name__ = "section"
    title: Text
    blocks: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)  # sub-sections, of the same shape
    numbered: bool = True
    kind: Literal["summary", "issue", "conclusion"] | None = None  # what a format may require
    articles: list[str] = field(default_factory=list)  # Convention articles an issue is tied to
    loc: Location = NOWHERE

    __requires_one_of__ = ("blocks", "sections")  # schema.py: one of them must be given

    def depth(self) -> int:
        return 1 + max((s.depth() for s in self.sections), default=0)


def walk_sections(sections: list[Section], level: int = 1):
    """Every section with its level (1 for a top-level section), in document order."""
    for section in sections:
        yield section, level
        yield from walk_sections(section.sections, level + 1)


class Person(Record):
    __schema_name__ = "author"
    name: Text
    title: Text | None = None
    affiliation: Text | None = None
    loc: Location = NOWHERE


class Hearing(Record):
    """A hearing as its notice names it (CECC): the official title, when and where."""

    __schema_name__ = "hearing"
    title: Text
    date: dt.date | Placeholder | None = None
    time: Text | None = None  # as the notice writes it: "10:00 a.m. ET"
    room: Text | None = None
    link: Text | None = None  # the video or notice page
    loc: Location = NOWHERE

    def check(self) -> list[tuple[str, str]]:
        if self.link is not None and not _WEBSITE.fullmatch(self.link):
            return [("link", f"'link' must be an address starting with http:// or https://, not '{self.link}'")]
        return []


# The front page's pieces a submission may set or switch off (`front_matter:`); which
# of them a format prints is its format.yaml's `front_matter` list.
FRONT_MATTER_PIECES = ("letterhead", "date_line", "addressee", "hearing", "author", "title", "subtitle",
                       "mandate", "submitted_by", "consent", "salutation", "closing", "signature")
OFF = "off"
# Submission keys only one piece prints: not required when that piece is off or has its own text.
PIECE_KEYS = {"consent": "publication_consent", "date_line": "place", "addressee": "addressee",
              "hearing": "hearing", "salutation": "salutation", "closing": "closing"}


class FrontMatter(Record):
    """Each piece: its text in place of the format's (inline markup allowed), or ``off``."""

    __schema_name__ = "front matter"
    letterhead: Text | None = None
    date_line: Text | None = None
    addressee: Text | None = None
    hearing: Text | None = None
    author: Text | None = None
    title: Text | None = None
    subtitle: Text | None = None
    mandate: Text | None = None
    submitted_by: Text | None = None
    consent: Text | None = None
    salutation: Text | None = None
    closing: Text | None = None
    signature: Text | None = None
    loc: Location = NOWHERE

    def given(self) -> list[tuple[str, Text]]:
        return [(name, getattr(self, name)) for name in FRONT_MATTER_PIECES if getattr(self, name) is not None]


class Call(Record):
    """A Special Procedures call for input, as the call itself names it."""

    __schema_name__ = "call"
    title: Text
    mandate: str
    session: int | Placeholder | None = None  # Human Rights Council session the report goes to
    report: str | None = None  # the report's symbol, e.g. A/HRC/57/46
    loc: Location = NOWHERE


class Submission(Record):
    __schema_name__ = "submission"
    format: Text
    organisations: list[Text]
    sections: list[Section]
    state: Text | None = None  # required by the formats that name it in `requires` (UPR, CEDAW)
    state_short: str | None = None
    title: Text | None = None
    subtitles: list[Text] = field(default_factory=list)  # lines under the title, after the format's own
    # a number or date, or a "TODO: ..." placeholder an import left (placeholders.py)
    cycle: int | Placeholder | None = None
    session: int | Placeholder | None = None
    session_dates: str | None = None
    date: dt.date | Placeholder | None = None
    language: str = "en"
    keywords: list[str] = field(default_factory=list)
    word_limit: int | None = None  # overrides the format's limit (a call names its own)
    place: Text | None = None  # where it was written: "Seoul"
    # letters (CECC): who it is to and how it opens and closes
    addressee: Text | None = None
    salutation: Text | None = None
    hearing: Text | Hearing | None = None  # a plain title, or the hearing's title, date, time, room, link
    hearing_date: dt.date | Placeholder | None = None
    author: Person | None = None
    closing: Text | None = None
    # CEDAW: may the committee post it; Special Procedures: consent to publication
    publication_consent: bool | None = None
    call: Call | None = None
    citation_style: Text | None = None  # overrides the format's (simple, un, oscola, us-legal)
    # overrides the format's heading numbering, per level: [upper-roman, decimal]
    heading_numbering: list[Literal["upper-roman", "lower-roman", "upper-alpha", "lower-alpha",
                                    "decimal", "none"]] | None = None
    date_style: Literal["un", "us"] | None = None  # "9 June 2023" or "June 9, 2023"; else the format's
    front_matter: FrontMatter | None = None  # the front page's pieces: own text, or off
    id: str = field(default="", init=False)
    namespace: str = field(default="", init=False)  # the shared repository it came from, or ""
    loc: Location = NOWHERE

    def check(self) -> list[tuple[str | Location, str]]:
        problems: list[tuple[str | Location, str]] = []
        if not LANGUAGE_TAG.fullmatch(self.language):
            problems.append(("language", f"'language' must be a language tag such as en, fr or zh-Hans, "
                                         f"not '{self.language}'"))
        if self.heading_numbering is not None and len(self.heading_numbering) > MAX_SECTION_DEPTH:
            problems.append(("heading_numbering", f"'heading_numbering' has {len(self.heading_numbering)} "
                                                  f"levels; sections nest {MAX_SECTION_DEPTH} deep at most"))
        for section, level in walk_sections(self.sections):
            if level == MAX_SECTION_DEPTH + 1:
                problems.append((section.loc, f"sections nest {MAX_SECTION_DEPTH} levels deep at most "
                                              f"(Heading 1-{MAX_SECTION_DEPTH}); this one is at level {level}"))
        if isinstance(self.hearing, Hearing) and self.hearing_date is not None:
            problems.append(("hearing_date", "'hearing_date' goes inside 'hearing' as its 'date' when the "
                                             "hearing is a mapping"))
        if self.word_limit is not None and self.word_limit <= 0:  # a limit no text can keep
            problems.append(("word_limit", f"'word_limit' must be a number of words above 0, not {self.word_limit}"))
        return problems


# ---- the law, written once (content/law/) ----------------------------------
class Provision(Record):
    """One article (or one paragraph of it) in its official English text."""

    __schema_name__ = "provision"
    article: str
    text: Text
    paragraph: str | None = None
    loc: Location = NOWHERE

    @property
    def id(self) -> str:
        """How content refers to it: ``3(1)`` (article 3, paragraph 1) or ``46``."""
        return f"{self.article}({self.paragraph})" if self.paragraph else self.article

    @property
    def locator(self) -> str:
        return f"art. {self.id}"


class Instrument(Record):
    """``content/law/<id>.yaml``: provisions of one treaty, declaration or law."""

    __schema_name__ = "instrument"
    source: Text  # its references.bib key
    provisions: list[Provision]
    text_from: str | None = None  # where the official text was taken from
    id: str = field(default="", init=False)
    loc: Location = NOWHERE

    def find(self, provision_id: str) -> Provision | None:
        return next((p for p in self.provisions if p.id == provision_id), None)

    def check(self) -> list[str]:
        ids = [p.id for p in self.provisions]
        return [f"provision {i} is given twice" for i in sorted({i for i in ids if ids.count(i) > 1})]


# ---- treaty status of the States under review (content/states/) -------------
PARTY_STATUSES = ("ratified", "acceded", "succeeded")
TreatyStatusName = Literal["ratified", "acceded", "succeeded", "signed", "not-party"]


class TreatyStatus(Record):
    __schema_name__ = "treaty status"
    instrument: Text  # references.bib key of the treaty
    status: TreatyStatusName
    source: Text  # references.bib key or URL of the UN Treaty Collection / OHCHR status page
    signed: dt.date | None = None
    date: dt.date | None = None  # of ratification, accession or succession
    loc: Location = NOWHERE

    @property
    def is_party(self) -> bool:
        return self.status in PARTY_STATUSES

    def check(self) -> list[str]:
        if self.is_party and self.date is None:
            return [f"a State that has {self.status} needs the 'date' it did"]
        if self.status == "signed" and self.signed is None:
            return ["status 'signed' needs the date in 'signed'"]
        if self.status == "not-party" and (self.date or self.signed):
            return ["a State that is not a party has no dates here"]
        return []


class StateRecord(Record):
    """``content/states/<id>.yaml``: which treaties a State has joined, and when."""

    __schema_name__ = "state"
    name: str  # as messages name it: "China"
    treaties: list[TreatyStatus]
    names: list[str] = field(default_factory=list)  # other names submissions use for it
    id: str = field(default="", init=False)
    loc: Location = NOWHERE

    def status(self, key: str) -> TreatyStatus | None:
        return next((t for t in self.treaties if str(t.instrument) == key), None)

    def check(self) -> list[str]:
        keys = [str(t.instrument) for t in self.treaties]
        return [f"treaty '{k}' is listed twice" for k in sorted({k for k in keys if keys.count(k) > 1})]
