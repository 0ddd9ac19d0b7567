"""The track extension in a real (tiny) Sphinx build: no code on frontline pages, badges, times."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from storecrm.authoring import reading_time as rt
from storecrm.authoring.track_pages import about, strip_code_inputs
from tests.authoring.minibuild import build_html

_PROSE = "Greet every shopper with a smile and a word. " * 30  # 300 words: 2 minutes


def _notebook(title: str) -> str:
    cells = [
        {
            "cell_type": "markdown",
            "id": "c1",
            "metadata": {},
            "source": [f"# {title}\n\n{_PROSE}\n"],
        },
        {
            "cell_type": "code",
            "id": "c2",
            "execution_count": 1,
            "metadata": {},
            "source": ["secret_total = 40 + 2\nprint(secret_total)"],
            "outputs": [{"name": "stdout", "output_type": "stream", "text": ["42\n"]}],
        },
        {
            "cell_type": "code",
            "id": "c3",
            "execution_count": 2,
            "metadata": {"tags": ["hide-cell"]},
            "source": ["hidden_setup = 1"],
            "outputs": [],
        },
    ]
    return json.dumps(
        {
            "cells": cells,
            "metadata": {
                "kernelspec": {"name": "python3", "display_name": "Python 3"},
                "language_info": {"name": "python"},
            },
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


def _build(tmp_path: Path) -> tuple[Path, str]:
    src = tmp_path / "src"
    (src / "book" / "paths").mkdir(parents=True)
    (src / "conf.py").write_text(
        "extensions = ['myst_nb', 'storecrm.authoring.track_pages']\n"
        "nb_execution_mode = 'off'\nexclude_patterns = ['_build']\n",
        encoding="utf-8",
    )
    (src / "_toc.yml").write_text(
        "format: jb-book\nroot: index\nchapters:\n  - file: book/paths/frontline\n"
        "  - file: front\n  - file: sup\n",
        encoding="utf-8",
    )
    (src / "book" / "tracks.yml").write_text(
        "frontline: [book/paths/frontline, front]\nsupervisor: [sup]\nboth: [index]\n",
        encoding="utf-8",
    )
    (src / "index.md").write_text(
        "# Home\n\nThe frontline path takes {readtime}`path:frontline`; read at"
        " {readtime}`speed`.\n\n```{toctree}\nbook/paths/frontline\nfront\nsup\n```\n",
        encoding="utf-8",
    )
    (src / "book" / "paths" / "frontline.md").write_text(
        "# Frontline path\n\n```{track-path} frontline\n```\n", encoding="utf-8"
    )
    (src / "front.ipynb").write_text(_notebook("Front page"), encoding="utf-8")
    (src / "sup.ipynb").write_text(_notebook("Supervisor page"), encoding="utf-8")
    return build_html(src, tmp_path)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    return _build(tmp_path_factory.mktemp("tracks"))


def _soup(out: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((out / name).read_text(encoding="utf-8"), "html.parser")


def test_a_frontline_page_keeps_the_result_but_not_the_code(site: tuple[Path, str]) -> None:
    out, warnings = site
    assert warnings == ""
    front = _soup(out, "front.html")
    assert not front.select(".cell_input")
    assert "secret_total" not in front.text
    assert "hidden_setup" not in front.text  # a hide-cell cell goes altogether
    assert "42" in front.select_one(".cell_output").text


def test_a_supervisor_page_still_shows_its_code(site: tuple[Path, str]) -> None:
    out, _warnings = site
    sup = _soup(out, "sup.html")
    assert "secret_total" in sup.select_one(".cell_input").text


def test_badges_name_the_track_and_link_to_its_path(site: tuple[Path, str]) -> None:
    out, _warnings = site
    badge = _soup(out, "front.html").select_one(".track-badge.track-frontline")
    assert badge.text.strip() == "Frontline path"
    assert badge.a["href"] == "book/paths/frontline.html"
    assert _soup(out, "sup.html").select_one(".track-badge").text.strip() == "Supervisor path"
    assert not _soup(out, "index.html").select(".track-badge")  # "both": no badge


def test_the_path_page_lists_its_pages_with_computed_times(site: tuple[Path, str]) -> None:
    out, _warnings = site
    path = _soup(out, "book/paths/frontline.html").select_one(".track-path")
    items = [li.text.strip() for li in path.select("li")]
    assert items == ["Front page: about 2 minutes (read)"]
    home = _soup(out, "index.html").text
    assert "takes about 2 minutes;" in home
    assert f"{rt.WORDS_PER_MINUTE} words a minute" in home


def test_an_unknown_readtime_target_fails_the_build(tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "book").mkdir(parents=True)
    (src / "conf.py").write_text(
        "extensions = ['myst_nb', 'storecrm.authoring.track_pages']\nnb_execution_mode = 'off'\n",
        encoding="utf-8",
    )
    (src / "_toc.yml").write_text("format: jb-book\nroot: index\n", encoding="utf-8")
    (src / "book" / "tracks.yml").write_text("both: [index]\n", encoding="utf-8")
    (src / "index.md").write_text("# Home\n\nTakes {readtime}`forever`.\n", encoding="utf-8")
    _out, warnings = build_html(src, tmp_path)
    assert "unknown target 'forever'" in warnings


def test_about_says_minute_or_minutes() -> None:
    assert about(1) == "about 1 minute"
    assert about(4) == "about 4 minutes"


def test_strip_code_inputs_counts_what_it_drops() -> None:
    from docutils import nodes

    root = nodes.container()
    cell = nodes.container(nb_element="cell_code")
    cell += nodes.container(nb_element="cell_code_source")
    cell += nodes.container(nb_element="cell_code_output")
    root += cell
    assert strip_code_inputs(root) == 1
    assert [c["nb_element"] for c in cell.children] == ["cell_code_output"]
