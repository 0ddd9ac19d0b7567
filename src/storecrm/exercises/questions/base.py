"""What every question shares: the check workflow, hints, solution, and whose fault a failure is.

A learner's notebook calls ``ex.q3.check()``, ``ex.q3.hint()``, ``ex.q3.hint(2)`` and
``ex.q3.solution()``. ``check()`` reads the learner's variable by name from the notebook
(the caller's globals), so the message can name it and the learner never has to pass it in.
The right answer is computed from the data by a function given to the question (never a
number typed into the package), so the checks stay right when the data is regenerated.

If that computation fails, the fault is the course's, not the learner's: the check says the
exercise is broken and how to report it (:attr:`Status.BROKEN`), and never "your answer is
wrong".

:meth:`Question.assess` returns the :class:`~storecrm.exercises.feedback.Feedback` without
showing it; tests and the authoring tools use it.
"""

from __future__ import annotations

import numbers
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from storecrm.exercises.compare import Problem, is_number
from storecrm.exercises.feedback import Feedback, Status, show
from storecrm.exercises.placeholder import is_placeholder
from storecrm.exercises.questions.misconception import Misconception

__all__ = ["MISSING", "ExpectingQuestion", "Question", "exception_words", "learner_line"]

#: Marks "no answer given" (``None`` is a possible, wrong, answer).
MISSING: Any = object()

#: Where a learner reports a fault in the course.
REPORT = "Please tell your trainer, or open an issue in the course's repository, and quote"


class Question:
    """What every kind of question shares: hints, solution, and the check workflow.

    Parameters
    ----------
    number
        The task number in the notebook; also used in hint messages (``ex.q3.hint(2)``).
    title
        A few words naming the task ("busiest hour").
    variable
        The name the starter cell gives the answer (``busiest_hour``); ``check()`` looks it
        up in the notebook.
    hints
        Graduated hints: first the idea, then the columns or functions, then nearly the code.
    solution
        The model solution code, shown by ``solution()``.
    meaning
        One sentence shown with "Correct": what the result means for the store. A callable
        receives the right answer, so the sentence can quote it once the learner has earned it.
    alias
        The name the notebook imports the exercise module as, used in messages.
    exercise
        The exercise's name ("Exercise 1, first look at a day of receipts"), so that a report
        about a broken check says where it happened. Exercise modules set it.
    """

    kind = "question"

    def __init__(
        self,
        *,
        number: int,
        title: str,
        variable: str,
        hints: Sequence[str] = (),
        solution: str = "",
        meaning: str | Callable[[Any], str] = "",
        alias: str = "ex",
        exercise: str = "",
    ) -> None:
        self.number = number
        self.title = title
        self.variable = variable
        self.hints = tuple(hints)
        self.solution_code = solution
        self.meaning = meaning
        self.alias = alias
        self.exercise = exercise
        #: The status of the last ``check()`` in this kernel (``None``: not checked yet);
        #: :func:`storecrm.exercises.progress.progress_feedback` reads it.
        self.last_status: Status | None = None

    # -- what the learner calls -------------------------------------------------------
    def check(self) -> None:
        """Check the learner's answer (read from the notebook) and show the feedback."""
        namespace = sys._getframe(1).f_globals
        feedback = self.assess(namespace=namespace)
        self.last_status = feedback.status
        show(feedback)

    def hint(self, n: int = 1) -> None:
        """Show hint ``n`` (1 = the idea; later hints get closer to the code)."""
        show(self.hint_feedback(n))

    def solution(self) -> None:
        """Show the model solution."""
        show(self.solution_feedback())

    # -- what tests and tools call ----------------------------------------------------
    @property
    def heading(self) -> str:
        return f"Task {self.number}, {self.title}"

    @property
    def where(self) -> str:
        """The exercise and task, as a learner would quote them in a report."""
        task = f"task {self.number} ({self.title})"
        return f"{self.exercise}, {task}" if self.exercise else task.capitalize()

    def assess(self, answer: Any = MISSING, *, namespace: dict[str, Any] | None = None) -> Feedback:
        """Return the feedback for ``answer`` (or for the variable found in ``namespace``)."""
        if answer is MISSING:
            namespace = namespace if namespace is not None else {}
            if self.variable not in namespace:
                return self._feedback(
                    Status.NOT_ATTEMPTED,
                    f"There is no `{self.variable}` yet. Run the cell above that creates "
                    f"`{self.variable}`, then run this check again.",
                )
            answer = namespace[self.variable]
        if self._not_attempted(answer):
            return self._feedback(
                Status.NOT_ATTEMPTED,
                f"`{self.variable}` still holds the blank `____`. Replace `____` with your "
                "code and run that cell (if it shows an error, fix that first), then run this "
                "check again.",
            )
        broken = self._course_fault()
        if broken is not None:
            return broken
        try:
            return self._evaluate(answer)
        except Exception as exc:  # the checker must never show a traceback
            return self._feedback(
                Status.ERROR,
                f"`{self.variable}` could not be checked: looking at it raised "
                f"{exception_words(exc)}. Make sure it is {self._expected_words()}. If it "
                f"already is, the checker is at fault, not you. {REPORT} "
                f'"{self.where}: the check failed".',
            )

    def hint_feedback(self, n: int = 1) -> Feedback:
        """The feedback object behind :meth:`hint`."""
        call = f"{self.alias}.q{self.number}.hint"
        if isinstance(n, bool | np.bool_) or not isinstance(n, numbers.Integral):
            return self._feedback(
                Status.HINT,
                f"`{call}(...)` takes the number of a hint, a whole number from 1 to "
                f"{max(len(self.hints), 1)}, for example `{call}(2)`; {n!r} is not one.",
                label="Which hint?",
            )
        n = int(n)
        if not self.hints:
            return self._feedback(Status.HINT, "There is no hint for this task.")
        if n < 1 or n > len(self.hints):
            return self._feedback(
                Status.HINT,
                f"This task has hints 1 to {len(self.hints)}. If you are still stuck, "
                f"`{self.alias}.q{self.number}.solution()` shows one way to do it.",
            )
        text = self.hints[n - 1]
        if n < len(self.hints):
            text += f"\n\nStill stuck? Run `{call}({n + 1})`."
        return self._feedback(Status.HINT, text, label=f"Hint {n} of {len(self.hints)}")

    def solution_feedback(self) -> Feedback:
        """The feedback object behind :meth:`solution`."""
        return self._feedback(
            Status.SOLUTION,
            "One way to do it (other ways can be right too):",
            code=self.solution_code,
        )

    # -- for subclasses ----------------------------------------------------------------
    def _not_attempted(self, answer: Any) -> bool:
        return is_placeholder(answer)

    def _course_fault(self) -> Feedback | None:
        """A BROKEN feedback if the course cannot judge this task, else ``None``."""
        return None

    def _broken(self, reason: str) -> Feedback:
        return self._feedback(
            Status.BROKEN,
            f"This check cannot judge your answer: {reason}. That is a fault in the "
            f"exercise, not in your answer. {REPORT} this sentence: "
            f'"{self.where} could not work out its own answer."',
        )

    def _evaluate(self, answer: Any) -> Feedback:  # pragma: no cover - abstract
        raise NotImplementedError

    def _expected_words(self) -> str:
        return "what the task asks for"

    def _feedback(self, status: Status, message: str, **kwargs: Any) -> Feedback:
        return Feedback(status, message, title=self.heading, **kwargs)

    def _correct(self, expected: Any) -> Feedback:
        meaning = self.meaning(expected) if callable(self.meaning) else self.meaning
        return self._feedback(Status.CORRECT, meaning or "Well done.")

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} {self.heading!r}: run "
            f"{self.alias}.q{self.number}.check(), .hint() or .solution()>"
        )


