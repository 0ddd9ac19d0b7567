"""Exercise 10, "This week's at-risk list and the win-back budget": the setup cell imports this.

``from storecrm.exercises import ____, ex10 as ex`` loads the Maple Street Mart data once,
works out the tables the learner starts from with Module 9's helpers (see
:func:`storecrm.exercises.at_risk.prepare`) and defines the tasks ``q1`` .. ``q8``. The
notebook takes its tables and planning figures from here, so learner and checker use the
same data.
"""

from __future__ import annotations

from storecrm.analysis.churn import CONTACT_COST_CNY, MIN_GAPS, WEEKLY_BUDGET_CNY
from storecrm.data import load
from storecrm.exercises.at_risk import build, prepare
from storecrm.exercises.setup import progress_for, questions_on_copy

__all__ = [
    "CONTACT_COST_CNY",
    "EXERCISE",
    "MIN_GAPS",
    "TODAY",
    "WEEKLY_BUDGET_CNY",
    "customers",
    "data",
    "lapse_k",
    "offer_cost_cny",
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
    "save_rates",
    "scored",
    "value_per_save_cny",
    "visits",
]

data = load()
customers = data.customers
receipts = data.receipts
_inputs = prepare(data)
#: The morning after the data ends: "today" for the whole exercise.
TODAY = _inputs.today
#: One row per member per visit day, with the days since their previous visit.
visits = _inputs.visits
#: Each member's own lapse threshold k, in days (Module 9's rule).
lapse_k = _inputs.lapse_k
#: Every member still active today: warning signs, the tree's risk, tier and consent.
scored = _inputs.scored
#: The "We miss you" campaign against its control group: return rates and the save rate.
save_rates = _inputs.save_rates
#: The coupon's value (paid only when a saved member uses it) and the margin of one save.
offer_cost_cny = _inputs.offer_cost_cny
value_per_save_cny = _inputs.value_per_save_cny
#: The exercise's name, as reports and the progress summary show it.
EXERCISE = "Exercise 10, this week's at-risk list and the win-back budget"

_questions = questions_on_copy(data, build, exercise=EXERCISE)

#: Show which tasks are done (from the checks run in this kernel).
progress = progress_for(_questions, EXERCISE)
q1, q2, q3, q4, q5, q6, q7, q8 = (_questions[f"q{n}"] for n in range(1, 9))
