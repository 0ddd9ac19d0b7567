"""Compare a learner's answer with the expected one and describe the *first* problem.

Each function returns ``None`` when the answer is right, or a :class:`Problem` whose message
names the learner's variable, says what was expected in shop-floor words, and never prints
the expected value (the learner should find it, not copy it). Checks go from the outside in:
type, then shape, then labels, then columns, then values, so the message points at the
biggest problem first and the learner fixes one thing at a time.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

__all__ = [
    "SHARE_TOLERANCE",
    "Problem",
    "compare_table",
    "compare_value",
    "describe_type",
    "is_number",
    "numbers_close",
]

#: How close a share (a fraction 0-1) must be: relative, so that a small share (0.0025) is
#: held to the same standard as a large one. An absolute tolerance wide enough for a 0.3
#: share passes a 0.0025 share that is 20 % off. Learners are told not to round.
SHARE_TOLERANCE: dict[str, float] = {"atol": 1e-9, "rtol": 0.001}

Stage = Literal["type", "shape", "labels", "columns", "order", "values"]


@dataclass(frozen=True)
class Problem:
    """Why an answer is not right yet; ``stage`` says how far the comparison got."""

    stage: Stage
    message: str


def is_number(value: Any) -> bool:
    """True for ints and floats (numpy ones too), False for bools and everything else."""
    return isinstance(value, numbers.Number) and not isinstance(value, bool | np.bool_)


def numbers_close(a: float, b: float, *, atol: float, rtol: float) -> bool:
    """Compare two numbers with an absolute and a relative tolerance (like ``math.isclose``)."""
    if np.isnan(a) or np.isnan(b):
        return False
    if np.isinf(a) or np.isinf(b):  # the relative tolerance of an infinity is infinite
        return a == b
    return bool(abs(a - b) <= max(atol, rtol * max(abs(a), abs(b))))


def describe_type(value: Any) -> str:
    """Name a value's type in words a learner recognises."""
    if isinstance(value, pd.DataFrame):
        return f"a table (DataFrame) with {len(value)} rows and {value.shape[1]} columns"
    if isinstance(value, pd.Series):
        return f"a pandas Series with {len(value)} values"
    if isinstance(value, bool | np.bool_):
        return f"True/False ({value})"
    if isinstance(value, str):
        return f"text ({value!r})"
    if is_number(value):
        return f"the number {_fmt(value)}"
    if value is None:
        return "None (nothing)"
    if isinstance(value, list | tuple | set | dict):
        return f"a {type(value).__name__} with {len(value)} items"
    if callable(value):
        return "a function"
    return f"a {type(value).__name__}"


def _fmt(value: Any) -> str:
    if isinstance(value, float | np.floating):
        return f"{float(value):,.4g}" if abs(value) < 1e6 else f"{float(value):,.0f}"
    if isinstance(value, numbers.Integral):
        return f"{int(value)}"
    return repr(value)


def _label(value: Any) -> str:
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d") if value == value.normalize() else str(value)
    if isinstance(value, np.generic):
        value = value.item()
    return repr(value) if isinstance(value, str) else str(value)


