"""Module 9 quiz numbers (keeping customers), so they follow the data.

Each function takes no arguments (``data=`` optional, for tests) and returns one number a
numeric question in ``chapters/09_keeping_customers/quiz.yml`` asks for. The analysis lives
in :mod:`storecrm.analysis.churn`; this module only picks the number out.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import pandas as pd

from storecrm.analysis.churn import lapse_thresholds, week_plan
from storecrm.quiz.answers._data import resolve_data

if TYPE_CHECKING:  # pragma: no cover - import only for type checkers
    from storecrm.analysis.churn import WeekPlan
    from storecrm.data import StoreData

__all__ = [
    "EXAMPLE_GAPS",
    "breakeven_saves_per_100",
    "example_threshold_days",
    "winback_contact_cost_cny",
    "winback_offer_cost_cny",
    "winback_save_value_cny",
]

#: The gaps between visits (days) of the member in question m9-q02, as the stem lists them.
EXAMPLE_GAPS: tuple[int, ...] = (4, 5, 5, 6, 6, 7, 7, 8, 9, 20)


def example_threshold_days() -> float:
    """Lapse threshold k of a member whose gaps are :data:`EXAMPLE_GAPS` (m9-q02).

    Built as a tiny receipts table and passed through
    :func:`~storecrm.analysis.churn.lapse_thresholds`, so the quiz follows the helper's rule.
    """
    days = pd.Timestamp("2025-01-01") + pd.to_timedelta(
        pd.Series([0, *EXAMPLE_GAPS]).cumsum(), unit="D"
    )
    receipts = pd.DataFrame({"customer_id": "M00001", "purchased_at": days, "net_cny": 10.0})
    return float(lapse_thresholds(receipts).loc["M00001", "threshold_days"])


@cache
def _default_plan() -> WeekPlan:
    return week_plan(resolve_data(None))  # the shared read-only default data, planned once


def _plan(data: StoreData | None) -> WeekPlan:
    return _default_plan() if data is None else week_plan(resolve_data(data))


def winback_contact_cost_cny(*, data: StoreData | None = None) -> float:
    """Cost of contacting one member in this week's win-back round (m9-q09 prints it)."""
    return float(_plan(data).plan.contact_cost_cny)


def winback_offer_cost_cny(*, data: StoreData | None = None) -> float:
    """Cost of the win-back offer to the store when a saved member uses it (m9-q09)."""
    return float(_plan(data).plan.offer_cost_cny)


def winback_save_value_cny(*, data: StoreData | None = None) -> float:
    """Margin one saved member brings back (m9-q09)."""
    return float(_plan(data).plan.value_per_save_cny)


def breakeven_saves_per_100(*, data: StoreData | None = None) -> float:
    """Saves per 100 members contacted at which the weekly win-back round breaks even (m9-q09).

    100 × the break-even save rate of :func:`~storecrm.analysis.churn.week_plan`: contact
    cost ÷ (value of a save − offer cost).
    """
    return float(100 * _plan(data).plan.breakeven_save_rate)
