"""The store's key performance indicators (KPIs), one function per KPI, for Module 10.

A supervisor's review asks the same questions every week: are customers happy, do members
keep coming, do we answer complaints in time, who needs coaching, and does the marketing
money come back? Each answer here is one function whose docstring gives the definition and
its source, so the chapter, the quiz, the exercises and the Playbook's KPI review card all
compute the same number the same way.

Sources for the definitions:

- **Net Promoter Score** (NPS): Reichheld, F. F. (2003), "The One Number You Need to Grow",
  *Harvard Business Review* 81(12).
- **Customer satisfaction** (CSAT), **retention**, **cost to acquire a customer** and
  **return on marketing investment** (ROMI): Farris, Bendle, Pfeifer and Reibstein (2010),
  *Marketing Metrics*, 2nd ed., chapters 2, 5 and 10.
- **Data quality score**: the "simple ratio" of Pipino, Lee and Wang (2002), "Data quality
  assessment", *Communications of the ACM* 45(4).
- **Complaint time standards**: the store's own rules (:mod:`storecrm.rules`).

Everything returned as a share or rate is a fraction 0-1; pages show it with
:func:`storecrm.format.percent`. NPS is the one exception the standard fixes: a score in
points from -100 to +100.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from storecrm.analysis.checks import (
    MAX_WINDOW_DAYS,
    check_horizon,
    check_number,
    check_series,
    check_table,
    require_no_missing,
    require_within,
)
from storecrm.analysis.complaints import (
    FIRST_RESPONSE_STANDARD_H,
    RESOLUTION_STANDARD_H,
    SURVEY_QUESTIONS,
    add_times,
)
from storecrm.analysis.data_quality import quality_report, stale_member_share
from storecrm.analysis.grouping import sorted_unique
from storecrm.errors import CourseError

__all__ = [
    "MIN_TICKETS",
    "acquisition_cost",
    "active_member_rate",
    "campaign_return",
    "cohort_retention",
    "complaint_times",
    "csat_by_question",
    "data_quality_score",
    "marketing_cost_share",
    "monthly_kpis",
    "monthly_retention",
    "nps_summary",
    "repurchase_rate",
    "staff_complaint_performance",
]

#: Fewest tickets before a staff member's complaint figures are read as a pattern rather
#: than luck: below this the table flags ``small_sample``.
MIN_TICKETS: int = 20


def _check_by(frame: pd.DataFrame, table: str, by: Any) -> None:
    if by is None:
        return
    if not isinstance(by, str):
        raise CourseError(f"must be a column name such as 'store_id', got {by!r}", column="by")
    check_table(frame, table, [by], min_rows=0)
    require_no_missing(frame[by], table, by)


def _visit_surveys(responses: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Only the visit surveys: exit surveys ask members who already left, a different group."""
    check_table(responses, "survey_responses", [*columns, "survey_type"], nullable=columns)
    responses = responses.loc[responses["survey_type"].astype(str) == "visit"]
    if responses.empty:
        raise CourseError(
            "has no visit surveys",
            table="survey_responses",
            column="survey_type",
            hint="CSAT and NPS are read from visit surveys; check the filter that made it",
        )
    return responses


# --- satisfaction and loyalty -----------------------------------------------------------------


