"""Exercise 9, "A breakfast pair: shelf, bundle or nothing": the setup cell imports this.

``from storecrm.exercises import ____, ex09 as ex`` loads the Maple Street Mart data once,
builds the chapter's basket table (one row per receipt, one True/False column per product)
and defines the tasks ``q1`` .. ``q8``. The notebook takes its tables from here
(``ex.receipt_lines``, ``ex.products``, ``ex.baskets``) so learner and checker use the same
data.
"""

from __future__ import annotations

from storecrm.analysis.baskets import basket_matrix
from storecrm.data import load
from storecrm.exercises.pairs import BUNDLE_PRICE_CNY, MATRIX_MIN_BASKETS, PAIR, build
from storecrm.exercises.setup import progress_for, questions_on_copy

__all__ = [
    "BUNDLE_PRICE_CNY",
    "EXERCISE",
    "PAIR",
    "baskets",
    "data",
    "products",
    "progress",
    "q1",
    "q2",
    "q3",
    "q4",
    "q5",
    "q6",
    "q7",
    "q8",
    "receipt_lines",
]

data = load()
receipt_lines = data.receipt_lines
products = data.products
#: The chapter's basket table: products in fewer than 30 receipts are left out.
baskets = basket_matrix(receipt_lines, products, min_baskets=MATRIX_MIN_BASKETS)
#: The exercise's name, as reports and the progress summary show it.
EXERCISE = "Exercise 9, a breakfast pair: shelf, bundle or nothing"

_questions = questions_on_copy(data, build, exercise=EXERCISE)

#: Show which tasks are done (from the checks run in this kernel).
progress = progress_for(_questions, EXERCISE)
q1, q2, q3, q4, q5, q6, q7, q8 = (_questions[f"q{n}"] for n in range(1, 9))
