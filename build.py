#!/usr/bin/env python3
"""Build a submission: ``python build.py upr-2024`` (see README.md)."""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _ensure_environment() -> None:
    """Run inside the project's virtual environment when the packages are not importable here."""
    try:
        import docx  # noqa: F401
        import jinja2  # noqa: F401
        import yaml  # noqa: F401
        import bibtexparser  # noqa: F401
    except ImportError as exc:
        venv_python = HERE / ".venv" / "bin" / "python"
        if venv_python.exists() and Path(sys.executable).resolve() != venv_python.resolve():
            os.execv(str(venv_python), [str(venv_python), *sys.argv])
        sys.exit(f"error: {exc.name} is not installed; run `./setup` first (see README.md)")


if __name__ == "__main__":
    _ensure_environment()
    sys.path.insert(0, str(HERE))
    from dossier.cli import main

    sys.exit(main())
