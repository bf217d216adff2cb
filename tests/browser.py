"""Headless Chromium for the preview's tests, driven over the DevTools protocol.

A minimal client: Chromium is started with its debugging port on 127.0.0.1
(port 0: it picks one and writes it to DevToolsActivePort in the profile), a
tab is opened with ``PUT /json/new``, and JavaScript is evaluated in it over
the tab's websocket (the ``websockets`` package).  Every wait is bounded, and
the browser's whole process group is ended on close.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import quote

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--disable-dev-shm-usage", "--remote-debugging-address=127.0.0.1",
]


def find_chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Page:
    """One tab: evaluate JavaScript, wait for a condition."""

    def __init__(self, websocket_url: str) -> None:
        from contextlib import ExitStack

        from websockets.sync.client import connect

        self._stack = ExitStack()  # as a context manager: the form every websockets version since 12 takes
        self._ws = self._stack.enter_context(connect(websocket_url, max_size=None, open_timeout=10))
        self._next_id = 0

    def call(self, method: str, params: dict[str, Any] | None = None, timeout: float = 10) -> dict[str, Any]:
        self._next_id += 1
        ident = self._next_id
        self._ws.send(json.dumps({"id": ident, "method": method, "params": params or {}}))
        deadline = time.monotonic() + timeout
        while True:  # events (no "id") may come first; we did not ask for any, so skip them
            message = json.loads(self._ws.recv(timeout=max(0.01, deadline - time.monotonic())))
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 5, every: float = 0.02) -> Any:
        """Poll ``expression`` until it is truthy; its last value in the error when it never is."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"not true within {timeout} s: {expression} (last: {value!r})")
            time.sleep(every)

    def close(self) -> None:
        self._stack.close()


class Browser:
    """``with Browser(executable, folder) as browser: page = browser.open(url)``."""

    def __init__(self, executable: str, folder: Path, start_timeout: float = 30) -> None:
        self.profile = folder / "chromium-profile"
        self.profile.mkdir(parents=True)
        self.log = folder / "chromium.log"
        self._pages: list[Page] = []
        with self.log.open("wb") as log:
            # its own process group: closing ends the renderer and GPU helpers too
            self._process = subprocess.Popen(
                [executable, *FLAGS, f"--user-data-dir={self.profile}", "--remote-debugging-port=0",
                 "about:blank"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
        try:
            self.port = self._wait_for_port(start_timeout)
        except BaseException:
            self.close()
            raise

    def _wait_for_port(self, timeout: float) -> int:
        marker = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"chromium exited ({self._process.returncode}): {self.log.read_text()[-2000:]}")
            try:
                first = marker.read_text().splitlines()[0]
                return int(first)
            except (OSError, IndexError, ValueError):
                time.sleep(0.05)
        raise TimeoutError(f"chromium did not open its debugging port within {timeout} s")

    def open(self, url: str) -> Page:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/json/new?{quote(url, safe=':/')}",
                                         method="PUT")
        with urllib.request.urlopen(request, timeout=10) as response:
            target = json.load(response)
        page = Page(target["webSocketDebuggerUrl"])
        self._pages.append(page)
        return page

    def close(self) -> None:
        for page in self._pages:
            try:
                page.close()
            except Exception:
                pass
        if self._process.poll() is None:
            os.killpg(self._process.pid, signal.SIGTERM)
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        try:  # whatever is left of the group (helpers outlive the main process at times)
            os.killpg(self._process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self._process.wait(timeout=10)

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
