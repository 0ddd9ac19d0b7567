"""Tests for storecrm.analysis.customer_value on small hand-made frames."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from storecrm.analysis.customer_value import (
    gross_margin_rate,
    lifetime_value,
    member_summary,
    pick_example_member,
    retention_lifetime_value,
    shopper_groups,
    visit_bands,
)


def _receipts() -> pd.DataFrame:
    rows = [
        # receipt_id, customer_id, purchased_at, gross, discount
        ("R1", "M1", "2025-01-05 08:00", 20.0, 0.0),
        ("R2", "M1", "2025-02-05 08:00", 30.0, 5.0),
        ("R3", "M1", "2025-03-05 08:00", 40.0, 0.0),
        ("R4", "M2", "2025-01-10 18:00", 100.0, 10.0),
        ("R5", None, "2025-01-11 12:00", 9.0, 0.0),  # walk-in: ignored
        ("R6", "M3", "2025-12-20 12:00", 50.0, 0.0),
        ("R7", "M1", "2025-12-31 21:00", 10.0, 0.0),
    ]
    df = pd.DataFrame(
        rows, columns=["receipt_id", "customer_id", "purchased_at", "gross_cny", "discount_cny"]
    )
    df["purchased_at"] = pd.to_datetime(df["purchased_at"])
    df["net_cny"] = df["gross_cny"] - df["discount_cny"]
    return df


def _customers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": ["M1", "M2", "M3"],
            "signup_date": pd.to_datetime(["2024-06-01", "2024-06-01", "2025-12-02"]),
        }
    )


class TestMemberSummary:
    def test_counts_visits_spend_and_basket_per_member(self) -> None:
        s = member_summary(_receipts())
        assert list(s.index) == ["M1", "M2", "M3"]  # walk-in left out
        assert s.loc["M1", "visits"] == 4
        assert s.loc["M1", "spend_cny"] == pytest.approx(95.0)
        assert s.loc["M1", "avg_basket_cny"] == pytest.approx(95.0 / 4)
        assert s.loc["M1", "months_active"] == 4
        assert s.loc["M2", "discount_share"] == pytest.approx(0.10)
        assert s.loc["M1", "discount_share"] == pytest.approx(5.0 / 100.0)

    def test_full_year_member_visits_per_year_equals_visits(self) -> None:
        s = member_summary(_receipts(), period_start="2025-01-01", period_end="2025-12-31")
        assert s.loc["M1", "observed_days"] == 365
        assert s.loc["M1", "visits_per_year"] == pytest.approx(4.0)

    def test_late_signup_is_observed_only_from_signup(self) -> None:
        s = member_summary(
            _receipts(), _customers(), period_start="2025-01-01", period_end="2025-12-31"
        )
        # M3 joined on 2 December: 30 days observed, 1 visit -> about 12 a year.
        assert s.loc["M3", "observed_days"] == 30
        assert s.loc["M3", "visits_per_year"] == pytest.approx(365 / 30)
        assert s.loc["M1", "observed_days"] == 365

    def test_period_filter_drops_receipts_outside_window(self) -> None:
        s = member_summary(_receipts(), period_start="2025-01-01", period_end="2025-01-31")
        assert set(s.index) == {"M1", "M2"}
        assert s.loc["M1", "visits"] == 1


def _many_receipts(ids: list) -> pd.DataFrame:
    """Two thousand receipts of a few members (and walk-ins) with awkward money amounts."""
    rng = np.random.default_rng(7)
    n = 2_000
    gross = rng.integers(1, 50_000, n) / 100 + 0.1
    return pd.DataFrame(
        {
            "customer_id": pd.Series(rng.choice(np.array(ids, dtype=object), n), dtype=object),
            "purchased_at": pd.Timestamp("2024-11-03")
            + pd.to_timedelta(rng.integers(0, 500 * 86_400, n), unit="s"),
            "gross_cny": gross,
            "discount_cny": np.round(gross * rng.random(n) * 0.3, 2),
        }
    ).assign(net_cny=lambda d: d["gross_cny"] - d["discount_cny"])


def _summary_by_groupby(receipts: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """The plain pandas answer: member numbers as text, grouped with groupby."""
    r = receipts.loc[receipts["customer_id"].notna()].copy()
    r["customer_id"] = r["customer_id"].astype(str)
    r = r.loc[
        (r["purchased_at"] >= start)
        & (r["purchased_at"] < pd.Timestamp(end) + pd.Timedelta(days=1))
    ]
    r["month"] = r["purchased_at"].dt.to_period("M")
    g = r.groupby("customer_id", sort=True)
    return pd.DataFrame(
        {
            "visits": g.size(),
            "spend_cny": g["net_cny"].sum(),
            "gross_cny": g["gross_cny"].sum(),
            "discount_cny": g["discount_cny"].sum(),
            "first_visit": g["purchased_at"].min(),
            "last_visit": g["purchased_at"].max(),
            "months_active": g["month"].nunique(),
        }
    )


@pytest.mark.parametrize(
    "ids",
    [
        ["M3", "M10", "M1", None, "M2", None, "M7", "M9"],
        ["M1", 1, 1.0, "1", None, np.nan, 22],  # numbers group as their text
    ],
)
@pytest.mark.parametrize("period", [("2024-11-03", "2026-03-17"), ("2025-01-15", "2025-02-20")])
def test_member_summary_matches_groupby_to_the_last_digit(ids: list, period: tuple) -> None:
    receipts = _many_receipts(ids)
    got = member_summary(receipts, period_start=period[0], period_end=period[1])
    expected = _summary_by_groupby(receipts, *period)
    pd.testing.assert_frame_equal(got[expected.columns], expected, check_exact=True)


class TestGrossMargin:
    def _frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        lines = pd.DataFrame(
            {
                "receipt_id": ["R1", "R1", "R2"],
                "product_id": ["P1", "P2", "P1"],
                "quantity": [2, 1, 1],
                "line_total_cny": [10.0, 10.0, 5.0],
            }
        )
        products = pd.DataFrame({"product_id": ["P1", "P2"], "unit_cost_cny": [3.0, 6.0]})
        return lines, products

    def test_margin_is_sales_minus_cost_over_sales(self) -> None:
        lines, products = self._frames()
        # sales 25, cost 2*3 + 6 + 3 = 15 -> 10/25
        assert gross_margin_rate(lines, products) == pytest.approx(0.4)

    def test_margin_for_selected_receipts_only(self) -> None:
        lines, products = self._frames()
        assert gross_margin_rate(lines, products, ["R2"]) == pytest.approx(0.4)
        assert gross_margin_rate(lines, products, ["R1"]) == pytest.approx(8 / 20)

    def test_receipt_level_coupons_reduce_sales(self) -> None:
        lines, products = self._frames()
        receipts = pd.DataFrame(
            {"receipt_id": ["R1", "R2", "R9"], "net_cny": [15.0, 5.0, 100.0]}
        )  # R1 had a 5-yuan coupon on top of its lines; R9 has no lines and is not counted
        # sales 20, cost 15 -> 5/20
        assert gross_margin_rate(lines, products, receipts=receipts) == pytest.approx(0.25)
        assert gross_margin_rate(lines, products, ["R1"], receipts=receipts) == pytest.approx(
            3 / 15
        )

    def test_unknown_product_is_an_error(self) -> None:
        lines, products = self._frames()
        with pytest.raises(ValueError, match="P2"):
            gross_margin_rate(lines, products.iloc[:1])

    def test_no_sales_gives_nan(self) -> None:
        lines, products = self._frames()
        assert math.isnan(gross_margin_rate(lines, products, ["nothing"]))


class TestLifetimeValue:
    def test_simple_product_without_discounting(self) -> None:
        # 40 yuan x 100 visits x 25 % margin = 1000 a year, for 5 years
        assert lifetime_value(40, 100, 0.25, 5) == pytest.approx(5000.0)

    def test_discounting_lowers_later_years(self) -> None:
        v = lifetime_value(40, 100, 0.25, 2, discount_rate=0.1)
        assert v == pytest.approx(1000 / 1.1 + 1000 / 1.21)

    def test_fractional_years_count_pro_rata(self) -> None:
        assert lifetime_value(10, 10, 0.5, 2.5) == pytest.approx(125.0)

    @pytest.mark.parametrize(
        "args",
        [(-1, 10, 0.2, 1), (10, -1, 0.2, 1), (10, 10, 1.5, 1), (10, 10, 0.2, -1)],
    )
    def test_rejects_impossible_inputs(self, args: tuple[float, ...]) -> None:
        with pytest.raises(ValueError):
            lifetime_value(*args)

    def test_retention_form_matches_farris(self) -> None:
        # m * r / (1 + d - r) with m=1000, r=0.8, d=0 -> 4000
        assert retention_lifetime_value(1000, 0.8) == pytest.approx(4000.0)
        assert retention_lifetime_value(1000, 0.8, 0.1) == pytest.approx(800 / 0.3)
        with pytest.raises(ValueError):
            retention_lifetime_value(1000, 1.0)


def _summary(visits: list[int], baskets: list[float], months: list[int]) -> pd.DataFrame:
    ids = [f"M{i:02d}" for i in range(len(visits))]
    s = pd.DataFrame(
        {"visits": visits, "avg_basket_cny": baskets, "months_active": months}, index=ids
    )
    s["spend_cny"] = s["visits"] * s["avg_basket_cny"]
    s["gross_cny"] = s["spend_cny"] * 1.25
    s["discount_cny"] = s["gross_cny"] - s["spend_cny"]
    s["discount_share"] = 0.2
    s["observed_days"] = 365
    s.index.name = "customer_id"
    return s


class TestPickExampleMember:
    def test_picks_typical_loyal_member_not_the_extreme(self) -> None:
        s = _summary(
            visits=[1, 1, 2, 2, 3, 3, 50, 60, 70, 75, 80, 500],
            baskets=[10.0] * 12,
            months=[1, 1, 1, 1, 2, 2, 12, 12, 12, 12, 12, 12],
        )
        # Top quarter by visits (>= 71.25): 75, 80, 500. Their median is 80, so the
        # 500-visit outlier is not chosen.
        assert pick_example_member(s) == "M10"

    def test_ignores_members_not_observed_all_period(self) -> None:
        s = _summary(visits=[100, 50, 50, 1], baskets=[10.0] * 4, months=[12, 12, 12, 1])
        s.loc["M00", "observed_days"] = 30
        assert pick_example_member(s) == "M01"

    def test_needs_enough_active_months(self) -> None:
        s = _summary(
            visits=[100, 95, 1, 1, 1, 1, 1, 1], baskets=[10.0] * 8, months=[3, 12] + [1] * 6
        )
        # Both are frequent, but M00 shopped in only 3 months: not a steady regular.
        assert pick_example_member(s) == "M01"

    def test_ties_go_to_lowest_id(self) -> None:
        s = _summary(visits=[50, 50, 1, 1], baskets=[10.0] * 4, months=[12, 12, 1, 1])
        assert pick_example_member(s) == "M00"

    def test_no_loyal_member_raises(self) -> None:
        s = _summary(visits=[1, 2], baskets=[10.0, 10.0], months=[1, 2])
        with pytest.raises(ValueError):
            pick_example_member(s)


class TestBandsAndGroups:
    def test_visit_bands_shares(self) -> None:
        s = _summary(visits=[1, 1, 2, 60], baskets=[10.0, 10.0, 10.0, 10.0], months=[1] * 4)
        b = visit_bands(s)
        assert b.loc["1 visit", "members"] == 2
        assert b.loc["1 visit", "share_of_members"] == pytest.approx(0.5)
        assert b.loc["52+ visits (weekly)", "share_of_spend"] == pytest.approx(600 / 640)
        assert b["members"].sum() == 4
        assert b["share_of_spend"].sum() == pytest.approx(1.0)

    def test_shopper_groups_split_at_medians(self) -> None:
        s = _summary(
            visits=[100, 90, 5, 4],
            baskets=[15.0, 40.0, 120.0, 10.0],
            months=[12, 12, 3, 2],
        )
        # medians: visits 47.5, basket 27.5 -> one member in each group
        s.loc["M00", ["gross_cny", "discount_cny"]] = [2000.0, 500.0]
        g = shopper_groups(s)
        assert list(g.index) == [
            "Frequent, small basket",
            "Occasional, large basket",
            "Frequent, large basket",
            "Occasional, small basket",
        ]
        assert (g["members"] == 1).all()
        assert g.loc["Frequent, small basket", "discount_share"] == pytest.approx(0.25)
        assert g.loc["Occasional, large basket", "discount_share"] == pytest.approx(0.2)
        assert g["share_of_spend"].sum() == pytest.approx(1.0)
