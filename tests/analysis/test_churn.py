"""Tests for storecrm.analysis.churn against numbers worked out by hand on tiny tables.

The little world used throughout (net spend per visit day in brackets):

* M00001 visits 01-01 (10), 01-08 (10), 01-15 (two receipts, 5 + 5: one visit), 01-22 (8)
  and 02-05 (6): gaps 7, 7, 7, 14.
* M00002 visits 01-01 (20), 01-11 (40), 01-31 (20), 03-02, 04-11, 07-20 (10 each): gaps
  10, 20, 30, 40, 100.
* M00003 visits 01-01 and 03-02: one gap of 60 days.
* One walk-in receipt (no member), which must be ignored.

All dates are in 2025.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from sklearn.tree import export_text

from storecrm.analysis import churn
from storecrm.errors import CourseError

VISITS = {
    "M00001": [("01-01", 10), ("01-08", 10), ("01-15", 5), ("01-15", 5), ("01-22", 8),
               ("02-05", 6)],
    "M00002": [("01-01", 20), ("01-11", 40), ("01-31", 20), ("03-02", 10), ("04-11", 10),
               ("07-20", 10)],
    "M00003": [("01-01", 10), ("03-02", 10)],
}  # fmt: skip


def _receipt(n: int, when: str, net: float, customer_id: str | None) -> dict:
    return {
        "receipt_id": f"R{n:07d}",
        "store_id": "S01",
        "purchased_at": when,
        "customer_id": customer_id,
        "is_member": customer_id is not None,
        "channel": "in_store",
        "payment_method": "wechat_pay",
        "items": 1,
        "gross_cny": net,
        "discount_cny": 0.0,
        "net_cny": net,
    }


@pytest.fixture()
def receipts(table) -> pd.DataFrame:
    rows = []
    for member, visits in VISITS.items():
        for hour, (day, net) in enumerate(visits):
            rows.append(_receipt(len(rows) + 1, f"2025-{day} {9 + hour}:00", net, member))
    rows.append(_receipt(len(rows) + 1, "2025-02-01 12:00", 99.0, None))
    return table("receipts", rows)


@pytest.fixture()
def complaints(table) -> pd.DataFrame:
    def ticket(n, member, opened, resolved, outcome):
        return {
            "ticket_id": f"T{n:05d}", "customer_id": member, "store_id": "S01",
            "channel": "in_store", "category": "other", "opened_at": opened,
            "first_response_at": opened, "resolved_at": resolved, "outcome": outcome,
            "satisfaction_after": 3,
        }  # fmt: skip

    return table(
        "complaints",
        [
            ticket(1, "M00001", "2025-01-20 10:00", "2025-01-25 10:00", "refund"),  # 120 h
            ticket(2, "M00002", "2025-01-20 10:00", "2025-01-20 12:00", "apology"),  # 2 h
            ticket(3, "M00001", "2024-12-01 10:00", None, "unresolved"),  # before window
        ],
    )


@pytest.fixture()
def coupon_sends(table) -> pd.DataFrame:
    def send(n, member, group, assigned, redeemed=None):
        return {
            "send_id": f"CS{n:06d}", "campaign_id": "C01", "customer_id": member,
            "group": group, "assigned_at": assigned, "redeemed_at": redeemed,
        }  # fmt: skip

    return table(
        "coupon_sends",
        [
            send(1, "M00002", "treatment", "2025-01-15 10:00"),  # ignored
            send(2, "M00001", "treatment", "2025-01-15 10:00", "2025-01-20 10:00"),  # used
            send(3, "M00001", "treatment", "2025-02-01 10:00"),  # too recent to judge
            send(4, "M00002", "control", "2025-01-15 10:00"),  # control: no coupon
        ],
    )


@pytest.fixture()
def tier_changes(table) -> pd.DataFrame:
    return table(
        "tier_changes",
        [
            {"customer_id": "M00001", "changed_on": "2025-01-31", "from_tier": "silver",
             "to_tier": "standard", "change": "downgrade"},
            {"customer_id": "M00002", "changed_on": "2025-01-31", "from_tier": "standard",
             "to_tier": "silver", "change": "upgrade"},
        ],
    )  # fmt: skip


# --- gaps, thresholds, lapse ----------------------------------------------------------------


def test_visit_gaps_count_one_visit_per_day_and_ignore_walk_ins(receipts) -> None:
    gaps = churn.visit_gaps(receipts)
    one = gaps[gaps["customer_id"] == "M00001"]
    assert one["gap_days"].tolist()[1:] == [7, 7, 7, 14]
    assert one["net_cny"].tolist() == [10, 10, 10, 8, 6]  # 5 + 5 on 01-15
    assert set(gaps["customer_id"]) == {"M00001", "M00002", "M00003"}


def test_visit_gaps_match_plain_pandas_with_interleaved_members_and_walk_ins(table) -> None:
    # Rows out of order, members interleaved, two receipts on one day, a member with one
    # visit and walk-ins: the gaps are groupby("customer_id").diff() of the sorted visit days.
    rows = [
        _receipt(1, "2025-03-01 09:00", 5.0, "M00002"),
        _receipt(2, "2025-01-01 09:00", 1.5, "M00001"),
        _receipt(3, "2025-02-01 09:00", 7.0, None),
        _receipt(4, "2025-01-01 18:00", 2.5, "M00001"),  # same day: one visit
        _receipt(5, "2025-01-10 09:00", 3.0, "M00002"),
        _receipt(6, "2025-01-04 09:00", 4.0, "M00001"),
        _receipt(7, "2025-05-05 09:00", 9.0, "M00003"),  # one visit: no gap
        _receipt(8, "2025-01-10 12:00", 0.0, "M00001"),
    ]
    receipts = table("receipts", rows)
    member = receipts[receipts["customer_id"].notna()]
    plain = (
        member.assign(day=member["purchased_at"].dt.normalize())
        .groupby(["customer_id", "day"], as_index=False, sort=True)["net_cny"]
        .sum()
    )
    plain["gap_days"] = plain.groupby("customer_id")["day"].diff().dt.days
    pd.testing.assert_frame_equal(churn.visit_gaps(receipts), plain, check_exact=True)
    before = plain[plain["day"] < "2025-03-01"].reset_index(drop=True)
    before["gap_days"] = before.groupby("customer_id")["day"].diff().dt.days
    pd.testing.assert_frame_equal(
        churn.visit_gaps(receipts, before="2025-03-01"), before, check_exact=True
    )


def test_one_study_works_out_the_visit_days_once_and_keeps_nothing_after(
    receipts, monkeypatch
) -> None:
    calls = []
    member_days = churn._member_days
    monkeypatch.setattr(churn, "_member_days", lambda r: calls.append(1) or member_days(r))
    first = churn.lapse_status(receipts, "2025-03-01")
    assert len(calls) == 1  # visit_gaps twice and lapse_thresholds: one piece of work
    # Nothing is kept between calls: a table edited in place gives the new answer.
    receipts.loc[receipts["customer_id"] == "M00003", "purchased_at"] = pd.Timestamp(
        "2025-02-27 09:00"
    )
    second = churn.lapse_status(receipts, "2025-03-01")
    assert len(calls) == 2
    assert first.loc["M00003", "days_since_last"] != second.loc["M00003", "days_since_last"]
    assert second.loc["M00003", "days_since_last"] == 2


def test_thresholds_use_own_gaps_floor_and_store_fallback(receipts) -> None:
    k = churn.lapse_thresholds(receipts)
    # M00001: 90th percentile of [7, 7, 7, 14] = 7 + 0.7 * 7 = 11.9 -> 12 -> floor 14.
    assert k.loc["M00001", "threshold_days"] == 14
    assert k.loc["M00001", "usual_gap_days"] == 7
    # M00002: [10, 20, 30, 40, 100] -> 40 + 0.6 * 60 = 76.
    assert k.loc["M00002", "threshold_days"] == 76
    assert k.loc["M00002", "source"] == "own"
    # M00003 has one gap: store-wide. Pooled [7,7,7,10,14,20,30,40,60,100] -> 60 + 0.1*40.
    assert k.loc["M00003", "threshold_days"] == 64
    assert k.loc["M00003", "usual_gap_days"] == 17  # median of the pooled gaps
    assert k.loc["M00003", "source"] == "store"


def test_threshold_cap_applies(receipts) -> None:
    k = churn.lapse_thresholds(receipts, cap_days=50)
    assert k.loc["M00002", "threshold_days"] == 50


def test_lapse_status_uses_only_the_past(receipts) -> None:
    status = churn.lapse_status(receipts, "2025-02-10")
    # Before 02-10, M00002 has 2 gaps (10, 20): store k from [7,7,7,14,10,20] = 14+0.5*6.
    assert status.loc["M00002", "threshold_days"] == 17
    assert status.loc["M00002", "days_since_last"] == 10
    assert status.loc["M00001", "days_since_last"] == 5
    assert status["lapsed"].to_dict() == {"M00001": False, "M00002": False, "M00003": True}


def test_is_lapsed_later_in_the_year(receipts) -> None:
    lapsed = churn.is_lapsed(receipts, "2025-08-01")
    # 177 days > 14; 12 days <= 76; 152 days > 64.
    assert lapsed.to_dict() == {"M00001": True, "M00002": False, "M00003": True}


# --- features and labels ------------------------------------------------------------------


def test_warning_features_by_hand(receipts, complaints, coupon_sends, tier_changes) -> None:
    f = churn.warning_features(
        receipts,
        "2025-02-10",
        complaints=complaints,
        coupon_sends=coupon_sends,
        tier_changes=tier_changes,
        window_days=30,
    )
    assert list(f.index) == ["M00001", "M00002"]  # M00003 is already lapsed
    assert list(f.columns) == list(churn.FEATURES)
    a, b = f.loc["M00001"], f.loc["M00002"]
    assert a["days_since_last"] == 5
    assert a["overdue_ratio"] == pytest.approx(5 / 7)
    assert a["gap_trend"] == pytest.approx((7 + 7 + 14) / 3 / 7)
    assert a["recent_visits"] == 3  # 01-15, 01-22, 02-05 (window starts 01-11)
    assert a["basket_trend"] == pytest.approx(((10 + 8 + 6) / 3) / 10)
    assert a["complaint_not_fixed"] == 1  # 120 hours; the December one is too old
    assert a["coupons_ignored"] == 0  # one used, one too recent
    assert a["tier_drop"] == 1
    assert b["overdue_ratio"] == pytest.approx(10 / 8.5)  # store median of 6 gaps
    assert b["gap_trend"] == 1.0  # too few gaps of its own
    assert b["recent_visits"] == 2
    assert b["basket_trend"] == pytest.approx(((40 + 20) / 2) / 20)
    assert (b["complaint_not_fixed"], b["coupons_ignored"], b["tier_drop"]) == (0, 1, 0)


def test_missing_optional_tables_give_zeros(receipts) -> None:
    f = churn.warning_features(receipts, "2025-02-10", window_days=30)
    assert f[["complaint_not_fixed", "coupons_ignored", "tier_drop"]].sum().sum() == 0


def test_labels_come_from_after_the_cutoff(receipts) -> None:
    left = churn.leaver_labels(receipts, pd.Index(["M00001", "M00002"]), "2025-02-10", 30)
    assert left.to_dict() == {"M00001": True, "M00002": False}  # M00002 is back on 03-02


def test_features_do_not_change_when_the_future_does(receipts, table) -> None:
    """No leakage: adding visits after the cut-off leaves every feature as it was."""
    before = churn.warning_features(receipts, "2025-02-10", window_days=30)
    extra = table("receipts", [_receipt(900, "2025-02-11 10:00", 50.0, "M00001")])
    more = pd.concat([receipts, extra], ignore_index=True)
    after = churn.warning_features(more, "2025-02-10", window_days=30)
    pd.testing.assert_frame_equal(before, after)


def test_study_cutoffs_leave_a_full_horizon(receipts) -> None:
    train, holdout = churn.study_cutoffs(receipts, horizon_days=30)
    assert holdout == pd.Timestamp("2025-06-21")  # 07-20 + 1 - 30
    assert train == pd.Timestamp("2025-05-22")


# --- model, rule and scores ---------------------------------------------------------------


def _synthetic(n: int = 200) -> tuple[pd.DataFrame, pd.Series]:
    ids = [f"M{i:05d}" for i in range(n)]
    days = np.arange(n) % 40
    frame = pd.DataFrame(
        {
            "days_since_last": days.astype(float),
            "overdue_ratio": days / 10,
            "gap_trend": 1.0,
            "recent_visits": 5.0,
            "basket_trend": 1.0,
            "complaint_not_fixed": 0.0,
            "coupons_ignored": 0.0,
            "tier_drop": 0.0,
        },
        index=pd.Index(ids, name="customer_id"),
    )
    return frame, pd.Series(days > 20, index=frame.index, name="left")


def test_tree_reads_as_sentences_with_real_shares() -> None:
    features, left = _synthetic()
    model = churn.fit_tree(features, left)
    rules = churn.tree_rules(model, features, left)
    assert rules.loc[0, "left_share"] == 1.0
    assert rules.loc[0, "rule"].startswith("If ")
    assert "then likely to leave" in rules.loc[0, "rule"]
    assert rules["members"].sum() == len(features)
    assert rules.loc[len(rules) - 1, "left_share"] == 0.0


def test_tree_sentences_for_count_signs() -> None:
    features, _ = _synthetic(60)
    features["complaint_not_fixed"] = [1.0 if i % 3 == 0 else 0.0 for i in range(60)]
    left = pd.Series(features["complaint_not_fixed"] > 0, index=features.index)
    model = churn.fit_tree(features, left, min_samples_leaf=1)
    rules = churn.tree_rules(model, features, left)
    assert rules.loc[0, "rule"] == "If at least one complaint not fixed, then likely to leave"
    assert rules.loc[1, "rule"] == "If no complaint not fixed, then likely to stay"


def test_same_seed_same_tree(committed) -> None:
    a = churn.churn_study(committed)
    b = churn.churn_study(committed)
    names = list(churn.FEATURES)
    assert export_text(a.model, feature_names=names) == export_text(b.model, feature_names=names)
    pd.testing.assert_frame_equal(a.scores, b.scores)


def test_confusion_precision_recall_by_hand() -> None:
    ids = pd.Index(["a", "b", "c", "d", "e"])
    actual = pd.Series([True, True, False, False, False], index=ids)
    flagged = pd.Series([True, False, True, False, False], index=ids)
    table = churn.confusion_table(actual, flagged)
    assert table.to_numpy().tolist() == [[1, 1], [1, 2]]
    risk = pd.Series([0.9, 0.1, 0.8, 0.2, 0.3], index=ids)
    assert churn.top_share_capture(actual, risk, share=0.4) == 0.5  # a (left) and c


def test_top_share_ties_break_by_member_id() -> None:
    ids = pd.Index(["b", "a", "c"])
    actual = pd.Series([True, False, False], index=ids)
    risk = pd.Series([0.5, 0.5, 0.1], index=ids)
    assert churn.top_share_capture(actual, risk, share=0.2) == 0.0  # "a" comes first


def test_scorecard_rule_row_by_hand() -> None:
    features, left = _synthetic(40)
    model = churn.fit_tree(features, left, min_samples_leaf=1)
    card = churn.scorecard(model, features, left, rule_days=30)
    rule = card.loc["no visit in 30 days"]
    # days 31..39 flagged (9 members), all left; 29 leavers in total (21..39 ... one each).
    assert rule["flagged"] == 9
    assert rule["precision"] == 1.0
    assert rule["recall"] == pytest.approx(9 / 19)
    assert card.loc["decision tree", "recall"] == 1.0


# --- list and money -------------------------------------------------------------------------


def test_at_risk_list_skips_members_without_consent(table) -> None:
    features, _ = _synthetic(3)
    features.loc["M00000", "complaint_not_fixed"] = 1
    features.loc["M00001", "overdue_ratio"] = 3.0
    risk = pd.Series([0.6, 0.7, 0.9], index=features.index)
    customers = table(
        "customers",
        [
            {"customer_id": "M00000", "tier": "gold", "marketing_consent": True},
            {"customer_id": "M00001", "tier": "standard", "marketing_consent": True},
            {"customer_id": "M00002", "tier": "silver", "marketing_consent": False},
        ],
    )
    out = churn.at_risk_list(features, risk, customers, top=5)
    assert out["customer_id"].tolist() == ["M00001", "M00000"]
    assert out.loc[0, "why"] == "at least twice their usual gap since the last visit"
    assert out.loc[1, "why"] == "a complaint was not fixed"
    assert "name" not in out.columns


def test_sign_summary_by_hand() -> None:
    features, _ = _synthetic(4)
    features["complaint_not_fixed"] = [1.0, 1.0, 0.0, 0.0]
    left = pd.Series([True, False, False, False], index=features.index)
    out = churn.sign_summary(features, left)
    row = out.loc["a complaint was not fixed"]
    assert (row["members"], row["left_share"], row["left_share_without"]) == (2, 0.5, 0.0)
    assert out.loc["dropped a membership tier", "members"] == 0
    assert math.isnan(out.loc["dropped a membership tier", "left_share"])


def test_winback_plan_by_hand() -> None:
    plan = churn.winback_plan(
        100, contact_cost_cny=2, offer_cost_cny=15, save_rate=0.2, value_per_save_cny=60,
        budget_cny=300,
    )  # fmt: skip
    assert plan.expected_saves == 20
    assert plan.total_cost_cny == 100 * 2 + 20 * 15
    assert plan.expected_value_cny == 1200
    assert plan.net_cny == 700
    assert plan.breakeven_save_rate == pytest.approx(2 / 45)
    assert plan.affordable_members == 60  # 300 / (2 + 0.2 * 15)
    assert plan.decision.startswith("go, but")


def test_winback_plan_never_pays_when_offer_exceeds_value() -> None:
    plan = churn.winback_plan(
        10, contact_cost_cny=1, offer_cost_cny=20, save_rate=0.5, value_per_save_cny=15
    )
    assert math.isinf(plan.breakeven_save_rate)
    assert plan.decision.startswith("stop")


def test_winback_plan_catches_a_percent() -> None:
    with pytest.raises(CourseError, match=r"save_rate: is 30\.0: a rate is a fraction"):
        churn.winback_plan(
            10, contact_cost_cny=1, offer_cost_cny=5, save_rate=30, value_per_save_cny=40
        )


def test_measured_save_rate_against_control() -> None:
    activity = pd.DataFrame(
        {
            "campaign_id": ["C05"] * 8 + ["C01"],
            "group": ["treatment"] * 4 + ["control"] * 4 + ["treatment"],
            "visits": [1, 0, 2, 0, 0, 0, 0, 1, 5],
        }
    )
    rates = churn.measured_save_rate(activity, "C05")
    assert rates["treatment_return_rate"] == 0.5
    assert rates["control_return_rate"] == 0.25
    assert rates["save_rate"] == 0.25


def test_lapse_reasons_compare_groups(complaints, table) -> None:
    status = pd.DataFrame(
        {"lapsed": [True, False, False]}, index=pd.Index(["M00001", "M00002", "M00003"])
    )
    survey = table(
        "survey_responses",
        [
            {"response_id": "Q1", "customer_id": "M00001", "store_id": "S01",
             "responded_on": "2025-01-05", "recommend_0_10": 3, "sat_checkout_speed": 1,
             "sat_staff_friendliness": 2, "sat_product_range": 3, "sat_freshness": 3,
             "sat_cleanliness": 3, "sat_value_for_money": 3},
            {"response_id": "Q2", "customer_id": "M00002", "store_id": "S01",
             "responded_on": "2025-01-05", "recommend_0_10": 9, "sat_checkout_speed": 5,
             "sat_staff_friendliness": 5, "sat_product_range": 4, "sat_freshness": 4,
             "sat_cleanliness": 4, "sat_value_for_money": 4},
        ],
    )  # fmt: skip
    out = churn.lapse_reasons(status, complaints, survey)
    assert out.loc["members"].to_dict() == {"lapsed": 1, "active": 2}
    assert out.loc["complaint_not_fixed_share", "lapsed"] == 1.0  # 120 h and unresolved
    assert out.loc["complaint_not_fixed_share", "active"] == 0.0
    assert out.loc["complained_share", "active"] == 0.5
    assert out.loc["sat_checkout_speed"].to_dict() == {"lapsed": 1.0, "active": 5.0}
    assert out.loc["answered_survey_share", "active"] == 0.5


# --- bad input ------------------------------------------------------------------------------


def test_empty_table(receipts) -> None:
    with pytest.raises(CourseError, match=r"^receipts: is empty"):
        churn.lapse_thresholds(receipts.iloc[0:0])


def test_missing_column(receipts) -> None:
    with pytest.raises(CourseError, match=r"^receipts\.net_cny: missing column\(s\) net_cny"):
        churn.visit_gaps(receipts.drop(columns="net_cny"))


def test_wrong_type() -> None:
    with pytest.raises(
        CourseError, match=r"receipts: expected a table \(a pandas DataFrame\), got list"
    ):
        churn.visit_gaps([1, 2, 3])


def test_wrong_column_type(receipts) -> None:
    bad = receipts.assign(net_cny=receipts["net_cny"].astype(str))
    with pytest.raises(CourseError, match=r"receipts\.net_cny: holds text .*, not numbers"):
        churn.visit_gaps(bad)


def test_nan_amount(receipts) -> None:
    bad = receipts.copy()
    bad.loc[0, "net_cny"] = np.nan
    with pytest.raises(CourseError, match=r"receipts\.net_cny: 1 empty value \(first at row 0\)"):
        churn.lapse_thresholds(bad)


def test_negative_amount(receipts) -> None:
    bad = receipts.copy()
    bad.loc[0, "net_cny"] = -5.0
    with pytest.raises(
        CourseError, match=r"receipts\.net_cny: 1 negative value \(first at row 0\)"
    ):
        churn.lapse_status(bad, "2025-03-01")


def test_dates_that_are_not_dates(receipts) -> None:
    bad = receipts.assign(purchased_at="yesterday")
    with pytest.raises(
        CourseError, match=r"receipts\.purchased_at: holds text .*, not dates and times"
    ):
        churn.visit_gaps(bad)


@pytest.mark.parametrize("cutoff", ["2024-06-01", "2026-06-01"])
def test_cutoff_outside_the_data(receipts, cutoff) -> None:
    with pytest.raises(CourseError, match=r"^cutoff: .* needs receipts before it"):
        churn.warning_features(receipts, cutoff)


def test_label_window_past_the_data(receipts) -> None:
    with pytest.raises(
        CourseError, match="cutoff: 2025-07-01 needs receipts before it and 90 days after it"
    ):
        churn.leaver_labels(receipts, pd.Index(["M00001"]), "2025-07-01", 90)


def test_complaints_missing_column(receipts, complaints) -> None:
    with pytest.raises(CourseError, match=r"^complaints\.outcome: missing column\(s\) outcome"):
        churn.warning_features(
            receipts, "2025-02-10", complaints=complaints.drop(columns="outcome")
        )


def test_features_with_nan_rejected_by_tree() -> None:
    features, left = _synthetic()
    features.iloc[3, 2] = np.nan
    with pytest.raises(CourseError, match=r"^features\.gap_trend: 1 empty value"):
        churn.fit_tree(features, left)


def test_tree_needs_both_outcomes() -> None:
    features, left = _synthetic()
    with pytest.raises(CourseError, match=r"labels\.left: holds only one outcome"):
        churn.fit_tree(features, left & False)


def test_at_risk_list_needs_consent_column(table) -> None:
    features, _ = _synthetic(3)
    customers = table("customers", [{"customer_id": "M00000", "marketing_consent": True}])
    with pytest.raises(CourseError, match=r"customers\.tier: missing column\(s\) tier"):
        churn.at_risk_list(
            features, pd.Series(0.5, index=features.index), customers.drop(columns="tier")
        )


def test_week_plan_keeps_the_scores_its_list_is_made_from(committed) -> None:
    """The list is the top of the scored members: rebuilding it from ``features`` and ``risk``
    (as exercise 10 does) gives the same members in the same order."""
    week = churn.week_plan(committed, top=15)
    assert set(week.at_risk["customer_id"]) <= set(week.features.index)
    assert week.risk.index.equals(week.features.index)
    assert int((week.risk >= 0.5).sum()) == week.candidates
    again = churn.at_risk_list(week.features, week.risk, committed.customers, top=15)
    pd.testing.assert_frame_equal(again, week.at_risk)
