"""Exercise 7, "Is the member export fit to send?": the setup cell imports this module.

``from storecrm.exercises import ____, ex07 as ex`` loads the Maple Street Mart data once,
makes the practice export (:func:`storecrm.exercises.member_export.raw_export`, a messy copy
of 30 members; the committed data is not changed) and defines the tasks ``q1`` .. ``q7``.
The notebook takes ``ex.export``, ``ex.CHANNELS``, ``ex.EXPORT_DAY`` and ``ex.HOLD_LIMIT``
from here, so learner and checker use the same list and the same rule.
"""

from __future__ import annotations

from storecrm.analysis.data_quality import EXPORT_DAY
from storecrm.data import load
from storecrm.exercises.member_export import CHANNELS, HOLD_LIMIT, build, raw_export
from storecrm.exercises.setup import progress_for, questions_on_copy

__all__ = [
    "CHANNELS",
    "EXERCISE",
    "EXPORT_DAY",
    "HOLD_LIMIT",
    "data",
    "export",
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
export = raw_export(data.customers)
#: The exercise's name, as reports and the progress summary show it.
EXERCISE = "Exercise 7, is the member export fit to send"

_questions = questions_on_copy(data, build, exercise=EXERCISE)

#: Show which tasks are done (from the checks run in this kernel).
progress = progress_for(_questions, EXERCISE)
q1, q2, q3, q4, q5, q6, q7 = (_questions[f"q{n}"] for n in range(1, 8))
