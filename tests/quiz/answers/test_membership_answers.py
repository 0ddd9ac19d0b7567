"""Module 5 quiz figures: the counts a question prints give exactly the computed answer."""

from __future__ import annotations

import pytest

from storecrm.quiz.answers.membership import (
    member_count,
    moved_up_count,
    moved_up_share,
    points_earned,
    points_expired,
    points_outstanding_cny,
    points_redeemed,
)
from storecrm.rules.loader import store_rules


def test_moved_up_share_is_the_printed_counts_divided(committed) -> None:
    up, members = moved_up_count(data=committed), member_count(data=committed)
    assert 0 < up < members
    assert moved_up_share(data=committed) == pytest.approx(up / members)


def test_points_outstanding_is_earned_minus_used_minus_expired(committed) -> None:
    # A learner works it out from the three printed totals at the redemption rate.
    left = points_earned(data=committed) - points_redeemed(data=committed)
    left -= points_expired(data=committed)
    rate = store_rules().membership.points.points_per_yuan_redeemed
    assert points_outstanding_cny(data=committed) == pytest.approx(left / rate)
