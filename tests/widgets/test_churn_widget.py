"""The churn dial widget, driven by setting its sliders and reading what it shows."""

from __future__ import annotations

import pytest

from storecrm.widgets import ChurnDial, churn_dial


@pytest.fixture()
def tool(churn_hand) -> ChurnDial:
    dial = churn_dial(churn_hand)
    dial.controls["inactivity window (days)"].value = 30
    dial.controls["risk cut-off"].value = 0.5
    return dial


def _row(tool: ChurnDial, label: str) -> str:
    html = tool.results.value
    start = html.index(label)
    cell = html.index("<td>", start) + 4
    return html[cell : html.index("</td>", cell)]


def test_shows_the_hand_worked_week(tool: ChurnDial) -> None:
    assert tool.controls["offer cost (¥)"].value == 5.0  # the campaign's offer
    assert _row(tool, "on the contact list") == "1"
    assert _row(tool, "cost of the round") == "¥3"
    assert _row(tool, "break-even: real leavers on the list") == "20.0 %"
    assert "go" in tool.verdict.value


def test_turning_a_dial_changes_the_list(tool: ChurnDial) -> None:
    tool.controls["inactivity window (days)"].value = 0
    assert _row(tool, "on the contact list") == "2"
    tool.controls["risk cut-off"].value = 0.95
    assert _row(tool, "on the contact list") == "0"


def test_bad_money_settings_show_a_message(tool: ChurnDial) -> None:
    tool.controls["save rate"].value = 40
    assert "write 0.4" in tool.message.value and tool.results.value == ""
    tool.controls["save rate"].value = 0.4
    assert tool.error is None and tool.message.value == ""
    tool.controls["offer cost (¥)"].value = 40
    assert "stop" in tool.verdict.value
