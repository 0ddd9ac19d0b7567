"""A profile of a data set: the statistics that show whether it behaves like a real store.

Every lesson in Modules 5-10 rests on a few shapes of the data: how big baskets are and
how unequal, how often members come back and how many never do, how concentrated spend
and sales are, and when people shop. :func:`profile` measures them for any data set in the
course's format (a synthetic size or a store's own export) so a trainer can see at a glance
whether it is realistic, and :data:`TARGET_BANDS` holds the bands the synthetic store is
built to fall in (from public real-retail figures: a supermarket's till data and a music
retailer's customer base; see the data card).

Definitions (each function's docstring repeats its own):

* a **basket** is one receipt; its **lines** are its receipt lines, its **value** ``net_cny``;
* a **visit** is one member receipt; **gaps** are days between a member's consecutive
  visits on different days;
* a **new member** signed up on or after the first day of the data; their **cohort** is the
  month of their first purchase;
* **six-month non-return**: the share of new members with a first purchase at least 183
  days before the data ends who make no purchase on a later day within 183 days;
* **Gini** of member spend: ``sum((2i - n - 1) x_i) / (n sum x)`` over members with at
  least one purchase, spend sorted ascending (0 = all equal, near 1 = one member buys all);
* product shares are over products with at least one sale.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from storecrm.errors import CourseError

__all__ = [
    "PROFILE_COLUMNS",
    "TARGET_BANDS",
    "DataProfile",
    "band_report",
    "basket_lines",
    "basket_values",
    "format_profile",
    "gini",
    "member_visits",
    "new_member_return",
    "product_concentration",
    "profile",
    "shopping_times",
    "six_month_non_return",
    "slow_sellers",
    "spend_concentration",
    "visit_gaps",
]

#: Target bands (low, high) the synthetic store is built to fall in; None = no bound.
#: Keys are ``"section.statistic"`` as in :func:`band_report`.
TARGET_BANDS: dict[str, tuple[float | None, float | None]] = {
    "new_members.six_month_non_return_share": (0.20, 0.45),
    "spend.top_10_share": (0.40, None),
    "spend.gini": (0.55, 0.65),
    "products.top_10_share": (0.55, 0.75),
    "baskets_supermarket.lines_p99": (15, None),
    "baskets_supermarket.lines_max": (40, None),
    "baskets_supermarket.value_cv": (1.5, None),
}

#: The only columns the profile reads, by table (a store's own export needs no others).
PROFILE_COLUMNS: dict[str, list[str]] = {
    "receipts": ["receipt_id", "store_id", "purchased_at", "customer_id", "net_cny"],
    "receipt_lines": ["receipt_id", "product_id", "line_total_cny"],
    "customers": ["customer_id", "signup_date"],
    "stores": ["store_id", "format"],
}

_DAY = pd.Timedelta(days=1)


def _need(df: pd.DataFrame, table: str, columns: list[str]) -> None:
    """Raise a CourseError naming the table and column if ``df`` cannot be profiled."""
    if not isinstance(df, pd.DataFrame):
        raise CourseError(f"must be a pandas DataFrame, not {type(df).__name__}", table=table)
    for c in columns:
        if c not in df.columns:
            raise CourseError("is missing", table=table, column=c,
                              hint="profile needs the course's column names")  # fmt: skip
    if df.empty:
        raise CourseError("has no rows", table=table, hint="profile needs some sales")


def _quantiles(s: pd.Series, qs: dict[str, float]) -> dict[str, float]:
    return {k: float(s.quantile(q)) for k, q in qs.items()}


def gini(values: pd.Series | np.ndarray) -> float:
    """Gini coefficient of non-negative amounts (0 = all equal; near 1 = one has all).

    ``sum((2i - n - 1) x_i) / (n sum x)`` with ``x`` sorted ascending and ``i`` from 1
    (the standard sample formula, e.g. Damgaard and Weiner 2000).
    """
    x = np.sort(np.asarray(values, dtype=float))
    if len(x) == 0 or x.sum() <= 0:
        raise CourseError("needs at least one positive amount to measure inequality")
    if np.isnan(x).any() or (x < 0).any():
        raise CourseError("amounts must be non-negative numbers without gaps")
    i = np.arange(1, len(x) + 1)
    return float(((2 * i - len(x) - 1) * x).sum() / (len(x) * x.sum()))


def basket_lines(lines: pd.DataFrame) -> dict[str, float]:
    """Lines per basket: mean, median, 90th and 99th percentile, largest.

    Counted as receipt lines per ``receipt_id`` (a line may hold several units).
    """
    _need(lines, "receipt_lines", ["receipt_id"])
    n = lines.groupby("receipt_id", sort=False).size()
    return {"lines_mean": float(n.mean()),
            **_quantiles(n, {"lines_median": 0.5, "lines_p90": 0.9, "lines_p99": 0.99}),
            "lines_max": float(n.max())}  # fmt: skip


def basket_values(receipts: pd.DataFrame) -> dict[str, float]:
    """Basket value (``net_cny``): mean, median, 90th percentile and coefficient of variation.

    The CV is the standard deviation (population, ddof=0) over the mean: how spread out
    basket values are relative to their size (real supermarkets: about 2).
    """
    _need(receipts, "receipts", ["net_cny"])
    v = receipts["net_cny"].astype(float)
    return {"value_mean": float(v.mean()),
            **_quantiles(v, {"value_median": 0.5, "value_p90": 0.9}),
            "value_cv": float(v.std(ddof=0) / v.mean())}  # fmt: skip


def _member_receipts(receipts: pd.DataFrame) -> pd.DataFrame:
    _need(receipts, "receipts", ["customer_id", "purchased_at", "net_cny"])
    r = receipts.loc[receipts["customer_id"].notna(), ["customer_id", "purchased_at", "net_cny"]]
    if r.empty:
        raise CourseError("has no member receipts (every customer_id is empty)",
                          table="receipts", column="customer_id")  # fmt: skip
    return r


def member_visits(receipts: pd.DataFrame) -> dict[str, float]:
    """Visits (member receipts) per member who shopped, and the one-visit share.

    The one-visit share is members with exactly one receipt over members with at least one.
    """
    n = _member_receipts(receipts).groupby("customer_id", observed=True).size()
    return {
        "members": float(len(n)),
        "visits_mean": float(n.mean()),
        "visits_median": float(n.median()),
        "one_visit_share": float((n == 1).mean()),
    }


def visit_gaps(receipts: pd.DataFrame) -> dict[str, float]:
    """Days between a member's consecutive visits on different days: mean, median, p90."""
    r = _member_receipts(receipts)
    day = r["purchased_at"].dt.normalize()
    d = pd.DataFrame({"c": r["customer_id"].to_numpy(), "day": day.to_numpy()})
    d = d.drop_duplicates().sort_values(["c", "day"], kind="stable")
    gap = d["day"].diff().dt.days[d["c"].eq(d["c"].shift())]
    if gap.empty:
        return {"gap_days_mean": float("nan"), "gap_days_median": float("nan"),
                "gap_days_p90": float("nan")}  # fmt: skip
    return {"gap_days_mean": float(gap.mean()),
            **_quantiles(gap, {"gap_days_median": 0.5, "gap_days_p90": 0.9})}  # fmt: skip


