"""What every exercise module (``ex01``, ``ex02`` ...) does when a notebook imports it.

Kept in one place because the rules matter:

- the checkers build their right answers from their own deep copy of the data. A learner who
  changes a table in place (``dropna``, ``fillna``, a new column) must not change the right
  answers too, or a wrong answer could be marked correct;
- every question knows its exercise's name, so a report about a broken check says where;
- the module offers ``progress()``, the summary of the tasks done so far.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from storecrm.data import StoreData
from storecrm.exercises.feedback import show
from storecrm.exercises.progress import progress_feedback
from storecrm.exercises.questions import Question

__all__ = ["progress_for", "questions_on_copy"]


def questions_on_copy(
    data: StoreData,
    build: Callable[..., dict[str, Question]],
    *,
    exercise: str = "",
    **options: Any,
) -> dict[str, Question]:
    """The questions ``build`` makes on a deep copy of ``data`` (see the module docstring).

    ``exercise`` names the exercise in reports ("Exercise 1, first look at a day of
    receipts"). ``options`` are passed on to ``build`` (exercise 1's day and store, for
    instance). The exercise module then names each question (``q1``, ``q2`` ...) so that
    notebooks and editors see them.
    """
    questions = build(copy.deepcopy(data), **options)
    for question in questions.values():
        question.exercise = exercise
    return questions


def progress_for(questions: dict[str, Question], exercise: str) -> Callable[[], None]:
    """The ``progress()`` function of an exercise module: show which tasks are done."""

    def progress() -> None:
        """Show which tasks of this exercise are done (from the checks run in this kernel)."""
        show(progress_feedback(questions.values(), exercise=exercise))

    return progress
