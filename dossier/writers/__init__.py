"""The writers, by name.  Each turns the document model into one file's bytes.

An explicit table rather than discovery: adding a writer is one line here.
Writers import their libraries lazily, so a DOCX-only build never loads
WeasyPrint.
"""

from __future__ import annotations

from importlib import import_module
from typing import Callable

from ..errors import UsageError
from ..records import Record


class WriterInfo(Record, frozen=True):
    extension: str
    module: str
    function: str
    # the library whose slow import a writer process starts at once (see workers.py); "" for none
    library: str = ""

    def load(self) -> Callable:
        return getattr(import_module(self.module, __name__), self.function)

    def preload(self) -> tuple[str, ...]:
        """What a process that will run this writer imports first: its library, then the writer."""
        return (*([self.library] if self.library else []), __name__ + self.module)


WRITERS: dict[str, WriterInfo] = {
    "docx": WriterInfo("docx", ".docx", "write_docx", library="docx"),
    "pdf": WriterInfo("pdf", ".pdf", "write_pdf", library="dossier.writers.weasyprint_import"),  # its quick import
    "md": WriterInfo("md", ".markdown", "write_markdown"),
}

DEFAULT_WRITERS = ("docx", "pdf")

# Review copies (--review): the same document, each paragraph's source shown beside it.
# Written next to the submission as TARGET.review.docx / TARGET.review.pdf.
REVIEW_WRITERS: dict[str, WriterInfo] = {
    "docx": WriterInfo("review.docx", ".docx_review", "write_review_docx"),
    "pdf": WriterInfo("review.pdf", ".pdf", "write_review_pdf"),
}


def get_writer(name: str) -> WriterInfo:
    try:
        return WRITERS[name]
    except KeyError:
        raise UsageError(f"unknown output '{name}' (choose from {', '.join(WRITERS)})") from None
