"""How long each live workshop tool takes to answer one change, on the committed data.

A tool must answer within a second on a 2-core machine (issue 15), or the room stops
watching. This script times, for each tool, the one-off preparation (reading the data) and
then one update of the model and one update of the widget, as a control change triggers it,
repeated a few times; it prints the median.

Usage::

    uv run python benchmarks/workshop_tools.py [repeats]
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable

GOAL_SECONDS = 1.0


def _median_seconds(step: Callable[[int], object], repeats: int) -> float:
    times = []
    for i in range(repeats):
        t0 = time.perf_counter()
        step(i)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _report(name: str, prepare: float, model: float, widget: float) -> bool:
    ok = max(model, widget) < GOAL_SECONDS
    print(
        f"{name:<30} prepare once {prepare:6.2f} s | per update: model {model:6.3f} s, "
        f"widget {widget:6.3f} s  {'OK' if ok else 'TOO SLOW'} (goal < {GOAL_SECONDS:g} s)"
    )
    return ok


def programme(repeats: int) -> bool:
    from storecrm.analysis.programme import (
        compare_programmes,
        current_programme,
        store_programme_data,
    )
    from storecrm.widgets import programme_simulator

    t0 = time.perf_counter()
    data = store_programme_data()
    prepare = time.perf_counter() - t0
    now = current_programme()
    model = _median_seconds(
        lambda i: compare_programmes(now.with_tier("silver", entry_cny=200.0 + i), data), repeats
    )
    tool = programme_simulator()
    box = tool.controls["silver: enter at (¥)"]
    widget = _median_seconds(lambda i: setattr(box, "value", 250.0 + i), repeats)
    return _report("membership programme simulator", prepare, model, widget)


TOOLS: dict[str, Callable[[int], bool]] = {"programme": programme}


def main(argv: list[str]) -> int:
    repeats = int(argv[0]) if argv else 5
    results = [run(repeats) for run in TOOLS.values()]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