def _new_member_firsts(receipts: pd.DataFrame, customers: pd.DataFrame) -> pd.DataFrame:
    """First purchase of each new member, with the days to their next purchase day."""
    r = _member_receipts(receipts)
    _need(customers, "customers", ["customer_id", "signup_date"])
    start = r["purchased_at"].min().normalize()
    new = customers.loc[customers["signup_date"] >= start, "customer_id"]
    r = r[r["customer_id"].isin(new)]
    day = r["purchased_at"].dt.normalize()
    d = pd.DataFrame({"c": r["customer_id"].to_numpy(), "day": day.to_numpy()})
    d = d.drop_duplicates().sort_values(["c", "day"], kind="stable")
    first = d.groupby("c", observed=True)["day"].first()
    second = d[d["day"] > d["c"].map(first)].groupby("c", observed=True)["day"].first()
    out = pd.DataFrame({"first": first})
    out["next_days"] = (second.reindex(first.index) - first).dt.days
    return out


def six_month_non_return(receipts: pd.DataFrame, customers: pd.DataFrame) -> dict[str, float]:
    """Share of new members with no purchase on a later day within 183 days of their first.

    Only members whose first purchase is at least 183 days before the last day of the data
    count, so everyone counted had six months to come back.
    """
    f = _new_member_firsts(receipts, customers)
    end = receipts["purchased_at"].max().normalize()
    seen = f[f["first"] <= end - 183 * _DAY]
    if seen.empty:
        return {"new_members_seen_6m": 0.0, "six_month_non_return_share": float("nan")}
    gone = ~(seen["next_days"] <= 183)
    return {"new_members_seen_6m": float(len(seen)),
            "six_month_non_return_share": float(gone.mean())}  # fmt: skip


