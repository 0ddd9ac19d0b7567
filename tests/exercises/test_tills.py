"""Exercise 4's checks on hand-made weekdays: each right answer, typical wrong ones, and the
decision that follows the data.

Each data set below is built from a pattern of shoppers per hour, so the test knows by
construction which hours need a second till and which shift move fixes them.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from storecrm.exercises import Status
from storecrm.exercises.testing import assert_says as _says
from storecrm.exercises.tills import ROTA, build, rota_tills
from storecrm.rules import store_rules

STORE = "S03"
WEEKDAYS = ["2025-06-09", "2025-06-10"]  # Monday, Tuesday
SATURDAY = "2025-06-14"
OPEN = range(6, 24)
#: Each in-store shopper in the data stands for this many in the store's real day.
SCALE = 10


def _data(busy: dict[int, int], quiet: int = 1) -> SimpleNamespace:
    """Every weekday: ``quiet`` in-store shoppers in each open hour, ``busy[h]`` in hour h;
    plus app pick-ups (never at the till) and a Saturday (not a weekday)."""
    rows = []

    def add(day: str, hour: int, n: int, channel: str = "in_store", store: str = STORE) -> None:
        for k in range(n):
            rows.append(
                {
                    "store_id": store,
                    "purchased_at": pd.Timestamp(day) + pd.Timedelta(hours=hour, minutes=k),
                    "channel": channel,
                }
            )

    for day in WEEKDAYS:
        for hour in OPEN:
            add(day, hour, busy.get(hour, quiet))
        add(day, 9, 4, channel="app_pickup")
    for hour in (10, 11):
        add(SATURDAY, hour, 6)
    add(WEEKDAYS[0], 8, 3, store="S01")  # another store: left out
    receipts = pd.DataFrame(rows)
    receipts["channel"] = pd.Categorical(
        receipts["channel"], categories=["in_store", "app_pickup", "delivery"]
    )
    stores = pd.DataFrame(
        {
            "store_id": ["S01", "S03"],
            "store_name": ["Station Square", "University Town"],
            "format": ["convenience", "convenience"],
            "tills": [store_rules().tills.tills("S01"), store_rules().tills.tills("S03")],
        }
    )
    return SimpleNamespace(receipts=receipts, stores=stores)


def _daily(busy: dict[int, int], quiet: int = 1) -> float:
    """A daily total that makes each hour's shoppers exactly SCALE times the pattern."""
    return SCALE * sum(busy.get(h, quiet) for h in OPEN)


LATE = {21: 5, 22: 5, 23: 5}  # 50 shoppers an hour: 2 tills from 21:00 to midnight


@pytest.fixture(scope="module")
def late() -> SimpleNamespace:
    return _data(LATE)


@pytest.fixture(scope="module")
def qs(late):
    return build(late, daily_receipts=_daily(LATE))


def _weekday_till(receipts: pd.DataFrame) -> pd.DataFrame:
    r = receipts[(receipts["store_id"] == STORE) & (receipts["channel"] == "in_store")]
    return r[r["purchased_at"].dt.dayofweek < 5]


def _per_hour(late) -> pd.Series:
    r = _weekday_till(late.receipts)
    return r.groupby(r["purchased_at"].dt.hour).size() / r["purchased_at"].dt.date.nunique()


def test_solutions_chain_to_correct(late, qs) -> None:
    ns = {
        "receipts": late.receipts,
        "stores": late.stores,
        "rota": rota_tills(ROTA),
        "daily_receipts": _daily(LATE),
        "minutes_per_receipt": 1.0,
        "max_busy_share": 0.8,
    }
    for key in ["q1", "q2", "q3", "q4", "q5", "q6"]:
        exec(qs[key].solution_code, ns)
        fb = qs[key].assess(namespace=ns)
        assert fb.status is Status.CORRECT, f"{key}: {fb}"


def test_q1_shoppers_per_hour(qs, late) -> None:
    q = qs["q1"]
    right = pd.Series({h: float(LATE.get(h, 1)) for h in OPEN})
    _says(q.assess(right), Status.CORRECT, "busiest hour")
    _says(q.assess(_per_hour(late)), Status.CORRECT)
    with_zeros = right.reindex(range(24), fill_value=0.0)
    _says(q.assess(with_zeros), Status.CORRECT)

    r = late.receipts[late.receipts["store_id"] == STORE]
    weekday = r[r["purchased_at"].dt.dayofweek < 5]
    every_channel = weekday.groupby(weekday["purchased_at"].dt.hour).size() / 2
    _says(q.assess(every_channel), Status.INCORRECT, "app pick-ups")
    _says(q.assess(right * 2), Status.INCORRECT, "total over the whole year")
    till = r[r["channel"] == "in_store"]
    mixed = till.groupby(till["purchased_at"].dt.hour).size() / 3  # Saturday in, 3 days
    _says(q.assess(mixed), Status.INCORRECT, "mixes weekdays and weekends")
    _says(q.assess(right * 2 / 3), Status.INCORRECT, "divides the weekday receipts by every day")
    _says(q.assess(right.iloc[:-1]), Status.INCORRECT, "too few rows")


def test_q2_peak_hour(qs) -> None:
    q = qs["q2"]
    _says(q.assess(21), Status.CORRECT, "21:00")
    _says(q.assess(np.int64(23)), Status.CORRECT, "is the peak")  # tied busiest hours
    _says(q.assess(5.0), Status.INCORRECT, "number of shoppers in the busiest hour")
    _says(q.assess(12), Status.INCORRECT, "too low")
    _says(q.assess("21"), Status.INCORRECT, "should be a number")


