"""Assertions for testing an exercise's checks (as ``pandas.testing`` is for pandas).

Every check must be tested against its right answer and typical wrong ones (see the
authoring guide), and each such test asks the same two things: did the check give this
verdict, and does its message say these words? Course authors writing a new exercise use
:func:`assert_says` in its tests.
"""

from __future__ import annotations

from storecrm.exercises.feedback import Feedback, Status

__all__ = ["assert_says"]


def assert_says(feedback: Feedback, status: Status, *fragments: str) -> None:
    """Fail unless ``feedback`` has ``status`` and its message contains every fragment.

    The failure message is the whole feedback, so a failing test shows what the learner
    would have seen.
    """
    assert feedback.status is status, str(feedback)
    for fragment in fragments:
        assert fragment in feedback.message, str(feedback)
