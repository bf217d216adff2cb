"""Content files from an import plan: the submission's YAML and new references.bib entries.

Nothing is overwritten: the submission file is created exclusively (an
existing one is an error, found before anything is written) and new entries
are appended to references.bib under keys it does not hold.  Both files are
made in memory first, then written (the references by a temporary file and a
rename), so a failure leaves the repository as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from .bibliography import MAX_BIB_BYTES
from .errors import Diagnostic, Diagnostics, Location, OutputError, UsageError
from .loading import MAX_FILE_BYTES
from .paths import PathProblem, check_input, read_limited
from .importing import PLACEHOLDER, ImportPlan
from .importing.sources import NewEntry

_FIRST = ("format", "title", "state", "cycle", "session", "session_dates", "place", "date", "addressee",
          "hearing", "hearing_date", "author", "salutation", "closing", "publication_consent", "call",
          "organisations", "language")


def submission_yaml(plan: ImportPlan, source: str) -> str:
    lines = [f"# Imported from {source} by dossier import; check the TODO placeholders and the report.",
             *_mapping(plan.submission, 0, _FIRST)]
    return "\n".join(lines) + "\n"


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


WIDTH = 100  # as the repository's own content files are wrapped


def _value(key_prefix: str, value, indent: int) -> list[str]:
    """``key: value``; a long plain text as a folded block (``>-``), wrapped, as people write content."""
    if isinstance(value, str) and len(key_prefix) + len(value) > WIDTH and _foldable(value):
        lines, line = [], ""
        for word in value.split(" "):
            if line and indent + 2 + len(line) + 1 + len(word) > WIDTH:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
        return [f"{key_prefix}>-"] + [" " * (indent + 2) + part for part in lines]
    return [f"{key_prefix}{_scalar(value)}"]


def _foldable(text: str) -> bool:
    # folding turns each line break back into one space: only text whose spaces are all single
    return text == text.strip() and "  " not in text and text.isprintable()


def _mapping(data: dict, indent: int, order: tuple[str, ...] = ()) -> list[str]:
    pad = " " * indent
    keys = [k for k in order if k in data] + [k for k in data if k not in order]
    out = []
    for key in keys:
        value = data[key]
        if isinstance(value, dict):
            out.append(f"{pad}{key}:")
            out += _mapping(value, indent + 2)
        elif isinstance(value, list):
            if not value:
                out.append(f"{pad}{key}: []")
                continue
            out.append(f"{pad}{key}:")
            for item in value:
                if isinstance(item, dict):
                    inner = _mapping(item, indent + 4, ("title", "numbered"))
                    out.append(f"{pad}  - {inner[0].lstrip()}")
                    out += inner[1:]
                else:
                    out += _value(f"{pad}  - ", item, indent + 2)
        else:
            out += _value(f"{pad}{key}: ", value, indent)
    return out


def bib_entry(entry: NewEntry) -> str:
    width = max(len(k) for k in entry.fields)
    body = ",\n".join(f"  {name.ljust(width)} = {{{_tex(name, value)}}}" for name, value in entry.fields.items())
    return f"@{entry.type}{{{entry.key},\n{body},\n}}\n"


def _tex(name: str, value: str) -> str:
    if name == "url":
        return value
    if name == "author":  # names already in biblatex form, organisations braced
        return value.replace("&", r"\&")
    out = value.replace("\\", r"\textbackslash{}")
    for char in "&%#_$":
        out = out.replace(char, "\\" + char)
    return out.replace("{", r"\{").replace("}", r"\}")


def check_target_free(root: Path, target: str) -> Path:
    if not target or "/" in target or "\\" in target or target.startswith(".") or not target.replace("-", "").replace("_", "").isalnum():
        raise UsageError(f"'{target}' cannot be a target name: use letters, digits and dashes (e.g. upr-2029)")
    path = root / "content" / "submissions" / f"{target}.yaml"
    if path.exists():
        raise UsageError([Diagnostic(Location(f"content/submissions/{target}.yaml"),
                                     f"target '{target}' exists already; import under another --target "
                                     "(nothing is ever overwritten)")])
    return path


def write_content(root: Path, plan: ImportPlan, source: str) -> list[Path]:
    path = check_target_free(root, plan.target)
    text = submission_yaml(plan, source)
    bib = root / "references.bib"
    written = []
    new_bib = None
    if plan.entries:
        old = bib.read_text(encoding="utf-8") if bib.exists() else ""
        added = "\n".join(bib_entry(e) for e in plan.entries)
        new_bib = old + ("" if old.endswith("\n") or not old else "\n") + \
            f"\n% Imported from {source} for {plan.target}\n" + added
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
        written.append(path)
        if new_bib is not None:
            temporary = bib.with_name(f".{bib.name}.import-{os.getpid()}")
            temporary.write_text(new_bib, encoding="utf-8")
            os.replace(temporary, bib)
            written.append(bib)
    except FileExistsError:
        raise UsageError(f"content/submissions/{plan.target}.yaml exists already; nothing was written") from None
    except OSError as exc:
        if path in written:
            path.unlink()
        raise OutputError(f"{exc.filename or path}: cannot be written ({exc.strerror or exc})") from None
    return written


def placeholders_left(project, diags: Diagnostics) -> None:
    """A warning at every ``TODO: ...`` placeholder an import left in the content or references."""
    root = Path(project.root)
    files = sorted((root / "content").rglob("*.yaml")) + ([root / "references.bib"] if (root / "references.bib").exists() else [])
    for path in files:
        shown = path.relative_to(root).as_posix()
        try:  # as the loader reads: a FIFO would hang here, a link out of the project leak
            check_input(root, path, shown)
            limit = MAX_BIB_BYTES if path.suffix == ".bib" else MAX_FILE_BYTES
            lines = read_limited(path, limit, shown).decode("utf-8").splitlines()
        except (PathProblem, UnicodeDecodeError):
            continue  # the load reports an unreadable file itself
        for number, line in enumerate(lines, start=1):
            if line.lstrip().startswith(("#", "%")):
                continue
            column = line.find(PLACEHOLDER)
            while column >= 0:
                end = line.find('"', column)
                what = line[column + len(PLACEHOLDER):end if end > 0 else len(line)].strip(" }\",")
                diags.warning(Location(shown, number, column + 1), f"placeholder left: {what} is still to fill in")
                column = line.find(PLACEHOLDER, column + 1)
