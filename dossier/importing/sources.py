"""Notes into citations: each parsed source reused by key when the references hold it
(same URL, UN symbol, or title and date), else a new references.bib entry.

A note is turned into citation markup (``[@key, para. 47; see @other]``) only
when every source in it is sure; otherwise it is kept word for word as an
in-place note ``^[...]`` and listed in the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..citations import kinds
from ..readers.notes import NoteSource, ParsedNote, is_cjk, parse_note

_ORG_WORDS = re.compile(r"\b(?:alliance|committee|council|commission|watch|amnesty|institute|center|centre|"
                        r"association|network|foundation|office|ministry|government|united|nations|assembly|"
                        r"rights|agency|service|news|times|post|daily|radio|press|university|group|union|"
                        r"organi[sz]ation|department|court|bureau|secretariat|rapporteur|nk|un|ohchr|"
                        r"house|coalition|society|federation|initiative|project|forum|trust|fund|league|"
                        r"movement|campaign|partnership|collective|party|ngo|human|international|"
                        r"federal|national|republic|state|council|board|program(?:me)?|unit|bank|"
                        r"observatory|centers?|centres?|labs?)\b", re.I)


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _norm_url(url: str) -> str:
    return re.sub(r"^https?://(?:www\.)?", "", url.strip()).rstrip("/").lower()


@dataclass
class NewEntry:
    key: str
    type: str
    fields: dict[str, str]


@dataclass
class NoteOutcome:
    number: int
    markup: str  # what replaces the note call in the text
    keys: list[str]  # the references it cites, in order
    kept: bool  # kept as written
    reused: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    reason: str = ""


class SourceIndex:
    """The references already in the project, by URL, symbol and title; and the new ones."""

    def __init__(self, bibliography) -> None:
        self.by_url: dict[str, str] = {}
        self.by_number: dict[str, str] = {}
        self.by_title: dict[str, list[tuple[str, str]]] = {}
        self.taken: set[str] = set(bibliography.keys()) | set(getattr(bibliography, "broken", set()))
        self.new: dict[str, NewEntry] = {}
        self.fields: dict[str, dict[str, str]] = {}
        for key, ref in bibliography.references.items():
            self._index(key, ref.fields)

    def _index(self, key: str, fields: dict[str, str]) -> None:
        self.fields[key] = fields
        if fields.get("url"):
            self.by_url.setdefault(_norm_url(fields["url"]), key)
        if fields.get("number"):
            self.by_number.setdefault(fields["number"].upper(), key)
        for name in ("title", "shorttitle"):
            if fields.get(name):
                self.by_title.setdefault(_norm(fields[name]), []).append((key, fields.get("date", "")[:4]))

    def find(self, source: NoteSource) -> str | None:
        found = source.fields
        if found.get("url") and _norm_url(found["url"]) in self.by_url:
            return self.by_url[_norm_url(found["url"])]
        if found.get("number") and found["number"].upper() in self.by_number:
            return self.by_number[found["number"].upper()]
        title = _norm(found.get("title", ""))
        year = found.get("date", "")[:4]
        for key, ref_year in self.by_title.get(title, []):
            if (not year or not ref_year or year == ref_year) and self._agrees(key, found):
                return key
        # a title written without quotes, inside the part's words ("Convention against Torture, art. 3")
        words = _norm(source.text)
        best = max((t for t in self.by_title if len(t) > 12 and f" {t} " in f" {words} "), key=len, default="")
        if best and len(best) >= len(words) * 0.5 and self._agrees(self.by_title[best][0][0], found):
            return self.by_title[best][0][0]
        return None

    def _agrees(self, key: str, found: dict[str, str]) -> bool:
        """A title match is no match when the symbols or URLs differ."""
        known = self.fields.get(key, {})
        if found.get("number") and known.get("number") and found["number"].upper() != known["number"].upper():
            return False
        return not (found.get("url") and known.get("url") and _norm_url(found["url"]) != _norm_url(known["url"]))

    def create(self, source: NoteSource) -> NewEntry:
        entry = _entry(source, self._key(source))
        self.new[entry.key] = entry
        self.taken.add(entry.key)
        self._index(entry.key, entry.fields)
        return entry

    def _key(self, source: NoteSource) -> str:
        found = source.fields
        if found.get("number"):
            base = re.sub(r"[^a-z0-9]+", "-", found["number"].lower()).strip("-")
            key, n = base, 2
            while key in self.taken:
                key, n = f"{base}-{n}", n + 1
            return key
        who = found.get("author") or found.get("publisher") or ""
        acronym = re.findall(r"\b[A-Z]{2,}\b", who)
        head = acronym[0] if acronym and not found.get("number") else who
        words = [w for w in re.findall(r"[A-Za-z0-9]+", f"{head} {found.get('title', '')}".lower())
                 if w not in {"the", "of", "a", "an", "and", "on", "in", "for", "to"}][:4]
        while words and words[0][0].isdigit():  # "2차" of a Korean title: a key starts with a letter
            words.pop(0)
        base = "-".join(words) or "source"
        if found.get("date") and not found.get("number"):
            base += "-" + found["date"][:4]
        key, n = base, 2
        while key in self.taken:
            key, n = f"{base}-{n}", n + 1
        return key


def _entry(source: NoteSource, key: str) -> NewEntry:
    found = dict(source.fields)
    fields: dict[str, str] = {}
    title = found.get("title", "")
    fields["title"] = title or "TODO: title"
    if found.get("origtitle"):
        fields["origtitle"] = found["origtitle"]
        if is_cjk(found["origtitle"]):
            fields["origlanguage"] = "ko" if re.search(r"[\uac00-\ud7af]", found["origtitle"]) else \
                "ja" if re.search(r"[\u3040-\u30ff]", found["origtitle"]) else "zh"
    author = found.get("author", "")
    number = found.get("number", "")
    if number and "/RES/" in number.upper() and found.get("date"):
        # a resolution, cited by its symbol and date; "Human Rights Council resolution 55/21"
        # is what it is called, which the styles print from the symbol, not its title
        kind = "legislation"
        fields["entrysubtype"] = "resolution"
        fields["number"] = number
        if re.fullmatch(r"(?:[\w ]+ )?resolution\s+[\w/().\s-]+", title, re.I):
            fields["title"] = "TODO: title"
            fields["note"] = title
        if author:
            fields["institution"] = author
    elif number:
        kind = "report"
        fields["number"] = number
        if not found.get("date"):  # concluding observations need a date the note did not give
            fields["entrysubtype"] = "un"
        if author:
            fields["institution"] = author
        elif kinds.is_un_symbol(number) and "/CO/" in number.upper() and found.get("date"):
            committee = _TREATY_BODIES.get(re.split(r"[/.]", number)[0].upper())
            if committee:  # the symbol names the committee: CEDAW/C/CHN/CO/9
                fields["institution"] = committee
    elif source.italic_title and not found.get("url"):
        kind = "book"
        if author:
            fields["author"] = biblatex_names(author)
        if found.get("publisher"):
            fields["publisher"] = found["publisher"]
        if not author:
            fields["institution"] = "TODO: author"
    elif found.get("publisher") and (not found.get("url") or _looks_news(found["publisher"])
                                     or source.italic_outlet):
        news = _looks_news(found["publisher"])
        kind = "article" if news or source.italic_outlet else "report"
        if kind == "article":
            fields["journaltitle"] = found["publisher"]
            if news:
                fields["entrysubtype"] = "newspaper"
            for name, field_name in (("volume", "volume"), ("journal_number", "number"), ("pages", "pages")):
                if found.get(name):  # a journal's issue, as the note gave it
                    fields[field_name] = found[name]
        else:
            fields["institution"] = found["publisher"]
        if author:
            fields["author"] = biblatex_names(author)
    elif found.get("url") and not found.get("date"):
        kind = "online"
        if author:
            fields["author"] = biblatex_names(author)
        if found.get("publisher"):
            fields["organization"] = found["publisher"]
    else:
        kind = "report"
        if author:
            fields["author"] = biblatex_names(author)
        if found.get("publisher"):
            fields["institution"] = found["publisher"]
    # a UN document or UPR report is cited by its title and symbol (who issued it is implied);
    # an NGO's report and concluding observations need who wrote them
    needs = kinds.classify(kind, fields)[0] if kind == "report" else ""
    if needs == "concluding-observations" and "institution" not in fields:
        fields["institution"] = "TODO: institution"
    elif needs == "report" and "author" not in fields and "institution" not in fields:
        fields["institution"] = "TODO: author or institution"
    if found.get("location") and kind in ("book", "report"):
        fields["location"] = found["location"]
    if found.get("date"):
        fields["date"] = found["date"]
    if found.get("url"):
        fields["url"] = found["url"]
    if found.get("urldate"):
        fields["urldate"] = found["urldate"]
    return NewEntry(key, kind, fields)


# the treaty bodies by the series of their documents' symbols
_TREATY_BODIES = {
    "CAT": "Committee against Torture", "CCPR": "Human Rights Committee",
    "CEDAW": "Committee on the Elimination of Discrimination against Women",
    "CERD": "Committee on the Elimination of Racial Discrimination", "CRC": "Committee on the Rights of the Child",
    "CRPD": "Committee on the Rights of Persons with Disabilities", "CMW": "Committee on Migrant Workers",
    "CED": "Committee on Enforced Disappearances",
}


def _looks_news(outlet: str) -> bool:
    return bool(re.search(r"\b(?:news|times|post|daily|ilbo|sinmun|shimbun|radio|herald|guardian|journal|tribune|reuters|"
                          r"ap|afp|bbc|cnn|pro|nk\s*pro|yonhap|asia)\b", outlet, re.I))


# common Korean and Chinese family names, written first in romanised names ("Kim Min-ji");
# such a name is written braced, as typed: biblatex's "Kim, Min-ji" would print "Min-ji Kim"
_FAMILY_FIRST = set("kim lee yi park pak choi choe jung jeong kang cho jo yoon yun jang lim im han shin seo kwon "
                    "hwang ahn an song hong jeon ko moon mun son bae baek heo nam "
                    "zhang wang li liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo zheng "
                    "liang xie tang deng feng".split())


def biblatex_names(text: str) -> str:
    """"Jane Doe and John Roe" -> "Doe, Jane and Roe, John"; organisations braced whole.

    A romanised Korean or Chinese name, family name first ("Kim Seung-hee", "Li Wen"), is
    braced as typed (``{Kim Seung-hee}``): every style prints a name in "family, given" form
    given name first, so the note's "Li Wen" would come back as "Wen Li"."""
    people = [p.strip() for p in re.split(r"\s+(?:and|&)\s+|,\s+(?=[A-Z][a-z]+\s+[A-Z])", text) if p.strip()]
    out = []
    for person in people:
        words = person.split()
        if _ORG_WORDS.search(person) or is_cjk(person) or len(words) < 2 or len(words) > 3 or \
                not all(w[:1].isupper() for w in words) or person.isupper():
            out.append("{" + person + "}")
        elif words[0].lower() in _FAMILY_FIRST:  # Korean and Chinese names: family name first, as typed
            out.append("{" + person + "}")
        else:
            out.append(f"{words[-1]}, {' '.join(words[:-1])}")
    return " and ".join(out)


