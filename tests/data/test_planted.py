"""The behaviour planted for exercises is really there, and strong enough to find.

Each test computes the pattern the way a learner would (from the tables) and compares it
with what the simulation planted; thresholds are deliberately loose so a different seed
would still pass, but a broken generator would not.
"""

from __future__ import annotations

import pandas as pd
import pytest


@pytest.fixture(scope="module")
def member_receipts(data, truth):
    r = data.receipts[data.receipts["is_member"]].copy()
    r["segment"] = r["customer_id"].map(truth.segment)
    r["hour"] = r["purchased_at"].dt.hour
    r["weekend"] = r["purchased_at"].dt.dayofweek >= 5
    return r


def test_segments_differ_in_when_and_what_they_buy(member_receipts):
    by = member_receipts.groupby("segment")
    morning = by["hour"].apply(lambda h: h.between(7, 9).mean())
    late = by["hour"].apply(lambda h: (h >= 21).mean())
    weekend = by["weekend"].mean()
    items = by["items"].mean()
    share_disc = by["discount_cny"].sum() / by["gross_cny"].sum()
    assert morning.idxmax() in {"office_worker", "elderly_regular"}
    assert morning["office_worker"] > 2 * morning["student"]
    assert late.idxmax() == "student"
    assert weekend.idxmax() == "family"
    assert items.idxmax() == "family"
    assert share_disc.idxmax() == "bargain_hunter"


def test_segments_can_be_recovered_by_clustering(data, truth):
    from sklearn.cluster import KMeans
    from sklearn.metrics import adjusted_rand_score
    from sklearn.preprocessing import StandardScaler

    r = data.receipts[data.receipts["is_member"]]
    h = r["purchased_at"].dt.hour
    feats = (
        pd.DataFrame(
            {
                "customer_id": r["customer_id"],
                "morning": h.between(6, 9),
                "late": h >= 20,
                "weekend": r["purchased_at"].dt.dayofweek >= 5,
                "items": r["items"],
                "disc": r["discount_cny"] / r["gross_cny"],
            }
        )
        .groupby("customer_id")
        .agg(["mean"])
    )
    counts = r.groupby("customer_id").size()
    feats = feats[counts.reindex(feats.index) >= 8]
    x = StandardScaler().fit_transform(feats.to_numpy())
    labels = KMeans(5, n_init=10, random_state=0).fit_predict(x)
    ari = adjusted_rand_score(truth.segment.reindex(feats.index), labels)
    assert ari > 0.4


def test_daily_peaks_and_quiet_hours(data):
    hours = data.receipts["purchased_at"].dt.hour.value_counts()
    assert hours[8] > 2 * hours[15]
    assert hours[18] > 2 * hours[15]
    assert set(hours.index) <= set(range(6, 24))


def test_weekly_pattern_differs_by_store_format(data):
    r = data.receipts.merge(data.stores[["store_id", "format"]], on="store_id")
    wd = r["purchased_at"].dt.dayofweek
    weekend_share = (wd >= 5).groupby(r["format"], observed=True).mean()
    assert weekend_share["supermarket"] > weekend_share["convenience"] + 0.05


def test_festival_peaks(data):
    daily = data.receipts.set_index("purchased_at")["net_cny"].resample("D").sum()
    typical = daily.median()
    assert daily["2025-01-20":"2025-01-28"].mean() > 1.3 * typical  # before Spring Festival
    assert daily["2025-01-29":"2025-02-04"].mean() < typical  # festival week, city empties
    assert daily["2025-09-26":"2025-10-06"].mean() > 1.15 * typical  # before Mid-Autumn
    lines = data.receipt_lines.merge(data.products, on="product_id")
    when = lines["receipt_id"].map(data.receipts.set_index("receipt_id")["purchased_at"])
    mooncake = when[lines["product_name"].str.contains("ooncake")]
    assert mooncake.between("2025-09-01", "2025-10-16").all() and len(mooncake) > 20


