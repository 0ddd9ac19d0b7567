"""Quiz-answer helpers of storecrm.analysis.service on tiny hand-built data sets.

Each test replaces only the tables the helper reads (``stores`` with ``receipts``, or
``stores`` with ``survey_responses``) in the committed data and checks a number worked out
by hand.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from storecrm.analysis.service import EXAMPLE_DAILY_RECEIPTS
from storecrm.data import StoreData
from storecrm.quiz.answers.service import (
    convenience_weekday_busiest_hours,
    convenience_weekday_peak_hour,
    lowest_checkout_fast_share,
    station_square_peak_hour_shoppers,
    station_square_peak_tills,
    station_square_peak_tills_stated,
)

MONDAY = "2025-01-06"  # a weekday
SATURDAY = "2025-01-11"


def _store(store_id: str, fmt: str, tills: int) -> dict:
    return {
        "store_id": store_id,
        "store_name": f"Store {store_id}",
        "store_name_zh": f"门店 {store_id}",
        "format": fmt,
        "district": "Eastgate",
        "opened_on": "2016-05-18",
        "tills": tills,
    }


STORES = [_store("S01", "convenience", 3), _store("S02", "supermarket", 6)]


def _receipt(n: int, store_id: str, when: str, channel: str = "in_store") -> dict:
    return {
        "receipt_id": f"R{n:07d}",
        "store_id": store_id,
        "purchased_at": when,
        "customer_id": None,
        "is_member": False,
        "channel": channel,
        "payment_method": "wechat_pay" if channel == "in_store" else "alipay",
        "items": 1,
        "gross_cny": 10.0,
        "discount_cny": 0.0,
        "net_cny": 10.0,
    }


def _trading(noon: int = 2) -> list[tuple[str, str, str]]:
    """(store, time, channel) of every receipt.

    Station Square (S01, convenience) on Monday: 3 shoppers pay at 08:xx and ``noon`` at
    12:xx. Decoys that must not count: 4 deliveries at 19:00
    (prepaid, never at the till), 6 shoppers on Saturday at 10:xx (weekend) and 6 at the
    supermarket S02 on Monday at 17:xx (not a convenience store).
    """
    rows = [("S01", f"{MONDAY} 08:{m:02d}", "in_store") for m in (5, 20, 40)]
    rows += [("S01", f"{MONDAY} 12:{10 + m:02d}", "in_store") for m in range(noon)]
    rows += [("S01", f"{MONDAY} 19:00", "delivery")] * 4
    rows += [("S01", f"{SATURDAY} 10:{m:02d}", "in_store") for m in range(6)]
    rows += [("S02", f"{MONDAY} 17:{m:02d}", "in_store") for m in range(6)]
    return rows


def _trading_data(base: StoreData, table, noon: int = 2) -> StoreData:
    receipts = [_receipt(n, *row) for n, row in enumerate(_trading(noon), start=1)]
    return replace(base, stores=table("stores", STORES), receipts=table("receipts", receipts))


def test_convenience_weekday_peak_hour(committed, table) -> None:
    # Convenience weekday receipts at the till: 3 at 08:xx, 2 at 12:xx -> 8. The busier
    # deliveries (19:00), Saturday (10:00) and supermarket (17:00) hours are not counted.
    assert convenience_weekday_peak_hour(data=_trading_data(committed, table)) == 8


def test_convenience_weekday_peak_hour_follows_the_receipts(committed, table) -> None:
    # Two more shoppers at noon: 3 at 08:xx, 4 at 12:xx -> 12.
    assert convenience_weekday_peak_hour(data=_trading_data(committed, table, noon=4)) == 12


def test_station_square_peak_tills(committed, table) -> None:
    # S01's weekday shape: 08:xx holds 3 of 5 shoppers, so 0.6 x 1000 = 600 shoppers in that
    # hour; at 1 minute each and a till busy at most 48 of 60 minutes, 600 / 48 = 12.5 -> 13.
    assert EXAMPLE_DAILY_RECEIPTS == 1000
    assert station_square_peak_tills(data=_trading_data(committed, table)) == 13
    # The question prints the 600 shoppers; the rule applied to them gives the same 13.
    assert station_square_peak_hour_shoppers(data=_trading_data(committed, table)) == 600
    assert station_square_peak_tills_stated(data=_trading_data(committed, table)) == 13


def test_busiest_hours_list_the_peak_among_others_in_clock_order(committed, table) -> None:
    # Only 08:xx (3 shoppers on one Monday) and 12:xx (2) have weekday convenience receipts.
    text = convenience_weekday_busiest_hours(data=_trading_data(committed, table, noon=4))
    hours = [part.split()[0] for part in text.split(", ")]
    assert hours == sorted(hours) and "08:00" in hours and "12:00" in hours
    shown = dict(part.split() for part in text.split(", "))
    assert float(shown["12:00"].strip("()")) > float(shown["08:00"].strip("()"))


def test_station_square_peak_tills_follows_the_shape(committed, table) -> None:
    # 12:xx now holds 4 of 7: 1000 x 4 / 7 = 571.4 shoppers, 571.4 / 48 = 11.9 -> 12.
    assert station_square_peak_tills(data=_trading_data(committed, table, noon=4)) == 12


def _survey(n: int, store_id: str, checkout: int) -> dict:
    return {
        "response_id": f"Q{n:05d}",
        "customer_id": "M00001",
        "store_id": store_id,
        "responded_on": "2025-03-01",
        "recommend_0_10": 7,
        "sat_checkout_speed": checkout,
        "sat_staff_friendliness": 3,
        "sat_product_range": 3,
        "sat_freshness": 3,
        "sat_cleanliness": 3,
        "sat_value_for_money": 3,
        "comment": None,
    }


def _survey_data(base: StoreData, table, s02: list[int]) -> StoreData:
    ratings = [("S01", r) for r in (5, 4, 2, 1)] + [("S02", r) for r in s02]
    rows = [_survey(n, store, r) for n, (store, r) in enumerate(ratings, start=1)]
    return replace(
        base, stores=table("stores", STORES), survey_responses=table("survey_responses", rows)
    )


def test_lowest_checkout_fast_share(committed, table) -> None:
    # S01 rates checkout 5, 4, 2, 1: 2 of 4 say 4 or 5 = 50 %. S02 rates 5, 3, 2: 1 of 3 =
    # 33.33 %, the lowest, rounded to one decimal -> 33.3.
    assert lowest_checkout_fast_share(
        data=_survey_data(committed, table, [5, 3, 2])
    ) == pytest.approx(1 / 3)


def test_lowest_checkout_fast_share_follows_the_ratings(committed, table) -> None:
    # S02 gets one more 4: 2 of 4 = 50 %, the same as S01 -> 50.0.
    assert lowest_checkout_fast_share(data=_survey_data(committed, table, [5, 3, 2, 4])) == 0.5
