"""Writers in forked processes: a writer's slow import overlaps the rest of the build.

python-docx takes longer to import than loading and checking the content, and
WeasyPrint longer than everything else in a build.  On a machine with two or
more cores a child forked as the build starts imports its writer's library
while this process loads, checks and renders the document; the child then
only turns the document into bytes.  The parent writes every file, so a
failed build still writes none.

Plain ``os.fork`` and two pipes, not ``multiprocessing``: importing that
package costs more than a DOCX build can spare, and one job at a time over a
pipe is all that is needed.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
from importlib import import_module
from typing import Any, BinaryIO

from .errors import Diagnostics, DossierError, Location


def cores() -> int:
    """Cores this process may use (its CPU affinity, not only the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


class WorkerDied(RuntimeError):
    """The child is gone (killed, out of memory): the caller renders in its own process instead."""


class WriterWorker:
    """A child process that imports ``modules`` at once, then renders documents on request."""

    # This process's ends of every live worker's pipes: a child forked later closes its
    # copies, or an earlier child would never see its job pipe close and never exit.
    _parent_ends: set[int] = set()

    def __init__(self, modules: tuple[str, ...], niceness: int = 0) -> None:
        """``niceness``: how much lower this child's CPU priority is (a job that can wait for another)."""
        jobs_read, jobs_write = os.pipe()
        results_read, results_write = os.pipe()
        for stream in (sys.stdout, sys.stderr):  # or the child would write their buffers again
            if stream is not None:
                try:
                    stream.flush()
                except (OSError, ValueError):
                    pass
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the parent's code
            status = 0
            try:
                # Ctrl-C is the parent's to handle: it kills this process (see kill), which
                # only renders into memory, so no output is ever half written by it.
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                _die_with(parent)
                if niceness:
                    _lower_priority(niceness)
                for fd in (jobs_write, results_read, *WriterWorker._parent_ends):
                    os.close(fd)
                _serve(modules, os.fdopen(jobs_read, "rb"), os.fdopen(results_write, "wb"))
            except BaseException:  # the parent gone: nothing to report to
                status = 1
            finally:
                os._exit(status)
        os.close(jobs_read)
        os.close(results_write)
        WriterWorker._parent_ends.update((jobs_write, results_read))
        self._pid = pid
        self._died = False
        self._jobs: BinaryIO | None = os.fdopen(jobs_write, "wb")
        self._results: BinaryIO | None = os.fdopen(results_read, "rb")

    def submit(self, document: Any, spec: Any, module: str, function: str) -> "WriterWorker":
        """Render with ``module.function`` (a writer of dossier.writers); then ``result()``."""
        assert self._jobs is not None, "the worker was closed"
        try:
            pickle.dump((document, spec, module, function), self._jobs, protocol=pickle.HIGHEST_PROTOCOL)
            self._jobs.flush()
        except (BrokenPipeError, ConnectionResetError):
            self._died = True
        return self

    def result(self, diags: Diagnostics | None = None) -> bytes:
        assert self._results is not None, "the worker was closed"
        try:
            if self._died:
                raise EOFError
            status, payload, warnings = pickle.load(self._results)
        except (EOFError, pickle.UnpicklingError):
            self._died = True
            raise WorkerDied("a writer process died") from None
        if status == "refused":  # one of our errors (a located diagnostic), not a crash
            raise payload
        if status != "ok":
            raise RuntimeError(f"rendering failed in a writer process:\n{payload}")
        if diags is not None:
            for where, message in warnings:
                diags.warning(Location(where), message)
        return payload

    def kill(self) -> None:
        """Stop the child at once (Ctrl-C): a PDF it is rendering may take minutes to finish."""
        try:
            os.kill(self._pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def close(self) -> None:
        """End the child: closing its job pipe makes it exit."""
        for handle in (self._jobs, self._results):
            if handle is not None:
                WriterWorker._parent_ends.discard(handle.fileno())
                try:
                    handle.close()
                except OSError:  # the child already gone
                    pass
        self._jobs = self._results = None
        try:
            os.waitpid(self._pid, 0)
        except ChildProcessError:
            pass


def _lower_priority(niceness: int) -> None:
    try:
        os.nice(niceness)
    except (AttributeError, OSError):  # pragma: no cover - not POSIX, or not allowed
        pass


def _die_with(parent: int) -> None:
    """Have the kernel kill this child when the parent dies, by SIGTERM or SIGKILL too:
    an orphaned writer would go on rendering for minutes (Linux only; elsewhere, it ends
    when it next reads the closed job pipe)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    except (ImportError, OSError, AttributeError):  # pragma: no cover - not Linux
        return
    if os.getppid() != parent:  # it died before the request was made
        os._exit(1)


def _serve(modules: tuple[str, ...], jobs: BinaryIO, results: BinaryIO) -> None:
    for name in modules:  # the slow imports this process exists for
        import_module(name)
    while True:
        try:
            document, spec, module, function = pickle.load(jobs)
        except EOFError:
            return
        diags = Diagnostics()
        try:
            writer = getattr(import_module(module, "dossier.writers"), function)
            reply = ("ok", writer(document, spec, diags), [(str(d.location), d.message) for d in diags.warnings])
        except DossierError as exc:
            reply = ("refused", exc, [])
        except Exception:  # sent back and raised in the parent, with this process's traceback
            import traceback

            reply = ("error", traceback.format_exc(), [])
        pickle.dump(reply, results, protocol=pickle.HIGHEST_PROTOCOL)
        results.flush()
