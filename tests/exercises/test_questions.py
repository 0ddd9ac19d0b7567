"""The workflow every question shares: not attempted, hints, solution, check(), errors."""

from __future__ import annotations

import pytest

from storecrm.exercises import (
    FunctionQuestion,
    ReflectionQuestion,
    Status,
    ValueQuestion,
    ____,
)


def _question(**kw) -> ValueQuestion:
    defaults = dict(
        number=3,
        title="busiest hour",
        variable="busiest_hour",
        expected=lambda: 18,
        what="the hour with most receipts",
        hints=["The idea.", "The columns.", "Nearly the code."],
        solution="busiest_hour = by_hour.idxmax()",
        meaning=lambda h: f"The rush starts at {h}:00.",
    )
    defaults.update(kw)
    return ValueQuestion(**defaults)


def test_placeholder_means_not_attempted() -> None:
    fb = _question().assess(____)
    assert fb.status is Status.NOT_ATTEMPTED
    assert "`busiest_hour` still holds the blank `____`" in fb.message


def test_missing_variable_means_not_attempted_with_a_way_forward() -> None:
    fb = _question().assess(namespace={})
    assert fb.status is Status.NOT_ATTEMPTED
    assert "There is no `busiest_hour` yet. Run the cell above" in fb.message


def test_correct_message_is_the_meaning_sentence() -> None:
    fb = _question().assess(namespace={"busiest_hour": 18})
    assert fb.status is Status.CORRECT
    assert str(fb) == "Correct (Task 3, busiest hour): The rush starts at 18:00."


def test_check_reads_the_callers_variable(capsys: pytest.CaptureFixture[str]) -> None:
    q = _question()
    globals()["busiest_hour"] = 17
    try:
        q.check()
    finally:
        del globals()["busiest_hour"]
    out = capsys.readouterr().out
    assert out.startswith("Not quite (Task 3, busiest hour): `busiest_hour` is 17")


def test_graduated_hints_point_to_the_next_one() -> None:
    q = _question()
    first = q.hint_feedback()
    assert first.heading == "Hint 1 of 3 (Task 3, busiest hour)"
    assert first.message == "The idea.\n\nStill stuck? Run `ex.q3.hint(2)`."
    assert q.hint_feedback(3).message == "Nearly the code."
    assert "`ex.q3.solution()`" in q.hint_feedback(4).message
    assert "`ex.q3.solution()`" in q.hint_feedback(0).message


def test_solution_shows_code() -> None:
    fb = _question().solution_feedback()
    assert fb.status is Status.SOLUTION
    assert fb.code == "busiest_hour = by_hour.idxmax()"


def test_exception_while_checking_is_friendly() -> None:
    class Weird:
        def __eq__(self, other):
            raise RuntimeError("cannot compare")

    q = ValueQuestion(
        number=1, title="t", variable="x", expected=lambda: ("gold", "silver"), what="two tiers"
    )
    fb = q.assess(Weird())
    assert fb.status is Status.ERROR
    assert "`x` could not be checked: looking at it raised RuntimeError (cannot compare)" in (
        fb.message
    )
    assert "Traceback" not in str(fb)


def _spend_question() -> FunctionQuestion:
    spend = {"M1": 12.5, "M2": 0.0}
    return FunctionQuestion(
        number=4,
        title="a member's spend",
        variable="member_spend",
        expected=lambda: [((k,), v) for k, v in spend.items()],
        what="the member's total spend in yuan",
        arg_words="one input, a member id",
        atol=0.006,
    )


def test_function_question_paths() -> None:
    q = _spend_question()

    def starter(customer_id):
        return ____

    def right(customer_id):
        return {"M1": 12.5}.get(customer_id, 0)

    def no_return(customer_id):
        _ = customer_id

    def two_args(customer_id, day):
        return 0.0

    def crashes(customer_id):
        table = {"M1": 12.5}
        return table[customer_id]

    assert q.assess(starter).status is Status.NOT_ATTEMPTED
    assert q.assess(right).status is Status.CORRECT
    assert "returned nothing (None)" in q.assess(no_return).message
    assert q.assess(two_args).message == (
        "`member_spend` should take one input, a member id; check its `def` line."
    )
    assert "should be a function" in q.assess(12.5).message
    crash = q.assess(crashes)
    assert crash.status is Status.ERROR
    assert crash.message.startswith("Calling `member_spend('M2')` raised KeyError ('M2')")
    assert "on the line `return table[customer_id]`" in crash.message


def test_reflection_asks_for_real_text_then_shows_model_answer() -> None:
    q = ReflectionQuestion(
        number=7,
        title="what next",
        variable="my_answer",
        model_answer="Open the second till at five.",
        rubric=["Uses a number.", "Names an action."],
        min_words=5,
    )
    assert q.assess(____).status is Status.NOT_ATTEMPTED
    assert "should be your answer written as text in quotes" in q.assess(42).message
    short = q.assess("more tills")
    assert short.status is Status.INCORRECT and "has 2 words. Write at least 5" in short.message
    fb = q.assess("We should open the second till before the 18:00 evening rush.")
    assert fb.status is Status.REFLECTION
    assert "Open the second till at five." in fb.message
    assert "- Names an action." in fb.message
