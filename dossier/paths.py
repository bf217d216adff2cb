"""Paths a content repository names, kept inside the project.

A content repository is shared between organisations, so a path written in
it (a logo, a format's template) must not reach files elsewhere on the
machine of whoever builds it: no absolute paths, no ``..``, and no symbolic
link that resolves outside the folder it must stay in.  The files a build
reads by itself (content/*.yaml, references.bib, templates/*) are checked
the same way, since any of them may be a symbolic link.
"""

from __future__ import annotations

import functools
import re
import stat
from pathlib import Path, PurePosixPath, PureWindowsPath

_CONTROL = re.compile("[\x00-\x1f\x7f]")


class PathProblem(Exception):
    """A path that may not be used; the message says why, for a located diagnostic."""


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, symbolic links resolved, is ``folder`` or lies under it."""
    try:
        return path.resolve().is_relative_to(_resolved_folder(folder))
    except (OSError, RuntimeError):  # a symlink loop
        return False


@functools.lru_cache(maxsize=16)
def _resolved_folder(folder: Path) -> Path:
    """The folder, links resolved: once, not for each of the hundred files a build checks against it.

    Forgotten when a build starts (``forget_resolved``), so a process that runs many
    builds (``serve``) sees a folder moved or relinked between them.
    """
    return folder.resolve()


def forget_resolved() -> None:
    _resolved_folder.cache_clear()


def confined(base: Path, written: str, where: str = "the project") -> Path:
    """The file ``written`` (relative to ``base``) names, resolved; it must lie in ``base``.

    Raises :class:`PathProblem` for an absolute path, a ``..``, a file that is
    missing or not a regular file, or one that a symbolic link places outside
    ``base`` (which ``where`` names in messages).
    """
    if not written.strip():
        raise PathProblem("the path is empty")
    if _CONTROL.search(written):
        raise PathProblem("the path contains a control character")
    if (written.startswith(("/", "\\", "~")) or PurePosixPath(written).is_absolute()
            or PureWindowsPath(written).drive):
        raise PathProblem(f"'{written}' is an absolute path; write it relative to {where}")
    parts = re.split(r"[/\\]", written)
    if ".." in parts:
        raise PathProblem(f"'{written}' climbs out of {where} with '..'")
    candidate = base.joinpath(*[p for p in parts if p not in ("", ".")])
    try:
        resolved = candidate.resolve(strict=True)
    except FileNotFoundError:
        raise PathProblem(f"'{written}' does not exist in {where}") from None
    except (OSError, RuntimeError) as exc:
        raise PathProblem(f"'{written}' cannot be opened: {getattr(exc, 'strerror', None) or exc}") from None
    if not resolved.is_relative_to(base.resolve()):
        raise PathProblem(f"'{written}' is a symbolic link to a file outside {where}")
    check_regular(resolved, written)
    return resolved


def _loops(path: Path) -> bool:
    try:
        path.resolve(strict=True)
    except RuntimeError:  # Python before 3.13
        return True
    except OSError as exc:
        import errno

        return exc.errno == errno.ELOOP
    return False


def check_regular(path: Path, shown: str) -> None:
    """Refuse what is not a plain file: reading a FIFO or a device would hang or never end."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise PathProblem(f"'{shown}' cannot be opened: {exc.strerror}") from None
    if not stat.S_ISREG(mode):
        raise PathProblem(f"'{shown}' is not a regular file")


def check_input(root: Path, path: Path, shown: str) -> None:
    """A file the build finds by itself (e.g. content/findings/x.yaml) must resolve inside the project."""
    if not inside(path, root):
        if _loops(path):
            raise PathProblem(f"'{shown}' is a symbolic link loop: it never reaches a file")
        raise PathProblem(f"'{shown}' is a symbolic link to a file outside the project")
    check_regular(path, shown)


def read_limited(path: Path, max_bytes: int, shown: str) -> bytes:
    """A file's bytes, refusing it once it is larger than ``max_bytes`` (never reads more)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise PathProblem(f"cannot read '{shown}': {exc.strerror}") from None
    if len(data) > max_bytes:
        raise PathProblem(f"'{shown}' is larger than {_size(max_bytes)}")
    return data


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MiB" if n >= 1024 * 1024 else f"{n // 1024} KiB"


def output_folder(root: Path, given: Path | None) -> Path:
    """Where outputs go: ``--out`` as given, else ``out/`` in the project, which must stay in it.

    A committed ``out`` symbolic link would send every build's files wherever it
    points (``.gitignore``'s ``out/`` matches only folders, so git keeps the link).
    Raises UsageError for what cannot be a folder of outputs.
    """
    from .errors import UsageError

    folder = given if given is not None else root / "out"
    shown = str(given) if given is not None else "out"
    option = "--out" if given is not None else "the project's out"
    if folder.is_symlink() and not folder.exists():
        raise UsageError(f"{option} ({shown}) is a symbolic link to nothing; remove it or pass --out DIR")
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{option} ({shown}) is a file, not a folder; pass --out DIR to write elsewhere")
    if given is None and folder.exists() and not inside(folder, root):
        raise UsageError(f"the project's out ({shown}) is a symbolic link to {folder.resolve()}, outside "
                         "the project; outputs are not written through it (pass --out DIR to choose a folder)")
    return folder
