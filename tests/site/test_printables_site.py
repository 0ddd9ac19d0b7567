"""Every printable is a download on the built site, and each link gives the right PDF.

Runs against the built site (``STORECRM_SITE_DIR``, or ``_build/html``) in headless Debian
Chromium. What must be there comes from :func:`storecrm.authoring.printables.catalogue` (quiz
banks and trainer pages), not from the site, so a printable the build forgot is a failure.
Each PDF is fetched through the link the page shows, and its pages are counted from its bytes:
one-page sheets (plans, ticket, contacts job aid) must print on exactly one A4 page.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest

from storecrm.authoring.playbook import count_pdf_pages
from storecrm.authoring.printables import catalogue

pytestmark = pytest.mark.site

REPO = Path(__file__).resolve().parents[2]
ITEMS = catalogue(REPO)
BY_PDF = {item.path(".pdf"): item for item in ITEMS}
INDEX = "book/trainers/printables.html"
_LINKS = "links => links.map(a => a.href)"


def _pdf_links(page: object, site_url: str, url: str) -> list[str]:
    page.goto(url)
    hrefs = page.locator("article.bd-article a[href$='.pdf']").evaluate_all(_LINKS)
    return [h[len(site_url) :] for h in hrefs if h.startswith(site_url)]


def test_the_printables_page_links_every_pdf(browser_page, site_url: str) -> None:
    linked = _pdf_links(browser_page, site_url, site_url + INDEX)
    assert sorted(set(linked)) == sorted(BY_PDF), "the page and the catalogue disagree"


@pytest.mark.parametrize("item", ITEMS, ids=lambda i: i.name)
def test_each_link_is_a_pdf_of_the_expected_pages(browser_page, site_url: str, item) -> None:
    page = browser_page
    page.goto(site_url + INDEX)
    link = page.locator(f"article.bd-article a[href$='{item.name}.pdf']").first
    url = urljoin(page.url, link.get_attribute("href"))
    response = page.request.get(url)
    assert response.ok, f"{url}: HTTP {response.status}"
    body = response.body()
    assert body[:5] == b"%PDF-", f"{item.name}.pdf is not a PDF"
    pages = count_pdf_pages(body)
    if item.pages is None:
        assert pages >= 1, f"{item.name}.pdf has no pages"
    else:
        assert pages == item.pages, f"{item.name}.pdf has {pages} pages, not {item.pages}"
    html = page.request.get(url[: -len(".pdf")] + ".html")
    assert html.ok and b"<html" in html.body(), f"{item.name}.html is missing"


@pytest.mark.parametrize("module", sorted({i.module for i in ITEMS if i.module is not None}))
def test_each_trainer_page_links_its_printables(browser_page, site_url: str, module: int) -> None:
    url = site_url + f"book/trainers/module-{module:02d}.html"
    linked = set(_pdf_links(browser_page, site_url, url))
    expected = {path for path, item in BY_PDF.items() if item.module == module}
    assert linked == expected


@pytest.mark.parametrize("query", ["answer key", "handout"])
def test_search_finds_the_printables_first(search, site_url: str, query: str) -> None:
    titles = [title for _, title in search(site_url + "search.html?q=" + query.replace(" ", "+"))]
    top = [t for t in titles if t.strip()][:3]
    assert any("Printables" in t for t in top), f"'{query}' gives first: {top}"
