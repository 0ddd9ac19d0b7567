"""Questions for exercise 6, "Did the win-back coupon pay?".

:func:`build` turns any data with ``campaigns``, ``coupon_sends``, ``receipts``,
``marketing_spend``, ``receipt_lines`` and ``products`` tables into the questions, so tests
can use small hand-made data and the notebook the real one (see ``ex06``). Every right answer
is computed here from the data, with the course's helpers where Module 4 and Module 10 use
them: :func:`~storecrm.analysis.promotions.campaign_member_activity` (each member's visits and
spend during the campaign dates), :func:`~storecrm.analysis.promotions.campaign_uplift`
(treatment minus control) and :func:`~storecrm.analysis.kpis.campaign_return` (incremental
margin and running cost).

Whether the visit uplift is "clear" is decided by a two-proportion z-test at the 95 % level
(the standard test for a difference between two rates; Kohavi, Tang and Xu, *Trustworthy
Online Controlled Experiments*, 2020, ch. 17): with a control group of a few dozen members,
a few percentage points can be chance.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from storecrm.analysis.customer_value import gross_margin_rate
from storecrm.analysis.kpis import campaign_return
from storecrm.analysis.promotions import (
    campaign_member_activity,
    campaign_results,
    campaign_uplift,
)
from storecrm.errors import CourseError
from storecrm.exercises.compare import SHARE_TOLERANCE
from storecrm.exercises.questions import (
    ChoiceQuestion,
    Misconception,
    Option,
    Question,
    ReflectionQuestion,
    TableQuestion,
    ValueQuestion,
)
from storecrm.format import percent, percentage_points, yuan

__all__ = [
    "CAMPAIGN_NAME",
    "CLEAR_Z",
    "build",
    "campaign_activity",
    "campaign_row",
    "decide",
    "uplift_z",
    "visit_rates",
]

#: The campaign the exercise judges: the win-back coupon of autumn 2025.
CAMPAIGN_NAME = "We miss you"
#: A visit uplift counts as clear when its z-score reaches this (two-sided 95 % level).
CLEAR_Z = 1.96

MONEY = {"atol": 0.006}


def campaign_row(campaigns: pd.DataFrame, name: str = CAMPAIGN_NAME) -> pd.Series:
    """The campaign's row of ``campaigns``, found by its name as head office writes it."""
    found = campaigns.loc[campaigns["campaign_name"] == name]
    if len(found) != 1:
        raise CourseError(
            f"has {len(found)} campaigns named {name!r}, not one",
            table="campaigns",
            column="campaign_name",
            hint="The exercise needs the data set the course ships (storecrm.data.load())",
        )
    return found.iloc[0]


def campaign_activity(data: Any, name: str = CAMPAIGN_NAME) -> pd.DataFrame:
    """One row per coupon send of the campaign: group, redeemed, visits and spend in its dates."""
    row = campaign_row(data.campaigns, name)
    activity = campaign_member_activity(data.campaigns, data.coupon_sends, data.receipts)
    return activity.loc[activity["campaign_id"] == row["campaign_id"]].reset_index(drop=True)


def visit_rates(activity: pd.DataFrame) -> pd.Series:
    """Share (0-1) of each group's members who came at least once during the campaign."""
    return (activity["visits"] > 0).groupby(activity["group"]).mean().rename("visit_rate")


def uplift_z(activity: pd.DataFrame) -> float:
    """The two-proportion z-score of the visit uplift (treatment minus control).

    ``z = (p_t - p_c) / sqrt(p (1 - p) (1/n_t + 1/n_c))`` with ``p`` the visit rate of both
    groups together. Above :data:`CLEAR_Z`, chance alone would rarely (under 5 % of the time)
    give an uplift this big.
    """
    visited = activity["visits"] > 0
    n = visited.groupby(activity["group"]).size()
    rates = visited.groupby(activity["group"]).mean()
    pooled = float(visited.mean())
    spread = pooled * (1 - pooled) * (1 / n["treatment"] + 1 / n["control"])
    if spread <= 0:
        return 0.0
    return float((rates["treatment"] - rates["control"]) / math.sqrt(spread))