def compare_value(
    answer: Any,
    expected: Any,
    *,
    name: str,
    what: str,
    atol: float = 1e-6,
    rtol: float = 1e-9,
    verb: str = "is",
) -> Problem | None:
    """Compare a single number, text or True/False.

    Parameters
    ----------
    answer, expected
        The learner's value and the right one.
    name
        How to refer to the answer in the message, e.g. ``busiest_hour``.
    what
        What the value should be, in shop-floor words ("the hour with the most receipts").
    atol, rtol
        Absolute and relative tolerance for numbers, so rounding to the fen (0.01 yuan) or
        floating-point noise is not punished.
    verb
        "is" for variables, "returned" for function calls.
    """
    ref = f"`{name}`"
    if is_number(expected):
        if isinstance(answer, pd.Series | pd.DataFrame):
            if answer.size == 1:
                return Problem(
                    "type",
                    f"{ref} {verb} {describe_type(answer)}, not a plain number. Take the single "
                    "value out of it, for example with `.item()`.",
                )
            return Problem(
                "type",
                f"{ref} should be one number ({what}), but it {verb} {describe_type(answer)}.",
            )
        if isinstance(answer, np.ndarray) and answer.size == 1:
            answer = answer.item()
        if not is_number(answer):
            return Problem(
                "type", f"{ref} should be a number ({what}), but it {verb} {describe_type(answer)}."
            )
        value = float(answer)
        if np.isnan(value):
            return Problem(
                "values", f"{ref} {verb} NaN (not a number): something in the calculation is empty."
            )
        if numbers_close(value, float(expected), atol=atol, rtol=rtol):
            return None
        direction = "too high" if value > float(expected) else "too low"
        return Problem("values", f"{ref} {verb} {_fmt(answer)}, which is {direction} for {what}.")
    if isinstance(expected, str):
        if isinstance(answer, pd.Series) and answer.size == 1:
            return Problem(
                "type",
                f"{ref} {verb} {describe_type(answer)}, not plain text. Take the single value "
                "out of it, for example with `.item()`.",
            )
        if not isinstance(answer, str):
            return Problem(
                "type", f"{ref} should be text ({what}), but it {verb} {describe_type(answer)}."
            )
        if answer.strip().casefold() == expected.strip().casefold():
            return None
        return Problem("values", f"{ref} {verb} {answer!r}, which is not {what}.")
    if isinstance(expected, bool | np.bool_):
        if not isinstance(answer, bool | np.bool_):
            return Problem(
                "type",
                f"{ref} should be True or False ({what}), but it {verb} {describe_type(answer)}.",
            )
        if bool(answer) == bool(expected):
            return None
        return Problem("values", f"{ref} {verb} {bool(answer)}, which does not fit {what}.")
    if isinstance(expected, pd.Series | pd.DataFrame):
        return compare_table(answer, expected, name=name, what=what, atol=atol, rtol=rtol)
    if answer == expected:
        return None
    return Problem("values", f"{ref} {verb} not {what}.")


def compare_table(
    answer: Any,
    expected: pd.Series | pd.DataFrame,
    *,
    name: str,
    what: str,
    row_word: str = "row",
    check_order: bool = False,
    order_words: str = "",
    allow_extra_columns: bool = False,
    zero_rows: Iterable[Any] = (),
    atol: float = 1e-6,
    rtol: float = 1e-9,
) -> Problem | None:
    """Compare a Series or DataFrame, narrowing from the table to the column to the value.

    A one-column DataFrame where a Series is expected (or the reverse) is the same answer in
    another legitimate form and is compared as such.

    Parameters
    ----------
    row_word
        What one row stands for ("sign-up channel", "hour"), used in messages such as
        "there should be one row per sign-up channel".
    check_order
        Whether the order of the rows matters (a ranking does; a count per channel does
        not). ``order_words`` says what order is wanted ("largest first").
    allow_extra_columns
        Accept columns the task did not ask for (a learner who added an ``hour`` column to
        the day's receipts in a later task still has the right rows).
    zero_rows
        Labels a learner may include with the value 0 although ``expected`` leaves them out
        (every hour 0-23 when the task says "0 to 23"); such rows are dropped before comparing.
    """
    ref = f"`{name}`"
    want_series = isinstance(expected, pd.Series)
    if want_series and isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
        answer = answer.iloc[:, 0]
    elif not want_series and isinstance(answer, pd.Series) and expected.shape[1] == 1:
        answer = answer.to_frame(expected.columns[0])
    zero_rows = list(zero_rows)
    if zero_rows:
        answer = _drop_zero_rows(answer, expected, zero_rows)
    if want_series:
        if isinstance(answer, pd.DataFrame):
            if answer.shape[1] == 1:
                return Problem(
                    "type",
                    f"{ref} is a table (DataFrame) with one column; the task wants a Series "
                    f"({what}). Select that column, for example "
                    f"`{name}[{_label(answer.columns[0])}]`.",
                )
            return Problem(
                "type",
                f"{ref} should be a Series with one value per {row_word} ({what}), but it is "
                f"{describe_type(answer)}.",
            )
        if not isinstance(answer, pd.Series):
            return Problem(
                "type",
                f"{ref} should be a pandas Series with one value per {row_word} ({what}), but "
                f"it is {describe_type(answer)}.",
            )
    else:
        if isinstance(answer, pd.Series):
            return Problem(
                "type",
                f"{ref} should be a table (DataFrame) with the columns "
                f"{_names(expected.columns)}, but it is a Series.",
            )
        if not isinstance(answer, pd.DataFrame):
            return Problem(
                "type",
                f"{ref} should be a table (DataFrame) ({what}), but it is {describe_type(answer)}.",
            )

    if not want_series:
        missing = [c for c in expected.columns if c not in answer.columns]
        if missing:
            return Problem("columns", f"{ref} has no column `{missing[0]}`; {what} needs it.")

    if len(answer) != len(expected):
        return Problem(
            "shape",
            f"{ref} has too {'many' if len(answer) > len(expected) else 'few'} rows: "
            f"there should be one per {row_word}.",
        )

    expected_labels = expected.index.tolist()
    answer_labels = answer.index.tolist()
    if set(answer_labels) != set(expected_labels):
        if isinstance(answer.index, pd.RangeIndex) and not isinstance(
            expected.index, pd.RangeIndex
        ):
            return Problem(
                "labels",
                f"The rows of {ref} are numbered 0, 1, 2, ... instead of being labelled by "
                f"{row_word}. Keep the {row_word} as the index (don't reset it).",
            )
        lost = [label for label in expected_labels if label not in set(answer_labels)]
        if lost:
            return Problem("labels", f"{ref} has no row for the {row_word} {_label(lost[0])}.")
        extra = [label for label in answer_labels if label not in set(expected_labels)]
        return Problem(
            "labels",
            f"{ref} has a row for {_label(extra[0])}, which is not a {row_word} the task asks for.",
        )
    if answer.index.has_duplicates:
        return Problem("labels", f"{ref} has the same {row_word} in more than one row.")

    if check_order and answer_labels != expected_labels:
        return Problem(
            "order",
            f"{ref} has the right rows but in a different order"
            + (f": sort it {order_words}." if order_words else "."),
        )

    aligned = answer.reindex(expected.index)
    if want_series:
        return _compare_column(
            aligned, expected, where=f"In {ref}", row_word=row_word, what=what, atol=atol, rtol=rtol
        )

    extra_cols = [c for c in answer.columns if c not in expected.columns]
    if extra_cols and not allow_extra_columns:
        return Problem(
            "columns",
            f"{ref} has an extra column `{extra_cols[0]}`; keep only {_names(expected.columns)}.",
        )
    for column in expected.columns:
        problem = _compare_column(
            aligned[column],
            expected[column],
            where=f"In column `{column}` of {ref}",
            row_word=row_word,
            what=what,
            atol=atol,
            rtol=rtol,
        )
        if problem is not None:
            return problem
    return None


