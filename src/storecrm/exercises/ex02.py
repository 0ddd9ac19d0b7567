"""Exercise 2, "Who are our members": the setup cell imports this module.

``from storecrm.exercises import ____, ex02 as ex`` loads the Maple Street Mart data once
and defines the tasks ``q1`` .. ``q6``. The notebook takes its tables from here
(``ex.customers``, ``ex.receipts``) so learner and checker use the same data.
"""

from __future__ import annotations

import copy

from storecrm.data import load
from storecrm.exercises.members import build

__all__ = ["customers", "data", "q1", "q2", "q3", "q4", "q5", "q6", "receipts"]

data = load()
customers = data.customers
receipts = data.receipts

# The checkers get their own copy: a learner who changes a table in place (dropna,
# fillna, new columns) must not change the right answers too.
_questions = build(copy.deepcopy(data))
q1 = _questions["q1"]
q2 = _questions["q2"]
q3 = _questions["q3"]
q4 = _questions["q4"]
q5 = _questions["q5"]
q6 = _questions["q6"]
