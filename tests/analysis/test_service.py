"""Tests for the Module 2 helpers: hourly receipts, the till rule and checkout ratings."""

from __future__ import annotations

import pandas as pd
import pytest

from storecrm.analysis.service import (
    checkout_speed_by_store,
    hourly_profile,
    till_plan,
    tills_to_open,
)


@pytest.fixture
def stores() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "store_id": ["S01", "S05"],
            "store_name": ["Station", "Riverside"],
            "format": pd.Categorical(["convenience", "supermarket"]),
            "tills": [1, 4],
        }
    )


@pytest.fixture
def receipts() -> pd.DataFrame:
    # 2025-01-06 and 2025-01-07 are a Monday and a Tuesday; 2025-01-11 is a Saturday.
    rows = [
        # S01, Monday: 4 receipts at 08:xx, 1 at 12:xx
        ("S01", "2025-01-06 08:01", "in_store"),
        ("S01", "2025-01-06 08:15", "in_store"),
        ("S01", "2025-01-06 08:30", "in_store"),
        ("S01", "2025-01-06 08:59", "in_store"),
        ("S01", "2025-01-06 12:10", "in_store"),
        # S01, Tuesday: 2 receipts at 08:xx, plus a delivery that never reaches the till
        ("S01", "2025-01-07 08:05", "in_store"),
        ("S01", "2025-01-07 08:45", "in_store"),
        ("S01", "2025-01-07 08:50", "delivery"),
        # S01, Saturday: 1 receipt at 10:xx
        ("S01", "2025-01-11 10:00", "in_store"),
        # S05, Saturday: 3 receipts at 17:xx
        ("S05", "2025-01-11 17:00", "in_store"),
        ("S05", "2025-01-11 17:20", "in_store"),
        ("S05", "2025-01-11 17:40", "in_store"),
        ("S05", "2025-01-11 21:15", "in_store"),
    ]
    df = pd.DataFrame(rows, columns=["store_id", "purchased_at", "channel"])
    df["purchased_at"] = pd.to_datetime(df["purchased_at"])
    df["store_id"] = df["store_id"].astype("category")
    return df


def _rate(profile: pd.DataFrame, key: str, value: str, day_type: str, hour: int) -> float:
    row = profile[
        (profile[key] == value) & (profile["day_type"] == day_type) & (profile["hour"] == hour)
    ]
    assert len(row) == 1
    return float(row["receipts_per_hour"].iloc[0])


def test_hourly_profile_averages_over_store_days(receipts, stores):
    profile = hourly_profile(receipts, stores, by="store_id")
    # Two weekdays at S01: (4 + 2) / 2 at 08:00; the delivery is not counted.
    assert _rate(profile, "store_id", "S01", "weekday", 8) == pytest.approx(3.0)
    assert _rate(profile, "store_id", "S01", "weekday", 12) == pytest.approx(0.5)
    assert _rate(profile, "store_id", "S01", "weekend", 10) == pytest.approx(1.0)
    assert _rate(profile, "store_id", "S05", "weekend", 17) == pytest.approx(3.0)
    assert _rate(profile, "store_id", "S05", "weekend", 21) == pytest.approx(1.0)


def test_hourly_profile_fills_every_hour_with_zero(receipts, stores):
    profile = hourly_profile(receipts, stores, by="format")
    assert len(profile) == 2 * 2 * 24
    assert _rate(profile, "format", "convenience", "weekday", 3) == 0.0
    # S05 has no weekday receipts at all: zeros, not NaN.
    assert _rate(profile, "format", "supermarket", "weekday", 17) == 0.0
    assert profile["receipts_per_hour"].notna().all()


def test_share_of_day_is_the_shape_of_the_day(receipts, stores):
    profile = hourly_profile(receipts, stores, by="store_id")
    s01 = profile[(profile["store_id"] == "S01") & (profile["day_type"] == "weekday")]
    # Per weekday at S01: 3 shoppers at 08:00 and 0.5 at 12:00, so 08:00 is 3 / 3.5 of the day.
    assert s01.set_index("hour").loc[8, "share_of_day"] == pytest.approx(3 / 3.5)
    sums = profile.groupby(["store_id", "day_type"])["share_of_day"].sum()
    assert sums.loc[("S01", "weekday")] == pytest.approx(1.0)
    assert sums.loc[("S05", "weekday")] == 0.0  # no weekday receipts: no shape, no NaN


def test_hourly_profile_can_include_other_channels(receipts, stores):
    profile = hourly_profile(receipts, stores, by="store_id", channels=("in_store", "delivery"))
    assert _rate(profile, "store_id", "S01", "weekday", 8) == pytest.approx(3.5)


def test_hourly_profile_rejects_unknown_store(receipts, stores):
    with pytest.raises(ValueError, match="store_id"):
        hourly_profile(receipts, stores[stores["store_id"] == "S01"], by="format")


