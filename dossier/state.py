"""What each build read, so that rebuilding an unchanged target can be skipped.

``out/.dossier-builds.json`` records, per target, a hash of every input it
used: its content files, the fields of each reference it cites, its format's
folder, and this program's own source.  A target whose inputs hash the same and
whose outputs are all still there is not built again.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .bibliography import Bibliography
from .cache import blake2b
from .output import atomic_write

STATE_FILE = ".dossier-builds.json"
_PACKAGE = Path(__file__).resolve().parent


def _digest(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()


_MAX_INPUT_BYTES = 64 * 1024 * 1024  # far above any input's own limit


@dataclass
class Hasher:
    """File hashes, each file read once per run.

    The paths come from the builds file, which anyone may have edited: only a
    regular file inside the project or one of its shared repositories (``roots``)
    is read; anything else (``/dev/zero``, a FIFO, a file elsewhere) hashes as "missing".
    """

    root: Path
    roots: tuple[Path, ...] = ()  # besides ``root``: the shared repositories' folders
    _files: dict[str, str] = field(default_factory=dict)
    _code: str = ""

    def file(self, display_path: str) -> str:
        if display_path not in self._files:
            self._files[display_path] = self._read(display_path)
        return self._files[display_path]

    def _read(self, display_path: str) -> str:
        from .paths import inside

        path = self.root / display_path
        if not any(inside(path, folder) for folder in (self.root, *self.roots)):
            return "missing"
        data = _read_regular(path)
        return "missing" if data is None else _digest(data)

    def folder(self, folder: Path) -> str:
        parts = []
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            parts.append(f"{path.relative_to(folder).as_posix()}:{_digest(path.read_bytes())}")
        return _digest("\n".join(parts).encode())

    def code(self) -> str:
        if not self._code:
            self._code = self.folder(_PACKAGE) if _PACKAGE.is_dir() else "unknown"
        return self._code


def reference_hash(bibliography: Bibliography, key: str) -> str:
    ref = bibliography.references.get(key)
    if ref is None:
        return "missing"
    return _digest(json.dumps([ref.type, sorted(ref.fields.items())]).encode())


def input_record(hasher: Hasher, sources: set[str], cited: set[str], bibliography: Bibliography,
                 format_dir: Path, outputs: tuple[str, ...]) -> dict:
    return {
        "files": {path: hasher.file(path) for path in sorted(sources)},
        "refs": {key: reference_hash(bibliography, key) for key in sorted(cited)},
        "format": hasher.folder(format_dir) + hasher.folder(format_dir.parent / "_common")
        if (format_dir.parent / "_common").is_dir() else hasher.folder(format_dir),
        "code": hasher.code(),
        "outputs": sorted(outputs),
    }


class BuildState:
    def __init__(self, out_dir: Path):
        self.path = out_dir / STATE_FILE
        self.targets: dict[str, dict] = _valid_targets(_read_json(self.path))

    def is_current(self, target: str, hasher: Hasher, bibliography: Bibliography,
                   format_dir: Path, outputs: tuple[str, ...], out_dir: Path, extensions: list[str]) -> bool:
        record = self.targets.get(target)
        if not record or record.get("outputs") != sorted(outputs):
            return False
        if not all((out_dir / f"{target}.{ext}").exists() for ext in extensions):
            return False
        if record.get("code") != hasher.code():
            return False
        if any(hasher.file(path) != digest for path, digest in record.get("files", {}).items()):
            return False
        if any(reference_hash(bibliography, key) != digest for key, digest in record.get("refs", {}).items()):
            return False
        fmt = hasher.folder(format_dir)
        common = format_dir.parent / "_common"
        if common.is_dir():
            fmt += hasher.folder(common)
        return record.get("format") == fmt

    def record(self, target: str, record: dict) -> None:
        self.targets[target] = record

    def forget(self, target: str) -> None:
        self.targets.pop(target, None)

    def save(self) -> None:
        data = json.dumps(self.targets, indent=1, sort_keys=True).encode("utf-8")
        if self.path.parent.is_dir() or self.targets:
            atomic_write(self.path, data)


def _read_regular(path: Path) -> bytes | None:
    """A regular file's bytes; None for anything else (opened without blocking: a FIFO would)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_INPUT_BYTES:
                return None
            return handle.read(_MAX_INPUT_BYTES + 1)
        except OSError:
            return None


def _read_json(path: Path) -> object:
    """The file's JSON, or None when it is missing, damaged or not a regular file."""
    data = _read_regular(path)
    try:
        return json.loads(data) if data is not None else None
    except (ValueError, RecursionError):
        return None


def _valid_targets(raw: object) -> dict[str, dict]:
    """The records of a builds file of the right shape; a damaged one means "build again"."""
    if not isinstance(raw, dict):
        return {}

    def digests(value: object) -> bool:
        return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())

    valid = {}
    for target, record in raw.items():
        if (isinstance(target, str) and isinstance(record, dict) and digests(record.get("files", {}))
                and digests(record.get("refs", {})) and isinstance(record.get("format"), str)
                and isinstance(record.get("code"), str) and isinstance(record.get("outputs"), list)
                and digests(record.get("report", {}))):
            valid[target] = record
    return valid


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)
