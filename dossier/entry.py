"""The program's entry: ``dossier ...`` (the installed command) and ``python build.py ...``.

Both run the same command line (dossier/cli.py); only the name in usage
messages differs.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn


def run(argv: list[str] | None = None, prog: str = "dossier") -> NoReturn:
    """Run one command and leave with its exit status (see cli.py for what each means)."""
    try:
        from .cli import main

        status = main(argv, prog=prog)
    except BrokenPipeError:  # `dossier ... | head`: the reader left before the last line
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's own advice
        status = 1
    except KeyboardInterrupt:  # Ctrl-C: outputs are replaced whole or not at all, so say only that
        print("\ninterrupted; an output is either the new one or the one before", file=sys.stderr)
        status = 130
    # Every output is written and closed by now.  Leaving without the interpreter's
    # teardown of its few hundred modules saves about 20 ms, a tenth of a DOCX build.
    for stream in (sys.stdout, sys.stderr):  # None when closed from the start (`>&-`)
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # piped into a reader that has gone, or a full disk
            pass
    os._exit(status)
