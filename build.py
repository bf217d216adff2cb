#!/usr/bin/env python3
"""Build a submission: ``python build.py upr-2024`` (see README.md)."""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _ensure_environment() -> None:
    """Run inside the project's virtual environment when the packages are not importable here."""
    from importlib.util import find_spec

    # find_spec, not import: the build imports each package only when it needs it
    missing = [name for name in ("docx", "jinja2", "yaml", "bibtexparser") if find_spec(name) is None]
    if missing:
        venv_python = HERE / ".venv" / "bin" / "python"
        if venv_python.exists() and Path(sys.executable).resolve() != venv_python.resolve():
            os.execv(str(venv_python), [str(venv_python), *sys.argv])
        sys.exit(f"error: {missing[0]} is not installed; run `./setup` first (see README.md)")


if __name__ == "__main__":
    _ensure_environment()
    sys.path.insert(0, str(HERE))
    try:
        from dossier.cli import main

        status = main()
    except BrokenPipeError:  # `build.py ... | head`: the reader left before the last line
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