def _drop_zero_rows(answer: Any, expected: Any, zero_rows: list[Any]) -> Any:
    """A Series ``answer`` without allowed extra rows that hold 0 (other answers unchanged)."""
    if not isinstance(answer, pd.Series) or not pd.api.types.is_numeric_dtype(answer):
        return answer
    drop = ~answer.index.isin(expected.index) & answer.index.isin(zero_rows) & answer.eq(0)
    return answer[~drop.to_numpy()] if drop.any() else answer


def _names(columns: Any) -> str:
    return ", ".join(f"`{c}`" for c in columns)


def _compare_column(
    got: pd.Series,
    want: pd.Series,
    *,
    where: str,
    row_word: str,
    what: str,
    atol: float,
    rtol: float,
) -> Problem | None:
    want_numeric = pd.api.types.is_numeric_dtype(want) and not pd.api.types.is_bool_dtype(want)
    if want_numeric:
        if not pd.api.types.is_numeric_dtype(got) or pd.api.types.is_bool_dtype(got):
            return Problem("values", f"{where}, the values should be numbers ({what}).")
        got_f = got.astype(float).to_numpy()
        want_f = want.astype(float).to_numpy()
        for label, g, w in zip(want.index, got_f, want_f, strict=True):
            if np.isnan(w) and np.isnan(g):
                continue
            if np.isnan(g):
                return Problem(
                    "values", f"{where}, the value for {_label(label)} is missing (NaN)."
                )
            if not numbers_close(g, w, atol=atol, rtol=rtol):
                direction = "too high" if g > w else "too low"
                return Problem(
                    "values", f"{where}, the value for {_label(label)} is {direction} ({what})."
                )
        return None
    for label, g, w in zip(want.index, got.tolist(), want.tolist(), strict=True):
        same = (pd.isna(g) and pd.isna(w)) if (_scalar_na(g) or _scalar_na(w)) else g == w
        if not same:
            return Problem(
                "values", f"{where}, the value for {_label(label)} is not right ({what})."
            )
    return None


def _scalar_na(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