def new_member_return(
    receipts: pd.DataFrame, customers: pd.DataFrame, months: int = 6
) -> pd.Series:
    """Share of new members who buy in the k-th calendar month after their first purchase.

    Pooled over cohorts (first-purchase months) that can be followed for k months, weighted
    by cohort size; index k = 1..``months``. A real store's curve falls month by month.
    """
    f = _new_member_firsts(receipts, customers)
    r = _member_receipts(receipts)
    r = r[r["customer_id"].isin(f.index)]

    def month_no(t: pd.Series) -> pd.Series:  # whole months since year 0, for differences
        return t.dt.year * 12 + t.dt.month

    cohort_of = month_no(f["first"])
    k = month_no(r["purchased_at"]) - r["customer_id"].map(cohort_of)
    last = int(month_no(receipts["purchased_at"]).max())
    active = pd.DataFrame({"c": r["customer_id"].to_numpy(), "k": k.to_numpy()}).drop_duplicates()
    out = {}
    for m in range(1, months + 1):
        eligible = cohort_of.index[cohort_of + m <= last]
        if len(eligible) == 0:
            out[m] = float("nan")
            continue
        back = active.loc[(active["k"] == m) & active["c"].isin(eligible), "c"].nunique()
        out[m] = back / len(eligible)
    return pd.Series(out, name="return_share").rename_axis("months_after_first")


def spend_concentration(receipts: pd.DataFrame) -> dict[str, float]:
    """Share of member sales made by the top 10 % and 20 % of members, and the Gini.

    Over members with at least one receipt, by total ``net_cny``; the top share counts the
    ``ceil(share x members)`` biggest spenders.
    """
    spend = _member_receipts(receipts).groupby("customer_id", observed=True)["net_cny"].sum()
    s = np.sort(spend.to_numpy(dtype=float))[::-1]
    total = s.sum()
    top = {f"top_{p}_share": float(s[: int(np.ceil(len(s) * p / 100))].sum() / total)
           for p in (10, 20)}  # fmt: skip
    return {**top, "gini": gini(s)}


def product_concentration(lines: pd.DataFrame) -> dict[str, float]:
    """How concentrated sales are on few products (sales = ``line_total_cny``).

    Over products with at least one sale: the share of sales of the top 1 % and 10 % of
    them, and how many (and what share of them) make 80 % of sales.
    """
    _need(lines, "receipt_lines", ["product_id", "line_total_cny"])
    sales = lines.groupby("product_id", observed=True)["line_total_cny"].sum()
    s = np.sort(sales.to_numpy(dtype=float))[::-1]
    total = s.sum()
    if total <= 0:
        raise CourseError("sums to zero: no sales to profile", table="receipt_lines",
                          column="line_total_cny")  # fmt: skip
    cum = np.cumsum(s) / total
    n80 = int(np.searchsorted(cum, 0.8 - 1e-12) + 1)
    return {"products_sold": float(len(s)),
            **{f"top_{p}_share": float(s[: int(np.ceil(len(s) * p / 100))].sum() / total)
               for p in (1, 10)},
            "lines_for_80_percent": float(n80),
            "share_for_80_percent": float(n80 / len(s))}  # fmt: skip


def slow_sellers(receipts: pd.DataFrame, lines: pd.DataFrame) -> dict[str, float]:
    """Share of (store, product) pairs with a sale that sell on fewer than one receipt a week.

    Weeks are the data's span in days over 7.
    """
    _need(receipts, "receipts", ["receipt_id", "store_id", "purchased_at"])
    _need(lines, "receipt_lines", ["receipt_id", "product_id"])
    store = lines["receipt_id"].map(receipts.set_index("receipt_id")["store_id"])
    per = pd.DataFrame({"s": store.to_numpy(), "p": lines["product_id"].to_numpy()}).value_counts()
    span = receipts["purchased_at"].max() - receipts["purchased_at"].min()
    weeks = max(span / pd.Timedelta(days=7), 1.0)
    return {"store_lines_sold": float(len(per)),
            "less_than_weekly_share": float((per / weeks < 1).mean())}  # fmt: skip


