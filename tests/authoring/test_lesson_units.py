"""Lessons split into units: the place of each unit is derived from the toc, and shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from storecrm.authoring.lesson_units import is_lesson_page, lesson_place
from storecrm.authoring.tracks import TocEntry
from tests.authoring.minibuild import build_html

M = "chapters/02_service"
ENTRIES = [
    TocEntry("book/intro", None),
    TocEntry(f"{M}/index", None),
    TocEntry(f"{M}/returns", f"{M}/index"),
    TocEntry(f"{M}/refunds", f"{M}/returns"),
    TocEntry(f"{M}/exchanges", f"{M}/returns"),
    TocEntry(f"{M}/store", f"{M}/index"),
    TocEntry(f"{M}/quiz", f"{M}/index"),
]


def test_a_split_lesson_numbers_its_units_in_toc_order() -> None:
    first = lesson_place(ENTRIES, f"{M}/returns")
    third = lesson_place(ENTRIES, f"{M}/exchanges")
    assert first is not None and third is not None
    assert (first.lesson, first.number, first.count) == (f"{M}/returns", 1, 3)
    assert (third.lesson, third.number) == (f"{M}/returns", 3)
    assert third.units == (f"{M}/returns", f"{M}/refunds", f"{M}/exchanges")


@pytest.mark.parametrize("docname", [f"{M}/store", f"{M}/index", f"{M}/quiz", "book/intro", "x"])
def test_other_pages_have_no_place(docname: str) -> None:
    assert lesson_place(ENTRIES, docname) is None


def test_what_counts_as_a_lesson_page() -> None:
    assert is_lesson_page(f"{M}/returns")
    assert not is_lesson_page(f"{M}/index") and not is_lesson_page(f"{M}/quiz")
    assert not is_lesson_page("book/playbook/returns")


def test_the_built_unit_says_where_it_is_and_links_its_lesson(tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / M).mkdir(parents=True)
    (src / "book").mkdir()
    (src / "conf.py").write_text(
        "extensions = ['myst_nb', 'storecrm.authoring.track_pages']\n"
        "nb_execution_mode = 'off'\nexclude_patterns = ['_build']\n",
        encoding="utf-8",
    )
    (src / "_toc.yml").write_text(
        f"format: jb-book\nroot: index\nchapters:\n  - file: {M}/index\n    sections:\n"
        f"      - file: {M}/returns\n        sections:\n          - file: {M}/refunds\n"
        f"      - file: {M}/store\n",
        encoding="utf-8",
    )
    (src / "book" / "tracks.yml").write_text(
        f"frontline: ['{M}/*']\nboth: [index]\n", encoding="utf-8"
    )
    (src / "index.md").write_text(f"# Home\n\n```{{toctree}}\n{M}/index\n```\n", encoding="utf-8")
    words = "Thank the shopper and look at the item together. " * 45  # 450 words
    (src / M / "index.md").write_text(
        "# Service\n\n```{toctree}\nreturns\nrefunds\nstore\n```\n", encoding="utf-8"
    )
    (src / M / "returns.md").write_text(f"# Take a return\n\n{words}\n", encoding="utf-8")
    (src / M / "refunds.md").write_text(f"# Refund the way they paid\n\n{words}\n", "utf-8")
    (src / M / "store.md").write_text(f"# Keep the store tidy\n\n{words}\n", encoding="utf-8")
    out, warnings = build_html(src, tmp_path)
    assert warnings == ""

    def line(name: str) -> BeautifulSoup:
        html = (out / M / f"{name}.html").read_text(encoding="utf-8")
        return BeautifulSoup(html, "html.parser").select_one("p.lesson-unit")

    second = line("refunds")
    assert second.text == "Unit 2 of 2 of Take a return · about 3 minutes"
    assert second.a["href"] == "returns.html"
    first = line("returns")
    assert first.text == "Unit 1 of 2 of Take a return · about 3 minutes"
    assert first.a is None and first.em.text == "Take a return"  # no link to itself
    assert line("store").text == "about 3 minutes"  # an unsplit lesson: just its time
