"""Render a format's Jinja template into the document model.

The template writes a small XML vocabulary (below).  Content never becomes
markup: text is autoescaped, and ``| inline`` hands the renderer an opaque
reference to already-parsed inline nodes, so nothing a content author types
can add elements, styles or scripts.  Templates run in Jinja's sandbox.

    <document>
      <front> … </front>           front matter (word limits may leave it out)
      <section title=""> … </section>   groups blocks for per-section word counts
      <title>  <subtitle>  <h1>..<h4>   (<h1>..<h3 numbered="yes">: numbered as the format's
                                         heading_numbering says; Word numbering in the DOCX)
      <p numbered="yes|no" style="normal|quote|letterhead|plain|date|salutation|closing|signature"
         align="left|center|right|justify">   (the space around a paragraph is its style's: no empty <p>)
      <ul>/<ol> with <li>     <pagebreak/>
      <table widths="1 4 2"> with <caption>, <tr>, <th>/<td>  (header rows: those of <th> only)
      <image src="assets/logo.png" width="3cm" alt="" align="center"/>   (PNG or JPEG in the project)
      inline: <strong> <em> <a href="https://..."> <span lang=""> <br/> <inline ref=""/>

Filters: ``| inline`` (content text), ``| cite(locator)`` (a citation key the
content gave, e.g. a recommendation set's source: a footnote), ``ordinal``,
``ordinal_word``, ``long_date``, ``us_date``, ``date_line`` (the body's convention, or the
submission's ``date_style``).  ``pieces`` holds the submission's front-matter pieces
(its own text, ``"off"``, or None for the template's default); ``hearing`` is the
hearing as a mapping (title, date, time, room, link) however the submission wrote it.

A template is shared content too, so it is held to the same rules: it may
read only its own folder (and the formats' shared macros), reach no Python
object beyond plain data (no paths, no methods of the content model), and its
output is checked element by element; links must be http, https or mailto and
images must be files of the project.
"""

from __future__ import annotations

import copy
import datetime as dt
import types
from pathlib import Path, PurePath
from typing import Any, NoReturn

from markupsafe import Markup

