"""The one course error type: its message names the place first, then the problem and the fix."""

from __future__ import annotations

import pytest

from storecrm.data.io import DataError
from storecrm.errors import CommandError, CourseError
from storecrm.quiz.errors import QuizError
from storecrm.widgets.roleplay import ScenarioError


def test_message_names_table_and_column_first() -> None:
    err = CourseError("has 2 negative values", table="receipts", column="net_cny")
    assert str(err) == "receipts.net_cny: has 2 negative values."
    assert err.where == "receipts.net_cny"


def test_hint_is_appended_as_a_sentence() -> None:
    err = CourseError("is empty", table="members", hint="Load the data set first")
    assert str(err) == "members: is empty. Load the data set first."


def test_message_without_place() -> None:
    assert str(CourseError("the seed must be a whole number.")) == (
        "the seed must be a whole number."
    )


@pytest.mark.parametrize("cls", [CommandError, DataError, ScenarioError, QuizError])
def test_every_course_error_is_one_type(cls: type) -> None:
    assert issubclass(cls, CourseError)
    assert issubclass(cls, ValueError)  # older code that caught ValueError keeps working


def test_ipython_shows_only_the_message() -> None:
    err = CommandError("no such folder", hint="Check the path")
    assert err._render_traceback_() == ["CommandError: no such folder. Check the path."]
