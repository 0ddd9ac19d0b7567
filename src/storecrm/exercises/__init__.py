"""Runnable exercises with instant feedback.

A learner's notebook starts with one setup cell::

    from storecrm.exercises import ____, ex01 as ex

Importing this package does no I/O; importing an exercise module (``ex01``, ``ex02``) loads
the Maple Street Mart data once and defines the questions ``q1``, ``q2``, ... Each question
has ``check()``, ``hint(n)`` and ``solution()``. See ``book/authoring-exercises.md`` for how
to write a new exercise.
"""

from storecrm.exercises.feedback import Feedback, Status, show
from storecrm.exercises.placeholder import ____, is_placeholder
from storecrm.exercises.questions import (
    ChartQuestion,
    ChoiceQuestion,
    FunctionQuestion,
    Misconception,
    Option,
    Question,
    ReflectionQuestion,
    TableQuestion,
    ValueQuestion,
)

__all__ = [
    "ChartQuestion",
    "ChoiceQuestion",
    "Feedback",
    "FunctionQuestion",
    "Misconception",
    "Option",
    "Question",
    "ReflectionQuestion",
    "Status",
    "TableQuestion",
    "ValueQuestion",
    "____",
    "is_placeholder",
    "show",
]
