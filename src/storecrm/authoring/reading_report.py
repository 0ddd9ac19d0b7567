"""``storecrm book reading-times``: every page of a path with its computed time.

A frontline lesson should be a unit a new hire reads in 3-5 minutes on a phone, with exactly
one practice prompt: one thing to try before the next unit, so a unit read on a break ends
with the learner doing something, not with a list of prompts they skip. This report
measures that instead of guessing: each page of a track (in reading order) with its words,
its minutes at the course's one speed, how many practice prompts it has, and a flag on
lessons outside the window, so authors know which pages to split or join.
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
    "LESSON_MINIMUM_MINUTES",
    "ReportRow",
    "has_practice_prompt",
    "is_lesson",
    "practice_prompts",
    "reading_report",
    "register",
    "render_report",
]

#: A frontline lesson longer than this should be split (issue 20: units of 3-5 minutes).
LESSON_LIMIT_MINUTES = 5
#: A frontline lesson shorter than this is too thin to stand alone: join it to a neighbour.
LESSON_MINIMUM_MINUTES = 3

# A practice prompt (WRITING.md: a scenario, a question or an exercise link): a "Try it"
# heading or admonition, or an "At our counter: what would you do?" question (in bold, as a
# heading or as a dropdown's title).
_PROMPT = re.compile(
    r"^(#{1,6}\s+|\*\*|[`:]{3,}\s*\{(admonition|dropdown)\}\s+)(Try it|At our counter)",
    re.MULTILINE | re.IGNORECASE,
)


def practice_prompts(text: str) -> int:
    """How many practice prompts a page's source has (see :data:`_PROMPT`)."""
    return len(_PROMPT.findall(text))


def has_practice_prompt(text: str) -> bool:
    """Whether a page's source has at least one practice prompt."""
    return practice_prompts(text) > 0


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
    prompts: int

    @property
    def prompt(self) -> bool:
        """Whether the page has a practice prompt at all."""
        return self.prompts > 0

    @property
    def over_limit(self) -> bool:
        """A lesson that takes longer than :data:`LESSON_LIMIT_MINUTES` to read."""
        return self.lesson and self.minutes > LESSON_LIMIT_MINUTES

    @property
    def under_minimum(self) -> bool:
        """A lesson shorter than :data:`LESSON_MINIMUM_MINUTES`."""
        return self.lesson and self.minutes < LESSON_MINIMUM_MINUTES

    @property
    def problem(self) -> str:
        """What is wrong with a lesson, in a few words ("" when it is a good unit)."""
        if not self.lesson:
            return ""
        notes = []
        if self.over_limit:
            notes.append(f"over {LESSON_LIMIT_MINUTES} min")
        if self.under_minimum:
            notes.append(f"under {LESSON_MINIMUM_MINUTES} min")
        if self.prompts != 1:
            notes.append(f"{self.prompts} practice prompts, not 1")
        return "; ".join(notes)


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
                practice_prompts(text),
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
        prompts = str(r.prompts) if r.lesson else "-"
        lines.append(
            f"{r.docname:<{width}}  {r.words:>6}  {r.minutes:>4}  {prompts:<6}  {r.problem}"
        )
    lessons = sum(r.lesson for r in rows)
    over = [r for r in rows if r.over_limit]
    under = [r for r in rows if r.under_minimum]
    wrong = [r for r in rows if r.lesson and r.prompts != 1]
    lines += [
        "",
        f"In all: {sum(r.minutes for r in rows)} minutes over {len(rows)} pages.",
        f"Lessons over {LESSON_LIMIT_MINUTES} minutes: {len(over)} of {lessons}.",
        f"Lessons under {LESSON_MINIMUM_MINUTES} minutes: {len(under)} of {lessons}.",
        f"Lessons without exactly one practice prompt: {len(wrong)}"
        + (f" ({', '.join(r.docname for r in wrong)})" if wrong else ""),
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
            f" and minutes at {rt.WORDS_PER_MINUTE} words a minute, and flag lessons outside"
            f" {LESSON_MINIMUM_MINUTES}-{LESSON_LIMIT_MINUTES} minutes or without exactly one"
            " practice prompt."
        ),
    )
    times.add_argument("--track", default="frontline", choices=TRACKS, help="the path")
    times.add_argument("--root", default=".", help="the book's root folder")
    times.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 when a lesson is outside the time window or has not exactly one prompt",
    )
    times.set_defaults(handler=_reading_times)


def _reading_times(args: argparse.Namespace) -> int:
    root = Path(args.root)
    if not (root / "_toc.yml").is_file():
        raise CommandError(f"no _toc.yml in '{root}'; run this from the book's root folder")
    rows = reading_report(root, args.track)
    print(render_report(rows, args.track))
    bad = any(r.problem for r in rows)
    return 1 if args.strict and bad else 0
