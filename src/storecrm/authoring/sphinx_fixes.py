"""A small Sphinx extension that repairs problems of the Jupyter Book 1 theme stack.

Each fix works on the HTML that Sphinx writes, so every page is right without JavaScript:

1. ``sphinx-thebe`` registers its inline configuration script once per read pass, so pages
   get ``const THEBE_JS_URL = ...`` twice and the browser reports "Identifier 'THEBE_JS_URL'
   has already been declared" on every page. We drop exact duplicate scripts per page.
2. pydata-sphinx-theme writes ``data-mode=""`` when no ``default_mode`` is configured, and its
   script then logs "Got invalid theme mode: . Resetting to auto." on every page. We give the
   template the theme's own default, ``auto``.
3. The sidebar's expand/collapse buttons (``<summary>`` holding only a chevron icon) have no
   accessible name (axe rule ``summary-name``): a screen reader announces "disclosure
   triangle" and nothing else. We name each one after the section it opens.
4. The search button says "Search Ctrl+K" on screen but is labelled "Search" (axe rule
   ``label-content-name-mismatch``: a voice-control user who says what they see misses it).
   Our copy of the theme's ``search-button-field.html`` (in ``templates/`` beside this module)
   lets the button take its name from what it shows.
5. pandas writes an empty ``<th>`` in the corner above the row labels of every DataFrame
   table (and blank header cells when the index has a name). An empty header cell labels
   nothing (axe rule ``empty-table-header``); we turn it into an empty data cell.
6. MyST task lists (``- [ ] Check the date``) show a checkbox with no label (axe rule
   ``label``, critical): a screen reader says "checkbox, not checked" and not what to check.
   We wrap each checkbox and its item's text in one ``<label>``.
7. myst-nb's "Show code cell source" toggles are labelled "Toggle hidden content", which is
   not what they show (``label-content-name-mismatch``); without the label their name is
   their visible text. The theme's colour-mode button gets the same repair through our copy
   of ``theme-switcher.html`` (icon titles became text inside a button named "Color mode").

The phone sidebar toggle (sphinx-book-theme 1.3 + pydata-sphinx-theme 0.17) is repaired in
``book/_static/academy.js``. Enabled from ``_config.yml`` (``sphinx.extra_extensions``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = [
    "TEMPLATES_DIR",
    "dedupe_scripts",
    "drop_toggle_labels",
    "fill_theme_mode",
    "label_task_checkboxes",
    "label_toc_toggles",
    "name_sidebar_toggles",
    "setup",
    "unblank_table_headers",
]

#: Our overrides of theme templates; searched before the theme's own components.
TEMPLATES_DIR = Path(__file__).with_name("templates")

# A header cell holding nothing a reader could hear: whitespace or a non-breaking space.
# (Sphinx wraps a markdown table's cells in <p>, so an empty one holds "<p></p>".)
_EMPTY_TH = re.compile(r"<th(\s[^>]*)?>(?:\s|&nbsp;|&#160;|\xa0|<p>\s*</p>)*</th>", re.IGNORECASE)
_TOGGLE_LABEL = re.compile(r'<summary\s+aria-label="Toggle hidden content"')
# A task-list item as MyST writes it: the checkbox first in the item's paragraph.
_TASK_ITEM = re.compile(
    r'(<li class="task-list-item[^"]*">\s*<p>)(<input class="task-list-item-checkbox"[^>]*>)'
    r"(.*?)(</p>)",
    re.DOTALL,
)


def dedupe_scripts(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Remove repeated entries from the page's script list, keeping the first of each."""
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[str] = set()
    unique = []
    for script in scripts:
        # The duplicates differ only in an empty filename ('' vs None), so both count as none.
        attributes = sorted(getattr(script, "attributes", {}).items())
        key = f"{getattr(script, 'filename', script) or ''}|{attributes!r}"
        if key in seen:
            continue
        seen.add(key)
        unique.append(script)
    context["script_files"] = unique


