"""What a target reads, so only errors there stop its build.

In a coalition repository one partner's half-written draft must not stop
everyone else's: an error in a file the target does not read is set aside,
counted, and pointed at ``python build.py check``, which reports them all.
"""

from __future__ import annotations

from .errors import Diagnostic, Diagnostics, Location
from .records import Record

CHECK_COMMAND = "python build.py check"  # cli.main names it as the user typed the program


class Reads(Record):
    """The files a target reads: content files by display path, and its format's folder."""

    files: set[str]
    format_id: str = ""

    def covers(self, path: str) -> bool:
        if not path or path.startswith("<") or path in self.files:
            return True  # not a file (a template's own output, the command line): always the target's
        if path.rpartition("/")[2] in ("references.bib", "references.json") or path == "dossier.yaml":
            return True  # every target reads the references and the project file
        if path.startswith("templates/_common/"):
            return True
        if path.startswith("templates/"):
            return bool(self.format_id) and path.startswith(f"templates/{self.format_id}/")
        return False


def set_aside(diags: Diagnostics, reads: Reads) -> int:
    """Keep only what concerns files the target reads; say how many other files have errors."""
    kept: list[Diagnostic] = []
    elsewhere: set[str] = set()
    for item in diags.items:
        if reads.covers(item.location.path):
            kept.append(item)
        elif item.severity == "error":
            elsewhere.add(item.location.path)
    diags.items[:] = kept
    if elsewhere:
        n = len(elsewhere)
        diags.warning(Location(""), f"{n} other file{'s' if n != 1 else ''} {'have' if n != 1 else 'has'} "
                                    f"errors: {CHECK_COMMAND}", strict=False)
    return len(elsewhere)
