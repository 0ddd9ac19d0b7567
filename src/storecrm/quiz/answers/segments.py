"""Module 7 quiz numbers: RFM groups and how members joined."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storecrm.analysis.segments import rfm_segments
from storecrm.quiz.answers._data import resolve_data

if TYPE_CHECKING:  # pragma: no cover - import only for type checkers
    from storecrm.data import StoreData

__all__ = ["at_risk_members", "champions_share", "referral_share"]


def champions_share(*, data: StoreData | None = None) -> float:
    """Share (0-1) of members with receipts whose RFM group is "Champions"."""
    groups = rfm_segments(resolve_data(data).receipts)["group"]
    return float((groups == "Champions").mean())


def at_risk_members(*, data: StoreData | None = None) -> int:
    """Number of members in the RFM group "At risk" (came often, but not lately)."""
    groups = rfm_segments(resolve_data(data).receipts)["group"]
    return int((groups == "At risk").sum())


def referral_share(*, data: StoreData | None = None) -> float:
    """Share (0-1) of all members who joined through a referral (``signup_channel``)."""
    customers = resolve_data(data).customers
    return float((customers["signup_channel"].astype(str) == "referral").mean())
