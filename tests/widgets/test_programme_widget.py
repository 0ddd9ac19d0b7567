"""The programme simulator widget, driven as a trainer would: set a control, read the tool."""

from __future__ import annotations

import numpy as np
import pytest

from storecrm.analysis.programme import ProgrammeData
from storecrm.widgets import ProgrammeSimulator, programme_simulator


@pytest.fixture()
def tool() -> ProgrammeSimulator:
    data = ProgrammeData(
        member_ids=np.array(["A", "B"]),
        signup_day=np.array([-100, 0]),
        member=np.array([0, 1, 1]),
        day=np.array([10, 100, 200]),
        qualifying_fen=np.array([40000, 80000, 10000]),
        paid_fen=np.array([40000, 80000, 10000]),
        net_fen=np.array([40000, 80000, 10000]),
        used_share=np.array([0.5, 0.0]),
        margin_rate=0.3,
    )
    return programme_simulator(data)


def test_starts_at_todays_rules(tool: ProgrammeSimulator) -> None:
    assert tool.error is None
    assert "cost the same as today" in tool.verdict.value
    assert "1,430" in tool.summary.value  # points issued (hand-worked in test_programme)


def test_a_change_redraws_the_answer(tool: ProgrammeSimulator) -> None:
    tool.controls["birthday points"].value = 365
    assert "a year more than today" in tool.verdict.value
    assert "2,007" in tool.summary.value  # 1,430 + 212 + 365 birthday points
    tool.controls["gold: enter at (¥)"].value = 900
    assert "Where each member ends the year" in tool.moves.value


def test_bad_settings_show_a_message_not_a_traceback(tool: ProgrammeSimulator) -> None:
    tool.controls["silver: enter at (¥)"].value = 800  # above gold's ¥700
    assert "each tier must need more spend" in tool.message.value
    assert tool.summary.value == "" and tool.verdict.value == ""
    tool.controls["silver: enter at (¥)"].value = 300
    tool.controls["gold: points per ¥1"].value = -1
    assert "cannot be negative" in tool.message.value
    tool.reset()
    assert tool.error is None and tool.message.value == ""
    assert tool.controls["gold: points per ¥1"].value == 1.5


def test_expiry_slider_changes_the_liability(tool: ProgrammeSimulator) -> None:
    before = tool.summary.value
    tool.controls["expiry (months)"].value = 12
    assert tool.summary.value != before
    assert "cost" in tool.verdict.value
