"""Exercise 4, "Tills for the rush": the setup cell imports this module.

``from storecrm.exercises import ____, ex04 as ex`` loads the Maple Street Mart data once
and defines the tasks ``q1`` .. ``q7``. The notebook takes its tables and the till rule's
numbers from here, so learner and checker use the same data and the same rule: the minutes
per shopper and the busy share come from :mod:`storecrm.analysis.service`, the store's tills
from the store's rules (:mod:`storecrm.rules`), never typed into the notebook.
"""

from __future__ import annotations

from storecrm.analysis.service import (
    DEFAULT_MAX_BUSY_SHARE,
    DEFAULT_MINUTES_PER_RECEIPT,
    EXAMPLE_DAILY_RECEIPTS,
)
from storecrm.data import load
from storecrm.exercises.setup import progress_for, questions_on_copy
from storecrm.exercises.tills import ROTA, build, rota_tills, shifts_table
from storecrm.rules import store_rules

__all__ = [
    "DAILY_RECEIPTS",
    "EXERCISE",
    "MAX_BUSY_SHARE",
    "MINUTES_PER_RECEIPT",
    "STORE",
    "TILLS",
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
    "rota",
    "shifts",
    "stores",
]

#: The store whose weekday the exercise plans: University Town, with its late-evening rush.
STORE = "S03"
#: Shoppers the store serves on a weekday (its till report); the chapter's worked example.
DAILY_RECEIPTS = EXAMPLE_DAILY_RECEIPTS
MINUTES_PER_RECEIPT = DEFAULT_MINUTES_PER_RECEIPT
MAX_BUSY_SHARE = DEFAULT_MAX_BUSY_SHARE
TILLS = store_rules().tills.tills(STORE)

data = load()
receipts = data.receipts
stores = data.stores
#: The current weekday rota: who is on a till, from when until when.
shifts = shifts_table(ROTA)
#: Tills staffed in each hour under that rota.
rota = rota_tills(ROTA)
#: The exercise's name, as reports and the progress summary show it.
EXERCISE = "Exercise 4, tills for the rush"

_questions = questions_on_copy(
    data, build, exercise=EXERCISE, store=STORE, daily_receipts=DAILY_RECEIPTS
)

#: Show which tasks are done (from the checks run in this kernel).
progress = progress_for(_questions, EXERCISE)
q1, q2, q3, q4, q5, q6, q7 = (_questions[f"q{n}"] for n in range(1, 8))
