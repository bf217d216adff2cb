"""An earlier version of the content repository, read from git into a folder.

Only local git commands (rev-parse, ls-tree, cat-file); never the network.  Every
failure is a ``UsageError`` saying what to do, never a traceback.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from typing import NamedTuple
from pathlib import Path

from .errors import UsageError


@dataclass(frozen=True)
class Revision:
    name: str  # as the user wrote it
    commit: str  # full hash
    short: str  # abbreviated hash, for file names and messages


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=120)
    except FileNotFoundError:
        raise UsageError("git is not installed; comparing with a revision needs it") from None


def resolve_revision(root: Path, name: str) -> tuple[Revision, Path, str]:
    """The commit ``name`` means, the repository's top folder, and ``root``'s folder within it."""
    if not name or name.startswith("-"):
        raise UsageError(f"'{name}' is not a revision (a commit, branch or tag, e.g. HEAD~1)")
    inside = _git(root, "rev-parse", "--show-toplevel", "--show-prefix")
    if inside.returncode != 0:
        raise UsageError(f"{root} is not in a git repository: --since compares with a revision "
                         "of the content repository's history")
    top, prefix = (inside.stdout.decode().splitlines() + ["", ""])[:2]
    found = _git(root, "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}")
    if found.returncode != 0:
        shallow = _git(root, "rev-parse", "--is-shallow-repository").stdout.decode().strip() == "true"
        hint = ("; this clone is shallow and may not hold it: fetch the history with "
                "git fetch --unshallow" if shallow else "")
        raise UsageError(f"unknown revision '{name}' in the git repository of {root}{hint}")
    commit = found.stdout.decode().strip()
    short = _git(root, "rev-parse", "--short", commit).stdout.decode().strip() or commit[:7]
    return Revision(name, commit, short), Path(top), prefix.strip()


class _Entry(NamedTuple):
    mode: str
    kind: str  # blob, tree or commit (a submodule)
    sha: str
    path: str  # relative to the tree listed


def list_tree(repository: Path, tree: str) -> list[_Entry]:
    """Every file of ``tree`` (``commit:folder``), recursively, as git stores it."""
    listed = _git(repository, "ls-tree", "-r", "-z", "--full-tree", tree)
    if listed.returncode != 0:
        raise UsageError(f"cannot read {tree} in {repository}: "
                         f"{(listed.stderr.decode(errors='replace').strip().splitlines() or ['git ls-tree failed'])[-1]}")
    entries = []
    for record in listed.stdout.split(b"\0"):
        if record:
            meta, path = record.split(b"\t", 1)
            mode, kind, sha = meta.decode().split()
            entries.append(_Entry(mode, kind, sha, path.decode("utf-8", errors="surrogateescape")))
    return entries


def write_tree(repository: Path, entries: list[_Entry], dest: Path, what: str) -> None:
    """The files ``entries`` name, with their bytes exactly as committed, under ``dest``.

    Read blob by blob (``git cat-file``), not with ``git archive``: archive applies
    .gitattributes' export-subst (rewriting text) and export-ignore (leaving files out),
    and the comparison must see what was committed.
    """
    blobs = [e for e in entries if e.kind == "blob"]
    process = subprocess.Popen(["git", "-C", str(repository), "cat-file", "--batch"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert process.stdin is not None and process.stdout is not None
    def ask() -> None:  # from a thread: with thousands of files both pipes would fill and block
        try:
            process.stdin.write(b"".join(f"{e.sha}\n".encode() for e in blobs))
            process.stdin.close()
        except OSError:  # git gone: the reading side says so
            pass

    import threading

    asking = threading.Thread(target=ask, daemon=True)
    asking.start()
    try:
        for entry in blobs:
            header = process.stdout.readline().split()
            if len(header) != 3 or header[1] != b"blob":
                raise UsageError(f"cannot read {entry.path} of {what} from git")
            data = process.stdout.read(int(header[2]))
            process.stdout.read(1)  # the newline after each object
            target = _place(dest, entry.path, what)
            if entry.mode == "120000":  # a symbolic link: only to a place inside dest
                link = data.decode("utf-8", errors="surrogateescape")
                if link.startswith("/") or not (target.parent / link).resolve().is_relative_to(dest.resolve()):
                    raise UsageError(f"cannot check out {what} safely: {entry.path} is a symbolic link "
                                     "out of the project")
                target.symlink_to(link)
            else:
                target.write_bytes(data)
    finally:
        process.kill()
        asking.join()
        process.stdout.close()
        process.wait()


def _place(dest: Path, path: str, what: str) -> Path:
    parts = path.split("/")
    if path.startswith("/") or ".." in parts or "" in parts:
        raise UsageError(f"cannot check out {what} safely: the path {path!r}")
    target = dest.joinpath(*parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def export_revision(root: Path, name: str, dest: Path) -> tuple[Revision, Path, list[str]]:
    """The project folder as it was at revision ``name``, written under ``dest`` (a private,
    empty folder): the revision, the project folder's place in ``dest``, and warnings.

    The path from the repository's top is kept (``dest/.../top/<prefix>``), and each shared
    repository dossier.yaml names is placed where its path leads, inside ``dest``: a folder
    of the same repository or a submodule as it was at the revision; one outside the
    repository, which has no such revision, as it is now (a warning says so).
    """
    revision, top, prefix = resolve_revision(root, name)
    tree = f"{revision.commit}:{prefix}" if prefix else revision.commit
    if prefix and _git(top, "cat-file", "-e", tree).returncode != 0:
        raise UsageError(f"the project folder {prefix.rstrip('/')} did not exist at revision {name} ({revision.short})")
    what = f"revision {name} ({revision.short})"
    # a few empty levels above the top: a partner at ../partner still lands inside dest
    old_top = dest.joinpath(*["up"] * 4, "top")
    old_root = old_top.joinpath(*[p for p in prefix.split("/") if p])
    old_root.mkdir(parents=True)
    write_tree(top, list_tree(top, tree), old_root, what)
    warnings = []
    for written in _partner_paths(old_root / "dossier.yaml"):
        if Path(written).is_absolute():  # read where it is, now, by the loader itself
            warnings.append(f"the shared repository {written} is an absolute path: it is compared as it is now")
            continue
        old_place = Path(os.path.normpath(old_root / written))
        in_repository = os.path.relpath(os.path.normpath(top / prefix / written), top)
        if not old_place.is_relative_to(dest) or old_place == dest:
            raise UsageError(f"cannot compare with {what}: the shared repository {written} lies too far "
                             "above the project")
        if old_place.exists() or old_place.is_symlink():
            continue  # a folder of the project itself, exported already
        if not in_repository.startswith(".."):
            export_partner(top, revision.commit, in_repository, old_place, what)
            continue
        live = (root / written).resolve()
        if live.is_dir():
            old_place.parent.mkdir(parents=True, exist_ok=True)
            old_place.symlink_to(live, target_is_directory=True)
            warnings.append(f"the shared repository {written} is outside this git repository, so it has no "
                            f"{what}: it is compared as it is now (make it a submodule to compare its history)")
    return revision, old_root, warnings


def _partner_paths(project_file: Path) -> list[str]:
    """The ``path:`` of each shared repository in an exported dossier.yaml (errors come later)."""
    import yaml

    try:
        data = yaml.safe_load(project_file.read_bytes()) if project_file.is_file() else None
    except (OSError, yaml.YAMLError, RecursionError, ValueError):
        return []
    entries = data.get("repositories") if isinstance(data, dict) else None
    return [e["path"] for e in entries if isinstance(e, dict) and isinstance(e.get("path"), str)
            and e["path"].strip() and "\0" not in e["path"]] if isinstance(entries, list) else []


def export_partner(top: Path, commit: str, path: str, dest: Path, what: str) -> bool:
    """A shared repository at ``path`` (relative to the repository's top) as it was at ``commit``:
    a folder of the same repository, or a submodule at the commit recorded for it.
    False when the revision holds nothing at ``path``."""
    listed = _git(top, "ls-tree", "-z", commit, "--", path.rstrip("/"))
    record = listed.stdout.split(b"\0")[0] if listed.returncode == 0 else b""
    if not record:
        return False
    mode, kind, sha = record.split(b"\t", 1)[0].decode().split()
    dest.mkdir(parents=True, exist_ok=True)
    if kind == "tree":
        write_tree(top, list_tree(top, sha), dest, what)
    elif kind == "commit":  # a submodule: its own repository, checked out at top/path
        submodule = top / path
        if _git(submodule, "cat-file", "-e", f"{sha}^{{commit}}").returncode != 0:
            raise UsageError(f"{what}: the submodule {path} does not hold commit {sha[:7]}, recorded at "
                             "that revision; run git submodule update --init (or fetch in it)")
        write_tree(submodule, list_tree(submodule, sha), dest, what)
    else:
        return False
    return True
