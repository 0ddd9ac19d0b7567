"""Exercise 9's checks on small hand-made receipts: right answers, typical wrong ones, and a
shelf-bundle-nothing choice that follows the data.

Every expected value here is computed with this file's own pandas code from the chapter's
definitions (support = both ÷ all receipts, confidence = both ÷ receipts with the first
product, lift = confidence ÷ share of receipts with the second, a bundle's margin = price
minus cost), never with the helpers the checks use.
"""

from __future__ import annotations

from itertools import permutations
from types import SimpleNamespace

import pandas as pd
import pytest

from storecrm.analysis.baskets import basket_matrix
from storecrm.analysis.promotions import bundle_quote, find_products
from storecrm.exercises import Status
from storecrm.exercises.pairs import MAX_WIN_SHARE, MIN_BASKETS, MIN_LIFT, build
from storecrm.exercises.testing import assert_says as _says

PERCENT = "looks like a percent; give a fraction 0–1"
PRICES = {  # id: (name, price, cost)
    "P1": ("Latte", 15.00, 5.00),
    "P2": ("Ham and egg sandwich", 9.90, 5.00),
    "P3": ("Cola", 4.00, 2.00),
    "P4": ("Cup noodles", 5.00, 2.50),
}


def _data(both: int = 200, a_only: int = 200, b_only: int = 20, other: int = 580):
    """Receipts: ``both`` with latte and sandwich, ``a_only`` latte only, ``b_only`` sandwich
    only, ``other`` with cola (every second one also cup noodles). The first receipt buys two
    lattes on one line, the second has the latte on two lines."""
    lines = []
    plan = (
        [["P1", "P2"]] * both
        + [["P1"]] * a_only
        + [["P2"]] * b_only
        + [["P3", "P4"] if k % 2 else ["P3"] for k in range(other)]
    )
    for n, items in enumerate(plan):
        for product in items:
            quantity = 2 if (n == 0 and product == "P1") else 1
            lines.append({"receipt_id": f"R{n:05d}", "product_id": product, "quantity": quantity})
    lines.append({"receipt_id": "R00001", "product_id": "P1", "quantity": 1})  # second line
    products = pd.DataFrame(
        [
            {"product_id": k, "product_name": n, "unit_price_cny": p, "unit_cost_cny": c}
            for k, (n, p, c) in PRICES.items()
        ]
    )
    return SimpleNamespace(receipt_lines=pd.DataFrame(lines), products=products)


def _counts(data) -> dict[str, float]:
    names = data.products.set_index("product_id")["product_name"]
    held = data.receipt_lines.assign(name=data.receipt_lines["product_id"].map(names))
    sets = held.groupby("receipt_id")["name"].agg(set)
    n = len(sets)
    n_a = sum("Latte" in s for s in sets)
    n_b = sum("Ham and egg sandwich" in s for s in sets)
    n_both = sum({"Latte", "Ham and egg sandwich"} <= s for s in sets)
    confidence = n_both / n_a
    sep_margin = (15.00 - 5.00) + (9.90 - 5.00)
    bundle_margin = 19.90 - 10.00
    extra = n_both * (sep_margin / bundle_margin - 1)
    return {
        "n": n,
        "n_a": n_a,
        "n_b": n_b,
        "n_both": n_both,
        "support": n_both / n,
        "confidence": confidence,
        "lift": confidence / (n_b / n),
        "extra": extra,
    }


def _my_rules(data, min_both: int = 50, min_conf: float = 0.25, top: int = 12) -> pd.DataFrame:
    names = data.products.set_index("product_id")["product_name"]
    held = data.receipt_lines.assign(name=data.receipt_lines["product_id"].map(names))
    sets = list(held.groupby("receipt_id")["name"].agg(set))
    n = len(sets)
    rows = []
    for a, b in permutations(sorted(PRICES[k][0] for k in PRICES), 2):
        n_a = sum(a in s for s in sets)
        n_b = sum(b in s for s in sets)
        n_ab = sum({a, b} <= s for s in sets)
        if n_ab < min_both or n_ab / n_a < min_conf or n_ab / n_a / (n_b / n) < 1:
            continue
        rows.append((a, b, n_ab, n_ab / n, n_ab / n_a, n_ab / n_a / (n_b / n)))
    table = pd.DataFrame(
        rows,
        columns=["if_bought", "then_bought", "baskets_with_both", "support", "confidence", "lift"],
    )
    table["pair"] = [
        " + ".join(sorted(p)) for p in zip(table["if_bought"], table["then_bought"], strict=True)
    ]
    table = table.sort_values(["pair", "confidence", "if_bought"], ascending=[True, False, True])
    table = table.drop_duplicates("pair").drop(columns="pair")
    table = table.sort_values(["lift", "if_bought", "then_bought"], ascending=[False, True, True])
    return table.head(top).reset_index(drop=True)


@pytest.fixture(scope="module")
def data():
    return _data()


@pytest.fixture(scope="module")
def qs(data):
    return build(data)


def test_solutions_chain_to_correct(data, qs) -> None:
    from storecrm.analysis.baskets import top_rules

    baskets = basket_matrix(data.receipt_lines, data.products, min_baskets=30)
    quote = bundle_quote(
        data.products, find_products(data.products, ["Latte", "Ham and egg sandwich"]), 19.90
    )
    ns = {"pd": pd, "top_rules": top_rules, "quote": quote, "baskets": baskets, **vars(data)}
    for key in ["q1", "q2", "q3", "q4", "q5", "q6"]:
        exec(qs[key].solution_code, ns)
        feedback = qs[key].assess(namespace=ns)
        assert feedback.status is Status.CORRECT, f"{key}: {feedback}"


