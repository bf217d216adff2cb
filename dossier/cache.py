"""Caches that make a rebuild cheap: compiled templates and the checked content.

They live in the user's cache folder ($XDG_CACHE_HOME/dossier, by default
~/.cache/dossier), never inside the project: both hold code or pickles that
are executed on load, and a content repository is shared with others.  Set
DOSSIER_CACHE=off to disable them, or to a folder to put them elsewhere.

The content cache is keyed by a hash of every input file's bytes (not its
time stamp), the program's version and Python's, and holds only loads that had
no errors or warnings, so what it returns is what loading the files again
would give.  Beside the whole project it keeps each file's loaded content
under that file's hash: after an edit only the changed files are read again.
"""

from __future__ import annotations

import os
import pickle
import stat
import sys
from pathlib import Path
from contextlib import contextmanager
from typing import Any, Iterator

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
    """This project's cache folder of ``kind``, or None: caching off, or no folder safe to use.

    Every level is made 0700 and must belong to this user: the entries are pickles,
    executed on load, and hold the content, which other local users must not read.
    """
    setting = os.environ.get("DOSSIER_CACHE", "")
    if _disabled or setting.lower() in ("off", "0", "no"):
        return None
    base = Path(setting) if setting else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dossier"
    project = blake2b(str(root.resolve()).encode(), digest_size=8).hexdigest()
    directory = base / project / kind
    try:
        base.parent.mkdir(parents=True, exist_ok=True)
        # A folder named by DOSSIER_CACHE may be anyone's (/tmp): only what we make in it is ours to close.
        _private_folder(base, close=not setting)
        for folder in (base / project, directory):
            _private_folder(folder)
    except OSError:
        return None  # a read-only home, or a folder of another user: builds still work, only slower
    return directory


def _private_folder(folder: Path, close: bool = True) -> None:
    """``folder`` exists and is a real folder of this user; with ``close``, only this user may use it."""
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        pass
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode):
        raise NotADirectoryError(f"{folder} is not a folder")
    if not close:
        return
    if info.st_uid != os.getuid():
        raise PermissionError(f"{folder} is not a folder of this user")
    if stat.S_IMODE(info.st_mode) != 0o700:  # made by an older version, 0755
        os.chmod(folder, 0o700)


def _code_stamp() -> bytes:
    """Size and time of each of the program's own modules: a cache made by other code is not reused.

    Without it, a checkout with new validation rules would be served content
    checked by the old ones until some content file changed.
    """
    package = os.path.dirname(os.path.abspath(__file__))
    stamps = []
    for folder, subfolders, files in os.walk(package):  # os.walk: Path.rglob costs a build 2 ms
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                try:
                    info = os.stat(path)
                except OSError:
                    continue
                stamps.append(f"{os.path.relpath(path, package)}:{info.st_size}:{info.st_mtime_ns}")
    return "|".join(stamps).encode()


def file_digest(path: Path, root: Path) -> str:
    """A hash of one input file's bytes ("<unreadable>" for what the loader refuses anyway)."""
    try:
        info = path.stat()
        # A FIFO would block here forever, /dev/zero never end: the loader refuses
        # such files (and links out of the project) with a located error anyway.
        if not stat.S_ISREG(info.st_mode) or not inside(path, root):
            raise OSError
        if info.st_size > 64 * 1024 * 1024:  # far above any limit: refused when loaded
            return f"size:{info.st_size}:{info.st_mtime_ns}"
        return blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return "<unreadable>"


def code_key() -> str:
    """The program's version, Python's, and its own modules' sizes and times."""
    digest = blake2b(digest_size=16)
    digest.update(f"{__version__}|{sys.version}".encode())
    digest.update(_code_stamp())
    return digest.hexdigest()


def fingerprint(digests: dict[Path, str], root: Path) -> str:
    """One key for all input files (from ``file_digest``) and the program that reads them."""
    digest = blake2b(digest_size=16)
    digest.update(code_key().encode())
    for path in sorted(digests):
        digest.update(os.path.relpath(path, root).encode() + b"\0" + digests[path].encode() + b"\0")
    return digest.hexdigest()


def load(root: Path, kind: str, key: str) -> Any | None:
    directory = cache_dir(root, kind)
    if directory is None:
        return None
    path = directory / f"{key}.pickle"
    try:
        with path.open("rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            return pickle.load(handle)
    except Exception:  # missing, from an older program, or damaged in any way: rebuild it
        return None


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
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, directory / f"{key}.pickle")
    except (OSError, pickle.PicklingError, RecursionError):
        try:
            tmp.unlink()
        except OSError:
            pass
