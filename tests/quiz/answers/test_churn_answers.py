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


def test_breakeven_from_the_printed_amounts_is_within_the_tolerance() -> None:
    # m9-q09 prints the three amounts to the fen; a learner working from them must land
    # inside the question's tolerance (0.3 members per 100).
    contact = round(answers_churn.winback_contact_cost_cny(), 2)
    offer = round(answers_churn.winback_offer_cost_cny(), 2)
    save = round(answers_churn.winback_save_value_cny(), 2)
    assert contact == CONTACT_COST_CNY
    assert 0 < offer < save
    by_hand = 100 * contact / (save - offer)
    assert by_hand == pytest.approx(answers_churn.breakeven_saves_per_100(), abs=0.3)
