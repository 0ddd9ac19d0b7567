"""Exercise 6's checks, on hand-made campaign data: each right answer and typical wrong ones.

The data is built here so that every expected number is worked out in this file with plain
pandas, never copied from the exercise's output. Changing the running cost or the number of
members who come back turns the right action of task 6 from "change" to "run again" or "stop".
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd
import pytest

from storecrm.exercises import Status, ____
from storecrm.exercises.promotion import CAMPAIGN_NAME, build, decide, uplift_z
from storecrm.exercises.testing import assert_says as _says

START, END = pd.Timestamp("2025-09-15"), pd.Timestamp("2025-10-14")
COUPON = 15.0
PRICE, COST = 10.0, 6.0  # one product: gross margin rate 0.4


def make_data(
    *,
    treated: int = 40,
    control: int = 20,
    treated_back: int = 20,
    control_back: int = 3,
    redeemed: int = 8,
    running_cost: float = 1500.0,
) -> SimpleNamespace:
    """A win-back campaign (and another one, to be filtered out) with visits in its dates.

    Members who come back make two visits of ¥50 in the dates; redeemers come back. Each
    member also has a receipt before the campaign, which must not count.
    """
    campaigns = pd.DataFrame(
        {
            "campaign_id": ["C01", "C05"],
            "campaign_name": ["Spring Festival basket", CAMPAIGN_NAME],
            "starts_on": [pd.Timestamp("2025-01-13"), START],
            "ends_on": [pd.Timestamp("2025-01-28"), END],
            "coupon_value_cny": [10.0, COUPON],
            "min_spend_cny": [88.0, 50.0],
            "target": ["members", "lapsed members"],
        }
    )
    sends, receipts = [], []
    members = [("treatment", n, n < treated_back, n < redeemed) for n in range(treated)]
    members += [("control", n, n < control_back, False) for n in range(control)]
    for i, (group, _, back, used) in enumerate(members):
        cid = f"M{i + 1:05d}"
        receipt = f"R{len(receipts) + 1:06d}"
        sends.append(("C05", cid, group, START if used else pd.NaT))
        sends.append(("C01", cid, "treatment", pd.NaT))
        receipts.append((receipt, cid, START - pd.Timedelta(days=30), 80.0))
        if back:
            for day in (1, 9):
                receipts.append(
                    (f"R{len(receipts) + 1:06d}", cid, START + pd.Timedelta(days=day), 50.0)
                )
    coupon_sends = pd.DataFrame(
        sends, columns=["campaign_id", "customer_id", "group", "redeemed_at"]
    )
    receipts = pd.DataFrame(
        receipts, columns=["receipt_id", "customer_id", "purchased_at", "net_cny"]
    )
    lines = pd.DataFrame(
        {
            "receipt_id": receipts["receipt_id"],
            "product_id": "P1",
            "quantity": receipts["net_cny"] / PRICE,
            "line_total_cny": receipts["net_cny"],
        }
    )
    products = pd.DataFrame({"product_id": ["P1"], "unit_cost_cny": [COST]})
    spend = pd.DataFrame(
        {
            "month": pd.to_datetime(["2025-01-01", "2025-09-01", "2025-09-01"]),
            "campaign_id": ["C01", "C05", None],
            "signup_channel": [None, None, "app"],
            "spend_cny": [900.0, running_cost, 300.0],
        }
    )
    return SimpleNamespace(
        campaigns=campaigns,
        coupon_sends=coupon_sends,
        receipts=receipts,
        receipt_lines=lines,
        products=products,
        marketing_spend=spend,
    )


def _activity(d: SimpleNamespace) -> pd.DataFrame:
    """Per member of C05: group, redeemed, visits and spend in the dates (own pandas)."""
    sends = d.coupon_sends[d.coupon_sends["campaign_id"] == "C05"].copy()
    r = d.receipts
    inside = r[(r["purchased_at"] >= START) & (r["purchased_at"] <= END + pd.Timedelta(days=1))]
    per = inside.groupby("customer_id")["net_cny"].agg(["size", "sum"])
    sends["visits"] = sends["customer_id"].map(per["size"]).fillna(0)
    sends["spend_cny"] = sends["customer_id"].map(per["sum"]).fillna(0.0)
    sends["redeemed"] = sends["redeemed_at"].notna()
    return sends


@pytest.fixture(scope="module")
def data() -> SimpleNamespace:
    return make_data()


@pytest.fixture(scope="module")
def qs(data):
    return build(data)


@pytest.fixture(scope="module")
def mine(data) -> dict[str, float]:
    """The right answers, by hand: 20 of 40 and 3 of 20 came back, two ¥50 visits each."""
    a = _activity(data)
    rate = (a["visits"] > 0).groupby(a["group"]).mean()
    spend = a.groupby("group")["spend_cny"].mean()
    extra = spend["treatment"] - spend["control"]
    return {
        "t_rate": 20 / 40,
        "c_rate": 3 / 20,
        "rates": rate,
        "extra": extra,
        "coupons": 8 * COUPON,
        "net": extra * 40 * (PRICE - COST) / PRICE - 1500.0,
    }


def test_the_hand_made_numbers_are_what_the_test_says(mine) -> None:
    assert mine["rates"]["treatment"] == pytest.approx(mine["t_rate"])
    assert mine["rates"]["control"] == pytest.approx(mine["c_rate"])
    assert mine["extra"] == pytest.approx(20 / 40 * 100 - 3 / 20 * 100)


def test_solutions_chain_to_correct(data, qs) -> None:
    from storecrm.analysis.customer_value import gross_margin_rate
    from storecrm.exercises.promotion import campaign_activity, campaign_row

    ns = {
        "activity": campaign_activity(data),
        "campaign": campaign_row(data.campaigns),
        "marketing_spend": data.marketing_spend,
        "margin_rate": gross_margin_rate(data.receipt_lines, data.products),
    }
    for key in ["q1", "q2", "q3", "q4", "q5", "q6"]:
        exec(qs[key].solution_code, ns)
        fb = qs[key].assess(namespace=ns)
        assert fb.status is Status.CORRECT, f"{key}: {fb}"


def test_q1_visit_rate(qs, mine, data) -> None:
    q = qs["q1"]
    a = _activity(data)
    right = pd.Series({"control": mine["c_rate"], "treatment": mine["t_rate"]})
    _says(q.assess(right), Status.CORRECT, "came back")
    _says(q.assess(a.groupby("group")["visits"].mean()), Status.INCORRECT, "number of visits")
    _says(q.assess(a.groupby("group")["redeemed"].mean()), Status.INCORRECT, "got no coupon")
    counts = (a["visits"] > 0).groupby(a["group"]).sum()
    _says(q.assess(counts), Status.INCORRECT, "counts members")
    _says(q.assess(right * 100), Status.INCORRECT, "looks like a percent")
    _says(q.assess(right.iloc[:1]), Status.INCORRECT, "too few rows")


def test_q2_visit_uplift(qs, mine) -> None:
    q = qs["q2"]
    right = mine["t_rate"] - mine["c_rate"]
    _says(q.assess(right), Status.CORRECT, "percentage points")
    _says(q.assess(mine["t_rate"] / mine["c_rate"] - 1), Status.INCORRECT, "relative lift")
    _says(q.assess(-right), Status.INCORRECT, "control minus treatment")
    _says(q.assess(mine["t_rate"]), Status.INCORRECT, "rate alone")
    _says(q.assess(right * 100), Status.INCORRECT, "looks like a percent")


def test_q3_extra_spend(qs, mine, data) -> None:
    q = qs["q3"]
    a = _activity(data)
    _says(q.assess(mine["extra"]), Status.CORRECT, "more than one who was not")
    redeemers = a.loc[a["redeemed"], "spend_cny"].mean() - a.loc[
        a["group"] == "control", "spend_cny"
    ].mean()
    _says(q.assess(redeemers), Status.INCORRECT, "members who redeemed")
    treated = a.loc[a["group"] == "treatment", "spend_cny"]
    _says(q.assess(treated.mean()), Status.INCORRECT, "spend per member alone")
    sums = treated.sum() - a.loc[a["group"] == "control", "spend_cny"].sum()
    _says(q.assess(sums), Status.INCORRECT, "totals")
    _says(q.assess(round(mine["extra"]) + 3), Status.INCORRECT, "too high")


def test_q4_coupon_cost(qs, mine) -> None:
    q = qs["q4"]
    _says(q.assess(mine["coupons"]), Status.CORRECT, "off receipts")
    _says(q.assess(40 * COUPON), Status.INCORRECT, "every coupon sent")
    _says(q.assess(8), Status.INCORRECT, "number of coupons used")


def test_q5_net_result(qs, mine) -> None:
    q = qs["q5"]
    margin = (PRICE - COST) / PRICE
    extra_sales = mine["extra"] * 40
    _says(q.assess(mine["net"]), Status.CORRECT, "lost")
    _says(q.assess(extra_sales - 1500.0), Status.INCORRECT, "gross margin rate")
    _says(q.assess(mine["net"] - mine["coupons"]), Status.INCORRECT, "subtracts the coupons")
    _says(q.assess(extra_sales * margin), Status.INCORRECT, "running cost")
    _says(q.assess(mine["extra"] * 60 * margin - 1500.0), Status.INCORRECT, "treatment group")
    _says(q.assess("-588"), Status.INCORRECT, "text")


def test_the_right_action_follows_the_data(qs, mine) -> None:
    # As built: a clear uplift, but the margin (¥1,080) is under the running cost: change it.
    assert mine["net"] < 0
    _says(qs["q6"].assess("b"), Status.CORRECT, "pays back from about")
    _says(qs["q6"].assess("a"), Status.INCORRECT, "did not pay for itself")
    _says(qs["q6"].assess("c"), Status.INCORRECT, "throws away an offer that works")
    breakeven = math.ceil(1500.0 / (mine["extra"] * (PRICE - COST) / PRICE))
    assert f"about {breakeven:,} members" in str(qs["q6"].assess("b"))
    # A cheap campaign pays for itself: run it again.
    cheap = build(make_data(running_cost=500.0))["q6"]
    _says(cheap.assess("a"), Status.CORRECT, "paid for itself")
    _says(cheap.assess("b"), Status.INCORRECT, "already paid for itself")
    # The coupon group came back about as often as the control group: stop.
    flat = build(make_data(treated_back=7, control_back=3))["q6"]
    _says(flat.assess("c"), Status.CORRECT, "chance alone could give")
    _says(flat.assess("b"), Status.INCORRECT, "spread a loss")


def test_uplift_z_is_the_two_proportion_test(data) -> None:
    p_t, p_c, pooled = 20 / 40, 3 / 20, 23 / 60
    z = (p_t - p_c) / math.sqrt(pooled * (1 - pooled) * (1 / 40 + 1 / 20))
    assert uplift_z(_activity(data).assign(visits=lambda f: f["visits"].astype(int))) == (
        pytest.approx(z)
    )
    assert decide({"net": -1.0, "z": z, "extra": 10.0}) == "b"
    assert decide({"net": -1.0, "z": 1.9, "extra": 10.0}) == "c"
    assert decide({"net": 0.0, "z": 0.0, "extra": -1.0}) == "a"


def test_q7_reflection(qs) -> None:
    q = qs["q7"]
    _says(q.assess(____), Status.NOT_ATTEMPTED)
    _says(q.assess("it worked"), Status.INCORRECT, "Write at least")
    text = (
        "The coupon brought 35 points more members back than the control group, but it lost "
        "money after its running cost: send it to more members next time."
    )
    _says(q.assess(text), Status.REFLECTION, "model answer", "control group")
    assert "¥" in q.model_answer and "$" not in q.model_answer


def test_a_missing_campaign_is_the_courses_fault() -> None:
    d = make_data()
    d.campaigns = d.campaigns.assign(campaign_name="Renamed")
    broken = build(d)
    for key in ["q1", "q3", "q5", "q6"]:
        _says(broken[key].assess(0.5), Status.BROKEN, "not in your answer", "named")
    # A campaign without a running cost line cannot be judged either.
    d2 = make_data()
    d2.marketing_spend = d2.marketing_spend[d2.marketing_spend["campaign_id"] != "C05"]
    _says(build(d2)["q5"].assess(1.0), Status.BROKEN, "running cost")
