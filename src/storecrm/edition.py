"""The course's edition: its version and release date, read from one place each.

The version lives only in ``pyproject.toml`` (the installed package's metadata carries it);
the release date is the date of the newest entry in ``CHANGELOG.md``. Pages, printed
handouts, the Playbook PDF and the download archive all show :func:`edition_label`, so a
trainer holding a printout can tell which edition it came from.

The date comes from the changelog, not the clock, so two builds of one edition print the
same words (and the same bytes).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from storecrm.errors import CourseError

__all__ = ["Edition", "current", "edition_label", "parse_changelog", "repo_root"]

#: A release heading in CHANGELOG.md: ``## 0.2.0 — 2026-12-07`` (dash, en dash or em dash).
_HEADING = re.compile(r"^##\s+\[?(\d+\.\d+\.\d+)\]?\s+[—–-]\s+(\d{4}-\d{2}-\d{2})\s*$", re.M)


@dataclass(frozen=True)
class Edition:
    """One edition of the course."""

    version: str
    date: str  # ISO date, YYYY-MM-DD

    @property
    def label(self) -> str:
        """``Edition 0.2.0 (2026-12-07)``: the words printed on pages and handouts."""
        return f"Edition {self.version} ({self.date})"


def repo_root() -> Path | None:
    """The source checkout holding this package (with pyproject.toml), if there is one."""
    for parent in Path(__file__).resolve().parents:
        if (parent / "pyproject.toml").is_file() and (parent / "CHANGELOG.md").is_file():
            return parent
    return None


def parse_changelog(text: str, *, source: str = "CHANGELOG.md") -> list[tuple[str, str]]:
    """Return ``(version, date)`` for every release heading, newest first as written.

    Raises CourseError when the file has no release heading, because then no page could say
    which edition it is.
    """
    found = _HEADING.findall(text)
    if not found:
        raise CourseError(
            "has no release heading such as '## 0.2.0 — 2026-12-07'",
            table=source,
            hint="Add one at the top for the version in pyproject.toml",
        )
    return found


def _version(root: Path | None) -> str:
    """The version from pyproject.toml in a checkout, else from the installed metadata."""
    if root is not None:
        return tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    return metadata.version("storecrm")


@cache
def current() -> Edition:
    """The edition of this checkout: pyproject's version and the changelog's date for it.

    Raises CourseError when the changelog's newest entry is not the version in
    pyproject.toml (someone bumped one and forgot the other).
    """
    root = repo_root()
    version = _version(root)
    if root is None:  # an installed wheel without the changelog: version only
        return Edition(version, "undated")
    releases = parse_changelog((root / "CHANGELOG.md").read_text("utf-8"))
    newest_version, newest_date = releases[0]
    if newest_version != version:
        raise CourseError(
            f"the newest entry is {newest_version} but pyproject.toml says {version}",
            table="CHANGELOG.md",
            hint="Write the changelog entry for the new version (or fix the version)",
        )
    return Edition(version, newest_date)


def edition_label() -> str:
    """The printed words for this edition, e.g. ``Edition 0.2.0 (2026-12-07)``."""
    return current().label
