"""Check every link in the built site: internal pages and anchors must exist.

Sphinx's own ``linkcheck`` builder fetches external addresses, which the machines here cannot
reach, and it does not look inside the theme's navigation. This checker reads the built HTML
instead, so it sees exactly what a reader can click: every ``href`` and ``src`` of every page,
including sidebars, footers and "next page" buttons.

- An internal link must point at a file of the site, and its ``#anchor`` (if any) at an
  element with that ``id`` (or ``name``) on the target page.
- External links (``http(s)://``) are listed, not fetched, so a maintainer with internet can
  check them separately.

``storecrm site check-links DIR`` prints the broken ones, one per line with the page that
holds them, and exits 1 if there are any.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from storecrm.errors import CommandError

__all__ = ["BrokenLink", "LinkReport", "check_site", "register"]

_SKIP_SCHEMES = {"mailto", "javascript", "data", "tel", "about", "blob"}
#: Attributes that point somewhere, by tag.
_LINK_ATTRS = {"a": "href", "link": "href", "img": "src", "script": "src", "iframe": "src"}


@dataclass(frozen=True)
class BrokenLink:
    """One link that leads nowhere: the page holding it, the link, and why."""

    page: str
    link: str
    problem: str

    def __str__(self) -> str:
        return f"{self.page}: {self.link} - {self.problem}"


@dataclass
class LinkReport:
    """What the checker found over a whole site."""

    pages: int = 0
    internal: int = 0
    broken: list[BrokenLink] = field(default_factory=list)
    external: set[str] = field(default_factory=set)


class _Collector(HTMLParser):
    """Collects the links and the ids of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("id", "name") if tag in {"a", "span", "div", "section"} else ("id",):
            if values.get(key):
                self.ids.add(str(values[key]))
        attr = _LINK_ATTRS.get(tag)
        if attr and values.get(attr):
            if tag == "link" and (values.get("rel") or "") in {"preconnect", "dns-prefetch"}:
                return
            self.links.append(str(values[attr]))


@cache
def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text("utf-8", errors="replace"))
    return collector


#: Folders of theme assets and page sources: their .html files are templates, not pages.
_NOT_PAGES = {"_static", "_sources", "_images"}


def _html_pages(site: Path) -> list[Path]:
    """Every page a reader can open (theme template snippets under _static are not pages)."""
    return sorted(
        p for p in site.rglob("*.html") if not _NOT_PAGES & set(p.relative_to(site).parts)
    )


def _check_link(site: Path, page: Path, link: str, report: LinkReport) -> None:
    parts = urlsplit(link)
    if parts.scheme in _SKIP_SCHEMES:
        return
    if parts.scheme or parts.netloc:
        report.external.add(link)
        return
    report.internal += 1
    rel_page = page.relative_to(site).as_posix()
    target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
    if target.is_dir():
        target = target / "index.html"
    if not target.is_relative_to(site.resolve()) and not target.is_relative_to(site):
        report.broken.append(BrokenLink(rel_page, link, "points outside the site"))
        return
    if not target.is_file():
        report.broken.append(BrokenLink(rel_page, link, "no such file in the site"))
        return
    anchor = unquote(parts.fragment)
    if anchor and target.suffix == ".html" and anchor not in _parse(target).ids:
        report.broken.append(BrokenLink(rel_page, link, f"no anchor '#{anchor}' on that page"))


def check_site(site: Path, pages: Iterable[Path] | None = None) -> LinkReport:
    """Check every link of every page (or of ``pages``) of the built site in ``site``."""
    site = Path(site).resolve()
    if not (site / "index.html").is_file():
        raise CommandError(f"no built site at {site}", hint="Run 'make book' first")
    _parse.cache_clear()
    report = LinkReport()
    for page in pages if pages is not None else _html_pages(site):
        report.pages += 1
        for link in _parse(Path(page).resolve()).links:
            _check_link(site, Path(page).resolve(), link, report)
    return report


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``storecrm site check-links`` to the command line."""
    site = subparsers.add_parser("site", help="checks on the built site")
    sub = site.add_subparsers(dest="site_command", metavar="ACTION")
    sub.required = True
    p = sub.add_parser(
        "check-links",
        help="every internal link and anchor of the built site exists; list external links",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
    )
    p.add_argument("site", type=Path, nargs="?", default=Path("_build/html"), help="built site")
    p.add_argument("--list-external", action="store_true", help="print every external link")
    p.set_defaults(handler=_check_links)


def _check_links(args: argparse.Namespace) -> int:
    report = check_site(args.site)
    for broken in report.broken:
        print(broken)
    if args.list_external:
        for link in sorted(report.external):
            print(f"external (not fetched): {link}")
    print(
        f"{report.pages} pages, {report.internal} internal links, {len(report.broken)} broken; "
        f"{len(report.external)} external links listed, not fetched"
    )
    return 1 if report.broken else 0
