"""An imported document into content: sections and blocks, citations, findings reused.

``plan_import`` decides everything in memory (nothing is written):
front matter and organisation, sections from headings (typed numbers "1."
read as numbering), questions and recommendations lists, quotations, notes
into citations (``sources.py``), paragraphs the repository already holds as
findings, placeholders for what the format requires and the document does
not show; and the report.  ``dossier/content_writer.py`` writes the result.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, fields

from ..placeholders import PLACEHOLDER
from ..readers.document import Heading, ImportedDocument, ListBlock, NoteCall, Paragraph, Span, Table, plain
from ..readers.notes import _find_date
from .front import TYPED_NUMBER as _TYPED_NUMBER, guess_format, read_front
from .markup import note_text, to_markup
from .reuse import FindingMatcher
from .sources import NewEntry, NoteConverter, NoteOutcome, SourceIndex

_LIST_MARKER = re.compile(r"^\s*(?P<kind>questions|recommendations)(?: to [^:]+)?\s*:?\s*$", re.I)
# required keys a "TODO" text cannot stand for: a yes or no (a text would read as yes)
_NOT_TEXT = {"publication_consent": "yes or no"}
# keys typed as dates: their placeholder says how to write one
_DATES = ("date", "hearing_date")
# section kinds a format may require, told from the heading's words
_SECTION_KINDS = [("summary", r"\bsummary\b"), ("conclusion", r"\bconclusions?\b")]


@dataclass
class ImportPlan:
    target: str
    submission: dict  # key -> value, in the order they are written
    entries: list[NewEntry]
    report: list[str]
    notes: list[NoteOutcome] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)


def plan_import(project, doc: ImportedDocument, target: str, fmt: str | None, org: str | None) -> ImportPlan:
    report: list[str] = list(doc.notices)
    blocks = _typed_notes(doc, report)
    blocks = _join_page_breaks(blocks, report)
    fmt = fmt or guess_format(blocks)
    if fmt is None or fmt not in project.formats:
        from ..errors import UsageError

        raise UsageError(f"{doc.path}: cannot tell which format this document is; name one with --format "
                         f"({', '.join(sorted(project.formats))})")
    spec = project.formats.get(fmt)
    front = read_front(blocks, fmt, project.organisations, getattr(spec, "front_matter", None))
    report.extend(front.notes)
    organisations = [org] if org else front.organisations
    subtitles = [to_markup(blocks[i].inlines).strip() for i in front.lines]
    body = [b for i, b in enumerate(blocks) if i not in front.consumed and i not in front.lines and not
            (isinstance(b, Paragraph) and b.style == "rule")]
    body = [_as_heading(b) for b in body]
    index = SourceIndex(project.bibliography)
    converter = NoteConverter(index)
    outcomes: dict[int, NoteOutcome] = {}

    def note(number: int) -> str:
        if number not in outcomes:
            inlines = doc.notes.get(number, [])
            outcomes[number] = converter.convert(number, note_text(inlines), to_markup(inlines))
        return outcomes[number].markup

    matcher = FindingMatcher(project)
    sections = _sections(body, note, matcher, report)
    submission: dict = {"format": fmt}
    keys = dict(front.keys)
    author = {k[7:]: keys.pop(k) for k in list(keys) if k.startswith("author_")}
    call = {k[5:]: keys.pop(k) for k in list(keys) if k.startswith("call_")}
    for key in ("title", "state", "cycle", "session", "session_dates", "place", "date", "addressee",
                "hearing", "hearing_date"):
        if key in keys:
            submission[key] = keys.pop(key)
    if subtitles:
        submission["subtitles"] = subtitles
    if author:
        submission["author"] = author
    for key in ("salutation", "closing", "publication_consent"):
        if key in keys:
            submission[key] = keys.pop(key)
    if call:
        submission["call"] = call
    submission["organisations"] = organisations
    _drop_unprinted(submission, spec, report)
    if doc.language and not _format_default_language(doc.language, spec):
        submission["language"] = doc.language
    unread = _unread_typed(submission)
    placeholders = unread + _placeholders(submission, spec)
    numbering = _typed_numbering([b for b in body if isinstance(b, Heading)])
    if numbering and numbering != [str(n) for n in getattr(spec, "heading_numbering", None) or []]:
        submission["heading_numbering"] = numbering  # the document's "I." and "A.", not the format's
    headings = [b for b in body if isinstance(b, Heading)]
    _number_paragraphs(sections, spec, submission,
                       headings_numbered=bool(numbering) or any(h.numbered for h in headings))
    submission["sections"] = sections
    ordered = [outcomes[n] for n in sorted(outcomes)]
    missing_notes = set(doc.notes) - set(outcomes)
    for n in sorted(missing_notes):
        report.append(f"note {n} has no call in the text and was not imported")
    # a source's field the note did not give (a resolution's title): a placeholder in references.bib
    placeholders += [f"{entry.key}.{name} (references.bib)" for entry in index.new.values()
                     for name, value in entry.fields.items() if value.startswith(PLACEHOLDER)]
    report[:0] = _summary(body, ordered, index, matcher, placeholders)
    return ImportPlan(target, submission, list(index.new.values()), report, ordered, placeholders)


def _drop_unprinted(submission: dict, spec, report: list[str]) -> None:
    """A front-page key the format prints nowhere (a CEDAW report's place) is not written: it would
    have no effect but a warning at every build.  The report names what was left out."""
    from ..resolve import KEY_PIECES

    printed = {str(p) for p in getattr(spec, "front_matter", [])}
    required = {str(k) for k in getattr(spec, "requires", [])}
    for key, pieces in KEY_PIECES.items():
        if key in submission and key not in required and not printed & set(pieces):
            value = submission.pop(key)
            shown = value.get("name", "") if isinstance(value, dict) else value
            report.append(f"{key} '{shown}' not written: the {spec.id} format prints no {' or '.join(pieces)}")


def _placeholders(submission: dict, spec) -> list[str]:
    # The format's own required keys only: a CECC statement has no State under review
    required = list(getattr(spec, "requires", []) or [])
    found = []
    for key in dict.fromkeys(str(k) for k in required):
        if key == "organisations":
            if not submission.get("organisations"):
                submission["organisations"] = [PLACEHOLDER + "organisation"]
                found.append("organisations")
            continue
        if key == "author":
            author = submission.setdefault("author", {})
            if "name" not in author:
                author["name"] = PLACEHOLDER + "author's name"
                found.append("author.name")
            continue
        if key == "call":
            call = submission.setdefault("call", {})
            for part in ("title", "mandate"):
                if part not in call:
                    call[part] = PLACEHOLDER + f"call {part}"
                    found.append(f"call.{part}")
            continue
        if key in _NOT_TEXT and key not in submission:
            found.append(f"{key} (a {_NOT_TEXT[key]}: not written, add it before building)")
        elif key not in submission:
            submission[key] = PLACEHOLDER + key.replace("_", " ") + (" (YYYY-MM-DD)" if key in _DATES else "")
            found.append(key)
    return found


def _unread_typed(submission: dict) -> list[str]:
    """A number or date the front page writes in a form not read (``cycle: fifth-and-last``) is
    a placeholder quoting it, never a guessed value."""
    found = []
    for key, kind in (("cycle", "a number"), ("session", "a number"), ("date", "YYYY-MM-DD"),
                      ("hearing_date", "YYYY-MM-DD")):
        value = submission.get(key)
        if isinstance(value, str) and not value.startswith(PLACEHOLDER):
            submission[key] = PLACEHOLDER + f"{key.replace('_', ' ')} ({kind}; the document says: {value})"
            found.append(key)
    return found


def _summary(body, outcomes: list[NoteOutcome], index: SourceIndex, matcher, placeholders) -> list[str]:
    paragraphs = sum(isinstance(b, Paragraph) for b in body)
    headings = sum(isinstance(b, Heading) for b in body)
    parsed = sum(not o.kept for o in outcomes)
    kept = [o for o in outcomes if o.kept]
    reused = sorted({k for o in outcomes for k in o.reused})
    lines = [f"{paragraphs} paragraphs, {headings} headings, {len(outcomes)} notes",
             f"notes: {parsed} parsed into citations ({len(index.new)} new references, "
             f"{len(reused)} reused: {', '.join(reused) or 'none'}), {len(kept)} kept as written"]
    lines += [f"  note {o.number} kept as written ({o.reason})" for o in kept]
    lines.append(f"findings: {len(matcher.used)} reused ({', '.join(matcher.used) or 'none'}), "
                 f"{len(matcher.near)} near matches")
    lines += [f"  {n}" for n in matcher.near]
    passages = matcher.passages
    lines.append(f"passages of other submissions: {passages.identical} identical, {passages.near} near")
    lines += [f"  {line}" for line in passages.lines]
    lines.append(f"placeholders: {', '.join(placeholders) or 'none'}")
    return lines


# ---- structure -------------------------------------------------------------
def _typed_notes(doc: ImportedDocument, report: list[str]) -> list:
    """Notes typed as superscript numbers with their text in a paragraph starting with that number.

    A Word file pasted from a PDF has no footnotes, only the numbers; they are
    turned into notes when the number is called in the text and its paragraph found.
    """
    if doc.notes:
        return doc.blocks
    definitions: dict[int, int] = {}
    for i, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph) and block.inlines and isinstance(block.inlines[0], Span) \
                and block.inlines[0].superscript and block.inlines[0].text.strip().isdigit():
            definitions[int(block.inlines[0].text)] = i
    if not definitions:
        return doc.blocks
    called = 0
    for block in doc.blocks:
        if isinstance(block, (Paragraph, Heading)) and block.inlines and not (
                isinstance(block.inlines[0], Span) and block.inlines[0].superscript):
            new = []
            for item in block.inlines:
                if isinstance(item, Span) and item.superscript and item.text.strip().isdigit() \
                        and int(item.text) in definitions:
                    new.append(NoteCall(int(item.text)))
                    called += 1
                else:
                    new.append(item)
            block.inlines = new
    for number, i in definitions.items():
        doc.notes[number] = doc.blocks[i].inlines[1:]
        while doc.notes[number] and isinstance(doc.notes[number][0], Span) and not doc.notes[number][0].text.strip():
            doc.notes[number].pop(0)
        if doc.notes[number] and isinstance(doc.notes[number][0], Span):
            doc.notes[number][0] = Span(doc.notes[number][0].text.lstrip(), doc.notes[number][0].emphasis,
                                        doc.notes[number][0].strong, False, doc.notes[number][0].href)
    report.append(f"{len(definitions)} notes typed as superscript numbers read as footnotes ({called} calls)")
    skip = set(definitions.values())
    return [b for i, b in enumerate(doc.blocks) if i not in skip]


def _join_page_breaks(blocks: list, report: list[str]) -> list:
    """A paragraph cut by a page break (no closing punctuation, the next starting in lower case) is one."""
    out: list = []
    joined = 0
    for block in blocks:
        previous = next((b for b in reversed(out) if not (isinstance(b, Paragraph) and b.style == "rule")), None)
        if isinstance(block, Paragraph) and block.style == "body" and isinstance(previous, Paragraph) \
                and previous.style == "body":
            text, before = plain(block.inlines).lstrip(), plain(previous.inlines).rstrip()
            if text[:1].islower() and before and before[-1] not in ".!?:;”\"’)" and not before[-1].isdigit():
                while out and out[-1] is not previous:
                    out.pop()  # the rule between the halves
                previous.inlines = previous.inlines + [Span(" ")] + block.inlines
                joined += 1
                continue
        out.append(block)
    if joined:
        report.append(f"{joined} paragraph(s) cut by a page break joined again")
    return out


def _typed_kinds(headings: list[Heading]) -> list[tuple[Heading, re.Match | None, str]]:
    """Each heading with its typed number and what that number is: "roman", "letter",
    "arabic", or "" (none).  "C." after "B." is the letter C, not the Roman 100: a single
    letter that is also a Roman numeral (I, V, X, L, C) is a letter where it follows the
    letter before it."""
    out: list[tuple[Heading, re.Match | None, str]] = []
    letter = ""  # the letter typed last at the letters' level
    for heading in headings:
        match = _TYPED_NUMBER.match(plain(heading.inlines).strip())
        kind = ""
        if match and match.group("roman"):
            token = match.group("roman")
            if len(token) == 1 and letter and ord(token) == ord(letter) + 1:
                kind, letter = "letter", token
            else:
                kind, letter = "roman", ""  # a new "II.": its "A." starts again
        elif match and match.group("letter"):
            kind, letter = "letter", match.group("letter")
        elif match:
            kind = "arabic"
        out.append((heading, match, kind))
    return out


def _levels(headings: list[Heading]) -> dict[int, int]:
    """Each heading's section depth (1-3): from typed numbers where the document types them
    ("I." over "1." over "1.1"), else from its style's outline level."""
    rank = {level: i + 1 for i, level in enumerate(sorted({h.level for h in headings}))}
    typed = _typed_kinds(headings)
    if not any(kind for _, _, kind in typed):
        return {id(h): min(rank[h.level], 3) for h in headings}
    roman = any(kind == "roman" for _, _, kind in typed)
    top_style = min(h.level for h, _, kind in typed if kind)
    out, last = {}, 1
    letter_depth: int | None = None  # the depth of the "A." before: "B." is beside it, not under it
    numbered_before = False  # an "I." or "1." before: an "A." goes under it, else "A." is the top
    for heading, match, kind in typed:
        if kind == "roman":
            depth = 1
        elif kind == "arabic":
            assert match is not None
            depth = len(match.group("arabic").split(".")) + (1 if roman else 0)
        elif kind == "letter":  # "A." at the top, or under a numbered heading
            depth = letter_depth if letter_depth is not None else (last + 1 if numbered_before else 1)
        else:  # an unnumbered heading: at the top, or under the numbered one before it
            depth = 1 if heading.level <= top_style else last + 1
        depth = min(depth, 3)
        if kind:
            last = depth
            numbered_before = numbered_before or kind != "letter"
            if kind == "letter":
                letter_depth = depth
            elif letter_depth is not None and depth < letter_depth:
                letter_depth = None  # a new "II.": its "A." starts under it
        out[id(heading)] = depth
    return out


def _typed_numbering(headings: list[Heading]) -> list[str]:
    """The numbering each heading level types (``I.`` upper-roman, ``A.`` upper-alpha, ``1.``
    decimal), or Word numbers it with (its list level's numFmt), as ``heading_numbering``;
    empty when the document numbers none."""
    levels = _levels(headings)
    names = {"roman": "upper-roman", "letter": "upper-alpha", "arabic": "decimal"}
    kinds: dict[int, str] = {}
    for heading, _, kind in _typed_kinds(headings):
        if kind:
            kinds.setdefault(levels[id(heading)], names[kind])
    for heading in headings:  # numbered by Word's list numbering: its level's numFmt
        if heading.number_style and not _TYPED_NUMBER.match(plain(heading.inlines).strip()):
            kinds.setdefault(levels[id(heading)], heading.number_style)
    if not kinds:
        return []
    return [kinds.get(depth, "none") for depth in range(1, max(kinds) + 1)]


def _unbold(inlines: list) -> list:
    """A heading's words without the bold its style gives it anyway (italics kept)."""
    return [Span(i.text, i.emphasis, False, i.superscript, i.href, i.lang) if isinstance(i, Span) else i
            for i in inlines]


def _heading_parts(block: Heading) -> tuple[str, bool, int | None]:
    text = plain(block.inlines).strip()
    match = _TYPED_NUMBER.match(text)
    if not match:
        # not .strip("*"): "**Hearing:** ***Title***" would lose the marks that open and close it
        return to_markup(_unbold(block.inlines)).strip(), block.numbered, None
    depth = 1 if match.group("roman") or match.group("letter") else len(match.group("arabic").split("."))
    stripped = [Span(text[match.end():])] if all(isinstance(i, Span) for i in block.inlines) else block.inlines
    title = to_markup([Span(s.text, s.emphasis, False, False, s.href) for s in stripped if isinstance(s, Span)])
    return title.strip(), True, depth


_NUMBERED_PARAGRAPHS = "_numbered paragraphs"  # a mark on a section while sections are made


def _number_paragraphs(sections: list[dict], spec, submission: dict, headings_numbered: bool) -> None:
    """A section whose paragraphs Word numbered is a numbered section (the template numbers its
    paragraphs); where the document numbers no heading, its headings stay without numbers."""
    marked = False
    for section in _walk(sections):
        if section.pop(_NUMBERED_PARAGRAPHS, False) and getattr(spec, "numbered_paragraphs", False):
            section["numbered"] = marked = True
    if marked and not headings_numbered and "heading_numbering" not in submission:
        submission["heading_numbering"] = ["none"]


def _walk(sections: list[dict]):
    for section in sections:
        yield section
        yield from _walk(section.get("sections", []))


def _sections(body: list, note, matcher, report: list[str]) -> list[dict]:
    top: list[dict] = []
    stack: list[tuple[int, dict]] = []  # (level, section)
    pending_list: str | None = None
    headings = [b for b in body if isinstance(b, Heading)]
    highest = min((h.level for h in headings), default=1)

    def list_marker(heading: Heading) -> re.Match | None:
        # "Recommendations:" under a section introduces its list; a top-level
        # "Recommendations" heading is a section of its own (whose list follows)
        match = _LIST_MARKER.match(plain(heading.inlines))
        if match and (heading.level > highest or plain(heading.inlines).strip().endswith(":")):
            return match
        return None

    levels = _levels([h for h in headings if not list_marker(h)])

    def current() -> dict:
        if not stack:
            section = {"title": PLACEHOLDER + "title", "numbered": False, "blocks": []}
            top.append(section)
            stack.append((1, section))
        return stack[-1][1]

    index = 0
    while index < len(body):
        block = body[index]
        index += 1
        if isinstance(block, Heading):
            if list_marker(block):
                pending_list = list_marker(block).group("kind").lower()
                continue
            marker = _LIST_MARKER.match(plain(block.inlines))
            level = levels.get(id(block), 1)
            title, numbered, depth = _heading_parts(block)
            section = {"title": title, "numbered": numbered, "blocks": []}
            kind = next((k for k, word in _SECTION_KINDS if re.search(word, title, re.I)), None)
            if kind:
                section["kind"] = kind
            while stack and stack[-1][0] >= level:
                stack.pop()
            if stack:
                stack[-1][1].setdefault("sections", []).append(section)
            else:
                top.append(section)
            stack.append((level, section))
            pending_list = marker.group("kind").lower() if marker else None
            continue
        section = current()
        if isinstance(block, Paragraph):
            marker = _LIST_MARKER.match(plain(block.inlines))
            if marker:
                pending_list = marker.group("kind").lower()
                continue
            articles = re.fullmatch(r"Convention articles? ([\w, ]+)", plain(block.inlines).strip())
            if articles and not section["blocks"]:
                section["articles"] = [a.strip() for a in articles.group(1).split(",")]
                continue
            if block.style == "quote":
                prior = _prior_recommendation(block, matcher.project)
                last = section["blocks"][-1] if section["blocks"] else {}
                if prior and "prior_recommendations" in last and last["prior_recommendations"]["set"] == prior[0]:
                    last["prior_recommendations"]["numbers"].append(prior[1])
                elif prior:
                    section["blocks"].append({"prior_recommendations": {"set": prior[0], "numbers": [prior[1]]}})
                else:
                    section["blocks"].append({"quote": to_markup(block.inlines, note)})
                continue
            run = matcher.run_at(body, index - 1, note) if block.style == "body" else None
            if run:
                section["blocks"].append({"finding": run[0]})
                index += run[1] - 1
                continue
            section["blocks"].extend(matcher.blocks(block, note))
        elif isinstance(block, ListBlock):
            kind = pending_list or _list_kind(section["title"])
            items = [to_markup(item, note) for item in block.items]
            if kind and len(items) > 1 and plain(block.items[0]).strip().endswith(":"):
                # "The HWRC recommends that the Committee urge the State party to:" numbered with
                # its items: the sentence introducing them, not a recommendation of its own
                section["blocks"].append({"text": items.pop(0)})
            if kind:
                section["blocks"].append({kind: items})
            else:
                section["blocks"].extend({"text": item} for item in items)
                if block.ordered:  # Word's automatic paragraph numbers (1., 2., ...), as a format numbers them
                    section[_NUMBERED_PARAGRAPHS] = True
                    report.append(f"{block.where}: {len(items)} numbered paragraph(s) imported as paragraphs, "
                                  "numbered as the format numbers them")
                else:
                    report.append(f"{block.where}: a list of {len(items)} item(s) kept as paragraphs "
                                  "(not under a Questions or Recommendations heading)")
            pending_list = None
        elif isinstance(block, Table):
            if block.cells is not None:  # marked up: each cell's emphasis kept, not escaped
                rows = [" | ".join(to_markup(cell, note).strip() for cell in row) for row in block.cells]
            else:
                rows = [to_markup([Span(" | ".join(r))]) for r in block.rows]
            section["blocks"].extend({"text": r} for r in rows if r.strip(" |"))
            report.append(f"{block.where}: a table of {len(block.rows)} row(s) kept as one paragraph per row")
    return top


def _prior_recommendation(block: Paragraph, project) -> tuple[str, str] | None:
    """``28.131 Consider ... (Peru);`` as a recommendation set of content/recommendations/ has it."""
    text = re.sub(r"\s+", " ", plain(block.inlines)).strip()
    match = re.match(r"(\d+\.\d+) ", text)
    if not match:
        return None
    for set_id in sorted(project.recommendations):
        rec = project.recommendations[set_id].find(match.group(1))
        if rec is None:
            continue
        from ..inline import parse_inline

        words = re.sub(r"\s+", " ", "".join(getattr(n, "text", "") for n in parse_inline(rec.text).inlines))
        shown = f"{rec.number} {words.strip()}" + "".join(f" ({s})" for s in rec.states) + ";"
        if shown == text:
            return set_id, rec.number
    return None


def _as_heading(block):
    """A heading the document typed rather than styled: "1. Title" that a converter read as a
    one-item numbered list, or a short paragraph that is "I. Title" or wholly bold."""
    if isinstance(block, ListBlock) and block.ordered and len(block.items) == 1 and _looks_heading(block.items[0]):
        return Heading(1, [Span("1. ")] + block.items[0], block.where)
    if isinstance(block, Paragraph) and block.style == "body" and _looks_heading(block.inlines):
        text = plain(block.inlines).strip()
        dated = _find_date(text)
        if dated and len(dated[0]) == 10 and len(text.split()) <= 8:
            return block  # "**Tashkent / Berlin, 28 February 2024**": a date line in bold, no heading
        spans = [i for i in block.inlines if isinstance(i, Span) and i.text.strip()]
        bold = bool(spans) and all(i.strong for i in spans)
        if (_TYPED_NUMBER.match(text) and (bold or len(text.split()) <= 12)) or (bold and len(text.split()) <= 12):
            return Heading(1, block.inlines, block.where)
    return block


def _looks_heading(inlines) -> bool:
    text = plain(inlines).strip()
    return 0 < len(text.split()) <= 25 and text[-1:] not in ".;,:" and not any(isinstance(i, NoteCall) for i in inlines)


def _list_kind(title: str) -> str | None:
    lowered = title.lower()
    if "recommendation" in lowered:
        return "recommendations"
    if "question" in lowered:
        return "questions"
    return None


def near_words(a: str, b: str) -> str:
    """The words that differ between two paragraphs: "-old +new"."""
    left, right = a.split(), b.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=left, b=right, autojunk=False).get_opcodes():
        if op != "equal":
            out.append(" ".join(x for x in (("-" + " ".join(left[i1:i2])) if i2 > i1 else "",
                                             ("+" + " ".join(right[j1:j2])) if j2 > j1 else "") if x))
    return "; ".join(out)


def _format_default_language(language: str, spec) -> bool:
    """Whether a document's language is what the format gives a submission that names none
    (``en-US`` in a CECC statement): then it is not written, so a submission built and imported
    again reads as it was written."""
    from ..languages import with_region
    from ..model import Submission

    default = next(f.default for f in fields(Submission) if f.name == "language")
    return spec is not None and with_region(default, spec.language).lower() == language.lower()
