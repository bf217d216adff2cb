"""Noticing a saved file: poll the time stamps and sizes of everything a build reads.

Polling (every 0.2 s by default) needs nothing outside the standard library and
works on every file system, network shares included; a project holds few files,
so a scan costs about a millisecond (36 files: 1.1 ms).
"""

from __future__ import annotations

import os
import sys
import threading
import traceback
from pathlib import Path
from typing import Callable

Signature = frozenset[tuple[str, int, int]]  # (path, mtime in ns, size) of every watched file

# everything a build reads: content, formats, sources (BibTeX or CSL-JSON), house styles,
# images, and the list of shared repositories, whose own content and sources are read too
WATCHED = ("content", "templates", "references.bib", "references.json", "styles", "assets", "dossier.yaml")
SHARED = ("content", "references.bib", "references.json")


def _shared_roots(root: Path) -> list[Path]:
    """The shared repositories dossier.yaml names (none when it is missing or broken: the
    build says why)."""
    if not (root / "dossier.yaml").is_file():
        return []
    from ..coalition import read_project_file
    from ..errors import Diagnostics

    try:
        return [repo.root for repo in read_project_file(root, Diagnostics())]
    except Exception:  # half-saved: watched again at the next scan
        return []


def _ignored(name: str) -> bool:
    # editors' swap and backup files (.x.swp, .#x, x~) come and go while typing
    return name.startswith((".", "#")) or name.endswith("~")


def scan(root: Path) -> Signature:
    found: set[tuple[str, int, int]] = set()
    folders: set[Path] = set()  # by real path: a symbolic link back up must not loop for ever
    pending = [root / name for name in WATCHED]
    pending += [shared / name for shared in _shared_roots(root) for name in SHARED]
    while pending:
        path = pending.pop()
        try:
            if path.is_dir():
                real = path.resolve()
                if real in folders:
                    continue
                folders.add(real)
                pending.extend(Path(entry.path) for entry in os.scandir(path) if not _ignored(entry.name))
            else:
                stat = path.stat()
                found.add((str(path), stat.st_mtime_ns, stat.st_size))
        except OSError:  # removed between listing and stat: the next scan sees it gone
            continue
    return frozenset(found)


class Watcher:
    """Calls ``on_change`` (in its own thread) after any watched file is saved, added or removed."""

    def __init__(self, root: Path, on_change: Callable[[], object],
                 interval: float = 0.2, settle: float = 0.05) -> None:
        self.root = root
        self.on_change = on_change
        self.interval = interval
        self.settle = settle
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="dossier-watcher", daemon=True)
        self._last = scan(root)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            current = scan(self.root)
            if current == self._last:
                continue
            # An editor may save in steps (truncate, write, rename): wait until the
            # files hold still for a moment, so the build sees the finished save.
            for _ in range(20):
                if self._stop.wait(self.settle):
                    return
                again = scan(self.root)
                if again == current:
                    break
                current = again
            # Taken before building: a save during the build is seen by the next scan.
            self._last = current
            try:
                self.on_change()
            except Exception:  # a bug in a rebuild must not stop the watching
                traceback.print_exc(file=sys.stderr)
