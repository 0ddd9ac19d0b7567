"""What one shopper is worth: visits, baskets, margin and lifetime value (Module 1).

Module 1 teaches new staff that a regular customer is worth far more than one receipt. These
functions turn Maple Street Mart's receipts into the numbers the chapter shows: each member's
visits and average basket, the store's gross margin, a simple customer lifetime value, how
members spread from one-off to weekly shoppers, and two contrasting shopper groups.

Definitions follow Farris, Bendle, Pfeifer and Reibstein, *Marketing Metrics* (2nd ed.,
2010), chapter 5: customer lifetime value (CLV) is the present value of the future margin a
customer relationship brings. The chapter uses the simplest form, with its assumptions stated:

``CLV = average basket x visits per year x gross margin rate x expected years``

and, for trainers who want it, Farris's constant-retention form ``m * r / (1 + d - r)``.

All functions are pure (frames or a :class:`~storecrm.data.StoreData` in, frames or numbers
out). The quiz's numbers built on them live in :mod:`storecrm.quiz.answers.value`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from storecrm.analysis.checks import (
    MAX_YEARS,
    check_data,
    check_horizon,
    check_ids_known,
    check_names,
    check_number,
    check_table,
    check_timestamp,
)
from storecrm.analysis.grouping import (
    columns_at,
    distinct_per_group,
    group_codes,
    lookup_values,
    rows_of_runs,
)
from storecrm.errors import CourseError

if TYPE_CHECKING:  # pragma: no cover - import only for type checkers
    from storecrm.data import StoreData

__all__ = [
    "DAYS_PER_YEAR",
    "EXAMPLE_EXPECTED_YEARS",
    "VISIT_BANDS",
    "example_member",
    "gross_margin_rate",
    "lifetime_value",
    "member_summary",
    "pick_example_member",
    "retention_lifetime_value",
    "shopper_groups",
    "store_gross_margin_rate",
    "visit_bands",
]

#: Days used to turn "visits in the observed window" into "visits per year".
DAYS_PER_YEAR: float = 365.0

#: The chapter's stated assumption for how many more years a loyal member keeps shopping.
EXAMPLE_EXPECTED_YEARS: int = 5

#: Visit bands (lower bound inclusive, upper bound inclusive, label) used to show how members
#: spread from one-off to weekly shoppers. 52 visits a year is "about once a week".
VISIT_BANDS: tuple[tuple[int, int, str], ...] = (
    (1, 1, "1 visit"),
    (2, 3, "2-3 visits"),
    (4, 11, "4-11 visits"),
    (12, 51, "12-51 visits"),
    (52, 10**9, "52+ visits (weekly)"),
)


def member_summary(
    receipts: pd.DataFrame,
    customers: pd.DataFrame | None = None,
    *,
    period_start: pd.Timestamp | str | None = None,
    period_end: pd.Timestamp | str | None = None,
) -> pd.DataFrame:
    """One row per member: visits, spend, average basket, discount share, visits per year.

    Parameters
    ----------
    receipts
        The ``receipts`` table (``customer_id``, ``purchased_at``, ``gross_cny``,
        ``discount_cny``, ``net_cny``). Walk-in receipts (no ``customer_id``) are ignored,
        because we cannot follow a walk-in shopper from one visit to the next.
    customers
        Optional ``customers`` table. When given, a member who signed up during the period is
        only counted from their sign-up date, so a member who joined in November is not
        mistaken for a rare shopper.
    period_start, period_end
        The observed window. Default: the first and last purchase dates in ``receipts``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id`` with columns ``visits``, ``spend_cny`` (net),
        ``gross_cny``, ``discount_cny``, ``avg_basket_cny`` (net spend / visits),
        ``discount_share`` (discount / gross),
        ``first_visit``, ``last_visit``, ``months_active`` (calendar months with a visit),
        ``observed_days`` and ``visits_per_year``.
    """
    check_table(
        receipts,
        "receipts",
        ["customer_id", "purchased_at", "gross_cny", "discount_cny", "net_cny"],
    )
    if customers is not None:
        check_table(customers, "customers", ["customer_id", "signup_date"])
    start = check_timestamp(period_start, "period_start") if period_start is not None else None
    end = check_timestamp(period_end, "period_end") if period_end is not None else None
    if start is not None and end is not None and end < start:
        raise CourseError(
            f"{end:%Y-%m-%d} is before period_start ({start:%Y-%m-%d})",
            column="period_end",
            hint="The period runs from period_start to period_end",
        )
    member = receipts["customer_id"].notna().to_numpy()
    if not member.any():
        raise CourseError(
            "is empty in every row: these are all walk-in receipts",
            table="receipts",
            column="customer_id",
            hint="A member summary needs receipts of members",
        )
    when = receipts["purchased_at"]  # check_table made sure these are dates and times
    if start is None:
        start = when.min().normalize()
    if end is None:
        end = when.max().normalize()
    if end < start:
        raise CourseError(
            f"{end:%Y-%m-%d} is before the period's start ({start:%Y-%m-%d})",
            column="period_end" if period_end is not None else "period_start",
            hint="Pick a period that overlaps the receipts",
        )
    in_period = ((when >= start) & (when < end + pd.Timedelta(days=1))).to_numpy()
    rows = np.flatnonzero(member & in_period)
    if len(rows) == 0:
        raise CourseError(
            f"no member receipt between {start:%Y-%m-%d} and {end:%Y-%m-%d}",
            table="receipts",
            column="purchased_at",
            hint="Pick a period inside the data",
        )
    out = _per_member(receipts, rows)
    out["avg_basket_cny"] = out["spend_cny"] / out["visits"]
    gross = out["gross_cny"].where(out["gross_cny"] > 0)
    out["discount_share"] = (out["discount_cny"] / gross).fillna(0.0)

    observed_from = pd.Series(start, index=out.index)
    if customers is not None:
        signup = pd.to_datetime(
            customers.assign(customer_id=customers["customer_id"].astype(str)).set_index(
                "customer_id"
            )["signup_date"]
        )
        signup = signup.reindex(out.index)
        early = (out["first_visit"].dt.normalize() < signup.dt.normalize()).to_numpy()
        if early.any():
            first = out.index[int(np.argmax(early))]
            raise CourseError(
                f"{int(early.sum())} members have receipts before they signed up (first: {first})",
                table="customers",
                column="signup_date",
                hint="Pass the customers table of the same data set, or fix those dates",
            )
        later = signup.notna() & (signup > start)
        observed_from = observed_from.where(~later, signup.dt.normalize())
    out["observed_days"] = (end - observed_from).dt.days + 1
    out["visits_per_year"] = out["visits"] * DAYS_PER_YEAR / out["observed_days"]
    out.index.name = "customer_id"
    return out[
        [
            "visits",
            "spend_cny",
            "gross_cny",
            "discount_cny",
            "avg_basket_cny",
            "discount_share",
            "first_visit",
            "last_visit",
            "months_active",
            "observed_days",
            "visits_per_year",
        ]
    ]


def _per_member(receipts: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    """Visits, money sums, first and last visit and active months of the members whose
    receipts are at ``rows``; indexed by member number as text, sorted.

    Why: grouping the large data set's 3 million member receipts by member number as text,
    after copying all twelve columns of them, took seconds. Here only the five columns
    needed are taken, each member number is turned into a sorted integer code once
    (:func:`~storecrm.analysis.grouping.group_codes`) and months are counted as whole
    numbers. The money sums still go through ``groupby().sum()`` on the rows in their
    order, so they come out the same to the last digit.
    """
    members_of = group_codes(receipts["customer_id"].iloc[rows], as_text=True)
    frame = columns_at(receipts, rows, ("net_cny", "gross_cny", "discount_cny", "purchased_at"))
    g = frame.groupby(members_of.codes)
    sums = g[["net_cny", "gross_cny", "discount_cny"]].sum()
    months = frame["purchased_at"].dt.to_period("M").array.asi8
    return pd.DataFrame(
        {
            "visits": np.bincount(members_of.codes, minlength=len(members_of)).astype(np.int64),
            "spend_cny": sums["net_cny"].to_numpy(),
            "gross_cny": sums["gross_cny"].to_numpy(),
            "discount_cny": sums["discount_cny"].to_numpy(),
            "first_visit": g["purchased_at"].min().array,
            "last_visit": g["purchased_at"].max().array,
            "months_active": distinct_per_group(members_of.codes, months, len(members_of)),
        },
        index=members_of.keys,
    )


def gross_margin_rate(
    receipt_lines: pd.DataFrame,
    products: pd.DataFrame,
    receipt_ids: pd.Series | list[str] | None = None,
    receipts: pd.DataFrame | None = None,
) -> float:
    """Gross margin as a share of sales: (sales - cost of goods) / sales.

    Gross margin is what is left of each yuan after paying for the goods (Farris et al.,
    *Marketing Metrics*, ch. 3). It is the part of a basket that pays wages, rent and profit,
    so lifetime value counts margin, not takings.

    Parameters
    ----------
    receipt_lines
        ``receipt_lines`` (``receipt_id``, ``product_id``, ``quantity``, ``line_total_cny``).
    products
        ``products`` (``product_id``, ``unit_cost_cny``).
    receipt_ids
        Optional: only count lines of these receipts (e.g. one member's receipts).
    receipts
        Optional ``receipts`` table. When given, sales are the receipts' ``net_cny`` (what
        customers really paid, after receipt-level coupons as well as line discounts), so
        the rate matches an average basket measured in net yuan.

    Returns
    -------
    float
        A share between 0 and 1 (e.g. 0.28 means 28 fen of margin per yuan of sales).
        ``nan`` when there are no sales.
    """
    check_table(
        receipt_lines, "receipt_lines", ["receipt_id", "product_id", "quantity", "line_total_cny"]
    )
    check_table(products, "products", ["product_id", "unit_cost_cny"])
    if receipts is not None:
        check_table(receipts, "receipts", ["receipt_id", "net_cny"])
    lines = receipt_lines
    if receipt_ids is not None:
        if not isinstance(receipt_ids, pd.Series):
            check_names(receipt_ids, "receipt_ids")
        wanted = pd.Series(receipt_ids).astype(str)
        lines = lines.loc[lines["receipt_id"].astype(str).isin(wanted)]
    cost = products.assign(product_id=products["product_id"].astype(str)).set_index("product_id")[
        "unit_cost_cny"
    ]
    # Looked up a million lines at a time: on 11 million lines, looking every line's text
    # up at once (or factorising them first) took hundreds of MB besides the answer.
    unit_cost, known = lookup_values(lines["product_id"], cost.astype(float), np.nan, as_text=True)
    if not known:
        check_ids_known(  # raises, naming the first unknown line as it always has
            lines["product_id"].astype(str), "receipt_lines", "product_id", cost.index, "products"
        )
    unit_cost = pd.Series(unit_cost, index=lines.index)
    if receipts is None:
        sales = float(lines["line_total_cny"].sum())
    else:
        sales = float(receipts.loc[_with_lines(receipts["receipt_id"], lines), "net_cny"].sum())
    if sales <= 0:
        return float("nan")
    cogs = float((lines["quantity"] * unit_cost).sum())
    return (sales - cogs) / sales


def _with_lines(receipt_ids: pd.Series, lines: pd.DataFrame) -> np.ndarray | pd.Series:
    """Which receipts have at least one of ``lines`` (True/False per receipt, in order).

    Why: hashing the large data set's 4 million receipt numbers for ``isin`` took 4 s.
    When the lines follow the receipts' order (:func:`~storecrm.analysis.grouping.rows_of_runs`)
    comparing neighbours finds the same receipts; otherwise each distinct run of receipt
    numbers is looked up as text, as before.
    """
    found = rows_of_runs(lines["receipt_id"], receipt_ids)
    if found is None:
        return receipt_ids.astype(str).isin(_distinct_runs(lines["receipt_id"]))
    rows = found[0]
    paid = np.zeros(len(receipt_ids), dtype=bool)
    paid[rows[rows >= 0]] = True
    return paid


def _distinct_runs(ids: pd.Series) -> np.ndarray:
    """``ids`` as text, with each run of one value in neighbouring rows kept once.

    Why: only the set of receipt numbers matters to ``isin``, and a receipt's lines sit
    together, so dropping the repeats first (a cheap comparison with the row before)
    leaves a third as many values to hash on the large data set.
    """
    text = ids.astype(str).to_numpy(dtype=object)
    if len(text) < 2:
        return text
    keep = np.concatenate(([True], text[1:] != text[:-1]))
    return text[keep]


_SHARE_HINT = "It is a share from 0 to 1 (0.25 means 25 %)"


def lifetime_value(
    avg_basket_cny: float,
    visits_per_year: float,
    margin_rate: float,
    expected_years: float,
    discount_rate: float = 0.0,
) -> float:
    """Simple customer lifetime value in yuan of margin.

    ``annual margin = avg_basket_cny * visits_per_year * margin_rate``; the value is that
    annual margin for each of ``expected_years``, each year discounted by
    ``(1 + discount_rate) ** t`` (t = 1, 2, ...), because money next year is worth a little
    less than money today (Farris et al., *Marketing Metrics*, ch. 5). With the default
    ``discount_rate=0`` it is simply annual margin x expected years: the version the chapter
    teaches. A fractional last year counts pro rata.

    Raises
    ------
    CourseError
        If any input is not a finite number or is negative, the margin or discount rate is
        above 1 (they are shares), or ``expected_years`` is above :data:`MAX_YEARS`.
    """
    check_number(avg_basket_cny, "avg_basket_cny", minimum=0)
    check_number(visits_per_year, "visits_per_year", minimum=0, maximum=366 * 24)
    check_number(margin_rate, "margin_rate", minimum=0, maximum=1, hint=_SHARE_HINT)
    check_horizon(expected_years, "expected_years", MAX_YEARS, "years")
    check_number(discount_rate, "discount_rate", minimum=0, maximum=1, hint=_SHARE_HINT)
    annual = avg_basket_cny * visits_per_year * margin_rate
    whole = int(np.floor(expected_years))
    years = np.arange(1, whole + 1)
    value = float((annual / (1 + discount_rate) ** years).sum())
    part = expected_years - whole
    if part > 0:
        value += part * annual / (1 + discount_rate) ** (whole + 1)
    return value


def retention_lifetime_value(
    annual_margin_cny: float, retention_rate: float, discount_rate: float = 0.0
) -> float:
    """Farris et al.'s constant-retention CLV: ``m * r / (1 + d - r)``.

    Each year the customer stays with probability ``retention_rate`` (r) and brings
    ``annual_margin_cny`` (m) at the end of the year; ``discount_rate`` (d) discounts future
    years. With d = 0 this is m x r / (1 - r): a member kept 80 % of the time is worth four
    years of margin. Used in the trainer notes to link "expected years" to retention.
    """
    check_number(annual_margin_cny, "annual_margin_cny", minimum=0)
    check_number(
        retention_rate,
        "retention_rate",
        minimum=0,
        below=1,
        hint=_SHARE_HINT + "; at 1 a member would stay for ever",
    )
    check_number(discount_rate, "discount_rate", minimum=0, maximum=1, hint=_SHARE_HINT)
    return annual_margin_cny * retention_rate / (1 + discount_rate - retention_rate)


def pick_example_member(summary: pd.DataFrame, min_months_active: int = 10) -> str:
    """Choose one typical loyal member for the worked example, the same way every time.

    A "loyal" member here was observed for the whole period, shopped in at least
    ``min_months_active`` calendar months, and is in the top quarter of members by visits.
    From those we take the one whose visits are closest to the group's median (ties: lowest
    ``customer_id``), so the example is a typical regular, not the single most extreme one.

    Raises
    ------
    CourseError
        If no member qualifies.
    """
    check_table(summary, "summary", ["observed_days", "visits", "months_active"])
    check_number(min_months_active, "min_months_active", minimum=1, whole=True)
    full = summary.loc[summary["observed_days"] >= summary["observed_days"].max()]
    top = full["visits"].quantile(0.75)
    loyal = full.loc[(full["months_active"] >= min_months_active) & (full["visits"] >= top)]
    if loyal.empty:
        raise CourseError(
            f"no member was active in at least {min_months_active} months and in the top "
            "quarter by visits",
            table="summary",
            column="months_active",
            hint="Lower min_months_active, or use a summary of a longer period",
        )
    distance = (loyal["visits"] - loyal["visits"].median()).abs()
    ranked = pd.DataFrame({"d": distance, "id": loyal.index}).sort_values(["d", "id"])
    return str(ranked["id"].iloc[0])


def visit_bands(summary: pd.DataFrame) -> pd.DataFrame:
    """How members spread from one-off to weekly shoppers, and who brings the money.

    Returns one row per band in :data:`VISIT_BANDS` with ``members``, ``share_of_members``
    and ``share_of_spend`` (both 0-1). The usual pattern in a store: the few frequent members
    bring a much larger share of spending than their share of heads.
    """
    check_table(summary, "summary", ["visits", "spend_cny"])
    rows = []
    total_members = len(summary)
    total_spend = float(summary["spend_cny"].sum())
    for low, high, label in VISIT_BANDS:
        in_band = summary.loc[(summary["visits"] >= low) & (summary["visits"] <= high)]
        rows.append(
            {
                "band": label,
                "members": len(in_band),
                "share_of_members": len(in_band) / total_members if total_members else 0.0,
                "share_of_spend": (
                    float(in_band["spend_cny"].sum()) / total_spend if total_spend else 0.0
                ),
            }
        )
    return pd.DataFrame(rows).set_index("band")


def shopper_groups(summary: pd.DataFrame) -> pd.DataFrame:
    """Split members at the median visits and median basket into four shopper groups.

    The sources contrast price-sensitive shoppers who come often and buy little with
    brand-led shoppers who come less often and fill a large basket. Splitting at the two
    medians (values equal to a median count as "low") shows whether our members look like
    that and how much each group leans on discounts.

    Returns
    -------
    pandas.DataFrame
        Indexed by group name, with ``members``, ``median_visits``, ``median_basket_cny``,
        ``discount_share`` (discount yuan / gross yuan, pooled over the group) and
        ``share_of_spend``.
    """
    check_table(
        summary,
        "summary",
        ["visits", "avg_basket_cny", "discount_cny", "gross_cny", "spend_cny"],
    )
    v_med = summary["visits"].median()
    b_med = summary["avg_basket_cny"].median()
    frequent = summary["visits"] > v_med
    large = summary["avg_basket_cny"] > b_med
    names = np.select(
        [frequent & ~large, ~frequent & large, frequent & large],
        [
            "Frequent, small basket",
            "Occasional, large basket",
            "Frequent, large basket",
        ],
        default="Occasional, small basket",
    )
    s = summary.assign(group=names)
    g = s.groupby("group")
    out = pd.DataFrame(
        {
            "members": g.size(),
            "median_visits": g["visits"].median(),
            "median_basket_cny": g["avg_basket_cny"].median(),
            "discount_share": g["discount_cny"].sum() / g["gross_cny"].sum(),
            "share_of_spend": g["spend_cny"].sum() / s["spend_cny"].sum(),
        }
    )
    order = [
        "Frequent, small basket",
        "Occasional, large basket",
        "Frequent, large basket",
        "Occasional, small basket",
    ]
    return out.reindex([o for o in order if o in out.index])


# --- The chapter's worked example ------------------------------------------------------------


def store_gross_margin_rate(data: StoreData) -> float:
    """The chain's gross margin rate over all sales of ``data`` (0-1).

    Sales are what customers paid (receipts' ``net_cny``, after coupons), cost is quantity x
    ``unit_cost_cny`` from ``products``; see :func:`gross_margin_rate`.
    """
    check_data(data)
    return gross_margin_rate(data.receipt_lines, data.products, receipts=data.receipts)


def example_member(data: StoreData, *, summary: pd.DataFrame | None = None) -> pd.Series:
    """The worked example's loyal member: their summary row plus their own margin rate.

    The member is chosen by :func:`pick_example_member` from :func:`member_summary` of
    ``data`` (pass ``summary`` if you already have it, to save the half second). The returned
    row is named by ``customer_id`` and holds the summary columns plus ``margin_rate`` (0-1,
    gross margin on their own receipts).
    """
    check_data(data)
    if summary is None:
        summary = member_summary(data.receipts, data.customers)
    cid = pick_example_member(summary)
    row = summary.loc[cid].copy()
    ids = data.receipts.loc[data.receipts["customer_id"].astype(str) == cid, "receipt_id"]
    row["margin_rate"] = gross_margin_rate(
        data.receipt_lines, data.products, ids, receipts=data.receipts
    )
    row.name = cid
    return row
