"""A content repository on disk: everything a build reads, loaded and checked at once.

    content/organisations/<id>.yaml    content/findings/<id>.yaml
    content/recommendations/<id>.yaml  content/submissions/<target>.yaml
    content/law/<instrument>.yaml      content/states/<state>.yaml
    references.bib                     templates/<format>/format.yaml + template
"""

from __future__ import annotations

import re
from dataclasses import field
from pathlib import Path
from typing import Any

from .bibliography import Bibliography, read_bibliography
from .coalition import PROJECT_FILE, Repository, read_project_file
from .errors import Diagnostics, Location
from .formats import FormatSpec, available_formats, load_format
from .loading import read_yaml
from .model import Finding, Instrument, Organisation, RecommendationSet, StateRecord, Submission
from .paths import PathProblem, check_input, forget_resolved, read_limited
from .records import Record
from .schema import load_as

# Folder under content/ -> the class of each file in it.
COLLECTIONS: dict[str, type] = {
    "organisations": Organisation,
    "findings": Finding,
    "recommendations": RecommendationSet,
    "submissions": Submission,
    "law": Instrument,  # provisions in their official text, quoted by reference
    "states": StateRecord,  # treaty status of the States under review
}
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# What a build or diff adds to a target's name in its outputs' names: mini.review.docx, mini.diff-abc1234.docx
_OUTPUT_SUFFIX = re.compile(r"\.(review|diff-[^.]*|edited-[^.]*)$")
_SINGULAR = {"law": "law instrument", "states": "state"}


class Project(Record):
    root: Path
    organisations: dict[str, Organisation] = field(default_factory=dict)
    findings: dict[str, Finding] = field(default_factory=dict)
    recommendations: dict[str, RecommendationSet] = field(default_factory=dict)
    submissions: dict[str, Submission] = field(default_factory=dict)
    law: dict[str, Instrument] = field(default_factory=dict)
    states: dict[str, StateRecord] = field(default_factory=dict)
    bibliography: Bibliography = field(default_factory=Bibliography)
    styles: dict[str, Any] = field(default_factory=dict)  # house styles, styles/<name>.yaml (citations/house.py)
    formats: dict[str, FormatSpec] = field(default_factory=dict)
    broken_formats: set[str] = field(default_factory=set)
    repositories: list[Repository] = field(default_factory=list)  # shared content (dossier.yaml)
    # ids whose file exists but failed to load, by collection: known, so never "unknown"
    broken: dict[str, set[str]] = field(default_factory=dict)
    # where each of those is: "findings:draft" -> "content/findings/draft.yaml"
    broken_paths: dict[str, str] = field(default_factory=dict)

    @property
    def broken_targets(self) -> set[str]:
        return self.broken.get("submissions", set())


def _load_repository(project: Project, repo: Repository, diags: Diagnostics, reuse: _Reuse | None) -> None:
    """A shared repository's content, under its namespace; its submissions are not targets."""
    name, prefix = str(repo.name), repo.display + "/"
    for folder, cls in COLLECTIONS.items():
        if folder == "submissions":
            continue
        loaded, broken = _load_collection(repo.root, folder, cls, diags, prefix, name, reuse,
                                          project.broken_paths)
        if folder == "organisations":
            for org in loaded.values():
                _logo_in_repository(org, repo)
        getattr(project, folder).update(loaded)
        project.broken[folder] |= broken
    bibliography = _read_bibliography(repo.root / "references.bib", prefix + "references.bib", diags,
                                      repo.root, reuse)
    for key, reference in bibliography.references.items():
        reference.key = f"{name}:{key}"
        project.bibliography.references[reference.key] = reference


def _logo_in_repository(org: Organisation, repo: Repository) -> None:
    """A shared repository's logo path, written relative to it, made relative to this project.

    So ``assets/logo.png`` of ``../partner-content`` is that repository's file,
    never the main project's file of the same name (see resolve.organisation_logo).
    """
    from .schema import Text

    if org.logo is not None:
        org.logo = Text.located(f"{repo.display}/{org.logo}", org.logo.scalar)


