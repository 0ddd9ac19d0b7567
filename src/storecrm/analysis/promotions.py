"""Channels, promotions and campaign results for Module 4.

Staff are asked two questions about every promotion: "what does it cost us?" and "did it
work?". The functions here answer both from Maple Street Mart's data, in the same way the
chapter explains them at the counter:

* :func:`channel_mix` and :func:`payment_mix` show how shoppers reach us and pay, store by
  store, so staff know which touchpoints matter where they work.
* :func:`bundle_quote` and :func:`tiered_discount` price an offer with the store's real
  products, so the margin given away is visible before the poster is printed.
* :func:`campaign_member_activity`, :func:`campaign_results` and :func:`campaign_uplift`
  judge a coupon campaign the honest way: members who got the coupon (treatment group) are
  compared with members picked at random who did not (control group), over the same dates.
  The difference between the groups, not the spend of the people who redeemed, is the
  campaign's effect (the randomised-experiment logic of A/B tests; see Kohavi, Tang and Xu,
  *Trustworthy Online Controlled Experiments*, 2020).
* :func:`daily_sales` and :func:`holiday_lift` measure festival peaks.

The numbers the Module 4 quiz asks for are built on these in
:mod:`storecrm.quiz.answers.promotions`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from storecrm.analysis.checks import (
    check_ids_known,
    check_names,
    check_number,
    check_order,
    check_table,
    check_timestamp,
    require_no_missing,
)
from storecrm.errors import CourseError

__all__ = [
    "BUNDLE_EXAMPLE",
    "HOLIDAYS_2025",
    "BundleQuote",
    "bundle_quote",
    "campaign_member_activity",
    "campaign_results",
    "campaign_uplift",
    "channel_mix",
    "daily_sales",
    "find_products",
    "holiday_lift",
    "payment_mix",
    "share_table",
    "tiered_discount",
]

#: Festival dates in the data year (first day of the Lunar New Year; Mid-Autumn Festival).
HOLIDAYS_2025: dict[str, pd.Timestamp] = {
    "Spring Festival": pd.Timestamp("2025-01-29"),
    "Mid-Autumn Festival": pd.Timestamp("2025-10-06"),
}

#: The breakfast bundle the chapter prices: product names (one per item) and the bundle price.
BUNDLE_EXAMPLE: tuple[tuple[str, ...], float] = (
    ("Hot soy milk", "Steamed pork bun", "Steamed pork bun", "Tea egg"),
    8.50,
)


def share_table(receipts: pd.DataFrame, column: str, by: str = "store_id") -> pd.DataFrame:
    """Share (0-1) of receipts falling in each value of ``column``, one row per ``by`` group.

    Shares, not counts, because a busy supermarket and a small kiosk can only be compared
    on shares. Each row adds up to 1; pages show the cells with ``storecrm.format.percent``.

    Parameters
    ----------
    receipts
        The ``receipts`` table (one row per checkout).
    column
        The column to split by, for example ``"channel"`` or ``"payment_method"``.
    by
        The grouping column, ``"store_id"`` by default.

    Returns
    -------
    pandas.DataFrame
        Rows are the groups, columns the values of ``column``, cells shares (0-1).
    """
    for name, value in (("column", column), ("by", by)):
        if not isinstance(value, str):
            raise CourseError(f"must be a column name, got {value!r}", column=name)
    check_table(receipts, "receipts", [column, by])
    require_no_missing(receipts[column], "receipts", column)
    require_no_missing(receipts[by], "receipts", by)
    counts = pd.crosstab(receipts[by], receipts[column])
    counts = counts.loc[:, counts.sum(axis=0) > 0]
    shares = counts.div(counts.sum(axis=1), axis=0)
    shares.columns = shares.columns.astype(str)
    shares.columns.name = column
    return shares


def channel_mix(receipts: pd.DataFrame, by: str = "store_id") -> pd.DataFrame:
    """Share of receipts (0-1) per sales channel (in store, app pick-up, delivery) by store."""
    return share_table(receipts, "channel", by=by)


def payment_mix(receipts: pd.DataFrame, by: str = "store_id") -> pd.DataFrame:
    """Share of receipts (0-1) per payment method by store."""
    return share_table(receipts, "payment_method", by=by)


@dataclass(frozen=True)
class BundleQuote:
    """What a bundle costs the shopper and what it leaves the store, in yuan.

    ``margin_*`` is the gross margin: selling price minus the store's purchase cost, before
    wages, rent and electricity.
    """

    items: pd.DataFrame
    separate_price_cny: float
    bundle_price_cny: float
    cost_cny: float

    def __post_init__(self) -> None:
        if not isinstance(self.items, pd.DataFrame):
            raise CourseError(
                f"expected a table of the bundle's products, got {type(self.items).__name__}",
                column="items",
                hint="Make quotes with bundle_quote(products, product_ids, price)",
            )
        check_number(self.separate_price_cny, "separate_price_cny", minimum=0)
        check_number(self.bundle_price_cny, "bundle_price_cny", above=0)
        check_number(self.cost_cny, "cost_cny", minimum=0)

    @property
    def saving_cny(self) -> float:
        """How much less the shopper pays than for the same items bought separately."""
        return self.separate_price_cny - self.bundle_price_cny

    @property
    def saving_share(self) -> float:
        """The saving as a share (0-1) of the separate price."""
        return self.saving_cny / self.separate_price_cny

    @property
    def separate_margin_cny(self) -> float:
        """Gross margin if the same items were sold at their normal prices."""
        return self.separate_price_cny - self.cost_cny

    @property
    def margin_cny(self) -> float:
        """Gross margin the store keeps on one bundle."""
        return self.bundle_price_cny - self.cost_cny

    @property
    def margin_rate(self) -> float:
        """Gross margin as a share (0-1) of the bundle price: the bundle's gross margin rate."""
        return self.margin_cny / self.bundle_price_cny

    @property
    def bundles_to_match(self) -> float:
        """Bundles needed to earn the margin of one set of items sold at normal prices.

        1.5 means: for every shopper who would have bought all the items anyway, the bundle
        must bring in half a shopper more before the store earns as much as before.
        """
        if self.margin_cny <= 0:
            return float("inf")
        return self.separate_margin_cny / self.margin_cny


