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


def _many_notes_html() -> str:
    """Six paragraphs of ten notes of different lengths: several pages of many notes each."""
    words = ["state", "refugees", "evidence", "testimony", "customs", "report", "committee"]
    paragraphs, number = [], 0
    for p in range(6):
        parts = []
        for k in range(10):
            number += 1
            parts.append(" ".join(words[(p * 7 + k + i) % 7] for i in range(14)))
            note = " ".join(words[(number + i) % 7] for i in range(3 + (number * 7) % 40))
            parts.append(f'<a class="note-call" id="call{number}" href="#fn{number}">{number}</a>'
                         f'<span class="footnote" id="fn{number}">Source {number}: {note}.</span>')
        paragraphs.append('<p class="numbered">' + " ".join(parts) + "</p>")
    return "".join(paragraphs)


def _page_css() -> str:
    from dossier.errors import Diagnostics
    from dossier.project import load_project
    from dossier.writers.html import page_css

    project = load_project(REPO, Diagnostics())
    return page_css(project.formats["upr"])


def test_notes_measured_once_give_weasyprint_s_heights_and_the_same_pdf():
    from dossier.writers.footnote_area import additive_update, notes_measured_once
    from dossier.writers.weasyprint_import import weasyprint
    from weasyprint.layout import LayoutContext

    html = (f'<html lang="en-GB"><head><style>{_page_css()}</style></head>'
            f"<body>{_many_notes_html()}</body></html>")
    plain = weasyprint.HTML(string=html).render()
    original = LayoutContext._update_footnote_area
    ours = additive_update(original)
    compared = []

    def both(self):  # WeasyPrint's answer, then ours from the same state
        bottom, height = self.page_bottom, self.current_footnote_area.height
        overflow = original(self)
        theirs = (self.page_bottom, self.current_footnote_area.height, overflow)
        self.page_bottom, self.current_footnote_area.height = bottom, height
        overflow_here = ours(self)
        mine = (self.page_bottom, self.current_footnote_area.height, overflow_here)
        compared.append((theirs, mine))
        self.page_bottom, self.current_footnote_area.height = theirs[0], theirs[1]
        return overflow

    LayoutContext._update_footnote_area = both
    try:
        weasyprint.HTML(string=html).render()
    finally:
        LayoutContext._update_footnote_area = original
    assert len(compared) >= 60
    assert all(theirs == mine for theirs, mine in compared)
    with notes_measured_once() as changed:
        quick = weasyprint.HTML(string=html).render()
    assert changed and LayoutContext._update_footnote_area is original
    assert len(plain.pages) >= 3
    assert quick.write_pdf() == plain.write_pdf()