def find_root(start: Path) -> Path:
    """The project folder: the nearest one above ``start`` holding ``content/``."""
    start = start.resolve()
    for candidate in (start, *start.parents):
        if (candidate / "content").is_dir():
            return candidate
    return start


def _load_collection(root: Path, folder: str, cls: type, diags: Diagnostics, prefix: str = "",
                     namespace: str = "", reuse: _Reuse | None = None,
                     broken_paths: dict[str, str] | None = None) -> tuple[dict[str, Any], set[str]]:
    """One content folder; ids are file names, ``namespace:`` first for a shared repository."""
    loaded: dict[str, Any] = {}
    broken: set[str] = set()
    directory = root / "content" / folder
    if not directory.is_dir():
        return loaded, broken
    for path in content_files(directory):
        display = f"{prefix}content/{folder}/{path.name}"
        ident = f"{namespace}:{path.stem}" if namespace else path.stem
        if ":" in path.stem:
            diags.error(Location(display), "a file name may not hold ':', which separates a "
                                           "repository's name from its ids")
            continue
        if _CONTROL.search(path.stem):  # its id would be printed: a terminal would obey it
            diags.error(Location(display), "a file name may not hold a control character")
            continue
        if folder == "submissions" and _OUTPUT_SUFFIX.search(path.stem):
            diags.error(Location(display), f"a submission may not be named '{path.stem}': its outputs "
                                           f"would replace those of '{_OUTPUT_SUFFIX.sub('', path.stem)}'")
            continue
        if ident in loaded or ident in broken:
            what = _SINGULAR.get(folder, folder[:-1])
            diags.error(Location(display), f"a {what} with the id '{ident}' is defined twice")
            continue
        item = reuse.get(path, display) if reuse is not None else None
        if not isinstance(item, cls):
            before = len(diags.items)
            node = read_yaml(path, display, diags, root)
            item = load_as(node, cls, diags) if node is not None else None
            if item is None:
                broken.add(ident)
                if broken_paths is not None:
                    broken_paths[f"{folder}:{ident}"] = display
                continue
            if reuse is not None and len(diags.items) == before:
                reuse.keep(path, display, item)
        item.id = ident
        item.namespace = namespace
        loaded[ident] = item
    return loaded, broken


def content_files(directory: Path) -> list[Path]:
    """The YAML files of one content folder, in order, without editors' lock and backup files.

    ``.#x.yaml`` (Emacs's lock), ``._x.yaml`` (macOS's resource fork) and any
    other dotfile are not content; ``x.yaml~`` does not end in .yaml.
    """
    return [p for p in sorted(directory.glob("*.y*ml"))
            if p.suffix in (".yaml", ".yml") and not p.name.startswith(".")]


def shared_roots(root: Path) -> list[Path]:
    """The folders of the shared repositories dossier.yaml declares (a quick look: errors come later)."""
    import yaml

    project_file = root / PROJECT_FILE
    try:
        check_input(root, project_file, PROJECT_FILE)
        data = yaml.safe_load(read_limited(project_file, 1024 * 1024, PROJECT_FILE))
    except (PathProblem, yaml.YAMLError, RecursionError, ValueError):
        return []  # missing or broken: the load reports it, and a broken load is never cached
    entries = data.get("repositories") if isinstance(data, dict) else None
    folders = []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("path"), str):
            folders.append((root / entry["path"]).resolve())
    return folders


def input_files(root: Path) -> dict[Path, Path]:
    """Every file whose content a build reads, with the folder it must lie in (its repository).

    Templates are cached by Jinja itself.
    """
    project_file = root / PROJECT_FILE
    files = {project_file: root} if project_file.is_file() else {}
    for base in [root, *shared_roots(root)] if files else [root]:
        for folder in COLLECTIONS:
            files.update((p, base) for p in content_files(base / "content" / folder))
        for name in ("references.bib", "references.json"):
            if (base / name).is_file():
                files[base / name] = base
    files.update((p, root) for p in content_files(root / "styles"))  # house styles
    for name in ("format.yaml", "style.css", "reference.docx"):  # what load_format reads or checks
        files.update((p, root) for p in (root / "templates").glob(f"*/{name}"))
    return files


