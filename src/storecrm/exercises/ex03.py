"""Exercise 3, "Points and tiers": the setup cell imports this module.

``from storecrm.exercises import ____, ex03 as ex`` loads the Maple Street Mart data once
and defines the tasks ``q1`` .. ``q7``. The notebook takes its tables from here
(``ex.points_ledger``, ``ex.tier_changes``) so learner and checker use the same data.
"""

from __future__ import annotations

import copy

from storecrm.data import load
from storecrm.exercises.points import build

__all__ = ["data", "points_ledger", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "tier_changes"]

data = load()
points_ledger = data.points_ledger
tier_changes = data.tier_changes

# The checkers get their own copy: a learner who changes a table in place must not change
# the right answers too.
_questions = build(copy.deepcopy(data))
q1 = _questions["q1"]
q2 = _questions["q2"]
q3 = _questions["q3"]
q4 = _questions["q4"]
q5 = _questions["q5"]
q6 = _questions["q6"]
q7 = _questions["q7"]
