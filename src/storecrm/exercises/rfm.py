"""Questions for exercise 8, "RFM groups and this month's win-back budget" (Module 7).

:func:`build` turns any data with ``customers`` and ``receipts`` tables into the questions, so
tests can use a small hand-made data set and the notebook the real one (see ``ex08``). Every
right answer is computed with the helpers the chapter pages use
(:func:`~storecrm.analysis.segments.rfm_table`, :func:`~storecrm.analysis.segments.rfm_scores`,
:func:`~storecrm.analysis.segments.rfm_segments`): one definition of recency, frequency,
monetary value and of the quintile tie rule across the course (Hughes 1994).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import pandas as pd

from storecrm.analysis.segments import RFM_GROUPS, quintile_scores, rfm_segments, rfm_table
from storecrm.exercises.compare import SHARE_TOLERANCE, compare_table
from storecrm.exercises.questions import (
    ChoiceQuestion,
    Misconception,
    Option,
    Question,
    ReflectionQuestion,
    TableQuestion,
)
from storecrm.format import percent, yuan

__all__ = ["AT_RISK", "LOST", "build", "column_equals", "reachable_spend"]

#: The two drifting RFM groups a win-back budget can go to (names as in ``RFM_GROUPS``).
AT_RISK = "At risk"
LOST = "Lost"

#: How a sentence names one member of each drifting group.
_A_MEMBER = {AT_RISK: "an at-risk member", LOST: "a lost member"}

#: Money is compared to the fen; members' totals in the helper are rounded to 0.01 yuan.
_YUAN_TOLERANCE = 0.006


def column_equals(
    column: str, wrong: Callable[[], pd.Series], message: str, *, atol: float = _YUAN_TOLERANCE
) -> Misconception:
    """The mistake shows in one column of a table answer: that column equals ``wrong()``.

    :meth:`Misconception.equals` compares whole tables, so it misses a learner whose table has
    the right columns plus the wrong one; this looks at the one column that tells the mistake.
    """

    def when(answer: Any, expected: Any) -> bool:
        if not isinstance(answer, pd.DataFrame) or column not in answer.columns:
            return False
        try:
            return compare_table(answer[column], wrong(), name="", what="", atol=atol) is None
        except Exception:
            return False

    return Misconception(message, when)


def reachable_spend(segments: pd.DataFrame, customers: pd.DataFrame) -> pd.Series:
    """Average yearly spend (yuan) per RFM group of the members who agreed to messages.

    A win-back offer by message may only go to members with ``marketing_consent`` (Module 6),
    so the money a coupon can win back is what *those* members spent. A missing consent
    counts as no.
    """
    consent = customers.set_index(customers["customer_id"].astype(str))["marketing_consent"]
    agreed = consent.reindex(segments.index).eq(True)
    reachable = segments[agreed.to_numpy()]
    groups = reachable["group"].astype(str)
    return reachable.groupby(groups)["monetary_cny"].mean().rename_axis("group")


def _model_answer(segments: pd.DataFrame, share: pd.Series, spend: pd.Series, pick: str) -> str:
    group = AT_RISK if pick == "b" else LOST
    size = int((segments["group"] == group).sum())
    champions = share.get("Champions", 0.0)
    return (
        f"Champions bring {percent(champions)} of members' money, but they come anyway, so "
        "they get thanks and good service, not coupons. This month's win-back budget goes to "
        f"the {group.lower().replace(' ', '-')} group ({size:,} members, {percent(share[group])} of members' "
        f"money): {_A_MEMBER[group]} who agreed to messages spent {yuan(spend[group])} in "
        "the year, more than a member of the other drifting group. We send the offer only to members who "
        "agreed to messages, keep a random tenth as a control group, and at the till we "
        "welcome these members back warmly when they come."
    )


def build(data: Any) -> dict[str, Question]:
    """Build questions ``q1`` .. ``q7`` on the members' ``receipts`` and ``customers``."""
    receipts = data.receipts
    customers = data.customers

    @cache
    def table() -> pd.DataFrame:
        return rfm_table(receipts)

    @cache
    def segments() -> pd.DataFrame:
        return rfm_segments(receipts)

    def names() -> pd.Series:
        return segments()["group"].astype(str)

    @cache
    def sales_share() -> pd.Series:
        money = segments()["monetary_cny"]
        return money.groupby(names()).sum() / money.sum()

    @cache
    def spend() -> pd.Series:
        return reachable_spend(segments(), customers)

    def pick() -> str:
        per_member = spend()
        return "b" if per_member[AT_RISK] >= per_member[LOST] else "c"

    def days_to_last_day() -> pd.Series:
        return table()["recency_days"] - 1

    def days_with_times() -> pd.Series:
        rfm = table()
        as_of = rfm["last_purchase"].max().normalize() + pd.Timedelta(days=1)
        return (as_of - rfm["last_purchase"]).dt.days

    def gross_totals() -> pd.Series:
        members = receipts[receipts["customer_id"].notna()]
        return members.groupby(members["customer_id"].astype(str))["gross_cny"].sum()

    def item_counts() -> pd.Series:
        members = receipts[receipts["customer_id"].notna()]
        return members.groupby(members["customer_id"].astype(str))["items"].sum()

    def receipt_counts() -> pd.Series:
        members = receipts[receipts["customer_id"].notna()]
        return members.groupby(members["customer_id"].astype(str)).size()

    def ties_split_by_number(column: str) -> pd.Series:
        ranks = table()[column].sort_index().rank(method="first")
        return pd.qcut(ranks, 5, labels=False).astype(int) + 1

    q1 = TableQuestion(
        number=1,
        title="recency, frequency and money per member",
        variable="rfm",
        expected=lambda: table()[["recency_days", "frequency", "monetary_cny"]],
        what="one row per member with a receipt: `recency_days` (days from the last purchase "
        "to the day after the data ends), `frequency` (days with a receipt) and `monetary_cny` "
        "(yuan paid)",
        row_word="member",
        allow_extra_columns=True,
        atol=_YUAN_TOLERANCE,
        misconceptions=[
            column_equals(
                "recency_days",
                days_to_last_day,
                "`{name}['recency_days']` counts the days up to the last day of the data. The "
                "chapter counts up to the day after it, so a member who shopped on the last "
                "day has recency 1, not 0.",
            ),
            column_equals(
                "recency_days",
                days_with_times,
                "`{name}['recency_days']` counts 24-hour periods from the time of the last "
                "purchase. Count calendar days: take `.dt.normalize()` of the last purchase "
                "(midnight of that day) before you subtract.",
            ),
            column_equals(
                "monetary_cny",
                gross_totals,
                "`{name}['monetary_cny']` adds up `gross_cny`, the price before discounts. "
                "Monetary value is what the member actually paid: `net_cny`.",
            ),
            column_equals(
                "frequency",
                item_counts,
                "`{name}['frequency']` adds up items. Frequency is the number of visits: "
                "count the days on which the member has a receipt.",
            ),
            column_equals(
                "frequency",
                receipt_counts,
                "`{name}['frequency']` counts receipts. Two receipts on one day (back for a "
                "forgotten item) are one visit: count distinct days, "
                "`purchased_at.dt.normalize()` then `.nunique()`.",
                atol=0,
            ),
        ],
        hints=[
            "Keep the member receipts (a `customer_id`), group them by member, and take three "
            "numbers per member: the last purchase, the number of days with a receipt, the "
            "money paid.",
            "`groupby('customer_id')` with `['purchased_at'].max()` and `['net_cny'].sum()`; "
            "for the days, group `purchased_at.dt.normalize()` by member and take "
            "`.nunique()`. The analysis day is the day after the last receipt: "
            "`receipts['purchased_at'].max().normalize() + pd.Timedelta(days=1)`.",
            "Recency is `(as_of - last.dt.normalize()).dt.days`. Put the three Series "
            "in one `pd.DataFrame({...})` with the column names of the task.",
        ],
        solution=(
            "members = receipts[receipts['customer_id'].notna()]\n"
            "as_of = members['purchased_at'].max().normalize() + pd.Timedelta(days=1)\n"
            "by_member = members.groupby('customer_id')\n"
            "last = by_member['purchased_at'].max()\n"
            "days = members['purchased_at'].dt.normalize()\n"
            "rfm = pd.DataFrame({\n"
            "    'recency_days': (as_of - last.dt.normalize()).dt.days,\n"
            "    'frequency': days.groupby(members['customer_id']).nunique(),\n"
            "    'monetary_cny': by_member['net_cny'].sum().round(2),\n"
            "})"
        ),
        meaning=lambda t: (
            f"Right: {len(t):,} members have a receipt. These three numbers are all RFM needs; "
            "everything that follows is sorting and naming them."
        ),
    )
    q2 = TableQuestion(
        number=2,
        title="scores of 1 to 5",
        variable="scores",
        expected=lambda: pd.DataFrame(
            {
                "r": quintile_scores(table()["recency_days"], higher_is_better=False),
                "f": quintile_scores(table()["frequency"]),
                "m": quintile_scores(table()["monetary_cny"]),
            }
        ),
        what="one row per member with the scores `r`, `f` and `m`, each 1 to 5 by quintiles "
        "(5 for the best fifth) with the chapter's tie rule: equal values, equal scores",
        row_word="member",
        allow_extra_columns=True,
        misconceptions=[
            column_equals(
                "r",
                lambda: quintile_scores(table()["recency_days"], higher_is_better=True),
                "`{name}['r']` gives 5 to the members who have been away the longest. For "
                "recency, fewer days is better: use `higher_is_better=False`.",
                atol=0,
            ),
            column_equals(
                "f",
                lambda: quintile_scores(table()["frequency"], higher_is_better=False),
                "`{name}['f']` gives 5 to the members with the fewest visits. For frequency, "
                "more visits is better.",
                atol=0,
            ),
            column_equals(
                "f",
                lambda: ties_split_by_number("frequency"),
                "`{name}['f']` splits ties by member number, so members with the same number "
                "of visits get different scores. Equal values get equal scores: use "
                "`quintile_scores`.",
                atol=0,
            ),
        ],
        hints=[
            "Each column becomes a score: a member's score is one plus the number of whole "
            "fifths of members who did strictly worse, so the best fifth gets 5 and members "
            "with the same value always get the same score.",
            "`quintile_scores(course_rfm['frequency'])` does the cut with the tie rule. "
            "Recency needs `higher_is_better=False`.",
            "`scores = pd.DataFrame({'r': ..., 'f': ..., 'm': ...})` with one "
            "`quintile_scores(...)` per column.",
        ],
        solution=(
            "scores = pd.DataFrame({\n"
            "    'r': quintile_scores(course_rfm['recency_days'], higher_is_better=False),\n"
            "    'f': quintile_scores(course_rfm['frequency']),\n"
            "    'm': quintile_scores(course_rfm['monetary_cny']),\n"
            "})"
        ),
        meaning=lambda s: (
            f"Right. Members with the same number of visits share a score, so the groups are "
            f"not all the same size: {percent(float((s['f'] == 1).mean()))} of members score "
            "F = 1. They did the same, so the score says the same."
        ),
    )
    q3 = TableQuestion(
        number=3,
        title="members per RFM group",
        variable="group_sizes",
        expected=lambda: names().value_counts(),
        what="the number of members in each RFM group",
        row_word="RFM group",
        zero_rows=[name for name, _, _ in RFM_GROUPS],
        misconceptions=[
            Misconception.equals(
                lambda: names().value_counts(normalize=True),
                "`{name}` holds shares. The task asks for the number of members: count, "
                "don't divide.",
            ),
        ],
        hints=[
            "Each row of `segments` is one member, and the column `group` holds the name of "
            "their group. Count the members of each group.",
            "`segments['group'].value_counts()`.",
        ],
        solution="group_sizes = segments['group'].value_counts()",
        meaning=lambda s: (
            f"Right: the largest group is '{s.idxmax()}' with {int(s.max()):,} members. The "
            "size says how much work a group is; the next task says how much money it is."
        ),
    )
    q4 = TableQuestion(
        number=4,
        title="each group's share of members' money",
        variable="sales_share",
        expected=sales_share,
        what="each RFM group's share of all the money members paid (`monetary_cny`), as "
        "fractions that add up to 1",
        row_word="RFM group",
        **SHARE_TOLERANCE,
        misconceptions=[
            Misconception.equals(
                lambda: names().value_counts(normalize=True),
                "`{name}` is each group's share of members, not of money. Add up "
                "`monetary_cny` per group and divide by the total.",
                **SHARE_TOLERANCE,
            ),
            Misconception.equals(
                lambda: (
                    segments()["monetary_cny"].groupby(names()).sum() / receipts["net_cny"].sum()
                ),
                "`{name}` divides by all the money taken, walk-in shoppers included, so the "
                "shares add up to less than 1. Divide by the members' money: "
                "`segments['monetary_cny'].sum()`.",
                **SHARE_TOLERANCE,
            ),
            Misconception.percent_not_fraction(plural=True),
        ],
        hints=[
            "A share of money is a part divided by the whole: each group's money over all "
            "members' money.",
            "`segments.groupby('group', observed=True)['monetary_cny'].sum()`, divided by "
            "`segments['monetary_cny'].sum()`.",
        ],
        solution=(
            "money = segments.groupby('group', observed=True)['monetary_cny'].sum()\n"
            "sales_share = money / segments['monetary_cny'].sum()"
        ),
        meaning=lambda s: (
            f"Right: '{s.idxmax()}' bring {percent(float(s.max()))} of members' money. Compare "
            "each share with the group's size: a small group with a big share is the one the "
            "store cannot afford to lose."
        ),
    )
    q5 = TableQuestion(
        number=5,
        title="what a reachable member spent",
        variable="spend_reachable",
        expected=spend,
        what="for each RFM group, the average yearly spend in yuan of its members who agreed "
        "to marketing messages",
        row_word="RFM group",
        atol=_YUAN_TOLERANCE,
        misconceptions=[
            Misconception.equals(
                lambda: segments()["monetary_cny"].groupby(names()).mean(),
                "`{name}` averages over every member of the group. Offers by message may only "
                "go to members who agreed (`marketing_consent` is True): keep only those "
                "members first.",
                atol=_YUAN_TOLERANCE,
            ),
            Misconception.equals(
                lambda: (
                    segments()["monetary_cny"]
                    .where(
                        customers.set_index(customers["customer_id"].astype(str))[
                            "marketing_consent"
                        ]
                        .reindex(segments().index)
                        .eq(True)
                    )
                    .groupby(names())
                    .sum()
                ),
                "`{name}` is each group's total. The task asks for the average per member: "
                "use `.mean()`.",
                atol=_YUAN_TOLERANCE,
            ),
        ],
        hints=[
            "Two steps: keep the members who agreed to messages, then average `monetary_cny` "
            "within each group.",
            "`customers.loc[customers['marketing_consent'], 'customer_id']` are the members "
            "who agreed; `segments[segments.index.isin(...)]` keeps them.",
            "Then `.groupby('group', observed=True)['monetary_cny'].mean()`.",
        ],
        solution=(
            "agreed = customers.loc[customers['marketing_consent'], 'customer_id']\n"
            "reachable = segments[segments.index.isin(agreed)]\n"
            "spend_reachable = reachable.groupby('group', observed=True)['monetary_cny'].mean()"
        ),
        meaning=(
            "Right. This is the money a win-back coupon can protect, per member the store may "
            "contact. Members who did not agree still get the same welcome in the store."
        ),
    )

    def why_drifting(group: str, other: str) -> Callable[[], str]:
        def why() -> str:
            mine, theirs = spend()[group], spend()[other]
            verdict = "more" if mine >= theirs else "less"
            return (
                f"{_A_MEMBER[group].capitalize()} who agreed to messages spent {yuan(mine)} "
                f"in the year, against {yuan(theirs)} for {_A_MEMBER[other]}, so each coupon "
                f"here protects {verdict} money."
            )

        return why

    def why_recent(group: str, rest: str) -> Callable[[], str]:
        def why() -> str:
            days = float(segments().loc[names() == group, "recency_days"].median())
            return (
                f"A typical member of this group last shopped {days:.0f} days before the data "
                f"ends: they are still coming. {rest}"
            )

        return why

    q6 = ChoiceQuestion(
        number=6,
        title="who gets this month's win-back budget",
        variable="my_choice",
        expected=pick,
        options=[
            Option(
                "a",
                "Champions: reward the best members with the coupons",
                why_recent(
                    "Champions",
                    "A coupon would pay for visits the store gets anyway; champions get thanks "
                    "and good service instead.",
                ),
            ),
            Option(
                "b",
                "At risk: a win-back coupon to at-risk members who agreed to messages",
                why_drifting(AT_RISK, LOST),
            ),
            Option(
                "c",
                "Lost: a win-back coupon to lost members who agreed to messages",
                why_drifting(LOST, AT_RISK),
            ),
            Option(
                "d",
                "New or promising: a welcome coupon for a second visit",
                why_recent(
                    "New or promising",
                    "Inviting a second visit is the till's job (explain points, say when the "
                    "fresh food arrives), and costs nothing.",
                ),
            ),
        ],
        hints=[
            "A win-back offer is for members who have stopped coming (R of 2 or less). Which "
            "options are about such members?",
            "Between the two drifting groups, compare task 5: how much a member who agreed to "
            "messages spent in the year. A coupon protects more where that is higher.",
        ],
        meaning=(
            "Send it with a control group (a random part of the group gets nothing), so next "
            "month you can see whether the coupon brought members back."
        ),
    )
    q7 = ReflectionQuestion(
        number=7,
        title="what does this mean for the store",
        variable="my_answer",
        model_answer=lambda: _model_answer(segments(), sales_share(), spend(), pick()),
        rubric=[
            "It names the group that gets the budget and the number from tasks 4 or 5 behind it.",
            "It says why champions get thanks rather than coupons.",
            "It sends offers only to members who agreed to messages.",
            "It plans a way to see whether the offer worked (a control group).",
            "It says what staff at the till do for these members.",
        ],
        hints=[
            "Put tasks 4 and 5 side by side: where is the money, and where can a coupon still "
            "make a difference?",
            "Write two or three sentences: your choice, the number behind it, and what staff "
            "at the till do.",
        ],
    )
    return {"q1": q1, "q2": q2, "q3": q3, "q4": q4, "q5": q5, "q6": q6, "q7": q7}
