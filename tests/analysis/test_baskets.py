"""Tests for storecrm.analysis.baskets on small baskets worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from storecrm.analysis.baskets import (
    also_bought,
    basket_matrix,
    campaign_effect_by_group,
    count_pair,
    pair_lift,
    top_rules,
)


def _baskets(rows: list[str]) -> pd.DataFrame:
    """A True/False basket frame from strings such as "AB" (one letter per product)."""
    items = sorted({ch for row in rows for ch in row})
    return pd.DataFrame(
        [[item in row for item in items] for row in rows],
        index=pd.Index([f"R{i:02d}" for i in range(len(rows))], name="receipt_id"),
        columns=items,
    )


# Ten receipts: A in 4, B in 5, both in 3, C in 4 (with A once, with B once).
# By hand: support(A,B) = 3/10 = 0.3; confidence A->B = 3/4 = 0.75;
# confidence B->A = 3/5 = 0.6; lift = 0.75 / (5/10) = 1.5.
# A,C: both 1 -> lift = (1/4) / (4/10) = 0.625.  B,C: both 1 -> (1/5) / (4/10) = 0.5.
TEN = ["AB", "AB", "AB", "AC", "B", "BC", "C", "C", "D", "D"]


def test_pair_lift_by_hand():
    assert pair_lift(10, 4, 5, 3) == pytest.approx(1.5)
    assert pair_lift(10, 5, 4, 3) == pytest.approx(1.5)  # symmetric
    assert pair_lift(100, 10, 10, 1) == pytest.approx(1.0)  # independent
    assert pair_lift(100, 10, 20, 0) == 0.0


@pytest.mark.parametrize(
    "counts",
    [(10, 0, 5, 0), (10, 4, 5, 5), (10, 11, 5, 3), (-1, 4, 5, 3), (10, 8, 8, 3)],
)
def test_pair_lift_rejects_impossible_counts(counts):
    with pytest.raises(ValueError):
        pair_lift(*counts)


def test_count_pair_gives_support_confidence_lift():
    pair = count_pair(_baskets(TEN), "A", "B")
    assert (pair.n_baskets, pair.n_a, pair.n_b, pair.n_both) == (10, 4, 5, 3)
    assert pair.support == pytest.approx(0.3)
    assert pair.confidence == pytest.approx(0.75)
    assert pair.lift == pytest.approx(1.5)
    assert count_pair(_baskets(TEN), "B", "A").confidence == pytest.approx(0.6)
    with pytest.raises(ValueError, match="Z"):
        count_pair(_baskets(TEN), "A", "Z")


def test_top_rules_matches_hand_counts_and_keeps_one_direction():
    rules = top_rules(_baskets(TEN), min_baskets=1, min_lift=1.0)
    assert len(rules) == 1  # only A,B has lift above 1
    row = rules.iloc[0]
    # A->B has the higher confidence (75% against 60%), so that direction is kept.
    assert (row["if_bought"], row["then_bought"]) == ("A", "B")
    assert row["baskets_with_both"] == 3
    assert row["support"] == pytest.approx(0.30)  # a share 0-1, never x 100
    assert row["confidence"] == pytest.approx(0.75)
    assert row["lift"] == pytest.approx(1.5)


def test_top_rules_both_directions_and_min_baskets():
    both = top_rules(_baskets(TEN), min_baskets=1, min_lift=0.0, one_per_pair=False, top=None)
    pairs = set(zip(both["if_bought"], both["then_bought"], strict=True))
    assert {("A", "B"), ("B", "A"), ("A", "C"), ("C", "A"), ("B", "C"), ("C", "B")} <= pairs
    ac = both[(both["if_bought"] == "A") & (both["then_bought"] == "C")].iloc[0]
    assert ac["lift"] == pytest.approx(0.625)
    # Confidence filter: A->B 0.75, B->A 0.60, A->C 0.25; 0.70 keeps A->B only.
    strict = top_rules(
        _baskets(TEN), min_baskets=1, min_lift=0.0, min_confidence=0.70, one_per_pair=False
    )
    assert list(zip(strict["if_bought"], strict["then_bought"], strict=True)) == [("A", "B")]
    # A,B is in 3 baskets; asking for 4 leaves no pair at all.
    assert top_rules(_baskets(TEN), min_baskets=4, min_lift=0.0).empty


def test_top_rules_order_is_fixed_for_ties():
    # X,Y and P,Q have the same counts, so the same lift: names decide the order.
    rows = ["XY", "XY", "PQ", "PQ", "Z", "Z", "Z", "Z"]
    first = top_rules(_baskets(rows), min_baskets=2)
    again = top_rules(_baskets(rows[::-1]), min_baskets=2)
    assert list(first["if_bought"]) == ["P", "X"]
    pd.testing.assert_frame_equal(first, again)
    assert first["lift"].iloc[0] == pytest.approx(pair_lift(8, 2, 2, 2))


def test_top_rules_limits_the_number_of_rows():
    rows = ["AB", "AB", "CD", "CD", "EF", "EF", "G", "G", "G", "G"]
    assert len(top_rules(_baskets(rows), min_baskets=2, top=2)) == 2
    assert len(top_rules(_baskets(rows), min_baskets=2, top=None)) == 3


def test_also_bought_ranks_by_confidence():
    rows = ["AB", "AB", "AB", "AC", "AC", "B", "C", "C", "C", "D"]
    rules = top_rules(_baskets(rows), min_baskets=1, min_lift=0.0, one_per_pair=False, top=None)
    ranked = also_bought(rules, "A", top=2)
    # From A: B in 3 of 5 baskets, C in 2 of 5.
    assert list(ranked["then_bought"]) == ["B", "C"]
    assert ranked["confidence"].tolist() == pytest.approx([3 / 5, 2 / 5])


def test_basket_matrix_counts_presence_names_columns_and_drops_rare(table):
    products = table(
        "products",
        [
            {"product_id": "P1", "product_name": "Tea egg"},
            {"product_id": "P2", "product_name": "Oden skewer"},
            {"product_id": "P3", "product_name": "Umbrella"},
        ],
    )
    lines = table(
        "receipt_lines",
        [
            {"receipt_id": "R2", "line_no": 1, "product_id": "P1", "quantity": 2},
            {"receipt_id": "R2", "line_no": 2, "product_id": "P1", "quantity": 1},
            {"receipt_id": "R1", "line_no": 1, "product_id": "P2", "quantity": 1},
            {"receipt_id": "R1", "line_no": 2, "product_id": "P1", "quantity": 1},
            {"receipt_id": "R3", "line_no": 1, "product_id": "P3", "quantity": 1},
        ],
    )
    everything = basket_matrix(lines, products, min_baskets=1)
    assert list(everything.index) == ["R1", "R2", "R3"]
    assert list(everything.columns) == ["Oden skewer", "Tea egg", "Umbrella"]
    assert everything.dtypes.eq(bool).all()
    assert everything.loc["R2"].tolist() == [False, True, False]  # two lines count once
    assert everything.sum().tolist() == [1, 2, 1]
    assert list(basket_matrix(lines, products, min_baskets=2).columns) == ["Tea egg"]
    bad = table(
        "receipt_lines", [{"receipt_id": "R9", "line_no": 1, "product_id": "P9", "quantity": 1}]
    )
    with pytest.raises(ValueError, match="P9"):
        basket_matrix(bad, products)


def test_basket_matrix_equals_a_crosstab_of_names_on_random_lines(table):
    # Two product ids share one shelf name ("Tea"), as in the committed products table; the
    # matrix must count a receipt once per name and drop names in too few receipts.
    names = ["Tea", "Egg", "Tea", "Bun", "Cola", "Umbrella"]
    products = table(
        "products",
        [{"product_id": f"P{i}", "product_name": n} for i, n in enumerate(names)],
    )
    rng = np.random.default_rng(7)
    rows = []
    for r in range(60):
        for k, p in enumerate(rng.choice(5, size=int(rng.integers(1, 5)))):
            rows.append(
                {"receipt_id": f"R{r:03d}", "line_no": k + 1, "product_id": f"P{p}", "quantity": 1}
            )
    rows.append({"receipt_id": "R999", "line_no": 1, "product_id": "P5", "quantity": 1})
    lines = table("receipt_lines", rows)
    by_name = lines["product_id"].map(dict(zip(products["product_id"], names, strict=True)))
    present = pd.crosstab(lines["receipt_id"], by_name) > 0
    for min_baskets in (1, 20):
        want = present.loc[:, present.sum() >= min_baskets]
        got = basket_matrix(lines, products, min_baskets=min_baskets)
        assert list(got.columns) == sorted(want.columns)
        assert list(got.index) == sorted(present.index)
        pd.testing.assert_frame_equal(
            got, want[sorted(want.columns)], check_names=False, check_column_type=False
        )


def _activity(rows):
    return pd.DataFrame(
        rows, columns=["campaign_id", "customer_id", "group", "redeemed", "visits", "spend_cny"]
    )


def test_campaign_effect_by_group_by_hand():
    activity = _activity(
        [
            ("C9", "M1", "treatment", True, 3, 0.0),
            ("C9", "M2", "treatment", False, 1, 0.0),
            ("C9", "M3", "control", False, 1, 0.0),
            ("C9", "M4", "control", False, 1, 0.0),
            ("C9", "M5", "treatment", True, 4, 0.0),
            ("C9", "M6", "treatment", False, 2, 0.0),
            ("C9", "M7", "control", False, 2, 0.0),
            ("C9", "M8", "control", False, 4, 0.0),
            ("C8", "M1", "treatment", False, 9, 0.0),  # another campaign: ignored
        ]
    )
    customers = pd.DataFrame(
        {
            "customer_id": [f"M{i}" for i in range(1, 9)],
            "age_band": ["18-24"] * 4 + ["65+"] * 4,
        }
    )
    out = campaign_effect_by_group(activity, customers, "C9", "age_band")
    assert list(out.index) == ["18-24", "65+", "All members"]
    young = out.loc["18-24"]
    # Treatment 3 and 1 -> 2.0; control 1 and 1 -> 1.0; extra 1.0.
    assert (young["treatment_members"], young["control_members"]) == (2, 2)
    assert young["extra_visits"] == pytest.approx(1.0)
    # Margin: 1.96 * sqrt(var(3,1)/2 + var(1,1)/2) = 1.96 * sqrt(2/2 + 0) = 1.96.
    assert young["margin"] == pytest.approx(1.96)
    old = out.loc["65+"]
    assert old["extra_visits"] == pytest.approx(3.0 - 3.0)
    everyone = out.loc["All members"]
    assert everyone["treatment_visits"] == pytest.approx(2.5)
    assert everyone["control_visits"] == pytest.approx(2.0)
    with pytest.raises(ValueError, match="C1"):
        campaign_effect_by_group(activity, customers, "C1", "age_band")
