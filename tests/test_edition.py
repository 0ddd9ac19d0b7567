"""The edition: one version (pyproject.toml), one date (the newest CHANGELOG entry)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import storecrm
from storecrm.edition import Edition, current, parse_changelog, repo_root
from storecrm.errors import CourseError

ROOT = Path(__file__).resolve().parents[1]


def test_version_comes_from_pyproject_only() -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    assert current().version == version
    assert storecrm.__version__ == version
    # no second copy of the version string in the package source
    for path in (ROOT / "src" / "storecrm").rglob("*.py"):
        assert f'"{version}"' not in path.read_text("utf-8"), path


def test_changelog_newest_entry_is_this_version() -> None:
    releases = parse_changelog((ROOT / "CHANGELOG.md").read_text("utf-8"))
    assert releases[0] == (current().version, current().date)
    assert repo_root() == ROOT


def test_label_is_what_pages_and_handouts_print() -> None:
    assert Edition("1.2.3", "2027-01-31").label == "Edition 1.2.3 (2027-01-31)"


@pytest.mark.parametrize("dash", ["—", "–", "-"])
def test_changelog_headings_with_any_dash(dash: str) -> None:
    text = f"# Changelog\n\n## 0.3.0 {dash} 2027-02-01\n\nx\n\n## 0.2.0 {dash} 2026-12-07\n"
    assert parse_changelog(text) == [("0.3.0", "2027-02-01"), ("0.2.0", "2026-12-07")]


def test_changelog_without_a_release_says_what_to_add() -> None:
    with pytest.raises(CourseError, match=r"CHANGELOG.md: has no release heading"):
        parse_changelog("# Changelog\n\nNothing yet.\n")
