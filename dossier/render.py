"""Render a format's Jinja template into the document model.

The template writes a small XML vocabulary (below).  Content never becomes
markup: text is autoescaped, and ``| inline`` hands the renderer an opaque
reference to already-parsed inline nodes, so nothing a content author types
can add elements, styles or scripts.  Templates run in Jinja's sandbox.

    <document>
      <front> … </front>           front matter (word limits may leave it out)
      <section title=""> … </section>   groups blocks for per-section word counts
      <title>  <subtitle>  <h1>..<h4>
      <p numbered="yes|no" style="normal|quote|letterhead|plain" align="left|center|right|justify">
      <ul>/<ol> with <li>     <pagebreak/>
      <table widths="1 4 2"> with <caption>, <tr>, <th>/<td>  (header rows: those of <th> only)
      inline: <strong> <em> <a href=""> <span lang=""> <br/> <inline ref=""/>

Filters: ``| inline`` (content text), ``| cite(locator)`` (a citation key the
content gave, e.g. a recommendation set's source: a footnote), ``ordinal``,
``ordinal_word``, ``long_date``.
"""

from __future__ import annotations

import copy
import traceback
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .document import (
    ALIGNMENTS,
    PARAGRAPH_STYLES,
    Block,
    Document,
    Emph,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Metadata,
    PageBreak,
    Paragraph,
    Span,
    Str,
    Strong,
    Table,
    block_inline_lists,
    tag_cjk,
)
from .errors import ContentError, Diagnostic, Location
from .resolve import ResolvedSubmission

_ORDINAL_WORDS = ["Zeroth", "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh",
                  "Eighth", "Ninth", "Tenth", "Eleventh", "Twelfth"]


def ordinal_word(n: int) -> str:
    return _ORDINAL_WORDS[n] if 0 <= n < len(_ORDINAL_WORDS) else ordinal(n)


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def long_date(value: Any) -> str:
    """19 July 2024, as the UN writes dates."""
    return f"{value.day} {value:%B %Y}" if value else ""


def us_date(value: Any) -> str:
    """June 9, 2023, as US letters date themselves."""
    return f"{value:%B} {value.day}, {value.year}" if value else ""


class TemplateProblem(ContentError):
    pass


def _bytecode_cache(root: Path):
    """Compiled templates, kept in the user's cache: compiling costs more than rendering."""
    from jinja2 import FileSystemBytecodeCache

    from .cache import cache_dir

    directory = cache_dir(root, "jinja")
    return FileSystemBytecodeCache(str(directory)) if directory is not None else None


