"""The workflow every question shares: not attempted, hints, solution, check(), errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from storecrm.exercises import (
    ChartQuestion,
    FunctionQuestion,
    Misconception,
    ReflectionQuestion,
    Status,
    ValueQuestion,
    ____,
)
from storecrm.exercises.compare import SHARE_TOLERANCE
from storecrm.exercises.questions.reflection import words_in


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


# -- the course's own faults are never blamed on the learner (issue 13.2) ---------------


def _broken_data():
    raise KeyError("net_cny")


@pytest.mark.parametrize(
    ("expected", "reason"),
    [
        (_broken_data, "working out the right answer raised KeyError ('net_cny')"),
        (lambda: float("nan"), "came out as NaN"),
        (lambda: pd.Series(dtype=float), "the right answer has no rows"),
    ],
    ids=["raises", "nan", "empty"],
)
def test_a_broken_expected_answer_says_the_exercise_is_broken(expected, reason) -> None:
    q = _question(expected=expected, exercise="Exercise 1, first look at a day of receipts")
    for answer in (18, 17, None, "eighteen"):
        fb = q.assess(answer)
        assert fb.status is Status.BROKEN, str(fb)
        assert str(fb).startswith("Problem in the exercise (Task 3, busiest hour): ")
        assert reason in fb.message
        assert "a fault in the exercise, not in your answer" in fb.message
        assert "Please tell your trainer, or open an issue" in fb.message
        assert '"Exercise 1, first look at a day of receipts, task 3 (busiest hour)' in fb.message
        assert "Not quite" not in str(fb) and "too" not in fb.message
    # The blank still says "not attempted": the learner has nothing to report yet.
    assert q.assess(____).status is Status.NOT_ATTEMPTED


def test_a_broken_function_question_and_model_answer_are_the_course_fault() -> None:
    f = _spend_question()
    f._expected_fn = _broken_data
    assert f.assess(lambda customer_id: 0.0).status is Status.BROKEN
    r = ReflectionQuestion(
        number=7, title="what next", variable="my_answer", model_answer=_broken_data, rubric=[]
    )
    fb = r.assess("We open a second till at 18:00 because the queue is longest then, says data.")
    assert fb.status is Status.BROKEN and "writing the model answer raised KeyError" in fb.message
    assert r.solution_feedback().status is Status.BROKEN


def test_the_broken_answer_is_retried_once_the_data_is_back() -> None:
    calls = iter([KeyError("gone"), 18])

    def flaky():
        value = next(calls)
        if isinstance(value, Exception):
            raise value
        return value

    q = _question(expected=flaky)
    assert q.assess(18).status is Status.BROKEN
    assert q.assess(18).status is Status.CORRECT


def test_every_exercise_question_knows_its_exercise() -> None:
    from storecrm.exercises import ex01

    assert ex01.q3.where == f"{ex01.EXERCISE}, task 3 (busiest hour)"


# -- hints, progress, percent/fraction, small shares, reflections -------------------------


@pytest.mark.parametrize("bad", [True, 1.0, "2", None])
def test_hint_rejects_what_is_not_a_hint_number(bad) -> None:
    fb = _question().hint_feedback(bad)
    assert fb.heading == "Which hint? (Task 3, busiest hour)"
    assert "takes the number of a hint, a whole number from 1 to 3, for example " in fb.message
    assert f"{bad!r} is not one" in fb.message
    assert "True of" not in str(fb)


def test_hint_accepts_a_numpy_integer() -> None:
    assert _question().hint_feedback(np.int64(2)).heading == "Hint 2 of 3 (Task 3, busiest hour)"


def test_progress_lists_each_task_from_the_checks_run() -> None:
    from storecrm.exercises.progress import progress_feedback

    done, wrong, unchecked = _question(number=1), _question(number=2), _question(number=3)
    done.last_status, wrong.last_status = Status.CORRECT, Status.INCORRECT
    fb = progress_feedback([unchecked, wrong, done], exercise="Exercise 9")
    assert fb.heading == "Your progress (Exercise 9)"
    assert fb.message.splitlines() == [
        "1 of 3 tasks done. Next: task 2; run its cell and then `ex.q2.check()`.",
        "",
        "✓ Task 1, busiest hour: done",
        "✗ Task 2, busiest hour: not right yet",
        "· Task 3, busiest hour: not checked yet",
    ]
    wrong.last_status = unchecked.last_status = Status.REFLECTION
    assert progress_feedback([done, wrong, unchecked]).message.startswith("All 3 tasks done.")


def test_check_records_the_verdict_for_progress(capsys) -> None:
    q = _question()
    assert q.last_status is None
    globals()["busiest_hour"] = 18
    try:
        q.check()
    finally:
        del globals()["busiest_hour"]
    capsys.readouterr()
    assert q.last_status is Status.CORRECT


def test_fraction_where_a_percent_is_asked_says_so() -> None:
    q = _question(
        expected=lambda: 30.84,
        what="the share as a percent",
        atol=0.01,
        misconceptions=[Misconception.fraction_not_percent()],
    )
    assert "looks like a fraction; give a percent 0–100" in q.assess(0.3084).message
    assert q.assess(30.84).status is Status.CORRECT


def test_a_small_share_is_held_to_a_relative_tolerance() -> None:
    q = _question(expected=lambda: 0.0025, what="the diamond share", **SHARE_TOLERANCE)
    assert q.assess(0.0025 * 1.19).status is Status.INCORRECT
    assert q.assess(0.0025 * 0.9).status is Status.INCORRECT
    assert q.assess(0.0025 * (1 + 1e-12)).status is Status.CORRECT
    assert q.assess(0.30840000001).status is Status.INCORRECT  # not the right share at all


def test_reflection_counts_chinese_characters_and_distinct_words() -> None:
    q = ReflectionQuestion(
        number=7, title="t", variable="my_answer", model_answer="M.", rubric=["R."]
    )
    assert q.assess("晚上六点最忙，应该多开一台收银机。").status is Status.REFLECTION
    assert "has 4 words" in q.assess("多开收银").message
    assert "repeats" in q.assess("asdf " * 12).message
    assert "no number" in q.assess("晚上最忙，应该多开收银机，也请顾客加入会员。").message
    assert words_in("会员 share 31%") == ["会", "员", "share", "31%"]


# -- chart questions on line charts with text or date x values --------------------------


def _line_question(expected, kind="line") -> ChartQuestion:
    return ChartQuestion(
        number=2, title="trend", variable="chart", expected=lambda: expected,
        what="sales per day", chart_kind=kind,
    )  # fmt: skip


@pytest.mark.parametrize(
    "index",
    [
        pd.Index(["Mon", "Tue", "Wed"]),
        pd.date_range("2025-06-01", periods=3, freq="D"),
        pd.to_datetime(["2025-06-01", "2025-06-03", "2025-06-10"]),
    ],
    ids=["text", "daily_dates", "uneven_dates"],
)
def test_a_line_chart_with_text_or_date_x_values_is_read(index) -> None:
    import matplotlib.pyplot as plt

    series = pd.Series([3.0, 5.0, 4.0], index=index)
    try:
        for ax in (series.plot(), plt.subplots()[1]):
            if not ax.lines:
                ax.plot(series.index, series.to_numpy())
            ax.set(xlabel="Day", ylabel="Sales (yuan)", title="Sales rise midweek")
            assert _line_question(series).assess(ax).status is Status.CORRECT
            assert _line_question(series, kind=None).assess(ax).status is Status.CORRECT
            wrong = _line_question(series.iloc[::-1].set_axis(series.index))
            assert wrong.assess(ax).status is Status.INCORRECT
            bars = _line_question(series, kind="bar").assess(ax)
            assert "asks for a bar chart" in bars.message
            plt.close("all")
    finally:
        plt.close("all")
