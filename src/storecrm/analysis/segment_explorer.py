"""The segment explorer: cut the members another way and see what each group is worth.

Module 7 groups members in two ways: RFM groups (:func:`~storecrm.analysis.segments.rfm_segments`)
and behaviour clusters (:func:`~storecrm.analysis.segments.store_clusters`). Both rest on a
choice: what counts as a "high" and a "low" RFM score (the chapter uses 4 and 2), or how many
clusters. The explorer lets a room change that choice and see, for every group:

* its size and its share of members;
* its **value share**: the share of all member spend in the view that the group brings;
* its profile, in the value measures of :func:`~storecrm.analysis.segments.segment_value`
  (spend and visits per member, basket, active months, still active, consent);
* the suggested action: for an RFM group the chapter's action in
  :data:`~storecrm.analysis.segments.RFM_GROUPS`; for a cluster, the action for the RFM group
  most of its members are in (at the chapter's cuts), named so the room can check it.

Everything slow is done once in :func:`explorer_data` (the per-member values, and the
clusters for every k the tool offers); an update only regroups and averages. The per-member
values come from ``segment_value`` itself, called with one segment per member, so a measure
such as "still active" is defined in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from storecrm.analysis.checks import check_data
from storecrm.analysis.segments import (
    RFM_GROUPS,
    cluster_members,
    cluster_profiles,
    member_features,
    name_clusters,
    rfm_group,
    rfm_scores,
    rfm_table,
    segment_value,
)
from storecrm.data import StoreData, load
from storecrm.errors import CourseError
from storecrm.format import count, percent, yuan

__all__ = [
    "CLUSTER_KS",
    "MODES",
    "ExplorerData",
    "ExplorerSetting",
    "check_setting",
    "explore",
    "explorer_data",
    "explorer_table",
    "preset_settings",
    "segment_members",
    "store_explorer_data",
]

#: The two ways of grouping the tool offers.
MODES: tuple[str, ...] = ("rfm", "clusters")

#: The numbers of clusters the tool offers (the range :func:`~storecrm.analysis.segments.choose_k`
#: compares in the chapter).
CLUSTER_KS: tuple[int, ...] = tuple(range(2, 9))

_ACTIONS = {name: action for name, _rule, action in RFM_GROUPS}

#: The per-member measures, as shares (0-1) where ``segment_value`` gives percents.
_MEASURES = ("spend", "visits", "active_months", "still_active", "referral", "consent")


@dataclass(frozen=True)
class ExplorerData:
    """Everything an update needs, prepared once.

    ``scores`` has the ``r``, ``f``, ``m`` scores of every member; ``members`` the per-member
    measures of :data:`_MEASURES`; ``clusters`` the profile name of each clustered member
    for every k offered.
    """

    scores: pd.DataFrame
    members: pd.DataFrame
    clusters: dict[int, pd.Series]


def explorer_data(data: StoreData, ks: tuple[int, ...] = CLUSTER_KS) -> ExplorerData:
    """Score, value and cluster the members of ``data`` once, with Module 7's helpers."""
    check_data(data)
    scores = rfm_scores(rfm_table(data.receipts))
    ids = pd.Series(scores.index, index=scores.index)
    value = segment_value(data.receipts, data.customers, ids)
    members = pd.DataFrame(
        {
            "spend": value["spend_per_member_cny"],
            "visits": value["visits_per_member"],
            "active_months": value["active_months"],
            "still_active": value["still_active_share"],
            "referral": value["referral_share"],
            "consent": value["consent_share"],
        }
    ).reindex(scores.index)
    features = member_features(data.receipts, data.receipt_lines, data.products)
    clusters = {}
    for k in ks:
        numbers = cluster_members(features, k)
        names = name_clusters(cluster_profiles(features, numbers))
        clusters[int(k)] = numbers.map(names).rename("segment")
    return ExplorerData(scores=scores[["r", "f", "m"]], members=members, clusters=clusters)


@lru_cache(maxsize=1)
def store_explorer_data() -> ExplorerData:
    """:func:`explorer_data` of the committed data set, prepared once per session."""
    return explorer_data(load())


@dataclass(frozen=True)
class ExplorerSetting:
    """How to cut: RFM groups with a high and a low score cut, or ``k`` clusters."""

    mode: str = "rfm"
    high_score: int = 4
    low_score: int = 2
    k: int = 5


