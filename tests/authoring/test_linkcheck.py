"""The site link checker finds broken files and anchors, and lists external links."""

from __future__ import annotations

from pathlib import Path

import pytest

from storecrm.authoring.linkcheck import check_site
from storecrm.cli import main
from storecrm.errors import CommandError


def _site(tmp_path: Path, pages: dict[str, str]) -> Path:
    for name, body in pages.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<html><body>{body}</body></html>", "utf-8")
    return tmp_path


def test_good_links_and_anchors_pass(tmp_path: Path) -> None:
    site = _site(
        tmp_path,
        {
            "index.html": '<a href="a/page.html#part-2">x</a><a href="#top">t</a><p id="top"></p>'
            '<img src="img/logo.svg"><a href="a/">dir</a>',
            "a/page.html": '<section id="part-2"></section><a href="../index.html">up</a>',
            "a/index.html": "",
            "img/logo.svg": "<svg/>",
        },
    )
    report = check_site(site)
    assert report.broken == []
    assert report.pages == 3
    assert report.internal == 5


def test_missing_page_and_missing_anchor_are_reported(tmp_path: Path) -> None:
    site = _site(
        tmp_path,
        {
            "index.html": '<a href="gone.html">x</a><a href="b.html#nowhere">y</a>'
            '<script src="_static/missing.js"></script>',
            "b.html": '<div id="somewhere"></div>',
        },
    )
    problems = {(b.page, b.link, b.problem) for b in check_site(site).broken}
    assert problems == {
        ("index.html", "gone.html", "no such file in the site"),
        ("index.html", "b.html#nowhere", "no anchor '#nowhere' on that page"),
        ("index.html", "_static/missing.js", "no such file in the site"),
    }


def test_external_links_are_listed_not_fetched(tmp_path: Path) -> None:
    site = _site(
        tmp_path,
        {"index.html": '<a href="https://example.org/x">x</a><a href="mailto:a@b.c">m</a>'},
    )
    report = check_site(site)
    assert report.external == {"https://example.org/x"}
    assert report.broken == []


def test_command_exits_1_on_broken_links(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    site = _site(tmp_path, {"index.html": '<a href="gone.html">x</a>'})
    assert main(["site", "check-links", str(site)]) == 1
    out = capsys.readouterr().out
    assert "index.html: gone.html - no such file in the site" in out
    assert "1 broken" in out


def test_no_site_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no built site"):
        check_site(tmp_path)
