"""Checked programmes as MyST: the text the ``{programme}`` directive puts on a page.

Why MyST and not HTML: Sphinx then resolves every ``{doc}`` link and every heading anchor
itself, so a strict build (``-W -n``) fails on a link to a page that went away, and the page
titles in the tables are the pages' real titles. One function per part of a page; each takes
the docname of the page it is written into, so relative links are right wherever it is used.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence

from storecrm.authoring.lesson_units import lesson_place
from storecrm.trainers.programmes import (
    Block,
    BookIndex,
    Day,
    Programme,
    clock,
    duration,
)

__all__ = [
    "day_myst",
    "length_text",
    "overview_myst",
    "page_links_myst",
    "programmes_table_myst",
    "uses_myst",
]


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _doc(target: str, text: str | None = None) -> str:
    return f"{{doc}}`{text} </{target}>`" if text else f"{{doc}}`/{target}`"


def page_links_myst(pages: Sequence[str], book: BookIndex) -> list[str]:
    """Pages as links, with each whole lesson read in a row shown once, as its units.

    A lesson split into phone-sized units would otherwise fill a printed agenda with one link
    per unit; a trainer plans by lesson, so a block that reads all of a lesson's units, in
    order, gets one link to the lesson and "(3 units)". Units read apart stay separate links.
    """
    links: list[str] = []
    i = 0
    while i < len(pages):
        place = lesson_place(book.toc, pages[i])
        if (
            place is not None
            and place.number == 1
            and tuple(pages[i : i + place.count]) == place.units
        ):
            links.append(f"{_doc(place.lesson)} ({place.count} units)")
            i += place.count
        else:
            links.append(_doc(pages[i]))
            i += 1
    return links


def uses_myst(block: Block, book: BookIndex, docname: str) -> str:
    """What a block uses from the book, as links separated by semicolons."""
    here = posixpath.dirname(docname)
    parts = page_links_myst(block.pages, book)
    parts += [_doc(book.playbook[name]) for name in block.playbook]
    for ref in block.roleplays:
        card = book.roleplays[ref]
        path = posixpath.relpath(f"{card.docname}.md", here)
        parts.append(f"[Role-play card: {card.title}]({path}#{card.anchor})")
    parts += [_doc(book.quizzes[m], f"Module {m} quiz") for m in block.quizzes]
    for ex in block.exercises:
        parts.append(_doc(book.exercises[ex], f"Exercise {int(ex[2:])}"))
        solution = book.exercises[ex].replace("exercises/", "exercises/solutions/", 1)
        if solution in book.docnames:
            parts.append(_doc(solution, f"Exercise {int(ex[2:])} solution (trainer)"))
    if block.huddle is not None:
        ids = ", ".join(book.huddle_questions(block.huddle))
        parts.append(
            _doc("book/trainers/huddles", f"Huddle card, day {block.huddle}") + f" ({ids})"
        )
    return "; ".join(parts) if parts else "–"


def length_text(programme: Programme) -> str:
    """``"5 days, 3 h 30 min each (17 h 30 min in all)"`` or ``"7 h, breaks included"``."""
    lengths = {d.total_minutes for d in programme.days}
    if len(programme.days) == 1:
        return f"{duration(programme.total_minutes)}, breaks included"
    each = f"{duration(lengths.pop())} each" if len(lengths) == 1 else "see each day"
    return f"{len(programme.days)} days, {each} ({duration(programme.total_minutes)} in all)"


def overview_myst(programme: Programme) -> str:
    """Who it is for, how long, outcomes and materials."""
    times = "; ".join(f"{d.name} {clock(d.start)}–{clock(d.end)}" for d in programme.days)
    lines = [
        f"**Who it is for:** {programme.audience}",
        "",
        f"**How long:** {length_text(programme)}. {times}.",
        "",
        "**What you will see them do afterwards:**",
        "",
        *[f"- {o}" for o in programme.outcomes],
        "",
        "**Materials:**",
        "",
        *[f"- {m}" for m in programme.materials],
        "",
    ]
    return "\n".join(lines)


def day_myst(programme: Programme, day: Day, book: BookIndex, docname: str) -> str:
    """A day's timed table and the end-of-day checklist."""
    who = "supervisor" if programme.id == "induction-week" else "trainer"
    when = "at the end of the day" if len(programme.days) > 1 else "before everyone leaves"
    rows = [
        "| Time | Minutes | Activity | What happens | Pages, cards and quizzes |",
        "|---|---|---|---|---|",
    ]
    for block in day.blocks:
        activity = f"**{_cell(block.activity)}**" if block.kind != "break" else block.activity
        rows.append(
            f"| {block.times} | {block.minutes} | {activity} | {_cell(block.what) or '–'} "
            f"| {uses_myst(block, book, docname)} |"
        )
    checks = [f"- [ ] {_cell(c)}" for c in day.checks]
    return "\n".join(
        [
            f"{programme.short}, {day.name}: {clock(day.start)}–{clock(day.end)}, "
            f"{duration(day.total_minutes)} (breaks included).",
            "",
            *rows,
            "",
            f"**What the {who} checks {when}:**",
            "",
            *checks,
            "",
        ]
    )


def programmes_table_myst(programmes: Sequence[Programme]) -> str:
    """One row per programme: its page, who it is for and how long it takes."""
    rows = ["| Programme | Who it is for | How long |", "|---|---|---|"]
    rows += [
        f"| {_doc(p.docname, p.title)} | {_cell(p.audience)} | {length_text(p)} |"
        for p in programmes
    ]
    return "\n".join(rows) + "\n"
