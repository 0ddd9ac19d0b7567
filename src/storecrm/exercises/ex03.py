"""Exercise 3, "Points and tiers": the setup cell imports this module.

``from storecrm.exercises import ____, ex03 as ex`` loads the Maple Street Mart data once
and defines the tasks ``q1`` .. ``q7``. The notebook takes its tables from here
(``ex.points_ledger``, ``ex.tier_changes``) so learner and checker use the same data.
"""

from __future__ import annotations

from storecrm.data import load
from storecrm.exercises.points import build
from storecrm.exercises.setup import progress_for, questions_on_copy

__all__ = [
    "EXERCISE",
    "data",
    "points_ledger",
    "progress",
    "q1",
    "q2",
    "q3",
    "q4",
    "q5",
    "q6",
    "q7",
    "tier_changes",
]

data = load()
points_ledger = data.points_ledger
tier_changes = data.tier_changes
#: The exercise's name, as reports and the progress summary show it.
EXERCISE = "Exercise 3, points and tiers"

_questions = questions_on_copy(data, build, exercise=EXERCISE)

#: Show which tasks are done (from the checks run in this kernel).
progress = progress_for(_questions, EXERCISE)
q1, q2, q3, q4, q5, q6, q7 = (_questions[f"q{n}"] for n in range(1, 8))
