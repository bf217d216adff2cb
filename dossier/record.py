"""What each build wrote, so an output someone edited is never overwritten unasked.

Editors open the generated DOCX and change it.  ``<out>/.dossier-outputs.json``
keeps the SHA-256 of every file a build wrote.  Before writing again, each
existing output is compared with it: a file that is neither what we wrote
nor what we are about to write has been changed by someone (or was never
ours), and the build refuses.  With ``--force`` it goes ahead and keeps that
file beside the new one as ``<name>.edited-<date>-<time>.<ext>``; nothing
is ever deleted.

The record is written once, before any output is replaced, and lists both
the old and the new hash of each (the old one is a file we wrote, so
accepting it later loses nothing): a build killed at any moment never makes
a good output look edited.  It is itself written under a temporary name and
renamed, like every output.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import stat
from pathlib import Path

from .errors import Diagnostic, Diagnostics, DossierError, Location, OutputError, display_path
from .output import atomic_write, atomic_write_all
from .records import Record

RECORD_NAME = ".dossier-outputs.json"
_ABOUT = ("Written by dossier: the SHA-256 of each output it wrote, so that a build never "
          "overwrites a file someone has edited since. Delete it and every existing output "
          "counts as edited.")

try:  # the SHA-256 module alone: hashlib loads OpenSSL, which costs more than the hashing
    from _sha256 import sha256  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - Python 3.12 renamed it; or a build without it
    try:
        from _sha2 import sha256  # type: ignore[import-not-found,no-redef]
    except ImportError:
        from hashlib import sha256  # type: ignore[assignment]


class EditedOutputError(DossierError):
    """An output was changed since the last build wrote it (exit status 4; --force keeps it)."""

    exit_status = 4
    hint = ("rebuild with --force to write the new outputs anyway; each file listed above is then "
            "kept beside them as NAME.edited-DATE-TIME.EXT")


def digest(data: bytes) -> str:
    return sha256(data).hexdigest()


def _file_digest(path: Path) -> str | None:
    try:
        return digest(path.read_bytes()) if path.is_file() else None
    except OSError:
        return None


def _shown(path: Path) -> str:
    return display_path(path, Path.cwd())


class _Planned(Record):
    path: Path
    data: bytes
    new: str
    current: str | None  # the hash of the file there now, None when there is none
    ours: bool  # the file there now is one we wrote (or exactly what we are writing)


class OutputRecord:
    def __init__(self, out_dir: Path, entries: dict[str, dict[str, str]]):
        self.out_dir = out_dir
        self.path = out_dir / RECORD_NAME
        self.entries = entries

    @classmethod
    def load(cls, out_dir: Path, diags: Diagnostics) -> "OutputRecord":
        path = out_dir / RECORD_NAME
        if not path.exists():
            return cls(out_dir, {})
        try:
            with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as handle:  # a FIFO: no wait
                if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                    raise ValueError("not a regular file")
                raw = json.loads(handle.read(16 * 1024 * 1024))
            entries = raw["outputs"]
            if not isinstance(entries, dict) or not all(
                    isinstance(v, dict) and isinstance(v.get("sha256"), str)
                    and all(isinstance(x, str) for x in v.values()) for v in entries.values()):
                raise ValueError("unexpected structure")
        except (OSError, ValueError, KeyError, TypeError, RecursionError) as exc:
            diags.warning(Location(_shown(path)), f"cannot be read ({exc}); every existing output "
                                                  "counts as edited")
            return cls(out_dir, {})
        return cls(out_dir, entries)

    def accepts(self, name: str, file_digest: str) -> bool:
        entry = self.entries.get(name)
        return entry is not None and file_digest in (entry.get("sha256"), entry.get("previous"))

    def encoded(self) -> bytes:
        text = json.dumps({"about": _ABOUT, "outputs": dict(sorted(self.entries.items()))}, indent=2)
        return (text + "\n").encode("utf-8")

    def save(self) -> None:
        atomic_write(self.path, self.encoded())


def write_outputs(outputs: list[tuple[Path, bytes]], force: bool, diags: Diagnostics) -> None:
    """Write ``outputs`` (all in one folder), refusing to destroy a file changed since we wrote it."""
    if not outputs:
        return
    with _locked(outputs[0][0].parent):  # --all writes from several processes at once
        _write_outputs(outputs, force, diags)


@contextlib.contextmanager
def _locked(folder: Path):
    """Exclusive use of the record: one build at a time reads, changes and saves it.

    The lock is on the output folder itself, so it leaves no file behind.
    """
    import fcntl

    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        raise OutputError([Diagnostic(Location(_shown(folder)), f"cannot write outputs: {exc.strerror}")]) from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def _write_outputs(outputs: list[tuple[Path, bytes]], force: bool, diags: Diagnostics) -> None:
    record = OutputRecord.load(outputs[0][0].parent, diags)
    plan = []
    for path, data in outputs:
        new = digest(data)
        current = _file_digest(path)
        ours = current is None or current == new or record.accepts(path.name, current)
        plan.append(_Planned(path, data, new, current, ours))
    edited = [p for p in plan if not p.ours]
    if edited and not force:
        raise EditedOutputError([Diagnostic(Location(_shown(p.path)), _why(record, p.path) + "; not overwritten")
                                 for p in edited])
    for item in edited:
        try:
            kept = keep_aside(item.path)
        except OSError as exc:
            raise OutputError([Diagnostic(Location(_shown(item.path)),
                                          f"cannot keep the edited file aside: {exc.strerror}")]) from None
        diags.warning(Location(_shown(item.path)), f"{_why(record, item.path)}; kept as {_shown(kept)}")
    # The record first, naming the old and the new hash: then whichever a killed build leaves is ours.
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    for item in plan:
        entry = {"sha256": item.new, "written": now}
        if item.ours and item.current is not None and item.current != item.new:
            entry["previous"] = item.current
        record.entries[item.path.name] = entry
    # All or none: a disk full after the DOCX must not leave it beside the old PDF.
    atomic_write_all([(record.path, record.encoded())] + [(item.path, item.data) for item in plan])


def _why(record: OutputRecord, path: Path) -> str:
    entry = record.entries.get(path.name)
    if entry is None:
        return f"not written by dossier (no record of it in {_shown(record.path)})"
    when = entry.get("written", "")[:16].replace("T", " ")
    return f"changed since dossier wrote it{f' ({when} UTC)' if when else ''}"


def keep_aside(path: Path) -> Path:
    """Rename an edited output to ``<stem>.edited-<date>-<time><suffix>``, never over another file."""
    stamp = dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y%m%d-%H%M%S")
    for n in range(1, 1000):
        kept = path.with_name(f"{path.stem}.edited-{stamp}{'' if n == 1 else f'-{n}'}{path.suffix}")
        try:
            os.link(path, kept)  # fails if the name is taken: no race can clobber a kept copy
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links
            if kept.exists():
                continue
            os.rename(path, kept)
            return kept
        os.unlink(path)
        return kept
    raise OutputError([Diagnostic(Location(_shown(path)), "too many edited copies beside it; move some away")])
