"""Tests for the integer-code helpers in storecrm.analysis.grouping.

Each fast path is checked against the plain pandas call it replaces, on hand-built columns
with runs, ties, values that do not come in runs, missing values and mixed types, because
the helpers promise the very same answer, not a close one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from storecrm.analysis.customer_value import gross_margin_rate
from storecrm.analysis.grouping import (
    day_numbers,
    distinct_per_group,
    factorize_runs,
    lookup_values,
    positions_in,
    rows_of_runs,
    sorted_unique,
)
from storecrm.errors import CourseError

INDEX = pd.Index(["R1", "R2", "R3", np.nan], dtype=object)

LOOKUPS = [
    ["R1", "R1", "R1", "R2", "R9", "R9", "R3", "R1"],  # runs, an unknown id, a value again
    ["R1", np.nan, np.nan, "R3", None, None, "R2"],  # missing values side by side
    ["R3", "R2", "R1", "R2", "R3", "R1"],  # no runs at all
    ["R1"],
    [],
    [1, 1, 1.0, "R1", "R1", True],  # numbers equal to each other, but not to any id
]


@pytest.mark.parametrize("values", LOOKUPS)
def test_positions_in_matches_get_indexer(values: list) -> None:
    column = pd.Series(values, dtype=object)
    expected = INDEX.get_indexer(column)
    np.testing.assert_array_equal(positions_in(INDEX, column), expected)


def test_positions_in_falls_back_for_pandas_na() -> None:
    column = pd.Series(["R1", pd.NA, pd.NA, "R2", "R2"], dtype=object)
    np.testing.assert_array_equal(positions_in(INDEX, column), INDEX.get_indexer(column))


def test_positions_in_numbers() -> None:
    index = pd.Index([10, 20, 30])
    column = pd.Series([10, 10, 10, 30, 30, 40, 20, 20])
    np.testing.assert_array_equal(positions_in(index, column), index.get_indexer(column))


TABLE = ["R1", "R2", "R3", "R4"]


@pytest.mark.parametrize(
    ("lines", "table", "by_comparing"),
    [
        (["R1", "R1", "R2", "R3", "R3", "R3", "R4"], TABLE, True),  # every receipt has lines
        (["R1", "R1", "R3", "R3"], TABLE, True),  # R2 and R4 have no lines
        (["R0", "R1", "R15", "R15", "R4", "R9"], TABLE, True),  # lines of unknown receipts
        (["R1", "R1", "R4"], TABLE, True),
        (["R1"], TABLE, False),  # a single run: nothing to compare, looked up
        (["R1", "R2"], ["R1"], False),  # a table of one receipt: looked up
        (["R1", "R1", "R3", "R2"], TABLE, False),  # out of order
        (["R1", "R2", "R2", "R1"], TABLE, False),  # a receipt's lines split in two
        (["R1", np.nan, "R2"], TABLE, False),  # missing values
        (["R1", None, None], TABLE, False),
        (["R1", pd.NA, "R2"], TABLE, False),
        (["R1", 2, 3], TABLE, False),  # numbers among the texts
        (["R1", "R2"], ["R1", None, "R2"], False),  # a gap in the table
        (["R1", "R2"], ["R2", "R1"], False),  # table not in order
        (["R1", "R2"], ["R1", "R1", "R2"], False),  # a number twice in the table
        ([], TABLE, False),
    ],
)
def test_rows_of_runs_matches_lookup_as_text(lines: list, table: list, by_comparing: bool) -> None:
    values, keys = pd.Series(lines, dtype=object), pd.Series(table, dtype=object)
    found = rows_of_runs(values, keys)
    assert (found is not None) == by_comparing
    if found is not None:
        expected = pd.Index(keys.astype(str)).get_indexer(values.astype(str))
        np.testing.assert_array_equal(np.repeat(*found), expected)
        assert found[1].sum() == len(values)


def test_rows_of_runs_refuses_numbers_and_extension_arrays() -> None:
    assert rows_of_runs(pd.Series([1, 1, 2]), pd.Series([1, 2])) is None
    assert rows_of_runs(pd.Series(["R1", "R2"], dtype="string"), pd.Series(["R1"])) is None
    assert rows_of_runs(pd.Series(["R1"], dtype="category"), pd.Series(["R1"])) is None


@pytest.mark.parametrize(
    "line_receipts",
    [
        ["R1", "R1", "R2", "R3", "R3", "R3"],  # every receipt has lines
        ["R1", "R1", "R3", "R3"],  # R2 and R4 have none
        ["R3", "R1", "R1", "R2"],  # out of order: looked up by number
        ["R1", 2, "R2"],  # a number among the texts: looked up as text
    ],
)
def test_gross_margin_rate_counts_receipts_with_lines_as_isin_does(line_receipts: list) -> None:
    receipts = pd.DataFrame(
        {"receipt_id": ["R1", "R2", "R3", "R4"], "net_cny": [0.1, 0.2, 0.3, 0.7]}
    )
    n = len(line_receipts)
    lines = pd.DataFrame(
        {
            "receipt_id": pd.Series(line_receipts, dtype=object),
            "product_id": ["P1"] * n,
            "quantity": [1] * n,
            "line_total_cny": [1.0] * n,
        }
    )
    products = pd.DataFrame({"product_id": ["P1"], "unit_cost_cny": [0.05]})
    paid = receipts["receipt_id"].isin(lines["receipt_id"].astype(str))
    sales = float(receipts.loc[paid, "net_cny"].sum())
    cogs = float((lines["quantity"] * 0.05).sum())
    expected = (sales - cogs) / sales
    assert gross_margin_rate(lines, products, receipts=receipts) == expected


@pytest.mark.parametrize("big", [False, True])
@pytest.mark.parametrize(
    ("codes", "values", "n_groups"),
    [
        ([0, 1, 0, 0, 2, 1], [5, 5, 5, 7, 5, 6], 3),
        ([2, 2], [-3, -3], 4),  # groups 0, 1 and 3 hold nothing
        ([], [], 2),
        ([0, 0, 1], np.array([1, 2**40, 2**40], dtype=np.int64), 2),  # a wide range
        ([0, 1, 1], [0, 2**62, 0], 2),  # pairs beyond int64: groupby counts them
    ],
)
def test_distinct_per_group_matches_nunique(
    codes: list, values: list, n_groups: int, big: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if big:  # no table of seen pairs: sort them
        monkeypatch.setattr("storecrm.analysis.grouping._SEEN_CELLS", 0)
    codes, values = np.asarray(codes, dtype=np.int64), np.asarray(values, dtype=np.int64)
    expected = pd.Series(values).groupby(codes).nunique().reindex(range(n_groups), fill_value=0)
    got = distinct_per_group(codes, values, n_groups)
    np.testing.assert_array_equal(got, expected.to_numpy())
    assert got.dtype == np.int64


def test_distinct_per_group_refuses_floats() -> None:
    with pytest.raises(TypeError, match="whole numbers"):
        distinct_per_group(np.array([0]), np.array([1.5]), 1)


COSTS = pd.Series([3.0, 2.5, 6.0], index=pd.Index(["P1", "P2", "1"], name="product_id"))


@pytest.mark.parametrize("chunk", [2, 1 << 20])
@pytest.mark.parametrize("as_text", [False, True])
@pytest.mark.parametrize(
    "keys",
    [
        pd.Series(["P2", "P1", "P9", "P2", "1"], dtype=object),  # P9 unknown
        pd.Series(["P1", 1, 1.0, None, np.nan, "P2"], dtype=object),  # 1 is "1" as text
        pd.Series(["P1", "P2", "P1"], dtype="category", index=[5, 3, 9]),
        pd.Series([], dtype=object),
    ],
)
def test_lookup_values_matches_map(
    keys: pd.Series, as_text: bool, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storecrm.analysis.grouping._LOOKUP_CHUNK", chunk)
    text = keys.astype(str) if as_text else keys
    expected = text.map(COSTS).astype(float).fillna(-1.0).to_numpy()
    got, found = lookup_values(keys, COSTS, -1.0, as_text=as_text)
    np.testing.assert_array_equal(got, expected)
    assert found == bool(text.isin(COSTS.index).all())


@pytest.mark.parametrize(
    "when",
    [
        pd.Series(pd.to_datetime(["1969-12-31 23:59", "1970-01-01 00:01", "2025-03-30 23:30"])),
        pd.Series(
            pd.to_datetime(["2025-03-30 00:30", "2025-03-30 23:30", "2025-03-31 00:10"])
        ).dt.tz_localize("Europe/Paris"),  # a day of 23 hours: the local day counts
        pd.Series(pd.to_datetime(["2025-01-01 08:00", "2025-01-02 07:00"]).as_unit("s")),
    ],
)
def test_day_numbers_are_equal_exactly_when_normalize_is(when: pd.Series) -> None:
    days = day_numbers(when)
    normal = when.dt.normalize()
    for i in range(len(when)):
        for j in range(len(when)):
            assert (days[i] == days[j]) == (normal.iloc[i] == normal.iloc[j])
    assert list(np.diff(days)) == [
        (b.date() - a.date()).days for a, b in zip(normal, normal.iloc[1:], strict=False)
    ]


def _lines() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "receipt_id": ["R1", "R1", "R2", "R2", "R2", "R3", "R1"],
            "product_id": ["P1", "P2", "P1", "P1", "P3", "P2", "P3"],
            "quantity": [1, 2, 1, 3, 1, 1, 2],
            "line_total_cny": [5.0, 8.0, 5.0, 15.0, 9.5, 4.0, 19.0],
        }
    )


PRODUCTS = pd.DataFrame({"product_id": ["P1", "P2", "P3"], "unit_cost_cny": [3.0, 2.5, 6.0]})


def test_gross_margin_rate_by_hand() -> None:
    # cost: 1*3 + 2*2.5 + 1*3 + 3*3 + 1*6 + 1*2.5 + 2*6 = 40.5; sales 65.5
    assert gross_margin_rate(_lines(), PRODUCTS) == pytest.approx((65.5 - 40.5) / 65.5)
    receipts = pd.DataFrame({"receipt_id": ["R1", "R2", "R3", "R4"], "net_cny": [30, 29, 4, 99]})
    # R4 has no lines, so its 99 yuan are not sales of these lines
    rate = gross_margin_rate(_lines(), PRODUCTS, receipts=receipts)
    assert rate == pytest.approx((63 - 40.5) / 63)


def test_gross_margin_rate_names_the_first_unknown_product() -> None:
    lines = _lines()
    lines.loc[4, "product_id"] = "P9"
    with pytest.raises(CourseError, match=r"first at row 4: 'P9'"):
        gross_margin_rate(lines, PRODUCTS)


@pytest.mark.parametrize(
    "values",
    [
        np.array([5, 3, 5, 5, -1, 3, 0], dtype=np.int64),
        np.array([], dtype=np.int64),
        np.array([7], dtype=np.int32),
        np.random.default_rng(0).integers(0, 50, 1_000),
    ],
)
def test_sorted_unique_matches_np_unique(values: np.ndarray) -> None:
    got = sorted_unique(values)
    np.testing.assert_array_equal(got, np.unique(values))
    assert got.dtype == np.unique(values).dtype


def test_sorted_unique_refuses_floats() -> None:
    with pytest.raises(TypeError, match="whole numbers"):
        sorted_unique(np.array([1.0, np.nan]))


@pytest.mark.parametrize("values", LOOKUPS)
@pytest.mark.parametrize("sort", [False, True])
def test_factorize_runs_matches_factorize(values: list, sort: bool) -> None:
    column = pd.Series(values, dtype=object)
    if sort and any(not isinstance(v, str) for v in values if pd.notna(v)):
        return  # pandas cannot sort text and numbers together either way
    codes, uniques = factorize_runs(column, sort=sort)
    expected_codes, expected_uniques = pd.factorize(column, sort=sort)
    np.testing.assert_array_equal(codes, expected_codes)
    pd.testing.assert_index_equal(pd.Index(uniques), pd.Index(expected_uniques))


@pytest.mark.parametrize(
    "values",
    [
        ["R1", "R1", "R2", "R3", "R3", "R3", "R4"],  # numbers only going up: the fast path
        ["R1", "R1", "R2", "R3", "R3", np.nan, np.nan],  # ... then missing values
        ["R1", "R1", "R2", "R2", 7, 7, "R3"],  # a number among the texts
        ["R1", "R1", "R3", "R3", "R2", "R2"],  # going down once
        ["R1", "R1", "R2", "R2", "R1", "R1"],  # a receipt number again later
        [1, 1, 2, 2, 5, 5, 9],  # whole numbers going up
        [1.0, 1.0, 2.0, 2.0, np.nan, np.nan],  # floats: always pandas' own rules
    ],
)
@pytest.mark.parametrize("sort", [False, True])
def test_factorize_runs_of_ids_going_up(values: list, sort: bool) -> None:
    column = pd.Series(values)
    if sort and column.dtype == object and not all(isinstance(v, str) for v in values):
        return  # pandas cannot sort text and numbers together either way
    codes, uniques = factorize_runs(column, sort=sort)
    expected_codes, expected_uniques = pd.factorize(column, sort=sort)
    np.testing.assert_array_equal(codes, expected_codes)
    pd.testing.assert_index_equal(pd.Index(uniques), pd.Index(expected_uniques))


def test_factorize_runs_keeps_categorical_uniques() -> None:
    column = pd.Series(["R2", "R2", "R1"], dtype="category")
    codes, uniques = factorize_runs(column, sort=True)
    np.testing.assert_array_equal(codes, [1, 1, 0])
    assert isinstance(uniques, pd.CategoricalIndex)  # as pd.factorize gives it


def _fresh_shares(receipts: pd.DataFrame, lines: pd.DataFrame, products: pd.DataFrame):
    """Fresh shares joined by receipt number and by position (lines in receipts' order)."""
    from storecrm.analysis.segments import _fresh_share, _member_rows

    rows, members_of = _member_rows(receipts, ("receipt_id",))
    ids = receipts["receipt_id"]
    by_number = _fresh_share(lines, products, ids, rows, members_of, in_order=False)
    by_position = _fresh_share(lines, products, ids, rows, members_of)
    return by_number, by_position


def test_fresh_share_by_position_matches_lookup_on_the_course_data() -> None:
    from storecrm.analysis.segments import _members_in_order
    from storecrm.data import load

    data = load()
    receipts = data.receipts
    rows = np.flatnonzero(receipts["customer_id"].notna())
    codes = np.zeros(len(rows) + 1, dtype=np.int32)
    lines = data.receipt_lines["receipt_id"]
    assert _members_in_order(lines, receipts["receipt_id"], rows, codes) is not None
    by_number, by_position = _fresh_shares(receipts, data.receipt_lines, data.products)
    np.testing.assert_array_equal(by_position, by_number)


def _fresh_share_by_merge(receipts: pd.DataFrame, lines: pd.DataFrame, products: pd.DataFrame):
    """The plain pandas answer: merge lines with member receipts, group by member text."""
    from storecrm.analysis.segments import FRESH_CATEGORIES

    members = receipts[receipts["customer_id"].notna()]
    members = members.assign(customer_id=members["customer_id"].astype(str))
    fresh = products.set_index("product_id")["category"].isin(FRESH_CATEGORIES)
    merged = lines.merge(members[["receipt_id", "customer_id"]], on="receipt_id")
    is_fresh = merged["product_id"].map(fresh).eq(True)  # an unknown product is not fresh
    merged["fresh_cny"] = merged["line_total_cny"].where(is_fresh, 0.0)
    sums = merged.groupby("customer_id")[["fresh_cny", "line_total_cny"]].sum()
    share = sums["fresh_cny"] / sums["line_total_cny"].where(sums["line_total_cny"] > 0)
    return share.reindex(sorted(members["customer_id"].unique())).fillna(0.0).to_numpy()


@pytest.mark.parametrize("receipt_ids", [["R1", "R2", "R3"], ["R1", "R2", "R1"]])  # R1 twice
@pytest.mark.parametrize(
    "line_receipts",
    [
        ["R1", "R1", "R2", "R3", "R3"],  # in order: joined by position
        ["R1", "R1", "R3", "R3", "R2"],  # out of order: looked up by number
        ["R1", "R1", "R3", "R3", "R3"],  # R2 has no line: still by position
        ["R1", "R9", "R2", "R3", "R3"],  # a receipt that is not in the table
        ["R2", "R2", "R2", "R2", "R2"],  # only a walk-in's lines
    ],
)
def test_fresh_share_by_position_matches_lookup(
    line_receipts: list[str], receipt_ids: list[str]
) -> None:
    receipts = pd.DataFrame(
        {
            "receipt_id": receipt_ids,
            "customer_id": ["M1", None, "M2"],
            "purchased_at": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-01-03"]),
            "net_cny": [1.0, 2.0, 3.0],
        }
    )
    lines = pd.DataFrame(
        {
            "receipt_id": line_receipts,
            "product_id": ["P1", "P2", "P1", "P2", "P9"],  # P9: not in products
            "line_total_cny": [1.0, 2.0, 4.0, 8.0, 16.0],
        }
    )
    products = pd.DataFrame({"product_id": ["P1", "P2"], "category": ["dairy", "snacks"]})
    by_number, by_position = _fresh_shares(receipts, lines, products)
    expected = _fresh_share_by_merge(receipts, lines, products)
    np.testing.assert_array_equal(by_number, expected)
    np.testing.assert_array_equal(by_position, expected)
