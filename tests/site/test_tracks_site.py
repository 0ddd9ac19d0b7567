"""The two paths in the built site: frontline pages show no code, supervisor pages still do,
every tracked page wears its badge, and the path pages list their pages in reading order.

Reads ``_build/html`` (see ``conftest.py``); the tracks come from ``book/tracks.yml``, so a page
added to a track is tested as soon as it is listed. One check runs in Chromium on a phone
screen: the badge is visible under the title and leads to the path page.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from storecrm.authoring import reading_time as rt
from storecrm.authoring.lesson_units import is_lesson_page, lesson_place
from storecrm.authoring.track_pages import BADGED_TRACKS, PATH_PAGES, about
from storecrm.authoring.tracks import load_tracks, toc_entries

pytestmark = pytest.mark.site

REPO = Path(__file__).resolve().parents[2]
ENTRIES = toc_entries(REPO)
TRACKS = load_tracks(REPO)


def _pages(track: str) -> list[str]:
    return TRACKS.pages(track, ENTRIES)


def _soup(site_dir: Path, docname: str) -> BeautifulSoup:
    return BeautifulSoup((site_dir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("docname", _pages("frontline"))
def test_a_frontline_page_shows_no_code_cell_input(site_dir: Path, docname: str) -> None:
    article = _soup(site_dir, docname).select_one("article.bd-article")
    assert article.select(".cell_input") == [], f"{docname} shows code"
    if docname != PATH_PAGES["frontline"]:
        badge = article.select_one("p.track-badge.track-frontline a")
        assert badge is not None and badge.text.strip() == BADGED_TRACKS["frontline"]


@pytest.mark.parametrize("docname", [d for d in _pages("frontline") if is_lesson_page(d)])
def test_a_frontline_lesson_says_its_time_and_its_unit(site_dir: Path, docname: str) -> None:
    """Issue 20.5: a unit read alone on a phone says which lesson it is part of, and how long."""
    line = _soup(site_dir, docname).select_one("article.bd-article p.lesson-unit")
    assert line is not None, f"{docname} has no unit line"
    minutes = about(rt.page_time(REPO, docname).minutes)
    place = lesson_place(ENTRIES, docname)
    if place is None:
        assert line.text.strip() == minutes
        return
    assert line.text.startswith(f"Unit {place.number} of {place.count} of ")
    assert line.text.endswith(f" · {minutes}")
    lesson_title = _soup(site_dir, place.lesson).select_one("article.bd-article h1")
    if place.number == 1:  # the lesson's own first unit names itself, without a link
        assert line.a is None and line.em.text == lesson_title.text.strip("#¶ \n")
        return
    assert line.a.text == lesson_title.text.strip("#¶ \n")
    target = posixpath.normpath(f"{Path(docname).parent.as_posix()}/{line.a['href']}")
    assert target == f"{place.lesson}.html"


def test_supervisor_pages_still_show_their_code(site_dir: Path) -> None:
    with_code = [
        d
        for d in _pages("supervisor")
        if _soup(site_dir, d).select("article.bd-article .cell_input")
    ]
    assert "chapters/08_baskets_offers/basket-data" in with_code
    assert "chapters/07_segments_value/rfm-scores" in with_code


def test_a_frontline_page_keeps_its_results(site_dir: Path) -> None:
    # when-to-open-more-tills draws the till chart from the receipts: the figure stays, the
    # code goes.
    article = _soup(site_dir, "chapters/02_service_standards/when-to-open-more-tills").select_one(
        "article.bd-article"
    )
    assert article.select(".cell_output img, .cell_output table, figure img")


@pytest.mark.parametrize("track", sorted(PATH_PAGES))
def test_a_path_page_lists_its_pages_in_reading_order(site_dir: Path, track: str) -> None:
    soup = _soup(site_dir, PATH_PAGES[track])
    items = soup.select(".track-path li")
    expected = [d for d in _pages(track) if d != PATH_PAGES[track]]
    assert len(items) == len(expected)
    here = Path(PATH_PAGES[track]).parent
    for item, docname in zip(items, expected, strict=True):
        href = item.a["href"].split("#")[0]
        assert posixpath.normpath(f"{here.as_posix()}/{href}") == f"{docname}.html"
        assert "about " in item.text and "minute" in item.text


def test_the_badge_is_visible_on_a_phone_and_leads_to_the_path(phone_page, site_url: str) -> None:
    page = phone_page
    page.goto(site_url + "chapters/03_complaints/complaint-process.html")
    badge = page.locator("article.bd-article p.track-badge a")
    assert badge.is_visible()
    badge.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"{PATH_PAGES['frontline']}.html")
    assert page.locator(".track-path li").count() == len(_pages("frontline")) - 1
