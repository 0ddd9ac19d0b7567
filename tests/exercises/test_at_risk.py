"""Exercise 10's checks on the committed data: each right answer (worked out here with plain
pandas and numpy, not with the helpers the checks use) and the typical wrong ones."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest

from storecrm.exercises import Status, ____
from storecrm.exercises.at_risk import LIST_SIZE, build, prepare
from storecrm.exercises.testing import assert_says as _says

CONTACT, BUDGET, MIN_GAPS = 2.0, 300.0, 4  # the store's planning figures and the chapter's rule


@pytest.fixture(scope="module")
def qs(committed):
    return build(committed)


@pytest.fixture(scope="module")
def given(committed):
    """The tables the learner starts from (inputs to the tasks, not their answers)."""
    return prepare(committed)


@pytest.fixture(scope="module")
def visit_days(committed) -> pd.DataFrame:
    r = committed.receipts.dropna(subset=["customer_id"])
    days = pd.DataFrame({"customer_id": r["customer_id"], "day": r["purchased_at"].dt.floor("D")})
    days = days.drop_duplicates().sort_values(["customer_id", "day"])
    days["gap"] = days.groupby("customer_id")["day"].diff().dt.days
    return days


@pytest.fixture(scope="module")
def today(committed) -> pd.Timestamp:
    return committed.receipts["purchased_at"].max().floor("D") + pd.Timedelta(days=1)


@pytest.fixture(scope="module")
def days_since(visit_days, today) -> pd.Series:
    return (today - visit_days.groupby("customer_id")["day"].max()).dt.days


@pytest.fixture(scope="module")
def own_k(visit_days) -> pd.Series:
    """The chapter's rule by hand: 90th percentile of own gaps, rounded up, 14 to 90 days."""
    gaps = visit_days.dropna(subset=["gap"])
    store = min(max(math.ceil(np.quantile(gaps["gap"], 0.9)), 14), 90)
    out = {}
    for member, rows in visit_days.groupby("customer_id"):
        mine = rows["gap"].dropna().to_numpy()
        out[member] = (
            min(max(math.ceil(np.quantile(mine, 0.9)), 14), 90) if len(mine) >= MIN_GAPS else store
        )
    return pd.Series(out)


def _plan(given, members: int, rate: float) -> tuple[float, float, float]:
    """(expected saves, margin before costs, net) for a round of ``members``."""
    saves = members * rate
    gain = saves * given.value_per_save_cny
    return saves, gain, gain - members * CONTACT - saves * given.offer_cost_cny


def test_q1_days_since(qs, days_since, committed) -> None:
    q = qs["q1"]
    _says(q.assess(days_since), Status.CORRECT, "half the members")
    last_receipt = committed.receipts.groupby("customer_id")["purchased_at"].max()
    from_timestamps = (days_since.index.to_series().map(last_receipt)).rsub(
        committed.receipts["purchased_at"].max().floor("D") + pd.Timedelta(days=1)
    )
    _says(q.assess(from_timestamps.dt.days), Status.INCORRECT, "one day short")
    _says(q.assess(days_since.reset_index(drop=True)), Status.INCORRECT, "numbered 0, 1, 2")
    _says(q.assess(days_since.iloc[:-3]), Status.INCORRECT, "too few rows")
    _says(q.assess(days_since + 2), Status.INCORRECT, "too high")


def test_q2_usual_gap(qs, visit_days) -> None:
    q = qs["q2"]
    by = visit_days.groupby("customer_id")["gap"]
    store_median = visit_days["gap"].median()
    right = by.median().where(by.count() >= MIN_GAPS, store_median)
    _says(q.assess(right), Status.CORRECT, "own lapse threshold")
    mean = by.mean().where(by.count() >= MIN_GAPS, store_median)
    _says(q.assess(mean), Status.INCORRECT, "*median*")
    no_borrow = by.median().fillna(store_median)
    _says(q.assess(no_borrow), Status.INCORRECT, "borrow the store's median")
    _says(q.assess(by.median().dropna()), Status.INCORRECT, "too few rows")


def test_q3_lapsed_share(qs, days_since, own_k, committed) -> None:
    q = qs["q3"]
    lapsed = days_since > own_k.reindex(days_since.index)
    right = float(lapsed.mean())
    _says(q.assess(right), Status.CORRECT, "lapsed by their own")
    on_the_day = float((days_since >= own_k.reindex(days_since.index)).mean())
    assert on_the_day != right
    _says(q.assess(on_the_day), Status.INCORRECT, "use `>`, not `>=`")
    _says(q.assess(float((days_since > 30).mean())), Status.INCORRECT, "one rule for everyone")
    _says(q.assess(lapsed.sum() / len(committed.customers)), Status.INCORRECT, "never bought")
    _says(q.assess(int(lapsed.sum())), Status.INCORRECT, "a number of members")
    _says(q.assess(right * 100), Status.INCORRECT, "looks like a percent; give a fraction 0–1")
    _says(q.assess(lapsed), Status.INCORRECT, "should be one number")


