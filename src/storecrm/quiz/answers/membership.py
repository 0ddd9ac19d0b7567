"""Module 5 quiz numbers: points owed, points on a receipt, members who moved up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storecrm.analysis.membership import (
    CARRY_OVER_DAY,
    EXAMPLE_RECEIPT,
    points_for_receipt,
    points_liability,
    review_moves,
    tier_rules,
)
from storecrm.format import day_month
from storecrm.quiz.answers._data import resolve_data

if TYPE_CHECKING:  # pragma: no cover - import only for type checkers
    from storecrm.data import StoreData

__all__ = [
    "carry_over_day_text",
    "example_receipt_paid_cny",
    "example_receipt_points",
    "example_receipt_points_per_yuan",
    "example_receipt_raw_points",
    "example_receipt_whole_yuan",
    "member_count",
    "moved_up_count",
    "moved_up_share",
    "points_earned",
    "points_expired",
    "points_outstanding_cny",
    "points_redeemed",
]


def points_outstanding_cny(*, data: StoreData | None = None) -> float:
    """Unused points at the end of the data (after the year-end expiry), in yuan."""
    ledger = resolve_data(data).points_ledger
    return float(points_liability(ledger)["outstanding_cny"])


def example_receipt_points() -> int:
    """Points earned by ``EXAMPLE_RECEIPT`` under the current rules."""
    paid, tier = EXAMPLE_RECEIPT
    return points_for_receipt(paid, tier)


def moved_up_count(*, data: StoreData | None = None) -> int:
    """Members who moved up at least once at a monthly review (carried-over tiers excluded)."""
    moves = review_moves(resolve_data(data).tier_changes)
    return int(moves.loc[moves["change"].astype("string") == "upgrade", "customer_id"].nunique())


def member_count(*, data: StoreData | None = None) -> int:
    """All members in the customer table."""
    return int(resolve_data(data).customers["customer_id"].nunique())


def moved_up_share(*, data: StoreData | None = None) -> float:
    """Share (0-1) of all members who moved up at least once at a monthly review.

    Carried-over tiers on the carry-over day do not count: they were not earned at a review.
    """
    members = member_count(data=data)
    return moved_up_count(data=data) / members if members else 0.0


def _ledger_total(data: StoreData | None, column: str) -> int:
    return int(points_liability(resolve_data(data).points_ledger)[column])


def points_earned(*, data: StoreData | None = None) -> int:
    """Points members earned over the data, all members."""
    return _ledger_total(data, "earned")


def points_redeemed(*, data: StoreData | None = None) -> int:
    """Points members used at the till over the data."""
    return _ledger_total(data, "redeemed")


def points_expired(*, data: StoreData | None = None) -> int:
    """Points that expired unused over the data (year-end expiry and leavers)."""
    return _ledger_total(data, "expired")


def carry_over_day_text() -> str:
    """The carry-over day as a question writes it ("1 January"): the day the tier log records
    tiers carried over from the year before the data, which no review earned."""
    return day_month(CARRY_OVER_DAY)


def example_receipt_paid_cny() -> float:
    """What the member paid on ``EXAMPLE_RECEIPT``, in yuan."""
    return float(EXAMPLE_RECEIPT[0])


def example_receipt_whole_yuan() -> int:
    """The whole yuan the till counts on ``EXAMPLE_RECEIPT`` (¥57.80 counts as 57)."""
    paid, _ = EXAMPLE_RECEIPT
    return int(round(paid * 100) // 100)


def example_receipt_points_per_yuan() -> float:
    """Points per whole yuan for the tier of ``EXAMPLE_RECEIPT`` under the current rules."""
    _, tier = EXAMPLE_RECEIPT
    return float(tier_rules().set_index("tier").loc[tier, "points_per_yuan"])


def example_receipt_raw_points() -> float:
    """Whole yuan x points per yuan on ``EXAMPLE_RECEIPT``, before the till rounds down."""
    return example_receipt_whole_yuan() * example_receipt_points_per_yuan()
