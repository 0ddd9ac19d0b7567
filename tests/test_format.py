"""The one formatter for figures on pages: shares as percents, gaps as percentage points."""

from __future__ import annotations

import pytest

from storecrm.errors import CourseError
from storecrm.format import percent, percentage_points, yuan


def test_percent_shows_a_fraction_as_percent() -> None:
    assert percent(0.3975) == "39.8 %"
    assert percent(-0.12, 0) == "-12 %"


def test_percent_refuses_a_percent_passed_as_a_share() -> None:
    with pytest.raises(CourseError, match=r"fraction from 0 to 1, not 30\.8"):
        percent(30.8)


def test_percentage_points_names_its_unit() -> None:
    assert percentage_points(0.068) == "6.8 percentage points"
    assert percentage_points(-0.2, 0) == "-20 percentage points"


def test_percentage_points_refuses_percents() -> None:
    with pytest.raises(CourseError, match=r"between -1 and 1, not 6\.8"):
        percentage_points(6.8)


def test_yuan() -> None:
    assert yuan(65.3) == "¥65.30"
