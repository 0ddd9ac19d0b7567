"""The programmes in the built site: two clicks from the kit index, and agendas on one A4 sheet.

Runs against the built site (``STORECRM_SITE_DIR``, or ``_build/html``) in headless Debian
Chromium. What must be reachable comes from ``_toc.yml`` (every page of the part that holds
the trainer's kit index, so pages other authors add are covered without editing this file)
and from the printables catalogue, not from the site. Links are followed as a reader would:
only those in the article body, not the sidebar.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urldefrag

import pytest
import yaml

from storecrm.authoring.playbook import count_pdf_pages
from storecrm.authoring.printables import catalogue, programme_printables
from storecrm.trainers.programmes import load_programmes

pytestmark = pytest.mark.site

REPO = Path(__file__).resolve().parents[2]
INDEX = "book/trainers/index"
AGENDAS = programme_printables(REPO)
PROGRAMMES = {p.id: p for p in load_programmes(REPO)}
_HREFS = "links => links.map(a => a.href)"
#: A4 in PDF points (1/72 inch), either way round.
A4_POINTS = {(595, 842), (842, 595)}


def _files(items: list | None) -> list[str]:
    found = []
    for item in items or []:
        if "file" in item:
            found.append(str(item["file"]).removesuffix(".md").removesuffix(".ipynb"))
        found += _files(item.get("sections"))
    return found


def kit_pages() -> list[str]:
    """Every page of the ``_toc.yml`` part that holds the kit index, as built HTML paths."""
    toc = yaml.safe_load((REPO / "_toc.yml").read_text("utf-8"))
    for part in toc["parts"]:
        files = _files(part.get("chapters"))
        if INDEX in files:
            return [f"{f}.html" for f in files]
    raise AssertionError(f"no part of _toc.yml holds {INDEX}")


def _body_links(page: object, site_url: str, rel: str) -> set[str]:
    """Site-relative targets of the links in a page's article body (fragments dropped)."""
    page.goto(site_url + rel)
    hrefs = page.locator("article.bd-article a[href]").evaluate_all(_HREFS)
    return {urldefrag(h)[0][len(site_url) :] for h in hrefs if h.startswith(site_url)}


def test_every_kit_page_and_printable_is_within_two_clicks(browser_page, site_url) -> None:
    start = f"{INDEX}.html"
    first = _body_links(browser_page, site_url, start)
    second: set[str] = set()
    for rel in sorted(first):
        if rel.endswith(".html") and not rel.startswith("_downloads/"):
            second |= _body_links(browser_page, site_url, rel)
    reached = {start} | first | second
    pages = kit_pages()
    assert len(pages) > 15 and "book/trainers/programmes/induction-week.html" in pages
    missing = [p for p in pages if p not in reached]
    assert not missing, f"more than two clicks from the kit index: {missing}"
    printables = [i.path(s) for i in catalogue(REPO) for s in (".pdf", ".html")]
    missing = [p for p in printables if p not in reached]
    assert not missing, f"printables more than two clicks from the kit index: {missing[:5]}"


def test_the_programmes_index_links_each_programme_and_agenda(browser_page, site_url) -> None:
    links = _body_links(browser_page, site_url, "book/trainers/programmes/index.html")
    for programme in PROGRAMMES.values():
        assert f"{programme.docname}.html" in links
    assert {i.path(".pdf") for i in AGENDAS} <= links


def _media_box(pdf: bytes) -> tuple[int, int]:
    match = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert match, "the PDF has no page size"
    return round(float(match[1])), round(float(match[2]))


@pytest.mark.parametrize("item", AGENDAS, ids=lambda i: i.name)
def test_each_agenda_prints_on_one_a4_page(browser_page, site_url: str, item) -> None:
    page = browser_page
    page.goto(site_url + item.path(".html"))
    page.wait_for_load_state("load")
    day = PROGRAMMES[item.programme].day(item.day)
    # Sphinx prints typographic quotes; the data has straight ones.
    text = page.locator("body").inner_text().translate(str.maketrans("‘’“”", "''\"\""))
    for block in day.blocks:  # the right day's section, every block on the sheet
        assert block.times in text and block.activity in text, block.activity
    for check in day.checks:
        assert check in text
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert pdf[:4] == b"%PDF"
    assert _media_box(pdf) in A4_POINTS, f"{item.name} is not A4: {_media_box(pdf)}"
    assert count_pdf_pages(pdf) == 1, f"{item.name} prints on {count_pdf_pages(pdf)} pages"


#: Width of an A4 sheet in CSS pixels (96 per inch) less the theme's print margins.
_A4_PORTRAIT_PX = 700
_CLIPPED = """() => [...document.querySelectorAll('article.bd-article table')]
    .map(t => [t.closest('div, section'), t])
    .filter(([box, t]) => t.getBoundingClientRect().right > document.documentElement.clientWidth + 1
             || (box && box.scrollWidth > box.clientWidth + 1))
    .map(([box, t]) => t.innerText.slice(0, 40))"""


@pytest.mark.parametrize("programme", sorted(PROGRAMMES))
def test_programme_page_prints_on_a4_without_clipped_tables(
    browser_page, site_url: str, programme: str
) -> None:
    page = browser_page
    page.goto(site_url + f"{PROGRAMMES[programme].docname}.html")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": _A4_PORTRAIT_PX, "height": 1000})
    assert page.evaluate(_CLIPPED) == [], "a table is wider than an A4 page"
    pdf = page.pdf(format="A4")
    assert count_pdf_pages(pdf) <= 3 * len(PROGRAMMES[programme].days) + 2
