"""The Sphinx fix-up extension: duplicate scripts, theme mode, sidebar toggles, table headers."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sphinx.builders.html._assets import _JavaScript

from storecrm.authoring.sphinx_fixes import (
    dedupe_scripts,
    drop_toggle_labels,
    fill_theme_mode,
    label_task_checkboxes,
    label_toc_toggles,
    name_sidebar_toggles,
    unblank_table_headers,
)


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


def test_empty_theme_mode_becomes_auto_and_a_set_mode_is_kept() -> None:
    context: dict = {"default_mode": ""}
    fill_theme_mode(None, "page", "page.html", context, None)
    assert context["default_mode"] == "auto"
    context = {}
    fill_theme_mode(None, "page", "page.html", context, None)
    assert context["default_mode"] == "auto"
    context = {"default_mode": "dark"}
    fill_theme_mode(None, "page", "page.html", context, None)
    assert context["default_mode"] == "dark"


SIDEBAR = """<ul>
<li class="toctree-l1 has-children"><a class="reference internal" href="m1.html">Module 1:
  CRM basics</a><details><summary><span class="toctree-toggle" role="presentation">
  <i class="fa-solid fa-chevron-down"></i></span></summary><ul><li>...</li></ul></details></li>
<li class="toctree-l0 has-children"><details><summary><p class="caption">Part I</p>
  <span class="toctree-toggle"></span></summary></details></li>
</ul>"""


def test_nameless_sidebar_toggles_are_named_after_their_section() -> None:
    soup = BeautifulSoup(SIDEBAR, "html.parser")
    assert label_toc_toggles(soup) is soup
    first, second = soup.select("summary")
    assert first["aria-label"] == "Pages under Module 1: CRM basics"
    assert "aria-label" not in second.attrs  # its caption already names it
    assert label_toc_toggles("<ul></ul>") == "<ul></ul>"  # a plain string passes through


def test_the_theme_function_is_wrapped_once() -> None:
    context = {"generate_toctree_html": lambda kind, **kw: BeautifulSoup(SIDEBAR, "html.parser")}
    name_sidebar_toggles(None, "page", "page.html", context, None)
    wrapped = context["generate_toctree_html"]
    name_sidebar_toggles(None, "page", "page.html", context, None)
    assert context["generate_toctree_html"] is wrapped
    assert wrapped("sidebar").select_one("summary")["aria-label"].startswith("Pages under")


def test_empty_table_header_cells_become_data_cells() -> None:
    pandas_table = (
        '<table border="1" class="dataframe"><thead><tr style="text-align: right;">'
        "<th></th><th>store_id</th></tr><tr><th>tier</th><th> </th></tr></thead>"
        "<tbody><tr><th>gold</th><td>S01</td></tr></tbody></table>"
        '<table><tr><th class="blank level0" >&nbsp;</th><th class="col_heading">A</th></tr>'
        "</table>"
    )
    fixed = unblank_table_headers(pandas_table)
    assert "<td></td><th>store_id</th>" in fixed
    assert "<th>tier</th><td></td>" in fixed
    assert "<th>gold</th>" in fixed  # a row label keeps its header cell
    assert '<td class="blank level0" ></td><th class="col_heading">A</th>' in fixed
    assert unblank_table_headers("<th><img src='x.png'></th>") == "<th><img src='x.png'></th>"
    # A markdown table with an empty header cell (Sphinx wraps cells in <p>).
    assert unblank_table_headers('<th class="head"><p></p></th>') == '<td class="head"></td>'
    assert unblank_table_headers("<th><p>Tier</p></th>") == "<th><p>Tier</p></th>"


def test_task_list_checkboxes_are_labelled_by_their_item() -> None:
    html = (
        '<ul class="contains-task-list simple">\n'
        '<li class="task-list-item"><p><input class="task-list-item-checkbox" '
        'disabled="disabled" type="checkbox"> Check the <strong>date</strong>.</p>\n</li>\n'
        "<li><p>Not a task</p></li>\n</ul>"
    )
    fixed = label_task_checkboxes(html)
    assert (
        '<p><label><input class="task-list-item-checkbox" disabled="disabled" '
        'type="checkbox"> Check the <strong>date</strong>.</label></p>'
    ) in fixed
    assert "<li><p>Not a task</p></li>" in fixed
    assert label_task_checkboxes(fixed) == fixed  # applying it twice changes nothing


def test_code_toggles_are_named_by_what_they_show() -> None:
    html = (
        '<details class="hide above-input"><summary aria-label="Toggle hidden content">'
        '<span class="collapsed">Show code cell source</span></summary></details>'
    )
    assert drop_toggle_labels(html) == (
        '<details class="hide above-input"><summary>'
        '<span class="collapsed">Show code cell source</span></summary></details>'
    )
    kept = '<summary aria-label="Pages under Module 1">'
    assert drop_toggle_labels(kept) == kept
