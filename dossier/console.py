"""Standard output that cannot fail a build that has succeeded, nor reach the terminal's controls.

The report (the budget line, the table of ``--all``) goes to standard output
after every file is written.  A closed standard output (``>&-``) or a full disk
behind it (``> /dev/full``) must not turn that into a traceback: the report
is dropped, and the command says so once on standard error and exits 3.  A reader
that left early (``| head``) only makes it exit 1, without a word.  A control
character in what is printed (from a format's label, say) is written as ``\x1b``.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from typing import Iterator

from .errors import printable


class _GuardedStream(io.TextIOBase):
    """Writes to ``stream`` until one write fails; then drops the rest and remembers why."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.failure: str | None = None if stream is not None else ""
        self.reader_left = False  # `build.py ... | head`: the reader has all it wanted

    def write(self, text: str) -> int:
        if self.failure is None:
            try:
                # a format's label or a title from content may hold an escape sequence
                self.stream.write(printable(text))
            except (OSError, ValueError) as exc:
                self._failed(exc)
        return len(text)

    def flush(self) -> None:
        if self.failure is None:
            try:
                self.stream.flush()
            except (OSError, ValueError) as exc:
                self._failed(exc)

    def _failed(self, exc: Exception) -> None:
        self.reader_left = isinstance(exc, BrokenPipeError)
        self.failure = getattr(exc, "strerror", None) or str(exc)

    def isatty(self) -> bool:
        return self.failure is None and self.stream.isatty()

    def fileno(self) -> int:
        if self.stream is None:
            raise OSError("standard output is closed")
        return self.stream.fileno()


@contextlib.contextmanager
def guarded_stdout() -> Iterator[_GuardedStream]:
    """``sys.stdout`` guarded while the command runs; ``.failure`` says what went wrong, if anything
    ("" for a standard output closed from the start, which is no error: nothing was wanted)."""
    guard = _GuardedStream(sys.stdout)
    before, sys.stdout = sys.stdout, guard
    try:
        yield guard
    finally:
        guard.flush()
        sys.stdout = before
        if guard.failure:
            _drop_report(before, guard)


def _drop_report(stream, guard: _GuardedStream) -> None:
    with contextlib.suppress(OSError, ValueError):
        # its buffer still holds what failed: point it at nothing, or the exit would try again
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
    if not guard.reader_left:
        with contextlib.suppress(OSError, ValueError):
            print(f"error: cannot write to standard output ({guard.failure}); "
                  "the outputs were written, this report was not", file=sys.stderr)


def exit_status(guard: _GuardedStream, status: int) -> int:
    """A report that could not be written makes a successful command exit 3 (1 for a reader
    that left early, as a broken pipe always has)."""
    if not guard.failure or status != 0:
        return status
    return 1 if guard.reader_left else 3
