"""Exercise 8, "RFM groups and this month's win-back budget": the setup cell imports this.

``from storecrm.exercises import ____, ex08 as ex`` loads the Maple Street Mart data once and
defines the tasks ``q1`` .. ``q7``. The notebook takes its tables from here (``ex.customers``,
``ex.receipts``) so learner and checker use the same data.
"""

from __future__ import annotations

from storecrm.data import load
from storecrm.exercises.rfm import build
from storecrm.exercises.setup import progress_for, questions_on_copy

__all__ = [
    "EXERCISE",
    "customers",
    "data",
    "progress",
    "q1",
    "q2",
    "q3",
    "q4",
    "q5",
    "q6",
    "q7",
    "receipts",
]

data = load()
customers = data.customers
receipts = data.receipts
#: The exercise's name, as reports and the progress summary show it.
EXERCISE = "Exercise 8, RFM groups and the win-back budget"

_questions = questions_on_copy(data, build, exercise=EXERCISE)

#: Show which tasks are done (from the checks run in this kernel).
progress = progress_for(_questions, EXERCISE)
q1, q2, q3, q4, q5, q6, q7 = (_questions[f"q{n}"] for n in range(1, 8))
