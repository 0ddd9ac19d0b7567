"""Exercise 6, "Did the win-back coupon pay?": the setup cell imports this module.

``from storecrm.exercises import ____, ex06 as ex`` loads the Maple Street Mart data once
and defines the tasks ``q1`` .. ``q7``. The notebook takes its tables from here so learner and
checker use the same data: ``ex.campaign`` (the campaign's row), ``ex.activity`` (one row per
member in its treatment or control group, with visits and spend during its dates, from
:func:`storecrm.analysis.promotions.campaign_member_activity`), ``ex.marketing_spend`` and
``ex.margin_rate`` (the chain's gross margin rate, as Module 10 computes it).
"""

from __future__ import annotations

from storecrm.analysis.customer_value import gross_margin_rate
from storecrm.data import load
from storecrm.exercises.promotion import build, campaign_activity, campaign_row
from storecrm.exercises.setup import progress_for, questions_on_copy

__all__ = [
    "EXERCISE",
    "activity",
    "campaign",
    "data",
    "margin_rate",
    "marketing_spend",
    "progress",
    "q1",
    "q2",
    "q3",
    "q4",
    "q5",
    "q6",
    "q7",
]

data = load()
campaign = campaign_row(data.campaigns)
activity = campaign_activity(data)
marketing_spend = data.marketing_spend
margin_rate = gross_margin_rate(data.receipt_lines, data.products)
#: The exercise's name, as reports and the progress summary show it.
EXERCISE = "Exercise 6, did the win-back coupon pay"

_questions = questions_on_copy(data, build, exercise=EXERCISE)

#: Show which tasks are done (from the checks run in this kernel).
progress = progress_for(_questions, EXERCISE)
q1, q2, q3, q4, q5, q6, q7 = (_questions[f"q{n}"] for n in range(1, 8))
