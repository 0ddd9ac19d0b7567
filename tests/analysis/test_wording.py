"""compare_word picks the word from the numbers."""

from __future__ import annotations

import math

import pytest

from storecrm.analysis.wording import compare_word
from storecrm.errors import CourseError


@pytest.mark.parametrize(
    ("a", "b", "word"),
    [(3.0, 2.0, "higher than"), (2.0, 3.0, "lower than"), (1.0, 1.01, "about the same as"),
     (0, 0, "about the same as"), (-1.0, -2.0, "higher than")],
)  # fmt: skip
def test_compare_word(a, b, word) -> None:
    assert compare_word(a, b) == word


def test_custom_words() -> None:
    assert compare_word(5, 1, more="more", less="fewer") == "more"


@pytest.mark.parametrize("bad", [math.nan, "3", True])
def test_bad_values(bad) -> None:
    with pytest.raises(CourseError, match=r"^a: "):
        compare_word(bad, 1.0)
