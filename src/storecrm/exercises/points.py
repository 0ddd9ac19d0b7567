"""Questions for exercise 3, "Points and tiers" (积分与等级).

:func:`build` turns any data with ``points_ledger`` and ``tier_changes`` tables into the
questions, so tests can use a small hand-made data set and the notebook the real one (see
``ex03``). Every right answer is computed here from the data.

The ledger's ``points`` are signed: earning adds (+), redeeming and expiry take away (-).
100 points are worth 1 yuan at the till, so points members still hold are money the store
owes them: a liability (负债) on its books until they are used or expire.
"""

from __future__ import annotations

import calendar
from typing import Any

import pandas as pd

from storecrm.analysis.membership import CARRY_OVER_DAY, POINTS_PER_YUAN_REDEEMED, tier_movements
from storecrm.exercises.compare import SHARE_TOLERANCE
from storecrm.exercises.questions import (
    FunctionQuestion,
    Misconception,
    Question,
    ReflectionQuestion,
    TableQuestion,
    ValueQuestion,
)

__all__ = ["CARRY_OVER", "POINTS_PER_YUAN", "balance_cases", "build", "upgrades_by_month"]

#: Points that make one yuan at the till (the programme's rule; see the data card).
POINTS_PER_YUAN = POINTS_PER_YUAN_REDEEMED

#: The day the new programme started. Tiers members held in the old programme were
#: recorded that day as upgrades from standard (see the data card), so they are not
#: upgrades anyone earned in the year.
CARRY_OVER = CARRY_OVER_DAY


def _day_end(day: str) -> pd.Timestamp:
    """The first moment after ``day`` (entries during the day count)."""
    return pd.Timestamp(day).normalize() + pd.Timedelta(days=1)


