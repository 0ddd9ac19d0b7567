"""A question whose answer is one number, text or True/False."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storecrm.exercises.compare import compare_value, is_number, numbers_close
from storecrm.exercises.feedback import Feedback, Status
from storecrm.exercises.questions.base import ExpectingQuestion

__all__ = ["ValueQuestion"]


class ValueQuestion(ExpectingQuestion):
    """A single number, text or True/False (busiest hour, average basket, a share).

    ``atol``/``rtol`` set how close a number must be. For a share, use a *relative*
    tolerance (``compare.SHARE_TOLERANCE``): an absolute one wide enough for a 0.3 share
    passes a 0.0025 share that is 20 % off. ``also_correct`` accepts other answers that are
    equally right (two hours tied for busiest); the "Correct" message then quotes the
    learner's answer. A number that is the right one rounded is told so, not "too low".
    """

    kind = "value"

    def __init__(
        self,
        *,
        atol: float = 1e-6,
        rtol: float = 1e-9,
        also_correct: Callable[[Any], bool] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.atol = atol
        self.rtol = rtol
        self.also_correct = also_correct

    def _evaluate(self, answer: Any) -> Feedback:
        if self.also_correct is not None and self.also_correct(answer):
            return self._correct(answer)
        problem = compare_value(
            answer,
            self.expected,
            name=self.variable,
            what=self.what,
            atol=self.atol,
            rtol=self.rtol,
        )
        feedback = self._judge(answer, problem)
        if (
            problem is not None
            and feedback.message == problem.message
            and _rounded(answer, self.expected)
        ):
            return self._feedback(
                Status.INCORRECT,
                f"`{self.variable}` is {float(answer):g}, which looks like the right answer "
                "rounded. Don't round it: keep every decimal pandas gives you.",
            )
        return feedback


def _rounded(answer: Any, expected: Any) -> bool:
    """True if ``answer`` is ``expected`` rounded to 0-4 decimals (and not equal to it)."""
    if not (is_number(answer) and is_number(expected)) or float(answer) == float(expected):
        return False
    return any(
        numbers_close(float(answer), round(float(expected), digits), atol=1e-12, rtol=1e-12)
        for digits in range(5)
    )
