"""Module 2 quiz numbers: busy hours, tills and how shoppers rate checkout speed."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from storecrm.analysis.service import (
    EXAMPLE_DAILY_RECEIPTS,
    checkout_speed_by_store,
    hourly_profile,
    till_plan,
    tills_to_open,
)
from storecrm.errors import CourseError
from storecrm.quiz.answers._data import resolve_data

if TYPE_CHECKING:  # pragma: no cover - import only for type checkers
    from storecrm.data import StoreData

__all__ = [
    "busiest_per_till_store",
    "convenience_weekday_busiest_hours",
    "convenience_weekday_peak_hour",
    "lowest_checkout_fast_share",
    "lowest_checkout_store",
    "lowest_checkout_store_late_share",
    "station_square_peak_hour_shoppers",
    "station_square_peak_tills",
    "station_square_peak_tills_stated",
]

#: How many of the busiest hours a question lists for the learner to compare.
BUSIEST_HOURS_SHOWN = 4


def convenience_weekday_peak_hour(*, data: StoreData | None = None) -> int:
    """The clock hour (0-23) with the most receipts per store on weekdays in convenience stores.

    An answer of 8 means the hour from 08:00 to 08:59. Counts only shoppers who pay at the
    till, averaged over convenience-store weekdays.
    """
    d = resolve_data(data)
    profile = hourly_profile(d.receipts, d.stores, by="format")
    sub = profile[(profile["format"] == "convenience") & (profile["day_type"] == "weekday")]
    return int(sub.loc[sub["receipts_per_hour"].idxmax(), "hour"])


def _convenience_weekday(data: StoreData | None) -> pd.DataFrame:
    d = resolve_data(data)
    profile = hourly_profile(d.receipts, d.stores, by="format")
    return profile[(profile["format"] == "convenience") & (profile["day_type"] == "weekday")]


def convenience_weekday_busiest_hours(*, data: StoreData | None = None) -> str:
    """The busiest weekday hours of convenience stores, in clock order, for a rota question.

    Reads like ``07:00 (4.8), 08:00 (5.1), 12:00 (3.5), 18:00 (2.7)`` (shoppers per store in the
    hour): the learner compares them to find :func:`convenience_weekday_peak_hour`.
    """
    sub = _convenience_weekday(data).nlargest(BUSIEST_HOURS_SHOWN, "receipts_per_hour")
    sub = sub.sort_values("hour")
    return ", ".join(
        f"{int(h):02d}:00 ({r:.1f})"
        for h, r in zip(sub["hour"], sub["receipts_per_hour"], strict=True)
    )


def _station_square_peak(data: StoreData | None) -> float:
    d = resolve_data(data)
    plan = till_plan(d.receipts, d.stores, daily_receipts=EXAMPLE_DAILY_RECEIPTS)
    sub = plan[(plan["store_id"] == "S01") & (plan["day_type"] == "weekday")]
    return float(sub["receipts_per_hour"].max())


def station_square_peak_hour_shoppers(*, data: StoreData | None = None) -> int:
    """Shoppers in Station Square's busiest weekday hour in the worked example, whole."""
    return round(_station_square_peak(data))


def station_square_peak_tills_stated(*, data: StoreData | None = None) -> int:
    """Tills for :func:`station_square_peak_hour_shoppers` by the till rule.

    Uses the shoppers as the question prints them (a whole number), so a learner who applies
    the rule to the printed figure gets exactly this.
    """
    return int(tills_to_open(float(station_square_peak_hour_shoppers(data=data))))


def station_square_peak_tills(*, data: StoreData | None = None) -> int:
    """Tills Station Square (S01) needs in its busiest weekday hour in the worked example.

    Uses ``EXAMPLE_DAILY_RECEIPTS`` shoppers a day spread with the data's hourly shape, one
    minute per shopper and a till busy at most 80 % of the hour.
    """
    d = resolve_data(data)
    plan = till_plan(d.receipts, d.stores, daily_receipts=EXAMPLE_DAILY_RECEIPTS)
    sub = plan[(plan["store_id"] == "S01") & (plan["day_type"] == "weekday")]
    return int(sub["tills_needed"].max())


def _speed(data: StoreData | None) -> pd.DataFrame:
    d = resolve_data(data)
    return checkout_speed_by_store(d.survey_responses, d.stores, d.receipts)


def _short_name(name: str) -> str:
    """ "Maple Street Mart University Town" -> "University Town", as the page's table shows."""
    for prefix in ("Maple Street Mart ", "Maple Street Market "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def lowest_checkout_fast_share(*, data: StoreData | None = None) -> float:
    """Share (0-1) rating checkout speed 4 or 5 in the store with the lowest such share."""
    return float(_speed(data)["share_fast"].min())


def lowest_checkout_store(*, data: StoreData | None = None) -> str:
    """Short name of the store with the lowest mean checkout-speed score (the table's first row)."""
    speed = _speed(data)
    return _short_name(str(speed.sort_values("mean_rating").iloc[0]["store_name"]))


def lowest_checkout_store_late_share(*, data: StoreData | None = None) -> float:
    """Share (0-1) of the lowest-scoring store's till receipts paid from 20:00 on."""
    speed = _speed(data)
    return float(speed.sort_values("mean_rating").iloc[0]["late_share"])


def busiest_per_till_store(*, data: StoreData | None = None) -> str:
    """Short name of the store with the most shoppers per till in its busiest hour.

    The Module 2 scenario says the lowest-scoring store is *not* this one ("the obvious guess,
    more shoppers per till, does not fit"). If regenerated data made them the same store, the
    scenario would state something false, so this raises instead of answering.
    """
    speed = _speed(data)
    busiest = speed.sort_values("peak_per_till").iloc[-1]
    worst = speed.sort_values("mean_rating").iloc[0]
    if busiest.name == worst.name:
        raise CourseError(
            "the store with the lowest checkout score also has the most shoppers per till, "
            "so the Module 2 scenario m2-q15 no longer fits the data",
            table="survey_responses",
            column="sat_checkout_speed",
            hint="rewrite the scenario for the new data",
        )
    return _short_name(str(busiest["store_name"]))