def find_products(products: pd.DataFrame, names: Sequence[str]) -> list[str]:
    """Product ids for product names, in the same order (repeats allowed).

    Chapters name products as the shelf label does, so a page stays right even if product
    ids are renumbered when the data is regenerated.

    Raises
    ------
    CourseError
        If a name is not on the price list.
    """
    names = check_names(names, "names")
    check_table(products, "products", ["product_id", "product_name"])
    ids = products.drop_duplicates("product_name").set_index("product_name")["product_id"]
    missing = [name for name in names if name not in ids.index]
    if missing:
        raise CourseError(
            f"not on the price list: {', '.join(map(repr, missing))}",
            table="products",
            column="product_name",
            hint="Write the names as on the shelf label, e.g. 'Tea egg'",
        )
    return [str(ids[name]) for name in names]


def bundle_quote(
    products: pd.DataFrame, product_ids: Sequence[str], bundle_price_cny: float
) -> BundleQuote:
    """Price a bundle of products at one bundle price and show the margin it leaves.

    Parameters
    ----------
    products
        The ``products`` table (``product_id``, ``product_name``, ``unit_price_cny``,
        ``unit_cost_cny``).
    product_ids
        One id per item in the bundle (repeat an id to put two of the same item in).
    bundle_price_cny
        The price on the poster, in yuan.

    Raises
    ------
    CourseError
        If an id is not in the product list or the price is not positive.
    """
    check_number(bundle_price_cny, "bundle_price_cny", above=0, maximum=1e6)
    product_ids = check_names(product_ids, "product_ids")
    check_table(
        products, "products", ["product_id", "product_name", "unit_price_cny", "unit_cost_cny"]
    )
    check_ids_known(
        pd.Series(product_ids), "product_ids", "product_ids", products["product_id"], "products"
    )
    known = products.drop_duplicates("product_id").set_index("product_id")
    items = known.loc[list(product_ids), ["product_name", "unit_price_cny", "unit_cost_cny"]]
    items = items.reset_index()
    return BundleQuote(
        items=items,
        separate_price_cny=float(items["unit_price_cny"].sum()),
        bundle_price_cny=float(bundle_price_cny),
        cost_cny=float(items["unit_cost_cny"].sum()),
    )


