"""The one way the course shows numbers to readers: percents, yuan and counts.

Code, data, quiz answers and checks keep shares and rates as fractions 0-1 (as pandas,
scikit-learn and mlxtend return them). Only the moment a number reaches a reader does it
become text, and it does so here, so "39.8 %" and "¥65.30" look the same on every page,
quiz and trainer sheet, and a share can never be shown as 0.398 % or 3,980 %.
"""

from __future__ import annotations

import math
import numbers
from datetime import date

from storecrm.errors import CourseError

__all__ = ["count", "day_month", "percent", "percentage_points", "yuan"]


def _finite(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise CourseError(
            f"{what} must be a number, not {type(value).__name__}",
            hint="pass the computed value, not its text",
        )
    number = float(value)
    if not math.isfinite(number):
        raise CourseError(f"{what} is {number}, not a finite number", hint="check the data")
    return number


def _within_one(value: object, rule: str, what: str) -> float:
    """``value`` as a float between -1 and 1, else the percent-for-fraction message.

    A value beyond 1 is almost always a percent (30.8) passed where a fraction (0.308) belongs.
    """
    number = _finite(value, what)
    if abs(number) > 1:
        raise CourseError(
            f"{rule}, not {number:g}", hint="pass fractions (0.308), not percents (30.8)"
        )
    return number


def percent(share: float, digits: int = 1) -> str:
    """Show a share (a fraction 0-1) as a percent: ``percent(0.3975)`` -> ``"39.8 %"``.

    Raises :class:`~storecrm.errors.CourseError` for a value above 1 or below -1, because
    that is almost always a percent passed where a fraction belongs (30.8 instead of 0.308).
    Negative shares are allowed for changes ("-12.0 %").
    """
    number = _within_one(share, "a share must be a fraction from 0 to 1", "a share")
    return f"{100 * number:.{digits}f} %"


def percentage_points(difference: float, digits: int = 1) -> str:
    """Show a gap between two shares: ``percentage_points(0.068)`` -> ``"6.8 percentage points"``.

    A gap between two shares (52 % vs 45 %) is not a percent of anything, so "7 %" would
    misread as a relative change; this names the unit. Same range check as :func:`percent`.
    """
    number = _within_one(
        difference, "a difference of two shares lies between -1 and 1", "a difference of shares"
    )
    return f"{100 * number:.{digits}f} percentage points"


def yuan(amount: float, digits: int = 2) -> str:
    """Show money in yuan the house way: ``yuan(65.3)`` -> ``"¥65.30"``, ``yuan(3600, 0)``
    -> ``"¥3,600"``; a negative amount reads ``"-¥12.50"``."""
    number = _finite(amount, "an amount in yuan")
    sign = "-" if number < 0 and round(abs(number), digits) != 0 else ""
    return f"{sign}¥{abs(number):,.{digits}f}"


def count(value: float) -> str:
    """Show a whole number with thousands separators: ``count(1234)`` -> ``"1,234"``."""
    number = _finite(value, "a count")
    return f"{round(number):,d}"


def day_month(day: date) -> str:
    """Show a day the way the pages write it: ``day_month(date(2025, 1, 1))`` -> ``"1 January"``.

    Accepts a :class:`datetime.date` or a :class:`pandas.Timestamp` (a subclass of datetime).
    """
    if not isinstance(day, date):
        raise CourseError(f"a day must be a date, not {type(day).__name__}", hint="pass a date")
    return f"{day.day} {day:%B}"
