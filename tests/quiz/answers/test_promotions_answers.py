"""Quiz-answer helpers of storecrm.analysis.promotions on tiny hand-built data sets.

Each test replaces only the tables the helper reads (``receipts``; ``campaigns``,
``coupon_sends`` and ``receipts``; or ``products``) in the committed data and checks a number
worked out by hand. Member ids are ones that exist in the committed ``customers`` table.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from storecrm.analysis.promotions import BUNDLE_EXAMPLE
from storecrm.data import StoreData
from storecrm.quiz.answers.promotions import (
    bundle_cost_cny,
    bundle_margin_cny,
    bundle_price_cny,
    bundle_separate_price_cny,
    control_spend_per_member,
    online_order_count,
    online_order_share,
    receipt_count,
    redemption_rate,
    spend_uplift_per_member,
    treatment_redeemed_count,
    treatment_send_count,
    treatment_spend_per_member,
)


def _receipt(
    n: int, when: str, net: float, customer_id: str | None = None, channel: str = "in_store"
) -> dict:
    return {
        "receipt_id": f"R{n:07d}",
        "store_id": "S01",
        "purchased_at": when,
        "customer_id": customer_id,
        "is_member": customer_id is not None,
        "channel": channel,
        "payment_method": "wechat_pay",
        "items": 1,
        "gross_cny": net,
        "discount_cny": 0.0,
        "net_cny": net,
    }


# --- online order share ---------------------------------------------------------------------


def _channels_data(base: StoreData, table, channels: list[str]) -> StoreData:
    rows = [
        _receipt(n, f"2025-04-0{n} 10:00", 20.0, channel=channel)
        for n, channel in enumerate(channels, start=1)
    ]
    return replace(base, receipts=table("receipts", rows))


def test_online_order_share(committed, table) -> None:
    # 3 in store, 1 app pick-up, 1 delivery: 2 of 5 receipts ordered online -> 40 %.
    data = _channels_data(
        committed, table, ["in_store", "app_pickup", "in_store", "delivery", "in_store"]
    )
    assert online_order_share(data=data) == pytest.approx(0.4)
    assert (online_order_count(data=data), receipt_count(data=data)) == (2, 5)


def test_online_order_share_follows_the_receipts(committed, table) -> None:
    # One more in-store receipt: 2 of 6 -> 33.33 %.
    data = _channels_data(
        committed, table, ["in_store", "app_pickup", "in_store", "delivery", "in_store", "in_store"]
    )
    assert online_order_share(data=data) == pytest.approx(2 / 6)


# --- coupon campaigns -----------------------------------------------------------------------

#: Campaign windows (both days included).
WINDOWS = {"C01": ("2025-03-03", "2025-03-09"), "C02": ("2025-06-02", "2025-06-08")}


def _campaign(campaign_id: str) -> dict:
    start, end = WINDOWS[campaign_id]
    return {
        "campaign_id": campaign_id,
        "campaign_name": f"Campaign {campaign_id}",
        "offer_type": "spend_threshold",
        "target": "all consented members",
        "starts_on": start,
        "ends_on": end,
        "coupon_value_cny": 5.0,
        "min_spend_cny": 20.0,
    }


def _campaign_data(
    base: StoreData, table, m7_redeems: bool = False, m8_spend: float = 15.0
) -> StoreData:
    """Two campaigns, 5 treatment and 3 control members, one receipt each in the window.

    C01: treatment M00001 (redeems, spends 30 on day 3) and M00002 (does not redeem, spends 10
    on the last day, and 50 the day after the campaign, which must not count); control
    M00003 (10 on the first day) and M00004 (10).
    C02: treatment M00005 and M00006 (both redeem, 20 each) and M00007 (20, redeems only if
    ``m7_redeems``); control M00008 (``m8_spend``).
    """
    # (send, campaign, member, group, redeemed, [(day, net yuan), ...])
    plan = [
        (1, "C01", "M00001", "treatment", True, [("2025-03-05", 30.0)]),
        (2, "C01", "M00002", "treatment", False, [("2025-03-09", 10.0), ("2025-03-10", 50.0)]),
        (3, "C01", "M00003", "control", False, [("2025-03-03", 10.0)]),
        (4, "C01", "M00004", "control", False, [("2025-03-06", 10.0)]),
        (5, "C02", "M00005", "treatment", True, [("2025-06-03", 20.0)]),
        (6, "C02", "M00006", "treatment", True, [("2025-06-04", 20.0)]),
        (7, "C02", "M00007", "treatment", m7_redeems, [("2025-06-05", 20.0)]),
        (8, "C02", "M00008", "control", False, [("2025-06-06", m8_spend)]),
    ]
    receipts, sends = [], []
    for send, campaign_id, member, group, redeemed, visits in plan:
        first_receipt = None
        for day, net in visits:
            receipts.append(_receipt(len(receipts) + 1, f"{day} 11:00", net, member))
            first_receipt = first_receipt or receipts[-1]
        sends.append(
            {
                "send_id": f"CS{send:06d}",
                "campaign_id": campaign_id,
                "customer_id": member,
                "group": group,
                "assigned_at": f"{WINDOWS[campaign_id][0]} 00:00",
                "redeemed_at": first_receipt["purchased_at"] if redeemed else None,
                "redeemed_receipt_id": first_receipt["receipt_id"] if redeemed else None,
            }
        )
    return replace(
        base,
        campaigns=table("campaigns", [_campaign("C01"), _campaign("C02")]),
        coupon_sends=table("coupon_sends", sends),
        receipts=table("receipts", receipts),
    )


@pytest.fixture
def campaigns(committed, table) -> StoreData:
    return _campaign_data(committed, table)


def test_redemption_rate_pools_treatment_sends(campaigns) -> None:
    # Treatment sends: C01 2 (1 redeemed), C02 3 (2 redeemed). Pooled 3 of 5 -> 60 %
    # (averaging the campaigns' rates, 50 % and 66.7 %, would give 58.3 %).
    assert redemption_rate(data=campaigns) == pytest.approx(0.6)
    assert (treatment_redeemed_count(data=campaigns), treatment_send_count(data=campaigns)) == (
        3,
        5,
    )


def test_redemption_rate_follows_the_sends(committed, table) -> None:
    # M00007 redeems too: 4 of 5 -> 80 %.
    data = _campaign_data(committed, table, m7_redeems=True)
    assert redemption_rate(data=data) == pytest.approx(0.8)


def test_spend_uplift_per_member(campaigns) -> None:
    # C01: treatment (30 + 10) / 2 = 20 yuan (the 50 after the campaign is not counted),
    # control (10 + 10) / 2 = 10 -> +10. C02: treatment 20, control 15 -> +5.
    # Weighted by treatment members: (2 x 10 + 3 x 5) / 5 = 7.0 (unweighted: 7.5).
    assert spend_uplift_per_member(data=campaigns) == pytest.approx(7.0)
    # The two group figures a question prints, with the same weights: treatment
    # (2 x 20 + 3 x 20) / 5 = 20, control (2 x 10 + 3 x 15) / 5 = 13, and 20 - 13 = 7.
    assert treatment_spend_per_member(data=campaigns) == pytest.approx(20.0)
    assert control_spend_per_member(data=campaigns) == pytest.approx(13.0)


def test_quiz_spend_uplift_follows_the_control_group(committed, table) -> None:
    # C02's control member spends 20, as much as its treatment members: C02 uplift 0,
    # so (2 x 10 + 3 x 0) / 5 = 4.0.
    data = _campaign_data(committed, table, m8_spend=20.0)
    assert spend_uplift_per_member(data=data) == pytest.approx(4.0)


# --- breakfast bundle -----------------------------------------------------------------------


def _products_data(base: StoreData, table, bun_cost: float) -> StoreData:
    def product(pid: str, name: str, price: float, cost: float) -> dict:
        return {
            "product_id": pid,
            "product_name": name,
            "product_name_zh": name,
            "category": "hot_food",
            "category_zh": "热食",
            "unit_price_cny": price,
            "unit_cost_cny": cost,
        }

    rows = [
        product("P0001", "Hot soy milk", 3.0, 1.0),
        product("P0002", "Steamed pork bun", 2.5, bun_cost),
        product("P0003", "Tea egg", 2.0, 0.8),
        product("P0004", "Coffee", 9.0, 3.0),  # not in the bundle
    ]
    return replace(base, products=table("products", rows))


def test_bundle_margin_cny(committed, table) -> None:
    # Bundle: soy milk + 2 pork buns + tea egg for 8.50 yuan. Cost 1.00 + 2 x 1.50 + 0.80 =
    # 4.80 yuan -> margin 8.50 - 4.80 = 3.70 yuan.
    assert BUNDLE_EXAMPLE == (
        ("Hot soy milk", "Steamed pork bun", "Steamed pork bun", "Tea egg"),
        8.50,
    )
    data = _products_data(committed, table, bun_cost=1.5)
    assert bundle_margin_cny(data=data) == pytest.approx(3.70)
    # The figures a question prints: price 8.50, cost 4.80, shelf prices 3 + 2 x 2.5 + 2 = 10.
    assert bundle_price_cny(data=data) == pytest.approx(8.50)
    assert bundle_cost_cny(data=data) == pytest.approx(4.80)
    assert bundle_separate_price_cny(data=data) == pytest.approx(10.0)


def test_quiz_bundle_margin_follows_the_cost_price(committed, table) -> None:
    # Buns cost 2.00 each: cost 5.80 yuan -> margin 2.70 yuan.
    data = _products_data(committed, table, bun_cost=2.0)
    assert bundle_margin_cny(data=data) == pytest.approx(2.70)
