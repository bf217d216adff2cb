"""``init DIR --org NAME``: a new content repository, with an example that builds at once.

What it writes is data (dossier/starter/): the organisation, references.bib,
one example submission in the chosen format, a .gitignore for out/ and a README.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import string
from pathlib import Path

from ..errors import OutputError, UsageError

NEEDS_PROJECT = False  # it makes one: no content repository is looked for or loaded
STARTER = Path(__file__).resolve().parent.parent / "starter"
ALIASES = {"sr": "special-rapporteur"}  # the short name people use for Special Procedures input
_CONTROL = re.compile("[\x00-\x1f\x7f]")


def formats() -> list[str]:
    return sorted(p.stem for p in (STARTER / "submissions").glob("*.yaml"))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    names = formats()
    parser.add_argument("directory", type=Path, metavar="DIR",
                        help="the new repository's folder: new, or empty")
    parser.add_argument("--org", required=True, metavar="NAME", help="the organisation's full name")
    parser.add_argument("--acronym", default=None, metavar="X", help="its acronym, e.g. NKHR")
    parser.add_argument("--format", default="upr", metavar="FORMAT",
                        help=f"the example submission's format: {', '.join(names)} "
                             f"(sr for special-rapporteur; default upr)")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40].strip("-")


def _checked(value: str, what: str) -> str:
    value = value.strip()
    if not value:
        raise UsageError(f"{what} is empty")
    if _CONTROL.search(value):
        raise UsageError(f"{what} contains a control character")
    return value


def run(args: argparse.Namespace, project: None) -> int:
    name = _checked(args.org, "--org")
    acronym = _checked(args.acronym, "--acronym") if args.acronym is not None else None
    fmt = ALIASES.get(args.format, args.format)
    if fmt not in formats():
        raise UsageError(f"unknown format '{args.format}' (known: {', '.join(formats())}, sr)")
    folder: Path = args.directory
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: not a folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise UsageError(f"{folder}: the folder is not empty; dossier init writes a new repository "
                         f"only into a new or empty folder")
    org_id = _slug(acronym or "") or _slug(name) or "organisation"
    target = f"{fmt}-example"
    values = {
        "org_id": org_id,
        "org_name": json.dumps(name, ensure_ascii=False),  # a JSON string is a quoted YAML scalar
        "org_plain": name,
        "acronym_line": (f"acronym: {json.dumps(acronym, ensure_ascii=False)}" if acronym
                         else "# acronym: ABC"),
        "today": dt.date.today().isoformat(),
        "target": target,
    }
    files = {
        f"content/organisations/{org_id}.yaml": "organisation.yaml",
        f"content/submissions/{target}.yaml": f"submissions/{fmt}.yaml",
        "references.bib": "references.bib",
        ".gitignore": "gitignore",
        "README.md": "README.md",
    }
    try:
        for written, source in files.items():
            text = string.Template((STARTER / source).read_text(encoding="utf-8")).substitute(values)
            path = folder / written
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8") as handle:  # never over a file: the folder was empty
                handle.write(text)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot write {exc.filename or ''}: {exc.strerror}") from None
    print(f"created {folder}: organisation '{org_id}', example submission '{target}' ({fmt})")
    print(f"next: cd {folder} && dossier build {target}")
    return 0
