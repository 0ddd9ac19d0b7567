"""benchmarks/course_helpers.py still runs: a few cheap helpers on the committed data set.

The benchmark is run by hand on the large data set; this keeps it from rotting between
runs (a renamed helper or argument shows up here, not on the day someone needs figures).
"""

from __future__ import annotations

import pytest

from tests.scripts.bench import bench_module


@pytest.fixture(scope="module")
def course_helpers():
    return bench_module("course_helpers")


def _rows(out: str) -> dict[str, list[str]]:
    """Table rows of the printed Markdown, by helper name."""
    rows = [line.strip("|").split(" | ") for line in out.splitlines() if line.startswith("| ")]
    return {cells[0].strip(): [c.strip() for c in cells[1:]] for cells in rows[1:]}


def test_two_cheap_helpers_give_their_rows(course_helpers, capsys):
    # campaign_uplift needs campaign_results, which needs campaign_member_activity: those run
    # off the clock and get no row of their own.
    code = course_helpers.main(["--sizes", "small", "--helpers", "rfm_table,campaign_uplift"])
    rows = _rows(capsys.readouterr().out)
    assert code == 0
    assert set(rows) == {"rfm_table", "campaign_uplift"}
    for size, cpu, wall, ok in rows.values():
        assert size == "small"
        assert float(cpu) >= 0 and float(wall) >= 0
        assert ok == "yes"


def test_a_helper_that_raises_is_a_row_with_its_one_line_error(course_helpers, capsys, monkeypatch):
    def broken(data):
        raise ValueError("no such column 'x'\nsecond line")

    table = dict(course_helpers.helpers())
    table["broken"] = course_helpers.Helper(broken)
    table["after broken"] = course_helpers.Helper(lambda d, b: b, ("broken",))
    monkeypatch.setattr(course_helpers, "HELPERS", table)
    code = course_helpers.main(["--sizes", "small", "--helpers", "broken,after broken"])
    out = capsys.readouterr().out
    rows = _rows(out)
    assert code == 1
    assert rows["broken"][-1] == "failed: ValueError: no such column 'x'"
    assert rows["after broken"][-1] == "failed: needs broken, which failed"
    assert "Traceback" not in out


def test_an_unknown_helper_is_a_one_line_error(course_helpers, capsys):
    with pytest.raises(SystemExit) as stop:
        course_helpers.main(["--sizes", "small", "--helpers", "rfm_table,nope"])
    assert stop.value.code == 2
    assert "unknown helper 'nope'" in capsys.readouterr().err