def nps_summary(responses: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Net Promoter Score from the 0-10 "would you recommend us?" answers.

    Definition (Reichheld 2003): promoters answer 9 or 10, passives 7 or 8, detractors 0 to
    6. NPS = (share of promoters - share of detractors) x 100, a score from -100 to +100.
    Passives count in the total but in neither group, which is why an NPS can fall while
    the average score stays put. Only visit surveys are used (exit surveys ask members who
    already left); empty answers are skipped.

    Parameters
    ----------
    responses
        The ``survey_responses`` table (``recommend_0_10`` and ``survey_type``).
    by
        Optional column to split by, e.g. ``"store_id"``.

    Returns
    -------
    pandas.DataFrame
        One row per group (``"all"`` without ``by``): ``responses``, ``promoter_share``,
        ``passive_share``, ``detractor_share`` (0-1) and ``nps`` (points).
    """
    visit = _visit_surveys(responses, ["recommend_0_10"])
    _check_by(visit, "survey_responses", by)
    scores = visit.dropna(subset=["recommend_0_10"])
    if scores.empty:
        raise CourseError("has no answers", table="survey_responses", column="recommend_0_10")
    key = scores[by] if by else pd.Series("all", index=scores.index, name="group")
    score = scores["recommend_0_10"]
    parts = pd.DataFrame(
        {
            "promoter": score >= 9,
            "passive": (score >= 7) & (score <= 8),
            "detractor": score <= 6,
        }
    )
    grouped = parts.groupby(key.to_numpy())
    out = pd.DataFrame({"responses": grouped.size()})
    for part in ("promoter", "passive", "detractor"):
        out[f"{part}_share"] = grouped[part].mean()
    out["nps"] = 100 * (out["promoter_share"] - out["detractor_share"])
    out.index.name = by or "group"
    return out


def csat_by_question(responses: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """CSAT for each 1-5 survey question: the share of answers that are 4 or 5.

    Definition (Farris et al. 2010, ch. 2, "top-two-box"): CSAT = answers of 4 or 5 /
    all answers to that question. A share, not an average, because "how many customers
    left satisfied" is what a store can act on; an average of 3.9 can hide a split.
    Visit surveys only; empty answers are skipped.

    Returns
    -------
    pandas.DataFrame
        Rows are the questions by their readable name; one column ``csat_share`` (0-1),
        or one column per group of ``by``.
    """
    questions = list(SURVEY_QUESTIONS)
    visit = _visit_surveys(responses, questions)
    _check_by(visit, "survey_responses", by)
    rows = {}
    for column, label in SURVEY_QUESTIONS.items():
        answered = visit.dropna(subset=[column])
        if answered.empty:
            raise CourseError("has no answers", table="survey_responses", column=column)
        high = answered[column] >= 4
        rows[label] = high.groupby(answered[by]).mean() if by else {"csat_share": high.mean()}
    out = pd.DataFrame(rows).T
    out.index.name = "question"
    return out.astype(float)


# --- keeping members ----------------------------------------------------------------------------


def _joined_in_data(customers: pd.DataFrame, receipts: pd.DataFrame) -> pd.DataFrame:
    check_table(customers, "customers", ["customer_id", "signup_date"])
    check_table(receipts, "receipts", ["customer_id", "purchased_at"], min_rows=0)
    start = receipts["purchased_at"].min()
    new = customers.loc[customers["signup_date"] >= start.normalize()] if len(receipts) else None
    if new is None or new.empty:
        raise CourseError(
            "no member signed up inside the period the receipts cover",
            table="customers",
            column="signup_date",
            hint="Cohorts follow members who joined while the receipts were recorded",
        )
    return new


def cohort_retention(
    customers: pd.DataFrame, receipts: pd.DataFrame, months: int = 6
) -> pd.DataFrame:
    """Retention by monthly sign-up cohort: who still buys 1, 2, ... months after joining.

    Definition (Farris et al. 2010, ch. 5): the retention rate of a cohort in month *k* is
    the share of the members who joined in the same calendar month (the cohort) who made at
    least one purchase in calendar month *join + k*. Month 0 is the joining month. Only
    members who joined while receipts were recorded are counted, so nobody is judged on
    months before the data starts; a cell the data cannot see yet (past its last month) is
    left empty rather than shown as 0.

    Parameters
    ----------
    customers, receipts
        The ``customers`` and ``receipts`` tables.
    months
        How many months after joining to follow (1-24).

    Returns
    -------
    pandas.DataFrame
        Index: cohort month (``"2025-03"``); columns ``members`` then ``0`` .. ``months``,
        each a retention rate (0-1).
    """
    check_number(months, "months", minimum=1, maximum=24, whole=True)
    new = _joined_in_data(customers, receipts)
    join = new.set_index("customer_id")["signup_date"].dt.to_period("M")
    bought = receipts.loc[receipts["customer_id"].isin(join.index), ["customer_id", "purchased_at"]]
    # Months as whole numbers (months since 1970-01, which is what a monthly Period holds):
    # subtracting Periods gives one Python object per receipt, which took most of the time.
    member = join.index.get_indexer(bought["customer_id"])
    bought_month = bought["purchased_at"].to_numpy().astype("datetime64[M]").astype(np.int64)
    offset = bought_month - join.array.asi8[member]
    seen = (offset >= 0) & (offset <= months) & bought["purchased_at"].notna().to_numpy()
    pairs = sorted_unique(member[seen].astype(np.int64) * (months + 1) + offset[seen])
    active = pd.DataFrame(
        {"cohort": join.array.take(pairs // (months + 1)), "k": pairs % (months + 1)}
    )
    size = join.value_counts().sort_index()
    counts = active.groupby(["cohort", "k"]).size().unstack("k")
    counts = counts.reindex(index=size.index, columns=range(months + 1)).fillna(0)
    rates = counts.div(size, axis=0)
    last = receipts["purchased_at"].max().to_period("M")
    for cohort in rates.index:
        seen = (last - cohort).n
        rates.loc[cohort, [k for k in rates.columns if k > seen]] = np.nan
    rates.insert(0, "members", size.astype(int))
    rates.index = rates.index.astype(str)
    rates.index.name = "cohort"
    rates.columns = ["members", *[str(k) for k in range(months + 1)]]
    return rates


def repurchase_rate(customers: pd.DataFrame, receipts: pd.DataFrame, days: int = 30) -> float:
    """Share (0-1) of new members who buy again within ``days`` of their first purchase.

    Definition (Farris et al. 2010, ch. 5, repeat rate): among members who joined while
    receipts were recorded and bought at least once, the share with a second receipt no
    later than ``days`` days after the first. Members whose first purchase is fewer than
    ``days`` days before the end of the data are left out: they have not had the chance.
    """
    check_horizon(days, "days", MAX_WINDOW_DAYS, "days")
    check_number(days, "days", minimum=1, whole=True)
    new = _joined_in_data(customers, receipts)
    own = receipts.loc[
        receipts["customer_id"].isin(new["customer_id"]), ["customer_id", "purchased_at"]
    ]
    own = own.sort_values(["customer_id", "purchased_at"], kind="stable")
    first = own.groupby("customer_id")["purchased_at"].nth(0)
    second = own.groupby("customer_id")["purchased_at"].nth(1)
    first = pd.Series(first.to_numpy(), index=own.loc[first.index, "customer_id"])
    second = pd.Series(second.to_numpy(), index=own.loc[second.index, "customer_id"])
    window = pd.Timedelta(days=days)
    eligible = first[first + window <= receipts["purchased_at"].max()]
    if eligible.empty:
        raise CourseError(
            f"no new member made a first purchase at least {days} days before the data ends",
            table="receipts",
            column="purchased_at",
            hint="Use a shorter window or a longer stretch of receipts",
        )
    gap = second.reindex(eligible.index) - eligible
    return float((gap <= window).mean())


def monthly_kpis(receipts: pd.DataFrame) -> pd.DataFrame:
    """The five shop-floor KPIs of a monthly review, one row per calendar month.

    Definitions (Farris et al. 2010, ch. 5 and 8, adapted to a till's receipts):

    - ``sales_cny``: net sales, the sum of ``net_cny`` (after discounts).
    - ``visits``: receipts; one receipt is one trip through the till.
    - ``average_basket_cny``: sales / visits.
    - ``member_sales_share``: the share (0-1) of sales on receipts with a ``customer_id``.
    - ``repeat_rate``: of the members who shopped that month, the share (0-1) who shopped on
      two or more different days of it. Days, not receipts: two receipts on one day are one
      trip, as Module 9's visit gaps and the RFM frequency count them.

    Why monthly: a week is too noisy for a supervisor to act on, a quarter too late.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``month`` (``"2025-01"`` ...), in calendar order.
    """
    check_table(
        receipts, "receipts", ["customer_id", "purchased_at", "net_cny"], nullable=["customer_id"]
    )
    month = receipts["purchased_at"].dt.to_period("M").astype(str).rename("month")
    net = receipts["net_cny"]
    out = pd.DataFrame(
        {
            "sales_cny": net.groupby(month).sum(),
            "visits": net.groupby(month).size(),
        }
    )
    out["average_basket_cny"] = out["sales_cny"] / out["visits"]
    member = receipts["customer_id"].notna()
    member_sales = net[member].groupby(month[member]).sum().reindex(out.index, fill_value=0.0)
    total = out["sales_cny"].mask(out["sales_cny"] <= 0)
    out["member_sales_share"] = member_sales / total
    days = pd.DataFrame(
        {
            "month": month[member],
            "customer_id": receipts.loc[member, "customer_id"],
            "day": receipts.loc[member, "purchased_at"].dt.normalize(),
        }
    ).drop_duplicates()
    per_member = days.groupby(["month", "customer_id"], observed=True).size()
    out["repeat_rate"] = (per_member >= 2).groupby(level="month").mean().reindex(out.index)
    return out.sort_index()


def monthly_retention(receipts: pd.DataFrame) -> pd.Series:
    """Month-to-month member retention: of last month's shoppers, the share who came back.

    Definition (Farris et al. 2010, ch. 5, retention rate): members with a receipt in month
    *m - 1* and again in month *m* / members with a receipt in month *m - 1*. Walk-in
    receipts (no ``customer_id``) are left out. It counts all members, old and new; the
    cohort table (:func:`cohort_retention`) follows new members only.

    Returns
    -------
    pandas.Series
        Indexed by month *m* (``"2025-02"`` ...), a rate (0-1) per month; the first month of
        the data has no month before it and is not listed.
    """
    check_table(receipts, "receipts", ["customer_id", "purchased_at"], nullable=["customer_id"])
    members = receipts.loc[
        receipts["customer_id"].notna() & receipts["purchased_at"].notna(),
        ["customer_id", "purchased_at"],
    ]
    # One row per month, one column per member: "bought that month?". Comparing two rows
    # counts the members who came in both months, as intersecting sets of member numbers
    # did, without building a Python set per month.
    member, ids = pd.factorize(members["customer_id"])
    month = members["purchased_at"].to_numpy().astype("datetime64[M]").astype(np.int64)
    if len(np.unique(month)) < 2:
        raise CourseError(
            "covers fewer than two months with member receipts",
            table="receipts",
            column="purchased_at",
            hint="Retention compares one month with the next; pass at least two months",
        )
    first = int(month.min())
    bought = np.zeros((int(month.max()) - first + 1, len(ids)), dtype=bool)
    bought[month - first, member] = True
    full = pd.period_range(
        pd.Period(np.datetime64(first, "M"), freq="M"), periods=len(bought), freq="M"
    )
    rates = {}
    for i, after in enumerate(full[1:], start=1):
        was = int(bought[i - 1].sum())
        both = int((bought[i - 1] & bought[i]).sum())
        rates[str(after)] = both / was if was else np.nan
    return pd.Series(rates, name="retention_rate").rename_axis("month")


def active_member_rate(
    customers: pd.DataFrame,
    receipts: pd.DataFrame,
    as_of: str | pd.Timestamp,
    days: int = 90,
) -> float:
    """Share (0-1) of members with at least one purchase in the ``days`` days up to ``as_of``.

    Definition: active members / all members on the list. It is the complement of the
    data-quality "stale member" share (:func:`storecrm.analysis.data_quality.stale_member_share`),
    computed by it, so the two can never disagree. The window is a choice: 90 days suits a
    convenience store where members come weekly; say which window when you quote the rate.
    """
    return 1.0 - stale_member_share(customers, receipts, as_of, days)


# --- service quality ------------------------------------------------------------------------


def complaint_times(complaints: pd.DataFrame, by: str | None = "channel") -> pd.DataFrame:
    """Complaint speed and satisfaction against the store's standards, per group.

    Definitions: first-response time = ``first_response_at - opened_at``; resolution time
    = ``resolved_at - opened_at`` (hours). On time means within the store's standard from
    :mod:`storecrm.rules` (first reply within 2 hours, resolved within 24 hours; exactly on
    the limit counts as on time). Grouped by ``channel`` it is the channel-quality table;
    by ``store_id`` it compares stores. ``satisfaction_after`` (1-5) is averaged where given.

    Returns
    -------
    pandas.DataFrame
        One row per group: ``tickets``, ``median_first_response_h``,
        ``median_resolution_h``, ``first_response_on_time_share``,
        ``resolved_on_time_share`` and ``mean_satisfaction``.
    """
    cols = ["satisfaction_after"]
    check_table(complaints, "complaints", cols, nullable=cols)
    timed = add_times(complaints)
    _check_by(timed, "complaints", by)
    timed["first_on_time"] = timed["first_response_h"] <= FIRST_RESPONSE_STANDARD_H
    timed["resolved_on_time"] = timed["resolution_h"] <= RESOLUTION_STANDARD_H
    key = timed[by].astype(str) if by else pd.Series("all", index=timed.index)
    grouped = timed.groupby(key.to_numpy())
    out = pd.DataFrame(
        {
            "tickets": grouped.size(),
            "median_first_response_h": grouped["first_response_h"].median(),
            "median_resolution_h": grouped["resolution_h"].median(),
            "first_response_on_time_share": grouped["first_on_time"].mean(),
            "resolved_on_time_share": grouped["resolved_on_time"].mean(),
            "mean_satisfaction": grouped["satisfaction_after"].mean(),
        }
    )
    out.index.name = by or "group"
    return out


def staff_complaint_performance(
    complaints: pd.DataFrame, min_tickets: int = MIN_TICKETS
) -> pd.DataFrame:
    """Each staff member's complaint handling, measured fairly.

    Fair means three things. The volume is shown beside every rate (``tickets``), because
    3 late tickets out of 4 is not the same evidence as 30 out of 40. A staff member with
    fewer than ``min_tickets`` tickets is flagged ``small_sample`` and should not be ranked.
    And each person is compared with their own store (``vs_store``: their on-time share
    minus the store's), because stores differ in traffic and in the complaints they get.
    Tickets without a ``staff_id`` are left out.

    Returns
    -------
    pandas.DataFrame
        One row per ``staff_id``: ``store_id``, ``tickets``, ``median_resolution_h``,
        ``resolved_on_time_share``, ``vs_store``, ``mean_satisfaction``, ``small_sample``;
        sorted by ``vs_store`` (weakest first).
    """
    check_number(min_tickets, "min_tickets", minimum=1, whole=True)
    cols = ["staff_id", "store_id", "satisfaction_after"]
    check_table(complaints, "complaints", cols, nullable=["staff_id", "satisfaction_after"])
    timed = add_times(complaints)
    timed = timed.loc[timed["staff_id"].notna()].copy()
    if timed.empty:
        raise CourseError(
            "is empty in every row",
            table="complaints",
            column="staff_id",
            hint="Staff can only be compared where the ticket records who handled it",
        )
    timed["on_time"] = timed["resolution_h"] <= RESOLUTION_STANDARD_H
    store_rate = timed.groupby("store_id", observed=True)["on_time"].mean()
    grouped = timed.groupby("staff_id", observed=True)
    out = pd.DataFrame(
        {
            "store_id": grouped["store_id"].first(),
            "tickets": grouped.size(),
            "median_resolution_h": grouped["resolution_h"].median(),
            "resolved_on_time_share": grouped["on_time"].mean(),
            "mean_satisfaction": grouped["satisfaction_after"].mean(),
        }
    )
    out.insert(4, "vs_store", out["resolved_on_time_share"] - out["store_id"].map(store_rate))
    out["small_sample"] = out["tickets"] < min_tickets
    return out.sort_values(["vs_store", "tickets"], kind="stable")


# --- data quality ---------------------------------------------------------------------------------


def data_quality_score(frame: pd.DataFrame, as_of: str | pd.Timestamp | None = None) -> float:
    """One number (0-1) for the health of a member list: 1 means no problem found.

    Definition (the "simple ratio" of Pipino, Lee and Wang 2002): 1 - problems found /
    cells checked, where the problems are those
    :func:`storecrm.analysis.data_quality.quality_report` lists (empty cells,
    duplicates, unmasked phones, impossible dates ...) and the cells checked are rows x
    columns. A score hides which problem it is, so read it beside the
    report; its use is to see, month by month, whether the list gets cleaner.
    """
    report = quality_report(frame) if as_of is None else quality_report(frame, as_of)
    if frame.empty:
        raise CourseError("is empty; there is nothing to score", table="member list")
    cells = frame.shape[0] * frame.shape[1]
    return float(max(0.0, 1.0 - report["count"].sum() / cells))


# --- marketing in and out ---------------------------------------------------------------------


def _check_spend(marketing_spend: pd.DataFrame) -> None:
    check_table(
        marketing_spend,
        "marketing_spend",
        ["month", "campaign_id", "signup_channel", "spend_cny"],
    )


def marketing_cost_share(marketing_spend: pd.DataFrame, receipts: pd.DataFrame) -> float:
    """Marketing cost as a share (0-1) of net sales over the same period.

    Definition (Farris et al. 2010, ch. 10, marketing spending as a share of sales): all
    marketing spend (campaign running costs and member recruiting) / net sales
    (``receipts.net_cny``). Coupon values are not in the spend: they already lower the
    receipts' net sales.
    """
    _check_spend(marketing_spend)
    check_table(receipts, "receipts", ["net_cny"])
    sales = float(receipts["net_cny"].sum())
    if sales <= 0:
        raise CourseError(
            "adds up to nothing; a share of zero sales means nothing",
            table="receipts",
            column="net_cny",
        )
    return float(marketing_spend["spend_cny"].sum()) / sales


def acquisition_cost(marketing_spend: pd.DataFrame, customers: pd.DataFrame) -> pd.DataFrame:
    """Cost to acquire one new member, per sign-up channel.

    Definition (Farris et al. 2010, ch. 5, average acquisition cost): recruiting spend in a
    channel / members who signed up through that channel in the same months. Only the months
    that have recruiting spend count, so a channel is never credited with members from a
    year it cost nothing. A channel with spend and no new members has no finite cost and is
    reported as NaN, not as 0.

    Returns
    -------
    pandas.DataFrame
        One row per sign-up channel: ``spend_cny``, ``new_members``,
        ``cost_per_member_cny``; cheapest first.
    """
    _check_spend(marketing_spend)
    check_table(customers, "customers", ["signup_date", "signup_channel"])
    recruit = marketing_spend.loc[marketing_spend["signup_channel"].notna()]
    if recruit.empty:
        raise CourseError(
            "has no recruiting rows (rows with a sign-up channel)",
            table="marketing_spend",
            column="signup_channel",
        )
    spend = recruit.groupby(recruit["signup_channel"].astype(str))["spend_cny"].sum()
    months = set(recruit["month"].dt.to_period("M"))
    joined = customers.loc[customers["signup_date"].dt.to_period("M").isin(months)]
    new = joined.groupby(joined["signup_channel"].astype(str)).size()
    out = pd.DataFrame({"spend_cny": spend, "new_members": new.reindex(spend.index).fillna(0)})
    out["new_members"] = out["new_members"].astype(int)
    out["cost_per_member_cny"] = out["spend_cny"] / out["new_members"].replace(0, np.nan)
    out.index.name = "signup_channel"
    return out.sort_values("cost_per_member_cny", kind="stable")


def campaign_return(
    uplift: pd.DataFrame, marketing_spend: pd.DataFrame, margin_rate: float
) -> pd.DataFrame:
    """Each campaign's incremental margin and return on marketing, against its control group.

    Definitions (Farris et al. 2010, ch. 10): incremental sales = extra spend per member
    (treatment minus control, from :func:`storecrm.analysis.promotions.campaign_uplift`) x
    members who got the coupon; incremental margin = incremental sales x gross margin rate;
    return on marketing (ROMI) = (incremental margin - running cost) / running cost. The
    running cost is the campaign's lines in ``marketing_spend``; coupon values are already
    out of the net spend. The margin rate comes from
    :func:`storecrm.analysis.customer_value.gross_margin_rate`. Using one store-wide rate
    is an approximation: discounted baskets earn a little less than that.

    Returns
    -------
    pandas.DataFrame
        One row per campaign: ``incremental_sales_cny``, ``incremental_margin_cny``,
        ``cost_cny``, ``romi`` (a rate; -1 means the margin brought back nothing).
    """
    check_table(uplift, "uplift", ["treatment_members", "extra_spend_per_member_cny"])
    for column in ("treatment_members", "extra_spend_per_member_cny"):
        check_series(uplift[column], column, table="uplift")
    require_within(uplift["treatment_members"], "uplift", "treatment_members", minimum=0)
    _check_spend(marketing_spend)
    check_number(margin_rate, "margin_rate", minimum=0, maximum=1)
    running = marketing_spend.loc[marketing_spend["campaign_id"].notna()]
    cost = running.groupby(running["campaign_id"].astype(str))["spend_cny"].sum()
    missing = [c for c in uplift.index.astype(str) if c not in cost.index]
    if missing:
        raise CourseError(
            f"has no running cost for campaign(s) {', '.join(missing)}",
            table="marketing_spend",
            column="campaign_id",
            hint="Each campaign needs its cost lines; pass marketing_spend from the same data",
        )
    out = pd.DataFrame(index=uplift.index.astype(str))
    out["incremental_sales_cny"] = (
        uplift["extra_spend_per_member_cny"] * uplift["treatment_members"]
    ).to_numpy()
    out["incremental_margin_cny"] = out["incremental_sales_cny"] * margin_rate
    out["cost_cny"] = cost.reindex(out.index)
    zero = out["cost_cny"] <= 0
    out["romi"] = (out["incremental_margin_cny"] - out["cost_cny"]) / out["cost_cny"].mask(zero)
    out.index.name = "campaign_id"
    return out
