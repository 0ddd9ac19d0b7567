"""A question whose answer is a pandas Series or DataFrame."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from storecrm.exercises.compare import compare_table
from storecrm.exercises.feedback import Feedback
from storecrm.exercises.questions.base import ExpectingQuestion

__all__ = ["TableQuestion"]


class TableQuestion(ExpectingQuestion):
    """A pandas Series or DataFrame (receipts per hour, sign-ups per channel).

    Feedback narrows from the table (type, number of rows) to the labels, the columns and
    finally the first wrong value. ``check_order`` makes the row order part of the answer;
    ``allow_extra_columns`` accepts columns the task did not ask for. ``zero_rows`` lists
    labels a learner may add with the value 0 although the expected answer leaves them out
    (all hours 0-23 when the task says "0 to 23", months with no upgrade).
    """

    kind = "table"

    def __init__(
        self,
        *,
        row_word: str = "row",
        check_order: bool = False,
        order_words: str = "",
        allow_extra_columns: bool = False,
        zero_rows: Iterable[Any] = (),
        atol: float = 1e-6,
        rtol: float = 1e-9,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.row_word = row_word
        self.check_order = check_order
        self.order_words = order_words
        self.allow_extra_columns = allow_extra_columns
        self.zero_rows = tuple(zero_rows)
        self.atol = atol
        self.rtol = rtol

    def _evaluate(self, answer: Any) -> Feedback:
        problem = compare_table(
            answer,
            self.expected,
            name=self.variable,
            what=self.what,
            row_word=self.row_word,
            check_order=self.check_order,
            order_words=self.order_words,
            allow_extra_columns=self.allow_extra_columns,
            zero_rows=self.zero_rows,
            atol=self.atol,
            rtol=self.rtol,
        )
        return self._judge(answer, problem)
