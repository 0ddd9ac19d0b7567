"""Exercise 5, "Which complaints wait too long": the setup cell imports this module.

``from storecrm.exercises import ____, ex05 as ex`` loads the Maple Street Mart data once
and defines the tasks ``q1`` .. ``q8``. The store's time limits come from the store's rules
(:mod:`storecrm.rules`, through :mod:`storecrm.analysis.complaints`), never typed into the
notebook, so learner and checker use the same rule.
"""

from __future__ import annotations

from storecrm.analysis.complaints import FIRST_RESPONSE_STANDARD_H, RESOLUTION_STANDARD_H
from storecrm.data import load
from storecrm.exercises.complaints import build
from storecrm.exercises.setup import progress_for, questions_on_copy

__all__ = [
    "EXERCISE",
    "FIRST_REPLY_STANDARD_H",
    "RESOLUTION_STANDARD_H",
    "complaints",
    "data",
    "progress",
    "q1",
    "q2",
    "q3",
    "q4",
    "q5",
    "q6",
    "q7",
    "q8",
    "receipts",
]

#: The store's first-reply limit in hours (the longest channel limit, from the rules).
FIRST_REPLY_STANDARD_H = FIRST_RESPONSE_STANDARD_H

data = load()
complaints = data.complaints
receipts = data.receipts
#: The exercise's name, as reports and the progress summary show it.
EXERCISE = "Exercise 5, which complaints wait too long"

_questions = questions_on_copy(data, build, exercise=EXERCISE)

#: Show which tasks are done (from the checks run in this kernel).
progress = progress_for(_questions, EXERCISE)
q1, q2, q3, q4, q5, q6, q7, q8 = (_questions[f"q{n}"] for n in range(1, 9))
