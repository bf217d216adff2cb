"""PDF writer: HTML and print CSS rendered by WeasyPrint.

Footnotes float to the foot of their page (CSS ``float: footnote``), fonts are
embedded and subset, CJK runs use the font the format names for their
``lang``, and the PDF is tagged with its title and language.  WeasyPrint may
fetch nothing but files inside the format's own template folder.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..document import Document
from ..errors import Diagnostics, Location
from ..formats import FormatSpec
from .html import document_html


def _fetcher_within(folder: Path):
    from weasyprint.urls import URLFetcher

    allowed = folder.resolve()

    class _Fetcher(URLFetcher):
        """Refuses the network and every file outside ``folder``."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file://"):
                path = Path(url[len("file://"):].split("?")[0]).resolve()
                if path.is_relative_to(allowed) and path.is_file():
                    return super().fetch(url, headers)
            raise ValueError(f"refused to fetch {url}: outside the format's template folder")

    return _Fetcher()


class _Collect(logging.Handler):
    """WeasyPrint reports problems by logging; we turn them into build warnings."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def write_pdf(document: Document, spec: FormatSpec, diags: Diagnostics | None = None,
              review: bool = False) -> bytes:
    import weasyprint

    extra_css = ""
    css_file = spec.directory / "style.css"
    if css_file.is_file():
        extra_css = css_file.read_text(encoding="utf-8")
    html = weasyprint.HTML(
        string=document_html(document, spec, extra_css, review=review),
        base_url=spec.directory.resolve().as_uri() + "/",
        url_fetcher=_fetcher_within(spec.directory),
    )
    logger = logging.getLogger("weasyprint")
    collect = _Collect()
    logger.addHandler(collect)
    propagate, logger.propagate = logger.propagate, False
    try:
        pdf = html.write_pdf(pdf_tags=True)
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    if diags is not None:
        for message in collect.messages:
            diags.warning(Location(f"templates/{spec.id}/"), f"PDF: {message}")
    return pdf


def write_review_pdf(document: Document, spec: FormatSpec, diags: Diagnostics | None = None) -> bytes:
    """The review copy (--review): DRAFT on every page, each paragraph's source in the margin."""
    return write_pdf(document, spec, diags, review=True)


# What the worker may be asked to render, by the writer function's name.
_RENDERERS = {"write_pdf": write_pdf, "write_review_pdf": write_review_pdf}


class PdfWorker:
    """WeasyPrint in a second process, started before the content is even read.

    Importing WeasyPrint (its C bindings and font machinery) takes longer than
    everything else in a build; on a machine with two or more cores the import
    overlaps with loading, checking and writing the DOCX.  The worker only
    renders bytes: the parent writes every file, so a failed build writes none.
    """

    def __init__(self) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child,), daemon=True, name="dossier-pdf")
        self._process.start()
        child.close()

    def submit(self, document: Document, spec: FormatSpec, function: str = "write_pdf") -> "PdfWorker":
        """Render with ``function`` (a name in _RENDERERS); one job at a time, then ``result()``."""
        self._conn.send((document, spec, function))
        return self

    def result(self, diags: Diagnostics | None = None) -> bytes:
        try:
            status, payload, warnings = self._conn.recv()
        except EOFError:
            raise RuntimeError("the PDF worker process died") from None
        if status != "ok":
            raise RuntimeError(f"PDF rendering failed in the worker:\n{payload}")
        if diags is not None:
            for message in warnings:
                diags.warning(Location(message[0]), message[1])
        return payload

    def close(self) -> None:
        try:
            self._conn.send(None)
        except (BrokenPipeError, OSError):
            pass
        self._conn.close()
        self._process.join(timeout=5)
        if self._process.is_alive():
            self._process.kill()


def _serve(conn) -> None:
    import traceback

    import weasyprint  # noqa: F401  (the slow import this process exists for)

    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        document, spec, function = job
        diags = Diagnostics()
        try:
            pdf = _RENDERERS[function](document, spec, diags)
        except BaseException:  # sent back and raised in the parent, with the worker's traceback
            conn.send(("error", traceback.format_exc(), []))
            continue
        conn.send(("ok", pdf, [(str(d.location), d.message) for d in diags.warnings]))
