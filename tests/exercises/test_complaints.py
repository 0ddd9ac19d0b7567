"""Exercise 5's checks on hand-made complaint tickets: each right answer, typical wrong ones,
and the channel to fix first following the data.

The tickets are written out by hand, so each expected number below is computed here with
plain pandas from those rows, not copied from the exercise.
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from storecrm.exercises import Status
from storecrm.exercises.complaints import build
from storecrm.exercises.testing import assert_says as _says
from storecrm.format import percent
from storecrm.rules import complaint_rules

T0 = pd.Timestamp("2025-06-01 10:00")
RULE_H = complaint_rules().first_reply_standard_hours
#: (channel, hours to first reply, hours to resolve, satisfaction after, visits after)
TICKETS = [
    ("in_store", 0.25, 1.0, 5, 3),
    ("in_store", RULE_H, 30.0, 4, 3),  # exactly on the limit: on time
    ("phone", 3.0, 24.0, 2, 1),
    ("phone", 1.0, 50.0, 3, 3),
    ("app", 10.0, 100.0, 1, 0),
    ("app", 20.0, 200.0, 3, 3),
    ("app", 100.0, 400.0, 3, 3),  # one forgotten ticket: the mean runs off
    ("social_media", 1.5, 10.0, 4, 3),
    ("social_media", 5.0, 20.0, 4, 3),
]
VISITS_BEFORE = 4
CHANNELS = ["in_store", "phone", "app", "social_media"]


def _data(tickets=TICKETS) -> SimpleNamespace:
    rows, receipts = [], []
    day = pd.Timedelta(days=1)
    for n, (channel, first, resolve, score, after) in enumerate(tickets):
        customer = f"M{n:05d}"
        opened = T0 + n * pd.Timedelta(hours=1)
        resolved = opened + pd.Timedelta(hours=resolve)
        rows.append(
            {
                "ticket_id": f"T{n:05d}",
                "customer_id": customer,
                "store_id": "S01",
                "channel": channel,
                "category": "queue_wait",
                "opened_at": opened,
                "first_response_at": opened + pd.Timedelta(hours=first),
                "resolved_at": resolved,
                "satisfaction_after": score,
            }
        )
        receipts += [(customer, opened - (k + 1) * 5 * day) for k in range(VISITS_BEFORE)]
        receipts += [(customer, resolved + (k + 1) * 5 * day) for k in range(after)]
    # A walk-in shopper's receipts set the data's first and last day.
    receipts += [(None, T0 - 90 * day), (None, T0 + 120 * day)]
    complaints = pd.DataFrame(rows)
    complaints["channel"] = pd.Categorical(complaints["channel"], categories=CHANNELS)
    frame = pd.DataFrame(receipts, columns=["customer_id", "purchased_at"])
    return SimpleNamespace(complaints=complaints, receipts=frame)


@pytest.fixture
def qs():
    return build(_data())


def _frame() -> pd.DataFrame:
    return pd.DataFrame(TICKETS, columns=["channel", "first_h", "resolve_h", "score", "after"])


def test_q1_median_first_reply(qs) -> None:
    t = _frame()
    right = t.groupby("channel")["first_h"].median()
    _says(qs["q1"].assess(right), Status.CORRECT, "slowest channel is the app")
    _says(qs["q1"].assess(t.groupby("channel")["first_h"].mean()), Status.INCORRECT, "averages")
    _says(
        qs["q1"].assess(t.groupby("channel")["resolve_h"].median()),
        Status.INCORRECT,
        "until the complaint was resolved",
    )
    _says(qs["q1"].assess(60 * right), Status.INCORRECT, "minutes")


def test_q2_on_time_share(qs) -> None:
    t = _frame()
    right = float((t["first_h"] <= RULE_H).mean())
    assert right == pytest.approx(4 / 9)  # the ticket on the limit counts
    _says(qs["q2"].assess(right), Status.CORRECT)
    _says(qs["q2"].assess(round(right, 3)), Status.CORRECT)
    _says(qs["q2"].assess(100 * right), Status.INCORRECT, "percent")
    _says(qs["q2"].assess(float((t["first_h"] < RULE_H).mean())), Status.INCORRECT, "<=")
    _says(qs["q2"].assess(float((t["resolve_h"] <= RULE_H).mean())), Status.INCORRECT, "resolution")


def test_q3_on_time_per_channel(qs) -> None:
    t = _frame()
    right = (t["first_h"] <= RULE_H).groupby(t["channel"]).mean()
    _says(qs["q3"].assess(right), Status.CORRECT, "the app meets the rule for 0.0 %")
    _says(qs["q3"].assess(100 * right), Status.INCORRECT, "percent")
    resolved = (
        (t["resolve_h"] <= complaint_rules().resolution_standard_hours).groupby(t["channel"]).mean()
    )
    _says(qs["q3"].assess(resolved), Status.INCORRECT, "first reply")


def test_q4_average_not_median(qs) -> None:
    t = _frame()
    _says(qs["q4"].assess(float(t["resolve_h"].mean())), Status.CORRECT, "median")
    _says(qs["q4"].assess(float(t["resolve_h"].median())), Status.INCORRECT, "is the median")
    _says(qs["q4"].assess(float(t["first_h"].mean())), Status.INCORRECT, "first reply")


def test_q5_satisfaction_per_channel(qs) -> None:
    t = _frame()
    right = t.groupby("channel")["score"].mean()
    _says(qs["q5"].assess(right), Status.CORRECT, "the app has the lowest")
    medians = t.groupby("channel")["score"].median().astype(float)
    _says(qs["q5"].assess(medians), Status.INCORRECT, "medians")


def test_q6_unhappy_visits_change(qs) -> None:
    t = _frame()
    unhappy = t[t["score"] <= 2]
    right = unhappy["after"].sum() / (VISITS_BEFORE * len(unhappy)) - 1
    assert right == pytest.approx(-7 / 8)
    _says(qs["q6"].assess(right), Status.CORRECT)
    _says(qs["q6"].assess(100 * right), Status.INCORRECT, "percent")
    _says(qs["q6"].assess(1 + right), Status.INCORRECT, "Subtract 1")


def test_q7_the_channel_follows_the_data(qs) -> None:
    _says(qs["q7"].assess("c"), Status.CORRECT, "The app: 3 complaints, 0.0 %")
    _says(qs["q7"].assess("b"), Status.INCORRECT, "The phone: 2 complaints, 50.0 %")
    # Make the app answer within the hour and the phone miss every time: now fix the phone.
    flipped = [
        (ch, 0.5 if ch == "app" else (RULE_H + 1 if ch == "phone" else first), *rest)
        for ch, first, *rest in TICKETS
    ]
    q = build(_data(flipped))["q7"]
    _says(q.assess("b"), Status.CORRECT)
    _says(q.assess("c"), Status.INCORRECT, "The app: 3 complaints, 100.0 %")


def test_q8_model_answer_quotes_the_data(qs) -> None:
    answer = qs["q8"].model_answer
    t = _frame()
    assert percent(float((t["first_h"] <= RULE_H).mean())) in answer
    assert "the app is worst at 0.0 %" in answer
    unhappy = t[t["score"] <= 2]
    assert percent(unhappy["after"].sum() / (VISITS_BEFORE * len(unhappy)) - 1) in answer
    fb = qs["q8"].assess("The app answered 0 % on time, so we give it an owner on each shift.")
    assert fb.status is Status.REFLECTION


def test_solutions_chain_to_correct(qs) -> None:
    from storecrm.analysis.complaints import add_times, visits_around_complaints

    data = _data()
    ns = {
        "complaints": data.complaints,
        "receipts": data.receipts,
        "timed": add_times(data.complaints),
        "first_reply_standard_h": RULE_H,
        "add_times": add_times,
        "visits_around_complaints": visits_around_complaints,
    }
    for key in ["q1", "q2", "q3", "q4", "q5", "q6"]:
        exec(qs[key].solution_code, ns)
        fb = qs[key].assess(namespace=ns)
        assert fb.status is Status.CORRECT, f"{key}: {fb}"


def test_tickets_without_reply_times_are_the_course_fault() -> None:
    data = _data()
    broken = SimpleNamespace(
        complaints=data.complaints.drop(columns=["first_response_at"]), receipts=data.receipts
    )
    qs = build(broken)
    for key in ["q1", "q2", "q3", "q4", "q5", "q6", "q7"]:
        _says(qs[key].assess("b"), Status.BROKEN, "fault in the exercise")
