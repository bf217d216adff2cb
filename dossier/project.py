"""A content repository on disk: everything a build reads, loaded and checked at once.

    content/organisations/<id>.yaml    content/findings/<id>.yaml
    content/recommendations/<id>.yaml  content/submissions/<target>.yaml
    references.bib                     templates/<format>/format.yaml + template
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .bibliography import Bibliography, read_bibliography
from .errors import Diagnostics, Location
from .formats import FormatSpec, available_formats, load_format
from .loading import read_yaml
from .model import Finding, Organisation, RecommendationSet, Submission
from .schema import load_as

# Folder under content/ -> the class of each file in it.
COLLECTIONS: dict[str, type] = {
    "organisations": Organisation,
    "findings": Finding,
    "recommendations": RecommendationSet,
    "submissions": Submission,
}


@dataclass
class Project:
    root: Path
    organisations: dict[str, Organisation] = field(default_factory=dict)
    findings: dict[str, Finding] = field(default_factory=dict)
    recommendations: dict[str, RecommendationSet] = field(default_factory=dict)
    submissions: dict[str, Submission] = field(default_factory=dict)
    bibliography: Bibliography = field(default_factory=Bibliography)
    formats: dict[str, FormatSpec] = field(default_factory=dict)
    broken_formats: set[str] = field(default_factory=set)
    # ids whose file exists but failed to load, by collection: known, so never "unknown"
    broken: dict[str, set[str]] = field(default_factory=dict)

    @property
    def broken_targets(self) -> set[str]:
        return self.broken.get("submissions", set())


def find_root(start: Path) -> Path:
    """The project folder: the nearest one above ``start`` holding ``content/``."""
    start = start.resolve()
    for candidate in (start, *start.parents):
        if (candidate / "content").is_dir():
            return candidate
    return start


def _load_collection(root: Path, folder: str, cls: type, diags: Diagnostics) -> tuple[dict[str, Any], set[str]]:
    loaded: dict[str, Any] = {}
    broken: set[str] = set()
    directory = root / "content" / folder
    if not directory.is_dir():
        return loaded, broken
    for path in sorted(directory.glob("*.y*ml")):
        if path.suffix not in (".yaml", ".yml"):
            continue
        display = f"content/{folder}/{path.name}"
        ident = path.stem
        if ident in loaded or ident in broken:
            diags.error(Location(display), f"a {folder[:-1]} with the id '{ident}' is defined twice")
            continue
        node = read_yaml(path, display, diags, root)
        item = load_as(node, cls, diags) if node is not None else None
        if item is None:
            broken.add(ident)
            continue
        item.id = ident
        loaded[ident] = item
    return loaded, broken


def input_files(root: Path) -> list[Path]:
    """Every file whose content a build reads (templates are cached by Jinja itself)."""
    files = [p for folder in COLLECTIONS for p in (root / "content" / folder).glob("*.y*ml")]
    for name in ("format.yaml", "style.css", "reference.docx"):  # what load_format reads or checks
        files += list((root / "templates").glob(f"*/{name}"))
    bib = root / "references.bib"
    if bib.is_file():
        files.append(bib)
    return files


def load_project(root: Path, diags: Diagnostics, use_cache: bool = True) -> Project:
    """Load and check all content; served from the cache when no input file changed."""
    from . import cache

    key = cache.fingerprint(input_files(root), root) if use_cache else ""
    if use_cache:
        cached = cache.load(root, "project", key)
        if isinstance(cached, Project):
            cached.root = root
            return cached
    before = len(diags.items)
    project = _load_project(root, diags)
    if use_cache and len(diags.items) == before:  # warnings must be shown again next time
        cache.store(root, "project", key, project)
    return project


def _load_project(root: Path, diags: Diagnostics) -> Project:
    project = Project(root=root)
    for folder, cls in COLLECTIONS.items():
        loaded, broken = _load_collection(root, folder, cls, diags)
        setattr(project, folder, loaded)
        project.broken[folder] = broken
    project.bibliography = read_bibliography(root / "references.bib", "references.bib", diags, root)
    for name in available_formats(root):
        spec = load_format(root, name, diags)
        if spec is not None:
            project.formats[name] = spec
        else:
            project.broken_formats.add(name)
    return project
