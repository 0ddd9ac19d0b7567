"""Demand trends by category and month, for Module 10's assortment and price decisions.

A supervisor decides each quarter which shelves to widen, which to cut and where to test a
price. The evidence is how each category's sales move month by month. These functions give
the monthly table, a growth figure that compares like with like (the same number of months
at the start and the end) and a reading in plain words, so a page and a meeting say the
same thing.

Growth is a simple period-over-period change (Farris et al. 2010, *Marketing Metrics*,
ch. 2): (sales in the last ``window`` months - sales in the first ``window`` months) /
sales in the first ``window`` months. With one year of data it mixes trend and season
(Spring Festival in the first quarter, Mid-Autumn in the last), so the reading says so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from storecrm.analysis.checks import check_number, check_series, check_table
from storecrm.analysis.grouping import positions_in
from storecrm.errors import CourseError

__all__ = ["category_growth", "monthly_category_sales", "read_trends"]


def monthly_category_sales(
    receipt_lines: pd.DataFrame, receipts: pd.DataFrame, products: pd.DataFrame
) -> pd.DataFrame:
    """Sales (yuan paid, ``line_total_cny``) per product category and calendar month.

    Returns
    -------
    pandas.DataFrame
        Index: month (``"2025-01"``); columns: categories; cells: yuan. A category with no
        sale in a month shows 0.
    """
    check_table(receipt_lines, "receipt_lines", ["receipt_id", "product_id", "line_total_cny"])
    check_table(receipts, "receipts", ["receipt_id", "purchased_at"])
    check_table(products, "products", ["product_id", "category"])
    receipts = receipts.drop_duplicates("receipt_id")
    products = products.drop_duplicates("product_id")
    # Look each receipt and product up by position and work out each receipt's month once:
    # mapping and formatting 11 million lines one by one took 16 s of CPU on the large data.
    at_receipt = positions_in(pd.Index(receipts["receipt_id"]), receipt_lines["receipt_id"])
    at_product = positions_in(pd.Index(products["product_id"]), receipt_lines["product_id"])
    when = pd.to_datetime(receipts["purchased_at"])
    month_no = (when.dt.year * 12 + when.dt.month - 1).to_numpy(dtype=float)
    category = products["category"]
    for found, missing, column, ref in (
        (at_receipt, np.isnan(month_no), "receipt_id", "receipts"),
        (at_product, category.isna().to_numpy(), "product_id", "products"),
    ):
        lost = (found < 0) | missing[np.maximum(found, 0)] if len(missing) else found < 0
        if lost.any():
            raise CourseError(
                f"{int(lost.sum())} line(s) not found in {ref}",
                table="receipt_lines",
                column=column,
                hint=f"Pass the {ref} table from the same data set",
            )
    line_month = month_no[at_receipt].astype(np.int64)  # all found, none missing
    month_codes, months = pd.factorize(line_month, sort=True)
    month_text = [
        str(pd.Period(year=int(m) // 12, month=int(m) % 12 + 1, freq="M")) for m in months
    ]
    product_text = category.astype(str).to_numpy(dtype=object)
    cat_codes, cats = pd.factorize(product_text[at_product], sort=True)
    # Text order, as groupby sorts it: months are "YYYY-MM" (chronological), categories by name.
    month_rank = np.argsort(np.argsort(np.asarray(month_text, dtype=object), kind="stable"))
    key = month_rank[month_codes] * len(cats) + cat_codes
    sums = receipt_lines["line_total_cny"].groupby(key, sort=True).sum()
    cells = np.zeros((len(months), len(cats)))
    pair = sums.index.to_numpy()
    cells[pair // len(cats), pair % len(cats)] = sums.to_numpy()
    table = pd.DataFrame(
        cells,
        index=pd.Index(np.sort(np.asarray(month_text, dtype=object)), name="month"),
        columns=pd.Index(np.asarray(cats, dtype=object), name="category"),
    )
    return table


def category_growth(monthly: pd.DataFrame, window: int = 3) -> pd.DataFrame:
    """Growth of each category: the last ``window`` months against the first ``window``.

    Parameters
    ----------
    monthly
        The output of :func:`monthly_category_sales` (months as rows, in order).
    window
        Months at each end (1-6); the table needs at least twice as many months.

    Returns
    -------
    pandas.DataFrame
        One row per category: ``first_cny``, ``last_cny``, ``growth_rate`` (a change as a
        fraction; 0.12 is 12 % up), fastest growing first. A category that sold nothing in
        the first months has no growth rate (NaN) rather than an infinite one.
    """
    check_number(window, "window", minimum=1, maximum=6, whole=True)
    check_table(monthly, "monthly", list(monthly.columns) if hasattr(monthly, "columns") else [])
    if monthly.shape[1] == 0:
        raise CourseError(
            "has no category columns",
            table="monthly",
            hint="Make it with monthly_category_sales(...)",
        )
    if len(monthly) < 2 * window:
        raise CourseError(
            f"has {len(monthly)} month(s); comparing {window} months at each end needs "
            f"{2 * window}",
            table="monthly",
            hint="Use a smaller window",
        )
    for column in monthly.columns:
        if not pd.api.types.is_numeric_dtype(monthly[column]):
            raise CourseError("holds text, not yuan", table="monthly", column=str(column))
        if monthly[column].isna().any():
            raise CourseError(
                "has empty cells",
                table="monthly",
                column=str(column),
                hint="A month with no sales is 0, not empty",
            )
        if (monthly[column] < 0).any():
            raise CourseError("has negative sales", table="monthly", column=str(column))
    first = monthly.iloc[:window].sum()
    last = monthly.iloc[-window:].sum()
    out = pd.DataFrame({"first_cny": first, "last_cny": last})
    out["growth_rate"] = (last - first) / first.where(first > 0)
    out.index.name = "category"
    return out.sort_values("growth_rate", ascending=False, kind="stable")


def read_trends(growth: pd.DataFrame, threshold: float = 0.10) -> pd.Series:
    """One plain sentence per category: growing, falling or steady, and what to consider.

    A change smaller than ``threshold`` (a fraction, 0.10 = 10 %) either way is "steady":
    a few per cent between quarters is within what season and weather move. Growing
    categories are candidates for more facings; falling ones for a range review or a price
    check against competitors. The sentence is a prompt for the meeting, not a verdict.
    """
    check_number(threshold, "threshold", above=0, below=1)
    check_table(growth, "growth", ["growth_rate"])
    check_series(growth["growth_rate"], "growth_rate", allow_missing=True, table="growth")
    words = {}
    for category, rate in growth["growth_rate"].items():
        if pd.isna(rate):
            words[category] = f"{category}: new this year; no earlier sales to compare."
        elif rate >= threshold:
            words[category] = (
                f"{category}: growing ({rate:+.1%}); consider more shelf space or range."
            )
        elif rate <= -threshold:
            words[category] = (
                f"{category}: falling ({rate:+.1%}); review the range and check prices."
            )
        else:
            words[category] = f"{category}: steady ({rate:+.1%}); keep as is."
    return pd.Series(words, name="reading")
