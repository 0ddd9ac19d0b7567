"""Tier changes and points follow the rules written in the data card, checked from the tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

TIERS = ["standard", "silver", "gold", "diamond"]
ENTRY = np.array([0, 300, 700, 1200])  # yuan of qualifying spend in 90 days
KEEP = np.array([0, 150, 350, 600])
MULT10 = np.array([10, 12, 15, 20])


@pytest.fixture(scope="module")
def qualifying(data):
    """Per receipt: member, time and qualifying spend (gross minus line discounts)."""
    lines = data.receipt_lines.groupby("receipt_id")["discount_cny"].sum()
    r = data.receipts[data.receipts["is_member"]].copy()
    r["qual"] = (r["gross_cny"] - r["receipt_id"].map(lines)).round(2)
    return r


def test_every_member_joins_once_and_tier_matches_last_change(data):
    tc = data.tier_changes
    joins = tc[tc["change"] == "join"]
    assert joins["customer_id"].is_unique
    assert set(joins["customer_id"]) == set(data.customers["customer_id"])
    last = tc.sort_values("changed_on", kind="stable").groupby("customer_id").tail(1)
    final = last.set_index("customer_id")["to_tier"].astype(object)
    cust = data.customers.set_index("customer_id")["tier"].astype(object)
    pd.testing.assert_series_equal(
        final.reindex(cust.index), cust, check_names=False, check_dtype=False
    )


def test_monthly_reviews_follow_the_rules(data, qualifying):
    tc = data.tier_changes
    reviews = pd.date_range("2025-04-01", "2025-12-01", freq="MS")
    customers = data.customers.set_index("customer_id")
    checked = 0
    for day in reviews:
        before = tc[tc["changed_on"] < day].sort_values("changed_on", kind="stable")
        state = before.groupby("customer_id").tail(1).set_index("customer_id")
        active = state[state["change"] != "exit"]
        cur = active["to_tier"].map(TIERS.index).astype(int)
        window = qualifying[
            (qualifying["purchased_at"] >= day - pd.Timedelta(days=90))
            & (qualifying["purchased_at"] < day)
        ]
        spend = window.groupby("customer_id")["qual"].sum().reindex(cur.index, fill_value=0)
        reach = np.searchsorted(ENTRY, spend.to_numpy() + 1e-6, side="right") - 1
        expect = np.where(
            reach > cur, reach, np.where((spend < KEEP[cur]) & (cur > 0), cur - 1, cur)
        )
        if day >= pd.Timestamp("2025-07-01"):
            past = qualifying[qualifying["purchased_at"] < day]
            last = past.groupby("customer_id")["purchased_at"].max().reindex(cur.index)
            signed = customers.loc[cur.index, "signup_date"]
            cutoff = day - pd.Timedelta(days=180)
            leaving = ((last < cutoff) | last.isna()) & (signed <= cutoff)
        else:
            leaving = pd.Series(False, index=cur.index)
        today = tc[tc["changed_on"] == day].set_index("customer_id")
        exits = set(today.index[today["change"] == "exit"])
        assert exits == set(cur.index[leaving.to_numpy()])
        moved = today[today["change"].isin(["upgrade", "downgrade"])]
        stay = ~leaving.to_numpy()
        want = pd.Series(expect[stay], index=cur.index[stay])
        want = want[want != cur[stay]]
        got = moved["to_tier"].map(TIERS.index).astype(int)
        pd.testing.assert_series_equal(
            got.sort_index(), want.sort_index(), check_names=False, check_dtype=False
        )
        checked += len(got) + len(exits)
    assert checked > 100


def test_no_member_shopping_after_exit(data):
    tc = data.tier_changes
    exits = tc[tc["change"] == "exit"].set_index("customer_id")["changed_on"]
    r = data.receipts[data.receipts["customer_id"].isin(exits.index)]
    assert (r["purchased_at"] < r["customer_id"].map(exits)).all()


def test_receipt_totals_add_up(data):
    r = data.receipts.set_index("receipt_id")
    lines = data.receipt_lines
    assert np.allclose(lines["quantity"] * lines["unit_price_cny"] - lines["discount_cny"],
                       lines["line_total_cny"])  # fmt: skip
    g = lines.assign(v=lines["quantity"] * lines["unit_price_cny"]).groupby("receipt_id")
    assert np.allclose(g["v"].sum().reindex(r.index), r["gross_cny"])
    assert (g["quantity"].sum().reindex(r.index) == r["items"]).all()
    assert np.allclose(r["gross_cny"] - r["discount_cny"], r["net_cny"])
    coupons = data.coupon_sends.dropna(subset=["redeemed_receipt_id"]).merge(
        data.campaigns[["campaign_id", "coupon_value_cny"]]
    )
    coupon = coupons.set_index("redeemed_receipt_id")["coupon_value_cny"]
    assert coupon.index.is_unique
    led = data.points_ledger
    redeemed = -led[led["kind"] == "redeem"].set_index("receipt_id")["points"] / 100
    expect = (
        g["discount_cny"].sum().reindex(r.index)
        + coupon.reindex(r.index, fill_value=0)
        + redeemed.reindex(r.index, fill_value=0)
    )
    assert np.allclose(expect, r["discount_cny"])
    assert (r["net_cny"] >= 0).all()


def test_points_earned_follow_tier_multiplier(data):
    led = data.points_ledger
    r = data.receipts.set_index("receipt_id")
    red = -led[led["kind"] == "redeem"].set_index("receipt_id")["points"]
    earn = led[led["kind"] == "earn"].set_index("receipt_id")
    paid = (r["net_cny"] + red.reindex(r.index, fill_value=0) / 100).round(2)
    tc = data.tier_changes.dropna(subset=["to_tier"]).sort_values("changed_on")
    mem = r[r["is_member"]].reset_index().sort_values("purchased_at")
    tiers_at = pd.merge_asof(
        mem, tc[["customer_id", "changed_on", "to_tier"]],
        left_on="purchased_at", right_on="changed_on", by="customer_id",
    ).set_index("receipt_id")  # fmt: skip
    mult = tiers_at["to_tier"].map(TIERS.index).astype(int).map(dict(enumerate(MULT10)))
    expect = (np.floor(paid.reindex(mult.index) + 1e-9).astype(int) * mult) // 10
    got = earn["points"].reindex(mult.index, fill_value=0)
    assert (got == expect).all()
    assert (got > 0).sum() > 0.9 * len(got)


def test_points_balances_never_negative_and_expiry_rules(data):
    led = data.points_ledger
    assert led["entry_id"].is_unique
    bal = led.groupby("customer_id")["points"].cumsum()
    assert (bal >= 0).all()
    red = led[led["kind"] == "redeem"]
    assert len(red) > 100 and (red["points"] % 500 == 0).all() and (red["points"] < 0).all()
    exp = led[led["kind"] == "expire"]
    assert exp["receipt_id"].isna().all() and (exp["points"] < 0).all()
    exit_days = data.tier_changes.loc[data.tier_changes["change"] == "exit", "changed_on"]
    ok_days = set(exit_days) | {pd.Timestamp("2025-12-31 23:59:59")}
    assert set(exp["occurred_at"]) <= ok_days
    assert (exp["occurred_at"] == pd.Timestamp("2025-12-31 23:59:59")).any()
