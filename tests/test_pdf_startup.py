"""The PDF writer's shortcuts give what WeasyPrint and pyphen would have given without them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _libraries(code: str) -> set[str]:
    probe = code + ("\nimport re\nprint('\\n'.join(sorted({line.split()[-1] for line in open('/proc/self/maps')"
                    " if re.search(r'(pango|harfbuzz|fontconfig|gobject)', line)})))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True)
    return set(result.stdout.split())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the quick import is for Linux only")
def test_quick_import_opens_the_libraries_weasyprint_opens():
    quick = _libraries("import sys; sys.path.insert(0, '.'); import dossier.writers.weasyprint_import")
    plain = _libraries("import weasyprint")
    assert quick == plain
    assert any(re.search(r"pango", name) for name in quick)


def test_quick_import_leaves_find_library_as_it_was():
    import ctypes.util

    before = ctypes.util.find_library
    from dossier.writers import weasyprint_import

    weasyprint_import.load()
    assert ctypes.util.find_library is before


def test_cached_patterns_hyphenate_as_pyphen_does(tmp_path, monkeypatch):
    import pyphen

    from dossier.writers import hyphenation_cache

    monkeypatch.setenv("DOSSIER_CACHE", str(tmp_path))
    path = pyphen.LANGUAGES[pyphen.language_fallback("en-GB")]
    parsed = pyphen.HyphDict(path).patterns
    words = ["repatriation", "recommendation", "international", "organisations", "responsibility"]
    expected = [pyphen.Pyphen(filename=str(path), cache=False).inserted(w) for w in words]
    for _ in range(2):  # parsed and stored, then read from the cache
        monkeypatch.delitem(pyphen.hdcache, path, raising=False)
        hyphenation_cache.warm("en-GB")
        assert pyphen.hdcache[path].patterns == parsed
        assert [pyphen.Pyphen(lang="en_GB").inserted(w) for w in words] == expected
    assert list(tmp_path.rglob("*.marshal")), "the patterns were not kept"
