"""Module 1 quiz-answer helpers (storecrm.quiz.answers.value) on tiny hand-built data sets.

Each test replaces only the tables the helper reads (``receipts``, ``receipt_lines``,
``products``, ``customers``) in the committed data and checks a number worked out by hand.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from storecrm.analysis.customer_value import EXAMPLE_EXPECTED_YEARS, example_member
from storecrm.data import StoreData
from storecrm.quiz.answers.value import (
    example_member_annual_margin,
    example_member_average_basket,
    example_member_clv,
    example_member_clv_stated,
    example_member_margin_rate,
    example_member_visits_per_year,
    hypothetical_shopper_clv,
    member_with_receipts_count,
    one_visit_member_count,
    one_visit_member_share,
    store_margin_rate,
    store_margin_rate_stated,
)

#: Two products: coffee leaves 2 of its 5 yuan (40 % margin), rice 2 of 10 (20 %).
PRODUCTS = [
    {
        "product_id": "P0001",
        "product_name": "Coffee",
        "product_name_zh": "咖啡",
        "category": "fresh_coffee_tea",
        "category_zh": "现制咖啡茶饮",
        "unit_price_cny": 5.0,
        "unit_cost_cny": 3.0,
    },
    {
        "product_id": "P0002",
        "product_name": "Rice 1 kg",
        "product_name_zh": "大米 1kg",
        "category": "grocery",
        "category_zh": "粮油",
        "unit_price_cny": 10.0,
        "unit_cost_cny": 8.0,
    },
]
PRICE = {p["product_id"]: p["unit_price_cny"] for p in PRODUCTS}


def _customers(ids: list[str]) -> list[dict]:
    return [
        {
            "customer_id": cid,
            "name": f"Member {cid}",
            "phone_masked": "138****0000",
            "signup_date": "2024-06-01",  # before the data starts: observed all year
            "signup_channel": "in_store",
            "signup_store_id": "S01",
            "tier": "standard",
            "age_band": "25-34",
            "gender": "female",
            "district": "Eastgate",
            "marketing_consent": True,
        }
        for cid in ids
    ]


def _tiny(base: StoreData, table, visits: list[tuple]) -> StoreData:
    """A data set from ``(customer_id or None, time, product_id, quantity, coupon)`` visits.

    Each visit is one receipt with one line; ids are consistent across the four tables.
    """
    receipts, lines = [], []
    for n, (cid, when, pid, qty, coupon) in enumerate(visits, start=1):
        rid = f"R{n:07d}"
        gross = PRICE[pid] * qty
        receipts.append(
            {
                "receipt_id": rid,
                "store_id": "S01",
                "purchased_at": when,
                "customer_id": cid,
                "is_member": cid is not None,
                "channel": "in_store",
                "payment_method": "wechat_pay",
                "items": qty,
                "gross_cny": gross,
                "discount_cny": coupon,
                "net_cny": gross - coupon,
            }
        )
        lines.append(
            {
                "receipt_id": rid,
                "line_no": 1,
                "product_id": pid,
                "quantity": qty,
                "unit_price_cny": PRICE[pid],
                "discount_cny": 0.0,
                "line_total_cny": gross,
            }
        )
    return replace(
        base,
        receipts=table("receipts", receipts),
        receipt_lines=table("receipt_lines", lines),
        products=table("products", PRODUCTS),
        customers=table("customers", _customers(["M1", "M2", "M3", "M4", "M5"])),
    )


def _year(m1_visits: int = 1, m4_coffees: int = 2) -> list[tuple]:
    """A year of visits for four members (M5 is a member who never shopped).

    - two walk-ins on 2025-01-01 and 2025-12-31 fix the period to the whole year (365 days);
    - M1 shops ``m1_visits`` times, M2 twice, M3 monthly (12 visits), all buying rice;
    - M4 shops on the 1st and 15th of every month (24 visits), each time ``m4_coffees``
      coffees and nothing else.
    """
    visits = [
        (None, "2025-01-01 07:00", "P0002", 1, 0.0),
        (None, "2025-12-31 20:00", "P0002", 1, 2.0),
    ]
    visits += [("M1", f"2025-03-{10 + i:02d} 09:00", "P0002", 1, 0.0) for i in range(m1_visits)]
    visits += [("M2", f"2025-{m:02d}-01 12:00", "P0002", 1, 0.0) for m in (4, 5)]
    visits += [("M3", f"2025-{m:02d}-05 18:00", "P0002", 1, 0.0) for m in range(1, 13)]
    visits += [
        ("M4", f"2025-{m:02d}-{d:02d} 08:00", "P0001", m4_coffees, 0.0)
        for m in range(1, 13)
        for d in (1, 15)
    ]
    return visits


@pytest.fixture
def year(committed, table):
    return _tiny(committed, table, _year())


def test_one_visit_member_share_counts_members_with_receipts(year) -> None:
    # Members with receipts: M1 (1 visit), M2 (2), M3 (12), M4 (24). M5 has no receipt and
    # the two walk-in receipts belong to nobody, so neither counts. 1 of 4 -> 25 %.
    assert one_visit_member_share(data=year) == pytest.approx(0.25)
    # The counts a question prints, so the learner can work the share out: 1 of 4.
    assert one_visit_member_count(data=year) == 1
    assert member_with_receipts_count(data=year) == 4


def test_one_visit_member_share_follows_the_receipts(committed, table) -> None:
    # M1 comes back once more: nobody shopped only once -> 0 %.
    assert one_visit_member_share(data=_tiny(committed, table, _year(m1_visits=2))) == 0.0


def test_example_member_is_the_loyal_regular(year) -> None:
    # Visits 1, 2, 12, 24: the top quarter starts at the 75th percentile 12 + 0.25 x 12 = 15,
    # so only M4 (24 visits in all 12 months) qualifies. Every basket is 2 coffees = 10 yuan
    # costing 6 yuan: margin (240 - 144) / 240 = 0.4 on M4's own receipts (the store as a
    # whole, mostly rice, makes less).
    member = example_member(year)
    assert member.name == "M4"
    assert member["visits"] == 24
    assert member["months_active"] == 12
    assert member["observed_days"] == 365
    assert member["margin_rate"] == pytest.approx(0.4)


def test_example_member_numbers(year) -> None:
    # Average basket 10 yuan; 24 visits in a 365-day year -> 24 a year;
    # annual margin 10 x 24 x 0.4 = 96 yuan; lifetime value 96 x 5 years = 480 yuan.
    assert EXAMPLE_EXPECTED_YEARS == 5
    assert example_member_average_basket(data=year) == pytest.approx(10.0)
    assert example_member_visits_per_year(data=year) == pytest.approx(24.0)
    assert example_member_annual_margin(data=year) == pytest.approx(96.0)
    assert example_member_clv(data=year) == pytest.approx(480.0)
    # The figures as a question prints them give the same answer here (nothing to round).
    assert example_member_margin_rate(data=year) == pytest.approx(0.4)
    assert example_member_clv_stated(data=year) == pytest.approx(480.0)


def test_example_member_numbers_follow_the_basket(committed, table) -> None:
    # M4 buys 3 coffees a visit: basket 15 yuan, margin still 0.4,
    # annual 15 x 24 x 0.4 = 144 yuan, lifetime value 144 x 5 = 720 yuan.
    bigger = _tiny(committed, table, _year(m4_coffees=3))
    assert example_member_average_basket(data=bigger) == pytest.approx(15.0)
    assert example_member_annual_margin(data=bigger) == pytest.approx(144.0)
    assert example_member_clv(data=bigger) == pytest.approx(720.0)


def _two_receipts(coupon: float) -> list[tuple]:
    # R1: 4 coffees = 20 yuan, cost 12. R2: 3 rice = 30 yuan, cost 24, minus a receipt coupon.
    return [
        (None, "2025-05-01 08:00", "P0001", 4, 0.0),
        ("M1", "2025-05-01 09:00", "P0002", 3, coupon),
    ]


def test_store_margin_rate_uses_what_customers_paid(committed, table) -> None:
    # Paid 20 + (30 - 2) = 48 yuan; goods cost 12 + 24 = 36 -> (48 - 36) / 48 = 0.25.
    # (Line totals, 50 yuan, would give 0.28: the coupon is margin given away.)
    data = _tiny(committed, table, _two_receipts(coupon=2.0))
    assert store_margin_rate(data=data) == pytest.approx(0.25)


def test_store_margin_rate_without_the_coupon(committed, table) -> None:
    # Paid 50 yuan, cost 36 -> 14 / 50 = 0.28.
    data = _tiny(committed, table, _two_receipts(coupon=0.0))
    assert store_margin_rate(data=data) == pytest.approx(0.28)


def test_tiny_tables_have_consistent_ids(year) -> None:
    """Guard for the fixture itself: every line's receipt and product exist."""
    assert set(year.receipt_lines["receipt_id"]) == set(year.receipts["receipt_id"])
    assert set(year.receipt_lines["product_id"]) <= set(year.products["product_id"])
    members = set(year.receipts["customer_id"].dropna())
    assert members <= set(year.customers["customer_id"])
    assert pd.api.types.is_datetime64_any_dtype(year.receipts["purchased_at"])


def test_hypothetical_shopper_uses_the_stated_store_margin(committed, table) -> None:
    # 25 yuan x 150 visits x 0.25 x 4 years = 3,750 yuan at the tiny data's 25 % margin.
    data = _tiny(committed, table, _two_receipts(coupon=2.0))
    assert store_margin_rate_stated(data=data) == pytest.approx(0.25)
    assert hypothetical_shopper_clv(data=data) == pytest.approx(3750.0)
