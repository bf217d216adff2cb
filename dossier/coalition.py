"""Content shared between organisations: other repositories a project draws on.

``dossier.yaml`` at the top of a project may declare them:

    repositories:
      - name: partner               # its namespace: partner:quota-system, [@partner:key]
        path: ../partner-content    # a local folder or a git submodule, relative to the project

Their organisations, findings, recommendation sets and references become
available under ``name:``; their submissions are not targets here.  Inside a
shared repository's own text, ids without a namespace mean its own content.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path

from .errors import Diagnostics, Location
from .loading import read_yaml
from .records import Record
from .schema import NOWHERE, Text, load_as

PROJECT_FILE = "dossier.yaml"


class Repository(Record):
    __schema_name__ = "repository"
    name: Text
    path: Text
    loc: Location = NOWHERE
    root: Path = field(default=Path("."), init=False)
    display: str = field(default="", init=False)  # its folder as paths are shown: ../partner-content


class ProjectFile(Record):
    __schema_name__ = "project file"
    repositories: list[Repository] = field(default_factory=list)
    loc: Location = NOWHERE


def read_project_file(root: Path, diags: Diagnostics) -> list[Repository]:
    path = root / PROJECT_FILE
    if not path.is_file():
        return []
    node = read_yaml(path, PROJECT_FILE, diags, root)
    spec = load_as(node, ProjectFile, diags) if node is not None else None
    if spec is None:
        return []
    repositories: list[Repository] = []
    seen: dict[str, Location] = {}
    for repo in spec.repositories:
        name = str(repo.name)
        if not name.replace("-", "").replace("_", "").isalnum():
            diags.error(repo.name.loc, f"repository name '{name}' may hold only letters, digits, '-' and '_'")
            continue
        if name in seen:
            diags.error(repo.name.loc, f"two repositories are named '{name}' "
                                       f"(the first at line {seen[name].line}): ids would clash")
            continue
        seen[name] = repo.name.loc
        folder = (root / str(repo.path)).resolve()
        if not (folder / "content").is_dir():
            diags.error(repo.path.loc, f"repository '{name}': no content/ folder in {repo.path}")
            continue
        if folder == root.resolve():
            diags.error(repo.path.loc, f"repository '{name}' is this project itself")
            continue
        repo.root = folder
        repo.display = str(repo.path).rstrip("/")
        repositories.append(repo)
    return repositories


def git_commit(folder: Path) -> str:
    """The commit a folder's content is at, with '+' when it has uncommitted changes."""
    import subprocess  # here: only a coalition's build report needs it
    try:
        head = subprocess.run(["git", "-C", str(folder), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=10)
        if head.returncode != 0:
            return "not in git"
        dirty = subprocess.run(["git", "-C", str(folder), "status", "--porcelain", "--", "content",
                                "references.bib"], capture_output=True, text=True, timeout=10)
        return head.stdout.strip() + ("+" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return "not in git"


def describe_sources(root: Path, repositories: list[Repository], sources: set[str],
                     used_ids: set[str]) -> list[str]:
    """Which repository, at which commit, each piece of a submission came from."""
    lines = []
    own = sorted(s for s in sources if not any(s.startswith(r.display + "/") for r in repositories))
    lines.append(f"from this repository @ {git_commit(root)}: {len(own)} file{'s' if len(own) != 1 else ''}")
    for repo in repositories:
        pieces = sorted(i for i in used_ids if i.startswith(f"{repo.name}:"))
        files = [s for s in sources if s.startswith(repo.display + "/")]
        if not files:
            continue
        shown = ", ".join(pieces) if pieces else f"{len(files)} files"
        lines.append(f"from {repo.name} ({repo.display}) @ {git_commit(repo.root)}: {shown}")
    return lines
