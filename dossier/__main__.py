"""``python -m dossier ...``: the same as the ``dossier`` command."""

from .entry import run

run(prog="python -m dossier")
