"""Writing outputs without ever leaving a half-written file.

Each file is written beside its destination under a temporary name, flushed
to disk and renamed over the old one: a build that fails or is killed keeps
the last good output.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

from .errors import Diagnostic, Location, OutputError


_counter = itertools.count()


def _create_temporary(path: Path) -> tuple[int, str]:
    """A new file beside ``path`` (what tempfile.mkstemp does, without its import cost)."""
    while True:
        name = str(path.parent / f".{path.name}.{os.getpid()}.{next(_counter)}.tmp")
        try:
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), name
        except FileExistsError:
            continue


def atomic_write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = _create_temporary(path)
    except OSError as exc:
        raise OutputError([Diagnostic(Location(str(path)), f"cannot write output: {exc.strerror}")]) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except BaseException as exc:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError([Diagnostic(Location(str(path)), f"cannot write output: {exc.strerror}")]) from None
        raise