class ExpectingQuestion(Question):
    """A question whose right answer is computed (once) from the data."""

    def __init__(
        self,
        *,
        expected: Callable[[], Any],
        what: str,
        misconceptions: Sequence[Misconception] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._expected_fn = expected
        self._expected_cache: Any = MISSING
        self.what = what
        self.misconceptions = tuple(misconceptions)

    @property
    def expected(self) -> Any:
        """The right answer, computed from the data on first use."""
        if self._expected_cache is MISSING:
            self._expected_cache = self._expected_fn()
        return self._expected_cache

    def _course_fault(self) -> Feedback | None:
        try:
            expected = self.expected
        except Exception as exc:
            return self._broken(f"working out the right answer raised {exception_words(exc)}")
        missing = _missing_data(expected)
        if missing:
            return self._broken(missing)
        return None

    def _expected_words(self) -> str:
        return self.what

    def _judge(self, answer: Any, problem: Problem | None) -> Feedback:
        if problem is None:
            return self._correct(self.expected)
        if problem.stage != "type":
            for mistake in self.misconceptions:
                if mistake.when(answer, self.expected):
                    return self._feedback(
                        Status.INCORRECT, mistake.message.format(name=self.variable)
                    )
        return self._feedback(Status.INCORRECT, problem.message)


def _missing_data(expected: Any) -> str:
    """Why an expected answer shows that the course's data is missing ("" if it is fine)."""
    if isinstance(expected, pd.Series | pd.DataFrame) and expected.empty:
        return "the data it works from is empty (the right answer has no rows)"
    if is_number(expected) and not np.isfinite(float(expected)):
        return "the data it works from is missing (the right answer came out as NaN)"
    if isinstance(expected, list) and not expected:
        return "the data it works from is empty (there is nothing to test with)"
    return ""


def exception_words(exc: BaseException) -> str:
    """``KeyError ('M2')``: an exception named in one line, for a message."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    text = text if len(text) <= 160 else text[:157] + "..."
    return f"{type(exc).__name__} ({text})" if text else type(exc).__name__


_LIBRARY_DIRS = tuple(
    os.path.dirname(p)
    for p in (
        os.__file__,
        np.__file__,
        pd.__file__,
        os.path.dirname(os.path.dirname(__file__)) + os.sep,
    )
)


def learner_line(exc: BaseException) -> str:
    """' on the line `...`' for the last traceback frame in the learner's own code."""
    frames = traceback.extract_tb(exc.__traceback__)
    mine = [
        f
        for f in frames
        if not f.filename.startswith(_LIBRARY_DIRS) and "site-packages" not in f.filename
    ]
    if mine and mine[-1].line:
        return f" on the line `{mine[-1].line.strip()}`"
    return ""
