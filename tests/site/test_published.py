"""What a published edition promises every page and the download archive.

- every page shows its edition, its last-changed line and a "report a problem" link that
  names the page, and carries shared-link metadata (Open Graph and Twitter card);
- the sitemap lists every page; no internal link or anchor in the whole site is broken;
- the release archive, unpacked into an empty folder, works from ``file://`` with no server:
  pages render, the menu navigates, search finds a glossary term, a quiz marks a click.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from storecrm.authoring.dist import archive_name, build_archive
from storecrm.authoring.linkcheck import check_site
from storecrm.edition import current

pytestmark = pytest.mark.site


def _meta(text: str, key: str) -> str | None:
    m = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', text)
    return html.unescape(m.group(1)) if m else None


def test_every_page_shows_edition_change_date_and_a_report_link(
    site_dir: Path, site_pages: list[str]
) -> None:
    label = current().label
    assert len(site_pages) > 50
    for rel in site_pages:
        text = (site_dir / rel).read_text("utf-8")
        assert f'<p class="course-edition">{label}</p>' in text, rel
        assert 'class="page-changed"' in text, rel
        link = re.search(r'<p class="course-feedback">\s*<a href="([^"]+)"', text)
        assert link, f"{rel}: no report-a-problem link"
        query = parse_qs(urlsplit(html.unescape(link.group(1))).query)
        assert rel in query["body"][0], f"{rel}: the report does not name the page"


def test_every_page_has_shared_link_metadata(site_dir: Path, site_pages: list[str]) -> None:
    for rel in site_pages:
        text = (site_dir / rel).read_text("utf-8")
        for key in ("og:title", "og:description", "og:image", "og:url", "twitter:card"):
            assert _meta(text, key), f"{rel}: no {key}"
        assert _meta(text, "og:image").endswith("_static/og-image.png"), rel
    assert (site_dir / "_static" / "og-image.png").is_file()


def test_sitemap_lists_every_page(site_dir: Path, site_pages: list[str]) -> None:
    sitemap = (site_dir / "sitemap.xml").read_text("utf-8")
    listed = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    for rel in site_pages:
        assert any(loc.endswith("/" + rel) for loc in listed), f"{rel} missing from sitemap"


def test_no_broken_internal_link_or_anchor(site_dir: Path) -> None:
    report = check_site(site_dir)
    assert report.internal > 1000
    assert not report.broken, "\n".join(map(str, report.broken[:20]))


@pytest.fixture(scope="module")
def unpacked(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The release archive of the built site, unpacked into an empty folder."""
    out = tmp_path_factory.mktemp("dist")
    target = build_archive(site_dir, out)
    dest = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(target) as zf:
        zf.extractall(dest)
    root = dest / archive_name(current())
    assert (root / "README.txt").is_file() and (root / "SHA256SUMS").is_file()
    return root / "site"


def test_archive_site_works_from_file_without_a_server(browser_page, unpacked: Path) -> None:
    page = browser_page
    page.goto((unpacked / "index.html").as_uri())
    # index.html is a meta-refresh redirect: wait until the landing page has replaced it
    page.wait_for_url("**/book/intro.html")
    page.wait_for_load_state()
    assert "Maple Street Mart" in page.title()
    # navigation: the sidebar link to Module 1 opens that page from the folder
    page.locator("nav.bd-docs-nav a", has_text="Module 1").first.click()
    page.wait_for_load_state()
    assert page.url.startswith("file://") and "01_crm_basics" in page.url
    assert page.locator("article h1").count() >= 1
    assert page.js_errors == []


def test_archive_search_finds_a_glossary_term(search, unpacked: Path) -> None:
    titles = [title for _, title in search((unpacked / "search.html").as_uri() + "?q=glossary")]
    assert any("Glossary" in t for t in titles), titles


def test_archive_quiz_marks_a_click(browser_page, unpacked: Path) -> None:
    page = browser_page
    page.goto((unpacked / "chapters" / "01_crm_basics" / "quiz.html").as_uri())
    page.wait_for_selector("div.Quiz", timeout=10_000)
    first = page.locator("div.Quiz").first
    first.locator("label.MCButton").first.click()
    feedback = first.locator("div.Feedback")
    feedback.wait_for(state="visible", timeout=5_000)
    assert feedback.inner_text().strip()
