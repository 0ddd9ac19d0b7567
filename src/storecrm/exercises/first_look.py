"""Questions for exercise 1, "First look at a day of receipts".

:func:`build` turns any data with a ``receipts`` table into the questions, so the tests can
run them on a small hand-made table and the notebook on the real data (see ``ex01``). Every
right answer is computed here from the data; nothing is typed in.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from storecrm.exercises.compare import SHARE_TOLERANCE, is_number
from storecrm.exercises.questions import (
    ChartQuestion,
    Misconception,
    Question,
    ReflectionQuestion,
    TableQuestion,
    ValueQuestion,
)

__all__ = ["STORE_ID", "build", "choose_day", "day_receipts", "receipts_by_hour"]

#: The store the exercise looks at: the station store, busy from early morning to late evening.
STORE_ID = "S01"


def day_receipts(receipts: pd.DataFrame, day: str, store_id: str = STORE_ID) -> pd.DataFrame:
    """The receipts of one store on one calendar day (original row labels kept)."""
    on_day = receipts["purchased_at"].dt.normalize() == pd.Timestamp(day)
    return receipts[on_day & (receipts["store_id"] == store_id)]


def choose_day(receipts: pd.DataFrame, store_id: str = STORE_ID) -> str:
    """Pick the Saturday the exercise studies, from the data rather than by hand.

    A good teaching day has one clear busiest hour (no tie), and a number of receipts in that
    hour that is not itself the hour (otherwise "I gave the count" and "I gave the hour" look
    the same and the feedback cannot tell them apart). Among such Saturdays, the one with the
    most receipts wins; if none qualifies, the busiest Saturday. Choosing by rule keeps the
    exercise sound when the data set is regenerated.
    """
    store = receipts[receipts["store_id"] == store_id]
    saturdays = store[store["purchased_at"].dt.dayofweek == 5]
    if saturdays.empty:
        raise ValueError(f"store {store_id} has no Saturday receipts")
    days = saturdays["purchased_at"].dt.normalize()
    best: tuple[int, str] | None = None
    for day, group in saturdays.groupby(days):
        by_hour = receipts_by_hour(group)
        peak = int(by_hour.max())
        clear = int((by_hour == peak).sum()) == 1 and peak != int(by_hour.idxmax())
        if clear and (best is None or len(group) > best[0]):
            best = (len(group), day.strftime("%Y-%m-%d"))
    if best is None:
        return days.value_counts().idxmax().strftime("%Y-%m-%d")
    return best[1]


def receipts_by_hour(receipts: pd.DataFrame) -> pd.Series:
    """Number of receipts in each hour of the day (hours with no receipts left out)."""
    return receipts.groupby(receipts["purchased_at"].dt.hour).size()


def _is_busiest(answer: Any, by_hour: pd.Series) -> bool:
    """True if ``answer`` is an hour tied for the most receipts (ties are all right)."""
    if not is_number(answer) or not math.isfinite(float(answer)):
        return False
    if not float(answer).is_integer():
        return False
    return int(answer) in set(by_hour[by_hour == by_hour.max()].index)


def build(data: Any, *, day: str | None = None, store_id: str = STORE_ID) -> dict[str, Question]:
    """Build questions ``q1`` .. ``q7`` for the receipts of ``store_id`` on ``day``
    (by default the Saturday :func:`choose_day` picks)."""
    receipts = data.receipts
    if day is None:
        day = choose_day(receipts, store_id)

    def today() -> pd.DataFrame:
        return day_receipts(receipts, day, store_id)

    def hourly() -> pd.Series:
        return receipts_by_hour(today())

    def member_share() -> float:
        return float(today()["is_member"].mean())

    q1 = TableQuestion(
        number=1,
        title="one day at one store",
        variable="today",
        expected=today,
        what=f"the receipts of store {store_id} on {day}",
        row_word="receipt",
        allow_extra_columns=True,
        misconceptions=[
            Misconception.equals(
                lambda: receipts[receipts["purchased_at"].dt.normalize() == pd.Timestamp(day)],
                "`{name}` has the receipts of every store on that day. Keep only one store "
                "as well: combine two conditions with `&`, each in brackets.",
            ),
            Misconception.equals(
                lambda: receipts[receipts["store_id"] == store_id],
                "`{name}` has every day of this store. Keep only the one day as well.",
            ),
        ],
        hints=[
            "Keep the rows where two things are true at once: the store is the right one "
            "and the purchase happened on the right day.",
            "`receipts['store_id'] == 'S01'` gives True/False for each row. For the day, "
            "`receipts['purchased_at'].dt.normalize()` turns each time into its date at midnight.",
            "Combine the two True/False columns with `&` (each condition in brackets) and "
            "use the result inside `receipts[...]`.",
        ],
        solution=(
            f"is_store = receipts['store_id'] == '{store_id}'\n"
            f"is_day = receipts['purchased_at'].dt.normalize() == '{day}'\n"
            "today = receipts[is_store & is_day]"
        ),
        meaning=lambda t: (
            f"Right: {len(t)} receipts. Each row is one visit to the till, so this is the "
            "day's traffic, the first thing a shift supervisor wants to know."
        ),
    )
    q2 = TableQuestion(
        number=2,
        title="receipts by hour",
        variable="by_hour",
        expected=hourly,
        what="the number of receipts in each hour of the day",
        row_word="hour",
        zero_rows=range(24),
        misconceptions=[
            Misconception.equals(
                lambda: today().groupby(today()["purchased_at"].dt.hour)["net_cny"].sum(),
                "`{name}` adds up the money (yuan) in each hour. The task asks how many "
                "receipts there were: count rows instead of adding `net_cny`.",
            ),
            Misconception.equals(
                lambda: receipts_by_hour(receipts),
                "`{name}` counts the receipts of the whole year, all stores. Use `today` "
                "from task 1.",
            ),
        ],
        hints=[
            "Group the day's receipts by the hour they happened in, and count the receipts "
            "in each group.",
            "`today['purchased_at'].dt.hour` gives the hour (0 to 23) of each receipt.",
            "`today.groupby(today['purchased_at'].dt.hour).size()` counts rows per hour; "
            "`.value_counts()` on the hours works too.",
        ],
        solution="by_hour = today.groupby(today['purchased_at'].dt.hour).size()",
        meaning=(
            "Right. The shape of this series is the store's daily rhythm: it tells you "
            "when customers queue and when there is time to restock shelves."
        ),
    )
    q3 = ValueQuestion(
        number=3,
        title="busiest hour",
        variable="busiest_hour",
        expected=lambda: int(hourly().idxmax()),
        also_correct=lambda answer: _is_busiest(answer, hourly()),
        what="the hour of the day with the most receipts (a number from 0 to 23)",
        misconceptions=[
            Misconception.equals(
                lambda: int(hourly().max()),
                "`{name}` is the number of receipts in the busiest hour. The task asks which "
                "hour it was: the label, not the count.",
            ),
            Misconception.equals(
                lambda: int(hourly().idxmin()),
                "`{name}` is the quietest hour. Look for the largest count, not the smallest.",
            ),
        ],
        hints=[
            "In `by_hour`, the labels are hours and the values are counts. You want the "
            "label of the largest value.",
            "`.idxmax()` returns the label of the largest value; `.max()` returns the value.",
        ],
        solution="busiest_hour = by_hour.idxmax()",
        meaning=lambda h: (
            f"Right: the hour starting at {h}:00. Plan the second till and the "
            "coffee-machine clean-up around it, not in the middle of it."
        ),
    )
    q4 = ValueQuestion(
        number=4,
        title="average basket",
        variable="average_basket",
        expected=lambda: float(today()["net_cny"].mean()),
        what="the average amount paid per receipt, in yuan, after discounts",
        atol=0.006,
        misconceptions=[
            Misconception.equals(
                lambda: float(today()["gross_cny"].mean()),
                "`{name}` uses `gross_cny`, the price before discounts. The average basket "
                "is what customers actually paid: use `net_cny`.",
                atol=0.006,
            ),
            Misconception.equals(
                lambda: float(today()["net_cny"].sum()),
                "`{name}` is the day's total takings. Divide by the number of receipts, or "
                "use `.mean()`, to get the amount per receipt.",
                atol=0.006,
            ),
            Misconception.equals(
                lambda: float(today()["items"].mean()),
                "`{name}` is the average number of items per receipt. The task asks for "
                "money: use the amount paid, `net_cny`.",
            ),
        ],
        hints=[
            "The average basket (客单价) is the money taken divided by the number of receipts.",
            "Use the column for the amount actually paid after discounts, `net_cny`, and "
            "its `.mean()`.",
        ],
        solution="average_basket = today['net_cny'].mean()",
        meaning=lambda v: (
            f"Right: about ¥{v:.2f} per visit. Suggesting one more item at the till "
            "(a drink with a sandwich) is how staff raise this number."
        ),
    )
    q5 = ValueQuestion(
        number=5,
        title="share of member receipts",
        variable="member_share",
        expected=member_share,
        what="the share of receipts where the customer showed a membership, as a fraction "
        "between 0 and 1",
        **SHARE_TOLERANCE,
        misconceptions=[
            Misconception.equals(
                lambda: float(today()["is_member"].sum()),
                "`{name}` is the number of member receipts. Divide it by the number of all "
                "receipts that day to get a share.",
            ),
            Misconception.equals(
                lambda: 1.0 - member_share(),
                "`{name}` is the share of walk-in shoppers (non-members). The task asks for "
                "the members' share.",
            ),
            Misconception.percent_not_fraction(),
        ],
        hints=[
            "A share is a part divided by the whole: member receipts divided by all receipts.",
            "`today['is_member']` is True or False for each receipt. The mean of True/False "
            "values is the share of True.",
        ],
        solution="member_share = today['is_member'].mean()",
        meaning=lambda s: (
            f"Right: {s:.0%} of receipts came from members. Each of the other receipts "
            "is a customer the store cannot recognise next time; asking 'are you a member?' "
            "at the till is how that changes."
        ),
    )
    q6 = ChartQuestion(
        number=6,
        title="chart of the day",
        variable="chart",
        expected=lambda: hourly().sort_index(),
        what="the number of receipts in each hour, one bar per hour",
        chart_kind="bar",
        row_word="hour",
        zero_rows=range(24),
        order_words="in hour order (earliest hour on the left)",
        label_words={"xlabel": ("hour",), "ylabel": ("receipt",)},
        hints=[
            "Draw `by_hour` as a bar chart, then give it axis labels and a title that "
            "states what the chart shows.",
            "`by_hour.plot.bar()` returns the chart (an Axes). Then use "
            "`chart.set_xlabel(...)`, `chart.set_ylabel(...)` and `chart.set_title(...)`.",
        ],
        solution=(
            "chart = by_hour.sort_index().plot.bar(color='#0072B2')\n"
            "chart.set_xlabel('Hour of the day (24-hour clock)')\n"
            "chart.set_ylabel('Number of receipts')\n"
            "chart.set_title(f'Receipts peak at {busiest_hour}:00')"
        ),
        meaning=(
            "Right: data, labels and title all check out. A chart like this on the staff-room "
            "wall helps everyone see when they are needed at the till."
        ),
    )
    q7 = ReflectionQuestion(
        number=7,
        title="what should the team do",
        variable="my_answer",
        model_answer=lambda: (
            f"Saturday brought {len(today())} receipts, and the busiest hour started at "
            f"{int(hourly().idxmax())}:00. Next Saturday I would open the second till before "
            "that hour and move restocking to the quiet hours. Members made "
            f"{member_share():.0%} of the receipts, so in the quiet hours we ask each customer "
            "without a membership whether they would like to join."
        ),
        rubric=[
            "It uses at least one number found in this exercise.",
            "It names a concrete action for staff (a till, a task, a question to ask).",
            "It says when the action happens (which hours).",
            "It links the action to the customer (shorter queue, recognised next time).",
        ],
        hints=[
            "Look back at your answers to tasks 3 and 5: one is about staffing, one is "
            "about membership.",
            "Write two or three sentences: what you see, and what the team should do.",
        ],
    )
    return {"q1": q1, "q2": q2, "q3": q3, "q4": q4, "q5": q5, "q6": q6, "q7": q7}