def shipped_input_files(root: Path) -> list[Path]:
    """The files load_format reads of the formats dossier ships and this repository does not override."""
    from .formats import format_folder
    from .shipped import shipped_names

    files = []
    for format_name in shipped_names():
        found = format_folder(root, format_name)
        if found is not None and found[1] != root:
            files += [found[0] / name for name in ("format.yaml", "style.css", "reference.docx")
                      if (found[0] / name).is_file()]
    return files


class _Reuse:
    """Content files loaded by an earlier build, reused where their bytes are unchanged.

    Each is kept as a pickle taken the moment it was loaded, so what is reused
    is what the file gave, whatever later steps do to the objects.  Only files
    that loaded without any message are kept, so a warning is shown again on
    every build until it is dealt with.
    """

    def __init__(self, root: Path, digests: dict[Path, str]) -> None:
        from . import cache

        self.root = root
        self.digests = digests
        self.key = cache.code_key()  # other code may check the same bytes differently
        earlier = cache.load(root, "files", self.key)
        self.earlier: dict[str, tuple[str, bytes]] = earlier if isinstance(earlier, dict) else {}
        self.kept: dict[str, tuple[str, bytes]] = {}

    def get(self, path: Path, display: str) -> Any | None:
        import pickle

        entry = self.earlier.get(display)
        if not isinstance(entry, tuple) or len(entry) != 2 or entry[0] != self.digests.get(path):
            return None
        try:
            value = pickle.loads(entry[1])
        except Exception:  # a damaged entry: read the file instead, as if it were not kept
            return None
        self.kept[display] = entry
        return value

    def keep(self, path: Path, display: str, value: Any) -> None:
        import pickle

        digest = self.digests.get(path)
        if digest is not None:
            self.kept[display] = (digest, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def save(self) -> None:
        from . import cache

        cache.store(self.root, "files", self.key, self.kept)


def load_project(root: Path, diags: Diagnostics, use_cache: bool = True) -> Project:
    """Load and check all content; served from the cache when no input file changed."""
    forget_resolved()  # a new build: folders are resolved again
    if not use_cache:
        return _load_project(root, diags, None)
    from . import cache

    digests = {path: cache.file_digest(path, base) for path, base in input_files(root).items()}
    # a shipped format's files lie outside the project: checked against their own folder
    digests.update({path: cache.file_digest(path, path.parent.parent) for path in shipped_input_files(root)})
    key = cache.fingerprint(digests, root)
    cached = cache.load(root, "project", key)
    if isinstance(cached, Project):
        cached.root = root
        return cached
    before = len(diags.items)
    reuse = _Reuse(root, digests)
    project = _load_project(root, diags, reuse)
    reuse.save()
    if len(diags.items) == before:  # warnings must be shown again next time
        cache.store(root, "project", key, project)
    return project


def _load_project(root: Path, diags: Diagnostics, reuse: _Reuse | None) -> Project:
    project = Project(root=root)
    for folder, cls in COLLECTIONS.items():
        loaded, broken = _load_collection(root, folder, cls, diags, reuse=reuse,
                                          broken_paths=project.broken_paths)
        setattr(project, folder, loaded)
        project.broken[folder] = broken
    project.bibliography = _read_bibliography(root / "references.bib", "references.bib", diags, root, reuse)
    from .citations.house import load_house_styles

    project.styles = load_house_styles(root, diags)
    project.repositories = read_project_file(root, diags)
    for repo in project.repositories:
        _load_repository(project, repo, diags, reuse)
    for name in available_formats(root):
        spec = load_format(root, name, diags)
        if spec is not None:
            project.formats[name] = spec
        else:
            project.broken_formats.add(name)
    return project


def _read_bibliography(path: Path, display: str, diags: Diagnostics, root: Path,
                       reuse: _Reuse | None) -> Bibliography:
    if path.with_name("references.json").exists():
        reuse = None  # kept by the .bib's bytes alone, it would miss a change to references.json
    if reuse is not None:
        earlier = reuse.get(path, display)
        if isinstance(earlier, Bibliography):
            return earlier
    before = len(diags.items)
    bibliography = read_bibliography(path, display, diags, root)
    if reuse is not None and len(diags.items) == before:
        reuse.keep(path, display, bibliography)
    return bibliography
