"""Question objects: one per task in an exercise notebook.

A learner's notebook calls ``ex.q3.check()``, ``ex.q3.hint()``, ``ex.q3.hint(2)`` and
``ex.q3.solution()``. ``check()`` reads the learner's variable by name from the notebook
(the caller's globals), so the message can name it and the learner never has to pass it in.
The right answer is computed from the data by a function given to the question (never a
number typed into the package), so the checks stay right when the data is regenerated.

Five kinds share one workflow:

* :class:`ValueQuestion` - a single number, text or True/False.
* :class:`TableQuestion` - a pandas Series or DataFrame.
* :class:`FunctionQuestion` - a function the learner writes, called on several cases.
* :class:`ChartQuestion` - a matplotlib chart, checked on its data, axis labels and title.
* :class:`ReflectionQuestion` - a written answer; shows a model answer and a rubric.

:meth:`Question.assess` returns the :class:`~storecrm.exercises.feedback.Feedback` without
showing it; tests and the authoring tools use it.
"""

from __future__ import annotations

import inspect
import os
import re
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from storecrm.exercises.compare import (
    Problem,
    compare_table,
    compare_value,
    describe_type,
    numbers_close,
)
from storecrm.exercises.feedback import Feedback, Status, show
from storecrm.exercises.placeholder import is_placeholder, uses_placeholder

__all__ = [
    "ChartQuestion",
    "FunctionQuestion",
    "Misconception",
    "Question",
    "ReflectionQuestion",
    "TableQuestion",
    "ValueQuestion",
]

_MISSING = object()


@dataclass(frozen=True)
class Misconception:
    """A typical mistake and the message that explains it.

    ``when(answer, expected)`` returns True if the learner's answer looks like this mistake.
    It is tried only after the answer has the right type and shape, so the message can be
    specific ("these look like percentages") instead of generic ("too high"). ``message``
    may contain ``{name}``, replaced by the learner's variable.
    """

    message: str
    when: Callable[[Any, Any], bool]

    @classmethod
    def equals(
        cls, wrong: Callable[[], Any], message: str, *, atol: float = 1e-6, rtol: float = 1e-9
    ) -> Misconception:
        """The mistake whose result is ``wrong()`` (computed from the data, like the answer)."""

        def when(answer: Any, expected: Any) -> bool:
            try:
                return (
                    compare_value(answer, wrong(), name="", what="", atol=atol, rtol=rtol) is None
                )
            except Exception:
                return False

        return cls(message, when)

    @classmethod
    def percent_not_fraction(cls, *, plural: bool = False) -> Misconception:
        """A percentage (25) where the task asks for a fraction between 0 and 1 (0.25).

        The most common slip in share questions, so every exercise words it the same way.
        """
        if plural:
            message = "`{name}` looks like percentages. Give shares as fractions between 0 and 1."
        else:
            message = (
                "`{name}` looks like a percentage. Give it as a fraction between 0 and 1 "
                "(for example 0.25 rather than 25)."
            )
        return cls.scaled(100, message)

    @classmethod
    def scaled(cls, factor: float, message: str, *, rtol: float = 1e-3) -> Misconception:
        """The answer is the right one times ``factor`` (e.g. 100 for percentages)."""

        def when(answer: Any, expected: Any) -> bool:
            try:
                a = np.asarray(answer, dtype=float).ravel()
                e = np.asarray(expected, dtype=float).ravel() * factor
                return a.shape == e.shape and bool(np.allclose(a, e, rtol=rtol, atol=1e-9))
            except (TypeError, ValueError):
                return False

        return cls(message, when)


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
    ) -> None:
        self.number = number
        self.title = title
        self.variable = variable
        self.hints = tuple(hints)
        self.solution_code = solution
        self.meaning = meaning
        self.alias = alias

    # -- what the learner calls -------------------------------------------------------
    def check(self) -> None:
        """Check the learner's answer (read from the notebook) and show the feedback."""
        namespace = sys._getframe(1).f_globals
        show(self.assess(namespace=namespace))

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

    def assess(
        self, answer: Any = _MISSING, *, namespace: dict[str, Any] | None = None
    ) -> Feedback:
        """Return the feedback for ``answer`` (or for the variable found in ``namespace``)."""
        if answer is _MISSING:
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
        try:
            return self._evaluate(answer)
        except Exception as exc:  # the checker must never show a traceback
            return self._feedback(
                Status.ERROR,
                f"`{self.variable}` could not be checked: looking at it raised "
                f"{_exception_words(exc)}. Make sure it is {self._expected_words()}.",
            )

    def hint_feedback(self, n: int = 1) -> Feedback:
        """The feedback object behind :meth:`hint`."""
        if not self.hints:
            return self._feedback(Status.HINT, "There is no hint for this task.")
        if not isinstance(n, int) or n < 1 or n > len(self.hints):
            return self._feedback(
                Status.HINT,
                f"This task has hints 1 to {len(self.hints)}. If you are still stuck, "
                f"`{self.alias}.q{self.number}.solution()` shows one way to do it.",
            )
        text = self.hints[n - 1]
        if n < len(self.hints):
            text += f"\n\nStill stuck? Run `{self.alias}.q{self.number}.hint({n + 1})`."
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


