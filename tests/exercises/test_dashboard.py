"""Exercise 11's checks on the committed data: each right answer worked out here with plain
pandas (not with the helpers the checks use), the typical wrong ones, the choice that follows
the data, and a course fault."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from storecrm.exercises import Status, ____
from storecrm.exercises.dashboard import CAMPAIGN, build
from storecrm.exercises.testing import assert_says as _says


@pytest.fixture(scope="module")
def qs(committed):
    return build(committed)


@pytest.fixture(scope="module")
def by_month(committed) -> pd.Series:
    return committed.receipts["purchased_at"].dt.strftime("%Y-%m")


@pytest.fixture(scope="module")
def sales(committed, by_month) -> pd.Series:
    return committed.receipts.groupby(by_month)["net_cny"].sum()


def test_q1_sales(qs, committed, by_month, sales) -> None:
    q = qs["q1"]
    _says(q.assess(sales), Status.CORRECT, "best month")
    _says(q.assess(committed.receipts.groupby(by_month)["gross_cny"].sum()), Status.INCORRECT,
          "net_cny")  # fmt: skip
    _says(q.assess(sales.iloc[:-1]), Status.INCORRECT, "too few rows")


def test_q2_average_basket(qs, committed, by_month, sales) -> None:
    q = qs["q2"]
    r = committed.receipts
    right = sales / r.groupby(by_month).size()
    _says(q.assess(right), Status.CORRECT, "average basket")
    members = r["customer_id"].notna()
    _says(q.assess(r[members].groupby(by_month[members])["net_cny"].mean()), Status.INCORRECT,
          "walk-in")  # fmt: skip
    _says(q.assess(r.groupby(by_month)["gross_cny"].mean()), Status.INCORRECT, "gross_cny")


def test_q3_member_share(qs, committed, by_month, sales) -> None:
    q = qs["q3"]
    r = committed.receipts
    members = r["customer_id"].notna()
    right = r[members].groupby(by_month[members])["net_cny"].sum() / sales
    _says(q.assess(right), Status.CORRECT, "of the money")
    _says(q.assess(members.groupby(by_month).mean()), Status.INCORRECT, "*receipts*")
    _says(q.assess(right * 100), Status.INCORRECT, "looks like a percent")


def test_q4_repeat_rate(qs, committed, by_month) -> None:
    q = qs["q4"]
    r = committed.receipts
    m = r["customer_id"].notna()
    days = pd.DataFrame(
        {
            "month": by_month[m],
            "cid": r.loc[m, "customer_id"],
            "day": r.loc[m, "purchased_at"].dt.date,
        }
    ).drop_duplicates()
    per = days.groupby(["month", "cid"]).size()
    right = (per > 1).groupby(level="month").mean()
    _says(q.assess(right), Status.CORRECT, "came back within the month")
    receipts_per = r[m].groupby([by_month[m], r.loc[m, "customer_id"]]).size()
    counted = (receipts_per > 1).groupby(level=0).mean()
    assert not counted.equals(right)
    _says(q.assess(counted), Status.INCORRECT, "*days*")
    _says(q.assess(right * 100), Status.INCORRECT, "looks like a percent")


def test_q5_chart(qs, sales) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    q = qs["q5"]
    ax = sales.plot.bar()
    ax.set_xlabel("Month")
    ax.set_ylabel("Net sales (¥)")
    ax.set_title("Net sales by month")
    _says(q.assess(ax), Status.CORRECT)
    plt.close("all")
    _, line = plt.subplots()
    line.plot(range(len(sales)), sales.to_numpy())
    _says(q.assess(line), Status.INCORRECT, "bar")
    plt.close("all")


def _romi(committed) -> tuple[float, float, float]:
    """(romi, margin/cost, sales-based romi) by hand from the committed tables."""
    from storecrm.analysis.customer_value import gross_margin_rate
    from storecrm.analysis.promotions import (
        campaign_member_activity,
        campaign_results,
        campaign_uplift,
    )

    d = committed
    uplift = campaign_uplift(
        campaign_results(campaign_member_activity(d.campaigns, d.coupon_sends, d.receipts))
    ).loc[CAMPAIGN]
    margin_rate = gross_margin_rate(d.receipt_lines, d.products)
    cost = d.marketing_spend.loc[d.marketing_spend["campaign_id"] == CAMPAIGN, "spend_cny"].sum()
    extra = uplift["extra_spend_per_member_cny"] * uplift["treatment_members"]
    return (extra * margin_rate - cost) / cost, extra * margin_rate / cost, (extra - cost) / cost


def test_q6_romi(qs, committed) -> None:
    q = qs["q6"]
    right, ratio, on_sales = _romi(committed)
    _says(q.assess(right), Status.CORRECT, "return on marketing")
    _says(q.assess(ratio), Status.INCORRECT, "take the cost off")
    _says(q.assess(on_sales), Status.INCORRECT, "*sales*")


def _changes(receipts: pd.DataFrame) -> pd.Series:
    month = receipts["purchased_at"].dt.strftime("%Y-%m")
    basket = receipts.groupby(month)["net_cny"].mean()
    m = receipts["customer_id"].notna()
    share = (
        receipts[m].groupby(month[m])["net_cny"].sum() / receipts.groupby(month)["net_cny"].sum()
    )
    days = pd.DataFrame(
        {
            "mo": month[m],
            "c": receipts.loc[m, "customer_id"],
            "d": receipts.loc[m, "purchased_at"].dt.date,
        }
    ).drop_duplicates()
    repeat = (days.groupby(["mo", "c"]).size() > 1).groupby(level="mo").mean()
    table = pd.DataFrame({"a": basket, "b": share, "c": repeat})
    return table.tail(3).mean() / table.head(3).mean() - 1


def test_q7_choice_is_the_kpi_that_fell_most(qs, committed) -> None:
    q = qs["q7"]
    right = _changes(committed.receipts).idxmin()
    _says(q.assess(right), Status.CORRECT, "steepest fall")
    for wrong in {"a", "b", "c"} - {right}:
        _says(q.assess(wrong), Status.INCORRECT)


def test_q7_flips_when_late_baskets_grow(committed) -> None:
    """Double every receipt's money in the last three months: the basket no longer falls."""
    r = committed.receipts.copy()
    late = r["purchased_at"] >= pd.Timestamp("2025-10-01")
    for column in ("gross_cny", "discount_cny", "net_cny"):
        r.loc[late, column] = r.loc[late, column] * 2
    changed = dataclasses.replace(committed, receipts=r)
    right = _changes(r).idxmin()
    assert right != _changes(committed.receipts).idxmin()
    q = build(changed)["q7"]
    _says(q.assess(right), Status.CORRECT)


def test_a_course_fault_is_never_the_learners(committed, sales) -> None:
    """Without the campaign the return cannot be worked out: the check says so."""
    campaigns = committed.campaigns[committed.campaigns["campaign_id"] != CAMPAIGN]
    sends = committed.coupon_sends[committed.coupon_sends["campaign_id"] != CAMPAIGN]
    qs = build(dataclasses.replace(committed, campaigns=campaigns, coupon_sends=sends))
    _says(qs["q6"].assess(0.5), Status.BROKEN, "CourseError")
    _says(qs["q1"].assess(sales), Status.CORRECT)


def test_q8_reflection(qs) -> None:
    q = qs["q8"]
    _says(q.assess(____), Status.NOT_ATTEMPTED)
    _says(q.assess("fix it"), Status.INCORRECT, "Write at least")
    assert "%" in q.model_answer
