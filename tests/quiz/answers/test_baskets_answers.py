"""Module 8 quiz-answer helpers (storecrm.quiz.answers.baskets) on a hand-made data set."""

from __future__ import annotations

import dataclasses

import pytest

from storecrm.analysis.baskets import EXAMPLE_PAIR
from storecrm.data.simulation.params import PAIRS
from storecrm.quiz.answers.baskets import (
    EVERYDAY_PAIR,
    SEASONAL_PAIR,
    everyday_pair_lift,
    everyday_pair_receipts,
    example_both_receipts,
    example_confidence,
    example_lift,
    example_noodle_receipts,
    example_receipts,
    example_sausage_receipts,
    planted_pair_count,
    seasonal_pair_lift,
    seasonal_pair_receipts,
)


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


def test_seasonal_and_everyday_pairs_on_hand_made_data(committed, table):
    names = [*SEASONAL_PAIR, *EVERYDAY_PAIR]
    # Eight receipts. Mooncake (P0) + oolong (P1) together once, oolong alone once:
    # lift = (1/1) / (2/8) = 4. Latte (P2) + sandwich (P3) together three times, latte alone
    # once, sandwich alone once: lift = (3/4) / (4/8) = 1.5. R8 holds only water.
    contents = {
        "R1": ["P0", "P1"],
        "R2": ["P1"],
        "R3": ["P2", "P3"],
        "R4": ["P2", "P3"],
        "R5": ["P2", "P3"],
        "R6": ["P2"],
        "R7": ["P3"],
        "R8": ["P9"],
    }
    products = table(
        "products",
        [{"product_id": f"P{i}", "product_name": n} for i, n in enumerate(names)]
        + [{"product_id": "P9", "product_name": "Bottled water 550 ml"}],
    )
    lines = table(
        "receipt_lines",
        [
            {"receipt_id": rid, "line_no": i + 1, "product_id": pid, "quantity": 1}
            for rid, pids in contents.items()
            for i, pid in enumerate(pids)
        ],
    )
    tiny = dataclasses.replace(committed, products=products, receipt_lines=lines)
    assert seasonal_pair_receipts(data=tiny) == 1
    assert seasonal_pair_lift(data=tiny) == pytest.approx(4.0)
    assert everyday_pair_receipts(data=tiny) == 3
    assert everyday_pair_lift(data=tiny) == pytest.approx(1.5)


def test_printed_example_counts_give_the_computed_measures(committed) -> None:
    n = example_receipts(data=committed)
    noodles, sausage = (
        example_noodle_receipts(data=committed),
        example_sausage_receipts(data=committed),
    )
    both = example_both_receipts(data=committed)
    assert 0 < both <= min(noodles, sausage) < n
    assert example_confidence(data=committed) == pytest.approx(both / noodles)
    assert example_lift(data=committed) == pytest.approx((both / noodles) / (sausage / n))
