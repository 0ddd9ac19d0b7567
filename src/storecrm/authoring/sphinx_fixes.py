"""A tiny Sphinx extension that repairs two problems of the Jupyter Book 1 theme stack.

1. ``sphinx-thebe`` registers its inline configuration script once per read pass, so pages
   get ``const THEBE_JS_URL = ...`` twice and the browser reports "Identifier 'THEBE_JS_URL'
   has already been declared" on every page. We drop exact duplicate scripts per page.
2. The phone sidebar toggle (sphinx-book-theme 1.3 + pydata-sphinx-theme 0.17) is repaired in
   ``book/_static/academy.js``; nothing is needed here for it.

Enabled from ``_config.yml`` (``sphinx.extra_extensions``).
"""

from __future__ import annotations

from typing import Any

__all__ = ["dedupe_scripts", "setup"]


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


def setup(app: Any) -> dict[str, Any]:
    """Register the page-context hook (runs after every extension has added its scripts)."""
    app.connect("html-page-context", dedupe_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
