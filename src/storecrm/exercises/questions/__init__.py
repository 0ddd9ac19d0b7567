"""Question objects: one per task in an exercise notebook.

Six kinds share one workflow (:mod:`.base`):

* :class:`ValueQuestion` - a single number, text or True/False (:mod:`.value`).
* :class:`TableQuestion` - a pandas Series or DataFrame (:mod:`.table`).
* :class:`FunctionQuestion` - a function the learner writes, called on several cases
  (:mod:`.function`).
* :class:`ChartQuestion` - a matplotlib chart, checked on its kind, bars, positions, heights,
  axis labels and title (:mod:`.chart`).
* :class:`ChoiceQuestion` - choose the action the numbers support, by its letter; which
  :class:`Option` is right is computed from the data (:mod:`.choice`).
* :class:`ReflectionQuestion` - a written answer; shows a model answer and a rubric
  (:mod:`.reflection`).

Typical mistakes are :class:`Misconception` objects (:mod:`.misconception`). Everything is
re-exported here, so ``from storecrm.exercises.questions import X`` works as it did when this
was one module.
"""

from storecrm.exercises.questions.base import ExpectingQuestion, Question
from storecrm.exercises.questions.chart import ChartQuestion
from storecrm.exercises.questions.choice import ChoiceQuestion, Option
from storecrm.exercises.questions.function import FunctionQuestion
from storecrm.exercises.questions.misconception import Misconception
from storecrm.exercises.questions.reflection import ReflectionQuestion
from storecrm.exercises.questions.table import TableQuestion
from storecrm.exercises.questions.value import ValueQuestion

__all__ = [
    "ChartQuestion",
    "ChoiceQuestion",
    "ExpectingQuestion",
    "FunctionQuestion",
    "Misconception",
    "Option",
    "Question",
    "ReflectionQuestion",
    "TableQuestion",
    "ValueQuestion",
]
