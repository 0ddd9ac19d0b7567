"""Module 3 quiz numbers: how fast complaints are answered and fixed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storecrm.analysis import complaints as _complaints
from storecrm.quiz.answers._data import resolve_data

if TYPE_CHECKING:  # pragma: no cover - import only for type checkers
    from storecrm.data import StoreData

__all__ = [
    "complaint_count",
    "first_response_on_time_count",
    "first_response_on_time_share",
    "mean_resolution_hours",
    "median_resolution_hours",
    "resolved_on_time_share",
]


def median_resolution_hours(*, data: StoreData | None = None) -> float:
    """Median hours from opening a complaint to resolving it, one decimal."""
    return _complaints.median_resolution_hours(resolve_data(data).complaints)


def first_response_on_time_share(*, data: StoreData | None = None) -> float:
    """Share (0-1) of complaints first answered within the 2-hour standard."""
    return _complaints.share_first_response_on_time(resolve_data(data).complaints)


def resolved_on_time_share(*, data: StoreData | None = None) -> float:
    """Share (0-1) of complaints resolved within the 24-hour standard."""
    return _complaints.share_resolved_on_time(resolve_data(data).complaints)


def mean_resolution_hours(*, data: StoreData | None = None) -> float:
    """Average (mean) hours from opening a complaint to resolving it, one decimal.

    Shown beside the median so learners see how a few very slow cases pull the average up.
    """
    timed = _complaints.add_times(resolve_data(data).complaints)
    return float(round(timed["resolution_h"].mean(), 1))


def complaint_count(*, data: StoreData | None = None) -> int:
    """How many complaint tickets the data holds."""
    return len(resolve_data(data).complaints)


def first_response_on_time_count(*, data: StoreData | None = None) -> int:
    """How many complaints were first answered within the 2-hour standard (2 h counts)."""
    complaints = resolve_data(data).complaints
    return round(_complaints.share_first_response_on_time(complaints) * len(complaints))