def test_planted_pairs_have_high_lift(data):
    from storecrm.data.simulation.params import PAIRS

    lines = data.receipt_lines.merge(data.products[["product_id", "product_name"]])
    n = data.receipts["receipt_id"].nunique()
    baskets = lines.groupby("product_name")["receipt_id"].apply(set)
    checked = 0
    for a, b, _p in PAIRS:
        if a not in baskets or len(baskets[a]) < 30:
            continue
        both = len(baskets[a] & baskets[b]) / n
        lift = both / ((len(baskets[a]) / n) * (len(baskets[b]) / n))
        assert lift > 3, (a, b, lift)
        checked += 1
    assert checked >= 6
    # an unplanted pair stays near independence
    a, b = baskets["Bottled water 550 ml"], baskets["Cream biscuits"]
    lift = (len(a & b) / n) / ((len(a) / n) * (len(b) / n))
    assert 0.5 < lift < 2


def test_churners_fade_before_they_stop(data, truth):
    # Established members who drift away: fewer visits and smaller baskets before they stop.
    r = data.receipts[data.receipts["is_member"]]
    joined = data.customers.set_index("customer_id")["signup_date"]
    churn = truth.churn_date[truth.leave_reason == "drifted_away"].dropna()
    churn = churn[(churn > "2025-06-01") & (churn < "2025-11-30")]
    churn = churn[joined.reindex(churn.index) < "2025-01-01"]
    rr = r[r["customer_id"].isin(churn.index)]
    days_before = (rr["customer_id"].map(churn) - rr["purchased_at"]).dt.days
    early = days_before.between(91, 180)
    late = days_before.between(1, 90)
    after = (days_before < -1).sum()
    assert late.sum() < 0.8 * early.sum()  # visits thin out in the 90 days before churn
    items = rr["items"].clip(upper=20)  # a few big baskets would drown the trend
    assert items[late].mean() < 0.9 * items[early].mean()  # baskets shrink
    assert after < 0.1 * (early.sum() + late.sum())  # and (apart from win-backs) stop


def test_winback_brings_back_more_treated_than_control(data, truth):
    sends = data.coupon_sends[data.coupon_sends["campaign_id"] == "C05"]
    start = data.campaigns.set_index("campaign_id").loc["C05", "starts_on"]
    r = data.receipts[data.receipts["is_member"]]
    came_back = set(
        r.loc[r["purchased_at"].between(start, start + pd.Timedelta(days=30)), "customer_id"]
    )
    rate = (
        sends.assign(back=sends["customer_id"].isin(came_back))
        .groupby("group", observed=True)["back"]
        .mean()
    )
    assert len(sends) >= 60
    assert rate["treatment"] > rate["control"] + 0.08
    assert (truth.winback_return >= 0).sum() >= 10


def test_campaign_effect_is_real_but_modest(data):
    sends = data.coupon_sends[data.coupon_sends["campaign_id"] != "C05"]
    camp = data.campaigns.set_index("campaign_id")
    r = data.receipts[data.receipts["is_member"]][["customer_id", "purchased_at"]]
    rows = []
    for cid, g in sends.groupby("campaign_id"):
        s, e = camp.loc[cid, "starts_on"], camp.loc[cid, "ends_on"] + pd.Timedelta(days=1)
        visits = r[(r["purchased_at"] >= s) & (r["purchased_at"] < e)]["customer_id"]
        counts = visits.value_counts()
        rows.append(g.assign(visits=g["customer_id"].map(counts).fillna(0)))
    allsends = pd.concat(rows)
    means = allsends.groupby("group", observed=True)["visits"].mean()
    ratio = means["treatment"] / means["control"]
    assert 1.04 < ratio < 1.4, ratio
    redeemed = sends["redeemed_at"].notna()
    assert not redeemed[sends["group"] == "control"].any()
    assert 0.05 < redeemed[sends["group"] == "treatment"].mean() < 0.6


def test_slow_complaint_handling_lowers_later_visits(data):
    c = data.complaints.copy()
    c["slow"] = (c["resolved_at"] - c["opened_at"]) > pd.Timedelta(hours=72)
    r = data.receipts[data.receipts["is_member"]][["customer_id", "purchased_at"]]
    m = r.merge(c[["customer_id", "opened_at", "slow"]], on="customer_id")
    d = (m["purchased_at"] - m["opened_at"]).dt.days
    before = m[d.between(-60, -1)].groupby("customer_id").size()
    after = m[d.between(1, 60)].groupby("customer_id").size()
    c = c.set_index("customer_id")
    ratio = (
        after.reindex(c.index, fill_value=0).groupby(c["slow"]).sum()
        / before.reindex(c.index, fill_value=0).groupby(c["slow"]).sum()
    )
    assert c["slow"].sum() >= 30
    assert ratio[True] < 0.75 * ratio[False]


