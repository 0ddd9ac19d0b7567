"""Sphinx extension: what a published edition of the course shows on every page.

- the **edition** (version and date, from :mod:`storecrm.edition`) in the footer;
- a **"report a problem with this page"** link to the repository's issue tracker, with the
  page named in the new issue's title and body, so a learner's report reaches the authors
  with the page it is about;
- **shared-link metadata** (Open Graph and Twitter card) and a **sitemap**, set up from the
  one site address in ``_config.yml`` (``html.baseurl``);
- the **last-changed date** of each page from git history, with a plain fallback when a page
  has none (a new, uncommitted page, or a build from an unpacked archive without ``.git``).

The repository address is written once, in ``_config.yml`` (``repository.url``); Jupyter Book
passes it to the theme, and this extension reads it from there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from sphinx.application import Sphinx
from sphinx.config import Config

from storecrm.edition import current

__all__ = ["issue_url", "setup"]

_TEMPLATES = Path(__file__).resolve().parent / "templates"
#: Footer items, in order; the theme's own ones plus ours (templates in ``templates/``).
FOOTER_ITEMS = [
    "author.html",
    "copyright.html",
    "course-edition.html",
    "page-changed.html",
    "report-problem.html",
    "extra-footer.html",
]
#: The picture a chat app shows for a shared link (1200 x 630, made by scripts/og_image.py).
OG_IMAGE = "_static/og-image.png"


def issue_url(repo_url: str, pagename: str, title: str, page_url: str) -> str:
    """A "new issue" address that names the page, so a report arrives with its context."""
    body = (
        f"Page: {title}\n"
        f"Address: {page_url}\n"
        f"Edition: {current().label}\n\n"
        "What is wrong or could be better (a sentence or two is enough):\n"
    )
    query = urlencode({"title": f"Page '{title}': ", "body": body}, quote_via=quote)
    return f"{repo_url.rstrip('/')}/issues/new?{query}"


def _configure(app: Sphinx, config: Config) -> None:
    """Fill in edition, templates, footer, sitemap and Open Graph settings from one place."""
    edition = current()
    config.version = config.release = edition.version
    config.templates_path = [*config.templates_path, str(_TEMPLATES)]
    options: dict[str, Any] = dict(config.html_theme_options or {})
    options["footer_content_items"] = FOOTER_ITEMS
    config.html_theme_options = options
    base = (config.html_baseurl or "").rstrip("/") + "/" if config.html_baseurl else ""
    config.sitemap_url_scheme = "{link}"
    config.ogp_site_url = base
    config.ogp_image = base + OG_IMAGE if base else OG_IMAGE
    config.ogp_image_alt = "Maple Street Mart CRM Academy: a course for convenience-store staff"
    config.ogp_site_name = config.project or "Maple Street Mart CRM Academy"
    config.ogp_social_cards = {"enable": False}
    config.ogp_custom_meta_tags = [
        '<meta name="twitter:card" content="summary_large_image" />',
        f'<meta name="twitter:image" content="{config.ogp_image}" />',
    ]
    # Pages without git history (new or built from an archive) show this instead of a date.
    config.git_untracked_show_sourcelink = False
    config.html_last_updated_fmt = "%Y-%m-%d"
    # A shallow clone or a build from an unpacked archive has no (full) history: the page
    # then shows "not recorded" rather than failing a warnings-as-errors build.
    config.suppress_warnings = [
        *config.suppress_warnings,
        "git.too_shallow",
        "git.subprocess_error",
        "git.command_not_found",
    ]


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give every page's templates the edition and its own report-a-problem address."""
    options = app.config.html_theme_options or {}
    repo_url = options.get("repository_url") or ""
    base = (app.config.html_baseurl or "").rstrip("/")
    page_url = f"{base}/{pagename}.html" if base else f"{pagename}.html"
    title = _plain(context.get("title") or pagename)
    context["course_edition"] = current().label
    context["course_repo_url"] = repo_url
    context["course_issue_url"] = issue_url(repo_url, pagename, title, page_url) if repo_url else ""
    # sphinx-last-updated-by-git leaves last_updated empty for pages git does not know;
    # page-changed.html then says so instead of printing a made-up date.


def _plain(title: str) -> str:
    """The page title without markup (Sphinx passes it as HTML)."""
    import re

    return re.sub(r"<[^>]+>", "", title).strip()


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension and the maintained extensions it configures."""
    for ext in ("sphinx_sitemap", "sphinxext.opengraph", "sphinx_last_updated_by_git"):
        app.setup_extension(ext)
    app.connect("config-inited", _configure, priority=900)
    app.connect("html-page-context", _page_context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