def test_q1_receipts_with_the_first_product(qs, data) -> None:
    c = _counts(data)
    assert c["n_a"] == 400
    _says(qs["q1"].assess(c["n_a"]), Status.CORRECT, "400 receipts")
    lines = data.receipt_lines
    n_lines = int((lines["product_id"] == "P1").sum())
    n_quantity = int(lines.loc[lines["product_id"] == "P1", "quantity"].sum())
    assert n_lines == 401 and n_quantity == 402
    _says(qs["q1"].assess(n_lines), Status.INCORRECT, "counts receipt lines")
    _says(qs["q1"].assess(n_quantity), Status.INCORRECT, "adds up the quantity")


def test_q2_support(qs, data) -> None:
    c = _counts(data)
    _says(qs["q2"].assess(c["support"]), Status.CORRECT, "hold the pair")
    _says(qs["q2"].assess(c["support"] * 100), Status.INCORRECT, PERCENT)
    _says(qs["q2"].assess(c["n_both"]), Status.INCORRECT, "number of receipts")
    _says(qs["q2"].assess(c["confidence"]), Status.INCORRECT, "that is confidence")


def test_q3_confidence(qs, data) -> None:
    c = _counts(data)
    _says(qs["q3"].assess(c["confidence"]), Status.CORRECT, "latte shoppers")
    _says(qs["q3"].assess(c["confidence"] * 100), Status.INCORRECT, PERCENT)
    _says(qs["q3"].assess(c["n_both"] / c["n_b"]), Status.INCORRECT, "other way round")
    _says(qs["q3"].assess(c["support"]), Status.INCORRECT, "is the support")


def test_q4_lift(qs, data) -> None:
    c = _counts(data)
    _says(qs["q4"].assess(c["lift"]), Status.CORRECT, "times as often")
    _says(qs["q4"].assess(c["confidence"]), Status.INCORRECT, "is the confidence")
    _says(
        qs["q4"].assess(c["n_both"] / (c["n_a"] * c["n_b"])),
        Status.INCORRECT,
        "product of the two counts",
    )


def test_q5_strongest_pairs(qs, data) -> None:
    mine = _my_rules(data)
    assert len(mine) == 2  # latte/sandwich and cola/noodles
    _says(qs["q5"].assess(mine), Status.CORRECT, "shift meeting")
    _says(qs["q5"].assess(mine.iloc[1:]), Status.INCORRECT, "too few rows")


def test_q6_extra_sets(qs, data) -> None:
    c = _counts(data)
    _says(qs["q6"].assess(c["extra"]), Status.CORRECT, "extra sets a year")
    _says(qs["q6"].assess(c["extra"] + c["n_both"]), Status.INCORRECT, "*extra* sets")
    by_price = c["n_both"] * ((15.00 + 9.90) / 19.90 - 1)
    _says(qs["q6"].assess(by_price), Status.INCORRECT, "compares prices")


def _my_action(c: dict[str, float]) -> str:
    if c["n_both"] < MIN_BASKETS or c["lift"] < MIN_LIFT:
        return "c"
    return "b" if c["extra"] <= MAX_WIN_SHARE * (c["n_a"] - c["n_both"]) else "a"


@pytest.mark.parametrize(
    ("shape", "right"),
    [
        ({}, "a"),  # strong, but the bundle needs 101 extra sets out of 200 winnable
        ({"both": 100, "a_only": 400, "b_only": 10, "other": 1490}, "b"),  # 50.5 of 400
        ({"both": 200, "a_only": 200, "b_only": 300, "other": 300}, "c"),  # lift 1.0
    ],
)
def test_q7_the_data_decides(shape: dict[str, int], right: str) -> None:
    data = _data(**shape)
    assert _my_action(_counts(data)) == right
    q = build(data)["q7"]
    _says(q.assess(right), Status.CORRECT)
    for wrong in {"a", "b", "c"} - {right}:
        _says(q.assess(wrong), Status.INCORRECT, "not what these numbers support")
    _says(q.solution_feedback(), Status.SOLUTION, f"({right})")


def test_q7_quotes_the_computed_numbers(qs, data) -> None:
    text = str(qs["q7"].assess("b"))
    c = _counts(data)
    assert f"{c['lift']:.1f} in {c['n_both']:,} receipts" in text
    assert f"{c['extra']:,.0f} extra sets" in text and "200 latte receipts" in text


def test_q8_model_answer_follows_the_data(qs) -> None:
    feedback = qs["q8"].assess("50% of latte receipts hold a sandwich, lift 2.3, so we move it.")
    _says(feedback, Status.REFLECTION, "place the ham and egg sandwich next to the latte")


def test_missing_cost_column_is_the_course_fault() -> None:
    data = _data()
    broken = SimpleNamespace(
        receipt_lines=data.receipt_lines, products=data.products.drop(columns="unit_cost_cny")
    )
    _says(build(broken)["q6"].assess(100.0), Status.BROKEN, "unit_cost_cny", "fault in")


def test_a_product_missing_from_the_receipts_is_the_course_fault() -> None:
    data = _data()
    lines = data.receipt_lines[data.receipt_lines["product_id"] != "P2"]
    broken = SimpleNamespace(receipt_lines=lines, products=data.products)
    _says(build(broken)["q3"].assess(0.5), Status.BROKEN, "fault in")
