"""Interpretation tasks: the data decides which action is right, and every choice is explained."""

from __future__ import annotations

import pytest

from storecrm.exercises import ChoiceQuestion, Option, Status
from storecrm.exercises.testing import assert_says


def _question(sales_up: bool) -> ChoiceQuestion:
    """Keep the promotion if sales rose, drop it otherwise: the answer follows the data."""
    return ChoiceQuestion(
        number=5,
        title="keep the promotion?",
        variable="my_choice",
        expected=lambda: "a" if sales_up else "b",
        options=[
            Option("a", "Run it again next month", "Sales rose 8 % against the control group."),
            Option("b", "Stop it", lambda: "The control group grew just as much."),
            Option("c", "Double the discount", "Nothing here measures a bigger discount."),
        ],
        hints=["Compare with the control group.", "Task 4's uplift is the number to use."],
        meaning="A decision backed by a control group.",
    )


def test_the_right_option_follows_the_data() -> None:
    assert_says(_question(True).assess("a"), Status.CORRECT, "Sales rose 8 %")
    assert_says(_question(False).assess("b"), Status.CORRECT, "control group grew")
    assert_says(_question(False).assess("a"), Status.INCORRECT, "Sales rose 8 %")


@pytest.mark.parametrize("answer", ["A", " a ", "(a)", "a)", "a."])
def test_a_letter_in_another_legitimate_form_is_right(answer: str) -> None:
    assert_says(_question(True).assess(answer), Status.CORRECT, "backed by a control group")


def test_a_wrong_choice_is_explained_without_naming_the_right_one() -> None:
    feedback = _question(True).assess("c")
    assert_says(feedback, Status.INCORRECT, "Nothing here measures a bigger discount")
    assert "Run it again" not in str(feedback)


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        (None, "None (nothing)"),
        (2, "Write the letter of one option in quotes"),
        (["a"], "Write the letter of one option in quotes"),
        ("z", "not one of the options"),
        ("", "not one of the options"),
        ("Run it again next month", "not one of the options"),
    ],
)
def test_a_wrong_form_gets_a_message_naming_the_form_wanted(answer, fragment) -> None:
    assert_says(_question(True).assess(answer), Status.INCORRECT, fragment)


def test_not_assigned_and_blank_are_not_attempted() -> None:
    from storecrm.exercises import ____

    assert_says(_question(True).assess(namespace={}), Status.NOT_ATTEMPTED, "`my_choice`")
    assert_says(_question(True).assess(____), Status.NOT_ATTEMPTED, "blank")


def test_options_and_solution_come_from_one_source() -> None:
    q = _question(False)
    listed = str(q.options_feedback())
    assert "(a) Run it again next month" in listed and "(c) Double the discount" in listed
    shown = q.solution_feedback()
    assert shown.status is Status.SOLUTION
    assert shown.code == q.solution_code == 'my_choice = "b"'


def test_a_course_fault_is_never_the_learners() -> None:
    q = ChoiceQuestion(
        number=1,
        title="t",
        variable="my_choice",
        expected=lambda: "q",
        options=[Option("a", "x", "x"), Option("b", "y", "y")],
    )
    assert_says(q.assess("a"), Status.BROKEN, "not one of the options")

    def boom() -> str:
        raise KeyError("uplift")

    q2 = ChoiceQuestion(
        number=1,
        title="t",
        variable="my_choice",
        expected=boom,
        options=[Option("a", "x", "x"), Option("b", "y", "y")],
    )
    assert_says(q2.assess("a"), Status.BROKEN, "KeyError")


def test_options_must_be_distinct_letters() -> None:
    with pytest.raises(ValueError, match="own keys"):
        ChoiceQuestion(
            number=1,
            title="t",
            variable="v",
            expected=lambda: "a",
            options=[Option("a", "x", "x"), Option("a", "y", "y")],
        )