def _decision_model(data: Any) -> dict[str, Any]:
    """Every figure the decision and its explanations quote, computed once."""
    row = campaign_row(data.campaigns)
    activity = campaign_activity(data)
    rates = visit_rates(activity)
    uplift = campaign_uplift(campaign_results(activity)).iloc[0]
    margin = gross_margin_rate(data.receipt_lines, data.products)
    returns = campaign_return(
        campaign_uplift(campaign_results(activity)), data.marketing_spend, margin
    ).iloc[0]
    treated = activity[activity["group"] == "treatment"]
    per_member_margin = float(uplift["extra_spend_per_member_cny"]) * margin
    return {
        "name": str(row["campaign_name"]),
        "uplift": float(rates["treatment"] - rates["control"]),
        "z": uplift_z(activity),
        "extra": float(uplift["extra_spend_per_member_cny"]),
        "sent": int(uplift["treatment_members"]),
        "control": int(uplift["control_members"]),
        "coupon_cost": float(treated["redeemed"].sum()) * float(row["coupon_value_cny"]),
        "margin_rate": margin,
        "incremental_margin": float(returns["incremental_margin_cny"]),
        "running_cost": float(returns["cost_cny"]),
        "net": float(returns["incremental_margin_cny"] - returns["cost_cny"]),
        "break_even": (
            math.ceil(float(returns["cost_cny"]) / per_member_margin)
            if per_member_margin > 0
            else None
        ),
    }


def decide(figures: dict[str, Any]) -> str:
    """The action the figures support: ``a`` run again, ``b`` change it, ``c`` stop.

    It paid for itself: run it again. It did not, but the coupon clearly brought members
    back and they spent more: change it (send it to more members, so the fixed running cost
    is shared). Otherwise the coupon did not clearly change anything: stop.
    """
    if figures["net"] >= 0:
        return "a"
    if figures["z"] >= CLEAR_Z and figures["extra"] > 0:
        return "b"
    return "c"


def _why_again(f: dict[str, Any]) -> str:
    if f["net"] >= 0:
        return (
            f"It paid for itself: the extra gross margin ({yuan(f['incremental_margin'], 0)}) "
            f"covered the running cost ({yuan(f['running_cost'], 0)}) and left "
            f"{yuan(f['net'], 0)}."
        )
    return (
        f"It did not pay for itself: the extra gross margin ({yuan(f['incremental_margin'], 0)}) "
        f"fell short of the running cost ({yuan(f['running_cost'], 0)}) by "
        f"{yuan(-f['net'], 0)}. Run unchanged, it would lose money again."
    )


def _why_change(f: dict[str, Any]) -> str:
    if f["net"] >= 0:
        return (
            f"It already paid for itself ({yuan(f['net'], 0)} left after its running cost): "
            "there is no loss to fix by changing it."
        )
    if f["z"] < CLEAR_Z or f["extra"] <= 0:
        return (
            f"The coupon group's visit rate was only {percentage_points(f['uplift'])} above "
            "the control group's, a gap chance alone could make, so there is no clear effect "
            "to spread: sending it to more members would spread a loss."
        )
    reach = (
        f" At this effect it pays back from about {f['break_even']:,} members; it went to "
        f"{f['sent']:,}."
        if f["break_even"]
        else ""
    )
    return (
        f"The coupon clearly worked: {percentage_points(f['uplift'])} more members came "
        f"back than in the control group, and each member sent a coupon spent "
        f"{yuan(f['extra'])} more. The coupons gave away {yuan(f['coupon_cost'], 0)}, and "
        f"they are already out of that spend; the running cost ({yuan(f['running_cost'], 0)}) "
        f"is about the same however many members get the message, and here too few shared "
        f"it.{reach}"
    )


def _why_stop(f: dict[str, Any]) -> str:
    if f["net"] >= 0:
        return (
            f"Stopping would give up the {yuan(f['net'], 0)} it left after all its costs: it "
            "paid for itself."
        )
    if f["z"] >= CLEAR_Z and f["extra"] > 0:
        return (
            f"The coupon clearly brought lapsing members back ({percentage_points(f['uplift'])} "
            "above the control group). Stopping throws away an offer that works; what does "
            "not work is its cost spread over so few members."
        )
    return (
        f"The coupon group visited only {percentage_points(f['uplift'])} more than the "
        "control group, which chance alone could give, and the campaign lost "
        f"{yuan(-f['net'], 0)}: nothing here says it works."
    )