from .document import (
    ALIGNMENTS,
    PARAGRAPH_STYLES,
    Block,
    Document,
    Emph,
    Heading,
    Image,
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
from .assets import load_asset
from .errors import ContentError, Diagnostic, Location
from .formats import LENGTH, length_mm
from .inline import SAFE_LINK
from .model import LANGUAGE_TAG
from .paths import PathProblem, confined, read_limited
from .resolve import ResolvedSubmission

MAX_TEMPLATE_BYTES = 1024 * 1024
MAX_OUTPUT_CHARS = 64 * 1024 * 1024  # far above any submission; stops a runaway loop's output
_MAX_BITS = 4096  # numbers a template may make with * and ** (a page number needs ten)

_ORDINAL_WORDS = ["Zeroth", "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh",
                  "Eighth", "Ninth", "Tenth", "Eleventh", "Twelfth"]


def ordinal_word(n: int) -> str:
    if isinstance(n, str):  # a "TODO: cycle" placeholder: printed as written
        return str(n)
    return _ORDINAL_WORDS[n] if 0 <= n < len(_ORDINAL_WORDS) else ordinal(n)


def ordinal(n: int) -> str:
    if isinstance(n, str):  # a placeholder
        return str(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def long_date(value: Any) -> str:
    """19 July 2024, as the UN writes dates."""
    if isinstance(value, str):  # a "TODO: date" placeholder: printed as written
        return str(value)
    return f"{value.day} {value:%B %Y}" if value else ""


def us_date(value: Any) -> str:
    """June 9, 2023, as US letters date themselves."""
    if isinstance(value, str):  # a placeholder
        return str(value)
    return f"{value:%B} {value.day}, {value.year}" if value else ""


class TemplateProblem(ContentError):
    pass


def _bytecode_cache(root: Path):
    """Compiled templates, kept in the user's cache: compiling costs more than rendering."""
    from jinja2 import FileSystemBytecodeCache

    from .cache import cache_dir

    directory = cache_dir(root, "jinja")
    # its own file names: bytecode compiled without the size checks of template_limits is never loaded
    return (FileSystemBytecodeCache(str(directory), "__dossier_limits_%s.cache")
            if directory is not None else None)


def _sandbox_class():
    """Jinja's immutable sandbox, narrowed to the data a template needs.

    Jinja's sandbox blocks private attributes and changes to lists and dicts,
    but lets a template call any public method: ``format.directory`` is a Path
    whose ``read_text()`` would put any file of the machine into the document.
    Here a template reaches no path, no module and no method of our own
    objects, and cannot make huge numbers or strings with ``**`` and ``*``.
    """
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    plain = (str, int, float, bool, dt.date, list, tuple, dict)

    from . import template_limits

    class Sandbox(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "+", "%"})
        code_generator_class = template_limits.code_generator_class()  # checks every '~'
        checked_size = staticmethod(template_limits.checked_size)

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.filters.update(template_limits.checked_filters(self.filters))

        def wrap_str_format(self, value: Any) -> Any:
            """Jinja hands templates its own wrapper of str.format: its widths are checked too."""
            wrapped = super().wrap_str_format(value)
            if wrapped is None:
                return None
            spec = value.__self__

            def checked(*args: Any, **kwargs: Any) -> str:
                template_limits.check_format_string(spec, args + tuple(kwargs.values()))
                return wrapped(*args, **kwargs)

            return checked

        def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
            template_limits.check_call(obj, args, kwargs)  # "x".center(10**9) and the like
            return super().call(context, obj, *args, **kwargs)

        def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
            if isinstance(obj, (PurePath, types.ModuleType)) or isinstance(value, (PurePath, types.ModuleType)):
                return False
            ours = type(obj).__module__.split(".")[0] == __name__.split(".")[0]
            if ours and not isinstance(obj, plain) and callable(value):
                return False  # model methods (and Location.of_file, which touches the disk)
            return super().is_safe_attribute(obj, attr, value)

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            ints = isinstance(left, int) and isinstance(right, int)
            if operator == "**" and ints and right > 0 and abs(left).bit_length() * right > _MAX_BITS:
                raise SecurityError(f"{left} ** {right} is too large a number for a template")
            if operator == "*" and ints and abs(left).bit_length() + abs(right).bit_length() > _MAX_BITS:
                raise SecurityError("the product is too large a number for a template")
            if operator == "*" and not ints:
                count = right if isinstance(left, (str, list, tuple)) else left
                if isinstance(left, (str, list, tuple)) or isinstance(right, (str, list, tuple)):
                    if isinstance(count, int) and count > 10_000:
                        raise SecurityError(f"repeating a value {count} times is too much for a template")
            template_limits.check_binop(operator, left, right)
            return super().call_binop(context, operator, left, right)

    return Sandbox


def _render_bounded(template: Any, context: dict[str, Any], shown: str) -> str:
    """The template's output, stopped as soon as it passes MAX_OUTPUT_CHARS (a loop printing a
    long string 100,000 times is refused before it is joined, not after)."""
    pieces: list[str] = []
    size = 0
    for piece in template.generate(context):
        size += len(piece)
        if size > MAX_OUTPUT_CHARS:
            raise TemplateProblem([Diagnostic(Location(shown), f"template output is larger than "
                                              f"{MAX_OUTPUT_CHARS // (1024 * 1024)} MiB")])
        pieces.append(piece)
    return "".join(pieces)


def _undefined_class():
    """StrictUndefined whose error suggests the field the template author meant."""
    import dataclasses
    import difflib

    from jinja2 import StrictUndefined
    from jinja2.utils import missing

    class Undefined(StrictUndefined):
        @property
        def _undefined_message(self) -> str:
            message = super()._undefined_message
            obj, name = self._undefined_obj, self._undefined_name
            if self._undefined_hint or obj is missing or not isinstance(name, str):
                return message  # a hint is the sandbox's refusal: say that, not "no field"
            if dataclasses.is_dataclass(obj):  # "submission has no field 'sesion'"
                choices = [f.name for f in dataclasses.fields(obj) if not f.name.startswith("_")]
                message = f"{getattr(obj, '__schema_name__', type(obj).__name__)} has no field '{name}'"
            elif isinstance(obj, dict):
                choices = [str(k) for k in obj]
            else:
                return message
            close = difflib.get_close_matches(name, choices, n=1, cutoff=0.7)
            return message + (f"; did you mean '{close[0]}'?" if close else "")

    return Undefined


def _confined_loader(folders: list[tuple[Path, str]]):
    """A loader that serves only files of the given folders, in order: no '..', no
    symbolic link out of them (the format's own folder, then the formats' shared macros)."""
    from jinja2 import BaseLoader, TemplateNotFound

    class Loader(BaseLoader):
        def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
            problem = ""
            for folder, shown in folders:
                try:
                    path = confined(folder, template, shown)
                except PathProblem as exc:
                    problem = problem or str(exc)
                    continue
                if not path.is_file():
                    continue
                try:
                    source = read_limited(path, MAX_TEMPLATE_BYTES, template).decode("utf-8")
                except PathProblem as exc:
                    raise TemplateNotFound(template, str(exc)) from None
                except UnicodeDecodeError as exc:
                    raise TemplateNotFound(template, f"{template} is not valid UTF-8 (byte {exc.start})") from None
                mtime = path.stat().st_mtime_ns

                def uptodate(path: Path = path, mtime: int = mtime) -> bool:
                    try:
                        return path.stat().st_mtime_ns == mtime
                    except OSError:
                        return False

                return source, str(path), uptodate
            raise TemplateNotFound(template, problem or None)

    return Loader()


class _Renderer:
    def __init__(self, resolved: ResolvedSubmission):
        self.resolved = resolved
        # each `| inline` text: its inlines, where it was written, the findings set into it
        self.fragments: list[tuple[list[Inline], str, tuple[str, ...]]] = []
        self.spec = resolved.format
        self.template_display = f"{self._shown}{self.spec.template}"

    # -- template side --------------------------------------------------
    def inline_filter(self, text: Any) -> Markup:
        if text is None:
            return Markup("")
        inlines = self.resolved.inline(text) if isinstance(text, str) else [Str(str(text))]
        # a quoted provision's words are written in its law file, which review copies name
        loc = self.resolved.quoted_from.get(id(text)) or getattr(text, "loc", None)
        source = str(loc) if loc is not None and loc.line else ""
        embeds = tuple(self.resolved.embedded(text)) if isinstance(text, str) else ()
        self.fragments.append((inlines, source, embeds))
        return Markup(f'<inline ref="{len(self.fragments) - 1}"/>')

    def lines_filter(self, text: Any) -> Markup:
        """``{{ x|lines }}``: a text's own lines (a YAML ``|`` block) kept, each after a ``<br/>``,
        each an inline text located where the value was written."""
        from .schema import Text

        if text is None:
            return Markup("")
        scalar = getattr(text, "scalar", None)
        return Markup("<br/>").join(self.inline_filter(Text.located(line.strip(), scalar))
                                    for line in str(text).strip().splitlines())

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

    @property
    def _shown(self) -> str:
        return self.spec.shown or f"templates/{self.spec.id}/"

    def _template_folders(self) -> list[tuple[Path, str]]:
        """The format's own folder first, then the pieces formats share."""
        return [(self.spec.directory, self._shown),
                *(self.spec.common or [(self.spec.directory.parent / "_common", "templates/_common/")])]

    def render_xml(self) -> str:
        from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

        env = _sandbox_class()(
            loader=_confined_loader(self._template_folders()),
            bytecode_cache=_bytecode_cache(self.spec.directory.parent.parent),
            autoescape=True,
            undefined=_undefined_class(),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        r = self.resolved
        date_line = us_date if (r.submission.date_style or self.spec.date_style) == "us" else long_date
        env.filters.update(inline=self.inline_filter, cite=self.cite_filter, lines=self.lines_filter, ordinal=ordinal,
                           ordinal_word=ordinal_word, long_date=long_date, us_date=us_date,
                           date_line=date_line)
        context = {
            "pieces": _pieces(r.submission),
            "hearing": _hearing(r.submission),
            "submission": r.submission,
            "organisations": r.organisations,
            "findings": r.findings,
            "prior": lambda ref: r.prior.get(id(ref), []),
            "prior_set": lambda ref: r.prior_sets.get(id(ref)),
            "format": self.spec,
        }
        try:
            template = env.get_template(self.spec.template)
            xml = _render_bounded(template, context, self.template_display)
        except TemplateSyntaxError as exc:
            raise TemplateProblem([Diagnostic(
                self._syntax_location(exc), f"template error: {exc.message}")]) from None
        except TemplateNotFound as exc:
            raise TemplateProblem([Diagnostic(
                self._template_location(exc), f"template error: {exc.message or exc}")]) from None
        except TemplateError as exc:
            raise TemplateProblem([Diagnostic(self._template_location(exc), f"template error: {exc}")]) from None
        except ContentError:
            raise
        except (Exception, RecursionError) as exc:
            # 1/0, 'a' + 1, a macro calling itself: the template's mistake when it happened in
            # the template's own code or in Jinja's; anywhere else it is our bug (traceback kept).
            if not self._raised_by_template(exc):
                raise
            message = str(exc) or type(exc).__name__
            raise TemplateProblem([Diagnostic(
                self._template_location(exc), f"template error: {type(exc).__name__}: {message}")]) from None
        if len(xml) > MAX_OUTPUT_CHARS:
            raise TemplateProblem([Diagnostic(
                Location(self.template_display), f"template output is larger than "
                                                 f"{MAX_OUTPUT_CHARS // (1024 * 1024)} MiB")])
        return xml

    def _syntax_location(self, exc: Any) -> Location:
        name = exc.name or self.spec.template
        return Location(f"{self._shown}{name}", exc.lineno or 0)

    def _template_location(self, exc: BaseException) -> Location:
        """The innermost template line in the traceback (an imported macro's too)."""
        folders = [(str(folder.resolve()) + "/", shown) for folder, shown in self._template_folders()]
        import traceback  # only when a template fails

        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            for folder, shown in folders:
                if frame.filename.startswith(folder):
                    return Location(shown + frame.filename[len(folder):], frame.lineno or 0)
        return Location(self.template_display)

    def _raised_by_template(self, exc: BaseException) -> bool:
        """Whether the template's own code raised ``exc``: its last frame in the traceback is
        followed only by Jinja's or Python's (``|tojson`` on the model, ``1/0``), never ours."""
        import traceback

        package = str(Path(__file__).resolve().parent) + "/"
        folders = tuple(str(folder.resolve()) + "/" for folder, _ in self._template_folders())
        # the sandbox's own hooks (below the template, above Jinja's code) are the template's side
        frames = [f.filename for f in traceback.extract_tb(exc.__traceback__)
                  if not (f.filename == __file__ and f.name in ("call", "call_binop"))
                  and not f.filename.endswith("template_limits.py")]
        last = max((i for i, name in enumerate(frames) if name.startswith(folders)), default=-1)
        return last >= 0 and not any(name.startswith(package) for name in frames[last + 1:])

    # -- XML side -------------------------------------------------------
    def build(self) -> list[Block]:
        from lxml import etree

        xml = self.render_xml()
        # No DTD, no entities, no network: the output is our vocabulary and nothing else.
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                 dtd_validation=False, huge_tree=False)
        try:
            root = etree.fromstring(xml.encode("utf-8"), parser)
        except etree.XMLSyntaxError as exc:
            raise TemplateProblem([Diagnostic(
                Location(self.template_display),
                f"template output is not well-formed (output line {exc.lineno}): {exc.msg}")]) from None
        if root.getroottree().docinfo.doctype:
            raise TemplateProblem([Diagnostic(
                Location(self.template_display), "template output may not declare a <!DOCTYPE> or entities")])
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
            self._refuse_entities(element)
            if not isinstance(element.tag, str):
                continue
            if element.tag == "front":
                self._check_attributes(element, set())
                blocks.extend(self._blocks(element, "front_matter", section))
                continue
            if element.tag == "section":
                self._check_attributes(element, {"title"})
                blocks.extend(self._blocks(element, part, element.get("title", "")))
                continue
            block = self._block(element)
            if not isinstance(block, PageBreak):
                block.part, block.section = part, section
            blocks.append(block)
        return blocks

    def _fail(self, element: Any, message: str) -> NoReturn:
        raise TemplateProblem([Diagnostic(
            Location(self.template_display), f"{message} (template output line {element.sourceline})")])

    def _refuse_entities(self, element: Any) -> None:
        from lxml import etree

        if isinstance(element, etree._Entity):
            self._fail(element, f"entity reference {element.text} is not allowed")

    _BLOCK_ATTRIBUTES = {"title": set(), "subtitle": set(), "h1": {"numbered"}, "h2": {"numbered"},
                         "h3": {"numbered"},
                         "h4": set(), "p": {"numbered", "style", "align"}, "ul": set(), "ol": set(),
                         "pagebreak": set(), "table": {"widths"}, "image": {"src", "width", "alt", "align"}}
    _INLINE_ATTRIBUTES = {"inline": {"ref"}, "br": set(), "strong": set(), "em": set(), "a": {"href"},
                          "span": {"lang"}}

    def _block(self, el: Any) -> Block:
        tag = el.tag
        if tag not in self._BLOCK_ATTRIBUTES:
            self._fail(el, f"unknown block element <{tag}>")
        self._check_attributes(el, self._BLOCK_ATTRIBUTES[tag])
        if tag in ("title", "subtitle"):
            children, source, embeds = self._inlines(el)
            return Paragraph(children, style=tag, align="center", source=source, embeds=embeds)
        if tag in ("h1", "h2", "h3", "h4"):
            children, source, embeds = self._inlines(el)
            numbered = el.get("numbered", "no")
            if numbered not in ("yes", "no"):
                self._fail(el, f"<{tag} numbered> is yes or no, not '{numbered}'")
            return Heading(int(tag[1]), children, source, embeds=embeds, numbered=numbered == "yes")
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
                self._refuse_entities(li)
                if not isinstance(li.tag, str):
                    continue
                if li.tag != "li":
                    self._fail(li, f"<{tag}> may hold only <li>, not <{li.tag}>")
                self._check_attributes(li, set())
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
        return self._image(el)

    def _image(self, el: Any) -> Image:
        src = el.get("src", "")
        width = el.get("width", "3cm")
        align = el.get("align", "center")
        if not LENGTH.fullmatch(width) or not 0 < length_mm(width) <= 300:
            self._fail(el, f"<image> width must be a length such as 3cm or 30mm, not '{width}'")
        if align not in ALIGNMENTS:
            self._fail(el, f"unknown alignment '{align}'")
        asset = self.resolved.assets.get(src)  # content's logos were read (and checked) already
        if asset is None:
            try:
                asset = load_asset(self.resolved.root, src)
            except PathProblem as exc:
                self._fail(el, f"<image> src: {exc}")
                raise AssertionError from None
        width_mm = length_mm(width)
        height_mm = width_mm * asset.height_px / asset.width_px
        return Image(asset.data, asset.mime, width_mm, height_mm, src=src,
                     alt=el.get("alt", ""), align=align)

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

    def _check_attributes(self, el: Any, allowed: set[str]) -> None:
        for name in el.attrib:
            if name not in allowed:
                self._fail(el, f"<{el.tag}> has no attribute '{name}'")

    def _inlines(self, el: Any) -> tuple[list[Inline], str, tuple[str, ...]]:
        """The inlines of ``el``, the first source among them and every finding set into them."""
        out: list[Inline] = []
        sources: list[str] = []
        embeds: list[str] = []
        if el.text:
            out.append(Str(el.text))
        for child in el:
            self._refuse_entities(child)
            if isinstance(child.tag, str):
                out.extend(self._inline(child, sources, embeds))
            if child.tail:
                out.append(Str(child.tail))
        return _normalise_space(out), (sources[0] if sources else ""), tuple(dict.fromkeys(embeds))

    def _inline(self, el: Any, sources: list[str], embeds: list[str]) -> list[Inline]:
        tag = el.tag
        if tag not in self._INLINE_ATTRIBUTES:
            self._fail(el, f"unknown inline element <{tag}>")
        self._check_attributes(el, self._INLINE_ATTRIBUTES[tag])
        if tag == "inline":
            ref = el.get("ref", "")
            if not ref.isdigit() or int(ref) >= len(self.fragments):
                self._fail(el, f"<inline ref=\"{ref}\"/> was not made by the 'inline' filter")
            inlines, source, embedded = self.fragments[int(ref)]
            if source:
                sources.append(source)
            embeds.extend(embedded)
            # a copy: the notes pass edits nodes in place, and the same text may be shown twice
            return copy.deepcopy(inlines)
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
            href = el.get("href", "")
            if not SAFE_LINK.fullmatch(href):
                self._fail(el, f"link target '{href}' is not allowed: a link must start with "
                               "http://, https:// or mailto:")
            return [Link(href, children)]
        lang = el.get("lang", "")
        if not LANGUAGE_TAG.fullmatch(lang):
            self._fail(el, f"<span> needs a language tag such as lang=\"ko\", not '{lang}'")
        return [Span(children, lang)]


def _normalise_space(inlines: list[Inline]) -> list[Inline]:
    """Template whitespace (newlines, indentation) is folded to single spaces and trimmed."""
    from .inline import FOLDED_SPACE  # no-break and thin spaces are typography, kept

    out: list[Inline] = []
    for node in inlines:
        # type() is Str: a Literal (a quote kept as typed, a style's own marks) stays a node of its
        # own, or the typography pass would see plain text and curl it
        if type(node) is Str:
            text = FOLDED_SPACE.sub(" ", node.text)
            if out and type(out[-1]) is Str:
                out[-1] = Str(out[-1].text + text)
                continue
            node = Str(text)
        out.append(node)
    if out and type(out[0]) is Str:
        out[0] = Str(out[0].text.lstrip(" "))
    if out and type(out[-1]) is Str:
        out[-1] = Str(out[-1].text.rstrip(" "))
    return [n for n in out if not (isinstance(n, Str) and not n.text)]


def _pieces(submission: Any) -> dict[str, Any]:
    """Every front-matter piece: the submission's text for it, "off", or None (the template's own)."""
    from .model import FRONT_MATTER_PIECES

    given = dict(submission.front_matter.given()) if submission.front_matter is not None else {}
    return {name: given.get(name) for name in FRONT_MATTER_PIECES}


def _hearing(submission: Any) -> Any:
    from .model import Hearing

    if submission.hearing is None or isinstance(submission.hearing, Hearing):
        return submission.hearing
    return Hearing(title=submission.hearing, date=submission.hearing_date)


def render_document(resolved: ResolvedSubmission) -> Document:
    from .document import number_headings
    from .languages import with_region

    renderer = _Renderer(resolved)
    blocks = renderer.build()
    submission = resolved.submission
    numbering = list(submission.heading_numbering or resolved.format.heading_numbering)
    number_headings(blocks, numbering)
    authors = "; ".join(str(o.name) for o in resolved.organisations)
    title = _document_title(resolved)
    meta = Metadata(
        title=title,
        author=authors,
        # with its region (en-GB for the UN, en-US for Congress, from the format): the PDF's
        # /Lang, the HTML's and the typography's US punctuation rule all read it
        language=with_region(submission.language, resolved.format.language),
        written_language=submission.language,
        subject=resolved.format.name,
        keywords=list(submission.keywords),
        # a placeholder is no date: the DOCX and HTML then carry none
        date=submission.date.isoformat() if isinstance(submission.date, dt.date) else "",
    )
    # each finding's file, as its paragraphs' sources name it -> "finding ID: title" (review copies);
    # by path, so a shared repository's finding is named by its id here ("coalition:x")
    named = {f.loc.path: f"finding {finding_id}" + (f": {f.title}" if f.title else "")
             for finding_id, f in resolved.findings.items()}
    return Document(meta=meta, blocks=blocks, heading_numbering=numbering, finding_names=named)


def _document_title(resolved: ResolvedSubmission) -> str:
    s = resolved.submission
    name = resolved.format.name
    state = s.state_short or s.state
    about = f"{name}: {state}" if state else name
    # the format's name once: a submission without its own title is "<format>: <State>"
    return f"{s.title} – {about}" if s.title and s.title != name else about
