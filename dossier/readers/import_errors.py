"""The one way a reader refuses a file: a located error naming the file and why."""

from __future__ import annotations

from typing import NoReturn

from ..errors import Diagnostic, Location


def fail(shown: str, message: str) -> NoReturn:
    from . import ImportFileError

    raise ImportFileError([Diagnostic(Location(shown), message)])
