"""The formats that ship with dossier, for content repositories without their own.

A content repository's ``templates/<format>/`` is used where it exists; any
other format comes from the templates dossier ships.  In the source tree those
are the repository's top-level ``templates/``; in an installed wheel the same
folder is the package ``dossier.shipped_templates`` (pyproject.toml maps it).
"""

from __future__ import annotations

import functools
from pathlib import Path

COMMON = "_common"  # the macros formats share, beside the formats themselves

_PACKAGE = Path(__file__).resolve().parent


@functools.lru_cache(maxsize=1)
def shipped_templates() -> Path | None:
    """The folder of shipped formats (each ``<name>/format.yaml``), or ``None`` if there is none."""
    for candidate in (_PACKAGE / "shipped_templates", _PACKAGE.parent / "templates"):
        if any(candidate.glob("*/format.yaml")):
            return candidate
    return None


def shipped_format(name: str) -> Path | None:
    """The shipped folder of format ``name``, if dossier ships one."""
    base = shipped_templates()
    if base is None or name.startswith((".", COMMON)) or "/" in name:
        return None
    folder = base / name
    return folder if (folder / "format.yaml").is_file() else None


def shipped_names() -> list[str]:
    base = shipped_templates()
    return sorted(p.parent.name for p in base.glob("*/format.yaml")) if base is not None else []