def test_q3_till_rule_function(qs) -> None:
    q = qs["q3"]

    def right(shoppers):
        return math.ceil(shoppers * 1.0 / 60 / 0.8)

    def rounded(shoppers):
        return round(shoppers / 60 / 0.8)

    def always_busy(shoppers):
        return math.ceil(shoppers / 60)

    def at_least_one(shoppers):
        return max(1, math.ceil(shoppers / 60 / 0.8))

    _says(q.assess(right), Status.CORRECT, "rule the chapter uses")
    _says(q.assess(rounded), Status.INCORRECT, "tills_for(20)")
    _says(q.assess(always_busy), Status.INCORRECT, "tills_for(49)", "too low")
    _says(q.assess(at_least_one), Status.INCORRECT, "tills_for(0)", "too high")
    _says(q.assess(lambda a, b: 1), Status.INCORRECT, "one input")
    _says(q.assess(3), Status.INCORRECT, "should be a function")


def test_q4_tills_needed(qs) -> None:
    q = qs["q4"]
    shoppers = pd.Series({h: float(SCALE * LATE.get(h, 1)) for h in OPEN})
    right = np.ceil(shoppers / 60 / 0.8).astype(int)
    assert set(right.unique()) == {1, 2}
    _says(q.assess(right), Status.CORRECT, "up to 2 tills", "21:00, 22:00, 23:00")
    unscaled = np.ceil(shoppers / SCALE / 60 / 0.8).astype(int)
    _says(q.assess(unscaled), Status.INCORRECT, "sample's shoppers per hour")
    # 50 an hour is 1.04 tills: rounding gives 1, the rule 2.
    _says(q.assess(np.round(shoppers / 60 / 0.8)), Status.INCORRECT, "rounds to the nearest")
    # 70 an hour: 1.46 tills at 80 % busy (rule 2, rounding 1), 1.17 at 100 % (2); 50 an
    # hour: 1.04 (rule 2), 0.83 at 100 % (1). So each mistake differs from the other.
    busy = {21: 5, 22: 7}
    q = build(_data(busy), daily_receipts=_daily(busy))["q4"]
    shoppers = pd.Series({h: float(SCALE * busy.get(h, 1)) for h in OPEN})
    _says(q.assess(np.ceil(shoppers / 60 / 0.8)), Status.CORRECT)
    _says(q.assess(np.round(shoppers / 60 / 0.8)), Status.INCORRECT, "rounds to the nearest")
    _says(q.assess(np.ceil(shoppers / 60)), Status.INCORRECT, "busy the whole hour")


def test_q5_hours_short(qs) -> None:
    q = qs["q5"]
    needed = pd.Series({h: 2 if h in LATE else 1 for h in OPEN})
    rota = pd.Series({h: sum(s.start <= h < s.end for s in ROTA) for h in OPEN})
    gap = needed - rota
    _says(q.assess(gap[gap > 0]), Status.CORRECT, "21:00, 22:00, 23:00")
    _says(q.assess(gap), Status.INCORRECT, "keeps every hour")
    _says(q.assess((rota - needed)[rota - needed > 0]), Status.INCORRECT, "other way round")


@pytest.mark.parametrize(
    ("busy", "right", "wrong"),
    [
        # A late rush only: moving the afternoon or evening helper both fix it; the afternoon
        # one is listed first and leaves nothing short.
        (LATE, "b", "d"),
        # A late rush and a busy afternoon: only the evening helper can go.
        ({**LATE, 14: 5, 15: 5, 16: 5}, "c", "b"),
        # No hour needs a second till beyond the rota: keep it.
        ({}, "d", "b"),
    ],
)
def test_q6_the_right_move_follows_the_data(busy, right, wrong) -> None:
    q = build(_data(busy), daily_receipts=_daily(busy))["q6"]
    _says(q.assess(right), Status.CORRECT, "till-hours")
    _says(q.assess(wrong), Status.INCORRECT, "not what these numbers support", "till-hours")


def test_q6_the_peak_hour_move_is_explained(qs) -> None:
    # Moving the lunch helper to the peak fixes nothing; with a busy 11:00 it leaves 11:00 short.
    _says(qs["q6"].assess("a"), Status.INCORRECT, "as many short till-hours")
    busy = {**LATE, 11: 5}
    q = build(_data(busy), daily_receipts=_daily(busy))["q6"]
    _says(q.assess("a"), Status.INCORRECT, "short 4 till-hours", "against 3 today")
    assert "(a) Move the lunch helper" in str(qs["q6"].options_feedback())


def test_q7_model_answer_quotes_the_data(qs) -> None:
    answer = qs["q7"].model_answer
    assert "21:00, 22:00, 23:00" in answer
    assert "afternoon helper" in answer
    fb = qs["q7"].assess("The rota is short at 21:00 and 22:00, so we move one helper shift late.")
    assert fb.status is Status.REFLECTION


def test_a_store_without_receipts_is_the_course_fault(late) -> None:
    gone = SimpleNamespace(
        receipts=late.receipts[late.receipts["store_id"] != STORE], stores=late.stores
    )
    qs = build(gone, daily_receipts=100)
    for key in ["q1", "q2", "q4", "q5", "q6", "q7"]:
        _says(qs[key].assess("b"), Status.BROKEN, "fault in the exercise")
