"""A real Chromium (Debian's /usr/bin/chromium) driven by Playwright, and a loopback server for a built site."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

CHROMIUM_ENV = "DIGEST_CHROMIUM"  # a Chromium elsewhere than Debian's (another distribution, a Mac)
CHROMIUM = os.environ.get(CHROMIUM_ENV) or shutil.which("chromium") or "/usr/bin/chromium"
DEBIAN_PACKAGES = ("chromium", "chromium-driver")
MISSING_CHROMIUM = (
    f"the browser tests need Chromium at {CHROMIUM}, which is missing: install it with "
    f"`apt-get install {' '.join(DEBIAN_PACKAGES)}` (as root), then run the tests again "
    f"(or leave them out: python -m pytest -m 'not browser')"
)
# Without the background-networking flags Chromium tries to reach Google's hosts at start-up.
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    delays: dict[str, float] = {}

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        time.sleep(next((seconds for suffix, seconds in self.delays.items() if path.endswith(suffix)), 0))
        super().do_GET()


@contextlib.contextmanager
def serve_folder(folder: Path, delays: dict[str, float] | None = None) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 at a free port; yields the base URL. `delays`: seconds each file whose path ends
    so waits before it is sent (a slow network, for one kind of file)."""
    handler_class = type("DelayingHandler", (_QuietHandler,), {"delays": dict(delays or {})})
    handler = functools.partial(handler_class, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A headless Chromium browser from the system, never a downloaded one (installed first if it is missing, as
    the session does for the tests it knows to be browser tests)."""
    import pytest
    from playwright.sync_api import sync_playwright

    problem = ensure_chromium(print)
    if problem:
        pytest.fail(problem, pytrace=False)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def ensure_chromium(say) -> str | None:
    """None once Chromium is there (as root on Debian, installed with apt-get), else a message naming what to install."""
    if os.access(CHROMIUM, os.X_OK):
        return None
    if os.environ.get(CHROMIUM_ENV) or os.geteuid() != 0 or not shutil.which("apt-get"):
        return MISSING_CHROMIUM
    say("installing Chromium (Debian package chromium) for the browser tests…")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *DEBIAN_PACKAGES]):
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        if done.returncode != 0:
            tail = " ".join((done.stderr or done.stdout).strip().splitlines()[-3:])
            return f"`{' '.join(command)}` failed ({tail}); {MISSING_CHROMIUM}"
    return None if os.access(CHROMIUM, os.X_OK) else MISSING_CHROMIUM


def search(tab, query: str) -> list[str]:
    """Type a query into the header search box; the site paths of the results, best first."""
    box = tab.locator("input.md-search__input")
    box.click()
    box.fill(query)
    answered = json.dumps([query, {}], separators=(",", ":"), ensure_ascii=False)
    tab.wait_for_function(
        "want => JSON.stringify(JSON.parse(document.querySelector('[data-digest-search]').dataset.answered || 'null')) === want",
        arg=answered, timeout=15_000,
    )
    return result_paths(tab)


def result_paths(tab) -> list[str]:
    """The site paths of the search results shown, in order."""
    hrefs = tab.eval_on_selector_all(".md-search-result__list a", "links => links.map(a => a.href)")
    return [href.removeprefix(tab.base) for href in hrefs]