def test_satisfaction_after_tracks_handling_speed(data):
    c = data.complaints
    slow = (c["resolved_at"] - c["opened_at"]) > pd.Timedelta(hours=72)
    assert c.loc[slow, "satisfaction_after"].mean() + 1 < c.loc[~slow, "satisfaction_after"].mean()
    assert (c["first_response_at"] >= c["opened_at"]).all()
    assert (c["resolved_at"] >= c["first_response_at"]).all()


def test_store_survey_differences(data):
    s = data.survey_responses.groupby("store_id")["sat_checkout_speed"].mean()
    assert s.idxmin() == "S03"
    by_store = data.survey_responses.groupby("store_id")
    assert by_store["sat_staff_friendliness"].mean().idxmax() == "S04"
    assert by_store["sat_product_range"].mean().idxmax() == "S05"


def test_cold_drinks_and_beer_sell_more_in_summer(data):
    from storecrm.data.simulation.params import PRODUCTS

    summer_goods = {p[0] for p in PRODUCTS if p[7] == "summer" and p[2] in ("beverages", "alcohol")}
    lines = data.receipt_lines.merge(data.products[["product_id", "product_name"]])
    month = lines["receipt_id"].map(data.receipts.set_index("receipt_id")["purchased_at"]).dt.month
    is_summer_good = lines["product_name"].isin(summer_goods)
    share = (
        lines["quantity"].where(is_summer_good, 0).groupby(month).sum()
        / lines.groupby(month)["quantity"].sum()
    )
    summer, winter = share[[6, 7, 8]].mean(), share[[1, 2, 11, 12]].mean()
    assert summer > 1.5 * winter, share.round(3).to_dict()


def test_many_students_stop_in_late_june(data, truth):
    # Planted: the day students stop clusters in late June and early July ...
    churn = truth.churn_date.dropna()
    churn = churn[churn.between("2025-01-01", "2025-12-31")]
    grads = churn.between("2025-06-20", "2025-07-20")
    is_student = churn.index.map(truth.segment) == "student"
    assert grads[is_student].mean() > 0.4 > 3 * grads[~is_student].mean()
    # ... and because visits fade first, a learner sees students' last receipts bunch up
    # in the spring term's last months, far more than other members' do.
    r = data.receipts[data.receipts["is_member"]]
    last = r.groupby("customer_id", observed=True)["purchased_at"].max()
    stopped = last[last < "2025-11-01"]  # no visit in the last two months: they left
    segment = stopped.index.map(truth.segment)
    spring_term = stopped.between("2025-04-01", "2025-06-30")
    student_share = spring_term[segment == "student"].mean()
    others_share = spring_term[segment != "student"].mean()
    assert (segment == "student").sum() >= 30
    assert student_share > 2 * others_share, (student_share, others_share)


def test_data_card_counts_match_the_parameters(truth):
    from storecrm.data.simulation.params import PAIRS

    assert len(PAIRS) == 10  # the data card promises ten planted pairs
    stopped = truth.churn_date.between("2025-01-01", "2025-12-31").mean()
    assert 0.3 < stopped < 0.45, stopped  # "about two members in five stop"


def test_range_sizes_and_named_lines_keep_their_ids(data):
    from storecrm.data.simulation.assortment import product_range
    from storecrm.data.simulation.params import PRODUCTS

    listed = product_range().listed.sum(axis=1)
    assert all(1500 <= n <= 3000 for n in listed[:4]), listed
    assert listed[4] >= 2.5 * listed[:4].max()
    named = data.products.set_index("product_id")["product_name"]
    assert [named[f"P{i:04d}"] for i in range(1, 71)] == [p[0] for p in PRODUCTS]
    assert data.products["product_name"].is_unique
    assert data.products[["subcategory", "brand", "pack_size"]].notna().all().all()


def test_basket_rules_show_at_subcategory_level(data):
    lines = data.receipt_lines.merge(data.products[["product_id", "subcategory"]])
    n = data.receipts["receipt_id"].nunique()
    baskets = lines.groupby("subcategory")["receipt_id"].apply(set)
    for a, b in [("noodles", "preserved"), ("hotpot", "condiments"), ("beer", "braised")]:
        both = len(baskets[a] & baskets[b]) / n
        lift = both / ((len(baskets[a]) / n) * (len(baskets[b]) / n))
        assert lift > 1.5, (a, b, lift)


