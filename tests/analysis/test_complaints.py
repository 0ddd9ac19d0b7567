"""Tests for storecrm.analysis.complaints on small hand-made frames."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from storecrm.analysis.complaints import (
    add_times,
    median_resolution_hours,
    resolution_summary,
    share_first_response_on_time,
    share_resolved_on_time,
    speed_band,
    survey_scores,
    visit_change,
    visits_around_complaints,
)

T0 = pd.Timestamp("2025-06-01 10:00")


def _complaints() -> pd.DataFrame:
    """Four tickets; response and resolution hours chosen to sit either side of a standard."""
    rows = [
        # ticket, customer, category, channel, first reply (h), resolved (h), satisfaction
        ("T1", "M1", "price_dispute", "in_store", 0.5, 1.0, 5),
        ("T2", "M2", "price_dispute", "app", 3.0, 30.0, 2),
        ("T3", "M3", "queue_wait", "in_store", 2.0, 24.0, 4),
        ("T4", "M4", "queue_wait", "phone", 10.0, 100.0, 1),
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "ticket_id",
            "customer_id",
            "category",
            "channel",
            "fr_h",
            "res_h",
            "satisfaction_after",
        ],
    )
    frame["opened_at"] = T0
    frame["first_response_at"] = T0 + pd.to_timedelta(frame.pop("fr_h"), unit="h")
    frame["resolved_at"] = T0 + pd.to_timedelta(frame.pop("res_h"), unit="h")
    frame["category"] = frame["category"].astype("category")
    return frame


def test_add_times_in_hours():
    timed = add_times(_complaints())
    assert timed["first_response_h"].tolist() == [0.5, 3.0, 2.0, 10.0]
    assert timed["resolution_h"].tolist() == [1.0, 30.0, 24.0, 100.0]
    assert "resolution_h" not in _complaints()  # the input is not changed


def test_speed_band_edges_belong_to_the_faster_band():
    bands = speed_band(pd.Series([1.0, 24.0, 24.5, 72.0, 73.0]))
    assert bands.astype(str).tolist() == [
        "within 24 hours",
        "within 24 hours",
        "1-3 days",
        "1-3 days",
        "over 3 days",
    ]
    assert bands.cat.ordered


def test_resolution_summary_by_category():
    summary = resolution_summary(_complaints(), by="category")
    # Slowest median first: queue_wait median (24 + 100) / 2 = 62 h; price_dispute 15.5 h.
    assert summary.index.tolist() == ["queue_wait", "price_dispute"]
    assert summary.loc["price_dispute", "median_resolution_h"] == pytest.approx(15.5)
    assert summary.loc["queue_wait", "median_first_response_h"] == pytest.approx(6.0)
    # Standards are inclusive: exactly 2 h and exactly 24 h count as on time.
    assert summary.loc["queue_wait", "first_response_on_time_share"] == pytest.approx(0.5)
    assert summary.loc["queue_wait", "resolved_on_time_share"] == pytest.approx(0.5)
    assert summary.loc["price_dispute", "first_response_on_time_share"] == pytest.approx(0.5)
    assert summary.loc["price_dispute", "mean_satisfaction_after"] == pytest.approx(3.5)
    assert summary["tickets"].tolist() == [2, 2]


def test_summary_standards_can_be_changed():
    strict = resolution_summary(_complaints(), by="channel", resolution_standard_h=0.5)
    assert (strict["resolved_on_time_share"] == 0).all()


def test_on_time_shares_and_median_accept_a_frame():
    frame = _complaints()
    assert share_first_response_on_time(frame) == pytest.approx(0.5)  # 0.5 h and 2 h
    assert share_resolved_on_time(frame) == pytest.approx(0.5)  # 1 h and 24 h
    assert median_resolution_hours(frame) == pytest.approx(27.0)


def _receipts() -> pd.DataFrame:
    """M1 shops before and after; M2 stops after; M4's ticket closes too near the end."""
    day = pd.Timedelta(days=1)
    rows = [
        ("M1", T0 - 10 * day),
        ("M1", T0 - 5 * day),
        ("M1", T0 + 2 * day),
        ("M1", T0 + 3 * day),
        ("M1", T0 + 40 * day),  # outside a 30-day window after resolution
        ("M2", T0 - 20 * day),
        ("M2", T0 - 1 * day),
        ("M2", T0 - 31 * day),  # outside a 30-day window before opening
        ("M3", T0 + 0.5 * day),  # before T3 is resolved (24 h): neither window
        ("M3", T0 + 1.5 * day),
        (None, T0 + 2 * day),  # a walk-in shopper: ignored
    ]
    frame = pd.DataFrame(rows, columns=["customer_id", "purchased_at"])
    return frame


