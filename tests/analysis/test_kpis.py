"""storecrm.analysis.kpis against values worked out by hand on small tables, and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from storecrm.analysis import kpis
from storecrm.analysis.complaints import SURVEY_QUESTIONS
from storecrm.errors import CourseError

T = pd.Timestamp


def surveys() -> pd.DataFrame:
    # Visit answers 10, 9, 9, 8, 6, 3 and one empty; an exit survey scoring 0 must be ignored.
    rec = [10, 9, 9, 8, 6, 3, np.nan, 0]
    sat = [5, 4, 3, 2, 5, np.nan, 1, 1]
    frame = pd.DataFrame(
        {
            "store_id": ["S01", "S01", "S02", "S02", "S02", "S01", "S01", "S01"],
            "recommend_0_10": rec,
            "survey_type": ["visit"] * 7 + ["exit"],
        }
    )
    for column in SURVEY_QUESTIONS:
        frame[column] = sat
    return frame


def test_nps_by_hand() -> None:
    out = kpis.nps_summary(surveys())
    # 6 answers: promoters 10, 9, 9 (3); passive 8 (1); detractors 6, 3 (2).
    row = out.loc["all"]
    assert row["responses"] == 6
    assert row["promoter_share"] == pytest.approx(3 / 6)
    assert row["passive_share"] == pytest.approx(1 / 6)
    assert row["detractor_share"] == pytest.approx(2 / 6)
    assert row["nps"] == pytest.approx(100 * (3 - 2) / 6)


def test_nps_by_store_by_hand() -> None:
    out = kpis.nps_summary(surveys(), by="store_id")
    # S01: 10, 9, 3 -> (2 - 1) / 3; S02: 9, 8, 6 -> (1 - 1) / 3.
    assert out.loc["S01", "nps"] == pytest.approx(100 / 3)
    assert out.loc["S02", "nps"] == pytest.approx(0.0)


def test_csat_is_share_of_4_and_5_by_hand() -> None:
    out = kpis.csat_by_question(surveys())
    # Visit answers 5, 4, 3, 2, 5, (empty), 1: three of six are 4 or 5.
    assert out.loc["Checkout speed", "csat_share"] == pytest.approx(3 / 6)
    by_store = kpis.csat_by_question(surveys(), by="store_id")
    # S01 visits: 5, 4, (empty), 1 -> 2 of 3; S02: 3, 2, 5 -> 1 of 3.
    assert by_store.loc["Freshness", "S01"] == pytest.approx(2 / 3)
    assert by_store.loc["Freshness", "S02"] == pytest.approx(1 / 3)


def members() -> tuple[pd.DataFrame, pd.DataFrame]:
    customers = pd.DataFrame(
        {
            "customer_id": ["M1", "M2", "M3", "M4"],
            "signup_date": [T("2025-01-05"), T("2025-01-20"), T("2025-02-03"), T("2024-06-01")],
            "signup_channel": ["app", "in_store", "app", "referral"],
        }
    )
    receipts = pd.DataFrame(
        {
            "customer_id": ["M1", "M1", "M2", "M3", "M3", "M4", "M1"],
            "purchased_at": [
                T("2025-01-05 10:00"),
                T("2025-01-25 10:00"),  # M1 again 20 days later
                T("2025-01-20 09:00"),  # M2 never again
                T("2025-02-03 08:00"),
                T("2025-03-20 08:00"),  # M3 again 45 days later
                T("2025-01-02 12:00"),
                T("2025-03-30 18:00"),
            ],
            "net_cny": [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 90.0],
        }
    )
    return customers, receipts


def test_cohort_retention_by_hand() -> None:
    customers, receipts = members()
    out = kpis.cohort_retention(customers, receipts, months=2)
    # Jan cohort M1, M2: month 0 both, month 1 (Feb) nobody, month 2 (Mar) M1.
    assert out.loc["2025-01", "members"] == 2
    assert out.loc["2025-01", ["0", "1", "2"]].tolist() == [1.0, 0.0, 0.5]
    # Feb cohort M3: month 0 yes, month 1 (Mar) yes; month 2 (Apr) is past the data.
    assert out.loc["2025-02", ["0", "1"]].tolist() == [1.0, 1.0]
    assert np.isnan(out.loc["2025-02", "2"])
    assert "M4" not in out.index  # joined before the receipts start


def test_repurchase_rate_by_hand() -> None:
    customers, receipts = members()
    # Eligible (first purchase 30+ days before 2025-03-30): M1, M2, M3.
    # Within 30 days: M1 (20 days) only -> 1/3.
    assert kpis.repurchase_rate(customers, receipts, days=30) == pytest.approx(1 / 3)
    # Within 45 days M3 counts too; M1's window still fits -> 2/3.
    assert kpis.repurchase_rate(customers, receipts, days=45) == pytest.approx(2 / 3)


def test_monthly_retention_by_hand() -> None:
    _, receipts = members()
    out = kpis.monthly_retention(receipts)
    # Jan shoppers M1, M2, M4; of them in Feb: nobody -> 0. Feb: M3; in Mar: M3 -> 1.
    assert out.to_dict() == {"2025-02": 0.0, "2025-03": 1.0}
    walk_in = receipts.assign(customer_id=[None, *receipts["customer_id"].iloc[1:]])
    assert kpis.monthly_retention(walk_in)["2025-02"] == 0.0
    _raises(lambda: kpis.monthly_retention(receipts.iloc[:1]), "two months")


def test_active_member_rate_by_hand() -> None:
    customers, receipts = members()
    # 30 days up to 2025-03-31: M1 and M3 bought; M2 and M4 did not -> 2/4.
    assert kpis.active_member_rate(customers, receipts, "2025-03-31", days=30) == 0.5


def tickets() -> pd.DataFrame:
    opened = T("2025-05-01 09:00")
    hours = pd.to_timedelta
    return pd.DataFrame(
        {
            "channel": ["app", "app", "phone", "phone"],
            "store_id": ["S01", "S01", "S01", "S02"],
            "staff_id": ["S01-01", "S01-01", "S01-02", None],
            "opened_at": [opened] * 4,
            "first_response_at": [opened + hours(h, "h") for h in (1, 3, 2, 0.5)],
            "resolved_at": [opened + hours(h, "h") for h in (10, 30, 24, 48)],
            "satisfaction_after": [5, 1, 4, np.nan],
        }
    )


def test_complaint_times_by_channel_by_hand() -> None:
    out = kpis.complaint_times(tickets())
    app = out.loc["app"]
    assert app["tickets"] == 2
    assert app["median_first_response_h"] == pytest.approx(2.0)
    assert app["first_response_on_time_share"] == pytest.approx(0.5)  # 1 h yes, 3 h no
    assert app["resolved_on_time_share"] == pytest.approx(0.5)  # 10 h yes, 30 h no
    assert app["mean_satisfaction"] == pytest.approx(3.0)
    phone = out.loc["phone"]
    assert phone["first_response_on_time_share"] == 1.0  # exactly 2 h counts as on time
    assert phone["resolved_on_time_share"] == 0.5  # exactly 24 h yes, 48 h no
    assert phone["mean_satisfaction"] == 4.0  # the empty rating is skipped


def test_staff_performance_by_hand() -> None:
    out = kpis.staff_complaint_performance(tickets(), min_tickets=2)
    # S01 store rate: 10 h, 30 h, 24 h -> 2 of 3 on time. Ticket without staff left out.
    assert set(out.index) == {"S01-01", "S01-02"}
    assert out.loc["S01-01", "resolved_on_time_share"] == 0.5
    assert out.loc["S01-01", "vs_store"] == pytest.approx(0.5 - 2 / 3)
    assert out.loc["S01-02", "vs_store"] == pytest.approx(1 - 2 / 3)
    assert out.loc["S01-02", "small_sample"]
    assert not out.loc["S01-01", "small_sample"]
    assert out.index[0] == "S01-01"  # weakest against their store first


def test_data_quality_score_by_hand() -> None:
    frame = pd.DataFrame(
        {
            "customer_id": ["M1", "M2", "M3", "M4"],
            "district": ["Old Town", None, "Eastgate", "Tech Park"],
        }
    )
    # One empty cell among 4 x 2 = 8 cells: 1 - 1/8.
    assert kpis.data_quality_score(frame) == pytest.approx(7 / 8)


def spend() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "month": [T("2025-01-01"), T("2025-01-01"), T("2025-02-01"), T("2025-01-01")],
            "campaign_id": [None, None, None, "C01"],
            "signup_channel": ["app", "in_store", "app", None],
            "spend_cny": [300.0, 50.0, 100.0, 200.0],
        }
    )


def test_marketing_cost_share_by_hand() -> None:
    _, receipts = members()
    # Spend 650 over net sales 300.
    assert kpis.marketing_cost_share(spend(), receipts) == pytest.approx(650 / 300)


def test_acquisition_cost_by_hand() -> None:
    customers, _ = members()
    out = kpis.acquisition_cost(spend(), customers)
    # App: 400 yuan over Jan-Feb; M1 (Jan) and M3 (Feb) -> 200 each. In store: 50 / M2.
    assert out.loc["app", "cost_per_member_cny"] == pytest.approx(200.0)
    assert out.loc["in_store", "cost_per_member_cny"] == pytest.approx(50.0)
    assert out.index[0] == "in_store"  # cheapest first
    assert "referral" not in out.index  # M4 joined in a month without spend


def test_campaign_return_by_hand() -> None:
    uplift = pd.DataFrame(
        {"treatment_members": [100], "extra_spend_per_member_cny": [5.0]},
        index=pd.Index(["C01"], name="campaign_id"),
    )
    out = kpis.campaign_return(uplift, spend(), margin_rate=0.4)
    # 100 x 5 = 500 extra sales; margin 200; cost 200 -> ROMI 0.
    assert out.loc["C01", "incremental_sales_cny"] == pytest.approx(500)
    assert out.loc["C01", "incremental_margin_cny"] == pytest.approx(200)
    assert out.loc["C01", "romi"] == pytest.approx(0.0)
    uplift["extra_spend_per_member_cny"] = 10.0
    assert kpis.campaign_return(uplift, spend(), 0.4).loc["C01", "romi"] == pytest.approx(1.0)


# --- bad input --------------------------------------------------------------------------------


def _raises(call, *words: str) -> None:
    with pytest.raises(CourseError) as err:
        call()
    for word in words:
        assert word in str(err.value)


def test_bad_surveys() -> None:
    s = surveys()
    _raises(lambda: kpis.nps_summary(s.iloc[:0]), "survey_responses")
    _raises(lambda: kpis.nps_summary(s.drop(columns="recommend_0_10")), "recommend_0_10")
    text = s.assign(recommend_0_10=s["recommend_0_10"].astype(str))
    _raises(lambda: kpis.nps_summary(text), "survey_responses.recommend_0_10")
    _raises(lambda: kpis.nps_summary(s.assign(recommend_0_10=-1)), "recommend_0_10")
    _raises(lambda: kpis.nps_summary(s, by="till"), "till")
    off_scale = s.assign(sat_freshness=9)
    _raises(lambda: kpis.csat_by_question(off_scale), "sat_freshness")
    only_exit = s.assign(survey_type="exit")
    _raises(lambda: kpis.nps_summary(only_exit), "visit")


def test_bad_members() -> None:
    customers, receipts = members()
    _raises(lambda: kpis.cohort_retention(customers.iloc[:0], receipts), "customers")
    _raises(lambda: kpis.cohort_retention(customers, receipts, months=0), "months")
    nan_date = customers.assign(signup_date=customers["signup_date"].where([True] * 3 + [False]))
    _raises(lambda: kpis.cohort_retention(nan_date, receipts), "customers.signup_date")
    _raises(lambda: kpis.repurchase_rate(customers, receipts, days=-3), "days")
    text = receipts.assign(purchased_at=receipts["purchased_at"].astype(str))
    _raises(lambda: kpis.repurchase_rate(customers, text), "receipts.purchased_at")
    _raises(lambda: kpis.active_member_rate(customers, receipts, "soon"), "as_of")


def test_bad_complaints() -> None:
    t = tickets()
    _raises(lambda: kpis.complaint_times(t.iloc[:0]), "complaints")
    _raises(lambda: kpis.complaint_times(t.drop(columns="resolved_at")), "resolved_at")
    backwards = t.assign(resolved_at=t["opened_at"] - pd.Timedelta(hours=1))
    _raises(lambda: kpis.complaint_times(backwards), "complaints.resolved_at")
    _raises(lambda: kpis.staff_complaint_performance(t, min_tickets=0), "min_tickets")
    _raises(lambda: kpis.staff_complaint_performance(t.assign(staff_id=None)), "staff_id")


def test_bad_money() -> None:
    customers, receipts = members()
    s = spend()
    _raises(lambda: kpis.marketing_cost_share(s.iloc[:0], receipts), "marketing_spend")
    neg = s.assign(spend_cny=[-1.0, 50.0, 100.0, 200.0])
    _raises(lambda: kpis.marketing_cost_share(neg, receipts), "marketing_spend.spend_cny")
    nan = s.assign(spend_cny=[np.nan, 50.0, 100.0, 200.0])
    _raises(lambda: kpis.acquisition_cost(nan, customers), "marketing_spend.spend_cny")
    _raises(
        lambda: kpis.acquisition_cost(s.assign(signup_channel=None), customers), "signup_channel"
    )
    uplift = pd.DataFrame(
        {"treatment_members": [100], "extra_spend_per_member_cny": [5.0]},
        index=pd.Index(["C09"], name="campaign_id"),
    )
    _raises(lambda: kpis.campaign_return(uplift, s, 0.4), "C09")
    _raises(lambda: kpis.campaign_return(uplift, s, 40), "margin_rate")


def test_monthly_kpis_by_hand() -> None:
    """January: M1 twice on one day and once more on the 20th (a repeat), M2 once, one walk-in.
    February: M2 on two days (a repeat), one walk-in."""
    receipts = pd.DataFrame(
        {
            "customer_id": ["M1", "M1", "M1", "M2", None, "M2", "M2", None],
            "purchased_at": [
                T("2025-01-03 08:00"),
                T("2025-01-03 19:00"),
                T("2025-01-20 09:00"),
                T("2025-01-05 10:00"),
                T("2025-01-06 11:00"),
                T("2025-02-01 10:00"),
                T("2025-02-02 10:00"),
                T("2025-02-03 12:00"),
            ],
            "net_cny": [10.0, 20.0, 30.0, 40.0, 100.0, 5.0, 15.0, 30.0],
        }
    )
    got = kpis.monthly_kpis(receipts)
    assert list(got.index) == ["2025-01", "2025-02"]
    assert got["sales_cny"].tolist() == [200.0, 50.0]
    assert got["visits"].tolist() == [5, 3]
    assert got["average_basket_cny"].tolist() == pytest.approx([40.0, 50.0 / 3])
    assert got["member_sales_share"].tolist() == pytest.approx([0.5, 0.4])
    # January: M1 on 2 days, M2 on 1 -> 1 of 2; February: M2 on 2 days -> 1 of 1.
    assert got["repeat_rate"].tolist() == pytest.approx([0.5, 1.0])


def test_monthly_kpis_refuses_text_amounts() -> None:
    receipts = pd.DataFrame(
        {"customer_id": ["M1"], "purchased_at": [T("2025-01-03")], "net_cny": ["12.50"]}
    )
    with pytest.raises(CourseError, match="net_cny"):
        kpis.monthly_kpis(receipts)
