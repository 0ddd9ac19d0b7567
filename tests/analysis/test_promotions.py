"""Tests for storecrm.analysis.promotions on small hand-made tables."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from storecrm.analysis.promotions import (
    bundle_quote,
    campaign_member_activity,
    campaign_results,
    campaign_uplift,
    channel_mix,
    daily_sales,
    find_products,
    holiday_lift,
    payment_mix,
    tiered_discount,
)


@pytest.fixture
def products() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "product_id": ["P0001", "P0002", "P0003"],
            "product_name": ["Milk", "Bun", "Egg"],
            "unit_price_cny": [6.0, 4.0, 2.0],
            "unit_cost_cny": [4.0, 2.0, 1.0],
        }
    )


def test_bundle_quote_prices_and_margins(products: pd.DataFrame) -> None:
    quote = bundle_quote(products, ["P0001", "P0002", "P0003", "P0003"], 12.0)
    assert quote.separate_price_cny == pytest.approx(14.0)
    assert quote.cost_cny == pytest.approx(8.0)
    assert quote.saving_cny == pytest.approx(2.0)
    assert quote.saving_share == pytest.approx(2 / 14)
    assert quote.margin_cny == pytest.approx(4.0)
    assert quote.separate_margin_cny == pytest.approx(6.0)
    assert quote.margin_rate == pytest.approx(4 / 12)
    assert quote.bundles_to_match == pytest.approx(1.5)
    assert list(quote.items["product_id"]) == ["P0001", "P0002", "P0003", "P0003"]


def test_bundle_below_cost_needs_infinite_volume(products: pd.DataFrame) -> None:
    quote = bundle_quote(products, ["P0001"], 3.0)
    assert quote.margin_cny == pytest.approx(-1.0)
    assert math.isinf(quote.bundles_to_match)


def test_bundle_quote_rejects_bad_input(products: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="P9999"):
        bundle_quote(products, ["P0001", "P9999"], 5.0)
    with pytest.raises(ValueError, match="more than 0"):
        bundle_quote(products, ["P0001"], 0)
    with pytest.raises(ValueError, match="at least one"):
        bundle_quote(products, [], 5.0)


def test_find_products_keeps_order_and_repeats(products: pd.DataFrame) -> None:
    assert find_products(products, ["Egg", "Milk", "Egg"]) == ["P0003", "P0001", "P0003"]
    with pytest.raises(ValueError, match="Tea"):
        find_products(products, ["Milk", "Tea"])


@pytest.mark.parametrize(
    ("spend", "expected"),
    [(0.0, 0.0), (29.99, 0.0), (30.0, 3.0), (59.9, 3.0), (60.0, 8.0), (500.0, 8.0)],
)
def test_tiered_discount_uses_highest_tier_only(spend: float, expected: float) -> None:
    assert tiered_discount(spend, [(60, 8), (30, 3)]) == pytest.approx(expected)


def test_tiered_discount_rejects_negative_spend() -> None:
    with pytest.raises(ValueError):
        tiered_discount(-1.0, [(30, 3)])


@pytest.fixture
def receipts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "receipt_id": [1, 2, 3, 4, 5, 6, 7],
            "store_id": ["S01", "S01", "S01", "S01", "S02", "S02", "S02"],
            "customer_id": ["M1", "M1", "M2", None, "M3", "M3", "M4"],
            "purchased_at": pd.to_datetime(
                [
                    "2025-03-01 09:00",
                    "2025-03-05 18:00",
                    "2025-03-02 12:00",
                    "2025-03-02 12:30",
                    "2025-02-28 23:59",  # the day before the campaign: not counted
                    "2025-03-03 10:00",
                    "2025-03-08 08:00",  # the day after the campaign: not counted
                ]
            ),
            "channel": ["in_store", "app_pickup", "in_store", "in_store", "delivery"]
            + ["in_store"] * 2,
            "payment_method": [
                "cash",
                "wechat_pay",
                "wechat_pay",
                "alipay",
                "alipay",
                "alipay",
                "cash",
            ],
            "net_cny": [10.0, 20.0, 5.0, 7.0, 100.0, 8.0, 50.0],
        }
    )


def test_channel_mix_rows_are_shares(receipts: pd.DataFrame) -> None:
    mix = channel_mix(receipts)
    assert mix.loc["S01", "in_store"] == pytest.approx(0.75)
    assert mix.loc["S01", "app_pickup"] == pytest.approx(0.25)
    assert mix.loc["S02", "delivery"] == pytest.approx(1 / 3)
    assert mix.sum(axis=1).tolist() == pytest.approx([1.0, 1.0])


def test_payment_mix_counts_receipts_not_money(receipts: pd.DataFrame) -> None:
    mix = payment_mix(receipts)
    # S02 has two Alipay receipts out of three, although the cash one is worth more.
    assert mix.loc["S02", "alipay"] == pytest.approx(2 / 3)


@pytest.fixture
def campaigns() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "campaign_id": ["C1"],
            "starts_on": pd.to_datetime(["2025-03-01"]),
            "ends_on": pd.to_datetime(["2025-03-07"]),
        }
    )


@pytest.fixture
def sends() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "campaign_id": ["C1"] * 4,
            "customer_id": ["M1", "M2", "M3", "M5"],
            "group": ["treatment", "treatment", "control", "control"],
            "redeemed_at": pd.to_datetime(["2025-03-05 18:00", None, None, None]),
        }
    )


def test_activity_counts_only_the_campaign_window(
    campaigns: pd.DataFrame, sends: pd.DataFrame, receipts: pd.DataFrame
) -> None:
    act = campaign_member_activity(campaigns, sends, receipts).set_index("customer_id")
    assert act.loc["M1", "visits"] == 2
    assert act.loc["M1", "spend_cny"] == pytest.approx(30.0)
    assert bool(act.loc["M1", "redeemed"]) is True
    assert act.loc["M2", "visits"] == 1
    assert act.loc["M3", "visits"] == 1  # the 28 Feb receipt is outside the window
    assert act.loc["M3", "spend_cny"] == pytest.approx(8.0)
    assert act.loc["M5", "visits"] == 0  # a member who did not come still counts
    assert act.loc["M5", "spend_cny"] == pytest.approx(0.0)


def test_results_and_uplift_compare_groups(
    campaigns: pd.DataFrame, sends: pd.DataFrame, receipts: pd.DataFrame
) -> None:
    act = campaign_member_activity(campaigns, sends, receipts)
    res = campaign_results(act)
    assert res.loc[("C1", "treatment"), "redemption_rate"] == pytest.approx(0.5)
    assert res.loc[("C1", "control"), "visits_per_member"] == pytest.approx(0.5)
    up = campaign_uplift(res)
    assert up.loc["C1", "extra_visits_per_member"] == pytest.approx(1.5 - 0.5)
    assert up.loc["C1", "extra_spend_per_member_cny"] == pytest.approx(17.5 - 4.0)
    assert up.loc["C1", "redemption_rate"] == pytest.approx(0.5)


def test_uplift_needs_a_control_group(
    campaigns: pd.DataFrame, sends: pd.DataFrame, receipts: pd.DataFrame
) -> None:
    only_treated = sends[sends["group"] == "treatment"]
    res = campaign_results(campaign_member_activity(campaigns, only_treated, receipts))
    with pytest.raises(ValueError, match="control"):
        campaign_uplift(res)


def test_daily_sales_and_holiday_lift() -> None:
    days = pd.date_range("2025-01-01", periods=10, freq="D")
    takings = [100.0] * 10
    takings[7] = takings[8] = 300.0  # two busy days before a festival on day 9
    rec = pd.DataFrame(
        {"receipt_id": range(10), "purchased_at": days + pd.Timedelta(hours=10), "net_cny": takings}
    )
    daily = daily_sales(rec)
    assert daily.loc[pd.Timestamp("2025-01-08"), "net_cny"] == pytest.approx(300.0)
    lift = holiday_lift(daily, pd.Timestamp("2025-01-10"), days_before=2)
    assert lift == pytest.approx((300 + 300 + 100) / 3 / 100)
    with pytest.raises(ValueError):
        holiday_lift(daily, pd.Timestamp("2026-06-01"), days_before=1)
