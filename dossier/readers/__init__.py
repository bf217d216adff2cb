"""The readers, by name: each turns a file into an :class:`ImportedDocument`.

The mirror of ``dossier/writers/``: an explicit table, one line per reader,
each imported only when used.  A reader raises :class:`ImportFileError` (a
located, user-facing error) for a file it cannot read, never a traceback.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import Callable

from ..errors import DossierError, UsageError
from ..records import Record
from .document import ImportedDocument


class ImportFileError(DossierError):
    """The file to import cannot be read (not a DOCX, protected, corrupt): exit status 1."""


class ReaderInfo(Record, frozen=True):
    extensions: tuple[str, ...]
    module: str
    function: str

    def load(self) -> Callable[[Path, str], ImportedDocument]:
        return getattr(import_module(self.module, __name__), self.function)


READERS: dict[str, ReaderInfo] = {
    "docx": ReaderInfo((".docx",), ".docx", "read_docx"),
    "markdown": ReaderInfo((".md", ".markdown", ".txt"), ".markdown", "read_markdown"),
}


def reader_for(path: Path) -> str:
    suffix = path.suffix.lower()
    for name, info in READERS.items():
        if suffix in info.extensions:
            return name
    known = ", ".join(e for info in READERS.values() for e in info.extensions)
    raise UsageError(f"{path}: cannot import a '{suffix or 'file without extension'}' file (known: {known})")


def read_document(path: Path, shown: str | None = None, reader: str | None = None) -> ImportedDocument:
    name = reader or reader_for(path)
    if name not in READERS:
        raise UsageError(f"unknown reader '{name}' (choose from {', '.join(READERS)})")
    return READERS[name].load()(path, shown or str(path))
