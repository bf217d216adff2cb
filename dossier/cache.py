"""Caches that make a rebuild cheap: compiled templates and the checked content.

They live in the user's cache folder ($XDG_CACHE_HOME/dossier, by default
~/.cache/dossier), never inside the project: both hold code or pickles that
are executed on load, and a content repository is shared with others.  Set
DOSSIER_CACHE=off to disable them, or to a folder to put them elsewhere.

The content cache is keyed by a hash of every input file's bytes (not its
time stamp), the program's version and Python's, and holds only loads that had
no errors, so what it returns is what loading the files again would give.
"""

from __future__ import annotations

import os
import pickle
import stat
import sys
from pathlib import Path
from contextlib import contextmanager
from typing import Any, Iterable, Iterator

from . import __version__
from .paths import inside

try:  # the BLAKE2 module alone: importing hashlib loads OpenSSL, which costs more than a build's hashing
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - Python built without it
    from hashlib import blake2b


_disabled = False


@contextmanager
def disabled() -> Iterator[None]:
    """No caching inside: for throwaway folders (an old revision checked out to compare with)."""
    global _disabled
    before, _disabled = _disabled, True
    try:
        yield
    finally:
        _disabled = before


def cache_dir(root: Path, kind: str) -> Path | None:
    setting = os.environ.get("DOSSIER_CACHE", "")
    if _disabled or setting.lower() in ("off", "0", "no"):
        return None
    base = Path(setting) if setting else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dossier"
    project = blake2b(str(root.resolve()).encode(), digest_size=8).hexdigest()
    directory = base / project / kind
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only home: builds still work, only slower
    return directory


def _code_stamp() -> bytes:
    """Size and time of each of the program's own modules: a cache made by other code is not reused.

    Without it, a checkout with new validation rules would be served content
    checked by the old ones until some content file changed.
    """
    package = Path(__file__).resolve().parent
    stamps = []
    for path in sorted(package.rglob("*.py")):
        try:
            info = path.stat()
        except OSError:
            continue
        stamps.append(f"{path.relative_to(package)}:{info.st_size}:{info.st_mtime_ns}")
    return "|".join(stamps).encode()


def fingerprint(files: Iterable[Path], root: Path) -> str:
    digest = blake2b(digest_size=16)
    digest.update(f"{__version__}|{sys.version}".encode())
    digest.update(_code_stamp())
    for path in sorted(files):
        digest.update(os.path.relpath(path, root).encode() + b"\0")
        try:
            info = path.stat()
            # A FIFO would block here forever, /dev/zero never end: the loader refuses
            # such files (and links out of the project) with a located error anyway.
            if not stat.S_ISREG(info.st_mode) or not inside(path, root):
                raise OSError
            if info.st_size > 64 * 1024 * 1024:  # far above any limit: refused when loaded
                digest.update(f"{info.st_size}:{info.st_mtime_ns}".encode())
            else:
                digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
        digest.update(b"\0")
    return digest.hexdigest()


def load(root: Path, kind: str, key: str) -> Any | None:
    directory = cache_dir(root, kind)
    if directory is None:
        return None
    path = directory / f"{key}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None  # missing or from an older program: rebuild it


def store(root: Path, kind: str, key: str, value: Any) -> None:
    directory = cache_dir(root, kind)
    if directory is None:
        return
    for old in directory.glob("*.pickle"):  # one entry per project is enough
        try:
            old.unlink()
        except OSError:
            pass
    tmp = directory / f".{key}.{os.getpid()}.tmp"
    try:
        with tmp.open("wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, directory / f"{key}.pickle")
    except (OSError, pickle.PicklingError, RecursionError):
        try:
            tmp.unlink()
        except OSError:
            pass
