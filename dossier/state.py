"""What each build read, so that rebuilding an unchanged target can be skipped.

``out/.dossier-builds.json`` records, per target, a hash of every input it
used: its content files, the fields of each reference it cites, its format's
folder, and this program's own source.  A target whose inputs hash the same and
whose outputs are all still there is not built again.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .bibliography import Bibliography
from .cache import blake2b
from .output import atomic_write

STATE_FILE = ".dossier-builds.json"
_PACKAGE = Path(__file__).resolve().parent


def _digest(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()


@dataclass
class Hasher:
    """File hashes, each file read once per run."""

    root: Path
    _files: dict[str, str] = field(default_factory=dict)
    _code: str = ""

    def file(self, display_path: str) -> str:
        if display_path not in self._files:
            try:
                self._files[display_path] = _digest((self.root / display_path).read_bytes())
            except OSError:
                self._files[display_path] = "missing"
        return self._files[display_path]

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
        try:
            self.targets: dict[str, dict] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.targets = {}

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


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)
