"""Writing outputs without ever leaving a half-written file.

Each file is written beside its destination under a temporary name, flushed
to disk and renamed over the old one: a build that fails or is killed keeps
the last good output.
"""

from __future__ import annotations

import glob
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


def _remove_stale_temporaries(path: Path) -> None:
    """Temporary files a killed build left beside ``path`` (their process is gone)."""
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.*.tmp"):
        pid = tmp.name[len(path.name) + 2:].split(".")[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:  # no such process: nobody is writing it
            try:
                tmp.unlink()
            except OSError:
                pass
        except OSError:  # alive, under another user: leave it
            pass


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable: without this a power cut may undo it."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    atomic_write_all([(path, data)])


def atomic_write_all(files: list[tuple[Path, bytes]]) -> None:
    """Replace every file or none: each is written and flushed to disk under a temporary
    name first, and only when all are there are they renamed over the old ones.

    A disk that fills up, or any error, while writing them leaves every old file as it
    was; renaming needs no space, so the renames that follow do not fail that way.
    """
    temporaries: list[tuple[str, Path]] = []
    try:
        for path, data in files:
            temporaries.append((_write_temporary(path, data), path))
        for tmp_name, path in temporaries:
            os.replace(tmp_name, path)
        for folder in dict.fromkeys(path.parent for path, _ in files):
            _sync_directory(folder)
    except BaseException as exc:
        for tmp_name, _ in temporaries:
            try:
                os.unlink(tmp_name)
            except OSError:  # renamed already, or never made
                pass
        if isinstance(exc, OSError):
            where = exc.filename if isinstance(exc.filename, str) else str(files[len(temporaries) - 1][0])
            raise OutputError([Diagnostic(Location(_shown_output(where, files)),
                                          f"cannot write output: {exc.strerror}")]) from None
        raise


def _shown_output(name: str, files: list[tuple[Path, bytes]]) -> str:
    """The output a temporary file stands for."""
    for path, _ in files:
        if name == str(path) or Path(name).name.startswith(f".{path.name}."):
            return str(path)
    return name


def _write_temporary(path: Path, data: bytes) -> str:
    """``data`` in a new file beside ``path``, on disk; its name."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(path)
        fd, tmp_name = _create_temporary(path)
    except OSError as exc:
        raise OutputError([Diagnostic(Location(str(path)), f"cannot write output: {exc.strerror}")]) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)
    except BaseException as exc:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError([Diagnostic(Location(str(path)), f"cannot write output: {exc.strerror}")]) from None
        raise
    return tmp_name
