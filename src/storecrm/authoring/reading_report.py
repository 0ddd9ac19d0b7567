"""``storecrm book reading-times``: every page of a path with its computed time.

A frontline lesson should be a unit a new hire reads in 3-5 minutes on a phone, with one
practice prompt. This report measures that instead of guessing: each page of a track (in
reading order) with its words, its minutes at the course's one speed, whether it has a
practice prompt, and a flag on pages over the limit, so authors know which pages to split.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from pathlib import Path

from storecrm.authoring import reading_time as rt
from storecrm.authoring.tracks import TRACKS, page_source
from storecrm.errors import CommandError

__all__ = [
    "LESSON_LIMIT_MINUTES",
    "ReportRow",
    "has_practice_prompt",
    "is_lesson",
    "reading_report",
    "register",
    "render_report",
]

#: A frontline lesson longer than this should be split (issue 20: units of 3-5 minutes).
LESSON_LIMIT_MINUTES = 5

# A practice prompt (WRITING.md: a scenario, a question or an exercise link): a "Try it"
# heading or admonition, or an "At our counter: what would you do?" question (in bold, as a
# heading or as a dropdown's title).
_PROMPT = re.compile(
    r"^(#{1,6}\s+|\*\*|[`:]{3,}\s*\{(admonition|dropdown)\}\s+)(Try it|At our counter)",
    re.MULTILINE | re.IGNORECASE,
)


def has_practice_prompt(text: str) -> bool:
    """Whether a page's source has a practice prompt (see :data:`_PROMPT`)."""
    return bool(_PROMPT.search(text))


def is_lesson(docname: str, quiz: bool) -> bool:
    """A lesson page of a module: in ``chapters/``, not the module's index, not a quiz."""
    return docname.startswith("chapters/") and not docname.endswith("/index") and not quiz


@dataclass(frozen=True)
class ReportRow:
    """One page of the report."""

    docname: str
    words: int
    minutes: int
    lesson: bool
    prompt: bool

    @property
    def over_limit(self) -> bool:
        """A lesson that takes longer than :data:`LESSON_LIMIT_MINUTES` to read."""
        return self.lesson and self.minutes > LESSON_LIMIT_MINUTES


def reading_report(root: Path, track: str) -> list[ReportRow]:
    """Every page of ``track`` in reading order, with its time and practice prompt."""
    rows = []
    for page in rt.path_times(root, track):
        source = page_source(root, page.docname)
        text = source.read_text(encoding="utf-8") if source else ""
        rows.append(
            ReportRow(
                page.docname,
                round(page.words),
                page.minutes,
                is_lesson(page.docname, page.is_quiz),
                has_practice_prompt(text),
            )
        )
    return rows


def render_report(rows: list[ReportRow], track: str) -> str:
    """The report as plain text: a table, then the pages to split and those without a prompt."""
    width = max((len(r.docname) for r in rows), default=10)
    lines = [
        f"Reading times, {track} path, at {rt.WORDS_PER_MINUTE} words a minute"
        f" (a Chinese character = {rt.CHINESE_CHARACTER_WORDS} word; quiz"
        f" {rt.SECONDS_PER_QUESTION} s a question)",
        "",
        f"{'page':<{width}}  {'words':>6}  {'min':>4}  prompt  note",
    ]
    for r in rows:
        note = f"over {LESSON_LIMIT_MINUTES} min" if r.over_limit else ""
        prompt = ("yes" if r.prompt else "NO") if r.lesson else "-"
        lines.append(f"{r.docname:<{width}}  {r.words:>6}  {r.minutes:>4}  {prompt:<6}  {note}")
    over = [r for r in rows if r.over_limit]
    missing = [r for r in rows if r.lesson and not r.prompt]
    lines += [
        "",
        f"In all: {sum(r.minutes for r in rows)} minutes over {len(rows)} pages.",
        f"Lessons over {LESSON_LIMIT_MINUTES} minutes: {len(over)} of"
        f" {sum(r.lesson for r in rows)}.",
        f"Lessons without a practice prompt: {len(missing)}"
        + (f" ({', '.join(r.docname for r in missing)})" if missing else ""),
    ]
    return "\n".join(lines)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``storecrm book reading-times`` (called by :mod:`storecrm.authoring.cli`)."""
    parser = subparsers.add_parser(
        "book",
        help="reports on the book's pages",
        description="Reports on the book's pages, computed from their sources.",
    )
    sub = parser.add_subparsers(dest="book_command", metavar="ACTION")
    sub.required = True
    times = sub.add_parser(
        "reading-times",
        help="every page of a path with its computed reading time; flag long lessons",
        description=(
            "List every page of a path (from book/tracks.yml, in _toc.yml order) with its words"
            f" and minutes at {rt.WORDS_PER_MINUTE} words a minute, and flag lessons over"
            f" {LESSON_LIMIT_MINUTES} minutes or without a practice prompt."
        ),
    )
    times.add_argument("--track", default="frontline", choices=TRACKS, help="the path")
    times.add_argument("--root", default=".", help="the book's root folder")
    times.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 when a lesson is over the limit or has no practice prompt",
    )
    times.set_defaults(handler=_reading_times)


def _reading_times(args: argparse.Namespace) -> int:
    root = Path(args.root)
    if not (root / "_toc.yml").is_file():
        raise CommandError(f"no _toc.yml in '{root}'; run this from the book's root folder")
    rows = reading_report(root, args.track)
    print(render_report(rows, args.track))
    bad = any(r.over_limit or (r.lesson and not r.prompt) for r in rows)
    return 1 if args.strict and bad else 0
