"""Questions for exercise 11, "The monthly KPI review and a campaign's return".

Every right answer comes from Module 10's helpers: :func:`storecrm.analysis.kpis.monthly_kpis`
for the month-by-month figures and :func:`storecrm.analysis.kpis.campaign_return` (on
:func:`storecrm.analysis.promotions.campaign_uplift`) for the campaign, so the exercise's
numbers equal the ones the chapter pages show. The questions work the data out lazily, on the
first check: data the helpers refuse makes a check say "Problem in the exercise".
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pandas as pd

from storecrm.analysis.customer_value import gross_margin_rate
from storecrm.analysis.kpis import campaign_return, monthly_kpis
from storecrm.analysis.promotions import (
    campaign_member_activity,
    campaign_results,
    campaign_uplift,
)
from storecrm.errors import CourseError
from storecrm.exercises.compare import SHARE_TOLERANCE
from storecrm.exercises.questions import (
    ChartQuestion,
    ChoiceQuestion,
    Misconception,
    Option,
    Question,
    ReflectionQuestion,
    TableQuestion,
    ValueQuestion,
)
from storecrm.format import percent, yuan

__all__ = ["CAMPAIGN", "KPI_CHOICES", "WINDOW", "build", "campaign_inputs", "kpi_changes"]

#: The campaign whose return the learner works out (a routine campaign a store can repeat).
CAMPAIGN: str = "C02"
#: Months compared at each end of the year, as Module 10's demand-trends page compares them.
WINDOW: int = 3
#: The KPIs a supervisor can act on, in the order of the ChoiceQuestion's options.
KPI_CHOICES: dict[str, str] = {
    "a": "average_basket_cny",
    "b": "member_sales_share",
    "c": "repeat_rate",
}
_KPI_WORDS = {
    "average_basket_cny": "average basket",
    "member_sales_share": "member share of sales",
    "repeat_rate": "repeat rate",
}


def kpi_changes(monthly: pd.DataFrame, window: int = WINDOW) -> pd.Series:
    """Each KPI's relative change, last ``window`` months' mean against the first's.

    A fraction (-0.05 is 5 % down). Why both ends the same length: a fair comparison of
    like with like, as Module 10 compares categories.
    """
    if len(monthly) < 2 * window:
        raise CourseError(
            f"has {len(monthly)} months; comparing needs {2 * window}",
            table="receipts",
            column="purchased_at",
            hint="Use a full year of receipts",
        )
    columns = list(KPI_CHOICES.values())
    first = monthly[columns].head(window).mean()
    last = monthly[columns].tail(window).mean()
    return (last / first - 1).rename("change")


def campaign_inputs(data: Any) -> tuple[pd.Series, float, float]:
    """The campaign's uplift row, the gross margin rate and the campaign's running cost."""
    activity = campaign_member_activity(data.campaigns, data.coupon_sends, data.receipts)
    uplift = campaign_uplift(campaign_results(activity))
    if CAMPAIGN not in uplift.index.astype(str):
        raise CourseError(
            f"has no campaign {CAMPAIGN}",
            table="campaigns",
            column="campaign_id",
            hint="Load the course's data with storecrm.data.load()",
        )
    margin = gross_margin_rate(data.receipt_lines, data.products)
    spend = data.marketing_spend
    cost = float(spend.loc[spend["campaign_id"].astype(str) == CAMPAIGN, "spend_cny"].sum())
    return uplift.loc[CAMPAIGN], margin, cost


def build(data: Any) -> dict[str, Question]:
    """Build questions ``q1`` .. ``q8`` on the monthly KPIs and one campaign's return."""
    receipts = data.receipts

    @cache
    def monthly() -> pd.DataFrame:
        return monthly_kpis(receipts)

    @cache
    def month() -> pd.Series:
        return receipts["purchased_at"].dt.to_period("M").astype(str).rename("month")

    @cache
    def returns() -> pd.Series:
        activity = campaign_member_activity(data.campaigns, data.coupon_sends, receipts)
        uplift = campaign_uplift(campaign_results(activity))
        margin = gross_margin_rate(data.receipt_lines, data.products)
        table = campaign_return(uplift, data.marketing_spend, margin)
        if CAMPAIGN not in table.index:
            raise CourseError(
                f"has no campaign {CAMPAIGN}",
                table="campaigns",
                column="campaign_id",
                hint="Load the course's data with storecrm.data.load()",
            )
        return table.loc[CAMPAIGN]

    def changes() -> pd.Series:
        return kpi_changes(monthly())

    q1 = TableQuestion(
        number=1,
        title="sales by month",
        variable="monthly_sales",
        expected=lambda: monthly()["sales_cny"],
        what="the net sales (after discounts) of each month, in yuan",
        row_word="month",
        atol=0.01,
        misconceptions=[
            Misconception.equals(
                lambda: receipts["gross_cny"].groupby(month()).sum(),
                "`{name}` adds up `gross_cny`, the price before discounts. Sales are what "
                "shoppers paid: use `net_cny`.",
                atol=0.01,
            ),
        ],
        hints=[
            "Give each receipt its month, then add up the money per month.",
            "`month = receipts['purchased_at'].dt.to_period('M').astype(str)` gives labels "
            "like '2025-01'. Then `receipts['net_cny'].groupby(month).sum()`.",
        ],
        solution=(
            "month = receipts['purchased_at'].dt.to_period('M').astype(str)\n"
            "monthly_sales = receipts['net_cny'].groupby(month).sum()"
        ),
        meaning=lambda s: (
            f"Right: the best month took {yuan(s.max(), 0)} ({s.idxmax()}), the weakest "
            f"{yuan(s.min(), 0)} ({s.idxmin()}). Sales alone do not say why: the next tasks "
            "split them into visits and basket."
        ),
    )
    q2 = TableQuestion(
        number=2,
        title="average basket by month",
        variable="average_basket",
        expected=lambda: monthly()["average_basket_cny"],
        what="each month's net sales divided by its receipts, in yuan",
        row_word="month",
        atol=0.01,
        misconceptions=[
            Misconception.equals(
                lambda: (
                    receipts.loc[receipts["customer_id"].notna(), "net_cny"].groupby(month()).mean()
                ),
                "`{name}` counts members' receipts only. The average basket (客单价) is over "
                "every receipt, walk-in shoppers too.",
                atol=0.01,
            ),
            Misconception.equals(
                lambda: receipts["gross_cny"].groupby(month()).mean(),
                "`{name}` uses `gross_cny`, before discounts. Use `net_cny`.",
                atol=0.01,
            ),
        ],
        hints=[
            "The average basket is sales ÷ receipts in the month.",
            "`receipts['net_cny'].groupby(month).mean()` does both at once.",
        ],
        solution="average_basket = receipts['net_cny'].groupby(month).mean()",
        meaning=lambda s: (
            f"Right: the average basket (客单价) ran from {yuan(s.min())} to {yuan(s.max())}. "
            "A smaller basket with the same visits means shoppers buy fewer items: look at "
            "shelves and suggestions at the till."
        ),
    )
    q3 = TableQuestion(
        number=3,
        title="member share of sales by month",
        variable="member_share",
        expected=lambda: monthly()["member_sales_share"],
        what="the share (a fraction 0-1) of each month's net sales on receipts with a member ID",
        row_word="month",
        **SHARE_TOLERANCE,
        misconceptions=[
            Misconception.equals(
                lambda: receipts["customer_id"].notna().groupby(month()).mean(),
                "`{name}` is the share of *receipts* from members. The task asks for the share "
                "of the *money*: add up members' `net_cny` and divide by all `net_cny`.",
                **SHARE_TOLERANCE,
            ),
            Misconception.percent_not_fraction(plural=True),
        ],
        hints=[
            "Member sales ÷ all sales, month by month.",
            "`member = receipts['customer_id'].notna()`; "
            "`receipts['net_cny'].where(member, 0).groupby(month).sum()` is the members' money.",
            "Divide that by `monthly_sales`. Keep it a fraction: do not multiply by 100.",
        ],
        solution=(
            "member = receipts['customer_id'].notna()\n"
            "member_sales = receipts['net_cny'].where(member, 0).groupby(month).sum()\n"
            "member_share = member_sales / monthly_sales"
        ),
        meaning=lambda s: (
            f"Right: members brought {percent(s.min())} to {percent(s.max())} of the money. "
            "When this share falls, fewer shoppers show their membership at the till: remind "
            "cashiers to ask every shopper."
        ),
    )

    def receipts_not_days() -> pd.Series:
        member = receipts["customer_id"].notna()
        counts = receipts[member].groupby([month()[member], receipts.loc[member, "customer_id"]])
        return (counts.size() >= 2).groupby(level=0).mean()

    q4 = TableQuestion(
        number=4,
        title="repeat rate by month",
        variable="repeat_rate",
        expected=lambda: monthly()["repeat_rate"],
        what="of the members who shopped in a month, the share (0-1) who shopped on two or "
        "more different days of it",
        row_word="month",
        **SHARE_TOLERANCE,
        misconceptions=[
            Misconception.equals(
                receipts_not_days,
                "`{name}` counts receipts. Two receipts on the same day are one trip: count "
                "each member's different *days* in the month.",
                **SHARE_TOLERANCE,
            ),
            Misconception.percent_not_fraction(plural=True),
        ],
        hints=[
            "For each month and member, count the different days they shopped; then take "
            "the share of members with 2 or more.",
            "Make a table of `month`, `customer_id` and `day = purchased_at.dt.normalize()` "
            "for member receipts, and `drop_duplicates()`.",
            "`days.groupby(['month', 'customer_id']).size()` counts days; "
            "`(counts >= 2).groupby(level='month').mean()` is the rate.",
        ],
        solution=(
            "m = receipts[receipts['customer_id'].notna()]\n"
            "days = pd.DataFrame({'month': m['purchased_at'].dt.to_period('M').astype(str),\n"
            "                     'customer_id': m['customer_id'],\n"
            "                     'day': m['purchased_at'].dt.normalize()}).drop_duplicates()\n"
            "counts = days.groupby(['month', 'customer_id']).size()\n"
            "repeat_rate = (counts >= 2).groupby(level='month').mean()"
        ),
        meaning=lambda s: (
            f"Right: between {percent(s.min())} and {percent(s.max())} of a month's members "
            "came back within the month. Members who come back are the store's habit: a "
            "falling repeat rate is the first sign of Module 9's lapse."
        ),
    )
    q5 = ChartQuestion(
        number=5,
        title="a chart of sales by month",
        variable="chart",
        expected=lambda: monthly()["sales_cny"],
        what="the net sales of each month, one bar per month, months in order",
        chart_kind="bar",
        row_word="month",
        order_words="in month order (January on the left)",
        atol=0.01,
        label_words={"xlabel": ("month",), "ylabel": ("sales", "¥", "yuan")},
        hints=[
            "Draw `monthly_sales` as a bar chart, then label the axes and give it a title that "
            "says what it shows.",
            "`chart = monthly_sales.plot.bar()`, then `chart.set_xlabel('Month')`, "
            "`chart.set_ylabel('Net sales (¥)')` and `chart.set_title(...)`.",
        ],
        solution=(
            "chart = monthly_sales.plot.bar(color='#0072B2')\n"
            "chart.set_xlabel('Month')\n"
            "chart.set_ylabel('Net sales (¥)')\n"
            "chart.set_title('Net sales by month, 2025')"
        ),
        meaning=(
            "Right: the bars show the year's shape at a glance, the holiday peak and the quiet "
            "months. Put it on the staff-room wall next to the review."
        ),
    )
    q6 = ValueQuestion(
        number=6,
        title="the campaign's return on marketing",
        variable="romi",
        expected=lambda: float(returns()["romi"]),
        what="(incremental margin − running cost) ÷ running cost, a rate (0.5 means the "
        "campaign earned back its cost and half as much again; below 0 it did not pay)",
        atol=0.005,
        misconceptions=[
            Misconception.equals(
                lambda: float(returns()["incremental_margin_cny"] / returns()["cost_cny"]),
                "`{name}` divides the margin by the cost but forgets to take the cost off "
                "first: return = (margin − cost) ÷ cost.",
                atol=0.005,
            ),
            Misconception.equals(
                lambda: float(
                    (returns()["incremental_sales_cny"] - returns()["cost_cny"])
                    / returns()["cost_cny"]
                ),
                "`{name}` uses the extra *sales*. The store keeps only the margin of them: "
                "multiply the extra sales by `margin_rate`.",
                atol=0.005,
            ),
        ],
        hints=[
            "Incremental sales = extra spend per member (against the control group) × "
            "members who got the coupon. Margin = that × the gross margin rate.",
            "Use `uplift['extra_spend_per_member_cny']`, `uplift['treatment_members']`, "
            "`margin_rate` and `campaign_cost`.",
            "`(margin - campaign_cost) / campaign_cost`.",
        ],
        solution=(
            "extra_sales = uplift['extra_spend_per_member_cny'] * uplift['treatment_members']\n"
            "margin = extra_sales * margin_rate\n"
            "romi = (margin - campaign_cost) / campaign_cost"
        ),
        meaning=lambda v: (
            f"Right: the return on marketing (营销投资回报率) is {percent(v)}. "
            + (
                "It paid back its running cost: the store can run it again."
                if v >= 0
                else "It did not pay back its running cost: change the offer or stop it."
            )
        ),
    )

    def kpi_why(column: str):
        def why() -> str:
            c = changes()
            return (
                f"The {_KPI_WORDS[column]} moved {percent(float(c[column]), 1)} from the first "
                f"{WINDOW} months to the last {WINDOW}; the steepest fall was the "
                f"{_KPI_WORDS[c.idxmin()]} ({percent(float(c.min()), 1)})."
            )

        return why

    def pick() -> str:
        worst = changes().idxmin()
        return next(letter for letter, col in KPI_CHOICES.items() if col == worst)

    q7 = ChoiceQuestion(
        number=7,
        title="which KPI to act on",
        variable="my_choice",
        expected=pick,
        options=[
            Option(
                "a",
                "The average basket: suggest a second item at the till and check the shelves "
                "of everyday goods.",
                kpi_why("average_basket_cny"),
            ),
            Option(
                "b",
                "The member share of sales: ask every shopper for their membership and sign "
                "up walk-in regulars.",
                kpi_why("member_sales_share"),
            ),
            Option(
                "c",
                "The repeat rate: welcome members back by name and remind them of their "
                "points before they lapse.",
                kpi_why("repeat_rate"),
            ),
        ],
        hints=[
            f"Compare each KPI's mean over the last {WINDOW} months with its mean over the "
            f"first {WINDOW}: which fell most, in relative terms?",
            f"`table.tail({WINDOW}).mean() / table.head({WINDOW}).mean() - 1` on a table with "
            "the three KPIs as columns.",
        ],
        meaning=(
            "A review picks one KPI to act on, the one that moved most the wrong way, and "
            "checks it again next month."
        ),
    )

    def model_answer() -> str:
        c = changes()
        worst = c.idxmin()
        romi = float(returns()["romi"])
        return (
            f"The {_KPI_WORDS[worst]} fell most ({percent(float(c[worst]), 1)} from the first "
            f"{WINDOW} months to the last {WINDOW}), so that is this month's focus, and we "
            f"check it again at the next review. The campaign's return on marketing was "
            f"{percent(romi)}: "
            + (
                "it paid back its cost, so we keep it."
                if romi >= 0
                else "it did not pay back its cost, so we change the offer or stop it."
            )
        )

    q8 = ReflectionQuestion(
        number=8,
        title="what you tell the store manager",
        variable="my_answer",
        model_answer=model_answer,
        rubric=[
            "It names the KPI to act on and the number that shows it fell.",
            "It quotes the campaign's return and says keep, change or stop.",
            "It names one concrete action staff take and when the KPI is checked again.",
        ],
        hints=[
            "Put tasks 6 and 7 side by side: what fell, and did the money come back?",
            "Write two or three sentences for the manager: what you see, and what you do.",
        ],
    )
    return {"q1": q1, "q2": q2, "q3": q3, "q4": q4, "q5": q5, "q6": q6, "q7": q7, "q8": q8}
