"""PDF writer: HTML and print CSS rendered by WeasyPrint.

Footnotes float to the foot of their page (CSS ``float: footnote``), fonts are
embedded and subset, CJK runs use the font the format names for their
``lang``, and the PDF is tagged with its title and language.  WeasyPrint may
fetch nothing but ``data:`` URLs and files inside the format's own template
folder and the project's ``assets/`` folder: no network, no other file.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
import mimetypes
from pathlib import Path

from ..document import Document
from ..errors import Diagnostics, Location
from ..formats import FormatSpec
from ..paths import PathProblem, check_regular, read_limited
from .html import document_html


MAX_FETCH_BYTES = 16 * 1024 * 1024


def allowed_folders(spec: FormatSpec) -> list[Path]:
    """What the PDF may read: the format's folder and the project's assets/ (fonts, images for CSS)."""
    return [spec.directory, spec.assets]


def file_url_path(url: str) -> Path | None:
    """The file a file: URL names, decoded as urllib would open it (``%2e%2e`` is ``..``)."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    return Path(unquote(parts.path))


def _fetcher_within(folders: list[Path]):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    allowed = [folder.resolve() for folder in folders]

    class _Fetcher(URLFetcher):
        """Refuses the network and every file outside ``folders``.

        The file is decoded, checked and read here, never handed back to
        urllib: a URL is decoded again when opened, so checking its text and
        letting urllib open it would let ``%2e%2e/`` climb out of the folder.
        """

        def fetch(self, url, headers=None):
            if url[:5].lower() == "data:":
                return super().fetch(url, headers)
            path = file_url_path(url)
            if path is not None:
                try:
                    resolved = path.resolve(strict=True)
                except (OSError, RuntimeError):
                    resolved = None
                if resolved is not None and any(resolved.is_relative_to(a) for a in allowed):
                    try:
                        check_regular(resolved, str(resolved))
                        data = read_limited(resolved, MAX_FETCH_BYTES, str(resolved))
                    except PathProblem as exc:
                        raise ValueError(f"refused to fetch {url}: {exc}") from None
                    mime = mimetypes.guess_type(resolved.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(resolved.as_uri(), data, {"Content-Type": mime})
            raise ValueError(f"refused to fetch {url}: only files of the format's folder and "
                             "assets/ may be read")

    return _Fetcher()


class _Collect(logging.Handler):
    """WeasyPrint reports problems by logging; we turn them into build warnings."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _note_marks(page_box):
    """("call", N) for each note call and ("note", N) for each note text laid out on a page."""
    for box in page_box.descendants():
        element = getattr(box, "element", None)
        if element is None or box.element_tag not in ("a", "span"):
            continue
        ident = element.get("id", "")
        if ident.startswith("call"):
            yield "call", ident[4:]
        elif ident.startswith("fn") and "footnote" in element.get("class", ""):
            yield "note", ident[2:]


def note_pages(document) -> dict[str, tuple[int, int]]:
    """Each note's id -> (page of its call, page of its text), from WeasyPrint's layout."""
    found: dict[str, dict[str, int]] = {"call": {}, "note": {}}
    for number, page in enumerate(document.pages):
        for kind, note in _note_marks(page._page_box):
            found[kind].setdefault(note, number)
    return {f"fn{note}": (page, found["note"].get(note, -1)) for note, page in found["call"].items()}


MAX_NOTE_RELAYOUTS = 8  # each one moves one paragraph


def _add_xmp_language(pdf, language: str) -> None:
    """dc:language in the XMP packet, beside the title WeasyPrint writes there."""
    from xml.sax.saxutils import escape as xml_escape

    description = ('<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
                   f"<dc:language><rdf:Bag><rdf:li>{xml_escape(language)}</rdf:li></rdf:Bag></dc:language>"
                   "</rdf:Description></rdf:RDF>").encode("utf-8")
    for obj in pdf.objects:
        if getattr(obj, "extra", {}).get("Type") == "/Metadata" and getattr(obj, "stream", None):
            obj.stream = [part.replace(b"</rdf:RDF>", description, 1) if isinstance(part, bytes) else part
                          for part in obj.stream]


class _LateNote(Exception):
    """A note was laid out on a later page than its call: the layout stops there."""

    def __init__(self, block) -> None:
        super().__init__("a note is printed after the page of its call")
        self.block = block  # the HTML element of the last block on the call's page


def _last_block_of(page_box):
    """The HTML element of the last block of the body on a page (not the notes)."""
    root = page_box.children[0]
    last = None
    for box in root.descendants():
        element = getattr(box, "element", None)
        if element is not None and box.element_tag in ("p", "li", "h1", "h2", "h3", "h4", "td", "th"):
            last = element
    return last


@contextmanager
def _stopping_at_a_late_note():
    """While active, WeasyPrint's pages are watched as they are made: at the first page holding
    a note whose call is on an earlier page, the layout stops (_LateNote), so the pages after
    it are not laid out for nothing before the layout is made again."""
    from weasyprint import layout

    original = layout.make_all_pages

    def watched(context, root_box, html, pages):
        call_pages: dict[str, int] = {}
        made = []
        for number, page in enumerate(original(context, root_box, html, pages)):
            made.append(page)
            for kind, note in _note_marks(page):
                if kind == "call":
                    call_pages.setdefault(note, number)
                elif call_pages.get(note, number) < number:
                    raise _LateNote(_last_block_of(made[call_pages[note]]))
            yield page

    layout.make_all_pages = watched
    try:
        yield
    finally:
        layout.make_all_pages = original


def _render_notes_on_their_page(html, stylesheets):
    """Lay out, then lay out again where WeasyPrint put a note after the page of its call.

    With ``footnote-policy: line`` a note that does not fit takes its call's line
    along; but when the orphans-th line of a paragraph does not fit, WeasyPrint
    first moves the page's last notes to the next page to make room for that line.
    Where that happened, the paragraph ending the page asks for one more line
    before it may break, so it moves instead of the note; laid out again.  The
    layout that finds a late note stops at its page (the rest would be thrown away).
    """
    for _ in range(MAX_NOTE_RELAYOUTS):
        try:
            with _stopping_at_a_late_note():
                return html.render(stylesheets=stylesheets, pdf_tags=True)
        except _LateNote as late:
            element = late.block
            if element is None:
                break
            style = element.get("style", "")
            raised = int(element.get("data-orphans", "2")) + 1
            element.set("data-orphans", str(raised))
            element.set("style", f"{style}; orphans: {raised}" if style else f"orphans: {raised}")
    return html.render(stylesheets=stylesheets, pdf_tags=True)  # as it comes: the late note is warned of


def write_pdf(document: Document, spec: FormatSpec, diags: Diagnostics | None = None,
              review: bool = False) -> bytes:
    from .weasyprint_import import weasyprint

    from .footnote_area import notes_measured_once
    from .pdf_tags import notes_languages_and_scopes

    if spec.justify:  # hyphenated (page_css): the patterns from the cache, not parsed again
        from .hyphenation_cache import warm

        warm(document.meta.language)
    base_url = spec.directory.resolve().as_uri() + "/"
    fetcher = _fetcher_within(allowed_folders(spec))
    logger = logging.getLogger("weasyprint")
    collect = _Collect()  # before the style sheet is parsed: that is when its @imports are fetched
    logger.addHandler(collect)
    propagate, logger.propagate = logger.propagate, False
    try:
        html = weasyprint.HTML(string=document_html(document, spec, review=review), base_url=base_url,
                               url_fetcher=fetcher)
        # The format's style.css as a stylesheet of its own, never pasted into the HTML,
        # where a "</style>" in it could add elements (an attachment, an image).
        stylesheets = ([weasyprint.CSS(string=spec.style, base_url=base_url, url_fetcher=fetcher)]
                       if spec.style else [])
        with notes_measured_once():  # the same layout, each note measured once (footnote_area.py)
            rendered = _render_notes_on_their_page(html, stylesheets)
        late = [ident for ident, (call, body) in note_pages(rendered).items() if call != body]
        # PDF/UA-1: WeasyPrint writes the XMP (pdfuaid:part 1, dc:title, language) and tags;
        # notes, languages of spans and header scopes are added to its tags (pdf_tags.py)
        with notes_languages_and_scopes(document.meta.language, rendered) as tagging:
            def finish(_, pdf) -> None:
                tagging.join_pages(pdf, document.meta.language)  # one reading order, notes at their calls
                _add_xmp_language(pdf, document.meta.language)

            pdf = rendered.write_pdf(pdf_tags=True, pdf_variant="pdf/ua-1", finisher=finish)
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    if diags is not None:
        for message in collect.messages:
            diags.warning(Location(f"templates/{spec.id}/"), f"PDF: {message}")
        for ident in late:
            diags.warning(Location(f"templates/{spec.id}/"),
                          f"PDF: note {ident[2:]} is printed on a later page than its call")
    return pdf


def write_review_pdf(document: Document, spec: FormatSpec, diags: Diagnostics | None = None) -> bytes:
    """The review copy (--review): DRAFT on every page, each paragraph's source in the margin."""
    return write_pdf(document, spec, diags, review=True)
