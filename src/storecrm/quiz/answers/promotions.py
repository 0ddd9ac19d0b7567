"""Module 4 quiz numbers: channels, coupons, campaign results and a bundle's margin."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from storecrm.analysis.promotions import (
    BUNDLE_EXAMPLE,
    BundleQuote,
    bundle_quote,
    campaign_member_activity,
    campaign_results,
    campaign_uplift,
    find_products,
)
from storecrm.quiz.answers._data import resolve_data

if TYPE_CHECKING:  # pragma: no cover - import only for type checkers
    from storecrm.data import StoreData

__all__ = [
    "bundle_cost_cny",
    "bundle_margin_cny",
    "bundle_price_cny",
    "bundle_separate_price_cny",
    "control_spend_per_member",
    "online_order_count",
    "online_order_share",
    "receipt_count",
    "redemption_rate",
    "spend_uplift_per_member",
    "treatment_redeemed_count",
    "treatment_send_count",
    "treatment_spend_per_member",
    "visit_uplift_share",
]


def _activity(data: StoreData | None) -> pd.DataFrame:
    d = resolve_data(data)
    return campaign_member_activity(d.campaigns, d.coupon_sends, d.receipts)


def online_order_share(*, data: StoreData | None = None) -> float:
    """Share (0-1) of all receipts that were app pick-up or delivery orders.

    Counts receipts, not yuan, over all stores.
    """
    receipts = resolve_data(data).receipts
    return float((receipts["channel"].astype(str) != "in_store").mean())


def redemption_rate(*, data: StoreData | None = None) -> float:
    """Share (0-1) of treatment-group coupons redeemed, all campaigns pooled.

    Pooled means redeemed treatment sends / all treatment sends, so a big campaign counts
    more than a small one.
    """
    activity = _activity(data)
    treated = activity[activity["group"] == "treatment"]
    return float(treated["redeemed"].mean())


def spend_uplift_per_member(*, data: StoreData | None = None) -> float:
    """Extra yuan a treatment member spent versus a control member, averaged over campaigns.

    Per campaign: mean net spend of treatment members minus that of control members during
    the campaign dates (:func:`~storecrm.analysis.promotions.campaign_uplift`); each
    campaign's difference is weighted by its number of treatment members.
    """
    uplift = campaign_uplift(campaign_results(_activity(data)))
    weights = uplift["treatment_members"]
    return float((uplift["extra_spend_per_member_cny"] * weights).sum() / weights.sum())


def visit_uplift_share(*, data: StoreData | None = None) -> float:
    """How many more visits (as a share, 0.2 = 20 % more) a coupon member made than a control one.

    All campaigns pooled: mean visits during the campaign dates of treatment members divided by
    that of control members, minus 1. The planted campaign effect the trainer's sheet quotes.
    """
    visits = _activity(data).groupby("group")["visits"].mean()
    return float(visits["treatment"] / visits["control"] - 1)


def bundle_margin_cny(*, data: StoreData | None = None) -> float:
    """Gross margin (yuan) on one breakfast bundle from ``BUNDLE_EXAMPLE``.

    Bundle price minus the summed ``unit_cost_cny`` of its items, looked up by product name.
    """
    names, price = BUNDLE_EXAMPLE
    products = resolve_data(data).products
    return bundle_quote(products, find_products(products, names), price).margin_cny


# --- the figures a question prints so the learner can work the answer out --------------------


def receipt_count(*, data: StoreData | None = None) -> int:
    """How many receipts the data holds, all channels."""
    return len(resolve_data(data).receipts)


def online_order_count(*, data: StoreData | None = None) -> int:
    """How many receipts were app pick-up or delivery orders (not ``in_store``)."""
    receipts = resolve_data(data).receipts
    return int((receipts["channel"].astype(str) != "in_store").sum())


def _treated(data: StoreData | None) -> pd.DataFrame:
    activity = _activity(data)
    return activity[activity["group"] == "treatment"]


def treatment_send_count(*, data: StoreData | None = None) -> int:
    """Coupons sent to treatment-group members, all campaigns."""
    return len(_treated(data))


def treatment_redeemed_count(*, data: StoreData | None = None) -> int:
    """Treatment-group coupons that were redeemed, all campaigns."""
    return int(_treated(data)["redeemed"].sum())


def _weighted_group_spend(data: StoreData | None, group: str) -> float:
    """Mean spend per member of ``group``, campaigns weighted by their treatment members.

    With the same weights as :func:`spend_uplift_per_member`, treatment minus control of
    these two figures is exactly that uplift.
    """
    results = campaign_results(_activity(data))
    wide = results.unstack("group")
    weights = wide[("members", "treatment")]
    spend = wide[("spend_per_member_cny", group)]
    return float((spend * weights).sum() / weights.sum())


def treatment_spend_per_member(*, data: StoreData | None = None) -> float:
    """Yuan a coupon (treatment) member spent during the campaign dates, campaigns weighted."""
    return _weighted_group_spend(data, "treatment")


def control_spend_per_member(*, data: StoreData | None = None) -> float:
    """Yuan a control member spent during the campaign dates, weighted like the treatment."""
    return _weighted_group_spend(data, "control")


def _bundle(data: StoreData | None) -> BundleQuote:
    names, price = BUNDLE_EXAMPLE
    products = resolve_data(data).products
    return bundle_quote(products, find_products(products, names), price)


def bundle_price_cny(*, data: StoreData | None = None) -> float:
    """The breakfast bundle's price (yuan)."""
    return float(_bundle(data).bundle_price_cny)


def bundle_cost_cny(*, data: StoreData | None = None) -> float:
    """What the store pays its suppliers for the bundle's items (yuan)."""
    return float(_bundle(data).cost_cny)


def bundle_separate_price_cny(*, data: StoreData | None = None) -> float:
    """The bundle's items at their shelf prices, bought one by one (yuan)."""
    return float(_bundle(data).separate_price_cny)
