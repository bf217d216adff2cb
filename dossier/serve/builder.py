"""One preview build: the same load, checks and document model as ``build.py``, nothing written."""

from __future__ import annotations

import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from ..errors import Diagnostic, Diagnostics, DossierError, Location
from ..formats import FormatSpec
from ..pipeline import BuildResult, measure
from ..project import load_project


@dataclass(frozen=True)
class Outcome:
    """What a build gave: the measured document, or none when the content has errors."""

    result: BuildResult | None
    spec: FormatSpec | None
    diagnostics: tuple[Diagnostic, ...]  # warnings and errors, as the build command prints them
    seconds: float

    @property
    def ok(self) -> bool:
        return self.result is not None

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]


def build_once(root: Path, target: str) -> Outcome:
    """Load (the content cache makes an unchanged project cheap) and measure ``target``."""
    start = time.perf_counter()
    diags = Diagnostics()
    try:
        project = load_project(root, diags)
        result = measure(project, target, diags)
        spec = project.formats[str(project.submissions[target].format)]
        return Outcome(result, spec, tuple(diags.items), time.perf_counter() - start)
    except DossierError as exc:
        # as cli._report_failure: warnings not already among the errors, then the errors
        failing = {(d.location, d.message) for d in exc.diagnostics}
        items = [d for d in diags.items if d.severity == "warning" and (d.location, d.message) not in failing]
        items += exc.diagnostics or [Diagnostic(Location(f"content/submissions/{target}.yaml"), str(exc))]
        return Outcome(None, None, tuple(items), time.perf_counter() - start)
    except Exception as exc:  # a bug, or a file caught half-written: keep serving, say so
        traceback.print_exc(file=sys.stderr)
        message = f"internal error ({type(exc).__name__}: {exc}); the traceback is in the terminal"
        return Outcome(None, None, (Diagnostic(Location(""), message),), time.perf_counter() - start)
