"""The live preview (build.py serve) over plain HTTP: the page, /events, escaping, errors, limits."""

from __future__ import annotations

import http.client
import json
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, copy_project, run_build
from dossier.errors import Diagnostics
from dossier.pipeline import measure
from dossier.project import load_project
from dossier.serve.page import SourceLinks
from dossier.serve.server import PreviewServer
from dossier.serve.watcher import Watcher

INTRO = "      - text: A short introduction with *emphasis*.\n"


def edit(root: Path, old: str, new: str, path: str = "content/submissions/mini.yaml") -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")


def get(server: PreviewServer, path: str, headers: dict[str, str] | None = None,
        method: str = "GET") -> http.client.HTTPResponse:
    host, port = server.url.split("//")[1].rstrip("/").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    connection.request(method, path, headers=headers or {})
    return connection.getresponse()


def state(server: PreviewServer) -> dict:
    return json.loads(get(server, "/preview.json").read())


def wait_for_build(server: PreviewServer, after: str, timeout: float = 5) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        current = state(server)
        if current["build"] != after:
            return current
        time.sleep(0.02)
    raise TimeoutError(f"no build after {after} within {timeout} s")


def words(part: str) -> int:
    return int(re.search(r'id="words-total" data-words="(\d+)"', part).group(1))


@pytest.fixture
def preview(tmp_path):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    server = PreviewServer(root, "mini", port=0, interval=0.05, log=lambda line: None)
    server.start()
    yield server
    server.stop()


def test_page_shows_the_document_model_with_notes_and_budget(preview):
    response = get(preview, "/")
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert "script-src 'self'" in response.getheader("Content-Security-Policy")
    page = response.read().decode()

    result = measure(load_project(preview.root, Diagnostics()), "mini", Diagnostics())
    assert "A short introduction with <em>emphasis</em>." in page
    # every note called in the text and listed at the end, with the numbers of the DOCX and PDF
    numbers = [note.number for note in result.document.notes]
    assert numbers == [1, 2, 3]
    assert re.findall(r'<a href="#note-(\d+)" id="call-\d+"', page) == [str(n) for n in numbers]
    assert re.findall(r'<li id="note-(\d+)" value="\d+">', page) == [str(n) for n in numbers]
    assert "para. 12" in page  # the note's pinpoint, formatted by the notes pass
    # the budget: the total as the build counts it, and the sections adding up to it
    assert words(page) == result.budget.words
    section_words = [int(n) for n in re.findall(r'<td class="num" data-words="(\d+)">', page)]
    assert sum(section_words) == result.budget.words
    assert f"/ <span id=\"words-limit\">{result.budget.limit:,}</span>" in page
    assert '<p class="clean">No warnings or errors.</p>' in page
    # paragraph numbers, as the numbered paragraphs of the DOCX
    assert re.findall(r'<span class="pnum">(\d+)\.</span>', page) == ["1", "2"]
    assert '<script src="/preview.js" defer></script>' in page
    assert get(preview, "/preview.js").read().startswith(b"// Live preview")
    assert get(preview, "/preview.css").getheader("Content-Type") == "text/css; charset=utf-8"


def test_events_push_a_new_build_after_a_save(preview):
    response = get(preview, "/events")
    assert response.getheader("Content-Type") == "text/event-stream; charset=utf-8"

    def next_event() -> dict:
        data = None
        while True:
            line = response.fp.readline().decode()
            assert line, "the event stream ended"
            if line.startswith("data: "):
                data = json.loads(line[len("data: "):])
            elif line == "\n" and data is not None:
                return data

    first = next_event()
    assert first["ok"] and words(first["parts"]["budget"]) == words(state(preview)["parts"]["budget"])
    edit(preview.root, INTRO, INTRO.replace("*emphasis*.", "*emphasis*. Five more words appear here."))
    start = time.monotonic()
    second = next_event()
    assert time.monotonic() - start < 2
    assert "Five more words appear here." in second["parts"]["doc"]
    assert words(second["parts"]["budget"]) == words(first["parts"]["budget"]) + 5
    assert second["build"] != first["build"]


