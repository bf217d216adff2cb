"""Placeholders: ``"TODO: ..."`` texts standing for a value still to fill in.

The importer writes one for every key a format requires that the document does
not show, so the first build already shows the whole document.  A key the
model types as a number or a date (a UPR cycle, a session, a date) accepts one
where its type says ``| Placeholder``: it stays text, printed as written, and
is never taken for a value (no cycle 0, no date).  Each one read is a warning
at its place, on every build and in ``check``; ``--strict`` fails on it, as a
submission with a TODO in it is not ready to be sent.
"""

from __future__ import annotations

from .errors import Diagnostics, Location

PLACEHOLDER = "TODO: "


def is_placeholder(text: str) -> bool:
    return text.lstrip().startswith(PLACEHOLDER.rstrip())


def left_message(text: str) -> str:
    what = text.strip()[len(PLACEHOLDER.rstrip()):].strip() or "a value"
    return f"placeholder left: {what} is still to fill in"


def warn_placeholder(diags: Diagnostics, location: Location, text: str) -> None:
    diags.warning(location, left_message(text))
