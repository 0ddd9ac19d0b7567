"""Fixtures for browser tests against the built site in ``_build/html``.

The site is served by a thread-local HTTP server on a free loopback port, and driven with
Debian's Chromium through playwright (never a downloaded browser). Requests to any
``https://`` host are blocked: CDN scripts (require.js, MathJax, widget manager) cannot load on
these machines, and a test must not depend on them.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

SITE_DIR = Path(__file__).resolve().parents[2] / "_build" / "html"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_dir() -> Path:
    """The built HTML site; fails (not skips) when missing, because CI must build it first."""
    if not (SITE_DIR / "index.html").exists():
        pytest.fail("No built site in _build/html: run 'make book' first.")
    return SITE_DIR


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    """Base URL (ending in '/') of a local server for the built site."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Debian Chromium for the whole session."""
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: run 'make setup' (scripts/system-deps.sh).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _new_page(browser: object, viewport: dict[str, int]) -> object:
    context = browser.new_context(viewport=viewport)  # type: ignore[attr-defined]
    context.route("https://**/*", lambda route: route.abort())
    page = context.new_page()
    page.js_errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))  # type: ignore[attr-defined]
    return page


@pytest.fixture()
def browser_page(browser: object) -> Iterator[object]:
    """A fresh desktop-sized page; ``page.js_errors`` collects uncaught JavaScript errors."""
    page = _new_page(browser, DESKTOP)
    yield page
    page.context.close()  # type: ignore[attr-defined]


@pytest.fixture()
def phone_page(browser: object) -> Iterator[object]:
    """A fresh page at a 390x844 phone viewport."""
    page = _new_page(browser, PHONE)
    yield page
    page.context.close()  # type: ignore[attr-defined]