PERIOD = (T0 - pd.Timedelta(days=60), T0 + pd.Timedelta(days=60))


def test_visits_counted_in_the_right_windows():
    visits = visits_around_complaints(_complaints(), _receipts(), window_days=30, period=PERIOD)
    by_ticket = visits.set_index("ticket_id")
    assert by_ticket.loc["T1", ["visits_before", "visits_after"]].tolist() == [2, 2]
    assert by_ticket.loc["T2", ["visits_before", "visits_after"]].tolist() == [2, 0]
    assert by_ticket.loc["T3", ["visits_before", "visits_after"]].tolist() == [0, 1]
    assert by_ticket.loc["T4", ["visits_before", "visits_after"]].tolist() == [0, 0]


def test_tickets_whose_windows_leave_the_data_are_dropped():
    short = (T0 - pd.Timedelta(days=60), T0 + pd.Timedelta(days=32))
    visits = visits_around_complaints(_complaints(), _receipts(), window_days=30, period=short)
    # T4 is resolved at +100 h (about 4.2 days), so its 30-day window ends after day 32.
    assert sorted(visits["ticket_id"]) == ["T1", "T2", "T3"]


def test_default_period_comes_from_the_receipts():
    receipts = _receipts()
    edges = pd.DataFrame({"customer_id": ["M9", "M9"], "purchased_at": [PERIOD[0], PERIOD[1]]})
    with_edges = pd.concat([receipts, edges], ignore_index=True)
    visits = visits_around_complaints(_complaints(), with_edges, window_days=30)
    assert len(visits) == 4
    # Without the edges the receipts start 31 days before T0: a 35-day window does not fit.
    assert len(visits_around_complaints(_complaints(), receipts, window_days=35)) == 0


def test_visit_change_by_satisfaction():
    visits = pd.DataFrame(
        {
            "satisfaction_after": [5, 5, 1, 1, 3],
            "visits_before": [4, 6, 5, 5, 0],
            "visits_after": [6, 6, 2, 3, 0],
        }
    )
    table = visit_change(visits)
    assert table.loc[5, "mean_visits_before"] == pytest.approx(5.0)
    assert table.loc[5, "mean_visits_after"] == pytest.approx(6.0)
    assert table.loc[5, "visits_change"] == pytest.approx(0.2)
    assert table.loc[1, "visits_change"] == pytest.approx(-0.5)
    assert np.isnan(table.loc[3, "visits_change"])  # no visits before: change is undefined
    assert table["tickets"].tolist() == [2, 1, 2]


def test_survey_scores_low_and_high_shares():
    answers = {
        "sat_checkout_speed": [1, 2, 5, 5],
        "sat_staff_friendliness": [3, 3, 4, 4],
        "sat_product_range": [4, 4, 5, 5],
        "sat_freshness": [5, 5, 5, None],
        "sat_cleanliness": [4, 4, 4, 4],
        "sat_value_for_money": [2, 3, 4, 5],
    }
    table = survey_scores(pd.DataFrame(answers))
    assert table.index[0] == "Checkout speed"  # mean 3.25 is the lowest
    assert table.loc["Checkout speed", "low_share"] == pytest.approx(0.5)
    assert table.loc["Checkout speed", "high_share"] == pytest.approx(0.5)
    assert table.loc["Staff friendliness", "low_share"] == 0
    assert table.loc["Staff friendliness", "high_share"] == pytest.approx(0.5)
    assert table.loc["Freshness", "responses"] == 3  # a blank answer is not a score
    assert table.loc["Freshness", "mean_score"] == pytest.approx(5.0)
