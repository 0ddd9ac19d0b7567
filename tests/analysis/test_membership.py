"""Tests for storecrm.analysis.membership on small hand-made frames.

Every expected number is worked out by hand from the rows written here, so a wrong filter
(counting carry-overs as review upgrades, adding signed points, missing the year-end
cut-off) makes a test fail.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from storecrm.analysis.membership import (
    lapsed_example,
    member_status_mix,
    member_vs_walk_in,
    moved_up_example,
    points_by_month,
    points_for_receipt,
    points_liability,
    points_rules,
    qualifying_spend,
    review_spend,
    tier_history,
    tier_mix,
    tier_movements,
    tier_rules,
)
from storecrm.data import StoreData
from storecrm.data.simulation import loyalty as L
from storecrm.quiz.answers.membership import moved_up_share, points_outstanding_cny


def test_tier_rules_columns_and_values_follow_the_generator() -> None:
    rules = tier_rules()
    assert list(rules.columns[:5]) == [
        "tier",
        "tier_zh",
        "qualify_spend_cny",
        "keep_spend_cny",
        "points_per_yuan",
    ]
    assert list(rules["tier"]) == ["standard", "silver", "gold", "diamond"]
    # The data card's written rules: entry 300/700/1200, keep 150/350/600, 1/1.2/1.5/2.
    assert list(rules["qualify_spend_cny"]) == [0.0, 300.0, 700.0, 1200.0]
    assert list(rules["keep_spend_cny"]) == [0.0, 150.0, 350.0, 600.0]
    assert list(rules["points_per_yuan"]) == [1.0, 1.2, 1.5, 2.0]
    assert (rules["keep_spend_cny"] * 100 == L.TIER_KEEP_FEN).all()


def test_tier_rules_keep_is_below_entry_for_paid_tiers() -> None:
    rules = tier_rules().iloc[1:]
    assert (rules["keep_spend_cny"] < rules["qualify_spend_cny"]).all()


def _change(cid: str, day: str, frm: str | None, to: str | None, kind: str) -> dict:
    return {
        "customer_id": cid,
        "changed_on": day,
        "from_tier": frm,
        "to_tier": to,
        "change": kind,
    }


@pytest.fixture
def changes(table) -> pd.DataFrame:
    return table(
        "tier_changes",
        [
            _change("M00001", "2024-03-01", None, "standard", "join"),
            _change("M00001", "2025-01-01", "standard", "gold", "upgrade"),  # carry-over
            _change("M00001", "2025-05-01", "gold", "silver", "downgrade"),
            _change("M00001", "2025-08-01", "silver", None, "exit"),
            _change("M00002", "2024-05-01", None, "standard", "join"),
            _change("M00002", "2025-04-01", "standard", "silver", "upgrade"),
            _change("M00002", "2025-05-01", "silver", "gold", "upgrade"),
            _change("M00003", "2025-02-10", None, "standard", "join"),
            _change("M00003", "2025-05-01", "standard", "silver", "upgrade"),
            _change("M00003", "2025-06-01", "silver", "standard", "downgrade"),
        ],
    )


def test_tier_movements_counts_reviews_and_skips_carry_over(changes) -> None:
    out = tier_movements(changes)
    assert list(out.columns) == ["upgrade", "downgrade", "exit"]
    may = out.loc[pd.Period("2025-05", "M")]
    assert (may["upgrade"], may["downgrade"], may["exit"]) == (2, 1, 0)
    assert out.loc[pd.Period("2025-04", "M"), "upgrade"] == 1
    assert out.loc[pd.Period("2025-08", "M"), "exit"] == 1
    assert pd.Period("2025-01", "M") not in out.index
    assert out.to_numpy().sum() == 6
    with_carry = tier_movements(changes, include_carry_over=True)
    assert with_carry.loc[pd.Period("2025-01", "M"), "upgrade"] == 1


def test_examples_pick_the_right_members(changes) -> None:
    # M00002 moved up twice and never dropped; M00001 moved up, dropped, then left.
    assert moved_up_example(changes) == "M00002"
    assert lapsed_example(changes) == "M00001"
    hist = tier_history(changes, "M00001")
    assert list(hist["change"]) == ["join", "upgrade", "downgrade", "exit"]
    assert hist["from_tier"].iloc[0] == "-"
    assert hist["to_tier"].iloc[-1] == "-"


def test_tier_mix_and_status_mix_differ_only_by_exits(table) -> None:
    customers = table(
        "customers",
        [
            {"customer_id": "M00001", "tier": "standard", "marketing_consent": True},
            {"customer_id": "M00002", "tier": "standard", "marketing_consent": True},
            {"customer_id": "M00003", "tier": "gold", "marketing_consent": False},
            {"customer_id": "M00004", "tier": None, "marketing_consent": False},
        ],
    )
    out = member_status_mix(customers)
    assert list(out.index) == ["standard", "silver", "gold", "diamond", "exited"]
    assert list(out["members"]) == [2, 0, 1, 0, 1]
    assert out.loc["standard", "share"] == pytest.approx(0.5)
    assert out["share"].sum() == pytest.approx(1.0)
    # The tier mix leaves the lapsed member out: 2 of 3 current members are standard, and it
    # is exactly what the Module 2 exercise expects (value_counts over the tier column).
    mix = tier_mix(customers)
    assert list(mix.index) == ["standard", "silver", "gold", "diamond"]
    assert mix["standard"] == pytest.approx(2 / 3)
    assert mix.sum() == pytest.approx(1.0)
    expected = customers["tier"].value_counts(normalize=True)
    expected = expected.rename(index=str).reindex(list(mix.index))
    assert list(mix) == pytest.approx(list(expected))


def _entry(n: int, cid: str, when: str, kind: str, points: int) -> dict:
    return {
        "entry_id": f"E{n:07d}",
        "customer_id": cid,
        "occurred_at": when,
        "kind": kind,
        "points": points,
        "receipt_id": None,
    }


@pytest.fixture
def ledger(table) -> pd.DataFrame:
    return table(
        "points_ledger",
        [
            _entry(1, "M00001", "2025-03-05 09:00:00", "earn", 600),
            _entry(2, "M00001", "2025-03-20 10:00:00", "redeem", -500),
            _entry(3, "M00002", "2025-06-30 23:00:00", "earn", 250),
            _entry(4, "M00002", "2025-07-02 08:00:00", "earn", 150),
            _entry(5, "M00002", "2025-12-31 23:59:59", "expire", -250),
        ],
    )


def test_points_liability_whole_ledger(ledger) -> None:
    out = points_liability(ledger)
    assert out["earned"] == 1000
    assert out["redeemed"] == 500
    assert out["expired"] == 250
    assert out["outstanding"] == 250
    assert out["outstanding_cny"] == pytest.approx(2.50)


def test_points_liability_on_a_date_includes_that_whole_day(ledger) -> None:
    out = points_liability(ledger, on="2025-06-30")
    # 600 - 500 + 250 (earned at 23:00 on the day itself)
    assert out["outstanding"] == 350
    assert out["outstanding_cny"] == pytest.approx(3.50)


def test_points_by_month(ledger) -> None:
    out = points_by_month(ledger)
    assert out.loc[pd.Period("2025-03", "M")].tolist() == [600, 500, 0]
    assert out.loc[pd.Period("2025-12", "M")].tolist() == [0, 0, 250]
    assert out["earned"].sum() == 1000


def test_member_vs_walk_in(table) -> None:
    def receipt(n: int, cid: str | None, net: float, items: int) -> dict:
        return {
            "receipt_id": f"R{n:07d}",
            "store_id": "S01",
            "purchased_at": "2025-03-01 08:00",
            "customer_id": cid,
            "is_member": cid is not None,
            "channel": "in_store",
            "payment_method": "cash",
            "items": items,
            "gross_cny": net,
            "discount_cny": 0.0,
            "net_cny": net,
        }

    receipts = table(
        "receipts",
        [
            receipt(1, "M00001", 30.0, 3),
            receipt(2, "M00002", 50.0, 5),
            receipt(3, None, 10.0, 1),
            receipt(4, "M00001", 10.0, 1),
        ],
    )
    out = member_vs_walk_in(receipts)
    assert out.loc["member", "receipts"] == 3
    assert out.loc["member", "receipt_share"] == pytest.approx(0.75)  # a fraction 0-1
    assert out.loc["member", "avg_basket_cny"] == pytest.approx(30.0)
    assert out.loc["walk-in", "avg_items"] == pytest.approx(1.0)


def test_quiz_helpers_on_tiny_data(committed: StoreData, table, changes, ledger) -> None:
    customers = table(
        "customers",
        [{"customer_id": f"M0000{i}", "marketing_consent": True} for i in range(1, 5)],
    )
    tiny = replace(committed, customers=customers, tier_changes=changes, points_ledger=ledger)
    # M00002 and M00003 moved up at a review; M00001's carry-over does not count: 2 of 4.
    assert moved_up_share(data=tiny) == pytest.approx(0.5)
    assert points_outstanding_cny(data=tiny) == pytest.approx(2.50)


def test_points_rules_match_the_data_card() -> None:
    rules = points_rules()
    assert rules["block_points"] == 500
    assert rules["block_cny"] == pytest.approx(5.0)
    assert rules["min_receipt_cny"] == pytest.approx(20.0)
    assert rules["points_per_yuan_redeemed"] == 100


@pytest.mark.parametrize(
    ("paid", "tier", "expected"),
    [
        (57.80, "gold", 85),  # 57 whole yuan x 1.5 = 85.5, rounded down
        (57.80, "standard", 57),
        (19.99, "silver", 22),  # 19 x 1.2 = 22.8
        (10.00, "diamond", 20),
        (0.99, "diamond", 0),
    ],
)
def test_points_for_receipt_rounds_down_twice(paid: float, tier: str, expected: int) -> None:
    assert points_for_receipt(paid, tier) == expected


def test_points_for_receipt_rejects_unknown_tier() -> None:
    with pytest.raises(ValueError, match="unknown tier"):
        points_for_receipt(10.0, "platinum")


def test_qualifying_spend_uses_line_totals_in_the_90_day_window(table) -> None:
    def receipt(n: int, cid: str | None, when: str, net: float) -> dict:
        return {
            "receipt_id": f"R{n:07d}",
            "store_id": "S05",
            "purchased_at": when,
            "customer_id": cid,
            "is_member": cid is not None,
            "channel": "in_store",
            "payment_method": "wechat_pay",
            "items": 1,
            "gross_cny": 100.0,
            "discount_cny": 100.0 - net,
            "net_cny": net,
        }

    def line(n: int, total: float) -> dict:
        return {
            "receipt_id": f"R{n:07d}",
            "line_no": 1,
            "product_id": "P0001",
            "quantity": 1,
            "unit_price_cny": 100.0,
            "discount_cny": 100.0 - total,
            "line_total_cny": total,
        }

    receipts = table(
        "receipts",
        [
            receipt(1, "M00001", "2025-03-02 10:00:00", 90.0),  # 91 days before: outside
            receipt(2, "M00001", "2025-03-03 10:00:00", 80.0),  # 90 days before: inside
            receipt(3, "M00001", "2025-05-31 23:59:00", 60.0),  # coupon paid 20 of line 80
            receipt(4, "M00001", "2025-06-01 08:00:00", 100.0),  # review day itself: outside
            receipt(5, None, "2025-04-01 10:00:00", 100.0),  # walk-in
        ],
    )
    lines = table("receipt_lines", [line(1, 90.0), line(2, 80.0), line(3, 80.0), line(4, 100.0)])
    out = qualifying_spend(receipts, lines, "2025-06-01")
    # Line totals (after shelf discounts, before the coupon): 80 + 80.
    assert out.to_dict() == {"M00001": pytest.approx(160.0)}


def test_review_spend_pairs_each_review_change_with_its_spend(table, changes) -> None:
    def receipt(n: int, when: str) -> dict:
        return {
            "receipt_id": f"R{n:07d}",
            "store_id": "S01",
            "purchased_at": when,
            "customer_id": "M00002",
            "is_member": True,
            "channel": "in_store",
            "payment_method": "cash",
            "items": 1,
            "gross_cny": 400.0,
            "discount_cny": 0.0,
            "net_cny": 400.0,
        }

    def line(n: int) -> dict:
        return {
            "receipt_id": f"R{n:07d}",
            "line_no": 1,
            "product_id": "P0001",
            "quantity": 1,
            "unit_price_cny": 400.0,
            "discount_cny": 0.0,
            "line_total_cny": 400.0,
        }

    receipts = table(
        "receipts", [receipt(1, "2025-03-10 09:00:00"), receipt(2, "2025-04-10 09:00:00")]
    )
    lines = table("receipt_lines", [line(1), line(2)])
    out = review_spend(receipts, lines, changes, "M00002")
    assert list(out["to_tier"]) == ["silver", "gold"]
    # Before 1 April only the March receipt counts; before 1 May both do.
    assert list(out["spend_last_90_days_cny"]) == [pytest.approx(400.0), pytest.approx(800.0)]
    # M00001's only review change is a downgrade; the 1 January carry-over is left out.
    assert list(review_spend(receipts, lines, changes, "M00001")["change"]) == ["downgrade"]


def test_review_spend_matches_plain_pandas_with_other_members_and_walk_ins(table, changes) -> None:
    # review_spend picks the member's own receipts out first; the answer must be the plain
    # one: every line of the member's receipts in [review day - 90 days, review day).
    def receipt(n: int, cid: str | None, when: str) -> dict:
        return {
            "receipt_id": f"R{n:07d}",
            "store_id": "S01",
            "purchased_at": when,
            "customer_id": cid,
            "is_member": cid is not None,
            "channel": "in_store",
            "payment_method": "cash",
            "items": 1,
            "gross_cny": 10.0,
            "discount_cny": 0.0,
            "net_cny": 10.0,
        }

    def line(n: int, no: int, total: float) -> dict:
        return {
            "receipt_id": f"R{n:07d}",
            "line_no": no,
            "product_id": "P0001",
            "quantity": 1,
            "unit_price_cny": total,
            "discount_cny": 0.0,
            "line_total_cny": total,
        }

    receipts = table(
        "receipts",
        [
            receipt(1, None, "2024-12-01 09:00:00"),  # walk-in: the data's first receipt
            receipt(2, "M00003", "2025-02-20 09:00:00"),  # 1 May window starts 31 January
            receipt(3, "M00003", "2025-01-31 00:00:00"),  # on the window's first instant
            receipt(4, "M00003", "2025-03-05 12:00:00"),  # no lines at all
            receipt(5, "M00002", "2025-03-05 12:00:00"),  # another member, same time
            receipt(6, "M00003", "2025-05-01 00:00:00"),  # on the review day: outside
            receipt(7, None, "2025-04-01 09:00:00"),
            receipt(8, "M00003", "2025-05-20 18:00:00"),
        ],
    )
    lines = table(
        "receipt_lines",
        [
            line(2, 1, 0.1), line(2, 2, 0.2), line(2, 3, 99.99),
            line(3, 1, 150.05),
            line(5, 1, 500.0), line(6, 1, 70.0), line(7, 1, 30.0), line(8, 1, 0.3),
        ],
    )  # fmt: skip
    out = review_spend(receipts, lines, changes, "M00003")
    assert list(out["change"]) == ["upgrade", "downgrade"]

    joined = lines.merge(receipts[["receipt_id", "customer_id", "purchased_at"]], on="receipt_id")
    expected = []
    for day in out["changed_on"]:
        inside = joined[
            (joined["customer_id"] == "M00003")
            & (joined["purchased_at"] >= day - pd.Timedelta(days=90))
            & (joined["purchased_at"] < day)
        ]
        expected.append(round(float(inside.groupby("receipt_id")["line_total_cny"].sum().sum()), 2))
    assert list(out["spend_last_90_days_cny"]) == pytest.approx(expected)
    assert expected == [pytest.approx(250.34), pytest.approx(70.3)]
    # ... and exactly what the whole chain's qualifying spend says for that member.
    for day, got in zip(out["changed_on"], out["spend_last_90_days_cny"], strict=True):
        assert got == float(qualifying_spend(receipts, lines, day).get("M00003", 0.0))


def test_tier_rules_and_qualifying_spend_explain_every_review_change(committed) -> None:
    # The chapter explains each tier change with tier_rules() and qualifying_spend(); both
    # must agree with what the committed data did at every review, or staff learn the
    # wrong rule. An upgrade lands on the highest tier reached; a downgrade is one step,
    # below the old tier's keep amount.
    rules = tier_rules().set_index("tier")
    order = list(rules.index)
    entry = rules["qualify_spend_cny"]
    keep = rules["keep_spend_cny"]
    log = committed.tier_changes
    kind = log["change"].astype("string")
    moves = log[kind.isin(["upgrade", "downgrade"]) & (log["changed_on"] != "2025-01-01")]
    assert len(moves) > 0
    for day, group in moves.groupby("changed_on"):
        spend = qualifying_spend(committed.receipts, committed.receipt_lines, day)
        got = spend.reindex(group["customer_id"]).fillna(0.0).to_numpy()
        to = group["to_tier"].astype("string").to_numpy()
        frm = group["from_tier"].astype("string").to_numpy()
        for s, f, t, k in zip(got, frm, to, group["change"].astype("string"), strict=True):
            if k == "upgrade":
                nxt = order.index(t) + 1
                assert s >= entry[t], (day, f, t, s)
                assert nxt == len(order) or s < entry[order[nxt]], (day, f, t, s)
            else:
                assert s < keep[f], (day, f, t, s)
                assert order.index(t) == order.index(f) - 1, (day, f, t)
