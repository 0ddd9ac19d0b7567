"""Exercise 1's checks, on the hand-made data: each right answer and typical wrong ones.

What the tests expect is computed here with independent pandas code, never copied from the
checker's output.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from storecrm.exercises import Status, ____
from storecrm.exercises.first_look import STORE_ID, build, choose_day
from storecrm.exercises.testing import assert_says as _says

DAY = "2025-06-14"  # the only Saturday in the hand-made data


@pytest.fixture(scope="module")
def qs(toy):
    return build(toy)


def test_choose_day_picks_a_saturday_with_a_clear_peak(toy) -> None:
    assert choose_day(toy.receipts) == DAY
    with pytest.raises(ValueError, match="no Saturday"):
        choose_day(toy.receipts, store_id="S99")


@pytest.fixture(scope="module")
def today(toy) -> pd.DataFrame:
    r = toy.receipts
    return r[(r["store_id"] == STORE_ID) & (r["purchased_at"].dt.strftime("%Y-%m-%d") == DAY)]


@pytest.fixture(scope="module")
def by_hour(today) -> pd.Series:
    return today["purchased_at"].dt.hour.value_counts().sort_index()


def test_solutions_chain_to_correct(toy, qs) -> None:
    """Running every model solution in order passes every check (solution == checker)."""
    ns = {"receipts": toy.receipts}
    for key in ["q1", "q2", "q3", "q4", "q5", "q6"]:
        exec(qs[key].solution_code, ns)
        fb = qs[key].assess(namespace=ns)
        assert fb.status is Status.CORRECT, f"{key}: {fb}"
    plt.close("all")


def test_q1_today(qs, toy, today) -> None:
    q = qs["q1"]
    _says(q.assess(today.copy()), Status.CORRECT, f"{len(today)} receipts")
    r = toy.receipts
    _says(
        q.assess(r[r["purchased_at"].dt.strftime("%Y-%m-%d") == DAY]),
        Status.INCORRECT,
        "receipts of every store on that day",
    )
    _says(q.assess(r[r["store_id"] == STORE_ID]), Status.INCORRECT, "every day of this store")
    _says(q.assess(today.reset_index(drop=True)), Status.INCORRECT, "numbered 0, 1, 2")
    _says(q.assess(today["net_cny"]), Status.INCORRECT, "should be a table (DataFrame)")
    _says(q.assess(today.iloc[1:]), Status.INCORRECT, "has too few rows")
    with_hour = today.assign(hour=today["purchased_at"].dt.hour)  # added in a later task
    _says(q.assess(with_hour), Status.CORRECT)
    _says(q.assess(today.drop(columns="net_cny")), Status.INCORRECT, "no column `net_cny`")


def test_q2_by_hour(qs, today, by_hour) -> None:
    q = qs["q2"]
    _says(q.assess(by_hour), Status.CORRECT, "daily rhythm")
    money = today.groupby(today["purchased_at"].dt.hour)["net_cny"].sum()
    _says(q.assess(money), Status.INCORRECT, "adds up the money (yuan)")
    _says(q.assess(by_hour.reset_index()), Status.INCORRECT, "should be a Series")
    _says(q.assess(by_hour.reset_index(drop=True)), Status.INCORRECT, "numbered 0, 1, 2")
    shifted = by_hour.copy()
    shifted.index = shifted.index + 1  # off by one hour
    _says(q.assess(shifted), Status.INCORRECT, "has no row for the hour")


def test_q3_busiest_hour(qs, by_hour) -> None:
    q = qs["q3"]
    right = int(by_hour.idxmax())
    _says(q.assess(right), Status.CORRECT, f"{right}:00")
    _says(q.assess(int(by_hour.max())), Status.INCORRECT, "number of receipts in the busiest")
    _says(q.assess(int(by_hour.idxmin())), Status.INCORRECT, "quietest hour")
    _says(q.assess(right + 1), Status.INCORRECT, "too high")
    _says(q.assess(by_hour.nlargest(1)), Status.INCORRECT, "`.item()`")
    _says(q.assess(f"{right}:00"), Status.INCORRECT, "should be a number")
    for broken in (float("nan"), float("inf")):
        fb = q.assess(broken)
        assert fb.status is Status.INCORRECT, fb  # not "problem in your code"


def test_q3_accepts_any_hour_tied_for_busiest() -> None:
    from types import SimpleNamespace

    import pandas as pd

    times = pd.to_datetime(
        [
            "2025-06-14 09:05",
            "2025-06-14 09:40",
            "2025-06-14 17:10",
            "2025-06-14 17:50",
            "2025-06-14 12:00",
        ]
    )
    receipts = pd.DataFrame({"store_id": "S01", "purchased_at": times})
    q = build(SimpleNamespace(receipts=receipts))["q3"]
    _says(q.assess(9), Status.CORRECT, "9:00")
    _says(q.assess(17), Status.CORRECT, "17:00")
    _says(q.assess(12), Status.INCORRECT, "quietest hour")
    _says(q.assess(10), Status.INCORRECT, "too")


def test_q4_average_basket(qs, today) -> None:
    q = qs["q4"]
    right = today["net_cny"].sum() / len(today)
    _says(q.assess(round(right, 2)), Status.CORRECT, "per visit")
    _says(q.assess(today["gross_cny"].mean()), Status.INCORRECT, "`gross_cny`")
    _says(q.assess(today["net_cny"].sum()), Status.INCORRECT, "total takings")
    _says(q.assess(today["items"].mean()), Status.INCORRECT, "number of items")
    _says(q.assess(right - 1), Status.INCORRECT, "too low")
    assert "¥" in str(q.assess(right)) and "$" not in str(q.assess(right))


def test_q5_member_share(qs, today) -> None:
    q = qs["q5"]
    right = (today["customer_id"].notna()).sum() / len(today)
    _says(q.assess(right), Status.CORRECT, "members")
    _says(q.assess(right * 100), Status.INCORRECT, "looks like a percent; give a fraction 0–1")
    _says(q.assess(int(today["is_member"].sum())), Status.INCORRECT, "number of member receipts")
    _says(q.assess(1 - right), Status.INCORRECT, "walk-in shoppers")
    _says(q.assess(round(right, 1)), Status.INCORRECT, "looks like the right answer rounded")


def _chart(series, *, xlabel="Hour of the day", ylabel="Number of receipts", title="Busy at six"):
    _, ax = plt.subplots()
    series.plot.bar(ax=ax)
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    return ax


def test_q6_chart(qs, today, by_hour) -> None:
    q = qs["q6"]
    try:
        _says(q.assess(_chart(by_hour)), Status.CORRECT, "labels and title")
        _says(q.assess(_chart(by_hour).figure), Status.CORRECT)
        ax = plt.subplots()[1]
        ax.plot(by_hour.index, by_hour.to_numpy())
        ax.set(xlabel="Hour", ylabel="Receipts", title="A line works too")
        _says(q.assess(ax), Status.INCORRECT, "asks for a bar chart", "`.plot.bar()`")
        _says(
            q.assess(_chart(by_hour.sort_values())),
            Status.INCORRECT,
            "right numbers, but not in hour order",
        )
        _says(q.assess(_chart(by_hour, title="")), Status.INCORRECT, "has no title")
        _says(
            q.assess(_chart(by_hour, xlabel=None)),
            Status.INCORRECT,
            "`purchased_at`, a column name",
        )
        _says(q.assess(_chart(by_hour, ylabel="Count")), Status.INCORRECT, "'receipt'")
        _says(q.assess(_chart(by_hour.iloc[:-1])), Status.INCORRECT, "shows too few bars")
        money = today.groupby(today["purchased_at"].dt.hour)["net_cny"].sum()
        _says(q.assess(_chart(money)), Status.INCORRECT, "heights in the chart")
        _says(q.assess(by_hour), Status.INCORRECT, "should be a chart")
        _says(q.assess(plt.subplots()[1]), Status.INCORRECT, "has no bars on it yet")
    finally:
        plt.close("all")


def test_q7_reflection(qs, by_hour) -> None:
    q = qs["q7"]
    _says(q.assess("Open a till."), Status.INCORRECT, "Write at least")
    long = "The evening rush is the busiest hour so we open the second till before 17:00."
    fb = q.assess(long)
    _says(fb, Status.REFLECTION, "no single right answer", "A good answer:")
    assert f"busiest hour started at {int(by_hour.idxmax())}:00" in fb.message
    _says(q.assess(["a list"]), Status.INCORRECT, "text in quotes")
    _says(q.assess(12), Status.INCORRECT, "text in quotes")
    _says(q.assess(____), Status.NOT_ATTEMPTED, "blank")
    assert len(q.hints) >= 2