def test_q4_call_list(qs, given) -> None:
    q = qs["q4"]
    s = given.scored
    allowed = s[s["marketing_consent"]].reset_index()
    allowed = allowed.sort_values(["risk", "overdue_ratio", "customer_id"],
                                  ascending=[False, False, True]).set_index("customer_id")  # fmt: skip
    right = allowed.head(LIST_SIZE)
    _says(q.assess(right), Status.CORRECT, "chapter's at-risk list")
    _says(q.assess(right[["risk", "overdue_ratio"]].iloc[::-1]), Status.CORRECT)
    everyone = s.reset_index().sort_values(["risk", "overdue_ratio", "customer_id"],
                                           ascending=[False, False, True])  # fmt: skip
    _says(q.assess(everyone.set_index("customer_id").head(LIST_SIZE)), Status.INCORRECT, "consent")
    by_id = s[s["marketing_consent"]].reset_index().sort_values(
        ["risk", "customer_id"], ascending=[False, True]
    )
    _says(q.assess(by_id.set_index("customer_id").head(LIST_SIZE)), Status.INCORRECT, "most overdue")
    lowest = allowed.iloc[::-1].head(LIST_SIZE)
    _says(q.assess(lowest), Status.INCORRECT, "*lowest* risk")
    _says(q.assess(allowed.head(LIST_SIZE + 1)), Status.INCORRECT, "too many rows")
    _says(q.assess(right.reset_index()), Status.INCORRECT, "numbered 0, 1, 2")
    _says(q.assess(right.drop(columns="overdue_ratio")), Status.INCORRECT, "`overdue_ratio`")


def test_q5_reach(qs, given) -> None:
    q = qs["q5"]
    s = given.scored
    flagged = int(((s["risk"] >= 0.5) & s["marketing_consent"]).sum())
    rate = float(given.save_rates["save_rate"])
    per_member = CONTACT + rate * given.offer_cost_cny
    right = min(flagged, math.floor(BUDGET / per_member))
    assert right < flagged  # the budget does not cover the flagged list on this data
    _says(q.assess(right), Status.CORRECT, "flagged members who agreed")
    _says(q.assess(math.floor(BUDGET / (CONTACT + given.offer_cost_cny))), Status.INCORRECT,
          "coupon for every member called")  # fmt: skip
    _says(q.assess(int(BUDGET // CONTACT)), Status.INCORRECT, "pays only for the contacts")
    _says(q.assess(BUDGET / per_member), Status.INCORRECT, "round down")
    _says(q.assess(flagged), Status.INCORRECT, "does not stretch that far")
    _says(q.assess(right + 1), Status.INCORRECT, "too high")


def test_q6_expected_net(qs, given) -> None:
    q = qs["q6"]
    s = given.scored
    flagged = int(((s["risk"] >= 0.5) & s["marketing_consent"]).sum())
    rate = float(given.save_rates["save_rate"])
    reach = min(flagged, math.floor(BUDGET / (CONTACT + rate * given.offer_cost_cny)))
    saves, gain, net = _plan(given, reach, rate)
    _says(q.assess(net), Status.CORRECT, "after its costs")
    _says(q.assess(round(net, 2)), Status.CORRECT)
    _says(q.assess(gain), Status.INCORRECT, "before costs")
    treated = float(given.save_rates["treatment_return_rate"])
    _says(q.assess(_plan(given, reach, treated)[2]), Status.INCORRECT, "control group")
    everyone_pays = gain - reach * (CONTACT + given.offer_cost_cny)
    _says(q.assess(everyone_pays), Status.INCORRECT, "Only saved members use it")
    _says(q.assess(net + 50), Status.INCORRECT, "too high")


def test_q7_choice_follows_the_break_even(qs, given) -> None:
    q = qs["q7"]
    rate = float(given.save_rates["save_rate"])
    breakeven = CONTACT / (given.value_per_save_cny - given.offer_cost_cny)
    right = "a" if rate > breakeven else "b"
    _says(q.assess(right), Status.CORRECT, "break-even save rate")
    wrong = "b" if right == "a" else "a"
    _says(q.assess(wrong), Status.INCORRECT, "not what these numbers support")
    _says(q.assess("c"), Status.INCORRECT, "Personal Information Protection Law")


def test_q7_flips_when_the_coupon_costs_more_than_a_save_brings(committed, given) -> None:
    campaigns = committed.campaigns.copy()
    big = given.value_per_save_cny * 2  # a coupon worth twice the margin of a save
    campaigns.loc[campaigns["campaign_id"] == "C05", "coupon_value_cny"] = big
    q = build(dataclasses.replace(committed, campaigns=campaigns))["q7"]
    _says(q.assess("b"), Status.CORRECT, "no save rate can pay")
    _says(q.assess("a"), Status.INCORRECT, "no save rate can pay")


def test_a_course_fault_is_never_the_learners(committed, days_since) -> None:
    """Without the win-back campaign the week cannot be planned: the check says so."""
    campaigns = committed.campaigns[committed.campaigns["campaign_id"] != "C05"]
    qs = build(dataclasses.replace(committed, campaigns=campaigns))
    _says(qs["q1"].assess(days_since), Status.BROKEN, "CourseError")
    _says(qs["q7"].assess("a"), Status.BROKEN, "CourseError")


def test_q8_reflection(qs) -> None:
    q = qs["q8"]
    _says(q.assess(____), Status.NOT_ATTEMPTED)
    _says(q.assess("call them"), Status.INCORRECT, "Write at least")
    text = (
        "We call the 42 riskiest members with consent this week, because the coupon saves "
        "more members than the break-even rate."
    )
    _says(q.assess(text), Status.REFLECTION, "model answer", "break-even save rate")
    assert "%" in q.model_answer and "¥" in q.model_answer  # quotes computed figures