def test_in_store_sign_ups_buy_on_the_day(data):
    c = data.customers[
        (data.customers["signup_date"] >= "2025-01-01")
        & (data.customers["signup_channel"] == "in_store")
    ].set_index("customer_id")
    r = data.receipts[data.receipts["customer_id"].isin(c.index)]
    first = r.groupby("customer_id")["purchased_at"].min().dt.normalize()
    same_day = first.reindex(c.index) == c["signup_date"]
    assert len(c) >= 100 and same_day.mean() > 0.95


def _last_visit(data):
    r = data.receipts[data.receipts["is_member"]]
    return r.groupby("customer_id")["purchased_at"].max()


def test_competitor_takes_riverside_members(data):
    # Members who joined at S05 shop far less after the rival opens on 2025-08-18; other
    # stores' members keep their rhythm. Visits per day, before against after.
    home = data.customers.set_index("customer_id")["signup_store_id"]
    r = data.receipts[data.receipts["is_member"]]
    at_s05 = r["customer_id"].map(home) == "S05"
    t = r["purchased_at"]
    before = t.between("2025-06-01", "2025-08-17").groupby(at_s05).sum() / 78
    after = t.between("2025-10-15", "2025-12-31").groupby(at_s05).sum() / 78
    change = after / before
    assert change[True] < 0.8 * change[False], change.round(3).to_dict()


def test_unresolved_complaints_drive_members_away(data):
    c = data.complaints[data.complaints["opened_at"] < "2025-10-01"]
    last = _last_visit(data)
    gap = (last.reindex(c["customer_id"]).to_numpy() - c["opened_at"].to_numpy()) / pd.Timedelta(
        days=1
    )
    stopped = pd.Series(gap < 60, index=c.index)
    unresolved = c["outcome"] == "unresolved"
    fast = (c["resolved_at"] - c["opened_at"]) <= pd.Timedelta(hours=48)
    assert unresolved.sum() >= 10
    assert stopped[unresolved].mean() > max(0.5, 2.5 * stopped[fast].mean()), (
        stopped[unresolved].mean(),
        stopped[fast].mean(),
    )


def test_exit_survey_names_the_planted_reason(data, truth):
    s = data.survey_responses
    ex = s[s["survey_type"] == "exit"]
    assert len(ex) >= 150 and s.loc[s["survey_type"] == "visit", "leave_reason"].isna().all()
    said = ex["leave_reason"].astype(str).to_numpy()
    true = truth.leave_reason.reindex(ex["customer_id"]).to_numpy()
    assert (said == true).mean() > 0.7
    assert set(said) == {
        "drifted_away", "moved_away", "competitor", "complaint", "graduated", "one_off"
    }  # fmt: skip
    home = data.customers.set_index("customer_id")["signup_store_id"]
    competitor = ex[ex["leave_reason"] == "competitor"]
    assert (competitor["customer_id"].map(home) == "S05").mean() > 0.7


def test_app_sign_ups_cost_most_and_return_least(data):
    new = data.customers[data.customers["signup_date"] >= "2025-01-01"].set_index("customer_id")
    visits = data.receipts.groupby("customer_id").size().reindex(new.index, fill_value=0)
    one_visit = (visits == 1).groupby(new["signup_channel"], observed=True).mean()
    assert one_visit.idxmax() == "app"
    spend = data.marketing_spend.dropna(subset=["signup_channel"])
    cost = spend.groupby("signup_channel", observed=True)["spend_cny"].sum()
    per_member = cost / new["signup_channel"].value_counts()
    assert per_member.idxmax() == "app"
    campaigns = data.marketing_spend.dropna(subset=["campaign_id"])
    assert set(campaigns["campaign_id"]) == set(data.campaigns["campaign_id"])
    assert (data.marketing_spend["spend_cny"] > 0).all()


def test_one_shift_lead_handles_old_town_complaints_slowly(data):
    c = data.complaints[data.complaints["store_id"] == "S04"]
    slow = (c["resolved_at"] - c["opened_at"]) > pd.Timedelta(hours=72)
    by_handler = slow.groupby(c["staff_id"]).mean()
    assert by_handler.idxmax() == "S04-02" and by_handler["S04-02"] > 0.6
    assert data.receipts["staff_id"].str[:3].eq(data.receipts["store_id"]).all()
