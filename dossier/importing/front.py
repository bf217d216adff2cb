"""The front page: which of its paragraphs are front-matter keys, and which organisation.

Each format's front page is known from its template; here are the shapes of
the lines each one writes (data, one table per format), read back into the
submission's keys.  A paragraph that matches is consumed; the rest is body.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..readers.document import Heading, Paragraph, Span, plain
from ..readers.notes import _find_date

_ORDINALS = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
             "tenth"]
_DATE = r"(?P<date>(?:\d{1,2} )?[A-Z][a-z]+\.? (?:\d{1,2}, )?\d{4})"

# "I.", "A)", "1." and "1.1" (its closing full stop optional) before a heading's words
TYPED_NUMBER = re.compile(r"^\s*(?:(?:(?P<roman>[IVXLC]+)|(?P<letter>[A-H]))[.)]"
                          r"|(?P<arabic>\d+(?:\.\d+)+(?=[.\s])|\d+(?=[.)]))[.)]?)\s+(?=\S)")

# "47th Session (November 2024)" on a line of its own
_SESSION = r"(?P<session>\d+)(?:st|nd|rd|th) [Ss]ession(?: \((?P<session_dates>[^)]+)\))?"

# format -> (pattern on a paragraph's text, lines joined by "\n") in the order the front page has them
FRONT: dict[str, list[str]] = {
    "upr": [
        r"(?P<title>(?:Individual|Joint) Submission)",
        # "Fourth Cycle, 46th Session of the UPR Working Group (April–May 2024)"
        r"(?P<cycle>\w+) Cycle,? (?P<session>\d+)(?:st|nd|rd|th) [Ss]ession(?: of the (?:UPR |Universal Periodic "
        r"Review )?Working Group)?(?: \((?P<session_dates>[^)]+)\))?",
        _SESSION,
        r"In preparation for the\s+(?P<cycle>\w+) Cycle of the Universal Periodic Review of the\s+(?P<state>[^\n]+?)"
        r"(?:\s+(?P<session>\d+)(?:st|nd|rd|th) Session(?: \((?P<session_dates>[^)]+)\))?)?",
    ],
    "cedaw": [
        r"(?P<title>Alternative report to the Committee on the Elimination of Discrimination against Women)",
        # "Republic of Korea, 90th session (February 2025)": the State and the session on one line
        r"(?P<state>[^,\n]+), (?P<session>\d+)(?:st|nd|rd|th) [Ss]ession(?: \((?P<session_dates>[^)]+)\))?",
        _SESSION,
        r"(?#subtitle)(?P<state>[^\n]+?)(?:\n(?P<session>\d+)(?:st|nd|rd|th) Session(?: \((?P<session_dates>[^)]+)\))?)?",
        r"Submitted by:? (?P<orgs>.+?)(?:, " + _DATE + r")?",
        r"(?P<consent_yes>This report may be posted on the Committee's web page\.)",
        r"(?P<consent_no>This report is not for publication\.)",
    ],
    "special-rapporteur": [
        r"(?P<place>[^,\n]{2,40}), " + _DATE,
        r"(?P<title>Input to the call for submissions)",
        r"Input to the (?P<call_mandate>Special Rapporteur[^\n]+)",  # "Input to the Special Rapporteur on ..."
        r"(?:Call for (?:input|submissions)|Re)\s*[:\u2013-]\s*(?P<call_title>.+)",
        r"(?P<call_mandate>Special Rapporteur[^\n]+?)(?:\nReport to the Human Rights Council at its (?P<call_session>\d+)"
        r"(?:st|nd|rd|th) session(?: \((?P<call_report>[^)]+)\))?)?",
        r"Submitted by:? (?P<orgs>.+?)",
        r"(?P<consent_yes>.+ consents to the publication of this submission on the OHCHR website\.)",
        r"(?P<consent_no>This submission is not for publication\.)",
    ],
    "cecc": [
        # "Washington, D.C., July 15, 2024": a place may hold commas; the date ends the line
        r"(?P<place>[^\n]{2,40}?), " + _DATE,
        r"Written Statement (?:provided by|of|by|from) (?P<author_name>[^,\n]+)(?:, (?P<author_title>[^,\n]+))?"
        r"(?:, (?P<author_affiliation>.+))?",
        r"(?P<salutation>(?:Honou?rable|Dear|To the) [^\n]+[,:])",  # a US letter may open with a colon
    ],
}
# lines any front page may hold, whatever the format: a memo's labels, a dated place
GENERIC: list[str] = [
    r"(?:Date|Dated)\s*:\s*" + _DATE,
    _DATE,  # a date line alone, without a place
    r"Submitted(?: on)? " + _DATE,
    r"(?:To|Addressee)\s*:\s*(?P<addressee>.+)",
    r"(?:Author|From|Prepared by|Contact)\s*:\s*(?P<author_name>[^,\n]+)(?:, (?P<author_title>[^\n]+))?",
    r"(?P<place>[A-Z][^,\n\d]{1,30}), " + _DATE,
]
CLOSING = r"(?P<closing>(?:Sincerely(?: yours)?|Yours (?:sincerely|faithfully|truly)|Respectfully(?: submitted)?|With (?:best|kind) regards),?)"
# a line of a letter's addressee: who it is to, not what about
_ADDRESSEE_LINE = re.compile(r"\b(?:Honou?rable|Chair(?:man|woman|person)?|Co-Chair|Commission|Congress|Senator|"
                             r"Representative|Members?|Committee|Washington)\b")
# a format told from the words of its front page, when --format is not given
FORMAT_SIGNS = [
    ("upr", r"Universal Periodic Review"),
    ("cedaw", r"Elimination of Discrimination against Women|CEDAW"),
    ("special-rapporteur", r"Special Rapporteur|call for (?:submissions|input)"),
    ("cecc", r"Congressional-Executive Commission|Written Statement|Hearing"),
]


@dataclass
class FrontMatter:
    keys: dict[str, object] = field(default_factory=dict)
    organisations: list[str] = field(default_factory=list)
    consumed: set[int] = field(default_factory=set)  # indexes of blocks read as front matter
    notes: list[str] = field(default_factory=list)
    # short lines at the very top that no key stands for (an address, a date in words): they
    # print as the front page's own lines (subtitles), not as a section without a title
    lines: list[int] = field(default_factory=list)


def org_lines(org) -> list[str]:
    label = f"{org.name} ({org.acronym})" if org.acronym else str(org.name)
    lines = [label, str(org.name)]
    if org.address:
        lines.append(org.address)
    phone = " ".join(x for x in ((f"Tel: {org.phone}" if org.phone else ""), (f"Fax: {org.fax}" if org.fax else "")) if x)
    if phone:
        lines.append(phone)
    web = " ".join(x for x in (org.website or "", (f"e-mail: {org.email}" if org.email else "")) if x)
    if web:
        lines.append(web)
    return lines


def guess_format(blocks) -> str | None:
    text = "\n".join(plain(b.inlines) for b in blocks[:25] if isinstance(b, (Paragraph, Heading)))
    # the sign found first wins: the front page comes before a body that may name other bodies
    found = [(match.start(), order, name) for order, (name, sign) in enumerate(FORMAT_SIGNS)
             if (match := re.search(sign, text))]
    return min(found)[2] if found else None


def read_front(blocks, fmt: str, organisations: dict, pieces=None) -> FrontMatter:
    """The front page's keys; ``pieces`` are the front-matter pieces the format prints
    (its ``front_matter:``), which decide whether a letter's closing and signature are keys
    or stay body text (``None``: every piece)."""
    front = FrontMatter()
    by_line = {}
    for org_id, org in organisations.items():
        for line in org_lines(org):
            by_line.setdefault(_flat(line), org_id)
        if org.description:
            by_line.setdefault(_flat(str(org.description)), org_id)
    patterns = [re.compile(p) for p in FRONT.get(fmt, []) + GENERIC]
    seen_body = 0
    for index, block in enumerate(blocks):
        if isinstance(block, Heading):
            text = plain(block.inlines).strip()
            if _flat(text) in by_line:  # the UPR front page's heading naming the organisation
                front.consumed.add(index)
                continue
            # a front-page line set as a heading ("# Input to the call for submissions")
            match = next((m for m in (p.fullmatch(text) for p in patterns if "(?#subtitle)" not in p.pattern)
                          if m), None)
            if match and index < 12:
                _take(front, match.groupdict(), organisations)
                front.consumed.add(index)
                continue
            break
        if not isinstance(block, Paragraph):
            break
        text = plain(block.inlines).strip().replace("\u2019", "'")
        flat = _flat(text)
        if block.style == "rule":
            continue
        if flat in by_line and (block.style in ("letterhead", "title", "body") or index < 12):
            _add_org(front, by_line[flat])
            front.consumed.add(index)
            continue
        # a pattern marked (?#subtitle) is only for the Subtitle paragraph (it would match any line)
        match = next((m for m in (p.fullmatch(text) for p in patterns
                                  if block.style == "subtitle" or "(?#subtitle)" not in p.pattern) if m), None)
        if match:
            _take(front, match.groupdict(), organisations)
            front.consumed.add(index)
            continue
        # a letter's addressee and hearing: the short lines between its date and its author.
        # The addressee may take several lines (the Chair, the Co-Chair, the Commission); the
        # hearing is the line that says so, or the first that names no addressee
        if fmt == "cecc" and "hearing" not in front.keys and "date" in front.keys \
                and "author_name" not in front.keys and "salutation" not in front.keys and len(text.split()) < 25:
            addressee = front.keys.get("addressee")
            if addressee is None or (not re.match(r"hearing\b", text, re.I) and _ADDRESSEE_LINE.search(text)):
                front.keys["addressee"] = f"{addressee}\n{text}" if addressee else text
            else:
                value = re.sub(r"^Hearing\s*:\s*", "", text)  # "Hearing: Title"; "Hearing on ..." stays
                date = re.search(r", " + _DATE + r"$", value)
                if date:
                    value = value[:date.start()]
                    front.keys["hearing_date"] = _iso(date.group("date"))
                front.keys["hearing"] = value
            front.consumed.add(index)
            continue
        if block.style in ("title", "subtitle") and fmt == "special-rapporteur" and "title" in front.keys:
            front.keys["call_title"] = text
            front.consumed.add(index)
            continue
        if block.style in ("title", "subtitle", "letterhead"):
            front.keys.setdefault("title", text)
            front.consumed.add(index)
            continue
        seen_body += 1
        if len(text.split()) > 40 or seen_body > 8:  # running text: the front page is over
            break
        subtitles = pieces is None or "subtitle" in {str(p) for p in pieces}
        spans = [i for i in block.inlines if isinstance(i, Span) and i.text.strip()]
        heading_like = TYPED_NUMBER.match(text) is not None or \
            (bool(spans) and all(i.strong for i in spans))  # read as a heading later (typed or bold)
        if subtitles and not heading_like and seen_body == len(front.lines) + 1 and len(text.split()) <= 12 \
                and not text.endswith((".", ":")):
            front.lines.append(index)
            front.notes.append(f"{block.where}: a front-page line no key stands for, kept as a line under "
                               f"the title (subtitles): {text[:60]}")
            continue
        front.notes.append(f"{block.where}: near the front page but not recognised as a front-matter key "
                           f"or organisation line, kept as text: {text[:60]}")
    _closing(blocks, front, organisations, pieces)
    if not front.organisations:  # named on no line of its own: an author's affiliation may name it
        affiliation = _flat(str(front.keys.get("author_affiliation") or ""))
        for org_id, org in organisations.items():
            if affiliation and affiliation in {_flat(line) for line in org_lines(org)[:2]}:
                _add_org(front, org_id)
    return front


_SIGNATURE_LINES = 3  # a signature's name, then its title and affiliation (one line or two)


def _closing(blocks, front: FrontMatter, organisations: dict, pieces=None) -> None:
    """A letter's closing line and signature, at the end: keys only where the format prints
    them (its ``closing`` piece; its ``signature`` or ``author`` piece), else body text.

    The signature is the closing's next lines: a name, then a title and an affiliation,
    one line ("Director of Advocacy, Uyghur Women's Voice Foundation") or two.  A line
    more than these, or a name other than the front page's author, stays body text."""
    printed = None if pieces is None else {str(p) for p in pieces}
    first = max(0, len(blocks) - 1 - _SIGNATURE_LINES)
    tail = [i for i in range(len(blocks) - 1, first - 1, -1) if isinstance(blocks[i], Paragraph)]
    for i in tail:
        text = plain(blocks[i].inlines).strip()
        match = re.fullmatch(CLOSING, text)
        if not match:
            continue
        after = blocks[i + 1:]
        if not all(isinstance(b, Paragraph) and b.style != "quote" for b in after):
            return  # a heading or a list after it: not a letter's end
        if printed is None or "closing" in printed:
            front.keys["closing"] = match.group("closing")
            front.consumed.add(i)
        if printed is not None and not printed & {"signature", "author"}:
            return
        lines = [plain(b.inlines).strip() for b in after]
        if not lines or not lines[0] or len(lines[0].split()) > 8:
            return
        name = lines[0]
        if front.keys.get("author_name", name) != name:
            return  # the front page's author is someone else: the lines stay text
        front.keys["author_name"] = name
        front.consumed.add(i + 1)
        rest = lines[1:3]
        if len(rest) == 1 and ", " in rest[0]:
            rest = rest[0].split(", ", 1)  # "Director of Advocacy, Uyghur Women's Voice Foundation"
        elif len(rest) == 1 and _is_organisation(rest[0], organisations):
            rest = ["", rest[0]]
        for key, value in zip(("author_title", "author_affiliation"), rest):
            if value and front.keys.get(key, value) != value:
                return  # not the front page's title or affiliation: the rest stays text
        for key, value in zip(("author_title", "author_affiliation"), rest):
            if value:
                front.keys[key] = value
        front.consumed.update(range(i + 2, i + 2 + len(lines[1:3])))
        return


