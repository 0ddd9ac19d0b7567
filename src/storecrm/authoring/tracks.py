"""The two reading paths: which pages are frontline and which are for supervisors.

A new hire at the till needs the counter pages (service, complaints, channels, membership and
privacy at the counter, the Playbook) without code; a supervisor or analyst needs the data
pages with their code. ``book/tracks.yml`` is the one list of which page sits on which track.
This module reads it together with ``_toc.yml`` (whose order is the reading order), so the
path pages, the track badges, hiding code on frontline pages and the reading-time report all
agree. Nothing is read at import time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from storecrm.errors import CourseError

__all__ = [
    "TRACKS",
    "TRACKS_FILE",
    "PageTracks",
    "TocEntry",
    "load_tracks",
    "page_source",
    "toc_entries",
]

#: The tracks a page may sit on; ``both`` and ``reference`` get no badge and keep their code.
TRACKS: tuple[str, ...] = ("frontline", "supervisor", "both", "reference")
TRACKS_FILE = "book/tracks.yml"
_SOURCE_SUFFIXES = (".md", ".ipynb")


@dataclass(frozen=True)
class TocEntry:
    """One page of ``_toc.yml``: its docname and the docname of the entry it sits under."""

    docname: str
    parent: str | None


def _walk(items: list[Any], parent: str | None, out: list[TocEntry]) -> None:
    for item in items or []:
        if not isinstance(item, dict):
            continue
        docname = item.get("file")
        if docname:
            docname = str(docname).removesuffix(".md").removesuffix(".ipynb")
            out.append(TocEntry(docname, parent))
        for key in ("parts", "chapters", "sections"):
            if key in item:
                _walk(item[key], docname or parent, out)


def toc_entries(root: Path) -> list[TocEntry]:
    """Every page of the book in ``_toc.yml`` order (the root page first).

    Raises
    ------
    CourseError
        When ``_toc.yml`` is missing or not the jb-book layout.
    """
    path = Path(root) / "_toc.yml"
    try:
        toc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CourseError(f"cannot read it ({exc.strerror})", table=str(path)) from exc
    if not isinstance(toc, dict) or "root" not in toc:
        raise CourseError("has no 'root:' page", table=str(path), hint="Use the jb-book layout")
    entries = [TocEntry(str(toc["root"]), None)]
    _walk(toc.get("parts", []) or toc.get("chapters", []), None, entries)
    return entries


def page_source(root: Path, docname: str) -> Path | None:
    """The source file of a page (``.md`` or ``.ipynb``), or None when neither exists."""
    for suffix in _SOURCE_SUFFIXES:
        path = Path(root) / f"{docname}{suffix}"
        if path.is_file():
            return path
    return None


def _pattern(entry: str) -> re.Pattern[str]:
    # ``*`` stands for one path segment, so exercises/* does not also take exercises/solutions/x.
    return re.compile("".join("[^/]*" if c == "*" else re.escape(c) for c in entry) + r"\Z")


@dataclass(frozen=True)
class PageTracks:
    """The contents of ``book/tracks.yml``: for each track, its pages and patterns."""

    entries: dict[str, tuple[str, ...]]
    source: str = TRACKS_FILE

    def matches(self, docname: str) -> list[str]:
        """Every track that claims ``docname`` (an exact entry wins over patterns)."""
        exact = [t for t, items in self.entries.items() if docname in items]
        if exact:
            return exact
        return [
            track
            for track, items in self.entries.items()
            for item in items
            if "*" in item and _pattern(item).match(docname)
        ]

    def track_of(self, docname: str) -> str | None:
        """The one track of ``docname``; None when no track or more than one claims it."""
        found = self.matches(docname)
        return found[0] if len(found) == 1 else None

    def problems(self, docnames: list[str]) -> list[str]:
        """Everything wrong between this file and the book's pages, in words an author can fix."""
        found = []
        for docname in docnames:
            claims = self.matches(docname)
            if not claims:
                found.append(f"{docname}: in _toc.yml but in no track; add it to {self.source}")
            elif len(claims) > 1:
                found.append(f"{docname}: in more than one track ({', '.join(claims)})")
        known = set(docnames)
        for track, items in self.entries.items():
            for item in items:
                if "*" in item:
                    if not any(_pattern(item).match(d) for d in docnames):
                        found.append(f"{track}: pattern '{item}' matches no page in _toc.yml")
                elif item not in known:
                    found.append(f"{track}: '{item}' is not a page in _toc.yml")
        return found

    def pages(self, track: str, entries: list[TocEntry]) -> list[str]:
        """The pages of one track in reading (``_toc.yml``) order."""
        return [e.docname for e in entries if self.track_of(e.docname) == track]


@cache
def _read(path: Path, mtime: float) -> PageTracks:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise CourseError(f"cannot be read ({exc})", table=str(path)) from exc
    if not isinstance(data, dict):
        raise CourseError("is not a mapping of track: [pages]", table=str(path))
    unknown = sorted(set(data) - set(TRACKS))
    if unknown:
        raise CourseError(
            f"unknown track {unknown[0]!r}",
            table=str(path),
            hint=f"Use only {', '.join(TRACKS)}",
        )
    entries: dict[str, tuple[str, ...]] = {}
    for track in TRACKS:
        items = data.get(track) or []
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise CourseError("must be a list of page names", table=str(path), column=track)
        entries[track] = tuple(items)
    return PageTracks(entries, str(path))


def load_tracks(root: Path) -> PageTracks:
    """Read ``book/tracks.yml`` under ``root`` (cached until the file changes).

    Raises
    ------
    CourseError
        When the file is missing, not YAML, names an unknown track or is not lists of names.
    """
    path = Path(root) / TRACKS_FILE
    if not path.is_file():
        raise CourseError(
            "is missing",
            table=str(path),
            hint="It lists which pages are frontline and which supervisor",
        )
    return _read(path, path.stat().st_mtime)