class NoteConverter:
    """Every note of a document, in order, with Ibid. and supra pointing back."""

    def __init__(self, index: SourceIndex) -> None:
        self.index = index
        self.keys_by_note: dict[int, list[str]] = {}
        self.previous: list[str] = []
        self.author_of: dict[str, str] = {}  # key -> its author as the notes wrote it (for op. cit.)

    def convert(self, number: int, text: str, markup: str) -> NoteOutcome:
        parsed: ParsedNote = parse_note(text)
        if not parsed.sources:
            return self._kept(number, markup, "empty")
        items, keys, reused, created = [], [], [], []
        same_as_before: set[int] = set()  # "...; see also Id. at 14": the part before it in this note
        for source in parsed.sources:
            if source.back == "ibid" and keys:
                same_as_before.add(len(keys))
                key = keys[-1]
            elif source.back == "ibid":
                if len(self.previous) != 1:
                    return self._kept(number, markup, "Ibid. after a note without a single source")
                key = self.previous[0]
            elif source.back == "supra":
                earlier = self.keys_by_note.get(source.back_note)
                if not earlier:
                    return self._kept(number, markup, f"supra note {source.back_note}: that note cites no source")
                key = earlier[0]
            elif source.back == "op-cit":
                key = self._last_by(source.fields.get("author", ""))
                if key is None:
                    return self._kept(number, markup, "op. cit.: no earlier note cites a work of that author")
            else:
                key = self.index.find(source)
                if key is not None:
                    if key not in self.index.new:  # not one this import made for an earlier note
                        reused.append(key)
                elif source.fields.get("series") == "UNTS":  # not made from a note: its entry into force
                    return self._kept(number, markup, f"a treaty references.bib does not hold: "
                                                      f"{source.fields.get('title', '')[:50]} (add it, then import again)")
                elif not source.sure:
                    return self._kept(number, markup, f"not recognised as a source: {source.text[:50]}")
                else:
                    key = ""  # made below, once every part of the note is known to be a source
            keys.append(key)
        for i, (source, key) in enumerate(zip(parsed.sources, keys)):
            if i in same_as_before:
                keys[i] = key = keys[i - 1]  # made just before, if this import made it
            elif not key:
                keys[i] = key = self.index.create(source).key
                created.append(key)
            pin = f", {source.pinpoint}" if source.pinpoint else ""
            prefix = f"{source.prefix} " if source.prefix else ""
            items.append(f"{prefix}@{key}{pin}")
        self.keys_by_note[number] = keys
        self.previous = keys
        for source, key in zip(parsed.sources, keys):
            if not source.back and source.fields.get("author"):
                self.author_of.setdefault(key, source.fields["author"])
        return NoteOutcome(number, "[" + "; ".join(items) + "]", keys, False, reused, created)

    def _last_by(self, who: str) -> str | None:
        """The source of ``who`` cited in the latest earlier note; None when there is none, or
        when that note cites two of theirs (op. cit. could mean either)."""
        wanted = " ".join(who.casefold().split())
        for number in sorted(self.keys_by_note, reverse=True):
            theirs = [k for k in dict.fromkeys(self.keys_by_note[number])
                      if " ".join(self.author_of.get(k, "").casefold().split()) == wanted]
            if theirs:
                return theirs[0] if len(theirs) == 1 else None
        return None

    def _kept(self, number: int, markup: str, reason: str) -> NoteOutcome:
        self.keys_by_note[number] = []
        self.previous = []
        return NoteOutcome(number, "^[" + markup + "]", [], True, reason=reason)
