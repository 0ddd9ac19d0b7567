"""The fast CSV writer gives exactly the bytes of the pandas reference writer.

Every test writes a frame twice, with :func:`write_csv` and with the pandas reference
:func:`write_csv_pandas`, and compares the files byte for byte. Where the fast path is
expected to do the work, the test also checks it did (rather than quietly handing the
frame to pandas, which would make the comparison pass for the wrong reason).
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest

from storecrm.data import generate, write
from storecrm.data.csvfast import _money_field, write_csv, write_csv_pandas
from storecrm.data.schema import DATE_FORMAT, TABLES

CHUNKS = [1, 2, 3, 1000]


def _compare(frame, tmp_path, *, fast=True, chunk_rows=1000, column_formats=None):
    """Write ``frame`` both ways; assert equal bytes and which path wrote it; return them."""
    kwargs = {"column_formats": column_formats}
    used_fast = write_csv(frame, tmp_path / "fast.csv", chunk_rows=chunk_rows, **kwargs)
    write_csv_pandas(frame, tmp_path / "ref.csv", **kwargs)
    got, want = (tmp_path / "fast.csv").read_bytes(), (tmp_path / "ref.csv").read_bytes()
    assert got == want
    assert used_fast is fast
    return got


MONEY = [0.0, -0.0, -12.5, 1e6, np.nan, 1234.56, 0.1, 0.29, -0.07, 99999.99, 3.0]


@pytest.mark.parametrize("chunk_rows", CHUNKS)
def test_money_whole_cents(tmp_path, chunk_rows):
    frame = pd.DataFrame({"id": [f"x{i}" for i in range(len(MONEY))], "cny": MONEY})
    text = _compare(frame, tmp_path, chunk_rows=chunk_rows)
    assert b"\nx1,-0.00\n" in text  # -0.0 keeps its sign, as "%.2f" writes it
    assert b"\nx4,\n" in text  # NaN is an empty field


@pytest.mark.parametrize("chunk_rows", CHUNKS)
def test_money_not_whole_cents_rounds_like_percent_format(tmp_path, chunk_rows):
    # 2.675 is stored as 2.67499..., so "%.2f" gives 2.67, not the 2.68 that integer
    # cents would give; 0.005 gives 0.01. Both sit between exact values so that some
    # chunks take the fast path and some the per-value one.
    values = [1.25, 2.675, -2.675, 0.005, np.nan, 0.125, 1e-9, -1e-9, np.inf, 7.1, 1e15]
    frame = pd.DataFrame({"n": range(len(values)), "cny": values})
    text = _compare(frame, tmp_path, chunk_rows=chunk_rows)
    assert b"\n1,2.67\n" in text
    assert b"\n3,0.01\n" in text


def test_money_fast_path_matches_percent_format_on_many_values():
    rng = np.random.default_rng(7)
    cents = np.concatenate(
        [
            rng.integers(-(10**6), 10**6, 20_000),
            rng.integers(-(10**13), 10**13, 20_000),  # up to 100 billion yuan
            np.arange(-300, 301),
        ]
    )
    values = cents / 100
    field = _money_field(values)
    got = [bytes(row[row != 0]).decode() for row in field]
    assert got == ["%.2f" % v for v in values]  # noqa: UP031 (what pandas calls)


def test_money_values_that_are_not_cents_match_too():
    rng = np.random.default_rng(8)
    values = np.concatenate([rng.uniform(-1000, 1000, 5_000), np.arange(0, 10, 0.005)])
    field = _money_field(values)
    got = [bytes(row[row != 0]).decode() for row in field]
    assert got == ["%.2f" % v for v in values]  # noqa: UP031 (what pandas calls)


@pytest.mark.parametrize("chunk_rows", CHUNKS)
def test_integers_bools_and_nullable_integers(tmp_path, chunk_rows):
    frame = pd.DataFrame(
        {
            "i64": np.array([0, -1, 7, 2**62, -(2**62), 10, 99, -100], dtype=np.int64),
            "i32": np.array([0, 1, -2, 2**31 - 1, -(2**31), 5, 6, 7], dtype=np.int32),
            "u8": np.array([0, 1, 2, 255, 9, 10, 11, 12], dtype=np.uint8),
            "nullable": pd.array([1, None, -3, 40, None, 0, 2**40, None], dtype="Int64"),
            "flag": [True, False, True, True, False, False, True, False],
        }
    )
    _compare(frame, tmp_path, chunk_rows=chunk_rows)


def test_smallest_int64_goes_to_pandas_and_still_matches(tmp_path):
    frame = pd.DataFrame({"a": np.array([1, np.iinfo(np.int64).min]), "b": ["x", "y"]})
    _compare(frame, tmp_path, fast=False)


@pytest.mark.parametrize("chunk_rows", CHUNKS)
def test_categories(tmp_path, chunk_rows):
    tier = pd.Categorical(
        ["gold", None, "standard", "diamond", None, "silver"],
        categories=["standard", "silver", "gold", "diamond"],
        ordered=True,
    )
    odd = pd.Categorical(["a,b", 'say "hi"', "枫街", None, "line\nbreak", "a,b"])
    frame = pd.DataFrame({"tier": tier, "odd": odd, "n": range(6)})
    _compare(frame, tmp_path, chunk_rows=chunk_rows)


def test_category_of_numbers_goes_to_pandas(tmp_path):
    frame = pd.DataFrame({"c": pd.Categorical([1.5, 2.0, None]), "n": [1, 2, 3]})
    _compare(frame, tmp_path, fast=False)


@pytest.mark.parametrize("chunk_rows", CHUNKS)
def test_datetimes_and_dates(tmp_path, chunk_rows):
    stamps = pd.to_datetime(
        [
            "2025-01-01 00:00:00",
            None,
            "2025-12-31 23:59:59",
            "1969-12-31 23:59:59",  # before 1970: floor, not truncation, of negatives
            "1700-02-28 12:00:01",
            "2262-04-11 00:00:00",
            None,
        ]
    )
    frame = pd.DataFrame(
        {
            "at": stamps,
            "on": stamps.normalize(),
            "at_s": stamps.astype("datetime64[s]"),
            "n": range(len(stamps)),
        }
    )
    _compare(frame, tmp_path, chunk_rows=chunk_rows, column_formats={"on": DATE_FORMAT})


def test_all_missing_datetimes(tmp_path):
    frame = pd.DataFrame({"at": pd.to_datetime([None, None]), "n": [1, 2]})
    _compare(frame, tmp_path)


def test_fractional_seconds_and_time_zones_go_to_pandas(tmp_path):
    frac = pd.DataFrame({"at": pd.to_datetime(["2025-01-01 10:00:00.5"]), "n": [1]})
    _compare(frac, tmp_path, fast=False)
    zoned = pd.DataFrame({"at": pd.to_datetime(["2025-01-01 10:00"]).tz_localize("UTC"), "n": [1]})
    _compare(zoned, tmp_path, fast=False)


TEXT = [
    "plain",
    None,
    np.nan,
    "",
    "with, comma",
    'say "hi"',
    "two\nlines",
    "carriage\rreturn",
    '"quoted, already"',
    "枫街便利·火车站店",
    "The queue at the till was too long.",
    " leading space",
]


@pytest.mark.parametrize("chunk_rows", CHUNKS)
def test_text_missing_quoting_and_chinese(tmp_path, chunk_rows):
    frame = pd.DataFrame({"text": pd.Series(TEXT, dtype=object), "n": range(len(TEXT))})
    text = _compare(frame, tmp_path, chunk_rows=chunk_rows)
    assert b'\n"with, comma",4\n' in text
    assert b'\n"say ""hi""",5\n' in text