def shopping_times(receipts: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Share of receipts by weekday (Mon..Sun) and by hour of day (0..23)."""
    _need(receipts, "receipts", ["purchased_at"])
    t = receipts["purchased_at"]
    names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    wd = t.dt.dayofweek.value_counts(normalize=True).reindex(range(7), fill_value=0.0)
    wd.index = names
    hr = t.dt.hour.value_counts(normalize=True).reindex(range(24), fill_value=0.0)
    return wd.rename("receipt_share"), hr.rename("receipt_share")


@dataclass(frozen=True)
class DataProfile:
    """The profile's sections, each a dict of statistic -> value (or a Series)."""

    baskets: dict[str, float]
    baskets_by_store: pd.DataFrame
    members: dict[str, float]
    gaps: dict[str, float]
    new_members: dict[str, float]
    monthly_return: pd.Series
    spend: dict[str, float]
    products: dict[str, float]
    weekday: pd.Series
    hour: pd.Series

    def sections(self) -> dict[str, dict[str, float]]:
        """The scalar statistics by section, with the supermarket's baskets on their own."""
        out = {"baskets": self.baskets}
        by = self.baskets_by_store
        if "format" in by.columns and (by["format"] == "supermarket").any():
            sup = by[by["format"] == "supermarket"].drop(columns="format")
            out["baskets_supermarket"] = {k: float(v) for k, v in sup.iloc[0].items()}
        return {**out, "members": self.members, "gaps": self.gaps,
                "new_members": self.new_members, "spend": self.spend,
                "products": self.products}  # fmt: skip


def _by_store(
    receipts: pd.DataFrame, lines: pd.DataFrame, stores: pd.DataFrame | None
) -> pd.DataFrame:
    _need(receipts, "receipts", ["receipt_id", "store_id"])
    store_of = lines["receipt_id"].map(receipts.set_index("receipt_id")["store_id"])
    rows = {}
    for sid, rec in receipts.groupby("store_id", observed=True, sort=True):
        rows[sid] = {**basket_lines(lines[store_of == sid]), **basket_values(rec)}
    out = pd.DataFrame(rows).T.rename_axis("store_id")
    if stores is not None and {"store_id", "format"} <= set(stores.columns):
        fmt = stores.set_index("store_id")["format"].astype(str)
        out.insert(0, "format", out.index.map(fmt))
    return out


def profile(
    receipts: pd.DataFrame,
    lines: pd.DataFrame,
    customers: pd.DataFrame,
    stores: pd.DataFrame | None = None,
) -> DataProfile:
    """Measure every statistic of the profile (see the module docstring for definitions).

    Raises
    ------
    CourseError
        If a table is empty, is not a DataFrame, or lacks a column the profile needs.
    """
    _need(receipts, "receipts", PROFILE_COLUMNS["receipts"])
    _need(lines, "receipt_lines", PROFILE_COLUMNS["receipt_lines"])
    _need(customers, "customers", PROFILE_COLUMNS["customers"])
    weekday, hour = shopping_times(receipts)
    return DataProfile(
        baskets={**basket_lines(lines), **basket_values(receipts)},
        baskets_by_store=_by_store(receipts, lines, stores),
        members=member_visits(receipts),
        gaps=visit_gaps(receipts),
        new_members=six_month_non_return(receipts, customers),
        monthly_return=new_member_return(receipts, customers),
        spend=spend_concentration(receipts),
        products={**product_concentration(lines), **slow_sellers(receipts, lines)},
        weekday=weekday,
        hour=hour,
    )


def band_report(p: DataProfile) -> pd.DataFrame:
    """Each target statistic beside its band and whether it is inside (for the data card)."""
    sections = p.sections()
    rows = []
    for key, (lo, hi) in TARGET_BANDS.items():
        section, stat = key.split(".")
        value = sections.get(section, {}).get(stat, float("nan"))
        inside = (lo is None or value >= lo) and (hi is None or value <= hi)
        band = f"{'' if lo is None else f'{lo:g}'}-{'' if hi is None else f'{hi:g}'}"
        rows.append({"statistic": key, "value": value, "band": band, "inside": bool(inside)})
    return pd.DataFrame(rows)


def format_profile(p: DataProfile) -> str:
    """The profile as plain text for the terminal: sections, then profiles, then bands."""
    out = []
    for name, stats in p.sections().items():
        out.append(f"\n{name.replace('_', ' ')}")
        out.extend(f"  {k:<28} {v:>12,.3f}" for k, v in stats.items())
    out.append("\nbaskets by store")
    out.append(p.baskets_by_store.round(2).to_string())
    out.append("\nnew members buying again k months after their first purchase")
    out.append("  " + "  ".join(f"{k}: {v:.3f}" for k, v in p.monthly_return.items()))
    out.append("\nreceipts by weekday")
    out.append("  " + "  ".join(f"{k} {v:.3f}" for k, v in p.weekday.items()))
    out.append("\nreceipts by hour")
    out.append("  " + "  ".join(f"{k:02d}h {v:.3f}" for k, v in p.hour.items() if v > 0))
    out.append("\ntarget bands (the synthetic store's; a real store may differ)")
    out.append(band_report(p).to_string(index=False))
    return "\n".join(out)
