"""Shift-huddle questions for a new hire's first four weeks: spaced retrieval from the banks.

Why: what a new hire reads once is mostly gone a week later; answering a question on it again
after a day, after three days and after a week keeps it (spaced retrieval practice, the idea
behind frontline microlearning apps). A supervisor asks three questions at the start of each
shift, in two minutes, from a card.

How the plan is made (course decisions, stated on the huddles page too):

- New hires read Modules 1-4 in their first days (Module 11's first-two-weeks plan). Each of
  their objectives then has its *turn* (``learned_day``), one after another, spread evenly
  over the days before the last week, so that every objective has its one-week review
  inside the four weeks.
- Each objective is asked again :data:`GAPS` days after it was learned. A day holds
  :data:`PER_DAY` questions; a review that finds its day full moves to the next day with room
  (:func:`plan_huddles` reports how far, and a test holds it to one day at most).
- Free places are filled with the objective learned longest ago that has been asked least,
  so no place is wasted and old topics come back once more.
- Each time an objective comes back, the next of its choice questions is used (numeric
  questions need the data pages, so they stay on the quiz pages).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from storecrm.errors import CourseError
from storecrm.quiz.bank import load_bank
from storecrm.quiz.model import Bank, Question
from storecrm.quiz.text import LETTERS, strip_verdict, to_html

__all__ = [
    "DAYS",
    "FRONTLINE_MODULES",
    "GAPS",
    "PER_DAY",
    "HuddleQuestion",
    "huddle_cards_html",
    "plan_huddles",
]

FRONTLINE_MODULES: tuple[int, ...] = (1, 2, 3, 4)
DAYS = 28
PER_DAY = 3
GAPS: tuple[int, ...] = (1, 3, 7)


@dataclass(frozen=True)
class HuddleQuestion:
    """One question on one day: which, why it is there, and how late it came."""

    day: int
    question: Question
    learned_day: int
    #: "1 day after", "3 days after", "7 days after" or "mixed review".
    reason: str
    #: Days later than planned (0 when it came exactly on time; always 0 for mixed review).
    slip: int


def _objectives(banks: Sequence[Bank]) -> list[tuple[str, list[Question]]]:
    """Objectives in teaching order, each with its choice questions in bank order."""
    found: dict[str, list[Question]] = {}
    for bank in sorted(banks, key=lambda b: b.module):
        for q in bank.questions:
            if q.is_choice:
                found.setdefault(q.objective, []).append(q)

    def order(objective: str) -> tuple[int, int]:
        module, number = objective[1:].split("-o")
        return int(module), int(number)

    return [(o, found[o]) for o in sorted(found, key=order)]


def plan_huddles(
    banks: Sequence[Bank] | None = None,
    *,
    days: int = DAYS,
    per_day: int = PER_DAY,
    gaps: Sequence[int] = GAPS,
) -> list[HuddleQuestion]:
    """Plan ``per_day`` questions for each of ``days`` days (see the module docstring).

    Day 1 is the first day; its huddle has nothing to review yet, so it starts on day 2.
    Raises :class:`CourseError` when the banks have no choice questions, or when the
    objectives cannot all be learned before their last review would fall outside the plan.
    """
    if banks is None:
        banks = [load_bank(m) for m in FRONTLINE_MODULES]
    objectives = _objectives(banks)
    if not objectives:
        raise CourseError("the banks have no choice questions", table="quiz banks")
    span = days - max(gaps)
    if span < 1:
        raise CourseError(
            f"{days} days leave no time to learn before the {max(gaps)}-day review",
            hint="plan more days or shorter gaps",
        )
    # Evenly spread over days 1..span; when two must share a day, it is the last one, where
    # fewer reviews are due, so one extra review moves by one day instead of pushing every
    # later day's reviews back.
    n = len(objectives)
    learned = {o: span - ((n - 1 - k) * span) // n for k, (o, _) in enumerate(objectives)}
    # First decide which objective goes on which day; then hand out questions in day order,
    # so each return of an objective brings its next question.
    slots: dict[int, list[tuple[str, str, int]]] = {d: [] for d in range(1, days + 1)}
    due = sorted(
        ((learned[o] + gap, learned[o], gap, o) for o in learned for gap in gaps),
        key=lambda t: (t[0], t[1]),
    )
    for when, _, gap, objective in due:
        day = when
        while day <= days and len(slots[day]) >= per_day:
            day += 1
        if day > days:
            raise CourseError(
                f"the {gap}-day review of {objective} does not fit in {days} days",
                hint="teach fewer objectives or ask more questions a day",
            )
        slots[day].append((objective, f"{gap} day{'s' if gap > 1 else ''} after", day - when))
    times: dict[str, int] = dict.fromkeys(learned, 0)
    for day in range(1, days + 1):
        for objective, _, _ in slots[day]:
            times[objective] += 1
    for day in range(2, days + 1):
        while len(slots[day]) < per_day:
            today = {o for o, _, _ in slots[day]}
            candidates = [o for o in learned if learned[o] < day and o not in today]
            if not candidates:
                break
            objective = min(candidates, key=lambda o: (times[o], learned[o]))
            times[objective] += 1
            slots[day].append((objective, "mixed review", 0))
    pools = dict(objectives)
    asked: dict[str, int] = dict.fromkeys(learned, 0)
    plan = []
    for day in range(1, days + 1):
        for objective, reason, slip in slots[day]:
            pool = pools[objective]
            plan.append(
                HuddleQuestion(
                    day, pool[asked[objective] % len(pool)], learned[objective], reason, slip
                )
            )
            asked[objective] += 1
    return plan


def _question_html(h: HuddleQuestion) -> str:
    q = h.question
    situation = f"<em>{to_html(q.situation)}</em> " if q.situation else ""
    options = "".join(
        f"<li><b>{LETTERS[i]}.</b> {to_html(o.text)}</li>" for i, o in enumerate(q.options)
    )
    right = [i for i, o in enumerate(q.options) if o.key in q.answer_keys]
    letters = " and ".join(LETTERS[i] for i in right)
    why = to_html(strip_verdict(q.options[right[0]].feedback))
    return (
        f'<li class="huddle-q"><p>{situation}{to_html(q.stem)} '
        f'<span class="huddle-meta">({html.escape(q.id)}, {html.escape(h.reason)})</span></p>'
        f'<ol class="huddle-options">{options}</ol>'
        f'<p class="huddle-answer"><b>Answer: {letters}.</b> {why}</p></li>'
    )


def huddle_cards_html(plan: Sequence[HuddleQuestion], *, per_week: int = 7) -> str:
    """One card per week (a heading and each day's questions), each printing on its own page."""
    days = sorted({h.day for h in plan})
    if not days:
        return "<p>No huddle questions.</p>"
    cards = []
    for week in range(1, (max(days) - 1) // per_week + 2):
        first, last = (week - 1) * per_week + 1, week * per_week
        blocks = []
        for day in range(first, last + 1):
            items = [h for h in plan if h.day == day]
            if not items:
                continue
            body = "".join(_question_html(h) for h in items)
            blocks.append(f'<h4>Day {day}</h4><ol class="huddle-day">{body}</ol>')
        if blocks:
            cards.append(
                f'<section class="huddle-card"><h3>Week {week}: days {first}–{last}</h3>'
                + "".join(blocks)
                + "</section>"
            )
    return "".join(cards)