@pytest.mark.parametrize("chunk_rows", CHUNKS)
def test_text_gets_wider_in_later_chunks(tmp_path, chunk_rows):
    # The writer reuses the previous chunk's width; longer text later must not be cut.
    # ["a", "aaa"] has as many characters as ["aa", "aa"], so only a byte count
    # that compares every field would pass by luck.
    values = ["aa", "aa", "a", "aaa", "b", "bbbbbbbbbb", "", "R0000001", None]
    frame = pd.DataFrame({"id": values, "n": range(len(values))})
    _compare(frame, tmp_path, chunk_rows=chunk_rows)


def test_string_dtype(tmp_path):
    frame = pd.DataFrame({"s": pd.array(["a", None, "b,c", "枫"], dtype="string"), "n": range(4)})
    _compare(frame, tmp_path, chunk_rows=3)


def test_nul_and_non_text_objects_go_to_pandas(tmp_path):
    _compare(pd.DataFrame({"s": ["a\0b", "c"], "n": [1, 2]}), tmp_path, fast=False)
    _compare(pd.DataFrame({"s": ["a", 2.5], "n": [1, 2]}), tmp_path, fast=False)


def test_header_is_quoted_like_pandas(tmp_path):
    frame = pd.DataFrame({"a,b": [1], 'say "x"': [2], "门店": ["S01"]})
    _compare(frame, tmp_path)


def test_empty_and_one_row_frames(tmp_path):
    full = pd.DataFrame(
        {
            "id": ["R1"],
            "at": pd.to_datetime(["2025-03-04 05:06:07"]),
            "cny": [-0.0],
            "kind": pd.Categorical(["earn"]),
            "n": [3],
            "ok": [True],
        }
    )
    _compare(full, tmp_path)
    _compare(full.iloc[:0], tmp_path)


def test_single_column_goes_to_pandas(tmp_path):
    # csv writes a lone empty field as "", which the fast layout cannot express.
    _compare(pd.DataFrame({"s": ["a", None, ""]}), tmp_path, fast=False)


def test_unknown_column_kind_goes_to_pandas(tmp_path):
    frame = pd.DataFrame({"f": pd.array([1.5, None], dtype="Float64"), "n": [1, 2]})
    _compare(frame, tmp_path, fast=False)


def _digests(paths):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def test_store_data_set_matches_pandas_writer(data, tmp_path):
    fast = _digests(write(data, tmp_path / "fast"))
    slow = _digests(write(data, tmp_path / "slow", fast=False))
    assert set(fast) == {t.file for t in TABLES.values()}
    assert fast == slow


@pytest.mark.slow
def test_medium_data_set_matches_pandas_writer(tmp_path):
    medium = generate("medium", seed=2026)
    for name, frame in medium.tables().items():
        table = TABLES[name]
        dates = {c.name: DATE_FORMAT for c in table.columns if c.kind == "date"}
        _compare(frame[table.names], tmp_path, column_formats=dates, chunk_rows=250_000)
