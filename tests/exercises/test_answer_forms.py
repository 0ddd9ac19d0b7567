"""Every question against every form a learner gives, right and wrong (issue 13.3).

A hostile learner found checks that said "Correct" to wrong answers (bars shifted one hour,
reversed tick labels, a small share 19 % off) and "Not quite" to right ones (all 24 hours,
a one-column table). This matrix runs each question of each exercise against: not
assigned, ``None``, an empty table, the wrong type, an answer off by a little, and the
right answer in its other legitimate forms (another row order, int for float, a one-column
table for a Series, numpy numbers, ...). Right answers come from running the model
solutions, never from numbers typed here: on the hand-made data for the exercises in
``BUILDERS``, and for every other exercise by running its solution notebook's code on the
committed data (the questions a learner meets, in the state the notebook leaves them).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pandas as pd
import pytest

from storecrm.exercises import Status, first_look, members, points
from storecrm.exercises.testing import assert_says

REPO = Path(__file__).resolve().parents[2]
BUILDERS = {"ex01": first_look.build, "ex02": members.build, "ex03": points.build}
#: Exercises checked on the committed data: every solution notebook not in BUILDERS.
ON_REAL_DATA = {
    p.name[:4]: p
    for p in sorted((REPO / "exercises" / "solutions").glob("ex*.ipynb"))
    if p.name[:4] not in BUILDERS
}
TABLES = {
    "ex01": ["receipts"],
    "ex02": ["receipts", "customers"],
    "ex03": ["points_ledger", "tier_changes"],
}
#: The kind of every question (a test below keeps this list true to the exercises).
KINDS = {
    ("ex01", "q1"): "table",
    ("ex01", "q2"): "table",
    ("ex01", "q3"): "value",
    ("ex01", "q4"): "value",
    ("ex01", "q5"): "share",
    ("ex01", "q6"): "chart",
    ("ex01", "q7"): "reflection",
    ("ex02", "q1"): "table",
    ("ex02", "q2"): "share_table",
    ("ex02", "q3"): "share",
    ("ex02", "q4"): "function",
    ("ex02", "q5"): "table",
    ("ex02", "q6"): "reflection",
    ("ex03", "q1"): "value",
    ("ex03", "q2"): "value",
    ("ex03", "q3"): "table",
    ("ex03", "q4"): "share",
    ("ex03", "q5"): "function",
    ("ex03", "q6"): "table",
    ("ex03", "q7"): "reflection",
    ("ex04", "q1"): "table",
    ("ex04", "q2"): "value",
    ("ex04", "q3"): "function",
    ("ex04", "q4"): "table",
    ("ex04", "q5"): "table",
    ("ex04", "q6"): "choice",
    ("ex04", "q7"): "reflection",
    ("ex05", "q1"): "table",
    ("ex05", "q2"): "share",
    ("ex05", "q3"): "share_table",
    ("ex05", "q4"): "value",
    ("ex05", "q5"): "table",
    ("ex05", "q6"): "value",
    ("ex05", "q7"): "choice",
    ("ex05", "q8"): "reflection",
    ("ex06", "q1"): "share_table",
    ("ex06", "q2"): "share",
    ("ex06", "q3"): "value",
    ("ex06", "q4"): "value",
    ("ex06", "q5"): "value",
    ("ex06", "q6"): "choice",
    ("ex06", "q7"): "reflection",
    ("ex07", "q1"): "share_table",
    ("ex07", "q2"): "value",
    ("ex07", "q3"): "table",
    ("ex07", "q4"): "value",
    ("ex07", "q5"): "share",
    ("ex07", "q6"): "choice",
    ("ex07", "q7"): "reflection",
    ("ex08", "q1"): "table",
    ("ex08", "q2"): "table",
    ("ex08", "q3"): "table",
    ("ex08", "q4"): "share_table",
    ("ex08", "q5"): "table",
    ("ex08", "q6"): "choice",
    ("ex08", "q7"): "reflection",
    ("ex09", "q1"): "value",
    ("ex09", "q2"): "share",
    ("ex09", "q3"): "share",
    ("ex09", "q4"): "value",
    ("ex09", "q5"): "table",
    ("ex09", "q6"): "value",
    ("ex09", "q7"): "choice",
    ("ex09", "q8"): "reflection",
    ("ex10", "q1"): "table",
    ("ex10", "q2"): "table",
    ("ex10", "q3"): "share",
    ("ex10", "q4"): "table",
    ("ex10", "q5"): "value",
    ("ex10", "q6"): "value",
    ("ex10", "q7"): "choice",
    ("ex10", "q8"): "reflection",
    ("ex11", "q1"): "table",
    ("ex11", "q2"): "table",
    ("ex11", "q3"): "share_table",
    ("ex11", "q4"): "share_table",
    ("ex11", "q5"): "chart",
    ("ex11", "q6"): "value",
    ("ex11", "q7"): "choice",
    ("ex11", "q8"): "reflection",
}
PERCENT = "looks like a percent; give a fraction 0–1"
R, W = Status.CORRECT, Status.INCORRECT

Form = Callable[[Any], Any]  # right answer -> the learner's answer


def _nudge(value: Any) -> Any:
    """A little off: one more for whole numbers, 1 % more otherwise."""
    if isinstance(value, int | np.integer) or float(value).is_integer():
        return value + 1
    return value * 1.01


def _nudge_table(table: pd.Series | pd.DataFrame) -> Any:
    if isinstance(table, pd.DataFrame):
        return table.iloc[1:]  # one receipt missing
    if not pd.api.types.is_numeric_dtype(table):  # text, e.g. masked phones: one digit off
        off = table.copy()
        off.iloc[0] = str(off.iloc[0])[:-1] + ("1" if str(off.iloc[0]).endswith("0") else "0")
        return off
    off = table.astype(float).copy()
    off.iloc[0] = _nudge(off.iloc[0])
    return off


_COMMON: dict[str, tuple[Form, Status, str]] = {
    "none": (lambda r: None, W, "None (nothing)"),
    "wrong_type_text": (lambda r: "eighteen", W, "but it is text"),
}
VALUE_FORMS: dict[str, tuple[Form, Status, str]] = {
    **_COMMON,
    "empty_table": (lambda r: pd.Series(dtype=float), W, "a pandas Series with 0 values"),
    "off_a_little": (_nudge, W, "which is too"),
    "numpy_scalar": (lambda r: np.array([r]).ravel()[0], R, ""),
    "one_element_array": (lambda r: np.array([r]), R, ""),
    "int_and_float_swapped": (
        lambda r: float(r) if isinstance(r, int | np.integer) else r,
        R,
        "",
    ),
}
SHARE_FORMS: dict[str, tuple[Form, Status, str]] = {
    **VALUE_FORMS,
    "percent": (lambda r: r * 100, W, PERCENT),
    "rounded_percent": (lambda r: round(r * 100, 1), W, PERCENT),
    "rounded_fraction": (lambda r: round(r, 2), W, "rounded"),
    "one_fifth_too_high": (lambda r: r * 1.19, W, "too high"),
}
TABLE_FORMS: dict[str, tuple[Form, Status, str]] = {
    **_COMMON,
    "empty_table": (lambda r: r.iloc[:0], W, "too few rows"),
    "wrong_type_list": (lambda r: list(np.ravel(r.to_numpy())), W, "but it is a list"),
    "off_a_little": (_nudge_table, W, ""),
    "reversed_rows": (lambda r: r.iloc[::-1], R, ""),
    "other_form": (
        lambda r: r.to_frame() if isinstance(r, pd.Series) else r.copy(),
        R,
        "",
    ),
}
SHARE_TABLE_FORMS: dict[str, tuple[Form, Status, str]] = {
    **TABLE_FORMS,
    "percent": (lambda r: r * 100, W, PERCENT),
    # The smallest share above 0: a share of 0 (a channel never on time) stays 0 when scaled.
    "smallest_share_19_percent_high": (
        lambda r: r.where(r != r[r > 0].min(), r[r > 0].min() * 1.19),
        W,
        "too high",
    ),
}
FUNCTION_FORMS: dict[str, tuple[Form, Status, str]] = {
    **_COMMON,
    "empty_table": (lambda f: pd.Series(dtype=float), W, "should be a function"),
    "returns_empty_table": (lambda f: lambda *a: pd.Series(dtype=float), W, ""),
    "returns_none": (lambda f: lambda *a: None, W, "returned nothing (None)"),
    "off_a_little": (lambda f: lambda *a: f(*a) + 1, W, "too high"),
    "returns_numpy_number": (lambda f: lambda *a: np.float64(f(*a)), R, ""),
    "returns_int_when_whole": (
        lambda f: lambda *a: int(f(*a)) if float(f(*a)).is_integer() else f(*a),
        R,
        "",
    ),
}
REFLECTION_FORMS: dict[str, tuple[Form, Status, str]] = {
    **_COMMON,
    "wrong_type_text": (lambda r: 0.41, W, "should be your answer written as text"),
    "empty_table": (lambda r: pd.DataFrame(), W, "text in quotes"),
    "asdf_twelve_times": (lambda r: " ".join(["asdf"] * 12), W, "repeats the same few words"),
    "too_short": (lambda r: "Open a till at 18:00.", W, "Write at least"),
    "no_number": (
        lambda r: (
            "We should open the second till earlier and ask every walk-in shopper "
            "whether they would like to join our membership programme."
        ),
        W,
        "no number",
    ),
    "english_answer": (
        lambda r: (
            "About 40% of receipts came from members, so in the quiet hours after "
            "14:00 we ask each walk-in shopper whether they would like to join."
        ),
        Status.REFLECTION,
        "Compare yours with this model answer",
    ),
    "chinese_answer": (
        lambda r: (
            "会员占收银小票的百分之四十。下午两点以后比较空闲，我们可以请每位非会员顾客"
            "加入会员，高峰前多开一台收银机。"
        ),
        Status.REFLECTION,
        "Compare yours with this model answer",
    ),
}
CHOICE_FORMS: dict[str, tuple[Form, Status, str]] = {
    **_COMMON,
    "wrong_type_text": (lambda r: 2, W, "Write the letter of one option in quotes"),
    "empty_table": (lambda r: pd.Series(dtype=object), W, "Write the letter"),
    "unknown_letter": (lambda r: "z", W, "not one of the options"),
    "another_option": (lambda r: "a" if r != "a" else "b", W, "not what these numbers support"),
    "capital_letter": (lambda r: r.upper(), R, ""),
    "in_brackets": (lambda r: f"({r})", R, ""),
}
FORMS = {
    "value": VALUE_FORMS,
    "choice": CHOICE_FORMS,
    "share": SHARE_FORMS,
    "table": TABLE_FORMS,
    "share_table": SHARE_TABLE_FORMS,
    "function": FUNCTION_FORMS,
    "reflection": REFLECTION_FORMS,
}


@pytest.fixture(scope="module")
def solved(toy) -> dict[str, tuple[dict, dict]]:
    """Per exercise: its questions and the namespace after running every model solution."""
    out = {}
    try:
        for exercise, build in BUILDERS.items():
            questions = build(toy)
            ns: dict[str, Any] = {"pd": pd, **{t: getattr(toy, t) for t in TABLES[exercise]}}
            for question in questions.values():
                if question.kind != "reflection":
                    exec(question.solution_code, ns)
            out[exercise] = (questions, ns)
        for exercise, notebook in ON_REAL_DATA.items():
            out[exercise] = _run_solution_notebook(exercise, notebook)
    finally:
        plt.close("all")
    return out


def _run_solution_notebook(exercise: str, notebook: Path) -> tuple[dict, dict]:
    """The exercise's questions and the namespace its solution notebook's code leaves."""
    module = importlib.import_module(f"storecrm.exercises.{exercise}")
    ns: dict[str, Any] = {"__name__": "__main__"}
    for cell in nbformat.read(notebook, as_version=4).cells:
        code = cell.source if cell.cell_type == "code" else ""
        if code.strip() and not code.lstrip().startswith(("%", "!")):
            exec(compile(code, f"{notebook.name}", "exec"), ns)
    questions = {name: getattr(module, name) for name in module.__all__ if name[1:].isdigit()}
    return questions, ns


def test_the_kind_list_matches_the_exercises(solved) -> None:
    found = {(ex, key): q.kind for ex, (qs, _) in solved.items() for key, q in qs.items()}
    assert set(found) == set(KINDS)
    for place, kind in KINDS.items():
        assert found[place] == kind.removeprefix("share_").replace("share", "value"), place


@pytest.mark.parametrize(("exercise", "key"), sorted(KINDS))
def test_not_assigned_is_not_attempted(solved, exercise, key) -> None:
    question = solved[exercise][0][key]
    assert_says(question.assess(namespace={}), Status.NOT_ATTEMPTED, f"`{question.variable}`")


_CASES = [
    (exercise, key, form)
    for (exercise, key), kind in sorted(KINDS.items())
    if kind in FORMS
    for form in FORMS[kind]
]


@pytest.mark.parametrize(("exercise", "key", "form"), _CASES)
def test_answer_forms(solved, exercise, key, form) -> None:
    questions, ns = solved[exercise]
    question = questions[key]
    make, status, fragment = FORMS[KINDS[(exercise, key)]][form]
    right = ns.get(question.variable)
    answer = make(right)
    feedback = question.assess(answer)
    assert_says(feedback, status, fragment)
    if status is W:
        assert "Traceback" not in str(feedback)


# -- charts: what the task asks (kind, which bars, where they stand, heights) -----------


def _labelled(ax):
    ax.set(xlabel="Hour of the day", ylabel="Receipts", title="Receipts peak in the evening")
    return ax


def _shifted(by_hour):
    return _labelled(pd.Series(by_hour.to_numpy(), index=by_hour.index + 1).plot.bar())


def _reversed_ticks(by_hour):
    ax = by_hour.plot.bar()
    ax.set_xticks(range(len(by_hour)), [str(h) for h in by_hour.index[::-1]])
    return _labelled(ax)


def _at_positions(by_hour):
    ax = plt.subplots()[1]
    ax.bar(range(len(by_hour)), by_hour.to_numpy())
    return _labelled(ax)


def _span_only(by_hour):
    ax = plt.subplots()[1]
    ax.axvspan(by_hour.idxmax(), by_hour.idxmax() + 1, alpha=0.3)
    return _labelled(ax)


def _matplotlib_bar(by_hour):
    ax = plt.subplots()[1]
    ax.bar(by_hour.index, by_hour.to_numpy())
    return _labelled(ax)


def _bar_container(by_hour):
    container = plt.bar(by_hour.index, by_hour.to_numpy())
    _labelled(plt.gca())
    return container


def _one_bar_higher(by_hour):
    off = by_hour.copy()
    off.iloc[0] += 1
    return _labelled(off.plot.bar())


def _with_span(by_hour):
    ax = by_hour.plot.bar()
    ax.axvspan(0, 2, color="grey", alpha=0.2)  # shading the rush is fine
    return _labelled(ax)


CHART_FORMS: dict[str, tuple[Callable[[pd.Series], Any], Status, str]] = {
    "none": (lambda s: None, W, "None (nothing)"),
    "the_series_itself": (lambda s: s, W, "should be a chart"),
    "empty_table": (lambda s: s.iloc[:0], W, "should be a chart"),
    "empty_figure": (lambda s: plt.figure(), W, "has no chart in it"),
    "empty_axes": (lambda s: _labelled(plt.subplots()[1]), W, "has no bars on it yet"),
    "shaded_span_only": (_span_only, W, "has no bars on it yet"),
    "line_not_bars": (lambda s: _labelled(s.plot()), W, "asks for a bar chart"),
    "shifted_one_hour": (_shifted, W, "which is not a hour"),
    "reversed_tick_labels": (_reversed_ticks, W, "not in hour order"),
    "bars_at_0_to_n": (_at_positions, W, "on the axis, which is not a hour"),
    "one_bar_too_high": (_one_bar_higher, W, "heights in the chart"),
    "pandas_bar": (lambda s: _labelled(s.plot.bar()), R, ""),
    "matplotlib_bar_at_the_hours": (_matplotlib_bar, R, ""),
    "the_figure": (lambda s: _labelled(s.plot.bar()).figure, R, ""),
    "what_plt_bar_returns": (_bar_container, R, ""),
    "all_24_hours": (
        lambda s: _labelled(s.reindex(range(24), fill_value=0).plot.bar()),
        R,
        "",
    ),
    "bars_with_a_shaded_span": (_with_span, R, ""),
}


@pytest.mark.parametrize("form", sorted(CHART_FORMS))
def test_chart_forms(solved, form) -> None:
    questions, ns = solved["ex01"]
    make, status, fragment = CHART_FORMS[form]
    try:
        assert_says(questions["q6"].assess(make(ns["by_hour"].sort_index())), status, fragment)
    finally:
        plt.close("all")


def test_all_24_hours_is_a_right_by_hour_but_an_hour_24_is_not(solved) -> None:
    questions, ns = solved["ex01"]
    by_hour = ns["by_hour"]
    assert_says(questions["q2"].assess(by_hour.reindex(range(24), fill_value=0)), R)
    assert_says(questions["q2"].assess(by_hour.reindex(range(25), fill_value=0)), W, "many")
    months = solved["ex03"][1]["upgrades"].reindex(range(1, 13), fill_value=0)
    assert_says(solved["ex03"][0]["q6"].assess(months), R)
