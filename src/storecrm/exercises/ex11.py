"""Exercise 11, "The monthly KPI review and a campaign's return": the setup cell imports this.

``from storecrm.exercises import ____, ex11 as ex`` loads the Maple Street Mart data once and
defines the tasks ``q1`` .. ``q8``. The notebook takes its tables from here so learner and
checker use the same data: ``ex.receipts``, and for the campaign ``ex.uplift`` (its row from
:func:`storecrm.analysis.promotions.campaign_uplift`), ``ex.margin_rate`` (the chain's gross
margin rate, as Module 10 computes it) and ``ex.campaign_cost`` (its running cost in yuan).
"""

from __future__ import annotations

from storecrm.data import load
from storecrm.exercises.dashboard import CAMPAIGN, build, campaign_inputs
from storecrm.exercises.setup import progress_for, questions_on_copy

__all__ = [
    "CAMPAIGN",
    "EXERCISE",
    "campaign_cost",
    "campaign_name",
    "data",
    "margin_rate",
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
    "uplift",
]

data = load()
receipts = data.receipts
#: The campaign's uplift against its control group, the margin rate and its running cost.
uplift, margin_rate, campaign_cost = campaign_inputs(data)
campaign_name = str(data.campaigns.set_index("campaign_id").loc[CAMPAIGN, "campaign_name"])
#: The exercise's name, as reports and the progress summary show it.
EXERCISE = "Exercise 11, the monthly KPI review and a campaign's return"

_questions = questions_on_copy(data, build, exercise=EXERCISE)

#: Show which tasks are done (from the checks run in this kernel).
progress = progress_for(_questions, EXERCISE)
q1, q2, q3, q4, q5, q6, q7, q8 = (_questions[f"q{n}"] for n in range(1, 9))