def balance_cases(ledger: pd.DataFrame) -> list[tuple[tuple, float]]:
    """Test cases for ``balance_on``: the same members on two dates, chosen from the data.

    The member holding the most points at the end and one with a middling balance, halfway
    through the data and at the end; the middling member on the day of their last entry
    (which must count); a date before anyone's first entry (0 points) and a member id with
    no entries at all (0 points). A function that ignores the date or the member, or leaves
    out the day's own entries, fails one of them.

    Expiry entries sit at exactly 00:00:00, the first moment of a day. If the ledger has such
    an entry, its member is asked about the day before (the entry must *not* count: a
    function comparing ``<= day + 1 day`` wrongly counts it) and about the day itself (it
    must count).
    """
    if ledger.empty:
        return [(("M99999", "2025-06-30"), 0.0)]
    start, end = ledger["occurred_at"].min(), ledger["occurred_at"].max()
    middle = (start + (end - start) / 2).strftime("%Y-%m-%d")
    last = end.strftime("%Y-%m-%d")
    before = (start - pd.Timedelta(days=1)).strftime("%Y-%m-%d")
    final = ledger.groupby("customer_id", observed=True)["points"].sum().sort_values(kind="stable")
    top = str(final.index[-1])
    mid = str(final.index[len(final) // 2])

    def balance(cid: str, day: str) -> float:
        theirs = ledger[(ledger["customer_id"] == cid) & (ledger["occurred_at"] < _day_end(day))]
        return float(theirs["points"].sum())

    mid_last_day = ledger.loc[ledger["customer_id"] == mid, "occurred_at"].max()
    on_the_day = mid_last_day.strftime("%Y-%m-%d")  # that day's entry must count
    picks = [(top, last), (top, middle), (mid, middle), (mid, on_the_day), (mid, before)]
    at_midnight = ledger[ledger["occurred_at"] == ledger["occurred_at"].dt.normalize()]
    if len(at_midnight):
        first = at_midnight.sort_values(["occurred_at", "customer_id"], kind="stable").iloc[0]
        cid, moment = str(first["customer_id"]), first["occurred_at"]
        day_before = (moment - pd.Timedelta(days=1)).strftime("%Y-%m-%d")
        picks += [(cid, day_before), (cid, moment.strftime("%Y-%m-%d"))]
    cases = [((cid, day), balance(cid, day)) for cid, day in picks]
    return [*cases, (("M99999", last), 0.0)]


def upgrades_by_month(tier_changes: pd.DataFrame, *, carried_over: bool = False) -> pd.Series:
    """Number of tier upgrades (升级) in each month, indexed by month number 1-12.

    Tiers carried over from the old programme on :data:`CARRY_OVER` are left out unless
    ``carried_over`` (that is the mistake the exercise warns about). Months without an
    upgrade are not listed, as a learner's ``groupby`` would give.
    """
    moves = tier_movements(tier_changes, include_carry_over=carried_over)["upgrade"]
    moves = moves[moves > 0]
    return pd.Series(
        moves.to_numpy(), index=pd.Index(moves.index.month, name="changed_on"), name="upgrades"
    )


def _model_answer(ledger: pd.DataFrame, upgrades: pd.Series) -> str:
    by_kind = ledger.groupby("kind", observed=True)["points"].sum()
    earned = float(by_kind.get("earn", 0.0))
    used, expired = -float(by_kind.get("redeem", 0.0)), -float(by_kind.get("expire", 0.0))
    held = earned - used - expired
    liability = held / POINTS_PER_YUAN
    shares = (
        f"Of the points earned, members used {used / earned:.0%}, {expired / earned:.0%} "
        f"expired and {held / earned:.0%} are still held."
        if earned
        else "No points were earned."
    )
    when = (
        f" Upgrades peak in {calendar.month_name[int(upgrades.idxmax())]}: congratulate newly "
        "upgraded members at the till and tell them their new benefits."
        if len(upgrades)
        else ""
    )
    return (
        f"Members hold {held:,.0f} points, a debt of about {liability:,.0f} yuan the store "
        f"owes them. {shares} The data does not say why points go unused, but telling members "
        "at the till when they can use them ('You have enough points to take 5 yuan off "
        f"today') costs nothing.{when}"
    )


def build(data: Any) -> dict[str, Question]:
    """Build questions ``q1`` .. ``q7`` on ``points_ledger`` and ``tier_changes``."""
    ledger = data.points_ledger
    changes = data.tier_changes

    def total(kind: str) -> float:
        return float(ledger.loc[ledger["kind"] == kind, "points"].sum())

    def outstanding() -> float:
        return float(ledger["points"].sum())

    def redeemed_share() -> float:
        return -total("redeem") / total("earn")

    q1 = ValueQuestion(
        number=1,
        title="points outstanding",
        variable="points_outstanding",
        expected=outstanding,
        what="the number of points members still hold at the end of the data: everything "
        "earned, minus what was redeemed and what expired",
        atol=0.5,
        misconceptions=[
            Misconception.equals(
                lambda: total("earn"),
                "`{name}` is every point ever earned. Redeemed and expired points are gone: "
                "they are the negative numbers in `points`. Add up the whole column.",
            ),
            Misconception.equals(
                lambda: float(ledger["points"].abs().sum()),
                "`{name}` adds up the sizes of all entries. Redeemed and expired points must "
                "be taken away: keep their minus sign and add up `points` as it is.",
            ),
            Misconception.equals(
                lambda: float(len(ledger)),
                "`{name}` is the number of entries (rows). The task asks for points: add up "
                "the `points` column.",
            ),
        ],
        hints=[
            "Each ledger row adds points (earn, a positive number) or takes them away "
            "(redeem and expire, negative numbers). What is left is the sum of all rows.",
            "`points_ledger['points'].sum()`.",
        ],
        solution="points_outstanding = points_ledger['points'].sum()",
        meaning=lambda v: (
            f"Right: members hold {v:,.0f} points. Each one is a small promise the store "
            "has made; the next task turns them into money."
        ),
    )
    q2 = ValueQuestion(
        number=2,
        title="what the points are worth",
        variable="liability_cny",
        expected=lambda: outstanding() / POINTS_PER_YUAN,
        what=f"the points outstanding as yuan ({POINTS_PER_YUAN} points = 1 yuan)",
        atol=0.006,
        misconceptions=[
            Misconception.scaled(
                POINTS_PER_YUAN,
                "`{name}` is still in points. Turn points into yuan: divide by "
                f"{POINTS_PER_YUAN}.",
            ),
            Misconception.scaled(
                POINTS_PER_YUAN**2,
                f"`{{name}}` multiplies by {POINTS_PER_YUAN}. Points are worth less than yuan: "
                f"{POINTS_PER_YUAN} points make 1 yuan, so divide.",
            ),
        ],
        hints=[
            f"{POINTS_PER_YUAN} points take 1 yuan off a bill.",
            f"`liability_cny = points_outstanding / {POINTS_PER_YUAN}`.",
        ],
        solution=f"liability_cny = points_outstanding / {POINTS_PER_YUAN}",
        meaning=lambda v: (
            f"Right: about {v:,.0f} yuan. Accountants call this a liability (负债): money "
            "the store owes its members. Expiry keeps it from growing without limit, and a "
            "points promotion is never free: it adds to this debt."
        ),
    )
    q3 = TableQuestion(
        number=3,
        title="points by kind of entry",
        variable="points_by_kind",
        expected=lambda: ledger.groupby("kind", observed=True)["points"].sum(),
        what="the total points for each kind of entry (earn, redeem, expire), with their signs",
        row_word="kind of entry",
        atol=0.5,
        misconceptions=[
            Misconception.equals(
                lambda: ledger["kind"].value_counts(),
                "`{name}` counts entries. The task asks for points: group by `kind` and add "
                "up `points`.",
            ),
            Misconception.equals(
                lambda: ledger.groupby("kind", observed=True)["points"].sum().abs(),
                "`{name}` drops the minus signs. Keep them: redeemed and expired points are "
                "taken away from members.",
            ),
        ],
        hints=[
            "Group the ledger by `kind`, then add up `points` in each group.",
            "`points_ledger.groupby('kind', observed=True)['points'].sum()`.",
        ],
        solution="points_by_kind = points_ledger.groupby('kind', observed=True)['points'].sum()",
        meaning=(
            "Right. Earned minus redeemed minus expired is what members still hold: the three "
            "numbers add up to task 1's answer."
        ),
    )
    q4 = ValueQuestion(
        number=4,
        title="how much of what is earned gets used",
        variable="redeemed_share",
        expected=redeemed_share,
        what="the points redeemed as a share of the points earned, a fraction between 0 and 1",
        **SHARE_TOLERANCE,
        misconceptions=[
            Misconception.equals(
                lambda: -redeemed_share(),
                "`{name}` is negative: redeemed points carry a minus sign in the ledger. "
                "Use their size (put a minus in front, or `.abs()`).",
                **SHARE_TOLERANCE,
            ),
            Misconception.equals(
                lambda: -(total("redeem") + total("expire")) / total("earn"),
                "`{name}` counts expired points as used. Expired points were lost, not "
                "spent: use only the `redeem` entries.",
                **SHARE_TOLERANCE,
            ),
            Misconception.percent_not_fraction(),
        ],
        hints=[
            "Divide the points redeemed by the points earned. Redeemed points are negative "
            "in the ledger.",
            "From task 3: `-points_by_kind['redeem'] / points_by_kind['earn']`.",
        ],
        solution="redeemed_share = -points_by_kind['redeem'] / points_by_kind['earn']",
        meaning=lambda v: (
            f"Right: {v:.0%} of the points earned were used. A low share means the benefit "
            "is not reaching members; the data cannot say why, but a reminder at the till "
            "costs nothing."
        ),
    )
    q5 = FunctionQuestion(
        number=5,
        title="a member's balance on a date",
        variable="balance_on",
        expected=lambda: balance_cases(ledger),
        what="the member's points balance at the end of that day (entries on the day count)",
        n_args=2,
        arg_words="two inputs, a member id such as 'M00001' and a date such as '2025-06-30'",
        atol=0.5,
        hints=[
            "Keep the ledger rows of that member whose `occurred_at` is before the start of "
            "the next day, then add up `points`.",
            "`end = pd.Timestamp(day) + pd.Timedelta(days=1)`; keep rows with "
            "`points_ledger['customer_id'] == customer_id` and "
            "`points_ledger['occurred_at'] < end`; `return` the sum of their `points`.",
        ],
        solution=(
            "def balance_on(customer_id, day):\n"
            '    """Points the member holds at the end of ``day``."""\n'
            "    end = pd.Timestamp(day) + pd.Timedelta(days=1)\n"
            "    theirs = points_ledger['customer_id'] == customer_id\n"
            "    so_far = points_ledger['occurred_at'] < end\n"
            "    return points_ledger.loc[theirs & so_far, 'points'].sum()"
        ),
        meaning=(
            "Right: this is what the till's member screen shows when a member asks 'How many "
            "points do I have?'. A balance on a past date is how you check a disputed "
            "receipt."
        ),
    )
    q6 = TableQuestion(
        number=6,
        title="upgrades by month",
        variable="upgrades",
        expected=lambda: upgrades_by_month(changes),
        what="the number of tier upgrades in each month, indexed by month number 1-12 "
        "(months with no upgrade left out), without the tiers carried over on 1 January",
        row_word="month",
        zero_rows=range(1, 13),
        misconceptions=[
            Misconception.equals(
                lambda: upgrades_by_month(changes, carried_over=True),
                "`{name}` includes the tiers carried over from the old programme on "
                "1 January: they are recorded as upgrades but nobody earned them this year. "
                "Leave out the rows dated 2025-01-01.",
            ),
            Misconception.equals(
                lambda: changes.groupby(changes["changed_on"].dt.month)["customer_id"].size(),
                "`{name}` counts every tier change (joins, downgrades and exits too). Keep "
                "only the rows whose `change` is `upgrade`.",
            ),
            Misconception.equals(
                lambda: (
                    changes[changes["change"] == "downgrade"]
                    .groupby(changes["changed_on"].dt.month)["customer_id"]
                    .size()
                ),
                "`{name}` counts downgrades. The task asks for upgrades.",
            ),
        ],
        hints=[
            "Keep the rows of `tier_changes` whose `change` is `upgrade` and whose "
            "`changed_on` is not 2025-01-01, then count them per month of `changed_on`.",
            "`up = tier_changes[(tier_changes['change'] == 'upgrade') & "
            "(tier_changes['changed_on'] != '2025-01-01')]`, then "
            "`up.groupby(up['changed_on'].dt.month).size()`.",
        ],
        solution=(
            "earned = tier_changes['changed_on'] != '2025-01-01'\n"
            "up = tier_changes[(tier_changes['change'] == 'upgrade') & earned]\n"
            "upgrades = up.groupby(up['changed_on'].dt.month).size()"
        ),
        meaning=lambda s: (
            f"Right: the busiest month for upgrades is {calendar.month_name[int(s.idxmax())]}. "
            "Tiers are "
            "reviewed on the first of each month from April, so upgrades come in steps; a "
            "newly upgraded member should hear about their new benefits at their next visit."
        ),
    )
    q7 = ReflectionQuestion(
        number=7,
        title="what does this mean for the store",
        variable="my_answer",
        model_answer=lambda: _model_answer(ledger, upgrades_by_month(changes)),
        rubric=[
            "It turns the points into money the store owes (a liability) in yuan.",
            "It says whether members use their points, from the redeemed share.",
            "It names one concrete thing staff can say or do at the till.",
            "It does not claim more than the data shows (why members do not redeem is a guess).",
        ],
        hints=[
            "Put tasks 2 and 4 side by side: what do members hold, and do they use it?",
            "Write two or three sentences: what you see, and one thing staff should do.",
        ],
    )
    return {"q1": q1, "q2": q2, "q3": q3, "q4": q4, "q5": q5, "q6": q6, "q7": q7}
