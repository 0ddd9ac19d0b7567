"""Module 1 quiz numbers: what one shopper is worth (visits, margin, lifetime value)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from storecrm.analysis.customer_value import (
    EXAMPLE_EXPECTED_YEARS,
    example_member,
    gross_margin_rate,
    lifetime_value,
    member_summary,
)
from storecrm.quiz.answers._data import default_data, resolve_data

if TYPE_CHECKING:  # pragma: no cover - import only for type checkers
    from storecrm.data import StoreData

__all__ = [
    "HYPOTHETICAL_SHOPPER",
    "SNACK_CATEGORIES",
    "example_member_annual_margin",
    "example_member_average_basket",
    "example_member_clv",
    "example_member_clv_stated",
    "example_member_margin_rate",
    "example_member_visits_per_year",
    "hypothetical_shopper_clv",
    "member_with_receipts_count",
    "one_visit_member_count",
    "one_visit_member_share",
    "snack_margin_rate",
    "store_margin_rate",
    "store_margin_rate_stated",
]

#: The made-up regular of a Module 1 question: average basket (yuan), visits per year and
#: expected years. Only the margin rate is the store's own (:func:`store_margin_rate`).
HYPOTHETICAL_SHOPPER: tuple[float, float, float] = (25.0, 150.0, 4.0)

#: Product categories the "Try it" student's lunch snack comes from.
SNACK_CATEGORIES: tuple[str, ...] = ("snacks",)

#: The default data and its member summary (about half a second to compute), kept together
#: so the summary is recomputed if ``default_data`` is ever reloaded.
_DEFAULT_SUMMARY: dict[str, tuple[StoreData, pd.DataFrame]] = {}


def _summary(data: StoreData | None) -> tuple[StoreData, pd.DataFrame]:
    """``data`` (or the default data) and its :func:`member_summary`, cached for the default."""
    if data is not None:
        return data, member_summary(data.receipts, data.customers)
    default = default_data()
    cached = _DEFAULT_SUMMARY.get("default")
    if cached is None or cached[0] is not default:
        cached = (default, member_summary(default.receipts, default.customers))
        _DEFAULT_SUMMARY["default"] = cached
    return cached


def _member(data: StoreData | None) -> pd.Series:
    d, summary = _summary(data)
    return example_member(d, summary=summary)


def store_margin_rate(*, data: StoreData | None = None) -> float:
    """The chain's gross margin rate over all sales, a fraction 0-1."""
    d = resolve_data(data)
    return gross_margin_rate(d.receipt_lines, d.products, receipts=d.receipts)


def snack_margin_rate(*, data: StoreData | None = None) -> float:
    """Gross margin rate (0-1) on the lines whose product is in :data:`SNACK_CATEGORIES`.

    Line sales are ``line_total_cny`` before coupons, because a coupon belongs to the whole
    receipt, not to one snack.
    """
    d = resolve_data(data)
    snack_ids = d.products.loc[d.products["category"].astype(str).isin(SNACK_CATEGORIES)]
    lines = d.receipt_lines
    snack_lines = lines[lines["product_id"].astype(str).isin(snack_ids["product_id"].astype(str))]
    return gross_margin_rate(snack_lines, d.products)


def store_margin_rate_stated(*, data: StoreData | None = None) -> float:
    """The store's gross margin rate rounded as a question states it (39.8 % -> 0.398)."""
    return round(store_margin_rate(data=data), 3)


def hypothetical_shopper_clv(*, data: StoreData | None = None) -> float:
    """Lifetime value (yuan of margin) of :data:`HYPOTHETICAL_SHOPPER` at the store's margin.

    Uses the rate as the question states it (:func:`store_margin_rate_stated`), so a learner
    who multiplies the printed figures gets exactly the answer.
    """
    basket, visits, years = HYPOTHETICAL_SHOPPER
    return lifetime_value(basket, visits, store_margin_rate_stated(data=data), years)


def example_member_average_basket(*, data: StoreData | None = None) -> float:
    """Average basket (net yuan per visit) of the worked example's loyal member."""
    return float(_member(data)["avg_basket_cny"])


def example_member_visits_per_year(*, data: StoreData | None = None) -> float:
    """Visits per year of the worked example's loyal member."""
    return float(_member(data)["visits_per_year"])


def example_member_annual_margin(*, data: StoreData | None = None) -> float:
    """Yuan of gross margin the example member brings in one year.

    Average basket (net yuan) x visits per year x the member's own gross margin rate.
    """
    m = _member(data)
    return float(m["avg_basket_cny"] * m["visits_per_year"] * m["margin_rate"])


def example_member_clv(*, data: StoreData | None = None) -> float:
    """The worked example's lifetime value (yuan of margin) over the chapter's expected years.

    Annual margin x :data:`~storecrm.analysis.customer_value.EXAMPLE_EXPECTED_YEARS`,
    undiscounted (see :func:`~storecrm.analysis.customer_value.lifetime_value`).
    """
    m = _member(data)
    return lifetime_value(
        float(m["avg_basket_cny"]),
        float(m["visits_per_year"]),
        float(m["margin_rate"]),
        EXAMPLE_EXPECTED_YEARS,
    )


def one_visit_member_share(*, data: StoreData | None = None) -> float:
    """Share (0-1) of members with receipts who shopped only once in the data.

    Only members with at least one receipt count (the denominator); walk-in receipts are
    ignored.
    """
    _, summary = _summary(data)
    return float((summary["visits"] == 1).mean())


def example_member_margin_rate(*, data: StoreData | None = None) -> float:
    """Gross margin rate (0-1) on what the worked example's member buys."""
    return float(_member(data)["margin_rate"])


def example_member_clv_stated(*, data: StoreData | None = None) -> float:
    """The example member's lifetime value from the figures as a question prints them.

    Basket to the fen, visits to one decimal and the margin rate to three decimals (the
    percent shown with one decimal), times the chapter's expected years: a learner who
    multiplies the printed figures gets exactly this.
    """
    m = _member(data)
    return lifetime_value(
        round(float(m["avg_basket_cny"]), 2),
        round(float(m["visits_per_year"]), 1),
        round(float(m["margin_rate"]), 3),
        EXAMPLE_EXPECTED_YEARS,
    )


def member_with_receipts_count(*, data: StoreData | None = None) -> int:
    """How many members have at least one receipt in the data."""
    _, summary = _summary(data)
    return int((summary["visits"] >= 1).sum())


def one_visit_member_count(*, data: StoreData | None = None) -> int:
    """How many members shopped exactly once in the data."""
    _, summary = _summary(data)
    return int((summary["visits"] == 1).sum())
