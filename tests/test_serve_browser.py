"""The live preview in headless Chromium: load the page, save a file, see the page follow.

Skipped only where Chromium is not installed (./setup installs Debian's chromium).
"""

from __future__ import annotations

import shutil
import time

import pytest

from browser import Browser, find_chromium
from conftest import FIXTURES, copy_project
from dossier.serve.server import PreviewServer

pytestmark = pytest.mark.slow

INTRO = "      - text: A short introduction with *emphasis*.\n"
TOTAL = "Number(document.getElementById('words-total').dataset.words)"
DOC_TEXT = "document.getElementById('doc').innerText"


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def page(tmp_path):
    chromium = find_chromium()
    if chromium is None:
        pytest.skip("chromium is not installed (./setup installs it)")
    pytest.importorskip("websockets", reason="the DevTools client needs websockets (pip install -e '.[test]')")
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    server = PreviewServer(root, "mini", port=0, log=lambda line: None)  # the default 0.2 s polling
    url = server.start()
    try:
        with Browser(chromium, tmp_path) as browser:
            tab = browser.open(url)
            tab.wait_for("document.readyState === 'complete' && !!document.getElementById('words-total')", 15)
            yield server, tab
    finally:
        server.stop()


def _update_seconds(tab, condition: str, timeout: float = 5) -> float:
    start = time.monotonic()
    tab.wait_for(condition, timeout)
    return time.monotonic() - start


def test_page_follows_a_save_within_a_second(page, record_property):
    server, tab = page
    root = server.root
    before = tab.evaluate(TOTAL)
    assert before > 0
    assert "A short introduction with emphasis." in tab.evaluate(DOC_TEXT)
    # notes: called by number in the text, listed at the end under the same numbers
    assert tab.evaluate("[...document.querySelectorAll('sup.call a')].map(a => a.textContent)") == ["1", "2", "3"]
    assert tab.evaluate("[...document.querySelectorAll('.notes li')].map(li => li.value)") == [1, 2, 3]
    assert tab.evaluate("document.querySelector('.notes li').innerText").startswith("Example News")
    # the event stream is open before the file changes
    tab.wait_for("!document.body.classList.contains('offline') && !!document.body.dataset.build")

    saves = [  # (text replaced, words appended, how many)
        ("*emphasis*.", "Seven more words arrived in this preview.", 7),
        ("this preview.", "And three more.", 3),
    ]
    latencies = []
    expected = before
    for anchor, words, added in saves:
        expected += added
        _edit(root / "content/submissions/mini.yaml", anchor, f"{anchor} {words}")
        latencies.append(_update_seconds(tab, f"{DOC_TEXT}.includes({words!r}) && {TOTAL} === {expected}"))
    record_property("update_latency_seconds", latencies)
    print(f"preview updated {', '.join(f'{s * 1000:.0f} ms' for s in latencies)} after each save")
    assert max(latencies) < 1.5, latencies
    # section rows add up to the total the page shows
    assert tab.evaluate("[...document.querySelectorAll('td.num')].reduce((s, td) => s + Number(td.dataset.words), 0)") \
        == before + 10


def test_errors_show_beside_the_last_good_rendering_and_markup_stays_text(page):
    server, tab = page
    root = server.root
    shutil.copytree(FIXTURES / "bad" / "unknown-citation" / "content", root / "content", dirs_exist_ok=True)
    tab.wait_for("document.body.classList.contains('failed')")
    listed = tab.evaluate("document.getElementById('diagnostics').innerText")
    assert "content/findings/first-finding.yaml:4:49" in listed
    assert "unknown citation key 'korean-reprot'" in listed
    href = tab.evaluate("document.querySelector('#diagnostics a.open').getAttribute('href')")
    assert href == f"vscode://file{(root / 'content/findings/first-finding.yaml').as_posix()}:4:49"
    assert "A short introduction with emphasis." in tab.evaluate(DOC_TEXT)  # still the last good one

    shutil.copy(FIXTURES / "mini/content/findings/first-finding.yaml", root / "content/findings/")
    _edit(root / "content/submissions/mini.yaml", INTRO,
          "      - text: >-\n"
          "          <script>window.pwned = 1</script> <img src=x onerror=\"window.pwned = 2\">\n"
          "          <b>end</b>\n")  # a javascript: link is refused before it gets here (test_hostile.py)
    tab.wait_for(f"!document.body.classList.contains('failed') && {DOC_TEXT}.includes('<b>end</b>')")
    text = tab.evaluate(DOC_TEXT)
    # as text, with the typographic quotes every output prints
    from dossier.typography import plain_quotes

    assert "<script>window.pwned = 1</script>" in text
    assert plain_quotes('<img src=x onerror="window.pwned = 2">') in text
    assert tab.evaluate("document.querySelectorAll('#doc script, #doc img, #doc b').length") == 0
    time.sleep(0.2)
    assert tab.evaluate("typeof window.pwned") == "undefined"
    assert tab.evaluate("document.getElementById('diagnostics').innerText") == "No warnings or errors."
