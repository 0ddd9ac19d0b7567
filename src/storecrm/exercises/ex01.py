"""Exercise 1, "First look at a day of receipts": the setup cell imports this module.

``from storecrm.exercises import ____, ex01 as ex`` loads the Maple Street Mart data once
(this is the only place the exercise does I/O) and defines the tasks ``q1`` .. ``q7``. The
notebook takes its tables from here (``ex.receipts``) so every learner starts from the same
data the checker uses.
"""

from __future__ import annotations

from storecrm.data import load
from storecrm.exercises.first_look import STORE_ID, build, choose_day
from storecrm.exercises.setup import progress_for, questions_on_copy

__all__ = [
    "DAY",
    "EXERCISE",
    "STORE_ID",
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
    "stores",
]

data = load()
receipts = data.receipts
stores = data.stores

#: The Saturday the exercise studies, chosen from the data by a fixed rule.
DAY = choose_day(receipts, STORE_ID)

#: The exercise's name, as reports and the progress summary show it.
EXERCISE = "Exercise 1, first look at a day of receipts"

_questions = questions_on_copy(data, build, exercise=EXERCISE, day=DAY, store_id=STORE_ID)

#: Show which tasks are done (from the checks run in this kernel).
progress = progress_for(_questions, EXERCISE)
q1, q2, q3, q4, q5, q6, q7 = (_questions[f"q{n}"] for n in range(1, 8))