def tiered_discount(spend_cny: float, tiers: Sequence[tuple[float, float]]) -> float:
    """Discount (yuan) for a "spend more, save more" offer (满减).

    Only the highest tier reached applies; tiers do not add up. With tiers
    ``[(30, 3), (60, 8)]`` a ¥59.90 basket gets ¥3 off and a ¥60.00 basket ¥8 off.

    Parameters
    ----------
    spend_cny
        The basket total before the discount, in yuan.
    tiers
        ``(minimum spend, discount)`` pairs in yuan, in any order.
    """
    check_number(spend_cny, "spend_cny", minimum=0, hint="It is the basket total in yuan")
    if isinstance(tiers, str | bytes) or not isinstance(tiers, Sequence) or not tiers:
        raise CourseError(
            f"must be a non-empty list of (minimum spend, discount) pairs, got {tiers!r}",
            column="tiers",
            hint="e.g. [(30, 3), (60, 8)]",
        )
    for pair in tiers:
        if not isinstance(pair, Sequence) or isinstance(pair, str) or len(pair) != 2:
            raise CourseError(
                f"each tier is a (minimum spend, discount) pair, got {pair!r}", column="tiers"
            )
        threshold, off = pair
        check_number(threshold, "tiers", minimum=0, hint="Minimum spends are yuan, 0 or more")
        check_number(off, "tiers", minimum=0, hint="Discounts are yuan, 0 or more")
        if off > threshold:
            raise CourseError(
                f"the tier {pair!r} takes off more than its minimum spend",
                column="tiers",
                hint="A 满减 tier is (spend at least, yuan off), e.g. (30, 3)",
            )
    reached = [off for threshold, off in tiers if spend_cny >= threshold]
    return float(max(reached)) if reached else 0.0


def campaign_member_activity(
    campaigns: pd.DataFrame, coupon_sends: pd.DataFrame, receipts: pd.DataFrame
) -> pd.DataFrame:
    """One row per coupon send: the member's visits and spend during the campaign dates.

    Both groups are measured over exactly the same dates (``starts_on`` to ``ends_on``,
    both days included), so the control group shows what the treatment group would have
    done without the coupon.

    Returns
    -------
    pandas.DataFrame
        Columns ``campaign_id``, ``customer_id``, ``group``, ``redeemed`` (bool),
        ``visits`` (receipts in the window) and ``spend_cny`` (net spend in the window).
    """
    check_table(campaigns, "campaigns", ["campaign_id", "starts_on", "ends_on"])
    check_order(campaigns, "campaigns", "starts_on", "ends_on")
    if campaigns["campaign_id"].duplicated().any():
        raise CourseError(
            "the same campaign id is on more than one row",
            table="campaigns",
            column="campaign_id",
            hint="Each campaign has one row",
        )
    check_table(
        coupon_sends, "coupon_sends", ["campaign_id", "customer_id", "group", "redeemed_at"]
    )
    check_ids_known(
        coupon_sends["campaign_id"],
        "coupon_sends",
        "campaign_id",
        campaigns["campaign_id"],
        "campaigns",
    )
    check_table(receipts, "receipts", ["customer_id", "purchased_at", "net_cny"], min_rows=1)
    sends = coupon_sends[["campaign_id", "customer_id", "group", "redeemed_at"]].copy()
    sends["group"] = sends["group"].astype(str)
    sends["redeemed"] = sends["redeemed_at"].notna()
    windows = campaigns[["campaign_id", "starts_on", "ends_on"]].copy()
    windows["starts_on"] = pd.to_datetime(windows["starts_on"]).dt.normalize()
    windows["ends_on"] = pd.to_datetime(windows["ends_on"]).dt.normalize()
    sends = sends.merge(windows, on="campaign_id", how="left", validate="many_to_one")
    sends = sends.reset_index(drop=True)
    sends["send_row"] = sends.index

    member_receipts = receipts.loc[receipts["customer_id"].notna()]
    member_receipts = member_receipts[["customer_id", "purchased_at", "net_cny"]].copy()
    member_receipts["day"] = pd.to_datetime(member_receipts["purchased_at"]).dt.normalize()
    joined = sends[["send_row", "customer_id", "starts_on", "ends_on"]].merge(
        member_receipts[["customer_id", "day", "net_cny"]], on="customer_id", how="inner"
    )
    inside = joined[(joined["day"] >= joined["starts_on"]) & (joined["day"] <= joined["ends_on"])]
    totals = inside.groupby("send_row").agg(
        visits=("net_cny", "size"), spend_cny=("net_cny", "sum")
    )
    out = sends.join(totals, on="send_row")
    out["visits"] = out["visits"].fillna(0).astype(int)
    out["spend_cny"] = out["spend_cny"].fillna(0.0).astype(float)
    return out[["campaign_id", "customer_id", "group", "redeemed", "visits", "spend_cny"]]


