"""Module 10 quiz numbers: the store's KPIs, computed with :mod:`storecrm.analysis.kpis`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storecrm.analysis import customer_value as _value
from storecrm.analysis import kpis as _kpis
from storecrm.analysis import promotions as _promotions
from storecrm.quiz.answers._data import resolve_data

if TYPE_CHECKING:  # pragma: no cover - import only for type checkers
    from storecrm.data import StoreData

__all__ = [
    "best_return_campaign",
    "chain_nps",
    "cheapest_acquisition_channel",
    "cost_per_app_member",
    "marketing_cost_share",
    "worst_return_campaign",
]


def chain_nps(*, data: StoreData | None = None) -> float:
    """The chain's Net Promoter Score (points, -100 to +100) from the visit surveys."""
    return float(_kpis.nps_summary(resolve_data(data).survey_responses).loc["all", "nps"])


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