@pytest.mark.parametrize(
    ("per_hour", "minutes", "busy", "expected"),
    [
        (0, 1.0, 0.8, 0),  # closed hour: no till
        (5, 1.0, 0.8, 1),  # quiet hour: still one till
        (48, 1.0, 0.8, 1),  # exactly full at 80 %: one till is enough
        (49, 1.0, 0.8, 2),  # one more shopper tips it over
        (120, 1.0, 0.8, 3),  # 120 minutes of work / 48 per till
        (60, 2.0, 1.0, 2),  # slower checkouts need more tills
    ],
)
def test_tills_to_open_scalar(per_hour, minutes, busy, expected):
    assert tills_to_open(per_hour, minutes, busy) == expected


def test_tills_to_open_series_matches_scalar():
    rates = pd.Series([0.0, 5.0, 48.0, 49.0, 120.0])
    assert tills_to_open(rates).tolist() == [tills_to_open(float(x)) for x in rates]


@pytest.mark.parametrize("bad", [{"minutes_per_receipt": 0}, {"max_busy_share": 1.5}])
def test_tills_to_open_rejects_impossible_settings(bad):
    with pytest.raises(ValueError):
        tills_to_open(10, **bad)


def test_till_plan_flags_hours_short_of_tills(receipts, stores):
    # With 30 minutes per receipt, 3 shoppers an hour need 3 / (2 * 0.8) -> 2 tills.
    plan = till_plan(receipts, stores, minutes_per_receipt=30)
    s01_peak = plan[(plan["store_id"] == "S01") & (plan["day_type"] == "weekday")]
    s01_peak = s01_peak[s01_peak["hour"] == 8].iloc[0]
    assert s01_peak["tills_needed"] == 2
    assert s01_peak["tills_available"] == 1
    assert bool(s01_peak["short"])
    s05 = plan[(plan["store_id"] == "S05") & (plan["hour"] == 17)]
    assert not s05["short"].any()


def test_till_plan_scales_the_day_to_a_daily_total(receipts, stores):
    # 08:00 is 3 / 3.5 of S01's weekday; with 700 shoppers a day that is 600 in the hour,
    # which needs ceil(600 / 60 / 0.8) = 13 tills.
    plan = till_plan(receipts, stores, daily_receipts={"S01": 700, "S05": 100})
    row = plan[(plan["store_id"] == "S01") & (plan["day_type"] == "weekday") & (plan["hour"] == 8)]
    assert row["receipts_per_hour"].iloc[0] == pytest.approx(600.0)
    assert row["tills_needed"].iloc[0] == 13
    same = till_plan(receipts, stores, daily_receipts=700)
    assert same.loc[row.index, "tills_needed"].iloc[0] == 13


def test_till_plan_needs_a_daily_total_for_every_store(receipts, stores):
    with pytest.raises(ValueError, match="S05"):
        till_plan(receipts, stores, daily_receipts={"S01": 700})


@pytest.fixture
def surveys() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "store_id": ["S01", "S01", "S01", "S01", "S05", "S05"],
            "sat_checkout_speed": [5, 4, 2, None, 3, 1],
            "comment": [
                "Still the best coffee.",  # "still" is not "till"
                None,
                "Only one till open.",
                "Waited ages.",
                "",
                "The queue was too long.",
            ],
        }
    )


def test_checkout_speed_by_store(surveys, stores, receipts):
    table = checkout_speed_by_store(surveys, stores, receipts)
    assert table.loc["S01", "responses"] == 3  # the blank answer is left out
    assert table.loc["S01", "mean_rating"] == pytest.approx(11 / 3)
    assert table.loc["S01", "share_fast"] == pytest.approx(2 / 3)
    assert table.loc["S05", "share_fast"] == pytest.approx(0.0)
    # Comments are counted only on answers with a rating: S01 has 1 of 3 about the queue.
    assert table.loc["S01", "queue_comments"] == pytest.approx(1 / 3)
    assert table.loc["S05", "queue_comments"] == pytest.approx(1 / 2)
    assert table.loc["S01", "peak_hour"] == 8
    assert table.loc["S05", "peak_day_type"] == "weekend"
    # S01 has no receipt at 20:00 or later; S05 has 1 of its 4.
    assert table.loc["S01", "late_share"] == 0.0
    assert table.loc["S05", "late_share"] == pytest.approx(1 / 4)
    # Busiest hours: S01 weekday 08:00 averages 3 shoppers on 1 till; S05 3 on 4 tills.
    assert table.loc["S01", "peak_per_till"] == pytest.approx(3.0)
    assert table.loc["S05", "peak_per_till"] == pytest.approx(0.75)


def test_checkout_speed_by_store_without_receipts(surveys, stores):
    table = checkout_speed_by_store(surveys, stores)
    assert "peak_per_till" not in table.columns
    assert list(table.index) == ["S01", "S05"]
