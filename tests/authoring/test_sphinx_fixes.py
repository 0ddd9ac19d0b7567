"""The build fix that drops duplicate inline scripts (sphinx-thebe registers its twice)."""

from __future__ import annotations

from sphinx.builders.html._assets import _JavaScript

from storecrm.authoring.sphinx_fixes import dedupe_scripts


def test_duplicate_inline_scripts_are_dropped_keeping_order() -> None:
    scripts = [
        _JavaScript("_static/a.js"),
        _JavaScript(None, body="const X = 1"),
        _JavaScript("_static/b.js", priority=500),
        _JavaScript("", body="const X = 1"),  # same script, empty filename instead of None
        _JavaScript("_static/a.js"),
    ]
    context = {"script_files": scripts}
    dedupe_scripts(None, "page", "page.html", context, None)
    assert [str(s) for s in context["script_files"]] == [str(s) for s in scripts[:3]]


def test_different_bodies_are_kept() -> None:
    scripts = [_JavaScript(None, body="let a = 1"), _JavaScript(None, body="let b = 2")]
    context = {"script_files": scripts}
    dedupe_scripts(None, "page", "page.html", context, None)
    assert len(context["script_files"]) == 2
