"""Fixtures for browser tests against the built site (``_build/html``, or the folder named by
``STORECRM_SITE_DIR``: ``make test`` points it at its strict build from scratch).

The site is served by a thread-local HTTP server on a free loopback port, and driven with
Debian's Chromium through playwright (never a downloaded browser). Requests to any
``https://`` host are blocked: CDN scripts (require.js, MathJax, widget manager) cannot load on
these machines, and a test must not depend on them.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SITE_DIR = Path(os.environ.get("STORECRM_SITE_DIR") or REPO / "_build" / "html").resolve()
# Sphinx's generated pages are not reader content (search.html is tested on its own), and the
# root index.html only redirects to the landing page.
GENERATED_PAGES = {"genindex.html", "search.html", "py-modindex.html", "index.html"}
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
#: axe-core from npm (package.json, installed by 'make setup' with 'npm ci'), never a CDN.
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def built_pages() -> list[str]:
    """Every HTML page Sphinx wrote (paths relative to the site root), assets excluded."""
    if not SITE_DIR.exists():
        return []
    return sorted(
        p.relative_to(SITE_DIR).as_posix()
        for p in SITE_DIR.rglob("*.html")
        if not any(part.startswith(("_", ".")) for part in p.relative_to(SITE_DIR).parts)
    )


def content_pages() -> list[str]:
    """The book's own pages: :func:`built_pages` without Sphinx's generated ones."""
    return [rel for rel in built_pages() if rel not in GENERATED_PAGES]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``rel`` runs a test on every content page; ``any_page`` on every page a reader can open
    (the root index.html only redirects, so it is left out)."""
    if "rel" in metafunc.fixturenames:
        metafunc.parametrize("rel", content_pages())
    if "any_page" in metafunc.fixturenames:
        metafunc.parametrize("any_page", [p for p in built_pages() if p != "index.html"])


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_dir() -> Path:
    """The built HTML site; fails (not skips) when missing, because CI must build it first."""
    if not (SITE_DIR / "index.html").exists():
        pytest.fail(f"No built site in {SITE_DIR}: run 'make book' first.")
    return SITE_DIR


@pytest.fixture(scope="session")
def site_pages(site_dir: Path) -> list[str]:
    """The content pages of the built site (see :func:`content_pages`)."""
    return content_pages()


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


def _console_error(message: object) -> str | None:
    """The text of a console error worth failing on, or None.

    A request to an ``https://`` host is blocked on purpose (CDN scripts; see the module
    docstring), and Chromium logs each as "Failed to load resource": those are not the page's
    fault. Every other console error is.
    """
    if message.type != "error":  # type: ignore[attr-defined]
        return None
    url = (message.location or {}).get("url", "")  # type: ignore[attr-defined]
    text = message.text  # type: ignore[attr-defined]
    if url.startswith("https://") and text.startswith("Failed to load resource"):
        return None
    return f"{text} ({url})" if url else text


def _new_page(browser: object, viewport: dict[str, int]) -> object:
    context = browser.new_context(viewport=viewport)  # type: ignore[attr-defined]
    context.route("https://**/*", lambda route: route.abort())
    page = context.new_page()
    page.js_errors = []  # type: ignore[attr-defined]
    page.console_errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))  # type: ignore[attr-defined]

    def on_console(message: object) -> None:
        error = _console_error(message)
        if error:
            page.console_errors.append(error)  # type: ignore[attr-defined]

    page.on("console", on_console)  # type: ignore[attr-defined]
    return page


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """Path of axe-core's script, to inject with ``page.add_script_tag(path=...)``."""
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core is missing ({AXE_JS}): run 'make setup' (it runs 'npm ci').")
    return AXE_JS


@pytest.fixture(scope="module")
def first_visit_page(browser: object) -> Iterator[object]:
    """One desktop page reused for every navigation of a module (fast), that still meets each
    page as a first-time reader: storage is cleared before any page script runs, so the theme
    starts with no saved mode. Tests reset ``js_errors`` and ``console_errors`` themselves."""
    page = _new_page(browser, DESKTOP)
    page.context.add_init_script("try { localStorage.clear(); } catch (e) {}")  # type: ignore[attr-defined]
    yield page
    page.context.close()  # type: ignore[attr-defined]


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


#: True once Sphinx's search has listed every result (it adds them one at a time).
_SEARCH_DONE = """() => /^(Search finished|Your search did not match)/.test(
    document.querySelector('#search-results p.search-summary')?.innerText || '')"""


@pytest.fixture()
def search(browser_page: object) -> Callable[[str], list[tuple[str, str]]]:
    """Open a search URL and return every result as ``(href, title)``, in rank order.

    Sphinx shows results one by one with a short delay each; reading them as soon as the
    first appears misses the rest, so this waits for its "Search finished" line.
    """

    def run(url: str) -> list[tuple[str, str]]:
        browser_page.goto(url)  # type: ignore[attr-defined]
        browser_page.wait_for_function(_SEARCH_DONE, timeout=30_000)  # type: ignore[attr-defined]
        return browser_page.evaluate(  # type: ignore[attr-defined, no-any-return]
            """() => [...document.querySelectorAll('#search-results ul.search > li > a')]
                   .map(a => [a.getAttribute('href') || '', a.innerText])"""
        )

    return run
