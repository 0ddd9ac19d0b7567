"""Exercise 3's checks, on the hand-made ledger: each right answer and typical wrong ones.

Hand-worked from ``conftest._points_ledger``: earned 2,850 points, redeemed 1,000, expired
1,000, so 850 points (8.50 yuan) are outstanding and 1000 / 2850 of earned points were used.
"""

from __future__ import annotations

import pandas as pd
import pytest

from storecrm.exercises import Status, ____
from storecrm.exercises.points import balance_cases, build, upgrades_by_month
from storecrm.exercises.testing import assert_says as _says


@pytest.fixture(scope="module")
def qs(toy):
    return build(toy)


def test_solutions_chain_to_correct(toy, qs) -> None:
    ns = {"points_ledger": toy.points_ledger, "tier_changes": toy.tier_changes, "pd": pd}
    for key in ["q1", "q2", "q3", "q4", "q5", "q6"]:
        exec(qs[key].solution_code, ns)
        fb = qs[key].assess(namespace=ns)
        assert fb.status is Status.CORRECT, f"{key}: {fb}"


def test_blanks_are_not_attempted(qs) -> None:
    for key in ["q1", "q2", "q3", "q4", "q5", "q6"]:
        assert qs[key].assess(____).status is Status.NOT_ATTEMPTED


def test_q1_points_outstanding(qs) -> None:
    q = qs["q1"]
    _says(q.assess(850), Status.CORRECT, "850 points")
    _says(q.assess(2850), Status.INCORRECT, "every point ever earned")
    _says(q.assess(4850), Status.INCORRECT, "keep their minus sign")
    _says(q.assess(10), Status.INCORRECT, "number of entries")
    _says(q.assess(849), Status.INCORRECT, "too low")
    _says(q.assess("850"), Status.INCORRECT, "text")


def test_q2_liability_in_yuan(qs) -> None:
    q = qs["q2"]
    _says(q.assess(8.5), Status.CORRECT, "liability")
    _says(q.assess(850), Status.INCORRECT, "still in points")
    _says(q.assess(85_000), Status.INCORRECT, "so divide")
    _says(q.assess(9.5), Status.INCORRECT, "too high")


def test_q3_points_by_kind(qs, toy) -> None:
    q = qs["q3"]
    right = pd.Series({"earn": 2850, "redeem": -1000, "expire": -1000}, name="points")
    right.index.name = "kind"
    _says(q.assess(right), Status.CORRECT, "add up to task 1")
    _says(q.assess(toy.points_ledger["kind"].value_counts()), Status.INCORRECT, "counts entries")
    _says(q.assess(right.abs()), Status.INCORRECT, "minus signs")
    _says(q.assess(right.drop("expire")), Status.INCORRECT, "too few rows")


def test_q4_redeemed_share(qs) -> None:
    q = qs["q4"]
    _says(q.assess(1000 / 2850), Status.CORRECT, "35%")
    _says(q.assess(-1000 / 2850), Status.INCORRECT, "negative")
    _says(q.assess(100_000 / 2850), Status.INCORRECT, "looks like a percent; give a fraction 0–1")
    _says(q.assess(2000 / 2850), Status.INCORRECT, "expired points as used")


def test_balance_cases_cover_the_traps(toy) -> None:
    cases = dict(balance_cases(toy.points_ledger))
    # M00001 ends with the most points; M00004 is the middle one (0, 50, 300, 500 sorted).
    assert cases[("M00001", "2025-12-31")] == 500
    assert cases[("M00004", "2025-08-08")] == 300  # the -200 redeemed that morning counts
    assert cases[("M00004", "2025-01-09")] == 0  # before anyone's first entry
    assert cases[("M99999", "2025-12-31")] == 0
    # The midnight entry (1 July 00:00) is asked about the day before and the day itself.
    assert cases[("M00001", "2025-06-30")] == 300
    assert cases[("M00001", "2025-07-01")] == 500
    assert balance_cases(toy.points_ledger.iloc[:0]) == [(("M99999", "2025-06-30"), 0.0)]


def test_q5_balance_on(qs, toy) -> None:
    q = qs["q5"]
    ledger = toy.points_ledger

    def right(customer_id, day):
        end = pd.Timestamp(day) + pd.Timedelta(days=1)
        mask = (ledger["customer_id"] == customer_id) & (ledger["occurred_at"] < end)
        return ledger.loc[mask, "points"].sum()

    def ignores_date(customer_id, day):
        return ledger.loc[ledger["customer_id"] == customer_id, "points"].sum()

    def leaves_out_the_day(customer_id, day):
        mask = (ledger["customer_id"] == customer_id) & (ledger["occurred_at"] < day)
        return ledger.loc[mask, "points"].sum()

    def counts_next_midnight(customer_id, day):
        end = pd.Timestamp(day) + pd.Timedelta(days=1)
        mask = (ledger["customer_id"] == customer_id) & (ledger["occurred_at"] <= end)
        return ledger.loc[mask, "points"].sum()

    def forgets_return(customer_id, day):
        right(customer_id, day)

    def one_input(customer_id):
        return 0

    _says(q.assess(right), Status.CORRECT, "member screen")
    _says(q.assess(ignores_date), Status.INCORRECT, "'2025-07-07'", "too low")
    _says(q.assess(leaves_out_the_day), Status.INCORRECT, "'2025-08-08'", "too high")
    _says(q.assess(counts_next_midnight), Status.INCORRECT, "'M00001', '2025-06-30'", "too high")
    _says(q.assess(forgets_return), Status.INCORRECT, "return")
    _says(q.assess(one_input), Status.INCORRECT, "two inputs")
    _says(q.assess(500), Status.INCORRECT, "should be a function")


def test_upgrades_by_month_counts_only_upgrades_earned_in_the_year(toy) -> None:
    assert upgrades_by_month(toy.tier_changes).to_dict() == {4: 2, 7: 1}
    assert upgrades_by_month(toy.tier_changes, carried_over=True).to_dict() == {1: 1, 4: 2, 7: 1}


def test_q6_upgrades(qs, toy) -> None:
    q = qs["q6"]
    changes = toy.tier_changes
    all_up = changes[changes["change"] == "upgrade"]
    up = all_up[all_up["changed_on"] != "2025-01-01"]
    _says(q.assess(up.groupby(up["changed_on"].dt.month).size()), Status.CORRECT, "April")
    _says(
        q.assess(all_up.groupby(all_up["changed_on"].dt.month).size()),
        Status.INCORRECT,
        "carried over",
    )
    _says(
        q.assess(changes.groupby(changes["changed_on"].dt.month).size()),
        Status.INCORRECT,
        "every tier change",
    )
    down = changes[changes["change"] == "downgrade"]
    _says(
        q.assess(down.groupby(down["changed_on"].dt.month).size()),
        Status.INCORRECT,
        "downgrades",
    )
    by_period = up.groupby(up["changed_on"].dt.to_period("M")).size()
    _says(q.assess(by_period), Status.INCORRECT, "month 4")  # a Period index, not 1-12


def test_q7_reflection_model_answer_uses_the_numbers(qs) -> None:
    model = qs["q7"].model_answer
    assert "850 points" in model and "about 8 yuan" in model  # 850 / 100 = 8.5, shown as 8
    assert "used 35%, 35% expired and 30% are still held" in model  # of 2,850 earned
    assert "April" in model
    mine = "Members hold points worth about 8 yuan, and most are never used: remind them."
    assert qs["q7"].assess(mine).status is Status.REFLECTION
    assert qs["q7"].assess("Points are a debt.").status is Status.INCORRECT  # too short