def check_setting(setting: ExplorerSetting, data: ExplorerData | None = None) -> ExplorerSetting:
    """Refuse settings that mean nothing, naming the control and what to enter."""
    if not isinstance(setting, ExplorerSetting):
        raise CourseError(f"expected an ExplorerSetting, not {type(setting).__name__}")
    if setting.mode not in MODES:
        raise CourseError(
            f"is {setting.mode!r}", column="grouping", hint=f"Choose one of {', '.join(MODES)}"
        )
    if setting.mode == "rfm":
        # The group rules check the cuts (whole scores, low below high) in one place.
        one = pd.Series([3])
        try:
            rfm_group(one, one, one, high=setting.high_score, low=setting.low_score)
        except CourseError as exc:
            which = "high score cut" if exc.column == "high" else "low score cut"
            raise CourseError(exc.problem, column=which, hint=exc.hint) from None
    else:
        offered = CLUSTER_KS if data is None else tuple(data.clusters)
        if isinstance(setting.k, bool) or setting.k not in offered:
            raise CourseError(
                f"is {setting.k!r}",
                column="number of clusters",
                hint=f"Choose from {min(offered)} to {max(offered)}",
            )
    return setting


def segment_members(setting: ExplorerSetting, data: ExplorerData) -> pd.Series:
    """The segment name of every member in the view, for one setting."""
    check_setting(setting, data)
    if setting.mode == "clusters":
        return data.clusters[int(setting.k)]
    s = data.scores
    group = rfm_group(s["r"], s["f"], s["m"], high=setting.high_score, low=setting.low_score)
    return group.rename("segment")


def _cluster_action(segment: pd.Series, data: ExplorerData) -> dict[str, str]:
    """Each cluster's most common RFM group (at the chapter's cuts) and that group's action.

    A tie goes to the group listed first in :data:`RFM_GROUPS`.
    """
    s = data.scores.reindex(segment.index)
    rfm = rfm_group(s["r"], s["f"], s["m"])
    shares = pd.crosstab(segment, rfm, normalize="index", dropna=False)
    shares = shares.reindex(columns=[name for name, _rule, _action in RFM_GROUPS], fill_value=0)
    actions = {}
    for name, row in shares.iterrows():
        top = str(row.idxmax())
        actions[name] = f"Mostly {top} ({percent(float(row.max()), 0)}): {_ACTIONS[top]}"
    return actions


def explore(setting: ExplorerSetting, data: ExplorerData | None = None) -> pd.DataFrame:
    """One row per segment: size, shares of members and spend, profile and action.

    Rows are in order of spend per member, highest first. Shares are fractions 0-1 of the
    members in the view (all members for RFM; members with enough visits to cluster).
    """
    data = store_explorer_data() if data is None else data
    segment = segment_members(setting, data)
    m = data.members.reindex(segment.index)
    by = m.groupby(segment, observed=True)
    table = pd.DataFrame(
        {
            "members": by.size(),
            "member_share": by.size() / len(segment),
            "value_share": by["spend"].sum() / m["spend"].sum(),
            "spend_per_member_cny": by["spend"].mean(),
            "visits_per_member": by["visits"].mean(),
            "avg_basket_cny": by["spend"].sum() / by["visits"].sum(),
            "active_months": by["active_months"].mean(),
            "still_active_share": by["still_active"].mean(),
            "consent_share": by["consent"].mean(),
        }
    )
    if setting.mode == "rfm":
        table["action"] = [_ACTIONS[str(name)] for name in table.index]
    else:
        actions = _cluster_action(segment, data)
        table["action"] = [actions[name] for name in table.index]
    table.index = table.index.astype(str)
    table.index.name = "segment"
    return table.sort_values("spend_per_member_cny", ascending=False)


def explorer_table(setting: ExplorerSetting, data: ExplorerData | None = None) -> pd.DataFrame:
    """:func:`explore` as display text: what the tool and the book's static tables show."""
    t = explore(setting, data)
    return pd.DataFrame(
        {
            "members": t["members"].map(count),
            "share of members": t["member_share"].map(lambda v: percent(v, 0)),
            "share of spend": t["value_share"].map(lambda v: percent(v, 0)),
            "spend per member": t["spend_per_member_cny"].map(lambda v: yuan(v, 0)),
            "visits per member": t["visits_per_member"].map(lambda v: f"{v:.1f}"),
            "still active": t["still_active_share"].map(lambda v: percent(v, 0)),
            "agreed to offers": t["consent_share"].map(lambda v: percent(v, 0)),
            "suggested action": t["action"],
        }
    )


def preset_settings() -> dict[str, ExplorerSetting]:
    """Settings a workshop compares: the chapter's RFM cuts, stricter and looser, and k = 5."""
    return {
        "RFM groups, the chapter's cuts (high 4+, low 2 or less)": ExplorerSetting(),
        "RFM groups, strict cuts (high 5, low 1)": ExplorerSetting(high_score=5, low_score=1),
        "RFM groups, loose cuts (high 3+, low 2 or less)": ExplorerSetting(high_score=3),
        "Five behaviour clusters (the chapter's profiles)": ExplorerSetting(mode="clusters"),
    }
