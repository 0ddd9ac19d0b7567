"""The exercise modules on the course data: the model solutions pass every check.

The data set is committed, so these tests never skip: if it cannot be loaded, that is a
failure to fix, not a reason to stop checking.
"""

from __future__ import annotations

import subprocess
import sys

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from storecrm.exercises import Status, first_look, members, points


@pytest.fixture(scope="module")
def data():
    from storecrm.data import load

    return load()


def test_importing_the_package_loads_no_data() -> None:
    code = (
        "import sys, storecrm.exercises; "
        "print(any(m.startswith(('storecrm.exercises.ex0', 'storecrm.data')) for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("builder", "tables"),
    [
        (first_look.build, ["receipts"]),
        (members.build, ["receipts", "customers"]),
        (points.build, ["points_ledger", "tier_changes"]),
    ],
)
def test_model_solutions_pass_on_the_course_data(data, builder, tables) -> None:
    questions = builder(data)
    ns = {"pd": pd, **{name: getattr(data, name) for name in tables}}
    try:
        for key, question in questions.items():
            if question.kind == "reflection":
                fb = question.assess(question.model_answer)
                assert fb.status is Status.REFLECTION, f"{key}: {fb}"
                continue
            exec(question.solution_code, ns)
            fb = question.assess(namespace=ns)
            assert fb.status is Status.CORRECT, f"{key}: {fb}"
    finally:
        plt.close("all")


def test_ex01_day_has_enough_receipts_to_teach_with(data) -> None:
    day = first_look.choose_day(data.receipts)
    assert pd.Timestamp(day).dayofweek == 5
    today = first_look.day_receipts(data.receipts, day)
    by_hour = first_look.receipts_by_hour(today)
    assert (by_hour == by_hour.max()).sum() == 1, "one clear busiest hour"
    assert by_hour.max() != by_hour.idxmax(), "the count must not look like the hour"
    assert len(today) >= 30, "the chosen day should be a real trading day"
    assert len(by_hour) >= 8, "receipts should spread over the day, or the chart says nothing"
    assert 0 < today["is_member"].mean() < 1


def test_changing_the_learners_tables_in_place_does_not_change_the_right_answers() -> None:
    import importlib

    from storecrm.exercises import ex02

    ex = importlib.reload(ex02)  # fresh checkers whose right answers are not computed yet
    # A learner drops half the members in place, then computes the tier mix from what is left.
    ex.customers.drop(ex.customers.index[ex.customers["tier"] == "standard"], inplace=True)
    ns = {"customers": ex.customers}
    exec(ex.q2.solution_code, ns)
    assert ex.q2.assess(namespace=ns).status is Status.INCORRECT


def test_balance_on_cases_hit_a_midnight_expiry(data) -> None:
    """Expiry entries sit at 00:00:00; a function counting up to and *including* the next
    midnight must fail one case (a learner got "Correct" for it before)."""
    ledger = data.points_ledger
    at_midnight = ledger[ledger["occurred_at"] == ledger["occurred_at"].dt.normalize()]
    assert len(at_midnight) > 0, "the data has entries at midnight"
    question = points.build(data)["q5"]

    def counts_next_midnight(customer_id, day):
        end = pd.Timestamp(day) + pd.Timedelta(days=1)
        mask = (ledger["customer_id"] == customer_id) & (ledger["occurred_at"] <= end)
        return ledger.loc[mask, "points"].sum()

    fb = question.assess(counts_next_midnight)
    assert fb.status is Status.INCORRECT, str(fb)
    ns = {"pd": pd, "points_ledger": ledger}
    exec(question.solution_code, ns)
    assert question.assess(namespace=ns).status is Status.CORRECT