def _model_answer(f: dict[str, Any]) -> str:
    verdict = {
        "a": "It paid for itself, so we run it again and keep a control group to check it.",
        "b": (
            "So the offer works but the campaign is too small: next time we send it to more "
            "lapsing members (and keep a control group), so the fixed cost is shared."
        ),
        "c": "So we stop it and try a different offer on a few members first.",
    }[decide(f)]
    return (
        f'The "{f["name"]}" coupon brought {percentage_points(f["uplift"], 0)} more lapsing '
        f"members back than the control group, and each member sent it spent {yuan(f['extra'])} "
        f"more. After the cost of the goods it earned {yuan(f['incremental_margin'], 0)} of "
        f"extra margin against a running cost of {yuan(f['running_cost'], 0)}. {verdict} "
        "At the till we welcome back members who show the coupon by name, because they had "
        "stopped coming."
    )


def build(data: Any) -> dict[str, Question]:
    """Build questions ``q1`` .. ``q7`` on the campaign :data:`CAMPAIGN_NAME`."""
    cache: dict[str, Any] = {}

    def activity() -> pd.DataFrame:
        if "activity" not in cache:
            cache["activity"] = campaign_activity(data)
        return cache["activity"]

    def figures() -> dict[str, Any]:
        if "figures" not in cache:
            cache["figures"] = _decision_model(data)
        return cache["figures"]

    def group_mean(column: str, group: str, rows: pd.Series | None = None) -> float:
        a = activity()
        keep = a["group"] == group
        if rows is not None:
            keep &= rows
        return float(a.loc[keep, column].mean())

    def coupon_value() -> float:
        return float(campaign_row(data.campaigns)["coupon_value_cny"])

    def coupon_cost() -> float:
        return float(activity()["redeemed"].sum()) * coupon_value()

    def treatment_n() -> int:
        return int((activity()["group"] == "treatment").sum())

    q1 = TableQuestion(
        number=1,
        title="visit rate in each group",
        variable="visit_rate",
        expected=lambda: visit_rates(activity()),
        what="the share of members in each group (control, treatment) who came at least once "
        "during the campaign dates, as fractions 0-1",
        row_word="group",
        **SHARE_TOLERANCE,
        misconceptions=[
            Misconception.equals(
                lambda: activity().groupby("group")["visits"].mean(),
                "`{name}` is the average number of visits per member. The task asks for the "
                "share of members who came at least once: test `visits > 0` first, then take "
                "the mean of True/False per group.",
            ),
            Misconception.equals(
                lambda: activity().groupby("group")["redeemed"].mean(),
                "`{name}` is the share who used the coupon. Members in the control group got "
                "no coupon, so that cannot compare the groups: count who came at all "
                "(`visits > 0`).",
            ),
            Misconception.equals(
                lambda: (activity()["visits"] > 0).groupby(activity()["group"]).sum(),
                "`{name}` counts members. The groups differ in size, so compare shares: "
                "take the mean instead of the sum.",
            ),
            Misconception.percent_not_fraction(plural=True),
        ],
        hints=[
            "A member 'came' if they have at least one visit in the campaign dates. The visit "
            "rate (到店率) of a group is the share of its members who came.",
            "`activity['visits'] > 0` is True for members who came. The mean of True/False "
            "values is the share of True; group it by `activity['group']`.",
            "`(activity['visits'] > 0).groupby(activity['group']).mean()`",
        ],
        solution=(
            "came = activity['visits'] > 0\nvisit_rate = came.groupby(activity['group']).mean()"
        ),
        meaning=lambda s: (
            f"Right: {percent(s['treatment'])} of the members who got the coupon came back, "
            f"against {percent(s['control'])} of the control group, who got nothing. The "
            "control group shows how many would have come back anyway."
        ),
    )
    q2 = ValueQuestion(
        number=2,
        title="the uplift in visit rate",
        variable="visit_uplift",
        expected=lambda: (
            float(visit_rates(activity())["treatment"]) - float(visit_rates(activity())["control"])
        ),
        what="the treatment group's visit rate minus the control group's, as a fraction "
        "(0.05 means 5 percentage points)",
        **SHARE_TOLERANCE,
        misconceptions=[
            Misconception.equals(
                lambda: (
                    float(visit_rates(activity())["treatment"])
                    / float(visit_rates(activity())["control"])
                    - 1
                ),
                "`{name}` is the relative lift (treatment ÷ control − 1). The task asks for "
                "the difference: treatment minus control.",
                **SHARE_TOLERANCE,
            ),
            Misconception.equals(
                lambda: (
                    float(visit_rates(activity())["control"])
                    - float(visit_rates(activity())["treatment"])
                ),
                "`{name}` is control minus treatment. Take the coupon group first: "
                "treatment minus control.",
                **SHARE_TOLERANCE,
            ),
            Misconception.equals(
                lambda: float(visit_rates(activity())["treatment"]),
                "`{name}` is the treatment group's visit rate alone. The uplift is what the "
                "coupon added: subtract the control group's rate.",
                **SHARE_TOLERANCE,
            ),
            Misconception.percent_not_fraction(),
        ],
        hints=[
            "The uplift (增量效果) is what the coupon added: the coupon group's visit rate "
            "minus the control group's.",
            "Take the two numbers from task 1: `visit_rate['treatment']` and "
            "`visit_rate['control']`.",
        ],
        solution="visit_uplift = visit_rate['treatment'] - visit_rate['control']",
        meaning=lambda v: (
            f"Right: the coupon brought back {percentage_points(v)} more members than "
            "would have come anyway. Shares differ by percentage points, not by percents: "
            "say 'points' when you report it."
        ),
    )
    q3 = ValueQuestion(
        number=3,
        title="extra spend per member",
        variable="extra_spend",
        expected=lambda: float(
            campaign_uplift(campaign_results(activity()))["extra_spend_per_member_cny"].iloc[0]
        ),
        what="the average spend (yuan, `spend_cny`) of a treatment member minus that of a "
        "control member, during the campaign dates",
        **MONEY,
        misconceptions=[
            Misconception.equals(
                lambda: (
                    group_mean("spend_cny", "treatment", activity()["redeemed"])
                    - group_mean("spend_cny", "control")
                ),
                "`{name}` starts from the members who redeemed. They are the keenest, who "
                "would have come back more anyway: take the average over the whole treatment "
                "group, redeemed or not.",
                **MONEY,
            ),
            Misconception.equals(
                lambda: group_mean("spend_cny", "treatment"),
                "`{name}` is the treatment group's spend per member alone. Subtract the "
                "control group's, which shows what members spend without a coupon.",
                **MONEY,
            ),
            Misconception.equals(
                lambda: float(
                    activity().loc[activity()["group"] == "treatment", "spend_cny"].sum()
                    - activity().loc[activity()["group"] == "control", "spend_cny"].sum()
                ),
                "`{name}` subtracts the groups' totals. The groups differ in size: compare the "
                "average per member (`.mean()`), not the sums.",
                **MONEY,
            ),
        ],
        hints=[
            "Compare like with like: the average spend per member in each group, then the "
            "difference.",
            "`activity.groupby('group')['spend_cny'].mean()` gives one average per group.",
        ],
        solution=(
            "spend = activity.groupby('group')['spend_cny'].mean()\n"
            "extra_spend = spend['treatment'] - spend['control']"
        ),
        meaning=lambda v: (
            f"Right: each member sent a coupon spent {yuan(v)} more than one who was not, "
            "after the coupon's discount. That is the campaign's effect on sales; the "
            "redeemers' own spend would overstate it."
        ),
    )
    q4 = ValueQuestion(
        number=4,
        title="what the coupons gave away",
        variable="coupon_cost",
        expected=coupon_cost,
        what="the yuan the used coupons took off receipts (coupons redeemed × coupon value)",
        **MONEY,
        misconceptions=[
            Misconception.equals(
                lambda: treatment_n() * coupon_value(),
                "`{name}` counts every coupon sent. A coupon costs the store only when a "
                "customer uses it: count the redeemed ones (`redeemed` is True).",
                **MONEY,
            ),
            Misconception.equals(
                lambda: float(activity()["redeemed"].sum()),
                "`{name}` is the number of coupons used. Multiply by the coupon's value "
                "in yuan, `campaign['coupon_value_cny']`.",
                **MONEY,
            ),
        ],
        hints=[
            "Each used coupon took its value off one receipt. Count the used coupons, then "
            "multiply by the value of one.",
            "`activity['redeemed'].sum()` counts them; `campaign['coupon_value_cny']` is the "
            "value of one.",
        ],
        solution="coupon_cost = activity['redeemed'].sum() * campaign['coupon_value_cny']",
        meaning=lambda v: (
            f"Right: the coupons took {yuan(v, 0)} off receipts. That money is already out "
            "of `spend_cny` (customers paid after the coupon), so do not subtract it again "
            "from the extra spend."
        ),
    )

    def net_result() -> float:
        return figures()["net"]

    def margin_part() -> float:
        return figures()["extra"] * treatment_n() * figures()["margin_rate"]

    q5 = ValueQuestion(
        number=5,
        title="did it pay for itself?",
        variable="net_result",
        expected=net_result,
        what="the extra gross margin (extra spend per member × members sent a coupon × "
        "gross margin rate) minus the running cost, in yuan",
        atol=0.05,
        misconceptions=[
            Misconception.equals(
                lambda: figures()["extra"] * treatment_n() - figures()["running_cost"],
                "`{name}` counts all the extra sales as gain. The store paid for those goods: "
                "multiply the extra sales by the gross margin rate, `margin_rate`.",
                atol=0.05,
            ),
            Misconception.equals(
                lambda: net_result() - figures()["coupon_cost"],
                "`{name}` subtracts the coupons as well. They already came off the receipts, "
                "so they are inside the extra spend: subtract only the running cost.",
                atol=0.05,
            ),
            Misconception.equals(
                margin_part,
                "`{name}` is the extra gross margin alone. Subtract the running cost of the "
                "campaign (design, posters, messages) from `marketing_spend`.",
                atol=0.05,
            ),
            Misconception.equals(
                lambda: (
                    figures()["extra"] * len(activity()) * figures()["margin_rate"]
                    - figures()["running_cost"]
                ),
                "`{name}` multiplies by every member in the campaign. The extra spend is per "
                "member who got a coupon: multiply by the treatment group's size only.",
                atol=0.05,
            ),
        ],
        hints=[
            "Three steps: the extra sales (extra spend per member × members who got a coupon), "
            "the gross margin (毛利) on them (× `margin_rate`), then minus what the campaign "
            "cost to run.",
            "The running cost is the campaign's rows in `marketing_spend` (column "
            "`spend_cny`, matched on `campaign_id`). The treatment group's size is "
            "`(activity['group'] == 'treatment').sum()`.",
            "`running = marketing_spend.loc[marketing_spend['campaign_id'] == "
            "campaign['campaign_id'], 'spend_cny'].sum()`",
        ],
        solution=(
            "sent = (activity['group'] == 'treatment').sum()\n"
            "extra_margin = extra_spend * sent * margin_rate\n"
            "mine = marketing_spend['campaign_id'] == campaign['campaign_id']\n"
            "running = marketing_spend.loc[mine, 'spend_cny'].sum()\n"
            "net_result = extra_margin - running"
        ),
        meaning=lambda v: (
            "Right: after the cost of the goods and of running it, the campaign "
            + (f"left {yuan(v, 0)}: it paid for itself." if v >= 0 else f"lost {yuan(-v, 0)}.")
        ),
    )
    q6 = ChoiceQuestion(
        number=6,
        title="run again, change or stop?",
        variable="my_choice",
        expected=lambda: decide(figures()),
        options=[
            Option(
                "a", "Run it again next autumn exactly as it was.", lambda: _why_again(figures())
            ),
            Option(
                "b",
                "Keep the coupon, but send it to more lapsing members (for example every "
                "month), with a control group again.",
                lambda: _why_change(figures()),
            ),
            Option(
                "c", "Stop it: win-back coupons do not work here.", lambda: _why_stop(figures())
            ),
        ],
        hints=[
            "Look at two things: did the coupon clearly change what members did (tasks 1-3), "
            "and did the campaign pay for itself (task 5)?",
            "The running cost is about the same however many members get the message; the "
            "extra margin grows with every member sent a coupon. Compare the coupons' cost "
            "(task 4) with the running cost.",
        ],
        meaning=(
            "A decision backed by a control group and the full cost, not by counting "
            "redeemed coupons."
        ),
    )
    q7 = ReflectionQuestion(
        number=7,
        title="your note to the store manager",
        variable="my_answer",
        model_answer=lambda: _model_answer(figures()),
        rubric=[
            "It compares the coupon group with the control group, not the redeemers alone.",
            "It says the uplift in percentage points or the extra spend in yuan.",
            "It weighs the extra margin against the running cost, without subtracting the "
            "coupons twice.",
            "It ends with one action: run again, change (how) or stop.",
        ],
        hints=[
            "Put tasks 2, 3 and 5 side by side: what did the coupon do, and what did it cost?",
            "Write two or three sentences: the effect, whether it paid, and what to do next.",
        ],
    )
    return {"q1": q1, "q2": q2, "q3": q3, "q4": q4, "q5": q5, "q6": q6, "q7": q7}
