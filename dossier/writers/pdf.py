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


def write_pdf(document: Document, spec: FormatSpec, diags: Diagnostics | None = None) -> bytes:
    import weasyprint

    extra_css = ""
    css_file = spec.directory / "style.css"
    if css_file.is_file():
        extra_css = css_file.read_text(encoding="utf-8")
    html = weasyprint.HTML(
        string=document_html(document, spec, extra_css),
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
