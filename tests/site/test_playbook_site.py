"""The Playbook in the built site: every job aid renders with its tables and prints on ONE A4.

Runs against ``_build/html`` in headless Debian Chromium with ``https://`` blocked (see
``conftest.py``). The list of job aids comes from the source folder, so a new job aid is
tested as soon as it is added; the printed page count is read from the PDF bytes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storecrm.analysis.membership import tier_rules
from storecrm.authoring.playbook import PLAYBOOK_DIR, count_pdf_pages

pytestmark = pytest.mark.site

REPO = Path(__file__).resolve().parents[2]
JOB_AIDS = sorted(p.stem for p in (REPO / PLAYBOOK_DIR).glob("*.md") if p.stem != "index")


def test_the_playbook_has_its_six_job_aids() -> None:
    expected = {
        "service-flow",
        "complaint-steps",
        "enrolment-script",
        "tiers-and-points",
        "privacy",
        "kpi-review",
    }
    assert expected <= set(JOB_AIDS)


def test_index_links_every_job_aid(browser_page, site_url: str) -> None:
    page = browser_page
    page.goto(site_url + f"{PLAYBOOK_DIR}/index.html")
    hrefs = page.locator("article.bd-article a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    for name in JOB_AIDS:
        assert any(h and h.split("#")[0] == f"{name}.html" for h in hrefs), name


@pytest.mark.parametrize("name", JOB_AIDS)
def test_job_aid_renders_with_tables(browser_page, site_url: str, name: str) -> None:
    page = browser_page
    page.goto(site_url + f"{PLAYBOOK_DIR}/{name}.html")
    article = page.locator("article.bd-article")
    assert article.locator("h1").first.is_visible()
    assert article.locator(".pb-when").first.is_visible()  # the "Use it" line
    tables = article.locator("table")
    assert tables.count() >= 1
    for i in range(tables.count()):
        assert tables.nth(i).is_visible()
        assert tables.nth(i).locator("tbody tr").count() >= 1
    # A link back to the chapter where the steps are taught.
    assert article.locator(".pb-when a.reference.internal").count() >= 1


def test_tier_table_is_computed_from_the_rules(browser_page, site_url: str) -> None:
    page = browser_page
    page.goto(site_url + f"{PLAYBOOK_DIR}/tiers-and-points.html")
    table = page.locator("article.bd-article table").first
    rows = table.locator("tbody tr")
    rules = tier_rules()
    assert rows.count() == len(rules)
    for i, rule in enumerate(rules.itertuples()):
        cells = [" ".join(c.split()) for c in rows.nth(i).locator("td").all_inner_texts()]
        assert cells[0].startswith(rule.tier.capitalize()) and rule.tier_zh in cells[0]
        if rule.qualify_spend_cny:
            assert cells[1] == f"¥{rule.qualify_spend_cny:,.0f}"
        if rule.keep_spend_cny:
            assert cells[2] == f"¥{rule.keep_spend_cny:,.0f}"
        assert cells[3] == f"{rule.points_per_yuan:g}"


@pytest.mark.parametrize("name", JOB_AIDS)
def test_job_aid_prints_on_one_a4_page(browser_page, site_url: str, name: str) -> None:
    page = browser_page
    page.goto(site_url + f"{PLAYBOOK_DIR}/{name}.html")
    page.wait_for_load_state("load")
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF"
    assert count_pdf_pages(pdf) == 1, f"{name} prints on {count_pdf_pages(pdf)} A4 pages"


def test_print_hides_navigation_chrome(browser_page, site_url: str) -> None:
    page = browser_page
    page.goto(site_url + f"{PLAYBOOK_DIR}/service-flow.html")
    page.emulate_media(media="print")
    for selector in (".bd-header", ".bd-sidebar-primary", ".bd-header-article", ".bd-footer"):
        chrome = page.locator(selector)
        assert chrome.count() == 0 or not chrome.first.is_visible(), selector
    assert page.locator("article.bd-article h1").first.is_visible()  # the title stays