class _Expecting(Question):
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
        self._expected_cache: Any = _MISSING
        self.what = what
        self.misconceptions = tuple(misconceptions)

    @property
    def expected(self) -> Any:
        """The right answer, computed from the data on first use."""
        if self._expected_cache is _MISSING:
            self._expected_cache = self._expected_fn()
        return self._expected_cache

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


class ValueQuestion(_Expecting):
    """A single number, text or True/False (busiest hour, average basket, a share).

    ``atol``/``rtol`` set how close a number must be; pick them so that sensible rounding
    (to the fen for money) passes and real mistakes do not. ``also_correct`` accepts other
    answers that are equally right (two hours tied for busiest); the "Correct" message then
    quotes the learner's answer.
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
        return self._judge(answer, problem)


class TableQuestion(_Expecting):
    """A pandas Series or DataFrame (receipts per hour, sign-ups per channel).

    Feedback narrows from the table (type, number of rows) to the labels, the columns and
    finally the first wrong value. ``check_order`` makes the row order part of the answer;
    ``allow_extra_columns`` accepts columns the task did not ask for.
    """

    kind = "table"

    def __init__(
        self,
        *,
        row_word: str = "row",
        check_order: bool = False,
        order_words: str = "",
        allow_extra_columns: bool = False,
        atol: float = 1e-6,
        rtol: float = 1e-9,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.row_word = row_word
        self.check_order = check_order
        self.order_words = order_words
        self.allow_extra_columns = allow_extra_columns
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
            atol=self.atol,
            rtol=self.rtol,
        )
        return self._judge(answer, problem)


class FunctionQuestion(_Expecting):
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
                    f"Calling `{call}` raised {_exception_words(exc)}{_learner_line(exc)}. "
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


class ChartQuestion(_Expecting):
    """A chart, checked on the data it shows, its axis labels and its title.

    ``expected`` returns a Series: the index is what the x axis shows (in order), the values
    are the bar heights or line points. ``label_words`` optionally lists words one of which
    each label must contain, e.g. ``{"xlabel": ("hour",)}``. The learner's variable may
    hold the Axes (what ``Series.plot`` returns) or the Figure.
    """

    kind = "chart"

    def __init__(
        self,
        *,
        label_words: dict[str, Sequence[str]] | None = None,
        order_words: str = "in the order of the x axis",
        atol: float = 1e-6,
        rtol: float = 1e-9,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.label_words = dict(label_words or {})
        self.order_words = order_words
        self.atol = atol
        self.rtol = rtol

    def _evaluate(self, answer: Any) -> Feedback:
        from matplotlib.axes import Axes
        from matplotlib.figure import Figure

        name = self.variable
        if isinstance(answer, Figure):
            axes = answer.get_axes()
            if not axes:
                return self._feedback(Status.INCORRECT, f"The figure `{name}` has no chart in it.")
            answer_ax = axes[0]
        elif isinstance(answer, Axes):
            answer_ax = answer
        elif isinstance(answer, np.ndarray) and answer.size and isinstance(answer.flat[0], Axes):
            answer_ax = answer.flat[0]
        else:
            return self._feedback(
                Status.INCORRECT,
                f"`{name}` should be a chart (the Axes that `.plot(...)` returns), but it is "
                f"{describe_type(answer)}.",
            )
        values = _chart_values(answer_ax)
        if values is None:
            return self._feedback(
                Status.INCORRECT, f"The chart `{name}` has no bars or line on it yet ({self.what})."
            )
        want = np.asarray(self.expected.to_numpy(), dtype=float)
        got = np.asarray(values, dtype=float)
        if got.shape != want.shape:
            return self._feedback(
                Status.INCORRECT,
                f"The chart `{name}` shows too {'many' if got.size > want.size else 'few'} "
                f"bars or points ({self.what}).",
            )
        if not _all_close(got, want, self.atol, self.rtol):
            if _all_close(np.sort(got), np.sort(want), self.atol, self.rtol):
                return self._feedback(
                    Status.INCORRECT,
                    f"The chart `{name}` shows the right numbers, but not {self.order_words}.",
                )
            for mistake in self.misconceptions:
                if mistake.when(got, want):
                    return self._feedback(Status.INCORRECT, mistake.message.format(name=name))
            return self._feedback(
                Status.INCORRECT,
                f"The heights in the chart `{name}` do not match {self.what}.",
            )
        title = answer_ax.get_title() or (
            answer_ax.figure._suptitle.get_text() if answer_ax.figure._suptitle else ""
        )
        labels = {
            "title": ("title", title),
            "xlabel": ("horizontal axis label", answer_ax.get_xlabel()),
            "ylabel": ("vertical axis label", answer_ax.get_ylabel()),
        }
        for key, (words, text) in labels.items():
            text = text.strip()
            if not text:
                how = "with `ax.set_title(...)`" if key == "title" else f"with `ax.set_{key}(...)`"
                return self._feedback(
                    Status.INCORRECT,
                    f"The data in `{name}` is right, but it has no {words}. Add one {how}.",
                )
            if re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", text):
                return self._feedback(
                    Status.INCORRECT,
                    f"The {words} of `{name}` is `{text}`, a column name. Write it for a "
                    "colleague: what is shown, and in which unit.",
                )
            wanted = self.label_words.get(key, ())
            if wanted and not any(w.casefold() in text.casefold() for w in wanted):
                return self._feedback(
                    Status.INCORRECT,
                    f'The {words} of `{name}` ("{text}") should say what it shows: mention '
                    + " or ".join(f"'{w}'" for w in wanted)
                    + ".",
                )
        return self._correct(self.expected)


class ReflectionQuestion(Question):
    """A written answer with no single right version (what should the store do?).

    ``check()`` makes sure something real was written, then shows the model answer and a
    short rubric so the learner can compare; it never marks the answer right or wrong.
    ``model_answer`` may be a function with no arguments, so the model answer can quote
    numbers computed from the data and stays true when the data is regenerated.
    """

    kind = "reflection"

    def __init__(
        self,
        *,
        model_answer: str | Callable[[], str],
        rubric: Sequence[str],
        min_words: int = 12,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._model_answer = model_answer
        self.rubric = tuple(rubric)
        self.min_words = min_words

    @property
    def model_answer(self) -> str:
        """The model answer; a callable lets it quote numbers computed from the data."""
        answer = self._model_answer
        return answer() if callable(answer) else answer

    def _expected_words(self) -> str:
        return "your answer written as text in quotes"

    def _evaluate(self, answer: Any) -> Feedback:
        name = self.variable
        if not isinstance(answer, str):
            return self._feedback(
                Status.INCORRECT,
                f"`{name}` should be your answer written as text in quotes, but it is "
                f"{describe_type(answer)}.",
            )
        words = len(answer.split())
        if words < self.min_words:
            return self._feedback(
                Status.INCORRECT,
                f"`{name}` has {words} words. Write at least {self.min_words}: what you see in "
                "the numbers and what the store should do about it.",
            )
        return self._feedback(Status.REFLECTION, self._model_text())

    def _model_text(self) -> str:
        rubric = "\n".join(f"- {item}" for item in self.rubric)
        return (
            "There is no single right answer. Compare yours with this model answer, and "
            f"tick the checklist.\n\n{self.model_answer}\n\nA good answer:\n{rubric}"
        )

    def solution_feedback(self) -> Feedback:
        return self._feedback(Status.REFLECTION, self._model_text())


# -- helpers ---------------------------------------------------------------------------


def _all_close(a: np.ndarray, b: np.ndarray, atol: float, rtol: float) -> bool:
    return all(numbers_close(x, y, atol=atol, rtol=rtol) for x, y in zip(a, b, strict=True))


def _chart_values(ax: Any) -> list[float] | None:
    """The bar heights (vertical bars), bar widths (horizontal bars) or the first line's y."""
    from matplotlib.patches import Rectangle

    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    if bars:
        widths = np.array([p.get_width() for p in bars])
        heights = np.array([p.get_height() for p in bars])
        horizontal = np.ptp(heights) < 1e-12 and np.ptp(widths) > 1e-12
        if horizontal:
            ordered = sorted(bars, key=lambda p: p.get_y())
            return [p.get_width() for p in ordered]
        ordered = sorted(bars, key=lambda p: p.get_x())
        return [p.get_height() for p in ordered]
    for line in ax.lines:
        x = np.asarray(line.get_xdata(), dtype=float)
        y = np.asarray(line.get_ydata(), dtype=float)
        if y.size > 1:
            return [float(v) for v in y[np.argsort(x, kind="stable")]]
    return None


def _exception_words(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    text = text if len(text) <= 160 else text[:157] + "..."
    return f"{type(exc).__name__} ({text})" if text else type(exc).__name__


_LIBRARY_DIRS = tuple(
    os.path.dirname(p)
    for p in (os.__file__, np.__file__, pd.__file__, os.path.dirname(__file__) + os.sep)
)


def _learner_line(exc: BaseException) -> str:
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