def test_content_cannot_add_markup_or_scripts(preview):
    before = state(preview)["build"]
    edit(preview.root, INTRO, (
        "      - text: >-\n"
        "          <script>window.pwned = 1</script> and <img src=x onerror=\"window.pwned = 2\">\n"
        "          and \"quotes\" & ampersands.\n"))  # a javascript: link is refused (tests/test_hostile.py)
    after = wait_for_build(preview, before)
    doc = after["parts"]["doc"]
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt; and &lt;img src=x onerror=" in doc
    assert "<script" not in doc and "<img" not in doc and "javascript:" not in doc
    assert "&amp; ampersands" in doc
    page = get(preview, "/").read().decode()
    assert page.count("<script") == 1  # ours, from /preview.js

    # a diagnostic quoting what the author wrote is escaped too
    before = after["build"]
    edit(preview.root, "state: Exampleland\n", "state: Exampleland\n'<b onclick=x>bold</b>': 1\n")
    failed = wait_for_build(preview, before)
    assert not failed["ok"]
    listed = failed["parts"]["diagnostics"]
    assert "&lt;b onclick=x&gt;bold&lt;/b&gt;" in listed and "<b " not in listed


def test_errors_link_to_their_source_and_keep_the_last_good_rendering(preview):
    good = state(preview)
    shutil.copytree(FIXTURES / "bad" / "unknown-citation" / "content", preview.root / "content",
                    dirs_exist_ok=True)
    failed = wait_for_build(preview, good["build"])
    assert not failed["ok"]
    assert failed["parts"]["doc"] == good["parts"]["doc"]  # the last good rendering stays
    assert failed["parts"]["budget"] == good["parts"]["budget"]
    assert "Build failed" in failed["parts"]["status"]
    listed = failed["parts"]["diagnostics"]
    assert '<code class="loc">content/findings/first-finding.yaml:4:49</code>' in listed
    source = (preview.root / "content/findings/first-finding.yaml").as_posix()
    assert f'href="vscode://file{source}:4:49"' in listed
    assert "unknown citation key &#x27;korean-reprot&#x27;; did you mean &#x27;korean-report&#x27;?" in listed

    shutil.copy(FIXTURES / "mini/content/findings/first-finding.yaml", preview.root / "content/findings/")
    fixed = wait_for_build(preview, failed["build"])
    assert fixed["ok"] and '<p class="clean">' in fixed["parts"]["diagnostics"]


def test_over_the_limit_is_a_warning_in_the_list(preview):
    before = state(preview)["build"]
    edit(preview.root, "state: Exampleland\n", "state: Exampleland\nword_limit: 10\n")
    after = wait_for_build(preview, before)
    assert after["ok"]
    assert '<li class="warning">' in after["parts"]["diagnostics"]
    assert "is over the UPR limit of 10" in after["parts"]["diagnostics"]
    assert 'class="over"' in after["parts"]["budget"]


def test_serves_only_its_own_paths_to_its_own_host(preview):
    assert preview.url.startswith("http://127.0.0.1:")
    for path in ("/content/submissions/mini.yaml", "/references.bib", "/../references.bib",
                 "/static/preview.js", "/dossier/serve/server.py", "/%2e%2e/references.bib"):
        assert get(preview, path).status == 404, path
    # a page whose DNS name was rebound to 127.0.0.1 sends its own Host
    assert get(preview, "/", headers={"Host": "attacker.example:80"}).status == 403
    assert get(preview, "/", headers={"Host": f"localhost:{preview.url.split(':')[2][:-1]}"}).status == 200
    assert get(preview, "/", method="POST").status == 501
    assert get(preview, "/", method="HEAD").status == 200


def test_source_links_can_name_another_editor_or_none(tmp_path):
    from dossier.errors import Location, UsageError

    loc = Location("content/a b.yaml", 3, 7)
    assert SourceLinks(tmp_path).href(loc) == f"vscode://file{tmp_path.as_posix()}/content/a%20b.yaml:3:7"
    idea = SourceLinks(tmp_path, "idea://open?file={path}&line={line}")
    assert idea.href(loc) == f"idea://open?file={tmp_path.as_posix()}/content/a%20b.yaml&line=3"
    assert SourceLinks(tmp_path, "").href(loc) == ""
    with pytest.raises(UsageError):
        SourceLinks(tmp_path, "vscode://file/{file}")


