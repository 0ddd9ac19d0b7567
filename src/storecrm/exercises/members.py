"""Questions for exercise 2, "Who are our members".

:func:`build` turns any data with ``customers`` and ``receipts`` tables into the questions,
so tests can use a small hand-made data set and the notebook the real one (see ``ex02``).
Every right answer is computed here from the data.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from storecrm.exercises.compare import SHARE_TOLERANCE
from storecrm.exercises.questions import (
    FunctionQuestion,
    Misconception,
    Question,
    ReflectionQuestion,
    TableQuestion,
    ValueQuestion,
)

__all__ = ["build", "member_totals", "spend_cases"]


def member_totals(receipts: pd.DataFrame) -> pd.Series:
    """Total paid (``net_cny``) per member over the whole data set, members who bought only."""
    members = receipts[receipts["customer_id"].notna()]
    return members.groupby("customer_id", observed=True)["net_cny"].sum()


def spend_cases(customers: pd.DataFrame, receipts: pd.DataFrame) -> list[tuple[tuple, float]]:
    """Test cases for ``member_spend``: the biggest spender, a middle one, the smallest, and a
    member with no receipts (if any). Chosen from the data so they follow regeneration."""
    totals = member_totals(receipts).sort_values(kind="stable")
    picks: list[str] = []
    if len(totals):
        picks = [totals.index[-1], totals.index[len(totals) // 2], totals.index[0]]
    never = sorted(set(customers["customer_id"]) - set(totals.index))
    if never:
        picks.append(never[0])
    seen: list[str] = []
    for cid in picks:
        if cid not in seen:
            seen.append(str(cid))
    return [((cid,), float(totals.get(cid, 0.0))) for cid in seen]


def _model_answer(receipts: pd.DataFrame, sales_share: float, by_tier: pd.Series) -> str:
    visits = float(receipts["is_member"].mean())
    if sales_share > visits:
        money = (
            f"Members made {visits:.0%} of the visits but paid {sales_share:.0%} of the money, "
            "so a member's basket is bigger than a walk-in's and each sign-up is worth more "
            "than one sale."
        )
    else:
        money = (
            f"Members made {visits:.0%} of the visits and paid {sales_share:.0%} of the money, "
            "so their baskets are not bigger than walk-ins': the programme has to earn its cost "
            "through more visits."
        )
    rising = bool(by_tier.is_monotonic_increasing) if len(by_tier) > 1 else False
    tiers = (
        "Each tier spends more per member than the one below, so the tier ladder works."
        if rising
        else "Some neighbouring tiers spend about the same, so the tier rules need a look."
    )
    return (
        f"{money} {tiers} At the till we ask every walk-in shopper whether they would like "
        "to join, and we greet top-tier members by offering their benefits before they ask."
    )


def build(data: Any) -> dict[str, Question]:
    """Build questions ``q1`` .. ``q6`` on the members (``customers``) and ``receipts``."""
    customers = data.customers
    receipts = data.receipts

    def sales_share() -> float:
        return float(
            receipts.loc[receipts["is_member"], "net_cny"].sum() / receipts["net_cny"].sum()
        )

    def spend_by_tier() -> pd.Series:
        totals = member_totals(receipts).rename("spend")
        tiers = customers.set_index("customer_id")["tier"]
        joined = pd.concat([totals, tiers], axis=1, join="inner")
        return joined.groupby("tier", observed=True)["spend"].mean()

    q1 = TableQuestion(
        number=1,
        title="sign-ups by channel",
        variable="signups",
        expected=lambda: customers["signup_channel"].value_counts(),
        what="the number of members who joined through each sign-up channel",
        row_word="sign-up channel",
        misconceptions=[
            Misconception.equals(
                lambda: customers["signup_channel"].value_counts(normalize=True),
                "`{name}` holds shares. The task asks for the number of members: count, "
                "don't divide.",
            ),
            Misconception.equals(
                lambda: receipts["channel"].value_counts(),
                "`{name}` counts receipts by shopping channel. Sign-up channels are in the "
                "`customers` table, column `signup_channel`.",
            ),
        ],
        hints=[
            "Each row of `customers` is one member. Count the members for each value of "
            "the sign-up channel.",
            "`customers['signup_channel'].value_counts()` does exactly that.",
        ],
        solution="signups = customers['signup_channel'].value_counts()",
        meaning=lambda s: (
            f"Right: most members joined through '{s.idxmax()}'. A channel that brings few "
            "members is a choice to make: push it harder, or stop spending on it."
        ),
    )
    q2 = TableQuestion(
        number=2,
        title="tier mix",
        variable="tier_mix",
        expected=lambda: customers["tier"].value_counts(normalize=True),
        what="the share of members in each membership tier, as fractions that add up to 1 "
        "(members whose membership lapsed have no tier and are left out)",
        row_word="tier",
        **SHARE_TOLERANCE,
        misconceptions=[
            Misconception.equals(
                lambda: customers["tier"].value_counts(),
                "`{name}` holds numbers of members. The task asks for shares: divide by the "
                "number of members, or use `value_counts(normalize=True)`.",
            ),
            Misconception.equals(
                lambda: customers["tier"].value_counts() / len(customers),
                "`{name}` divides by all members, including those whose membership lapsed "
                "(their tier is empty), so the shares add up to less than 1. Divide by the "
                "members who have a tier: `value_counts(normalize=True)` does that.",
            ),
            Misconception.percent_not_fraction(plural=True),
        ],
        hints=[
            "The tier mix (会员等级结构) is the share of members in each tier: standard, "
            "silver, gold, diamond.",
            "`value_counts(normalize=True)` gives shares instead of counts.",
        ],
        solution="tier_mix = customers['tier'].value_counts(normalize=True)",
        meaning=(
            "Right. A healthy programme has a broad base and a small top. Staff should know "
            "the top tiers' benefits by heart: those members notice when they are forgotten."
        ),
    )
    q3 = ValueQuestion(
        number=3,
        title="members' share of sales",
        variable="member_sales_share",
        expected=sales_share,
        what="the members' share of all money taken (`net_cny`), as a fraction between 0 and 1",
        **SHARE_TOLERANCE,
        misconceptions=[
            Misconception.equals(
                lambda: float(receipts["is_member"].mean()),
                "`{name}` is the members' share of receipts (visits). The task asks for "
                "their share of the money: add up `net_cny` instead of counting.",
                **SHARE_TOLERANCE,
            ),
            Misconception.equals(
                lambda: float(
                    receipts.loc[receipts["is_member"], "gross_cny"].sum()
                    / receipts["gross_cny"].sum()
                ),
                "`{name}` uses `gross_cny`, the price before discounts. Use what customers "
                "actually paid, `net_cny`.",
                **SHARE_TOLERANCE,
            ),
            Misconception.percent_not_fraction(),
        ],
        hints=[
            "Add up the money on member receipts, then divide by the money on all receipts.",
            "`receipts.loc[receipts['is_member'], 'net_cny'].sum()` is the members' part.",
        ],
        solution=(
            "member_money = receipts.loc[receipts['is_member'], 'net_cny'].sum()\n"
            "member_sales_share = member_money / receipts['net_cny'].sum()"
        ),
        meaning=lambda s: (
            f"Right: members bring {s:.0%} of the money. Compare it with their share of "
            "receipts: if it is higher, a member's basket is bigger than a walk-in's, and "
            "every sign-up at the till is worth more than one sale."
        ),
    )
    q4 = FunctionQuestion(
        number=4,
        title="a member's spend",
        variable="member_spend",
        expected=lambda: spend_cases(customers, receipts),
        what="the member's total spend in yuan (0 for a member who never bought)",
        arg_words="one input, a member id such as 'M00001'",
        atol=0.006,
        hints=[
            "Inside the function, keep the receipts whose `customer_id` is the one given, "
            "then add up what was paid.",
            "`receipts.loc[receipts['customer_id'] == customer_id, 'net_cny'].sum()`; "
            "remember to `return` the result. The sum of no rows is 0, which is right for a "
            "member who never bought.",
        ],
        solution=(
            "def member_spend(customer_id):\n"
            '    """Total paid (yuan, after discounts) by one member."""\n'
            "    theirs = receipts['customer_id'] == customer_id\n"
            "    return receipts.loc[theirs, 'net_cny'].sum()"
        ),
        meaning=(
            "Right: your function works for big spenders, small ones, and members who never "
            "came back. The same question, asked at the till, is what a member lookup "
            "screen answers."
        ),
    )
    q5 = TableQuestion(
        number=5,
        title="spend by tier",
        variable="spend_by_tier",
        expected=spend_by_tier,
        what="the average total spend per member (in yuan) for each tier, among members "
        "who bought at least once",
        row_word="tier",
        atol=0.006,
        misconceptions=[
            Misconception.equals(
                lambda: (
                    receipts.merge(customers[["customer_id", "tier"]], on="customer_id")
                    .groupby("tier", observed=True)["net_cny"]
                    .mean()
                ),
                "`{name}` is the average receipt (one visit) per tier. The task asks for "
                "the average over members of each member's total: add up per member first, "
                "then average per tier.",
                atol=0.006,
            ),
            Misconception.equals(
                lambda: (
                    receipts.merge(customers[["customer_id", "tier"]], on="customer_id")
                    .groupby("tier", observed=True)["net_cny"]
                    .sum()
                ),
                "`{name}` is each tier's total. Divide by the number of members in the tier, "
                "or take the mean of the per-member totals.",
                atol=0.006,
            ),
        ],
        hints=[
            "Two steps: first each member's total spend, then the average of those totals "
            "within each tier.",
            "`receipts.groupby('customer_id')['net_cny'].sum()` gives totals per member. Join "
            "the tier from `customers` (for example with `.merge`), then group by `tier` "
            "and take the `.mean()`.",
        ],
        solution=(
            "totals = receipts.groupby('customer_id', as_index=False)['net_cny'].sum()\n"
            "totals = totals.merge(customers[['customer_id', 'tier']], on='customer_id')\n"
            "spend_by_tier = totals.groupby('tier', observed=True)['net_cny'].mean()"
        ),
        meaning=(
            "Right. Higher tiers should spend more; if two neighbouring tiers spend about "
            "the same, the step between them gives a benefit without changing behaviour."
        ),
    )
    q6 = ReflectionQuestion(
        number=6,
        title="what does this mean for the store",
        variable="my_answer",
        model_answer=lambda: _model_answer(receipts, sales_share(), spend_by_tier()),
        rubric=[
            "It compares members' share of money with their share of visits (or customers).",
            "It uses the tier or spend results to say who matters most.",
            "It names a concrete action at the till or in marketing.",
            "It avoids claims the data cannot support (the data shows what members did, not why).",
        ],
        hints=[
            "Put tasks 3 and 5 side by side: what do they say about the value of a member?",
            "Write two or three sentences: what you see, and one thing staff should do.",
        ],
    )
    return {"q1": q1, "q2": q2, "q3": q3, "q4": q4, "q5": q5, "q6": q6}
