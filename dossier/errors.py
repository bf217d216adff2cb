"""Located diagnostics.

Every problem a user can fix is a :class:`Diagnostic` with a :class:`Location`;
a build collects them all and stops before writing anything.  Any exception
that is not a :class:`DossierError` is a bug in this program and keeps its
traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; line and column are 1-based, 0 means unknown."""

    path: str
    line: int = 0
    column: int = 0

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


@dataclass(frozen=True)
class Diagnostic:
    location: Location
    message: str
    severity: str = "error"  # "error" or "warning"
    strict: bool = True  # a warning --strict turns into an error (not one on an assumed rule)

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.location}: {prefix}{self.message}"


class DossierError(Exception):
    """Base of every error the user can act on; never shown with a traceback."""

    exit_status = 1

    def __init__(self, diagnostics: Iterable[Diagnostic] | str):
        if isinstance(diagnostics, str):
            self.diagnostics: list[Diagnostic] = []
            super().__init__(diagnostics)
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


@dataclass
class Diagnostics:
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