def _is_organisation(line: str, organisations: dict) -> bool:
    from .sources import _ORG_WORDS

    known = {_flat(text) for org in organisations.values() for text in org_lines(org)[:2]}
    return _flat(line) in known or bool(_ORG_WORDS.search(line))


def _add_org(front: FrontMatter, org_id: str) -> None:
    if org_id not in front.organisations:
        front.organisations.append(org_id)


def _take(front: FrontMatter, groups: dict, organisations: dict) -> None:
    for key, value in groups.items():
        if value is None:
            continue
        if key == "cycle":
            word = value.lower()
            front.keys["cycle"] = _ORDINALS.index(word) if word in _ORDINALS else value
        elif key in ("session", "call_session"):
            front.keys[key] = int(value)
        elif key == "date":
            front.keys["date"] = _iso(value)
        elif key == "consent_yes":
            front.keys["publication_consent"] = True
        elif key == "consent_no":
            front.keys["publication_consent"] = False
        elif key == "orgs":
            for label in value.split("; "):
                for org_id, org in organisations.items():
                    if _flat(label) in {_flat(line) for line in org_lines(org)[:2]}:
                        _add_org(front, org_id)
        else:
            front.keys[key] = value.replace("\n", " ")


def _iso(text: str) -> dt.date | str:
    found = _find_date(text)
    if found and len(found[0]) == 10:
        return dt.date.fromisoformat(found[0])
    return text


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip()
