"""Questions for exercise 10, "This week's at-risk list and the win-back budget".

:func:`prepare` turns the store's data into the tables the learner works from (visit days,
each member's lapse threshold, this week's risk scores, the measured save rate) with Module
9's helpers in :mod:`storecrm.analysis.churn`; :func:`build` makes the questions. Every right
answer comes from those same helpers (``lapse_status``, ``lapse_thresholds``, ``week_plan``,
``winback_plan``), so the exercise's numbers equal the ones the chapter pages show.

The questions work the data out lazily, on the first check: data the helpers refuse makes a
check say "Problem in the exercise" rather than fail at import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from storecrm.analysis.churn import (
    CONTACT_COST_CNY,
    MIN_GAPS,
    RULE_DAYS,
    WEEKLY_BUDGET_CNY,
    WeekPlan,
    lapse_status,
    lapse_thresholds,
    visit_gaps,
    week_plan,
    winback_plan,
)
from storecrm.analysis.wording import compare_word
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
from storecrm.format import percent, yuan

__all__ = ["FLAG_RISK", "LIST_SIZE", "WeekInputs", "build", "prepare"]

#: Members on this week's call list (the chapter's list has 40).
LIST_SIZE: int = 40
#: A member counts as flagged at this risk or above (as :func:`week_plan` counts them).
FLAG_RISK: float = 0.5


@dataclass(frozen=True)
class WeekInputs:
    """What the learner works from, all computed by Module 9's helpers.

    ``scored`` is every member still active on ``today`` with their warning signs, the tree's
    ``risk``, their ``tier`` and ``marketing_consent``. ``lapse_k`` is each member's own lapse
    threshold in days.
    """

    today: pd.Timestamp
    visits: pd.DataFrame
    lapse_k: pd.Series
    scored: pd.DataFrame
    save_rates: pd.Series
    offer_cost_cny: float
    value_per_save_cny: float
    week: WeekPlan


def prepare(data: Any) -> WeekInputs:
    """The learner's tables for the morning after the data ends (the chapter's "today")."""
    week = week_plan(data, top=LIST_SIZE)
    info = data.customers.set_index("customer_id")[["tier", "marketing_consent"]]
    scored = week.features.assign(risk=week.risk).join(info, how="left")
    return WeekInputs(
        today=week.cutoff,
        visits=visit_gaps(data.receipts),
        lapse_k=lapse_thresholds(data.receipts)["threshold_days"],
        scored=scored,
        save_rates=week.save_rates,
        offer_cost_cny=week.offer_cost_cny,
        value_per_save_cny=week.plan.value_per_save_cny,
        week=week,
    )


def _flagged_with_consent(scored: pd.DataFrame) -> int:
    return int(((scored["risk"] >= FLAG_RISK) & scored["marketing_consent"]).sum())


def _same_members(wrong: Callable[[], pd.Index]) -> Callable[[Any, Any], bool]:
    """A table mistake recognised by *which* members it lists, whatever its columns."""

    def when(answer: Any, expected: Any) -> bool:
        if not isinstance(answer, pd.Series | pd.DataFrame):
            return False
        return len(answer) == len(wrong()) and set(answer.index) == set(wrong())

    return when


def _plan_for(inputs: WeekInputs, members: int, save_rate: float | None = None):
    return winback_plan(
        members,
        contact_cost_cny=CONTACT_COST_CNY,
        offer_cost_cny=inputs.offer_cost_cny,
        save_rate=float(inputs.save_rates["save_rate"]) if save_rate is None else save_rate,
        value_per_save_cny=inputs.value_per_save_cny,
        budget_cny=WEEKLY_BUDGET_CNY,
    )


def build(data: Any) -> dict[str, Question]:
    """Build questions ``q1`` .. ``q8`` on the members' visits, risk and the win-back budget."""
    receipts = data.receipts

    @cache
    def inputs() -> WeekInputs:
        return prepare(data)

    @cache
    def status() -> pd.DataFrame:
        return lapse_status(receipts, inputs().today)

    def days_since() -> pd.Series:
        return status()["days_since_last"]

    def usual_gap() -> pd.Series:
        return lapse_thresholds(receipts)["usual_gap_days"]

    def flagged() -> int:
        return _flagged_with_consent(inputs().scored)

    def reach() -> int:
        return _plan_for(inputs(), flagged()).affordable_members

    def round_plan():
        return _plan_for(inputs(), reach())

    def call_list() -> pd.DataFrame:
        ids = inputs().week.at_risk["customer_id"]
        return inputs().scored.loc[ids, ["risk", "overdue_ratio"]]

    def top_of(table: pd.DataFrame) -> pd.Index:
        return table.head(LIST_SIZE).index

    visits_by_member = lambda: inputs().visits.groupby("customer_id")  # noqa: E731

    q1 = TableQuestion(
        number=1,
        title="days since the last visit",
        variable="days_since",
        expected=days_since,
        what="the whole days from each member's last visit day to `TODAY`",
        row_word="member",
        misconceptions=[
            Misconception.equals(
                lambda: days_since() - 1,
                "`{name}` is one day short for every member. Count from the visit *day* to "
                "`TODAY` (a visit yesterday is 1 day ago): use the `day` column of `visits`, "
                "not the time of the receipt, and do not count from the last day of the data.",
            ),
        ],
        hints=[
            "For each member, find the last day they visited, then count the days from that "
            "day to `TODAY`, the morning after the data ends.",
            "`visits.groupby('customer_id')['day'].max()` gives each member's last visit day. "
            "Subtract it from `TODAY` and take `.dt.days`.",
        ],
        solution=(
            "last_visit = visits.groupby('customer_id')['day'].max()\n"
            "days_since = (TODAY - last_visit).dt.days"
        ),
        meaning=lambda s: (
            f"Right: half the members were in within the last {s.median():.0f} days, but some "
            f"have not come for {s.max()} days. Days alone do not say who is lost: a weekly "
            "shopper away 20 days is more worrying than a monthly one."
        ),
    )
    q2 = TableQuestion(
        number=2,
        title="each member's usual gap",
        variable="usual_gap",
        expected=usual_gap,
        what=f"each member's usual gap: the median of their own gaps between visits, or the "
        f"store's median gap for a member with fewer than {MIN_GAPS} gaps",
        row_word="member",
        atol=0.01,
        misconceptions=[
            Misconception.equals(
                lambda: (
                    visits_by_member()["gap_days"]
                    .mean()
                    .where(visits_by_member()["gap_days"].count() >= MIN_GAPS)
                    .fillna(inputs().visits["gap_days"].median())
                ),
                "`{name}` uses the mean gap. One long holiday pulls a mean up; the usual gap "
                "is the *median*, the middle gap.",
                atol=0.01,
            ),
            Misconception.equals(
                lambda: (
                    visits_by_member()["gap_days"]
                    .median()
                    .fillna(inputs().visits["gap_days"].median())
                ),
                f"`{{name}}` uses a member's own median even when they have only 1 to "
                f"{MIN_GAPS - 1} gaps. With so little history, borrow the store's median gap "
                f"(of all members' gaps) for anyone with fewer than {MIN_GAPS} gaps.",
                atol=0.01,
            ),
        ],
        hints=[
            "A member's usual gap is the middle (median) of their own days between visits. "
            f"A member with fewer than {MIN_GAPS} gaps has too little history: give them the "
            "store's median gap instead.",
            "`visits.groupby('customer_id')['gap_days']` has `.median()` and `.count()`; "
            "`visits['gap_days'].median()` is the store's median.",
            f"`own.where(counts >= {MIN_GAPS}, store_median)` keeps the own median where "
            "there is enough history and puts the store's median elsewhere.",
        ],
        solution=(
            "by_member = visits.groupby('customer_id')['gap_days']\n"
            "store_median = visits['gap_days'].median()\n"
            f"usual_gap = by_member.median().where(by_member.count() >= {MIN_GAPS}, "
            "store_median)"
        ),
        meaning=lambda s: (
            f"Right: usual gaps run from {s.min():.0f} to {s.max():.0f} days. That is why "
            "Module 9 gives every member their own lapse threshold instead of one number "
            "of days for everyone."
        ),
    )
    q3 = ValueQuestion(
        number=3,
        title="the share who have lapsed",
        variable="lapsed_share",
        expected=lambda: float(status()["lapsed"].mean()),
        what="the share of members with a visit who have lapsed by their own threshold "
        "(more than `lapse_k` days since the last visit), as a fraction between 0 and 1",
        **SHARE_TOLERANCE,
        misconceptions=[
            Misconception.equals(
                lambda: float((days_since() >= inputs().lapse_k.reindex(days_since().index)).mean()),
                "`{name}` counts a member as lapsed on the very day the gap reaches `lapse_k`. "
                "Lapsed means *more than* k days: use `>`, not `>=`.",
                **SHARE_TOLERANCE,
            ),
            Misconception.equals(
                lambda: float((days_since() > RULE_DAYS).mean()),
                f"`{{name}}` uses one rule for everyone (no visit in {RULE_DAYS} days). "
                "Compare each member's days since the last visit with their *own* `lapse_k`.",
                **SHARE_TOLERANCE,
            ),
            Misconception.equals(
                lambda: float(status()["lapsed"].sum() / len(data.customers)),
                "`{name}` divides by every member on file, including members who never "
                "bought. Divide by the members with a visit (the rows of `days_since`).",
                **SHARE_TOLERANCE,
            ),
            Misconception.equals(
                lambda: float(status()["lapsed"].sum()),
                "`{name}` is a number of members. The task asks for a share: divide by the "
                "number of members with a visit, or take the `.mean()` of the True/False column.",
            ),
            Misconception.percent_not_fraction(),
        ],
        hints=[
            "A member has lapsed (流失) when their days since the last visit are more than "
            "their own threshold k. The share is the lapsed members divided by all members "
            "with a visit.",
            "`days_since > lapse_k` compares member by member (both are indexed by member id) and "
            "gives True/False; the `.mean()` of True/False is the share of True.",
        ],
        solution="lapsed = days_since > lapse_k\nlapsed_share = lapsed.mean()",
        meaning=lambda v: (
            f"Right: {percent(v, 0)} of the members who ever visited have lapsed by their own "
            "rhythm. Most of them will not come back by themselves; the at-risk list looks at "
            "the members who have not lapsed yet, while there is still time."
        ),
    )
    q4 = TableQuestion(
        number=4,
        title="this week's call list",
        variable="call_list",
        expected=call_list,
        what=f"the {LIST_SIZE} members of `scored` who agreed to marketing, with the highest "
        "risk (ties: most overdue first, then by member id)",
        row_word="member on the list",
        allow_extra_columns=True,
        misconceptions=[
            Misconception(
                "`{name}` includes members who did not agree to marketing "
                "(`marketing_consent` is False). A win-back call or message is marketing: "
                "keep only members with consent before you take the top rows.",
                _same_members(
                    lambda: top_of(
                        inputs().scored.sort_values(
                            ["risk", "overdue_ratio", "customer_id"],
                            ascending=[False, False, True],
                        )
                    )
                ),
            ),
            Misconception(
                "`{name}` takes the riskiest members but breaks ties by member id alone. Many "
                "members share the same risk (the tree puts them in one group): among them, "
                "put the most overdue (`overdue_ratio`, highest first) at the top.",
                _same_members(
                    lambda: top_of(
                        inputs()
                        .scored[inputs().scored["marketing_consent"]]
                        .sort_values(["risk", "customer_id"], ascending=[False, True])
                    )
                ),
            ),
            Misconception(
                "`{name}` lists the members with the *lowest* risk. Sort with "
                "`ascending=False` so the riskiest come first.",
                _same_members(
                    lambda: top_of(
                        inputs()
                        .scored[inputs().scored["marketing_consent"]]
                        .sort_values(["risk", "overdue_ratio", "customer_id"])
                    )
                ),
            ),
        ],
        hints=[
            "Three steps: keep the members who agreed to marketing, rank them by risk "
            "(highest first), and take the first "
            f"{LIST_SIZE}. Many members share one risk, so say how to break ties.",
            "`scored[scored['marketing_consent']]` keeps the members with consent. "
            "`sort_values(['risk', 'overdue_ratio', 'customer_id'], ascending=[False, False, "
            f"True])` ranks them as the chapter does; `.head({LIST_SIZE})` takes the top.",
        ],
        solution=(
            "allowed = scored[scored['marketing_consent']]\n"
            "ranked = allowed.sort_values(['risk', 'overdue_ratio', 'customer_id'],\n"
            "                             ascending=[False, False, True])\n"
            f"call_list = ranked.head({LIST_SIZE})"
        ),
        meaning=lambda t: (
            f"Right: this is the chapter's at-risk list (流失风险名单). Its riskiest members "
            f"have been away about {t['overdue_ratio'].iloc[0]:.1f} times their usual gap. "
            "Call from the top: if the hour runs out, the members you did not reach are the "
            "ones the model is least worried about."
        ),
    )
    q5 = ValueQuestion(
        number=5,
        title="how many members the budget reaches",
        variable="reach",
        expected=reach,
        what=f"the number of flagged members with consent (risk at least {FLAG_RISK}) that the "
        "weekly budget covers, a whole number",
        misconceptions=[
            Misconception.equals(
                lambda: min(
                    flagged(),
                    int(WEEKLY_BUDGET_CNY // (CONTACT_COST_CNY + inputs().offer_cost_cny)),
                ),
                "`{name}` charges the coupon for every member called. The coupon costs money "
                "only when a saved member uses it: the expected cost per member is the contact "
                "cost plus the save rate times the coupon's value.",
            ),
            Misconception.equals(
                lambda: min(flagged(), int(WEEKLY_BUDGET_CNY // CONTACT_COST_CNY)),
                "`{name}` pays only for the contacts. Saved members use the coupon too: add "
                "the save rate times the coupon's value to each member's cost.",
            ),
            Misconception.equals(
                lambda: WEEKLY_BUDGET_CNY
                / (
                    CONTACT_COST_CNY
                    + float(inputs().save_rates["save_rate"]) * inputs().offer_cost_cny
                ),
                "`{name}` is not a whole number. Nobody can call part of a member: round "
                "down, for example with `//` or `int()`.",
            ),
            Misconception.equals(
                flagged,
                "`{name}` is every flagged member with consent. The budget does not stretch "
                "that far: divide the budget by the expected cost per member.",
            ),
        ],
        hints=[
            "Each member called costs the contact; a member who is saved also uses the "
            "coupon. So the expected cost per member is contact cost + save rate × coupon "
            "value. The budget covers budget ÷ that cost members, but never more than the "
            "flagged members there are.",
            "The numbers are `CONTACT_COST_CNY`, `save_rates['save_rate']`, "
            "`offer_cost_cny` and `WEEKLY_BUDGET_CNY`. Flagged with consent: "
            f"`((scored['risk'] >= {FLAG_RISK}) & scored['marketing_consent']).sum()`.",
            "`min(flagged, int(WEEKLY_BUDGET_CNY // per_member))`.",
        ],
        solution=(
            f"flagged = ((scored['risk'] >= {FLAG_RISK}) & scored['marketing_consent']).sum()\n"
            "per_member = CONTACT_COST_CNY + save_rates['save_rate'] * offer_cost_cny\n"
            "reach = min(flagged, int(WEEKLY_BUDGET_CNY // per_member))"
        ),
        meaning=lambda v: (
            f"Right: {yuan(WEEKLY_BUDGET_CNY, 0)} a week reaches {v} of the "
            f"{flagged()} flagged members who agreed to marketing. The ranking decides "
            "who they are, so the budget goes to the members most likely to leave."
        ),
    )
    q6 = ValueQuestion(
        number=6,
        title="what the round is expected to bring",
        variable="expected_net",
        expected=lambda: round_plan().net_cny,
        what="the expected margin of the saves minus the contact and coupon costs, in yuan, "
        "for the members the budget reaches",
        atol=0.01,
        misconceptions=[
            Misconception.equals(
                lambda: round_plan().expected_value_cny,
                "`{name}` is the margin of the saves before costs. Take off what the round "
                "costs: every contact, and the coupon for every saved member.",
                atol=0.01,
            ),
            Misconception.equals(
                lambda: _plan_for(
                    inputs(), reach(), float(inputs().save_rates["treatment_return_rate"])
                ).net_cny,
                "`{name}` counts every member who came back after the coupon as saved. Some "
                "would have come back anyway (the control group shows how many): use "
                "`save_rates['save_rate']`, the difference between the two groups.",
                atol=0.01,
            ),
            Misconception.equals(
                lambda: round_plan().expected_saves * round_plan().value_per_save_cny
                - reach() * (CONTACT_COST_CNY + round_plan().offer_cost_cny),
                "`{name}` charges the coupon for every member called. Only saved members use "
                "it: coupon cost = expected saves × coupon value.",
                atol=0.01,
            ),
        ],
        hints=[
            "Expected saves = members reached × save rate. The round brings saves × the "
            "margin of one save, and costs members × contact cost + saves × coupon value.",
            "Use `reach`, `save_rates['save_rate']`, `value_per_save_cny`, "
            "`CONTACT_COST_CNY` and `offer_cost_cny`. Don't round.",
        ],
        solution=(
            "saves = reach * save_rates['save_rate']\n"
            "cost = reach * CONTACT_COST_CNY + saves * offer_cost_cny\n"
            "expected_net = saves * value_per_save_cny - cost"
        ),
        meaning=lambda v: (
            f"Right: the round is expected to leave {yuan(v)} of margin after its costs "
            f"(about {round_plan().expected_saves:.0f} members saved). "
            + (
                "It pays, as long as the save rate holds: measure it again with a control "
                "group every round."
                if v > 0
                else "It loses money: a save costs more than it brings back."
            )
        ),
    )

    def money_words() -> str:
        plan = round_plan()
        if not np.isfinite(plan.breakeven_save_rate):
            return (
                f"A save is worth {yuan(plan.value_per_save_cny)} of margin, no more than the "
                f"{yuan(plan.offer_cost_cny)} coupon, so no save rate can pay for the round."
            )
        side = compare_word(
            plan.save_rate, plan.breakeven_save_rate, more="above", less="below", same="at"
        )
        return (
            f"The coupon really saves {percent(plan.save_rate, 1)} of the members it reaches, "
            f"{side} the break-even save rate of {percent(plan.breakeven_save_rate, 1)}; "
            f"for the {reach()} members the budget reaches the expected net is "
            f"{yuan(plan.net_cny)}."
        )

    q7 = ChoiceQuestion(
        number=7,
        title="is the win-back worth it this week",
        variable="my_choice",
        expected=lambda: "b" if round_plan().decision.startswith("stop") else "a",
        options=[
            Option(
                "a",
                "Run the round: call the members the budget reaches, from the top of the "
                "call list down, and offer the coupon.",
                money_words,
            ),
            Option(
                "b",
                "Skip the coupon this week: keep the budget, and greet these members warmly "
                "when they come in.",
                money_words,
            ),
            Option(
                "c",
                "Message every flagged member, also those without marketing consent, so "
                "nobody is missed.",
                lambda: (
                    f"{inputs().week.no_consent} flagged members did not agree to marketing. "
                    "Messaging them breaks the Personal Information Protection Law and their "
                    "trust, whatever the numbers say."
                ),
            ),
        ],
        hints=[
            "A round pays when the save rate is above the break-even save rate: "
            "contact cost ÷ (margin of a save − coupon value). Task 6's sign says the same.",
            "Work it out: `CONTACT_COST_CNY / (value_per_save_cny - offer_cost_cny)`, and "
            "compare it with `save_rates['save_rate']`.",
        ],
        meaning=(
            "Numbers like these decide the round; the ranking decides who is called first."
        ),
    )

    def exits() -> pd.DataFrame:
        surveys = getattr(data, "survey_responses", None)
        if surveys is None or "survey_type" not in surveys.columns:
            return pd.DataFrame(columns=["leave_reason"])
        return surveys[surveys["survey_type"].astype(str) == "exit"].dropna(
            subset=["leave_reason"]
        )

    def model_answer() -> str:
        lapsed = float(status()["lapsed"].mean())
        plan = round_plan()
        pays = not plan.decision.startswith("stop")
        action = (
            f"So this week we call the {reach()} riskiest members who agreed to marketing, "
            f"expecting about {yuan(plan.net_cny, 0)} of margin after costs."
            if pays
            else "So we skip the coupon this week and greet these members warmly in the store."
        )
        found = exits()
        reason = ""
        if not found.empty:
            top = found["leave_reason"].astype(str).value_counts()
            reason = (
                " Exit calls say the most common reason for leaving is "
                f"'{top.index[0].replace('_', ' ')}' ({int(top.iloc[0])} of {int(top.sum())}), "
                "so each call also asks what we could do better."
            )
        return (
            f"{percent(lapsed, 0)} of members with a visit have already lapsed by their own "
            f"rhythm, so the list aims at members we can still keep. {money_words()} "
            f"{action}{reason}"
        )

    q8 = ReflectionQuestion(
        number=8,
        title="what this means for the store",
        variable="my_answer",
        model_answer=model_answer,
        rubric=[
            "It uses the lapse share or the call list to say whom the store can still keep.",
            "It compares the save rate with the break-even rate (or quotes the expected net).",
            "It names a concrete action: who calls whom, with what offer, and how to measure it.",
            "It respects marketing consent and avoids claiming to know why each member left.",
        ],
        hints=[
            "Put tasks 3, 5 and 6 side by side: how many are lost already, how many can we "
            "reach, and is it worth it?",
            "Write two or three sentences: what you see, and what the supervisor does on "
            "Monday.",
        ],
    )
    return {
        "q1": q1,
        "q2": q2,
        "q3": q3,
        "q4": q4,
        "q5": q5,
        "q6": q6,
        "q7": q7,
        "q8": q8,
    }
