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
        venv = HERE / ".venv"
        venv_python = venv / "bin" / "python"
        # sys.prefix, not the executable: .venv/bin/python is a symbolic link to this very
        # interpreter, so resolved paths are equal even outside the environment
        if venv_python.exists() and Path(sys.prefix).resolve() != venv.resolve():
            os.execv(str(venv_python), [str(venv_python), *sys.argv])
        sys.exit(f"error: {missing[0]} is not installed; run `./setup` first (see README.md)")


if __name__ == "__main__":
    _ensure_environment()
    sys.path.insert(0, str(HERE))
    from dossier.entry import run  # the installed `dossier` command runs the same

    run(prog="build.py")
