"""Module 7 quiz numbers: RFM groups, the RFM tie rule, and how members joined.

Numeric questions print the counts they divide (so the learner applies the idea rather than
copying a figure from a page); each count here comes from the same code as the share.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from storecrm.analysis.segments import quintile_scores, rfm_segments
from storecrm.quiz.answers._data import resolve_data

if TYPE_CHECKING:  # pragma: no cover - import only for type checkers
    from storecrm.data import StoreData

__all__ = [
    "TIE_EXAMPLE_DAYS",
    "TIE_EXAMPLE_MEMBERS",
    "TIE_EXAMPLE_SAME",
    "TIE_EXAMPLE_WORSE",
    "at_risk_members",
    "champions_count",
    "champions_share",
    "member_count",
    "referral_count",
    "referral_share",
    "rfm_member_count",
    "tie_example_days",
    "tie_example_f_score",
    "tie_example_members",
    "tie_example_others_same",
    "tie_example_worse",
]

#: The tie example (m7-q06): members on a store's RFM list, how many shopped on fewer days
#: than Mr Wang, how many (him included) shopped on exactly as many days, and his days.
TIE_EXAMPLE_MEMBERS = 20
TIE_EXAMPLE_WORSE = 11
TIE_EXAMPLE_SAME = 4
TIE_EXAMPLE_DAYS = 9


def _groups(data: StoreData | None) -> pd.Series:
    return rfm_segments(resolve_data(data).receipts)["group"]


def rfm_member_count(*, data: StoreData | None = None) -> int:
    """Members with at least one receipt: the members RFM scores."""
    return len(_groups(data))


def champions_count(*, data: StoreData | None = None) -> int:
    """Members whose RFM group is "Champions" (R, F and M all 4 or 5)."""
    return int((_groups(data) == "Champions").sum())


def champions_share(*, data: StoreData | None = None) -> float:
    """Share (0-1) of members with receipts whose RFM group is "Champions"."""
    return float((_groups(data) == "Champions").mean())


def at_risk_members(*, data: StoreData | None = None) -> int:
    """Number of members in the RFM group "At risk" (came often, but not lately)."""
    return int((_groups(data) == "At risk").sum())


def member_count(*, data: StoreData | None = None) -> int:
    """All members on the member list (the denominator of :func:`referral_share`)."""
    return len(resolve_data(data).customers)


def referral_count(*, data: StoreData | None = None) -> int:
    """Members who joined through a referral by another member (``signup_channel``)."""
    customers = resolve_data(data).customers
    return int((customers["signup_channel"].astype(str) == "referral").sum())


def referral_share(*, data: StoreData | None = None) -> float:
    """Share (0-1) of all members who joined through a referral (``signup_channel``)."""
    members = member_count(data=data)
    return referral_count(data=data) / members if members else 0.0


def _tie_example() -> pd.Series:
    """Shopping days of the example store's members, Mr Wang first among his equals.

    Members below him shopped on 1-8 days, his equals on exactly as many days as he did, and
    the rest on more; only the counts matter to the score, which is the point of the rule.
    """
    better = TIE_EXAMPLE_MEMBERS - TIE_EXAMPLE_WORSE - TIE_EXAMPLE_SAME
    days = (
        [1 + i % (TIE_EXAMPLE_DAYS - 1) for i in range(TIE_EXAMPLE_WORSE)]
        + [TIE_EXAMPLE_DAYS] * TIE_EXAMPLE_SAME
        + [TIE_EXAMPLE_DAYS + 1 + i for i in range(better)]
    )
    return pd.Series(days, name="frequency")


def tie_example_members() -> int:
    """Members on the example store's RFM list."""
    return TIE_EXAMPLE_MEMBERS


def tie_example_worse() -> int:
    """Members who shopped on fewer days than Mr Wang."""
    return TIE_EXAMPLE_WORSE


def tie_example_others_same() -> int:
    """Other members who shopped on exactly as many days as Mr Wang."""
    return TIE_EXAMPLE_SAME - 1


def tie_example_days() -> int:
    """Mr Wang's distinct shopping days."""
    return TIE_EXAMPLE_DAYS


def tie_example_f_score() -> int:
    """Mr Wang's F score, from the course's own scoring (``quintile_scores``)."""
    return int(quintile_scores(_tie_example()).iloc[TIE_EXAMPLE_WORSE])
