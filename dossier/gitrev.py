"""An earlier version of the content repository, read from git into a folder.

Only local git commands (rev-parse, archive); never the network.  Every
failure is a ``UsageError`` saying what to do, never a traceback.
"""

from __future__ import annotations

import subprocess
import tarfile
from dataclasses import dataclass
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
        raise UsageError(f"unknown revision '{name}' in the git repository of {root}")
    commit = found.stdout.decode().strip()
    short = _git(root, "rev-parse", "--short", commit).stdout.decode().strip() or commit[:7]
    return Revision(name, commit, short), Path(top), prefix.strip()


def export_revision(root: Path, name: str, dest: Path) -> Revision:
    """Write the project folder as it was at revision ``name`` into ``dest`` (an empty folder)."""
    revision, top, prefix = resolve_revision(root, name)
    tree = f"{revision.commit}:{prefix}" if prefix else revision.commit
    if prefix and _git(top, "cat-file", "-e", tree).returncode != 0:
        raise UsageError(f"the project folder {prefix.rstrip('/')} did not exist at revision {name} ({revision.short})")
    # from the top folder: in a subfolder, git archive would look for that subfolder inside the tree
    process = subprocess.Popen(["git", "-C", str(top), "archive", "--format=tar", tree],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    try:
        with tarfile.open(fileobj=process.stdout, mode="r|") as archive:
            # no links or paths out of dest (the filter exists from Python 3.11.4)
            archive.extractall(dest, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    except tarfile.ReadError:
        pass  # nothing came: git's own message says why, below
    except tarfile.TarError as exc:  # e.g. a link pointing out of the folder
        process.kill()
        raise UsageError(f"cannot check out revision {name} ({revision.short}) safely: {exc}") from None
    finally:
        process.stdout.close()
        error = process.stderr.read().decode(errors="replace").strip()
        status = process.wait()
    if status != 0:
        where = f"the folder {prefix.rstrip('/')}" if prefix else "the project"
        raise UsageError(f"cannot read {where} at revision {name} ({revision.short}): "
                         f"{error.splitlines()[-1] if error else 'git archive failed'}")
    return revision
