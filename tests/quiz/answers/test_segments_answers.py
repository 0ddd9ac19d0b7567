"""Module 7 quiz figures: printed counts give the computed shares; ties follow main's rule."""

from __future__ import annotations

import math

import pytest

from storecrm.quiz.answers.segments import (
    champions_count,
    champions_share,
    member_count,
    referral_count,
    referral_share,
    rfm_member_count,
    tie_example_days,
    tie_example_f_score,
    tie_example_members,
    tie_example_others_same,
    tie_example_worse,
)


def test_champions_share_is_the_printed_counts_divided(committed) -> None:
    champions, members = champions_count(data=committed), rfm_member_count(data=committed)
    assert 0 < champions < members
    assert champions_share(data=committed) == pytest.approx(champions / members)


def test_referral_share_is_the_printed_counts_divided(committed) -> None:
    referred, members = referral_count(data=committed), member_count(data=committed)
    assert 0 < referred < members
    assert referral_share(data=committed) == pytest.approx(referred / members)


def test_tie_example_score_is_one_plus_whole_fifths_strictly_worse() -> None:
    n, worse = tie_example_members(), tie_example_worse()
    assert tie_example_f_score() == 1 + math.floor(5 * worse / n)
    # The example must separate the rule from the common mistake of counting the members
    # who tie with him as worse: that gives another score.
    with_ties = worse + tie_example_others_same()
    assert 1 + math.floor(5 * with_ties / n) != tie_example_f_score()
    assert tie_example_days() > 1
