"""The preview's HTTP server, on 127.0.0.1 only.

It serves five things and nothing else (no file from the project, no listing):

    /              the page, rendered from the latest build
    /preview.css   /preview.js     the page's style and script (from static/)
    /events        Server-Sent Events: each build's parts, pushed as it finishes
    /preview.json  the same parts on request (for a script or a test)

A watcher thread rebuilds in memory when a file is saved and publishes the new
parts to every open page.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from .builder import Outcome, build_once
from .page import Rendering, SourceLinks, page_html, render
from .watcher import Watcher

LOOPBACK = "127.0.0.1"
KEEPALIVE_SECONDS = 15.0  # a comment line this often: a closed tab is noticed, proxies stay open

_STATIC = Path(__file__).resolve().parent / "static"
_ASSETS = {
    "/preview.css": ("text/css; charset=utf-8", "preview.css"),
    "/preview.js": ("text/javascript; charset=utf-8", "preview.js"),
}

# The page needs its own script and style and the inline <style> of the format's fonts;
# nothing may load from elsewhere, and no inline script may run even if one slipped in.
_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; "
        "img-src 'self' data:; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


@dataclass(frozen=True)
class Snapshot:
    """One build as served: encoded once, sent to every client."""

    seq: int
    rendering: Rendering
    page: bytes
    data: bytes  # JSON of the parts: /preview.json, and each /events message

    def event(self) -> bytes:
        return b"id: " + self.rendering.build_id.encode() + b"\nevent: build\ndata: " + self.data + b"\n\n"


class Hub:
    """The latest snapshot, and a way for event streams to wait for the next one."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._snapshot: Snapshot | None = None
        self.closed = False

    def publish(self, snapshot: Snapshot) -> None:
        with self._cond:
            self._snapshot = snapshot
            self._cond.notify_all()

    def current(self) -> Snapshot:
        with self._cond:
            assert self._snapshot is not None, "published before the server starts"
            return self._snapshot

    def next_after(self, seq: int, timeout: float) -> Snapshot | None:
        with self._cond:
            self._cond.wait_for(lambda: self.closed or (self._snapshot is not None and self._snapshot.seq > seq),
                                timeout)
            if self.closed or self._snapshot is None or self._snapshot.seq <= seq:
                return None
            return self._snapshot

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()


class PreviewServer:
    """Builds ``target`` in memory, serves it, and rebuilds when a watched file changes."""

    def __init__(self, root: Path, target: str, port: int = 8000, links: SourceLinks | None = None,
                 interval: float = 0.2, log: Callable[[str], None] | None = None) -> None:
        self.root = root
        self.target = target
        self.port = port
        self.links = links or SourceLinks(root)
        self.interval = interval
        self.log = log or (lambda line: print(line, flush=True))
        self.hub = Hub()
        self._boot = secrets.token_hex(4)  # a restarted server's builds never look like the page's
        self._seq = 0
        self._last_good: tuple[Outcome, float] | None = None
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._watcher: Watcher | None = None

    @property
    def url(self) -> str:
        assert self._httpd is not None
        return f"http://{LOOPBACK}:{self._httpd.server_address[1]}/"

    def start(self) -> str:
        """Listen (OSError when the port is taken), build once, then watch; returns the URL."""
        self._httpd = _HTTPServer((LOOPBACK, self.port), _Handler)
        self._httpd.preview = self
        self._watcher = Watcher(self.root, self.rebuild, self.interval)  # scans now: a save from here on counts
        self.rebuild()
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.2},
                                        name="dossier-http", daemon=True)
        self._thread.start()
        self._watcher.start()
        return self.url

    def rebuild(self) -> Snapshot:
        outcome = build_once(self.root, self.target)
        built_at = time.time()
        if outcome.ok:
            self._last_good = (outcome, built_at)
        self._seq += 1
        rendering = render(self.target, outcome, built_at, self._last_good, self.links,
                           f"{self._boot}-{self._seq}")
        data = json.dumps({"build": rendering.build_id, "ok": rendering.ok, "parts": rendering.parts})
        snapshot = Snapshot(self._seq, rendering, page_html(self.target, rendering).encode(), data.encode())
        self.hub.publish(snapshot)
        self._report(outcome)
        return snapshot

    def _report(self, outcome: Outcome) -> None:
        clock = time.strftime("%H:%M:%S")
        for item in outcome.diagnostics:
            self.log(f"  {item}")
        if outcome.result is not None:
            line = outcome.result.budget.line()
            self.log(f"{clock} built {line}  ({outcome.seconds * 1000:.0f} ms)")
        else:
            self.log(f"{clock} {self.target}: {len(outcome.errors)} error(s); "
                     f"the page keeps the last good rendering")

    def wait(self) -> None:
        """Until stopped; Ctrl-C (KeyboardInterrupt) gets through every half second."""
        while self._thread is not None and self._thread.is_alive():
            self._thread.join(0.5)

    def stop(self) -> None:
        self.hub.close()  # ends every event stream
        if self._watcher is not None:
            self._watcher.stop()
        if self._httpd is not None:
            if self._thread is not None and self._thread.is_alive():
                self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True  # open event streams must not keep the process alive
    preview: PreviewServer

    def handle_error(self, request, client_address) -> None:
        """A client that left mid-request (half a request, then a reset) is no error of ours."""
        import sys

        if isinstance(sys.exc_info()[1], OSError):  # reset, broken pipe, timed out
            return
        super().handle_error(request, client_address)  # a bug: its traceback helps


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    server_version = "dossier-preview"

    def version_string(self) -> str:  # no Python version in the Server header
        return self.server_version

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def log_message(self, format: str, *args) -> None:  # noqa: A002  (a line per request is noise)
        pass

    def _respond(self, head: bool) -> None:
        if not self._host_allowed():
            return self._send(403, "text/plain; charset=utf-8", b"forbidden: use http://127.0.0.1/\n", head)
        path = urlsplit(self.path).path
        hub = self.server.preview.hub
        if path == "/":
            return self._send(200, "text/html; charset=utf-8", hub.current().page, head)
        if path == "/preview.json":
            return self._send(200, "application/json", hub.current().data, head)
        if path in _ASSETS:
            kind, name = _ASSETS[path]
            return self._send(200, kind, (_STATIC / name).read_bytes(), head)
        if path == "/events" and not head:
            return self._events()
        return self._send(404, "text/plain; charset=utf-8", b"not found\n", head)

    def _host_allowed(self) -> bool:
        """Only our own names: a web page whose DNS name was rebound to 127.0.0.1 must not read the preview."""
        host = self.headers.get("Host")
        if host is None:  # HTTP/1.0 without Host: not a browser
            return True
        port = self.server.server_address[1]
        return host.lower() in {f"{LOOPBACK}:{port}", f"localhost:{port}"}

    def _headers(self, status: int, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Security-Policy", _CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")

    def _send(self, status: int, kind: str, body: bytes, head: bool) -> None:
        self._headers(status, kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _events(self) -> None:
        hub = self.server.preview.hub
        self._headers(200, "text/event-stream; charset=utf-8")
        self.end_headers()
        self.close_connection = True
        try:
            snapshot = hub.current()
            # retry: reconnect within a second when the server restarts
            self.wfile.write(b"retry: 1000\n\n" + snapshot.event())
            seq = snapshot.seq
            while not hub.closed:
                following = hub.next_after(seq, KEEPALIVE_SECONDS)
                if following is not None:
                    self.wfile.write(following.event())
                    seq = following.seq
                elif not hub.closed:
                    self.wfile.write(b": keep-alive\n\n")
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            pass  # the page was closed
