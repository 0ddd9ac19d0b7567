"""Module 8 quiz-answer helpers (storecrm.quiz.answers.baskets) on a hand-made data set."""

from __future__ import annotations

import dataclasses

import pytest

from storecrm.analysis.baskets import EXAMPLE_PAIR
from storecrm.data.simulation.params import PAIRS
from storecrm.quiz.answers.baskets import example_confidence, example_lift, planted_pair_count


def test_example_pair_on_hand_made_data(committed, table):
    noodles, sausage = EXAMPLE_PAIR
    products = table(
        "products",
        [
            {"product_id": "P1", "product_name": noodles},
            {"product_id": "P2", "product_name": sausage},
            {"product_id": "P3", "product_name": "Bottled water 550 ml"},
        ],
    )
    # Five receipts: noodles in 2, sausage in 2, both in 1.
    # Confidence noodles -> sausage = 1/2 = 50%; lift = (1/2) / (2/5) = 1.25.
    contents = {"R1": ["P1", "P2"], "R2": ["P1"], "R3": ["P2"], "R4": ["P3"], "R5": ["P3"]}
    lines = table(
        "receipt_lines",
        [
            {"receipt_id": rid, "line_no": i + 1, "product_id": pid, "quantity": 1}
            for rid, pids in contents.items()
            for i, pid in enumerate(pids)
        ],
    )
    tiny = dataclasses.replace(committed, products=products, receipt_lines=lines)
    assert example_lift(data=tiny) == pytest.approx(1.25)
    assert example_confidence(data=tiny) == pytest.approx(0.5)


def test_planted_pair_count_follows_the_generator() -> None:
    assert planted_pair_count() == len(PAIRS) > 0
