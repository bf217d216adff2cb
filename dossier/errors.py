"""Located diagnostics.

Every problem a user can fix is a :class:`Diagnostic` with a :class:`Location`;
a build collects them all and stops before writing anything.  Any exception
that is not a :class:`DossierError` is a bug in this program and keeps its
traceback.
"""

from __future__ import annotations

import re
from dataclasses import field
from pathlib import Path
from typing import Iterable

from .records import Record

# C0 and C1 control characters but newline and tab: from content or a file name they would
# reach the terminal raw (ESC[2J clears the screen, a \r forges the start of a line).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: each control character written as an escape (\\x1b)."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


class Location:
    """A place in a source file; line and column are 1-based, 0 means unknown.

    Immutable, hashable and ordered by (path, line, column).  Written out by
    hand rather than as a record: one is made for every YAML node read.
    """

    __slots__ = ("path", "line", "column")
    path: str
    line: int
    column: int

    def __init__(self, path: str, line: int = 0, column: int = 0) -> None:
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "line", line)
        object.__setattr__(self, "column", column)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Location cannot be changed (tried to set '{name}')")

    def __reduce__(self) -> tuple:
        return (Location, (self.path, self.line, self.column))

    def _key(self) -> tuple[str, int, int]:
        return (self.path, self.line, self.column)

    def __eq__(self, other: object) -> bool:
        return self._key() == other._key() if isinstance(other, Location) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    def __lt__(self, other: "Location") -> bool:
        return self._key() < other._key() if isinstance(other, Location) else NotImplemented

    def __le__(self, other: "Location") -> bool:
        return self._key() <= other._key() if isinstance(other, Location) else NotImplemented

    def __gt__(self, other: "Location") -> bool:
        return self._key() > other._key() if isinstance(other, Location) else NotImplemented

    def __ge__(self, other: "Location") -> bool:
        return self._key() >= other._key() if isinstance(other, Location) else NotImplemented

    def __repr__(self) -> str:
        return f"Location(path={self.path!r}, line={self.line!r}, column={self.column!r})"

    def __str__(self) -> str:
        if self.line and self.column:
            return f"{self.path}:{self.line}:{self.column}"
        if self.line:
            return f"{self.path}:{self.line}"
        return self.path

    @classmethod
    def of_file(cls, path: Path | str, root: Path | None = None) -> "Location":
        return cls(display_path(path, root))


def display_path(path: Path | str, root: Path | None = None) -> str:
    """A path as the user should see it: relative to the project when inside it."""
    path = Path(path)
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


class Diagnostic(Record, frozen=True):
    location: Location
    message: str
    severity: str = "error"  # "error" or "warning"
    strict: bool = True  # a warning --strict turns into an error (not one on an assumed rule)

    def __str__(self) -> str:
        if not self.location.path:  # about the build as a whole ("2 other files have errors: ...")
            return self.message
        prefix = "warning: " if self.severity == "warning" else ""
        return printable(f"{self.location}: {prefix}{self.message}")


class DossierError(Exception):
    """Base of every error the user can act on; never shown with a traceback."""

    exit_status = 1

    def __init__(self, diagnostics: Iterable[Diagnostic] | str):
        if isinstance(diagnostics, str):
            self.diagnostics: list[Diagnostic] = []
            super().__init__(printable(diagnostics))
        else:
            self.diagnostics = list(diagnostics)
            super().__init__("\n".join(str(d) for d in self.diagnostics))

    def __reduce__(self):  # keeps the diagnostics when sent back from the PDF worker process
        return (type(self), (self.diagnostics or str(self),))


class ContentError(DossierError):
    """The content, references or templates are wrong (exit status 1)."""


class UsageError(DossierError):
    """The command line is wrong: unknown target, option or format (exit status 2)."""

    exit_status = 2


class OutputError(DossierError):
    """An output could not be written (exit status 3)."""

    exit_status = 3


class Diagnostics(Record):
    """Collects every problem of a build, so the user sees them all at once."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, location: Location, message: str) -> None:
        self.items.append(Diagnostic(location, message))

    def warning(self, location: Location, message: str, strict: bool = True) -> None:
        self.items.append(Diagnostic(location, message, "warning", strict))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def raise_if_strict(self) -> None:
        """--strict: warnings on firm rules fail the build like errors."""
        failing = [Diagnostic(d.location, d.message) for d in self.items
                   if d.severity == "error" or (d.severity == "warning" and d.strict)]
        if failing:
            raise ContentError(failing)

    def raise_if_errors(self) -> None:
        errors = self.errors
        if errors:
            raise ContentError(sorted(errors, key=lambda d: d.location))
