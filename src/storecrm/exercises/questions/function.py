"""A question whose answer is a function the learner writes."""

from __future__ import annotations

import inspect
from typing import Any

from storecrm.exercises.compare import compare_value, describe_type
from storecrm.exercises.feedback import Feedback, Status
from storecrm.exercises.placeholder import is_placeholder, uses_placeholder
from storecrm.exercises.questions.base import ExpectingQuestion, exception_words, learner_line

__all__ = ["FunctionQuestion"]


class FunctionQuestion(ExpectingQuestion):
    """A function the learner writes, called on several cases computed from the data.

    ``expected`` returns a list of ``(args, right_result)`` pairs; choose cases that catch
    the typical mistakes (a member with no receipts, a value right on a boundary).
    ``what`` describes what the function returns ("the member's total spend in yuan").
    ``n_args`` is how many inputs it takes; ``arg_words`` names them for messages.
    """

    kind = "function"

    def __init__(
        self,
        *,
        n_args: int = 1,
        arg_words: str = "one input",
        atol: float = 1e-6,
        rtol: float = 1e-9,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.n_args = n_args
        self.arg_words = arg_words
        self.atol = atol
        self.rtol = rtol

    def _not_attempted(self, answer: Any) -> bool:
        return is_placeholder(answer) or uses_placeholder(answer)

    def _evaluate(self, answer: Any) -> Feedback:
        name = self.variable
        if not callable(answer):
            return self._feedback(
                Status.INCORRECT,
                f"`{name}` should be a function (written with `def {name}(...):`), but it is "
                f"{describe_type(answer)}.",
            )
        try:
            inspect.signature(answer).bind(*range(self.n_args))
        except TypeError:
            return self._feedback(
                Status.INCORRECT, f"`{name}` should take {self.arg_words}; check its `def` line."
            )
        except ValueError:  # builtins without a signature: just try calling them
            pass
        for args, right in self.expected:
            call = f"{name}({', '.join(repr(a) for a in args)})"
            try:
                result = answer(*args)
            except Exception as exc:
                return self._feedback(
                    Status.ERROR,
                    f"Calling `{call}` raised {exception_words(exc)}{learner_line(exc)}. "
                    "Fix that line and run the cell with your function again.",
                )
            if result is None and right is not None:
                return self._feedback(
                    Status.INCORRECT,
                    f"`{call}` returned nothing (None). Does your function end with `return`?",
                )
            problem = compare_value(
                result,
                right,
                name=call,
                what=self.what,
                atol=self.atol,
                rtol=self.rtol,
                verb="returned",
            )
            if problem is not None:
                return self._judge(answer, problem)
        return self._correct(self.expected)
