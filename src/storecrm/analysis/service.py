"""Busy hours, tills and checkout speed: the numbers behind Module 2 (service standards).

A shopper judges the whole visit by the last two minutes at the till. These helpers turn the
receipts into "how many shoppers reach the till in each hour", turn that into "how many tills
to open", and put it beside what shoppers say about checkout speed in the survey.

The till rule is deliberately simple so staff can do it in their head:

    tills to open = receipts per hour x minutes per receipt / 60 / busy share

``busy share`` is how much of each hour one till may be busy. It is kept below 1 (0.8 by
default) because shoppers do not arrive evenly: in queueing theory the waiting time grows
steeply as a server's utilisation approaches 100 % (Kingman 1961; any operations textbook,
e.g. Hopp & Spearman, *Factory Physics*, ch. 8). Hourly averages also hide ten-minute rushes,
so the rule gives the *minimum* to plan for, not a guarantee of no queue.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from storecrm.analysis.checks import (
    check_names,
    check_number,
    check_series,
    check_table,
    require_known,
    require_no_missing,
)
from storecrm.data.schema import CATEGORY_VALUES
from storecrm.errors import CourseError

__all__ = [
    "DEFAULT_MAX_BUSY_SHARE",
    "DEFAULT_MINUTES_PER_RECEIPT",
    "EXAMPLE_DAILY_RECEIPTS",
    "LATE_FROM_HOUR",
    "QUEUE_WORDS",
    "TILL_CHANNELS",
    "checkout_speed_by_store",
    "hourly_profile",
    "till_plan",
    "tills_to_open",
]

#: Minutes one receipt takes at the till (scan, pay, bag). An assumption: time your own till.
DEFAULT_MINUTES_PER_RECEIPT: float = 1.0
#: The most of each hour one till should be busy before you open another one.
DEFAULT_MAX_BUSY_SHARE: float = 0.8
#: Receipts that are paid at the counter. App pick-ups and deliveries are prepaid.
TILL_CHANNELS: tuple[str, ...] = ("in_store",)
#: Worked-example assumption: shoppers paying in store on a weekday at Station Square (S01).
#: The course data set is small (a sample of walk-in shoppers), so its counts are far below a
#: real store's; the chapter scales the *shape* of the day to this stated daily total.
EXAMPLE_DAILY_RECEIPTS: int = 1000
#: Receipts from this clock hour on count as "late evening" (thin staffing in many stores).
LATE_FROM_HOUR: int = 20
#: Whole words (regular expressions) in a survey comment that mean the shopper is talking
#: about the queue at the till. Whole words, so that "still" does not count as "till".
QUEUE_WORDS: tuple[str, ...] = (r"queues?", r"tills?", r"wait\w*")

_HOURS = range(24)
_DAY_TYPES = ("weekday", "weekend")


def _day_type(purchased_at: pd.Series) -> pd.Series:
    """Label each timestamp "weekday" (Mon-Fri) or "weekend" (Sat-Sun)."""
    weekend = purchased_at.dt.dayofweek >= 5
    return pd.Series(np.where(weekend, "weekend", "weekday"), index=purchased_at.index)


def hourly_profile(
    receipts: pd.DataFrame,
    stores: pd.DataFrame,
    by: str = "format",
    channels: Sequence[str] = TILL_CHANNELS,
) -> pd.DataFrame:
    """Average receipts per store in each clock hour, on weekdays and at weekends.

    Staff plan a shift for *one* store on *one* day, so the useful number is not the total
    over the year but "on a normal weekday, how many shoppers pay between 08:00 and 09:00 in
    one store". We count receipts in each hour and divide by the number of store-days (one
    store open on one date) of the same day type.

    Parameters
    ----------
    receipts : DataFrame
        Needs ``store_id``, ``purchased_at`` (datetime) and ``channel``.
    stores : DataFrame
        Needs ``store_id`` and the column named by ``by`` (unless ``by`` is ``store_id``).
    by : str
        ``"format"`` (convenience vs supermarket) or ``"store_id"``.
    channels : sequence of str
        Which receipt channels reach the till; by default only shoppers who pay in store.

    Returns
    -------
    DataFrame
        One row per group, day type and hour 0-23 (hours with no receipts show 0), with
        columns ``[by, "day_type", "hour", "receipts_per_hour", "share_of_day"]``;
        ``share_of_day`` is the hour's part of that day type's receipts (sums to 1), the
        *shape* of the day, which does not depend on how big the data set is.
    """
    if not isinstance(by, str):
        raise CourseError(f"must be a stores column such as 'format', got {by!r}", column="by")
    cols = ["store_id"] if by == "store_id" else ["store_id", by]
    check_table(receipts, "receipts", ["store_id", "purchased_at", "channel"])
    check_table(stores, "stores", cols)
    require_no_missing(stores[by], "stores", by)
    channels = check_names(channels, "channels")
    require_known(pd.Series(channels), "channels", "channels", CATEGORY_VALUES["receipt_channel"])
    paid = receipts.loc[receipts["channel"].astype(str).isin(list(channels))]
    r = paid[["store_id", "purchased_at"]].astype({"store_id": str})
    r = r.merge(stores[cols].astype(str), on="store_id", how="left")
    if paid.empty:
        raise CourseError(
            f"no receipt in the channel(s) {', '.join(channels)}",
            table="receipts",
            column="channel",
            hint="Pass receipts that include shoppers paying at the till",
        )
    if r[by].isna().any():
        bad = r[by].isna().to_numpy()
        raise CourseError(
            f"{int(bad.sum())} receipts have a store_id that is not in the stores table "
            f"(first: {r['store_id'].to_numpy()[bad.argmax()]!r})",
            table="receipts",
            column="store_id",
            hint="Pass the stores table of the same data set",
        )
    r["day_type"] = _day_type(r["purchased_at"])
    r["date"] = r["purchased_at"].dt.normalize()
    r["hour"] = r["purchased_at"].dt.hour

    counts = r.groupby([by, "day_type", "hour"]).size()
    store_days = r.drop_duplicates(["store_id", "date"]).groupby([by, "day_type"]).size()

    groups = sorted(r[by].unique())
    grid = pd.MultiIndex.from_product([groups, _DAY_TYPES, _HOURS], names=[by, "day_type", "hour"])
    counts = counts.reindex(grid, fill_value=0)
    days = store_days.reindex(grid.droplevel("hour")).to_numpy()
    rate = counts.to_numpy() / np.where(np.nan_to_num(days) > 0, days, np.nan)
    out = pd.DataFrame({"receipts_per_hour": np.nan_to_num(rate)}, index=grid).reset_index()
    day_total = out.groupby([by, "day_type"])["receipts_per_hour"].transform("sum")
    out["share_of_day"] = (out["receipts_per_hour"] / day_total.where(day_total > 0)).fillna(0.0)
    return out


def tills_to_open(
    receipts_per_hour: float | pd.Series,
    minutes_per_receipt: float = DEFAULT_MINUTES_PER_RECEIPT,
    max_busy_share: float = DEFAULT_MAX_BUSY_SHARE,
) -> int | pd.Series:
    """How many tills to open for a given number of shoppers per hour.

    One till can serve ``60 / minutes_per_receipt`` shoppers an hour if it never stops. We
    let it be busy only ``max_busy_share`` of the time, because shoppers come in bunches and
    queues grow fast when a till is nearly always busy. An open store always needs one till;
    an hour with no shoppers needs none.

    Parameters
    ----------
    receipts_per_hour : float or Series
        Shoppers paying in one store in one hour.
    minutes_per_receipt : float
        Average minutes at the till per shopper (scan, pay, bag).
    max_busy_share : float
        Share of the hour a till may be busy, between 0 and 1.

    Returns
    -------
    int or Series of int
        Tills to open (same shape as the input).
    """
    check_number(
        minutes_per_receipt,
        "minutes_per_receipt",
        above=0,
        maximum=60,
        hint="Average minutes one shopper spends at the till, e.g. 1.0",
    )
    check_number(
        max_busy_share,
        "max_busy_share",
        above=0,
        maximum=1,
        hint="A share from 0 to 1: 0.8 means a till is busy at most 80 % of the hour",
    )
    if isinstance(receipts_per_hour, pd.Series):
        check_series(receipts_per_hour, "receipts_per_hour", minimum=0)
    else:
        check_number(receipts_per_hour, "receipts_per_hour", minimum=0, maximum=1e6)
    if isinstance(receipts_per_hour, pd.Series):
        load = receipts_per_hour * minutes_per_receipt / 60 / max_busy_share
        needed = np.ceil(load.round(9)).astype(int)
        return needed.where(receipts_per_hour <= 0, needed.clip(lower=1)).astype(int)
    if receipts_per_hour <= 0:
        return 0
    load = receipts_per_hour * minutes_per_receipt / 60 / max_busy_share
    return max(1, math.ceil(round(load, 9)))


def till_plan(
    receipts: pd.DataFrame,
    stores: pd.DataFrame,
    daily_receipts: float | Mapping[str, float] | None = None,
    minutes_per_receipt: float = DEFAULT_MINUTES_PER_RECEIPT,
    max_busy_share: float = DEFAULT_MAX_BUSY_SHARE,
) -> pd.DataFrame:
    """Tills to open in each store, hour and day type, beside the tills the store has.

    Parameters
    ----------
    receipts, stores : DataFrame
        As for :func:`hourly_profile`.
    daily_receipts : float, mapping of store_id to float, or None
        Shoppers a store serves in a whole day. ``None`` uses the counts in the data. A
        number (or one per store) spreads that many shoppers over the day with the data's
        hourly shape: use it with the total from your own till's daily report, because the
        course data set holds only a sample of walk-in shoppers.
    minutes_per_receipt, max_busy_share : float
        As for :func:`tills_to_open`.

    Returns
    -------
    DataFrame
        Columns ``store_id, store_name, day_type, hour, receipts_per_hour, tills_needed,
        tills_available, short`` where ``short`` is True when the rule asks for more tills
        than the store owns: the hours when a queue is almost certain and every spare
        colleague should help at the counter.
    """
    check_table(stores, "stores", ["store_id", "store_name", "tills"])
    plan = hourly_profile(receipts, stores, by="store_id")
    if daily_receipts is not None:
        if isinstance(daily_receipts, Mapping):
            for key, value in daily_receipts.items():
                check_number(value, f"daily_receipts[{key!r}]", minimum=0, maximum=1e6)
            per_day = plan["store_id"].map({str(k): v for k, v in daily_receipts.items()})
            if per_day.isna().any():
                missing = sorted(set(plan.loc[per_day.isna(), "store_id"]))
                raise CourseError(
                    f"has no number for store(s) {', '.join(missing)}",
                    column="daily_receipts",
                    hint="Give one daily total per store_id, or one number for all",
                )
        else:
            per_day = float(check_number(daily_receipts, "daily_receipts", minimum=0, maximum=1e6))
        plan["receipts_per_hour"] = plan["share_of_day"] * per_day
    plan["tills_needed"] = tills_to_open(
        plan["receipts_per_hour"], minutes_per_receipt, max_busy_share
    )
    info = stores[["store_id", "store_name", "tills"]].astype({"store_id": str})
    plan = plan.merge(info, on="store_id", how="left")
    plan = plan.rename(columns={"tills": "tills_available"})
    plan["tills_available"] = plan["tills_available"].astype(int)
    plan["short"] = plan["tills_needed"] > plan["tills_available"]
    cols = [
        "store_id",
        "store_name",
        "day_type",
        "hour",
        "receipts_per_hour",
        "tills_needed",
        "tills_available",
        "short",
    ]
    return plan[cols]


def checkout_speed_by_store(
    surveys: pd.DataFrame,
    stores: pd.DataFrame,
    receipts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """How shoppers in each store rate checkout speed (1-5), and when the store is busiest.

    We report the average score and the share of shoppers who chose 4 or 5 ("fast
    enough"), often called the top-two-box score. The share is easier to explain on the shop
    floor than an average ("7 in 10 shoppers are happy with the queue"). ``queue_comments``
    is the share of answers whose free-text comment talks about the queue (see
    :data:`QUEUE_WORDS`). With ``receipts``, each store also gets its busiest hour and that
    hour's shoppers per till, to test the obvious explanation "more shoppers per till, lower
    score" against the data rather than assume it.

    Returns
    -------
    DataFrame
        Indexed by ``store_id``: ``store_name, format, tills, responses, mean_rating,
        share_fast, queue_comments`` and, with receipts, ``peak_hour, peak_day_type,
        peak_receipts_per_hour, peak_per_till, late_share`` (the share of the store's
        in-store receipts paid from :data:`LATE_FROM_HOUR` o'clock on).
    """
    check_table(
        surveys,
        "survey_responses",
        ["store_id", "sat_checkout_speed"],
        nullable=["sat_checkout_speed"],
    )
    check_table(stores, "stores", ["store_id", "store_name", "format", "tills"])
    if receipts is not None:
        check_table(receipts, "receipts", ["store_id", "purchased_at", "channel"])
    s = surveys.loc[surveys["sat_checkout_speed"].notna()].copy()
    s["store_id"] = s["store_id"].astype(str)
    s["rating"] = s["sat_checkout_speed"].astype(float)
    s["fast"] = s["rating"] >= 4
    comment = (
        s["comment"].astype("string").fillna("").str.lower()
        if "comment" in s
        else pd.Series("", index=s.index, dtype="string")
    )
    pattern = r"\b(?:" + "|".join(QUEUE_WORDS) + r")\b"
    s["queue"] = comment.str.contains(pattern, regex=True).astype(bool)
    grouped = s.groupby("store_id")
    out = pd.DataFrame(
        {
            "responses": grouped.size(),
            "mean_rating": grouped["rating"].mean(),
            "share_fast": grouped["fast"].mean(),
            "queue_comments": grouped["queue"].mean(),
        }
    )
    info = stores[["store_id", "store_name", "format", "tills"]].astype(
        {"store_id": str, "format": str}
    )
    out = info.set_index("store_id").join(out, how="inner")
    if out.empty:
        raise CourseError(
            "no rated answer comes from a store in the stores table",
            table="survey_responses",
            column="store_id",
            hint="Pass the stores table of the same data set",
        )
    if receipts is not None:
        profile = hourly_profile(receipts, stores, by="store_id")
        top = profile.loc[profile.groupby("store_id")["receipts_per_hour"].idxmax()]
        top = top.set_index("store_id").reindex(out.index)
        out["peak_hour"] = top["hour"].astype(int)
        out["peak_day_type"] = top["day_type"]
        out["peak_receipts_per_hour"] = top["receipts_per_hour"]
        out["peak_per_till"] = out["peak_receipts_per_hour"] / out["tills"].astype(float)
        paid = receipts.loc[receipts["channel"].astype(str).isin(list(TILL_CHANNELS))]
        late = (paid["purchased_at"].dt.hour >= LATE_FROM_HOUR).groupby(
            paid["store_id"].astype(str)
        )
        out["late_share"] = late.mean().reindex(out.index)
    return out
