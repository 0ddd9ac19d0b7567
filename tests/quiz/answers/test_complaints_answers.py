"""Quiz-answer helpers of storecrm.analysis.complaints on a tiny hand-built data set.

The tests replace only the ``complaints`` table of the committed data (its customer and
store ids exist in the committed ``customers`` and ``stores``) and check numbers worked out
by hand.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from storecrm.analysis import complaints as analysis
from storecrm.data import StoreData
from storecrm.quiz.answers.complaints import (
    complaint_count,
    first_response_on_time_count,
    first_response_on_time_share,
    mean_resolution_hours,
    median_resolution_hours,
    resolved_on_time_share,
)

OPENED = pd.Timestamp("2025-06-02 10:00")

#: (hours to the first reply, hours to resolution) of four tickets.
TIMES = [(0.5, 1.0), (2.0, 5.0), (2.5, 24.0), (6.0, 30.0)]


def _complaints_data(base: StoreData, table, times: list[tuple[float, float]]) -> StoreData:
    rows = [
        {
            "ticket_id": f"T{n:05d}",
            "customer_id": f"M{n:05d}",
            "store_id": "S01",
            "channel": "in_store",
            "category": "queue_wait",
            "opened_at": OPENED,
            "first_response_at": OPENED + pd.Timedelta(hours=reply),
            "resolved_at": OPENED + pd.Timedelta(hours=resolved),
            "outcome": "apology",
            "satisfaction_after": 3,
        }
        for n, (reply, resolved) in enumerate(times, start=1)
    ]
    return replace(base, complaints=table("complaints", rows))


@pytest.fixture
def four(committed, table) -> StoreData:
    return _complaints_data(committed, table, TIMES)


def test_median_resolution_hours(four) -> None:
    # Resolved after 1, 5, 24 and 30 hours: median (5 + 24) / 2 = 14.5.
    assert median_resolution_hours(data=four) == 14.5
    # The average, (1 + 5 + 24 + 30) / 4 = 15, is pulled up by the slow tickets.
    assert mean_resolution_hours(data=four) == 15.0


def test_counts_a_question_prints(four) -> None:
    # Four tickets; first replies after 0.5 and 2.0 hours meet the 2-hour standard.
    assert complaint_count(data=four) == 4
    assert first_response_on_time_count(data=four) == 2


def test_share_first_response_on_time(four) -> None:
    # First replies after 0.5, 2.0, 2.5 and 6 hours; exactly 2 hours meets the standard:
    # 2 of 4 -> 0.5.
    assert first_response_on_time_share(data=four) == 0.5


def test_share_resolved_on_time(four) -> None:
    # Resolved after 1, 5, 24 and 30 hours; exactly 24 hours meets the standard:
    # 3 of 4 -> 0.75.
    assert resolved_on_time_share(data=four) == 0.75


def test_answers_follow_the_complaints(committed, table) -> None:
    # Without the third ticket (2.5 h reply, 24 h fix): resolved after 1, 5 and 30 hours ->
    # median 5.0; 2 of 3 resolved within 24 h and 2 of 3 replied within 2 h -> 2/3.
    three = _complaints_data(committed, table, [TIMES[0], TIMES[1], TIMES[3]])
    assert median_resolution_hours(data=three) == 5.0
    assert resolved_on_time_share(data=three) == pytest.approx(2 / 3)
    assert first_response_on_time_share(data=three) == pytest.approx(2 / 3)


def test_the_analysis_helpers_take_a_frame_and_return_fractions(four) -> None:
    frame = four.complaints
    assert analysis.median_resolution_hours(frame) == 14.5
    assert analysis.share_first_response_on_time(frame) == 0.5
    assert analysis.share_resolved_on_time(frame) == 0.75
