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


_RENDER = """
import hashlib, sys
sys.path.insert(0, '.')
if sys.argv[1] == 'quick':
    from dossier.writers.weasyprint_import import weasyprint
else:
    import weasyprint
html = ('<html lang="en-GB"><body><p>Refugee Convention, art. 33 '
        '<span lang="ko">탈북민</span> <span lang="zh">出境入境管理法</span>'
        '<span style="float: footnote">A note.</span></p></body></html>')
data = weasyprint.HTML(string=html).write_pdf(pdf_tags=True)
import weasyprint.text.ffi as ffi_module
print(hashlib.sha256(data).hexdigest(), type(ffi_module.ffi).__module__, type(ffi_module.ffi).__name__,
      'pycparser' in sys.modules, type(sys.modules.get('fontTools.subset')).__name__)
"""


def _render(how: str, cache: Path) -> list[str]:
    env = {**__import__("os").environ, "DOSSIER_CACHE": str(cache)}
    result = subprocess.run([sys.executable, "-c", _RENDER, how], cwd=REPO, env=env,
                            capture_output=True, text=True, check=True)
    return result.stdout.split()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the quick import is for Linux only")
def test_precompiled_declarations_give_weasyprint_s_pdf_without_parsing_c(tmp_path):
    plain = _render("plain", tmp_path)
    assert plain[3] == "True", "WeasyPrint's own import parses its declarations with pycparser"
    first = _render("quick", tmp_path)  # nothing cached yet: parsed as usual, then compiled
    entries = list(tmp_path.rglob("weasyprint-*.marshal"))
    assert len(entries) == 1, "the compiled declarations were not kept"
    second = _render("quick", tmp_path)
    assert first[0] == second[0] == plain[0], "the PDFs differ"
    assert second[1:4] == ["_cffi_backend", "FFI", "False"], "the compiled tables were not used"
    assert second[4] == "_LazyModule", "fontTools' subsetter was imported with WeasyPrint"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the quick import is for Linux only")
def test_a_damaged_compiled_entry_is_compiled_again(tmp_path):
    _render("quick", tmp_path)
    (entry,) = tmp_path.rglob("weasyprint-*.marshal")
    good = entry.read_bytes()
    expected = _render("plain", tmp_path)[0]
    for damaged in (good[: len(good) // 2], good[:-40] + bytes(40), b"not marshal"):
        entry.write_bytes(damaged)
        assert _render("quick", tmp_path)[0] == expected
        assert entry.read_bytes() == good, "the damaged entry was not replaced"


def test_deferred_font_tools_are_there_when_weasyprint_uses_them():
    code = """
import sys
sys.path.insert(0, '.')
from dossier.writers.weasyprint_import import weasyprint
import weasyprint.pdf.fonts as fonts
assert 'fontTools.varLib.instancer' not in sys.modules
assert fonts.subset.Options().desubroutinize is not None  # the subsetter, run at first use
import fontTools.varLib.instancer as instancer
calls = []
instancer.instantiateVariableFont = lambda *a, **k: calls.append((a, k)) or 'font'
assert fonts.instantiateVariableFont('ttfont', {'wght': 700}, static=True) == 'font'
assert calls == [(('ttfont', {'wght': 700}), {'static': True})]
print('ok')
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.stdout.strip() == "ok", result.stderr
