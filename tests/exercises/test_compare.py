"""The comparison narrows from type to shape to labels to columns to values."""

from __future__ import annotations

import numpy as np
import pandas as pd

from storecrm.exercises.compare import compare_table, compare_value


def _value(answer, expected=18, **kw):
    kw.setdefault("name", "busiest_hour")
    kw.setdefault("what", "the hour with most receipts")
    return compare_value(answer, expected, **kw)


def test_numbers_right_including_numpy_types() -> None:
    assert _value(18) is None
    assert _value(np.int64(18)) is None
    assert _value(18.0) is None
    assert _value(np.array([18])) is None


def test_numbers_wrong_type_and_direction_never_reveal_the_answer() -> None:
    assert "should be a number" in _value("18").message
    assert "text ('18')" in _value("18").message
    assert "should be a number" in _value(True).message
    one = _value(pd.Series([18], index=[0]))
    assert one.stage == "type" and "`.item()`" in one.message
    many = _value(pd.Series([1, 2]))
    assert "Series with 2 values" in many.message
    high = _value(19)
    assert high.message == (
        "`busiest_hour` is 19, which is too high for the hour with most receipts."
    )
    assert "18" not in high.message
    assert "too low" in _value(17).message
    assert "NaN" in _value(float("nan")).message


def test_float_tolerance() -> None:
    assert _value(35.2049, 35.20, atol=0.006) is None
    assert _value(35.21, 35.20, atol=0.006) is not None
    assert _value(0.1 + 0.2, 0.3) is None


def test_text_and_bool() -> None:
    assert _value(" Gold ", "gold") is None
    assert "not the hour" in _value("silver", "gold").message
    assert _value(True, True) is None
    assert "True or False" in _value(1, True).message


def _series():
    return pd.Series([5, 3, 1], index=pd.Index(["in_store", "app", "referral"], name="ch"))


def _table(answer, expected=None, **kw):
    kw.setdefault("name", "signups")
    kw.setdefault("what", "members per channel")
    kw.setdefault("row_word", "sign-up channel")
    return compare_table(answer, _series() if expected is None else expected, **kw)


def test_series_right_in_any_order_unless_order_matters() -> None:
    assert _table(_series()) is None
    shuffled = _series().sort_index()
    assert _table(shuffled) is None
    problem = _table(shuffled, check_order=True, order_words="largest first")
    assert problem.stage == "order"
    assert problem.message.endswith("sort it largest first.")


def test_series_narrowing_messages() -> None:
    # A one-column table is the same answer as a Series, in another legitimate form.
    assert _table(_series().to_frame("count")) is None
    assert _table(_series().to_frame("count") + 1).message.startswith("In `signups`, the value")
    assert "but it is a list with 3 items" in _table([5, 3, 1]).message
    assert (
        "has too few rows: there should be one per sign-up channel"
        in _table(_series().iloc[:2]).message
    )
    reset = _series().reset_index(drop=True)
    assert "numbered 0, 1, 2" in _table(reset).message
    renamed = _series().rename(index={"referral": "friend"})
    assert _table(renamed).message == "`signups` has no row for the sign-up channel 'referral'."
    wrong = _series().copy()
    wrong["app"] = 4
    assert _table(wrong).message == (
        "In `signups`, the value for 'app' is too high (members per channel)."
    )
    texty = _series().astype(str)
    assert "should be numbers" in _table(texty).message


def test_dataframe_narrowing_messages() -> None:
    want = pd.DataFrame({"members": [5, 3], "share": [0.625, 0.375]}, index=["a", "b"])
    assert _table(want.copy(), want) is None
    assert "has no column `share`" in _table(want[["members"]], want).message
    extra = want.assign(note="x")
    assert "extra column `note`" in _table(extra, want).message
    assert _table(extra, want, allow_extra_columns=True) is None
    off = want.copy()
    off.loc["b", "share"] = 0.4
    assert _table(off, want).message == (
        "In column `share` of `signups`, the value for 'b' is too high (members per channel)."
    )
    assert "should be a table (DataFrame) with the columns" in _table(want["share"], want).message


def test_a_series_is_a_right_one_column_table() -> None:
    table = _series().to_frame("members")
    assert _table(_series().rename("members"), expected=table) is None
    assert _table(_series(), expected=table) is None  # the column name comes from the task
    off = _table(_series() + 1, expected=table)
    assert off.message.startswith("In column `members` of `signups`, the value")


def test_zero_rows_are_accepted_only_where_allowed_and_only_as_zero() -> None:
    expected = pd.Series([5, 3], index=[8, 9])
    full = expected.reindex(range(7, 11), fill_value=0)
    assert _table(full, expected=expected, zero_rows=range(24)) is None
    assert "too many rows" in _table(full, expected=expected).message
    not_zero = full.copy()
    not_zero[10] = 1
    assert "too many rows" in _table(not_zero, expected=expected, zero_rows=range(24)).message
    assert "too many rows" in _table(full, expected=expected, zero_rows=[7]).message
