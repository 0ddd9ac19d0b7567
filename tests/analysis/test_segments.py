"""Tests for storecrm.analysis.segments on small hand-made frames, plus one planted-truth check.

Expected numbers are worked out by hand from the rows written here: recency in days, the
tie rule of the quintile scores, the first-rule-wins RFM groups, the feature shares and the
segment value table. The last test checks that the clusters recover the segments the
simulator planted (seed 2026, small size).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from storecrm.analysis import segments
from storecrm.analysis.segments import (
    FEATURES,
    choose_k,
    cluster_members,
    cluster_profiles,
    member_features,
    name_clusters,
    quintile_scores,
    rfm_segments,
    rfm_table,
    segment_value,
    store_clusters,
)
from storecrm.quiz.answers.segments import at_risk_members, champions_share, referral_share


def _receipt(n: int, when: str, net: float, customer_id: str | None, **extra) -> dict:
    row = {
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
    row.update(extra)
    return row


# --- RFM --------------------------------------------------------------------------------------


def test_rfm_table_counts_days_visits_and_spend(table) -> None:
    receipts = table(
        "receipts",
        [
            _receipt(1, "2025-03-01 09:00", 10.0, "M00002"),
            _receipt(2, "2025-03-10 18:30", 25.5, "M00002"),
            _receipt(3, "2025-03-05 08:00", 40.0, "M00001"),
            _receipt(4, "2025-03-11 08:00", 99.0, None),  # walk-in: ignored
        ],
    )
    rfm = rfm_table(receipts, as_of="2025-03-11")
    assert list(rfm.index) == ["M00001", "M00002"]
    # M00001: last visit 5 March -> 6 days before 11 March; M00002: 10 March -> 1 day.
    assert rfm.loc["M00001", "recency_days"] == 6
    assert rfm.loc["M00002", "recency_days"] == 1
    assert rfm.loc["M00002", "frequency"] == 2
    assert rfm.loc["M00002", "monetary_cny"] == pytest.approx(35.5)


def test_rfm_frequency_counts_shopping_days_not_receipts(table) -> None:
    receipts = table(
        "receipts",
        [
            _receipt(1, "2025-03-01 09:00", 10.0, "M00001"),
            _receipt(2, "2025-03-01 09:20", 3.0, "M00001"),  # back for a forgotten item
            _receipt(3, "2025-03-04 18:00", 20.0, "M00001"),
        ],
    )
    rfm = rfm_table(receipts, as_of="2025-03-05")
    assert rfm.loc["M00001", "frequency"] == 2
    assert rfm.loc["M00001", "monetary_cny"] == pytest.approx(33.0)


def test_rfm_table_default_as_of_is_the_day_after_the_last_receipt(table) -> None:
    receipts = table(
        "receipts",
        [
            _receipt(1, "2025-06-01 23:50", 5.0, "M00001"),
            _receipt(2, "2025-06-30 07:00", 5.0, "M00002"),
        ],
    )
    rfm = rfm_table(receipts)
    assert rfm.loc["M00002", "recency_days"] == 1  # shopped on the last day
    assert rfm.loc["M00001", "recency_days"] == 30  # 1 June -> 1 July


def test_quintile_scores_give_equal_values_equal_scores() -> None:
    # Ten members with the same frequency did the same: nobody did worse, so all score 1.
    values = pd.Series([3] * 10, index=[f"M{i:05d}" for i in range(1, 11)])
    assert set(quintile_scores(values)) == {1}
    days = pd.Series([40] * 10, index=[f"M{i:05d}" for i in range(1, 11)])
    assert set(quintile_scores(days, higher_is_better=False)) == {1}


def test_quintile_scores_keep_fifths_when_values_differ() -> None:
    values = pd.Series(range(1, 11), index=[f"M{i:05d}" for i in range(1, 11)])
    assert list(quintile_scores(values)) == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]


def test_one_time_buyers_all_score_f_1_and_ties_share_a_score() -> None:
    # 6 of 10 came once, 2 came twice, 2 came five times. Worse-than counts: 0, 6 and 8 of 10,
    # so scores 1 + floor(5 * worse / 10): 1, 4 and 5.
    values = pd.Series([1] * 6 + [2] * 2 + [5] * 2, index=[f"M{i:05d}" for i in range(10)])
    scores = quintile_scores(values)
    assert set(scores[values == 1]) == {1}
    assert set(scores[values == 2]) == {4}
    assert set(scores[values == 5]) == {5}


def test_renumbering_members_does_not_change_anyones_score() -> None:
    rng = np.random.default_rng(7)
    values = pd.Series(rng.integers(1, 6, 200), index=[f"M{i:05d}" for i in range(200)])
    renumbered = values.copy()
    renumbered.index = [f"M{i:05d}" for i in rng.permutation(200)]
    before = quintile_scores(values)
    after = quintile_scores(renumbered)
    assert (after.to_numpy() == before.to_numpy()).all()


def test_quintile_scores_reverse_for_recency() -> None:
    days = pd.Series([1, 50, 10, 200, 30], index=list("abcde"))
    scores = quintile_scores(days, higher_is_better=False)
    # Fewest days is best: a (1) -> 5, c (10) -> 4, e (30) -> 3, b (50) -> 2, d (200) -> 1.
    assert scores.to_dict() == {"a": 5, "b": 2, "c": 4, "d": 1, "e": 3}


def test_quintile_scores_need_five_members() -> None:
    with pytest.raises(ValueError, match="at least 5"):
        quintile_scores(pd.Series([1, 2, 3]))


def _five_members(table) -> pd.DataFrame:
    # Member i (1..5) shops on i different days, the last on day 4+i of December, and pays
    # 10*i yuan each time. So M00005 is the most recent, most frequent and biggest spender.
    rows = []
    n = 0
    for i in range(1, 6):
        for k in range(i):
            n += 1
            rows.append(_receipt(n, f"2025-12-{4 + i - k:02d} 12:00", 10.0 * i, f"M{i:05d}"))
    return table("receipts", rows)


def test_rfm_segments_name_groups_first_rule_wins(table) -> None:
    seg = rfm_segments(_five_members(table), as_of="2025-12-10")
    assert seg.loc["M00005", "rfm_code"] == "555"
    assert seg.loc["M00001", "rfm_code"] == "111"
    assert seg.loc["M00005", "group"] == "Champions"  # also meets "Loyal": first rule wins
    assert seg.loc["M00004", "group"] == "Champions"  # 444
    assert seg.loc["M00003", "group"] == "Needs attention"  # 333 matches no named rule
    assert seg.loc["M00002", "group"] == "Lost"  # 222
    assert seg.loc["M00001", "group"] == "Lost"  # 111


def test_rfm_segments_at_risk_and_new(table) -> None:
    # Five members. A came often long ago (at risk); B came once yesterday (new).
    rows = [_receipt(k, f"2025-01-{k:02d} 10:00", 20.0, "M00001") for k in range(1, 11)]
    rows.append(_receipt(20, "2025-12-30 10:00", 20.0, "M00002"))
    rows += [
        _receipt(30 + j, f"2025-{6 + j:02d}-01 10:00", 20.0, f"M{j + 3:05d}") for j in range(3)
    ]
    rows.append(_receipt(40, "2025-07-02 10:00", 20.0, "M00004"))
    seg = rfm_segments(table("receipts", rows), as_of="2025-12-31")
    # Recency order (best first): M00002, M00005, M00004, M00003, M00001 -> R 5,4,3,2,1.
    assert seg.loc["M00001", ["r", "f"]].tolist() == [1, 5]
    assert seg.loc["M00001", "group"] == "At risk"
    assert seg.loc["M00002", "r"] == 5
    assert seg.loc["M00002", "group"] == "New or promising"


# --- features and clusters ---------------------------------------------------------------------


def test_member_features_shares(table) -> None:
    receipts = table(
        "receipts",
        [
            # M00001: Mon 07:30, Sat 22:00 (weekend, late), Tue 12:00 (lunch), Wed 08:00.
            _receipt(1, "2025-03-03 07:30", 10.0, "M00001", gross_cny=10.0),
            _receipt(2, "2025-03-08 22:00", 30.0, "M00001", gross_cny=40.0, discount_cny=10.0),
            _receipt(3, "2025-03-04 12:00", 20.0, "M00001", gross_cny=20.0),
            _receipt(4, "2025-03-05 08:00", 20.0, "M00001", gross_cny=20.0),
            _receipt(5, "2025-03-05 09:00", 5.0, "M00002"),  # one visit: left out
        ],
    )
    products = table(
        "products",
        [
            {"product_id": "P0001", "category": "fresh_produce", "unit_price_cny": 10.0},
            {"product_id": "P0002", "category": "snacks", "unit_price_cny": 10.0},
        ],
    )
    lines = table(
        "receipt_lines",
        [
            {"receipt_id": "R0000001", "line_no": 1, "product_id": "P0001", "quantity": 1,
             "line_total_cny": 10.0},
            {"receipt_id": "R0000002", "line_no": 1, "product_id": "P0002", "quantity": 3,
             "line_total_cny": 30.0},
            {"receipt_id": "R0000003", "line_no": 1, "product_id": "P0001", "quantity": 2,
             "line_total_cny": 20.0},
            {"receipt_id": "R0000004", "line_no": 1, "product_id": "P0002", "quantity": 2,
             "line_total_cny": 20.0},
        ],
    )  # fmt: skip
    feats = member_features(receipts, lines, products, min_visits=2)
    assert list(feats.index) == ["M00001"]
    assert list(feats.columns) == list(FEATURES)
    row = feats.loc["M00001"]
    assert row["visits"] == 4
    assert row["avg_basket_cny"] == pytest.approx(20.0)  # (10+30+20+20)/4
    assert row["morning_share"] == pytest.approx(0.5)  # 07:30 and 08:00
    assert row["lunch_share"] == pytest.approx(0.25)
    assert row["late_share"] == pytest.approx(0.25)
    assert row["weekend_share"] == pytest.approx(0.25)
    assert row["discount_share"] == pytest.approx(10 / 90)
    assert row["fresh_share"] == pytest.approx(30 / 80)


def _two_groups() -> pd.DataFrame:
    # Six "morning" members and four "late" members, far apart on two features.
    rows = {f"M{i:05d}": (0.9, 0.0) for i in range(1, 7)}
    rows |= {f"M{i:05d}": (0.0, 0.8) for i in range(7, 11)}
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=["morning", "late"])
    frame.iloc[0, 0] = 0.85  # a little spread inside each group
    frame.iloc[7, 1] = 0.75
    return frame


def test_cluster_members_finds_groups_and_numbers_them_by_size() -> None:
    labels = cluster_members(_two_groups(), 2, random_state=0)
    assert set(labels.iloc[:6]) == {1}  # the bigger group is cluster 1
    assert set(labels.iloc[6:]) == {2}
    assert labels.equals(cluster_members(_two_groups(), 2, random_state=0))


def test_cluster_members_rejects_bad_k() -> None:
    with pytest.raises(ValueError, match="k must be"):
        cluster_members(_two_groups(), 1)


def test_choose_k_prefers_the_true_number_of_groups() -> None:
    scores = choose_k(_two_groups(), ks=[2, 3, 4])
    assert scores["silhouette"].idxmax() == 2
    assert scores["inertia"].is_monotonic_decreasing


def test_choose_k_samples_the_silhouette_only_above_the_limit(monkeypatch) -> None:
    """Up to the limit every member counts (the course data's figures are exact); above it
    the silhouette is scikit-learn's estimate from a fixed sample, the same on every run."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    rng = np.random.default_rng(5)
    features = pd.DataFrame(
        np.vstack([rng.normal(0, 0.3, (40, 2)), rng.normal(3, 0.3, (40, 2))]),
        columns=["morning", "late"],
        index=[f"M{i:05d}" for i in range(80)],
    )
    x = segments._scaled(features)
    labels = KMeans(n_clusters=3, n_init=10, random_state=0).fit(x).labels_
    exact = choose_k(features, ks=[3]).loc[3, "silhouette"]
    assert exact == pytest.approx(silhouette_score(x, labels))
    monkeypatch.setattr(segments, "SILHOUETTE_SAMPLE", 30)
    sampled = choose_k(features, ks=[3]).loc[3, "silhouette"]
    assert sampled == pytest.approx(silhouette_score(x, labels, sample_size=30, random_state=0))
    assert sampled != pytest.approx(exact)
    assert choose_k(features, ks=[3]).loc[3, "silhouette"] == sampled  # same sample each run


def test_cluster_profiles_and_names() -> None:
    features = pd.DataFrame(
        {
            "lunch_share": [0.5, 0.1, 0.1, 0.1, 0.1],
            "late_share": [0.1, 0.6, 0.1, 0.1, 0.1],
            "avg_basket_cny": [20, 20, 80, 20, 30],
            "morning_share": [0.1, 0.0, 0.0, 0.8, 0.1],
            "discount_share": [0.0, 0.0, 0.0, 0.0, 0.2],
        },
        index=[f"M{i:05d}" for i in range(1, 6)],
    )
    clusters = pd.Series([1, 2, 3, 4, 5], index=features.index)
    profiles = cluster_profiles(features, clusters)
    assert profiles["members"].tolist() == [1, 1, 1, 1, 1]
    assert profiles["share"].tolist() == [0.2] * 5  # a share 0-1, never x 100
    names = name_clusters(profiles)
    assert names.to_dict() == {
        1: "Weekday commuters",
        2: "Late-evening snackers",
        3: "Weekend family shoppers",
        4: "Early-morning regulars",
        5: "Evening bargain hunters",
    }
    assert name_clusters(profiles.iloc[:3]).tolist() == ["Cluster 1", "Cluster 2", "Cluster 3"]


# --- value ------------------------------------------------------------------------------------


def test_segment_value(table) -> None:
    receipts = table(
        "receipts",
        [
            _receipt(1, "2025-01-05 10:00", 10.0, "M00001"),
            _receipt(2, "2025-12-20 10:00", 30.0, "M00001"),
            _receipt(3, "2025-12-21 10:00", 20.0, "M00002"),
            _receipt(4, "2025-02-01 10:00", 60.0, "M00003"),
        ],
    )
    customers = table(
        "customers",
        [
            {"customer_id": "M00001", "signup_channel": "referral", "marketing_consent": True},
            {"customer_id": "M00002", "signup_channel": "app", "marketing_consent": False},
            {"customer_id": "M00003", "signup_channel": "in_store", "marketing_consent": True},
        ],
    )
    segment = pd.Series({"M00001": "A", "M00002": "A", "M00003": "B"})
    value = segment_value(receipts, customers, segment)
    a = value.loc["A"]
    assert a["members"] == 2
    assert a["spend_per_member_cny"] == pytest.approx(30.0)  # (40 + 20) / 2
    assert a["visits_per_member"] == pytest.approx(1.5)
    assert a["avg_basket_cny"] == pytest.approx(20.0)  # 60 / 3
    assert a["active_months"] == pytest.approx(1.5)  # Jan+Dec, Dec
    assert a["still_active_share"] == pytest.approx(1.0)
    assert a["referral_share"] == pytest.approx(0.5)
    assert a["consent_share"] == pytest.approx(0.5)
    assert value.loc["B", "still_active_share"] == pytest.approx(0.0)  # February only
    assert list(value.index) == ["B", "A"]  # 60 > 30 yuan per member
    # A member missing from the customers table is not counted as consenting.
    unknown = segment_value(receipts, customers.iloc[:2], segment)
    assert unknown.loc["B", "consent_share"] == pytest.approx(0.0)


def test_segment_value_counts_calendar_months_like_to_period(table) -> None:
    """Two receipts in one month count once; January of two years counts twice."""
    times = ["2025-01-05 10:00", "2025-01-30 23:59", "2026-01-02 08:00", "2025-03-01 00:00"]
    receipts = table(
        "receipts",
        [_receipt(i + 1, t, 10.0, "M00001") for i, t in enumerate(times)]
        + [_receipt(9, "2025-03-31 23:59", 5.0, "M00002")],
    )
    customers = table(
        "customers",
        [
            {"customer_id": m, "signup_channel": "app", "marketing_consent": True}
            for m in ("M00001", "M00002")
        ],
    )
    value = segment_value(receipts, customers, pd.Series({"M00001": "A", "M00002": "B"}))
    assert value.loc["A", "active_months"] == 3  # Jan 2025, Mar 2025, Jan 2026
    assert value.loc["B", "active_months"] == 1


# --- quiz helpers -----------------------------------------------------------------------------


def test_quiz_helpers_on_tiny_data(committed, table) -> None:
    data = replace(committed, receipts=_five_members(table))
    # Scores 111..555 (as of 10 Dec, the day after the last receipt):
    # M00004 and M00005 are champions -> 2 of 5 = 40 %.
    assert champions_share(data=data) == pytest.approx(0.4)
    assert at_risk_members(data=data) == 0
    customers = table(
        "customers",
        [
            {"customer_id": f"M{i:05d}", "signup_channel": ch, "marketing_consent": False}
            for i, ch in enumerate(["referral", "app", "in_store", "referral"], start=1)
        ],
    )
    assert referral_share(data=replace(committed, customers=customers)) == 0.5


# --- planted truth ----------------------------------------------------------------------------


def test_clusters_recover_the_planted_segments() -> None:
    from sklearn.metrics import adjusted_rand_score

    from storecrm.data.simulation import simulate

    data, truth = simulate("small", 2026)
    features = member_features(data.receipts, data.receipt_lines, data.products)
    # The chapter uses k = 5 because the silhouette is highest there: keep that true.
    assert choose_k(features, range(2, 9))["silhouette"].idxmax() == truth.segment.nunique()
    clusters = store_clusters(data)
    truth_seg = truth.segment.reindex(clusters.index)
    assert adjusted_rand_score(truth_seg, clusters["cluster"]) > 0.8
    expected = {
        "Weekday commuters": "office_worker",
        "Late-evening snackers": "student",
        "Weekend family shoppers": "family",
        "Early-morning regulars": "elderly_regular",
        "Evening bargain hunters": "bargain_hunter",
    }
    majority = pd.crosstab(clusters["profile"], truth_seg).idxmax(axis=1)
    assert majority.to_dict() == expected


def test_rfm_group_cuts_move_the_groups_and_refuse_crossed_cuts() -> None:
    from storecrm.analysis.segments import rfm_group
    from storecrm.errors import CourseError

    r, f, m = (pd.Series(v, index=list("ABC")) for v in ([3, 5, 1], [3, 5, 3], [3, 5, 3]))
    assert list(rfm_group(r, f, m).astype(str)) == ["Needs attention", "Champions", "At risk"]
    loose = rfm_group(r, f, m, high=3, low=2)
    assert list(loose.astype(str)) == ["Champions", "Champions", "At risk"]
    with pytest.raises(CourseError, match="high"):
        rfm_group(r, f, m, high=2, low=2)
    with pytest.raises(CourseError, match=r"rfm\.r"):
        rfm_group([3, 5, 1], f, m)


@pytest.mark.parametrize(
    "ids",
    [
        ["M3", "M10", "M1", None, "M2", None, "M7", "M9"],
        ["M1", 1, 1.0, "1", None, np.nan, 22],  # numbers group as their text
    ],
)
def test_rfm_table_matches_groupby_to_the_last_digit(ids: list) -> None:
    rng = np.random.default_rng(3)
    n = 3_000
    receipts = pd.DataFrame(
        {
            "customer_id": pd.Series(rng.choice(np.array(ids, dtype=object), n), dtype=object),
            "purchased_at": pd.Timestamp("2024-12-30")
            + pd.to_timedelta(rng.integers(0, 400 * 86_400, n), unit="s"),
            "net_cny": rng.integers(1, 90_000, n) / 100 + 0.07,
        }
    )
    members = receipts[receipts["customer_id"].notna()].copy()
    members["customer_id"] = members["customer_id"].astype(str)
    grouped = members.groupby("customer_id")
    expected = pd.DataFrame(
        {
            "last_purchase": grouped["purchased_at"].max(),
            "frequency": members["purchased_at"]
            .dt.normalize()
            .groupby(members["customer_id"])
            .nunique(),
            "monetary_cny": grouped["net_cny"].sum().round(2),
        }
    )
    got = rfm_table(receipts)
    pd.testing.assert_frame_equal(got.drop(columns="recency_days"), expected, check_exact=True)