def campaign_results(activity: pd.DataFrame) -> pd.DataFrame:
    """Per campaign and group: members, redemption rate and visits/spend per member.

    Parameters
    ----------
    activity
        The output of :func:`campaign_member_activity`.

    Returns
    -------
    pandas.DataFrame
        Index ``(campaign_id, group)``; columns ``members``, ``redeemed``,
        ``redemption_rate``, ``visits_per_member``, ``spend_per_member_cny``.
    """
    check_table(
        activity,
        "activity",
        ["campaign_id", "customer_id", "group", "redeemed", "visits", "spend_cny"],
    )
    grouped = activity.groupby(["campaign_id", "group"], observed=True)
    out = grouped.agg(
        members=("customer_id", "size"),
        redeemed=("redeemed", "sum"),
        visits_per_member=("visits", "mean"),
        spend_per_member_cny=("spend_cny", "mean"),
    )
    out["redemption_rate"] = out["redeemed"] / out["members"]
    return out[
        ["members", "redeemed", "redemption_rate", "visits_per_member", "spend_per_member_cny"]
    ]


def campaign_uplift(results: pd.DataFrame) -> pd.DataFrame:
    """Treatment minus control, per campaign: the campaign's real effect per member.

    Parameters
    ----------
    results
        The output of :func:`campaign_results`; each campaign needs both groups.

    Returns
    -------
    pandas.DataFrame
        One row per campaign: ``redemption_rate`` (treatment), ``extra_visits_per_member``
        and ``extra_spend_per_member_cny`` (treatment minus control), and the group sizes.
    """
    check_table(
        results,
        "results",
        ["members", "redemption_rate", "visits_per_member", "spend_per_member_cny"],
    )
    if list(results.index.names) != ["campaign_id", "group"]:
        raise CourseError(
            f"is indexed by {list(results.index.names)}, not (campaign_id, group)",
            table="results",
            hint="Make it with campaign_results(activity)",
        )
    wide = results.unstack("group")
    needed = {"treatment", "control"}
    present = set(wide.columns.get_level_values("group"))
    if not needed <= present:
        raise CourseError(
            f"has only the group(s) {', '.join(sorted(map(str, present)))}; each campaign "
            "needs a treatment group and a control group",
            table="results",
            column="group",
        )
    out = pd.DataFrame(
        {
            "treatment_members": wide[("members", "treatment")],
            "control_members": wide[("members", "control")],
            "redemption_rate": wide[("redemption_rate", "treatment")],
            "extra_visits_per_member": wide[("visits_per_member", "treatment")]
            - wide[("visits_per_member", "control")],
            "extra_spend_per_member_cny": wide[("spend_per_member_cny", "treatment")]
            - wide[("spend_per_member_cny", "control")],
        }
    )
    return out.dropna(subset=["treatment_members", "control_members"])


def daily_sales(receipts: pd.DataFrame) -> pd.DataFrame:
    """Receipts and net takings (yuan) per calendar day, all stores together."""
    check_table(receipts, "receipts", ["receipt_id", "purchased_at", "net_cny"])
    day = receipts["purchased_at"].dt.normalize().rename("day")
    out = receipts.groupby(day).agg(receipts=("receipt_id", "size"), net_cny=("net_cny", "sum"))
    return out


def holiday_lift(
    daily: pd.DataFrame, holiday: pd.Timestamp, days_before: int = 7, days_after: int = 0
) -> float:
    """Average daily takings around a festival divided by a typical day's takings.

    The window runs from ``days_before`` days before the festival to ``days_after`` days
    after it (the festival day itself is included). A "typical day" is the median day of
    the whole period, so the festival peaks themselves hardly move it. 1.4 means the
    festival days took in 40% more than a typical day.

    Parameters
    ----------
    daily
        The output of :func:`daily_sales`.
    holiday
        The festival date.
    """
    check_table(daily, "daily", ["net_cny"])
    if not isinstance(daily.index, pd.DatetimeIndex):
        raise CourseError(
            f"is indexed by {type(daily.index).__name__}, not by day",
            table="daily",
            hint="Make it with daily_sales(receipts)",
        )
    if daily["net_cny"].median() <= 0:
        raise CourseError(
            "has a typical (median) day with no takings, so a lift cannot be computed",
            table="daily",
            column="net_cny",
        )
    for name, value in (("days_before", days_before), ("days_after", days_after)):
        check_number(value, name, minimum=0, maximum=366, whole=True)
    holiday = check_timestamp(holiday, "holiday").normalize()
    start = holiday - pd.Timedelta(days=days_before)
    end = holiday + pd.Timedelta(days=days_after)
    window = daily.loc[(daily.index >= start) & (daily.index <= end), "net_cny"]
    if window.empty:
        raise CourseError(
            f"no trading days between {start.date()} and {end.date()} in the daily table "
            f"({daily.index.min().date()} to {daily.index.max().date()})",
            column="holiday",
            hint="Pick a festival inside the data",
        )
    return float(window.mean() / daily["net_cny"].median())
