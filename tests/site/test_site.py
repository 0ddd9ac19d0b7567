"""Browser and link checks on the built site (``_build/html``), as a reader would meet it."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse

import pytest

pytestmark = pytest.mark.site

REPO = Path(__file__).resolve().parents[2]


class _LinkCollector(HTMLParser):
    """Collects link targets and element ids of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"] or "")
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"] or "")
        if tag in {"img", "script"} and attributes.get("src"):
            self.links.append(attributes["src"] or "")
        if tag == "link" and attributes.get("href"):
            self.links.append(attributes["href"] or "")


def _parse(path: Path) -> _LinkCollector:
    collector = _LinkCollector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def test_site_has_the_expected_pages(site_pages: list[str]) -> None:
    pages = site_pages
    assert "book/intro.html" in pages
    assert "book/glossary.html" in pages
    assert len(pages) >= 5, pages


def test_no_broken_internal_links_or_anchors(site_dir: Path, site_pages: list[str]) -> None:
    parsed: dict[Path, _LinkCollector] = {}

    def page(path: Path) -> _LinkCollector:
        if path not in parsed:
            parsed[path] = _parse(path)
        return parsed[path]

    broken: list[str] = []
    for rel in [*site_pages, "index.html"]:
        source = site_dir / rel
        for link in page(source).links:
            scheme = urlparse(link).scheme
            if scheme in {"http", "https", "mailto", "data", "javascript"} or link.startswith("//"):
                continue
            base_url = "file://" + str(source)
            target_url, fragment = urldefrag(urljoin(base_url, link))
            target = Path(unquote(urlparse(target_url).path))
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{rel}: {link} (no such file)")
                continue
            if fragment and target.suffix == ".html" and fragment not in page(target).ids:
                broken.append(f"{rel}: {link} (no anchor #{fragment})")
    assert not broken, "Broken links:\n" + "\n".join(sorted(set(broken)))


def test_page_renders_without_javascript_errors(browser_page, site_url: str, rel: str) -> None:
    page = browser_page
    page.goto(site_url + rel, wait_until="load")
    page.wait_for_timeout(200)
    title = page.title()
    assert title and "Maple Street Mart" in title, f"{rel}: unexpected title {title!r}"
    heading = page.locator("article.bd-article h1").first
    assert heading.is_visible(), f"{rel}: no visible page heading"
    # Blocked https:// requests (CDNs) only log console errors, never page errors.
    assert page.js_errors == [], f"{rel}: JavaScript errors: {page.js_errors}"


def _open_phone_menu(page) -> object:  # page: playwright Page at phone width
    """Click the visible sidebar toggle and return the table-of-contents dialog."""
    toggles = page.locator("button.primary-toggle")
    visible = [toggles.nth(i) for i in range(toggles.count()) if toggles.nth(i).is_visible()]
    assert visible, "no visible sidebar toggle at phone width"
    visible[0].click()
    dialog = page.locator("#pst-primary-sidebar-modal")
    dialog.wait_for(state="visible", timeout=3000)
    return dialog


def test_phone_sidebar_toggle_opens_table_of_contents(phone_page, site_url: str) -> None:
    page = phone_page
    page.goto(site_url + "book/intro.html", wait_until="load")
    toc_link = page.get_by_role("link", name="How to run the notebooks").first
    assert not toc_link.is_visible(), "the table of contents should start hidden on a phone"
    dialog = _open_phone_menu(page)
    link = dialog.get_by_role("link", name="How to run the notebooks")
    assert link.is_visible()
    box = link.bounding_box()
    assert box is not None and 0 <= box["x"] < 390, f"TOC link is off screen: {box}"
    link.click()
    page.wait_for_url(re.compile(r".*how-to-run\.html.*"))
    assert page.js_errors == []


def test_phone_menu_shows_the_whole_site_title(phone_page, site_url: str) -> None:
    # The site title is drawn in the logo SVG: it used to be cut off ("Maple Street Ma").
    page = phone_page
    page.goto(site_url + "book/intro.html", wait_until="load")
    dialog = _open_phone_menu(page)
    logo = dialog.locator("img.logo__image").first
    logo.wait_for(state="visible")
    box, menu = logo.bounding_box(), dialog.bounding_box()
    assert box and menu and box["width"] > 100, (box, menu)
    assert menu["x"] <= box["x"] and box["x"] + box["width"] <= menu["x"] + menu["width"] + 0.5
    # Inside the SVG, each line of the title must end within the picture's own box, in the
    # font this browser picked (a wide sans-serif ran past it).
    page.goto(site_url + "_static/logo.svg", wait_until="load")
    overruns = page.evaluate(
        """() => {
          const box = document.documentElement.viewBox.baseVal;
          return [...document.querySelectorAll('text')].map(t => {
            const b = t.getBBox();
            return [t.textContent, b.x + b.width - (box.x + box.width)];
          });
        }"""
    )
    assert len(overruns) == 2
    assert all(overrun <= 0.5 for _, overrun in overruns), overruns


def test_phone_layout_has_no_sideways_scroll(phone_page, site_url: str, rel: str) -> None:
    page = phone_page
    page.goto(site_url + rel, wait_until="load")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"{rel} scrolls sideways by {overflow}px on a phone"


def test_search_finds_glossary_term(search, site_url: str) -> None:
    hrefs = [href for href, _ in search(site_url + "search.html?q=churn")]
    assert any("glossary.html" in href for href in hrefs), hrefs


def _pages_that_draw_figures() -> list[str]:
    """HTML paths of MyST notebook pages whose code draws a matplotlib figure."""
    root = REPO
    pages = []
    for source in sorted([*root.glob("book/**/*.md"), *root.glob("chapters/**/*.md")]):
        text = source.read_text(encoding="utf-8")
        if "kernelspec" in text and "plt.subplots(" in text:
            pages.append(str(source.relative_to(root).with_suffix(".html")))
    return pages


@pytest.mark.parametrize("figure_page", _pages_that_draw_figures())
def test_pages_that_draw_figures_show_them(site_dir: Path, figure_page: str) -> None:
    rel = figure_page
    # A figure drawn under a non-inline backend (e.g. MPLBACKEND=Agg leaking into the build)
    # silently disappears from the page; readers would see a caption with no chart.
    html = (site_dir / rel).read_text(encoding="utf-8")
    figures = re.findall(r'<img[^>]+src="[^"]*_images/[^"]+\.png"', html)
    assert figures, f"{rel} draws a figure in its code but shows no image"
