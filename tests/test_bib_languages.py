"""origlanguage as biblatex writes it (`korean`) or as a tag (`ko`): both name the same language."""

from __future__ import annotations

import pytest

from dossier.bibliography import parse_bibliography
from dossier.errors import Diagnostics

ENTRY = """@legislation{act,
  title        = {Seafarers Act},
  origtitle    = {선원법},
  origlanguage = {%s},
  entrysubtype = {national},
  date         = {1962-01-10},
}
"""


def _read(language: str):
    diags = Diagnostics()
    bib = parse_bibliography(ENTRY % language, "references.bib", diags)
    return bib, [str(d) for d in diags.items]


@pytest.mark.parametrize("written", ["korean", "Korean", "ko"])
def test_biblatex_language_name_is_read_as_its_tag(written):
    bib, errors = _read(written)
    assert errors == []
    assert bib["act"].get("origlanguage") == "ko"


def test_unknown_language_name_is_an_error_at_its_field():
    bib, errors = _read("klingon tongue")
    assert "act" not in bib
    assert len(errors) == 1 and errors[0].startswith("references.bib:4:3: ")
