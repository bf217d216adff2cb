"""Subcommands of build.py and the ``dossier`` command, by name: ``dossier where-used quota-system``.

Each module has ``add_arguments(parser)`` and ``run(args, project) -> int`` and is
imported only when its command is used.  A module with ``NEEDS_PROJECT = False``
(``init``) is run with no project loaded.
"""

from __future__ import annotations

COMMANDS: dict[str, tuple[str, str]] = {
    # name: (module, one-line help)
    "where-used": ("dossier.commands.where_used", "list the submissions that use a finding"),
    "serve": ("dossier.commands.serve", "preview a submission in the browser, updated as files are saved"),
    "diff": ("dossier.commands.diff",
             "a DOCX of what changed in a submission since a git revision, as tracked changes"),
    "check": ("dossier.commands.check", "every error and warning of the whole repository (exit 1 on errors)"),
    "import": ("dossier.commands.import_", "a Word or Markdown submission into content and references"),
    "init": ("dossier.commands.init",
             "make a new content repository with an example submission that builds at once"),
}