def test_watcher_sees_saves_additions_and_removals(tmp_path):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    calls: list[float] = []
    watcher = Watcher(root, lambda: calls.append(time.monotonic()), interval=0.05, settle=0.01)
    watcher.start()
    try:
        def changed(action) -> None:
            count = len(calls)
            action()
            deadline = time.monotonic() + 3
            while len(calls) == count and time.monotonic() < deadline:
                time.sleep(0.01)
            assert len(calls) > count

        changed(lambda: (root / "references.bib").write_text("% nothing\n"))
        changed(lambda: (root / "content/findings/new.yaml").write_text("title: x\n"))
        changed(lambda: (root / "content/findings/new.yaml").unlink())
        changed(lambda: (root / "templates/upr/document.xml.j2").write_text("changed"))
        count = len(calls)
        (root / "content/findings/.new.yaml.swp").write_text("editor state")  # not content
        time.sleep(0.3)
        assert len(calls) == count
    finally:
        watcher.stop()


def test_watcher_sees_a_shared_repository_and_the_other_inputs(tmp_path):
    """A save in a shared repository dossier.yaml names, in references.json or a house style,
    starts a rebuild too (the build reads them)."""
    from conftest import coalition_project
    from dossier.serve.watcher import scan

    main, partner = coalition_project(tmp_path)
    before = scan(main)
    finding = partner / "content/findings/shared-finding.yaml"
    finding.write_text(finding.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert scan(main) != before, "the shared repository's finding is not watched"
    for name in ("references.json", "styles/house.yaml"):
        before = scan(main)
        (main / name).parent.mkdir(exist_ok=True)
        (main / name).write_text("[]\n" if name.endswith(".json") else "based_on: un\n", encoding="utf-8")
        assert scan(main) != before, f"{name} is not watched"


def test_unknown_target_and_busy_port_are_usage_errors(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    run = run_build(capsys, "serve", "--project", str(root), "mnii")
    assert run.status == 2
    assert run.err == "error: unknown target 'mnii'; did you mean 'mini'? (targets are the files in content/submissions/: mini)\n"

    taken = PreviewServer(root, "mini", port=0, log=lambda line: None)
    taken.start()
    try:
        port = taken.url.split(":")[2].rstrip("/")
        busy = run_build(capsys, "serve", "--project", str(root), "mini", "--port", port)
        assert busy.status == 2
        assert f"cannot listen on 127.0.0.1:{port}" in busy.err and "--port" in busy.err
    finally:
        taken.stop()


def test_command_prints_its_url_serves_and_stops_on_ctrl_c(tmp_path):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    process = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "--project", str(root),
                                "mini", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            assert line, process.stderr.read()
            lines.append(line)
            if line.startswith("Previewing"):
                break
        match = re.fullmatch(r"Previewing mini at (http://127\.0\.0\.1:(\d+)/)  \(Ctrl-C to stop\)\n", lines[-1])
        assert match, lines
        assert re.fullmatch(r"\d\d:\d\d:\d\d built mini  UPR \(individual\)  [\d,]+ / 2,815 words incl\. notes"
                            r"  [\d,]+ left  \(\d+ ms\)\n", lines[0]), lines
        connection = http.client.HTTPConnection("127.0.0.1", int(match.group(2)), timeout=5)
        connection.request("GET", "/")
        assert b"A short introduction" in connection.getresponse().read()
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def test_preview_never_imports_weasyprint(tmp_path):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    code = (
        "import sys; sys.path.insert(0, %r)\n"
        "from dossier.serve.server import PreviewServer\n"
        "server = PreviewServer(__import__('pathlib').Path(%r), 'mini', port=0, log=lambda line: None)\n"
        "server.start(); server.rebuild(); server.stop()\n"
        "print('weasyprint' in sys.modules)\n" % (str(REPO), str(root))
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["False"], result.stderr


def test_watcher_scan_survives_a_link_loop(tmp_path):
    from dossier.serve.watcher import scan

    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    (root / "content/findings/loop").symlink_to(root / "content", target_is_directory=True)
    assert any(path.endswith("first-finding.yaml") for path, _, _ in scan(root))
