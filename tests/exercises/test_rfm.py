"""Exercise 8's checks on a small hand-made data set: right answers, typical wrong ones, and
a win-back choice that follows the data.

Every expected value here is computed with this file's own pandas code from the chapter's
definitions (recency to the day after the data ends, frequency in shopping days, scores of
1 + whole fifths of members who did strictly worse so that equal values get equal scores, the
rules of RFM_GROUPS), never with the helpers the checks use.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from storecrm.analysis.segments import quintile_scores, rfm_segments, rfm_table
from storecrm.exercises import Status
from storecrm.exercises.rfm import build
from storecrm.exercises.testing import assert_says as _says

END = pd.Timestamp("2025-12-31")
PERCENT = "looks like a percent; give a fraction 0–1"


def _data(lost_spend: float = 50.0, m12_visits: int = 2) -> SimpleNamespace:
    """Twenty members whose RFM groups are known by construction.

    M01-M04 come often and recently, M05-M12 recently, M13-M16 often but not for months
    (at risk), M17-M20 once, long ago (lost). ``lost_spend`` is what each lost member paid in
    their one visit; at-risk members pay 10 x 30 yuan. Odd-numbered members agree to messages
    and pay 5 yuan more per visit. M01 comes back on its last day for a forgotten item: two
    receipts, one shopping day. ``m12_visits`` other than 2 puts a tie across a quintile
    boundary.
    """
    rows = []
    plan = (
        [(f"M{n:02d}", n, 12, 20.0) for n in range(1, 5)]
        + [(f"M{n:02d}", n, 6, 15.0) for n in range(5, 9)]
        + [(f"M{n:02d}", n, 2, 12.0) for n in range(9, 12)]
        + [("M12", 12, m12_visits, 12.0)]
        + [(f"M{n:02d}", 100 + 5 * n, 10, 30.0) for n in range(13, 17)]
        + [(f"M{n:02d}", 100 + 5 * n, 1, lost_spend) for n in range(17, 21)]
    )
    for member, recency, visits, amount in plan:
        odd = 5.0 * (int(member[1:]) % 2)  # odd members (who agreed to messages) pay 5 more
        last_day = END - pd.Timedelta(days=recency - 1)
        for k in range(visits):
            rows.append(
                {
                    "customer_id": member,
                    "purchased_at": last_day - pd.Timedelta(days=3 * k, hours=-(9 + k % 10)),
                    "items": 2 + k % 3,
                    "gross_cny": amount + odd + 2.0,
                    "net_cny": amount + odd,
                }
            )
    forgotten = dict(rows[0], purchased_at=rows[0]["purchased_at"] + pd.Timedelta(minutes=20))
    rows.append(dict(forgotten, items=1, gross_cny=6.0, net_cny=6.0))  # same day: one visit
    for k in range(6):  # walk-in shoppers, including on the last day
        rows.append(
            {
                "customer_id": None,
                "purchased_at": END - pd.Timedelta(days=k, hours=-20),
                "items": 1,
                "gross_cny": 40.0,
                "net_cny": 40.0,
            }
        )
    receipts = pd.DataFrame(rows).sort_values("purchased_at", kind="stable")
    receipts.insert(0, "receipt_id", [f"R{n:04d}" for n in range(len(receipts))])
    receipts["is_member"] = receipts["customer_id"].notna()
    ids = [f"M{n:02d}" for n in range(1, 21)]
    customers = pd.DataFrame(
        {
            "customer_id": ids,
            "signup_channel": "in_store",
            "marketing_consent": [n % 2 == 1 for n in range(1, 21)],
        }
    )
    return SimpleNamespace(receipts=receipts.reset_index(drop=True), customers=customers)


def _rfm(receipts: pd.DataFrame) -> pd.DataFrame:
    members = receipts.dropna(subset=["customer_id"])
    as_of = members["purchased_at"].max().normalize() + pd.Timedelta(days=1)
    by = members.groupby("customer_id")
    return pd.DataFrame(
        {
            "recency_days": (as_of - by["purchased_at"].max().dt.normalize()).dt.days,
            "frequency": by["purchased_at"].agg(lambda t: len(set(t.dt.date))),
            "monetary_cny": by["net_cny"].sum(),
        }
    )


def _score(values: pd.Series, ascending: bool = True) -> pd.Series:
    """1 + whole fifths of members who did strictly worse (5 at most)."""
    n = len(values)
    worse = [int(((values < v) if ascending else (values > v)).sum()) for v in values]
    return pd.Series([min(5, 1 + 5 * w // n) for w in worse], index=values.index)


def _ties_by_number(values: pd.Series) -> pd.Series:
    """The old rule: ties split by member number, five equal groups."""
    ranks = values.sort_index().rank(method="first")
    return pd.qcut(ranks, 5, labels=False).astype(int) + 1


def _group(row: pd.Series) -> str:
    r, f, m = row["r"], row["f"], row["m"]
    if r >= 4 and f >= 4 and m >= 4:
        return "Champions"
    if r >= 3 and f >= 4:
        return "Loyal"
    if r >= 4 and f <= 2:
        return "New or promising"
    if r <= 2 and f >= 3:
        return "At risk"
    if r <= 2 and f <= 2:
        return "Lost"
    return "Needs attention"


def _groups(receipts: pd.DataFrame) -> pd.DataFrame:
    rfm = _rfm(receipts)
    scores = pd.DataFrame(
        {
            "r": _score(rfm["recency_days"], ascending=False),
            "f": _score(rfm["frequency"]),
            "m": _score(rfm["monetary_cny"]),
        }
    )
    return rfm.join(scores).assign(group=lambda t: t.apply(_group, axis=1))


@pytest.fixture(scope="module")
def data() -> SimpleNamespace:
    return _data()


@pytest.fixture(scope="module")
def qs(data):
    return build(data)


def test_the_hand_made_data_has_the_groups_it_was_built_for(data) -> None:
    groups = _groups(data.receipts)["group"]
    assert (groups[[f"M{n}" for n in range(13, 17)]] == "At risk").all()
    assert (groups[[f"M{n}" for n in range(17, 21)]] == "Lost").all()


def test_solutions_chain_to_correct(data, qs) -> None:
    ns = {
        "pd": pd,
        "receipts": data.receipts,
        "customers": data.customers,
        "quintile_scores": quintile_scores,
        "course_rfm": rfm_table(data.receipts),
        "segments": rfm_segments(data.receipts),
    }
    for key in ["q1", "q2", "q3", "q4", "q5", "q6"]:
        exec(qs[key].solution_code, ns)
        feedback = qs[key].assess(namespace=ns)
        assert feedback.status is Status.CORRECT, f"{key}: {feedback}"


def test_q1_rfm_table(qs, data) -> None:
    q = qs["q1"]
    right = _rfm(data.receipts)
    assert right.loc["M01", "recency_days"] == 1
    assert right.loc["M01", "frequency"] == 12  # 13 receipts on 12 days
    _says(q.assess(right), Status.CORRECT, "20 members")
    _says(q.assess(right.assign(last=1)), Status.CORRECT)  # an extra column is allowed
    _says(
        q.assess(right.assign(recency_days=right["recency_days"] - 1)),
        Status.INCORRECT,
        "up to the day after it",
    )
    members = data.receipts.dropna(subset=["customer_id"])
    by = members.groupby("customer_id")
    _says(q.assess(right.assign(monetary_cny=by["gross_cny"].sum())), Status.INCORRECT, "gross")
    _says(q.assess(right.assign(frequency=by["items"].sum())), Status.INCORRECT, "adds up items")
    _says(q.assess(right.assign(frequency=by.size())), Status.INCORRECT, "counts receipts")
    _says(q.assess(right.iloc[1:]), Status.INCORRECT, "too few rows")
    _says(q.assess(right.assign(frequency=right["frequency"] + 1)), Status.INCORRECT, "too high")


def test_q1_recency_counted_in_24_hour_periods_is_named() -> None:
    # A member whose last receipt was at midnight tells the two recency slips apart.
    data = _data()
    receipts = data.receipts.copy()
    last_of_m05 = receipts[receipts["customer_id"] == "M05"]["purchased_at"].idxmax()
    receipts.loc[last_of_m05, "purchased_at"] = receipts.loc[
        last_of_m05, "purchased_at"
    ].normalize()
    q = build(SimpleNamespace(receipts=receipts, customers=data.customers))["q1"]
    right = _rfm(receipts)
    members = receipts.dropna(subset=["customer_id"])
    as_of = members["purchased_at"].max().normalize() + pd.Timedelta(days=1)
    with_times = (as_of - members.groupby("customer_id")["purchased_at"].max()).dt.days
    _says(q.assess(right.assign(recency_days=with_times)), Status.INCORRECT, "24-hour periods")


def test_q2_scores(qs, data) -> None:
    q = qs["q2"]
    rfm = _rfm(data.receipts)
    right = pd.DataFrame(
        {
            "r": _score(rfm["recency_days"], ascending=False),
            "f": _score(rfm["frequency"]),
            "m": _score(rfm["monetary_cny"]),
        }
    )
    assert (right[["r", "f"]].apply(pd.Series.value_counts) == 4).all().all()  # no ties there
    _says(q.assess(right), Status.CORRECT, "20.0 % of members score F = 1")
    _says(
        q.assess(right.assign(r=_score(rfm["recency_days"]))), Status.INCORRECT, "away the longest"
    )
    _says(
        q.assess(right.assign(f=_score(rfm["frequency"], ascending=False))),
        Status.INCORRECT,
        "fewest visits",
    )


def test_q2_ties_split_another_way_are_wrong() -> None:
    data = _data(m12_visits=6)  # five members with 6 visits: the tie crosses a boundary
    rfm = _rfm(data.receipts)
    right = pd.DataFrame(
        {
            "r": _score(rfm["recency_days"], ascending=False),
            "f": _score(rfm["frequency"]),
            "m": _score(rfm["monetary_cny"]),
        }
    )
    # Members M05-M08 and M12 (6 visits) have 7 members strictly below them: all score 2.
    assert set(right.loc[["M05", "M06", "M07", "M08", "M12"], "f"]) == {2}
    q = build(data)["q2"]
    _says(q.assess(right), Status.CORRECT, "score F = 1")
    by_number = _ties_by_number(rfm["frequency"])
    assert by_number[["M05", "M06", "M07", "M08", "M12"]].nunique() > 1
    _says(q.assess(right.assign(f=by_number)), Status.INCORRECT, "splits ties by member number")
    average = np.ceil(rfm["frequency"].rank(pct=True) * 5).astype(int)
    assert not average.equals(right["f"])
    _says(q.assess(right.assign(f=average)), Status.INCORRECT, "column `f`")


def test_q3_group_sizes(qs, data) -> None:
    q = qs["q3"]
    counts = _groups(data.receipts)["group"].value_counts()
    _says(q.assess(counts), Status.CORRECT, "members")
    _says(q.assess(counts / counts.sum()), Status.INCORRECT, "holds shares")
    _says(q.assess(counts.iloc[1:]), Status.INCORRECT, "too few rows")


def test_q4_sales_share(qs, data) -> None:
    q = qs["q4"]
    groups = _groups(data.receipts)
    money = groups.groupby("group")["monetary_cny"].sum()
    right = money / money.sum()
    _says(q.assess(right), Status.CORRECT, "of members' money")
    _says(q.assess(right * 100), Status.INCORRECT, PERCENT)
    _says(
        q.assess(groups["group"].value_counts(normalize=True)),
        Status.INCORRECT,
        "share of members, not of money",
    )
    everyone = money / data.receipts["net_cny"].sum()
    _says(q.assess(everyone), Status.INCORRECT, "walk-in shoppers included")


def test_q5_spend_of_members_who_agreed(qs, data) -> None:
    q = qs["q5"]
    groups = _groups(data.receipts)
    agreed = data.customers.set_index("customer_id")["marketing_consent"]
    reachable = groups[agreed.reindex(groups.index).to_numpy()]
    right = reachable.groupby("group")["monetary_cny"].mean()
    _says(q.assess(right), Status.CORRECT, "win-back coupon")
    _says(
        q.assess(groups.groupby("group")["monetary_cny"].mean()),
        Status.INCORRECT,
        "marketing_consent",
    )
    _says(q.assess(reachable.groupby("group")["monetary_cny"].sum()), Status.INCORRECT, ".mean()")


@pytest.mark.parametrize(("lost_spend", "right", "wrong"), [(50.0, "b", "c"), (800.0, "c", "b")])
def test_q6_the_budget_goes_where_a_reachable_member_spent_more(
    lost_spend: float, right: str, wrong: str
) -> None:
    data = _data(lost_spend)
    groups = _groups(data.receipts)
    # My own reading of the rule: the drifting group whose consenting members spent more.
    agreed = data.customers.set_index("customer_id")["marketing_consent"]
    per_member = groups[agreed.reindex(groups.index).to_numpy()].groupby("group")["monetary_cny"]
    at_risk, lost = per_member.mean()["At risk"], per_member.mean()["Lost"]
    assert (at_risk >= lost) == (right == "b")
    q = build(data)["q6"]
    _says(q.assess(right), Status.CORRECT, "protects more money", "control group")
    _says(q.assess(wrong), Status.INCORRECT, "protects less money")
    _says(q.assess("a"), Status.INCORRECT, "still coming", "thanks")
    _says(q.assess("d"), Status.INCORRECT, "still coming")
    _says(q.solution_feedback(), Status.SOLUTION, f"({right})")


def test_q6_quotes_the_computed_spend(qs, data) -> None:
    text = str(qs["q6"].assess("b"))
    assert "¥350.00" in text  # at-risk members who agreed paid 10 x 35 yuan each
    assert "¥55.00" in text  # lost ones who agreed paid 55 yuan once


def test_q7_reflection_model_answer_follows_the_data(qs) -> None:
    feedback = qs["q7"].assess(
        "At-risk members bring 40% of the money, so the coupons go to them, only to members "
        "who agreed, with a control group."
    )
    _says(feedback, Status.REFLECTION, "at-risk group (4 members", "control group")


@pytest.mark.parametrize("key", ["q1", "q4", "q6"])
def test_data_without_members_is_the_course_fault_not_the_learner(key: str) -> None:
    data = _data()
    walk_ins = data.receipts.assign(customer_id=None)  # the member numbers were lost
    q = build(SimpleNamespace(receipts=walk_ins, customers=data.customers))[key]
    _says(q.assess("b" if key == "q6" else pd.Series({"Lost": 1.0})), Status.BROKEN, "fault in")


def test_missing_consent_column_is_the_course_fault() -> None:
    data = _data()
    q = build(SimpleNamespace(receipts=data.receipts, customers=data.customers.iloc[:, :2]))["q5"]
    _says(q.assess(pd.Series({"Lost": 1.0})), Status.BROKEN, "marketing_consent", "fault in")
