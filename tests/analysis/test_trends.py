"""storecrm.analysis.trends against values worked out by hand, and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from storecrm.analysis import trends
from storecrm.errors import CourseError


def tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    receipts = pd.DataFrame(
        {
            "receipt_id": ["R1", "R2", "R3"],
            "purchased_at": pd.to_datetime(["2025-01-03", "2025-01-20", "2025-02-01"]),
        }
    )
    lines = pd.DataFrame(
        {
            "receipt_id": ["R1", "R1", "R2", "R3"],
            "product_id": ["P1", "P2", "P1", "P2"],
            "line_total_cny": [10.0, 4.0, 6.0, 8.0],
        }
    )
    products = pd.DataFrame({"product_id": ["P1", "P2"], "category": ["dairy", "snacks"]})
    return lines, receipts, products


def test_monthly_category_sales_by_hand() -> None:
    out = trends.monthly_category_sales(*tables())
    assert out.loc["2025-01", "dairy"] == 16.0  # 10 + 6
    assert out.loc["2025-01", "snacks"] == 4.0
    assert out.loc["2025-02", "dairy"] == 0.0  # no sale shows 0
    assert out.loc["2025-02", "snacks"] == 8.0


def test_monthly_category_sales_matches_plain_pandas() -> None:
    # Lines out of receipt order, a receipt listed twice in receipts, a product listed twice,
    # a category whose name sorts before a longer one, a free line (0 yuan),
    # months across a year end and a month where one category sold nothing.
    receipts = pd.DataFrame(
        {
            "receipt_id": ["R3", "R1", "R2", "R4", "R1", "R5"],
            "purchased_at": pd.to_datetime(
                ["2025-02-01 09:00", "2024-12-31 23:59", "2025-01-20 00:00", "2025-02-28 23:00",
                 "2030-01-01 00:00", "2025-01-01 00:00"]
            ),
        }
    )  # fmt: skip
    lines = pd.DataFrame(
        {
            "receipt_id": ["R2", "R1", "R3", "R1", "R4", "R2", "R5", "R3"],
            "product_id": ["P1", "P2", "P3", "P1", "P2", "P3", "P1", "P1"],
            "line_total_cny": [0.1, 0.2, 0.0, 10.0, 0.3, 5.55, 1.0, 0.7],
        }
    )
    products = pd.DataFrame(
        {
            "product_id": ["P1", "P2", "P3", "P2"],
            "category": pd.Categorical(["tea", "snacks", "tea leaves", "dairy"]),
        }
    )
    month = lines["receipt_id"].map(
        receipts.drop_duplicates("receipt_id").set_index("receipt_id")["purchased_at"]
    )
    category = lines["product_id"].map(
        products.drop_duplicates("product_id").set_index("product_id")["category"]
    )
    plain = (
        lines["line_total_cny"]
        .groupby([month.dt.to_period("M").astype(str).to_numpy(), category.astype(str).to_numpy()])
        .sum()
        .unstack(fill_value=0.0)
    )
    plain.index.name = "month"
    plain.columns.name = "category"
    out = trends.monthly_category_sales(lines, receipts, products)
    pd.testing.assert_frame_equal(out, plain, check_exact=True)
    assert list(out.index) == ["2024-12", "2025-01", "2025-02"]
    assert list(out.columns) == ["snacks", "tea", "tea leaves"]


def test_monthly_category_sales_counts_lines_not_found() -> None:
    lines, receipts, products = tables()
    lost = lines.assign(receipt_id=["R1", "R9", "R9", "R3"])
    _raises(
        lambda: trends.monthly_category_sales(lost, receipts, products),
        "2 line(s) not found in receipts",
    )
    unknown = lines.assign(product_id=["P9", "P2", "P9", "P9"])
    _raises(
        lambda: trends.monthly_category_sales(unknown, receipts, products),
        "3 line(s) not found in products",
    )


def monthly() -> pd.DataFrame:
    return pd.DataFrame(
        {"tea": [10.0, 10.0, 12.0, 13.0], "beer": [20.0, 20.0, 15.0, 15.0], "new": [0, 0, 5, 5]},
        index=pd.Index(["2025-01", "2025-02", "2025-03", "2025-04"], name="month"),
    )


def test_category_growth_by_hand() -> None:
    out = trends.category_growth(monthly(), window=2)
    # tea: 20 -> 25 = +25 %; beer: 40 -> 30 = -25 %; new: nothing before -> NaN.
    assert out.loc["tea", "growth_rate"] == pytest.approx(0.25)
    assert out.loc["beer", "growth_rate"] == pytest.approx(-0.25)
    assert np.isnan(out.loc["new", "growth_rate"])
    assert out.index[0] == "tea"


def test_read_trends_words() -> None:
    words = trends.read_trends(trends.category_growth(monthly(), window=2), threshold=0.3)
    assert words["tea"].startswith("tea: steady (+25.0%)")
    words = trends.read_trends(trends.category_growth(monthly(), window=2), threshold=0.1)
    assert "growing" in words["tea"] and "falling" in words["beer"]
    assert "no earlier sales" in words["new"]


def _raises(call, *words: str) -> None:
    with pytest.raises(CourseError) as err:
        call()
    for word in words:
        assert word in str(err.value)


def test_bad_input() -> None:
    lines, receipts, products = tables()
    _raises(
        lambda: trends.monthly_category_sales(lines.iloc[:0], receipts, products), "receipt_lines"
    )
    _raises(
        lambda: trends.monthly_category_sales(lines.drop(columns="product_id"), receipts, products),
        "product_id",
    )
    neg = lines.assign(line_total_cny=[-1.0, 4.0, 6.0, 8.0])
    _raises(lambda: trends.monthly_category_sales(neg, receipts, products), "line_total_cny")
    text = receipts.assign(purchased_at=receipts["purchased_at"].astype(str))
    _raises(lambda: trends.monthly_category_sales(lines, text, products), "receipts.purchased_at")
    unknown = lines.assign(product_id=["P1", "P9", "P1", "P2"])
    _raises(lambda: trends.monthly_category_sales(unknown, receipts, products), "products")
    m = monthly()
    _raises(lambda: trends.category_growth(m, window=3), "window")
    _raises(lambda: trends.category_growth(m.assign(tea=np.nan), window=1), "monthly.tea")
    _raises(lambda: trends.category_growth(m.assign(tea="x"), window=1), "monthly.tea")
    _raises(lambda: trends.category_growth(m.assign(tea=-1.0), window=1), "monthly.tea")
    _raises(lambda: trends.category_growth(m.iloc[:0], window=1), "monthly")
    _raises(lambda: trends.read_trends(trends.category_growth(m, 2), threshold=5), "threshold")
    _raises(lambda: trends.read_trends(m), "growth_rate")
