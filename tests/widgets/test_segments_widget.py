"""The segment explorer widget, driven by setting its controls and reading what it shows."""

from __future__ import annotations

import pytest

from storecrm.widgets import SegmentExplorer, segment_explorer


@pytest.fixture()
def tool(segments_hand) -> SegmentExplorer:
    return segment_explorer(segments_hand)


def _cell(tool: SegmentExplorer, row: str, column: int) -> str:
    html = tool.results.value
    start = html.index(f"<th>{row}</th>")
    cell = start
    for _ in range(column + 1):
        cell = html.index("<td>", cell) + 4
    return html[cell : html.index("</td>", cell)]


def test_starts_at_the_chapters_cuts(tool: SegmentExplorer) -> None:
    assert "high = score 4 or more, low = 2 or less" in tool.results.value
    assert _cell(tool, "At risk", 0) == "2"
    assert _cell(tool, "At risk", 2) == "15 %"  # share of spend
    assert tool.controls["number of clusters"].disabled


def test_moving_the_cuts_regroups(tool: SegmentExplorer) -> None:
    tool.controls["high score cut"].value = 5
    tool.controls["low score cut"].value = 1
    assert _cell(tool, "Needs attention", 0) == "4"
    assert _cell(tool, "Needs attention", 3) == "¥88"


def test_clusters(tool: SegmentExplorer) -> None:
    tool.controls["grouping"].value = "behaviour clusters"
    tool.controls["number of clusters"].value = 2
    assert "Mostly At risk (100 %)" in _cell(tool, "Slipping", 7)
    assert tool.controls["high score cut"].disabled


def test_bad_cuts_show_a_message(tool: SegmentExplorer) -> None:
    tool.controls["low score cut"].value = 4
    assert "above the low cut" in tool.message.value and tool.results.value == ""
    assert tool.error is not None and "Traceback" not in tool.message.value
    tool.controls["low score cut"].value = 2
    assert tool.error is None and "At risk" in tool.results.value
