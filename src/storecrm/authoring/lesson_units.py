"""Where a page sits in a lesson that is split into phone-sized units.

A frontline lesson is read in units of 3-5 minutes (issue 20). A unit read on its own, on a
phone, must still tell the reader which lesson it belongs to and how far through it they
are, or the split turns one lesson into a pile of pages. The split is written once, in
``_toc.yml``: the lesson's first unit is a section of its module, and its later units are
nested under it. Everything else (the "Unit 2 of 3" line under each title) is derived here,
so no author types a unit number that could go stale when a unit is added.
"""

from __future__ import annotations

from dataclasses import dataclass

from storecrm.authoring.tracks import TocEntry

__all__ = ["LessonPlace", "is_lesson_page", "lesson_place"]


def is_lesson_page(docname: str) -> bool:
    """A page of a module that teaches: under ``chapters/``, not its index or its quiz."""
    leaf = docname.rsplit("/", 1)[-1]
    return docname.startswith("chapters/") and leaf not in ("index", "quiz")


@dataclass(frozen=True)
class LessonPlace:
    """One unit's place: the lesson's first unit, this unit's number, and every unit."""

    lesson: str
    number: int
    units: tuple[str, ...]

    @property
    def count(self) -> int:
        """How many units the lesson has."""
        return len(self.units)


def lesson_place(entries: list[TocEntry], docname: str) -> LessonPlace | None:
    """The place of ``docname`` in its split lesson, or None for a page that is not a unit.

    A lesson is split when its page has pages nested under it in the toc; those are its
    later units, in toc order. An unsplit lesson, an index, a quiz or a page outside the
    modules has no place.
    """
    parent_of = {e.docname: e.parent for e in entries}
    if docname not in parent_of or not is_lesson_page(docname):
        return None
    parent = parent_of[docname]
    lesson = parent if parent is not None and is_lesson_page(parent) else docname
    units = (lesson, *(e.docname for e in entries if e.parent == lesson))
    if len(units) == 1:
        return None
    return LessonPlace(lesson, units.index(docname) + 1, units)
