"""Module 10 quiz numbers: the store's KPIs, computed with :mod:`storecrm.analysis.kpis`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from storecrm.analysis import customer_value as _value
from storecrm.analysis import kpis as _kpis
from storecrm.analysis import promotions as _promotions
from storecrm.quiz.answers._data import resolve_data

if TYPE_CHECKING:  # pragma: no cover - import only for type checkers
    from storecrm.data import StoreData

__all__ = [
    "app_new_members",
    "app_recruiting_spend_cny",
    "best_return_campaign",
    "chain_nps",
    "cheapest_acquisition_channel",
    "cost_per_app_member",
    "marketing_cost_share",
    "marketing_spend_cny",
    "net_sales_cny",
    "nps_detractors",
    "nps_promoters",
    "nps_responses",
    "worst_return_campaign",
]


def chain_nps(*, data: StoreData | None = None) -> float:
    """The chain's Net Promoter Score (points, -100 to +100) from the visit surveys."""
    return float(_kpis.nps_summary(resolve_data(data).survey_responses).loc["all", "nps"])


def _nps_all(data: StoreData | None) -> pd.Series:
    return _kpis.nps_summary(resolve_data(data).survey_responses).loc["all"]


def nps_responses(*, data: StoreData | None = None) -> int:
    """Visit-survey answers to the recommend question (the NPS denominator)."""
    return int(_nps_all(data)["responses"])


def nps_promoters(*, data: StoreData | None = None) -> int:
    """Answers of 9 or 10, counted back from the promoter share of :func:`chain_nps`."""
    row = _nps_all(data)
    return round(row["promoter_share"] * row["responses"])


def nps_detractors(*, data: StoreData | None = None) -> int:
    """Answers of 0 to 6, counted back from the detractor share of :func:`chain_nps`."""
    row = _nps_all(data)
    return round(row["detractor_share"] * row["responses"])


def marketing_spend_cny(*, data: StoreData | None = None) -> float:
    """All marketing spend of the year (campaign running costs and recruiting), in yuan."""
    return float(resolve_data(data).marketing_spend["spend_cny"].sum())


def net_sales_cny(*, data: StoreData | None = None) -> float:
    """Net sales on the year's receipts, in yuan (the marketing cost share's denominator)."""
    return float(resolve_data(data).receipts["net_cny"].sum())


def marketing_cost_share(*, data: StoreData | None = None) -> float:
    """Marketing spend as a share (0-1) of the year's net sales."""
    d = resolve_data(data)
    return _kpis.marketing_cost_share(d.marketing_spend, d.receipts)


def _acquisition(data: StoreData | None) -> object:
    d = resolve_data(data)
    return _kpis.acquisition_cost(d.marketing_spend, d.customers)


def cost_per_app_member(*, data: StoreData | None = None) -> float:
    """Recruiting spend per new member who signed up in the app, in yuan."""
    return float(_acquisition(data).loc["app", "cost_per_member_cny"])


def app_recruiting_spend_cny(*, data: StoreData | None = None) -> float:
    """Recruiting spend in the app channel, in yuan (months with spend only)."""
    return float(_acquisition(data).loc["app", "spend_cny"])


def app_new_members(*, data: StoreData | None = None) -> int:
    """Members who signed up in the app in the months with app recruiting spend."""
    return int(_acquisition(data).loc["app", "new_members"])


def cheapest_acquisition_channel(*, data: StoreData | None = None) -> str:
    """The sign-up channel with the lowest cost per new member."""
    return str(_acquisition(data).index[0])


def _returns(data: StoreData | None) -> object:
    d = resolve_data(data)
    activity = _promotions.campaign_member_activity(d.campaigns, d.coupon_sends, d.receipts)
    uplift = _promotions.campaign_uplift(_promotions.campaign_results(activity))
    margin = _value.gross_margin_rate(d.receipt_lines, d.products)
    out = _kpis.campaign_return(uplift, d.marketing_spend, margin)
    return out.join(d.campaigns.set_index("campaign_id")["campaign_name"])


def best_return_campaign(*, data: StoreData | None = None) -> str:
    """Name of the campaign with the highest return on marketing against its control group."""
    out = _returns(data)
    return str(out.loc[out["romi"].idxmax(), "campaign_name"])


def worst_return_campaign(*, data: StoreData | None = None) -> str:
    """Name of the campaign with the lowest return on marketing against its control group."""
    out = _returns(data)
    return str(out.loc[out["romi"].idxmin(), "campaign_name"])
