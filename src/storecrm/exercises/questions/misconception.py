"""Typical mistakes a question recognises, so its feedback can name them.

A :class:`Misconception` is tried only after the answer has the right type and shape, so the
message can be specific ("looks like a percent") instead of generic ("too high").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from storecrm.exercises.compare import compare_value

__all__ = ["Misconception", "numbers_in"]

#: The words every share question uses for a percent given where a fraction is wanted, and
#: the reverse (the house style: shares are fractions 0-1 in code and checks).
PERCENT_NOT_FRACTION = "`{name}` looks like a percent; give a fraction 0–1"
FRACTION_NOT_PERCENT = "`{name}` looks like a fraction; give a percent 0–100"


def numbers_in(value: Any) -> np.ndarray | None:
    """The numbers in a number, Series, DataFrame or array (flattened), or ``None``."""
    if isinstance(value, bool | np.bool_):
        return None
    try:
        found = np.asarray(value, dtype=float).ravel()
    except (TypeError, ValueError):
        return None
    return found if found.size else None


@dataclass(frozen=True)
class Misconception:
    """A typical mistake and the message that explains it.

    ``when(answer, expected)`` returns True if the learner's answer looks like this mistake.
    ``message`` may contain ``{name}``, replaced by the learner's variable.
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
        """A percent (30.8) where the task asks for a fraction between 0 and 1 (0.308).

        The most common slip in share questions, so every exercise words it the same way.
        It matches any answer on the percent scale (some value above 1, none above 100)
        when the right answer is a fraction, rounded or not: a learner who typed 30.8 for
        0.3084 must hear "percent", not "too high".
        """
        example = " for each row (0.25 rather than 25)" if plural else " (0.25 rather than 25)"

        def when(answer: Any, expected: Any) -> bool:
            got, want = numbers_in(answer), numbers_in(expected)
            if got is None or want is None or np.isnan(got).all():
                return False
            got = got[~np.isnan(got)]
            return bool(
                (want >= 0).all() and (want <= 1).all() and (got > 1).any() and (got <= 100).all()
            )

        return cls(PERCENT_NOT_FRACTION + example + ".", when)

    @classmethod
    def fraction_not_percent(cls) -> Misconception:
        """A fraction (0.308) where the task asks for a percent 0-100 (30.8).

        The course states shares as fractions, but a task quoting a figure from a report
        may ask for a percent; this is the same slip the other way round.
        """

        def when(answer: Any, expected: Any) -> bool:
            got, want = numbers_in(answer), numbers_in(expected)
            if got is None or want is None:
                return False
            return bool(
                (want > 1).any() and (want <= 100).all() and (got >= 0).all() and (got <= 1).all()
            )

        return cls(FRACTION_NOT_PERCENT + " (25 rather than 0.25).", when)

    @classmethod
    def scaled(cls, factor: float, message: str, *, rtol: float = 1e-3) -> Misconception:
        """The answer is the right one times ``factor`` (e.g. 100 points per yuan)."""

        def when(answer: Any, expected: Any) -> bool:
            try:
                a = np.asarray(answer, dtype=float).ravel()
                e = np.asarray(expected, dtype=float).ravel() * factor
                return a.shape == e.shape and bool(np.allclose(a, e, rtol=rtol, atol=1e-9))
            except (TypeError, ValueError):
                return False

        return cls(message, when)
