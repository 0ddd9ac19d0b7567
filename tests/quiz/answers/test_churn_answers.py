"""The Module 9 quiz answers agree with values worked out by hand."""

from __future__ import annotations

import pytest

from storecrm.analysis.churn import CONTACT_COST_CNY
from storecrm.quiz.answers import churn as answers_churn


def test_example_threshold_is_the_floor() -> None:
    # 90th percentile of the ten gaps: 9 + 0.1 * (20 - 9) = 10.1 -> 11 days -> floor 14.
    assert answers_churn.example_threshold_days() == 14


def test_breakeven_saves_per_100_matches_the_formula() -> None:
    plan = answers_churn._default_plan().plan
    expected = 100 * CONTACT_COST_CNY / (plan.value_per_save_cny - plan.offer_cost_cny)
    assert answers_churn.breakeven_saves_per_100() == pytest.approx(expected)
    assert 0 < expected < 100