def fill_theme_mode(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give the theme template a valid ``default_mode`` (``auto``) when none is configured.

    Why: the template writes ``{{ default_mode }}`` into ``data-mode``; left empty, the theme's
    script reports an invalid mode in the console of every page before falling back to
    ``auto`` itself. A mode set in ``html_context`` is kept.
    """
    if context.get("default_mode") not in {"auto", "light", "dark"}:
        context["default_mode"] = "auto"


def label_toc_toggles(soup: Any) -> Any:
    """Name every nameless ``<summary>`` in a sidebar table of contents; return ``soup``.

    The name is "Pages under <section title>", the title being the link next to the
    chevron, so a screen reader says what opens. A summary that already has text (a
    section caption) or a label is left as it is. Works on the BeautifulSoup tree the theme
    builds; anything else (a plain string) is returned unchanged.
    """
    if not hasattr(soup, "select"):
        return soup
    for summary in soup.select("details > summary"):
        if summary.get("aria-label") or summary.get_text(strip=True):
            continue
        item = summary.find_parent("li")
        link = item.find("a", recursive=False) if item is not None else None
        title = " ".join(link.get_text().split()) if link is not None else ""
        summary["aria-label"] = f"Pages under {title}" if title else "Pages in this section"
    return soup


def name_sidebar_toggles(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Wrap the theme's ``generate_toctree_html`` so its output passes :func:`label_toc_toggles`."""
    generate: Callable[..., Any] | None = context.get("generate_toctree_html")
    if generate is None or getattr(generate, "_storecrm_labelled", False):
        return

    def labelled(*args: Any, **kwargs: Any) -> Any:
        return label_toc_toggles(generate(*args, **kwargs))

    labelled._storecrm_labelled = True  # type: ignore[attr-defined]
    context["generate_toctree_html"] = labelled


def unblank_table_headers(html: str) -> str:
    """Turn empty ``<th>`` cells into empty ``<td>`` cells, keeping their attributes.

    Only header cells with no text change: the corner cell above pandas' row labels and the
    blanks beside a named index. A header cell with text, or an image or other markup inside
    it, is left alone.
    """
    return _EMPTY_TH.sub(lambda cell: f"<td{cell.group(1) or ''}></td>", html)


def label_task_checkboxes(html: str) -> str:
    """Wrap each task-list checkbox and the text of its item in one ``<label>``.

    The label is the item's own words, so a screen reader reads "checkbox, not checked,
    <what to check>", as a sighted reader sees it. Only MyST's task-list markup changes.
    """
    return _TASK_ITEM.sub(r"\1<label>\2\3</label>\4", html)


def drop_toggle_labels(html: str) -> str:
    """Remove myst-nb's ``aria-label="Toggle hidden content"`` from its show/hide toggles.

    The toggle shows "Show code cell source" (or "Hide ..."): that text is a better name than
    the label, and a name that differs from the visible words fails voice-control users.
    """
    return _TOGGLE_LABEL.sub("<summary", html)


def _fix_body(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    body = context.get("body")
    if not isinstance(body, str):
        return
    if "<th" in body:
        body = unblank_table_headers(body)
    if "task-list-item-checkbox" in body:
        body = label_task_checkboxes(body)
    if "Toggle hidden content" in body:
        body = drop_toggle_labels(body)
    context["body"] = body


def _prepend_templates(app: Any, config: Any) -> None:
    # pydata-sphinx-theme appends its components folder to templates_path; ours goes first.
    path = str(TEMPLATES_DIR)
    if path not in config.templates_path:
        config.templates_path.insert(0, path)


def setup(app: Any) -> dict[str, Any]:
    """Register the hooks (page-context hooks run after every extension has added its own)."""
    app.connect("config-inited", _prepend_templates)
    app.connect("html-page-context", dedupe_scripts, priority=900)
    app.connect("html-page-context", fill_theme_mode, priority=900)
    app.connect("html-page-context", name_sidebar_toggles, priority=900)
    app.connect("html-page-context", _fix_body, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
