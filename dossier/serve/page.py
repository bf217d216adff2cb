"""The preview page and its parts, as HTML.

The document is rendered by ``writers.html`` (the PDF's own block and inline
rendering), with each footnote call given its number and the notes listed at
the end under the same numbers as in the DOCX and PDF.  Every piece of
content text is escaped, there or here: nothing an author types can add
markup or scripts to the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from html import escape
from pathlib import Path
from urllib.parse import quote

from ..budget import Budget
from ..document import Document, Heading, ListBlock, Note, PageBreak, Paragraph, plain_text
from ..errors import Diagnostic, Location, UsageError
from ..formats import FormatSpec
from ..wordcount import WordCount, section_title
from ..writers.html import block_html, inlines_html
from .builder import Outcome

DEFAULT_EDITOR_URL = "vscode://file{path}:{line}:{column}"  # {path} is absolute: vscode://file/home/...


@dataclass(frozen=True)
class SourceLinks:
    """Links from the page to source lines, opened in the author's editor.

    Browsers refuse ``file://`` links on an http:// page, so a link uses an
    editor's URL scheme (VS Code's by default; ``--editor-url`` names another,
    or none).  The plain ``path:line:col`` is always shown beside it, for any
    other editor or a terminal.
    """

    root: Path
    template: str = DEFAULT_EDITOR_URL

    def __post_init__(self) -> None:
        try:
            self.template.format(path="/p", line=1, column=1)
        except (KeyError, IndexError, ValueError) as exc:
            raise UsageError(f"--editor-url '{self.template}': only {{path}}, {{line}} and {{column}} "
                             f"may be filled in ({exc})") from None

    def href(self, loc: Location) -> str:
        if not self.template or not loc.path:
            return ""
        path = Path(loc.path)
        if not path.is_absolute():
            path = self.root / path
        return self.template.format(path=quote(path.as_posix(), safe="/"),
                                    line=loc.line or 1, column=loc.column or 1)


def parse_location(text: str) -> Location | None:
    """``path:line:col`` (a block's ``source``) back into a Location."""
    match = re.fullmatch(r"(.+?):(\d+)(?::(\d+))?", text)
    if match is None:
        return None
    return Location(match.group(1), int(match.group(2)), int(match.group(3) or 0))


# ---- the document -----------------------------------------------------------
def _note_call(note: Note) -> str:
    tip = escape(plain_text(note.children))  # the note's text on hover, as a reader would see it
    return (f'<sup class="call"><a href="#note-{note.number}" id="call-{note.number}" '
            f'title="{tip}">{note.number}</a></sup>')


_CSS_NAME = re.compile(r"[^A-Za-z0-9 _-]")


def _font_list(names: list[str]) -> str:
    # names come from format.yaml: keep them to characters a CSS string can hold as they are
    return ", ".join(f'"{_CSS_NAME.sub("", name)}"' for name in names)


def _format_css(spec: FormatSpec) -> str:
    """The format's fonts and alignment, as in the PDF (the page box and floats are print-only)."""
    fonts = spec.fonts
    body = _font_list(fonts.pdf_body) + ", serif"
    rules = [f".doc {{ font-family: {body}; font-size: {float(fonts.body_size)}pt; }}",
             f".doc p, .doc li {{ text-align: {'justify' if spec.justify else 'left'}; }}",
             f".doc.notes li {{ font-size: {float(fonts.note_size)}pt; text-align: left; }}"]
    for font in fonts.cjk:
        lang = _CSS_NAME.sub("", font.lang)
        rules.append(f'.doc :lang({lang}) {{ font-family: {_font_list([font.family])}, {body}; }}')
    return "\n".join(rules)


def document_html_part(document: Document, spec: FormatSpec, count: WordCount, links: SourceLinks) -> str:
    """The submission with numbered paragraphs, note calls and its notes at the end."""
    sections = {s.title: i for i, s in enumerate(count.sections)}
    anchored: set[str] = set()
    number = 0
    out = [f"<style>{_format_css(spec)}</style>",
           f'<article class="doc" lang="{escape(document.meta.language)}">']
    for block in document.blocks:
        if isinstance(block, PageBreak):
            out.append('<hr class="pagebreak" title="page break">')
            continue
        attrs = ""
        if isinstance(block, (Heading, Paragraph, ListBlock)):
            title = section_title(block)
            if title not in anchored and title in sections:  # the budget's rows link here
                anchored.add(title)
                attrs += f' id="section-{sections[title]}"'
        gutter = ""
        if isinstance(block, Paragraph) and block.numbered:
            number += 1  # one sequence through the document, as the DOCX numbering and the PDF counter
            gutter = f'<span class="pnum">{number}.</span>'
        source = ""
        loc = parse_location(block.source) if getattr(block, "source", "") else None
        if loc is not None:
            attrs += f' data-source="{escape(str(loc))}"'
            href = links.href(loc)
            if href:
                source = f'<a class="src" href="{escape(href)}" title="{escape(str(loc))}">source</a>'
        out.append(f'<div class="block"{attrs}>{gutter}{block_html(block, _note_call)}{source}</div>')
    out.append("</article>")
    if document.notes:
        out.append(f'<section class="doc notes" lang="{escape(document.meta.language)}" aria-label="Notes">'
                   f'<h2>Notes</h2><ol>')
        for note in document.notes:
            out.append(f'<li id="note-{note.number}" value="{note.number}">'
                       f'{inlines_html(note.children, _note_call)} '
                       f'<a class="back" href="#call-{note.number}" title="back to the text">&#8617;</a></li>')
        out.append("</ol></section>")
    return "\n".join(out)


# ---- the word budget ----------------------------------------------------------
def budget_html_part(budget: Budget, count: WordCount) -> str:
    counts = budget.counts
    limit = budget.limit
    rows = []
    for i, section in enumerate(count.sections):
        words = section.counted(counts)
        counted = words > 0 or section.body + section.headings + section.notes == 0
        notes = f" ({section.notes:,} in notes)" if section.notes and "notes" in counts else ""
        share = f"{100 * words / limit:.0f}%" if limit else ""
        bar = (f'<span class="bar"><span style="width:{min(100.0, 100 * words / limit):.1f}%"></span></span>'
               if limit else "")
        cell = f"{words:,}{notes}" if counted else "not counted"
        row_class = "" if counted else ' class="uncounted"'
        rows.append(f'<tr{row_class}><td><a href="#section-{i}">'
                    f'{escape(section.title)}</a></td><td class="num" data-words="{words}">{cell}</td>'
                    f'<td class="share">{share}{bar}</td></tr>')
    total = f'<span id="words-total" data-words="{budget.words}">{budget.words:,}</span>'
    if limit is None:
        verdict = f"{total} words, no limit"
    else:
        left = limit - budget.words
        state = f"{left:,} left" if left >= 0 else f"{-left:,} over"
        verdict = (f'{total} / <span id="words-limit">{limit:,}</span> words '
                   f'<span class="{"over" if left < 0 else "left"}">{state}</span>')
    source = (f"{escape(budget.label)}: {escape(budget.source)} ({escape(budget.sureness)})"
              if limit is not None else escape(budget.label))
    return (f'<p class="total{" is-over" if budget.over else ""}">{verdict}</p>'
            f'<table class="sections"><thead><tr><th>Section</th><th>Words</th><th>of limit</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>'
            f'<p class="limit">Counts {escape(", ".join(counts))}. {source}</p>')


# ---- warnings and errors ------------------------------------------------------
def diagnostics_html_part(items: tuple[Diagnostic, ...], links: SourceLinks) -> str:
    if not items:
        return '<p class="clean">No warnings or errors.</p>'
    ordered = [d for d in items if d.severity == "error"] + [d for d in items if d.severity != "error"]
    out = ['<ul class="diagnostics">']
    for d in ordered:
        where = ""
        if d.location.path:
            href = links.href(d.location)
            opener = (f' <a class="open" href="{escape(href)}" title="open in your editor">open</a>'
                      if href else "")
            where = f'<code class="loc">{escape(str(d.location))}</code>{opener} '
        severity = escape(d.severity)
        out.append(f'<li class="{severity}"><span class="severity">{severity}</span> {where}'
                   f'<span class="message">{escape(d.message)}</span></li>')
    out.append("</ul>")
    return "".join(out)


# ---- the whole page -------------------------------------------------------------
@dataclass(frozen=True)
class Rendering:
    """The page's parts after one build."""

    build_id: str
    ok: bool
    parts: dict[str, str]  # HTML by element id; static/preview.js swaps each in


def _clock(when: float) -> str:
    return datetime.fromtimestamp(when).strftime("%H:%M:%S")


def render(target: str, outcome: Outcome, built_at: float, last_good: tuple[Outcome, float] | None,
           links: SourceLinks, build_id: str) -> Rendering:
    """The parts after ``outcome``; on errors the document and budget are the last good ones."""
    shown = (outcome, built_at) if outcome.ok else last_good
    errors, warnings = len(outcome.errors), len(outcome.warnings)
    tally = ", ".join(f"{n} {word}{'s' if n != 1 else ''}"
                      for n, word in ((errors, "error"), (warnings, "warning")) if n)
    if outcome.ok:
        status = (f'<span class="ok">Built {_clock(built_at)} in {outcome.seconds * 1000:.0f} ms'
                  f'{": " + tally if tally else ""}</span>')
    else:
        since = (f"showing the last good rendering, from {_clock(shown[1])}" if shown
                 else "nothing to show until it builds")
        status = f'<span class="failed">Build failed {_clock(built_at)}: {tally}; {since}</span>'
    if shown is not None:
        good = shown[0]
        assert good.result is not None and good.spec is not None
        doc = document_html_part(good.result.document, good.spec, good.result.count, links)
        budget = budget_html_part(good.result.budget, good.result.count)
        title = good.result.document.meta.title
    else:
        doc = '<p class="empty">No rendering yet: fix the errors listed beside it.</p>'
        budget = '<p class="empty">No count yet.</p>'
        title = target
    parts = {"title": escape(title), "status": status, "doc": doc, "budget": budget,
             "diagnostics": diagnostics_html_part(outcome.diagnostics, links)}
    return Rendering(build_id, outcome.ok, parts)


def page_html(target: str, rendering: Rendering) -> str:
    parts = rendering.parts
    failed = "" if rendering.ok else ' class="failed"'
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(target)}: preview</title>
<link rel="stylesheet" href="/preview.css">
<script src="/preview.js" defer></script>
</head>
<body data-build="{escape(rendering.build_id)}"{failed}>
<header><strong>{escape(target)}</strong> <span id="title">{parts["title"]}</span>
<span id="status">{parts["status"]}</span><span class="offline">disconnected: is <code>serve</code> (dossier serve, python build.py serve) still running?</span></header>
<main>
<div id="paper"><div id="doc">{parts["doc"]}</div></div>
<aside>
<section><h2>Word budget</h2><div id="budget">{parts["budget"]}</div></section>
<section><h2>Warnings and errors</h2><div id="diagnostics">{parts["diagnostics"]}</div></section>
</aside>
</main>
</body></html>
"""