class _Renderer:
    def __init__(self, resolved: ResolvedSubmission):
        self.resolved = resolved
        # each `| inline` text: its inlines, where it was written, the findings set into it
        self.fragments: list[tuple[list[Inline], str, tuple[str, ...]]] = []
        self.spec = resolved.format
        self.template_display = f"templates/{self.spec.id}/{self.spec.template}"

    # -- template side --------------------------------------------------
    def inline_filter(self, text: Any) -> Markup:
        if text is None:
            return Markup("")
        # a copy: the same text (a finding used twice, a sentence embedded in two
        # findings) must not share nodes, which the notes pass replaces in place
        inlines = copy.deepcopy(self.resolved.inline(text)) if isinstance(text, str) else [Str(str(text))]
        loc = getattr(text, "loc", None)
        source = str(loc) if loc is not None and loc.line else ""
        embeds = tuple(self.resolved.embedded(text)) if isinstance(text, str) else ()
        self.fragments.append((inlines, source, embeds))
        return Markup(f'<inline ref="{len(self.fragments) - 1}"/>')

    def cite_filter(self, key: Any, locator: str = "") -> Markup:
        """A footnote citing ``key`` (which must be in references.bib), as ``[@key, locator]``."""
        from .document import Citation, CiteItem

        if key is None or str(key) == "":
            return Markup("")
        if str(key) not in self.resolved.references:
            from jinja2 import TemplateError

            raise TemplateError(f"cite: unknown citation key '{key}'")
        item = CiteItem(str(key), str(locator or ""), loc=getattr(key, "loc", None))
        self.fragments.append(([Citation([item], item.loc)], "", ()))
        return Markup(f'<inline ref="{len(self.fragments) - 1}"/>')

    def render_xml(self) -> str:
        from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateSyntaxError
        from jinja2.sandbox import ImmutableSandboxedEnvironment

        env = ImmutableSandboxedEnvironment(
            # the format's own folder first, then the pieces formats share
            loader=FileSystemLoader([str(self.spec.directory), str(self.spec.directory.parent / "_common")]),
            bytecode_cache=_bytecode_cache(self.spec.directory.parent.parent),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.filters.update(inline=self.inline_filter, cite=self.cite_filter, ordinal=ordinal,
                           ordinal_word=ordinal_word, long_date=long_date, us_date=us_date)
        r = self.resolved
        context = {
            "submission": r.submission,
            "organisations": r.organisations,
            "findings": r.findings,
            "prior": lambda ref: r.prior.get(id(ref), []),
            "prior_set": lambda ref: r.prior_sets.get(id(ref)),
            "format": self.spec,
        }
        try:
            template = env.get_template(self.spec.template)
            return template.render(context)
        except TemplateSyntaxError as exc:
            raise TemplateProblem([Diagnostic(
                Location(self.template_display, exc.lineno or 0), f"template error: {exc.message}")])
        except TemplateError as exc:
            raise TemplateProblem([Diagnostic(self._template_location(exc), f"template error: {exc}")])

    def _template_location(self, exc: BaseException) -> Location:
        template_file = str(self.spec.template_path)
        line = 0
        for frame in traceback.extract_tb(exc.__traceback__):
            if frame.filename == template_file:
                line = frame.lineno or 0
        return Location(self.template_display, line)

    # -- XML side -------------------------------------------------------
    def build(self) -> list[Block]:
        from lxml import etree

        xml = self.render_xml()
        try:
            root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError as exc:
            raise TemplateProblem([Diagnostic(
                Location(self.template_display),
                f"template output is not well-formed (output line {exc.lineno}): {exc.msg}")])
        if root.tag != "document":
            self._fail(root, "the template's root element must be <document>")
        blocks = self._blocks(root, part="body", section="")
        default_cjk = "zh"
        for block in blocks:
            for inlines in block_inline_lists(block):
                inlines[:] = tag_cjk(inlines, default_cjk)
        return blocks

    def _blocks(self, parent: Any, part: str, section: str) -> list[Block]:
        """Blocks of ``parent``; <front> and <section title=""> mark what they hold."""
        blocks: list[Block] = []
        for element in parent:
            if not isinstance(element.tag, str):
                continue
            if element.tag == "front":
                self._check_attributes(element, {"front": set()})
                blocks.extend(self._blocks(element, "front_matter", section))
                continue
            if element.tag == "section":
                self._check_attributes(element, {"section": {"title"}})
                blocks.extend(self._blocks(element, part, element.get("title", "")))
                continue
            block = self._block(element)
            if not isinstance(block, PageBreak):
                block.part, block.section = part, section
            blocks.append(block)
        return blocks

    def _fail(self, element: Any, message: str) -> None:
        raise TemplateProblem([Diagnostic(
            Location(self.template_display), f"{message} (template output line {element.sourceline})")])

    def _block(self, el: Any) -> Block:
        tag = el.tag
        self._check_attributes(el, {"title": set(), "subtitle": set(), "h1": {"numbered"},
                                    "h2": set(), "h3": set(), "h4": set(),
                                    "p": {"numbered", "style", "align"}, "ul": set(), "ol": set(),
                                    "pagebreak": set(), "table": {"widths"}})
        if tag in ("title", "subtitle"):
            children, source, embeds = self._inlines(el)
            return Paragraph(children, style=tag, align="center", source=source, embeds=embeds)
        if tag in ("h1", "h2", "h3", "h4"):
            children, source, embeds = self._inlines(el)
            return Heading(int(tag[1]), children, source, embeds=embeds)
        if tag == "p":
            style = el.get("style", "normal")
            align = el.get("align", "")
            if style not in PARAGRAPH_STYLES:
                self._fail(el, f"unknown paragraph style '{style}'")
            if align and align not in ALIGNMENTS:
                self._fail(el, f"unknown alignment '{align}'")
            children, source, embeds = self._inlines(el)
            numbered = el.get("numbered", "no") == "yes" and self.spec.numbered_paragraphs
            return Paragraph(children, style=style, numbered=numbered, align=align, source=source,
                             embeds=embeds)
        if tag in ("ul", "ol"):
            block = ListBlock([], ordered=tag == "ol")
            for li in el:
                if not isinstance(li.tag, str):
                    continue
                if li.tag != "li":
                    self._fail(li, f"<{tag}> may hold only <li>, not <{li.tag}>")
                children, source, embeds = self._inlines(li)
                block.source = block.source or source
                block.items.append(children)
                block.item_sources.append(source)
                block.item_embeds.append(embeds)
            return block
        if tag == "pagebreak":
            return PageBreak()
        if tag == "table":
            return self._table(el)
        self._fail(el, f"unknown block element <{tag}>")
        raise AssertionError  # unreachable: _fail raises

    def _table(self, el: Any) -> Table:
        caption: list[Inline] = []
        rows: list[list[list[Inline]]] = []
        header_rows = 0
        first_source = ""
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "caption":
                caption, _, _ = self._inlines(child)
                continue
            if child.tag != "tr":
                self._fail(child, f"<table> may hold only <caption> and <tr>, not <{child.tag}>")
            cells = []
            kinds = set()
            for cell in child:
                if not isinstance(cell.tag, str):
                    continue
                if cell.tag not in ("th", "td"):
                    self._fail(cell, f"<tr> may hold only <th> and <td>, not <{cell.tag}>")
                kinds.add(cell.tag)
                inlines, source, _ = self._inlines(cell)
                first_source = first_source or source
                cells.append(inlines)
            if kinds == {"th"} and len(rows) == header_rows:
                header_rows += 1  # leading rows of header cells only are the table's header
            rows.append(cells)
        try:
            widths = [float(w) for w in el.get("widths", "").split()]
        except ValueError:
            self._fail(el, f"<table widths> must be numbers, not '{el.get('widths')}'")
            raise AssertionError
        return Table(rows, header_rows, caption, widths, first_source)

    def _check_attributes(self, el: Any, allowed: dict[str, set[str]]) -> None:
        for name in el.attrib:
            if name not in allowed.get(el.tag, set()):
                self._fail(el, f"<{el.tag}> has no attribute '{name}'")

    def _inlines(self, el: Any) -> tuple[list[Inline], str, tuple[str, ...]]:
        """The inlines of ``el``, the first source among them and every finding set into them."""
        out: list[Inline] = []
        sources: list[str] = []
        embeds: list[str] = []
        if el.text:
            out.append(Str(el.text))
        for child in el:
            if isinstance(child.tag, str):
                out.extend(self._inline(child, sources, embeds))
            if child.tail:
                out.append(Str(child.tail))
        return _normalise_space(out), (sources[0] if sources else ""), tuple(dict.fromkeys(embeds))

    def _inline(self, el: Any, sources: list[str], embeds: list[str]) -> list[Inline]:
        tag = el.tag
        if tag == "inline":
            inlines, source, embedded = self.fragments[int(el.get("ref"))]
            if source:
                sources.append(source)
            embeds.extend(embedded)
            return list(inlines)
        if tag == "br":
            return [LineBreak()]
        children, source, embedded = self._inlines(el)
        if source:
            sources.append(source)
        embeds.extend(embedded)
        if tag == "strong":
            return [Strong(children)]
        if tag == "em":
            return [Emph(children)]
        if tag == "a":
            return [Link(el.get("href", ""), children)]
        if tag == "span" and el.get("lang"):
            return [Span(children, el.get("lang"))]
        self._fail(el, f"unknown inline element <{tag}>")
        raise AssertionError


def _normalise_space(inlines: list[Inline]) -> list[Inline]:
    """Template whitespace (newlines, indentation) is folded to single spaces and trimmed."""
    import re

    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Str):
            text = re.sub(r"\s+", " ", node.text)
            if out and isinstance(out[-1], Str):
                out[-1] = Str(out[-1].text + text)
                continue
            node = Str(text)
        out.append(node)
    if out and isinstance(out[0], Str):
        out[0] = Str(out[0].text.lstrip())
    if out and isinstance(out[-1], Str):
        out[-1] = Str(out[-1].text.rstrip())
    return [n for n in out if not (isinstance(n, Str) and not n.text)]


def render_document(resolved: ResolvedSubmission) -> Document:
    renderer = _Renderer(resolved)
    blocks = renderer.build()
    submission = resolved.submission
    authors = "; ".join(str(o.name) for o in resolved.organisations)
    title = _document_title(resolved)
    meta = Metadata(
        title=title,
        author=authors,
        language=submission.language,
        subject=resolved.format.name,
        keywords=list(submission.keywords),
        date=submission.date.isoformat() if submission.date else "",
    )
    return Document(meta=meta, blocks=blocks)


def _document_title(resolved: ResolvedSubmission) -> str:
    s = resolved.submission
    parts = [s.title or resolved.format.name]
    if s.state_short or s.state:
        parts.append(f"{resolved.format.name}: {s.state_short or s.state}")
    return " – ".join(parts) if len(parts) > 1 else parts[0]
