"""Questions for exercise 4, "Tills for the rush": from receipts per hour to the shift rota.

A shift leader plans one store's weekday: when shoppers pay at the till, how many tills the
course's till rule asks for in each hour, which hours the current rota leaves short, and
which one helper's shift to move. :func:`build` turns any data with ``receipts`` and
``stores`` into the questions, so tests can use a small hand-made data set and the notebook
the real one (see ``ex04``).

Every right answer is computed here with the Module 2 helpers
(:func:`~storecrm.analysis.service.hourly_profile`,
:func:`~storecrm.analysis.service.till_plan`,
:func:`~storecrm.analysis.service.tills_to_open`), so the exercise's numbers are the ones the
chapter page "Keep the store easy to shop and the till moving" shows. The rota is the
exercise's situation (who works when), not a result: the answers follow the data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from storecrm.analysis.service import (
    DEFAULT_MAX_BUSY_SHARE,
    DEFAULT_MINUTES_PER_RECEIPT,
    EXAMPLE_DAILY_RECEIPTS,
    TILL_CHANNELS,
    hourly_profile,
    till_plan,
    tills_to_open,
)
from storecrm.errors import CourseError
from storecrm.exercises.questions import (
    ChoiceQuestion,
    FunctionQuestion,
    Misconception,
    Option,
    Question,
    ReflectionQuestion,
    TableQuestion,
    ValueQuestion,
)
from storecrm.rules import store_rules

__all__ = [
    "HOURS",
    "MOVES",
    "ROTA",
    "RULE_CASES",
    "Move",
    "Shift",
    "build",
    "move_shift",
    "rota_tills",
    "shifts_table",
    "tills_short",
]

HOURS = range(24)
#: Shoppers per hour the till-rule function is tried on: no shoppers, a quiet hour, just
#: under and just over one till's limit, and two rushes. Inputs, not answers: the answers
#: come from :func:`~storecrm.analysis.service.tills_to_open`.
RULE_CASES: tuple[float, ...] = (0, 20, 47, 49, 100, 150)


@dataclass(frozen=True)
class Shift:
    """One person on a till from ``start`` o'clock until ``end`` o'clock (24 = midnight)."""

    name: str
    start: int
    end: int

    def hours(self) -> range:
        return range(self.start, self.end)


#: The store's current weekday rota: one cashier on the first till all day, and four
#: three-hour helper shifts on the second till. The exercise's situation, not a result.
ROTA: tuple[Shift, ...] = (
    Shift("early cashier", 6, 15),
    Shift("late cashier", 15, 24),
    Shift("morning helper", 7, 10),
    Shift("lunch helper", 11, 14),
    Shift("afternoon helper", 14, 17),
    Shift("evening helper", 17, 20),
)


@dataclass(frozen=True)
class Move:
    """Move the helper shift ``shift`` so that it starts at ``new_start`` (same length)."""

    key: str
    shift: str
    new_start: int


#: The moves the decision task offers (option "d" is: keep the rota as it is).
MOVES: tuple[Move, ...] = (
    Move("a", "lunch helper", 12),
    Move("b", "afternoon helper", 21),
    Move("c", "evening helper", 21),
)
_KEEP = "d"


def shifts_table(shifts: Sequence[Shift] = ROTA) -> pd.DataFrame:
    """The rota as a table a learner can read: who, from, until."""
    return pd.DataFrame(
        {
            "shift": [s.name for s in shifts],
            "from": [f"{s.start:02d}:00" for s in shifts],
            "until": [f"{s.end:02d}:00" for s in shifts],
        }
    )


def rota_tills(shifts: Sequence[Shift] = ROTA) -> pd.Series:
    """Tills staffed in each clock hour that has a shift: the number of shifts covering it."""
    staffed = pd.Series(0, index=pd.Index(HOURS, name="hour"), name="tills_on_rota")
    for shift in shifts:
        staffed.loc[list(shift.hours())] += 1
    return staffed[staffed > 0]


def move_shift(shifts: Sequence[Shift], move: Move) -> tuple[Shift, ...]:
    """The rota after ``move``: the named shift starts at ``new_start``, same length."""
    names = [s.name for s in shifts]
    if move.shift not in names:
        raise ValueError(f"the rota has no shift {move.shift!r}; shifts: {', '.join(names)}")
    out = []
    for s in shifts:
        if s.name == move.shift:
            s = Shift(s.name, move.new_start, min(24, move.new_start + s.end - s.start))
        out.append(s)
    return tuple(out)


def tills_short(needed: pd.Series, staffed: pd.Series, tills: int) -> int:
    """Till-hours the rota can still fix: per hour, the tills needed (at most the store's
    ``tills``) minus the tills staffed (at most ``tills``), when positive, summed.

    A till the store does not own cannot be staffed, so an hour that needs more tills than
    the store has counts only up to the store's tills: no rota change helps beyond that.
    """
    need = needed.reindex(HOURS, fill_value=0).clip(upper=tills)
    have = staffed.reindex(HOURS, fill_value=0).clip(upper=tills)
    return int((need - have).clip(lower=0).sum())


def _hour_list(hours: Sequence[int]) -> str:
    return ", ".join(f"{int(h):02d}:00" for h in hours) if len(hours) else "no hour"


def _model_answer(
    profile: pd.Series, needed: pd.Series, short: pd.Series, best: str, tills: int
) -> str:
    peak = int(profile.idxmax())
    late = short[short.index >= 20]
    moves = {m.key: m for m in MOVES}
    if best == _KEEP:
        action = (
            "No helper shift is in the wrong place, so the rota stays; at the short hours we "
            "call a colleague from the floor when shoppers queue."
        )
    else:
        m = moves[best]
        action = (
            f"Moving the {m.shift} to start at {m.new_start:02d}:00 puts the second till where "
            "the shoppers are, without paying for one more hour."
        )
    return (
        f"The busiest weekday hour is {peak:02d}:00, but the rota is short of tills at "
        f"{_hour_list(list(short.index))}"
        + (f", {len(late)} of them after 20:00" if len(late) else "")
        + f". {action} Where the rule asks for more than our {tills} tills "
        f"({_hour_list(list(needed[needed > tills].index))}), no rota can help: there we "
        "prepare before the rush and keep every till moving."
    )


def build(
    data: Any,
    *,
    store: str = "S03",
    day_type: str = "weekday",
    daily_receipts: float = EXAMPLE_DAILY_RECEIPTS,
    shifts: Sequence[Shift] = ROTA,
) -> dict[str, Question]:
    """Build questions ``q1`` .. ``q7`` for one ``store`` on one ``day_type``.

    ``daily_receipts`` is the shoppers the store serves in a whole day (its till report): the
    course data holds a sample of shoppers, so the plan spreads this total over the day with
    the data's hourly shape, as the chapter page does.
    """
    receipts = data.receipts
    stores = data.stores
    tills = store_rules().tills.tills(store)
    staffed = rota_tills(shifts)

    def _pick(frame: pd.DataFrame, column: str) -> pd.Series:
        rows = frame[(frame["store_id"] == store) & (frame["day_type"] == day_type)]
        if rows.empty or not (rows[column] > 0).any():
            raise CourseError(
                f"store {store} has no receipt paid at the till on a {day_type}",
                table="receipts",
                column="store_id",
                hint="The exercise needs the data set that has this store's receipts",
            )
        return rows.set_index("hour")[column].rename_axis("hour")

    def profile() -> pd.Series:
        """Open hours only: a learner's count has no row for an hour without receipts."""
        per_hour = _pick(hourly_profile(receipts, stores, by="store_id"), "receipts_per_hour")
        return per_hour[per_hour > 0]

    def needed() -> pd.Series:
        plan = _pick(till_plan(receipts, stores, daily_receipts=daily_receipts), "tills_needed")
        return plan[plan > 0]

    def short() -> pd.Series:
        gap = needed().sub(staffed, fill_value=0)
        return gap[gap > 0]

    def scores() -> dict[str, int]:
        need = needed()
        out = {m.key: tills_short(need, rota_tills(move_shift(shifts, m)), tills) for m in MOVES}
        out[_KEEP] = tills_short(need, staffed, tills)
        return out

    def best() -> str:
        s = scores()
        lowest = min(s[m.key] for m in MOVES)
        if lowest >= s[_KEEP]:
            return _KEEP  # a move must help to be worth the upheaval
        return next(m.key for m in MOVES if s[m.key] == lowest)

    # The typical mistakes, computed like the answer.
    mine = receipts[receipts["store_id"] == store]
    weekend = mine["purchased_at"].dt.dayofweek >= 5
    of_type = mine[weekend] if day_type == "weekend" else mine[~weekend]
    at_till = of_type[of_type["channel"].astype(str).isin(TILL_CHANNELS)]

    def per_hour(rows: pd.DataFrame, days: int) -> pd.Series:
        counts = rows.groupby(rows["purchased_at"].dt.hour).size().rename_axis("hour")
        return counts / days

    def n_days(rows: pd.DataFrame) -> int:
        return int(rows["purchased_at"].dt.normalize().nunique())

    def load(minutes: float, busy: float) -> pd.Series:
        p = profile()
        shoppers = p / p.sum() * daily_receipts
        return shoppers * minutes / 60 / busy

    q1 = TableQuestion(
        number=1,
        title="shoppers per hour",
        variable="per_hour",
        expected=profile,
        what=f"the average number of shoppers paying at the till in each clock hour on one "
        f"{day_type} (in-store receipts only)",
        row_word="hour",
        zero_rows=HOURS,
        misconceptions=[
            Misconception.equals(
                lambda: per_hour(of_type, n_days(of_type)),
                "`{name}` counts every receipt, app pick-ups and deliveries too. Those are "
                "paid in the app and never reach the till: keep `channel == 'in_store'`.",
            ),
            Misconception.equals(
                lambda: per_hour(at_till, 1),
                "`{name}` is the total over the whole year. Divide by the number of "
                f"{day_type}s the store was open, to get one average {day_type}.",
            ),
            Misconception.equals(
                lambda: per_hour(at_till, n_days(mine[mine["channel"].isin(TILL_CHANNELS)])),
                f"`{{name}}` divides the {day_type} receipts by every day of the year. Divide "
                f"by the number of {day_type}s only.",
            ),
            Misconception.equals(
                lambda: per_hour(
                    mine[mine["channel"].isin(TILL_CHANNELS)],
                    n_days(mine[mine["channel"].isin(TILL_CHANNELS)]),
                ),
                f"`{{name}}` mixes weekdays and weekends. Keep only the {day_type}s: "
                "`purchased_at.dt.dayofweek` is 0-4 on Monday to Friday, 5-6 at the weekend.",
            ),
        ],
        hints=[
            f"Keep the receipts of store {store} paid at the till (`channel == 'in_store'`) on "
            f"{day_type}s. Count them per clock hour, then divide by the number of {day_type}s.",
            "`purchased_at.dt.dayofweek < 5` marks Monday to Friday; `.dt.hour` gives the clock "
            "hour; `.dt.date.nunique()` counts the days.",
            "`rows.groupby(rows['purchased_at'].dt.hour).size() / days`",
        ],
        solution=(
            f"mine = receipts[(receipts['store_id'] == '{store}') & "
            "(receipts['channel'] == 'in_store')]\n"
            + (
                "days_rows = mine[mine['purchased_at'].dt.dayofweek >= 5]\n"
                if day_type == "weekend"
                else "days_rows = mine[mine['purchased_at'].dt.dayofweek < 5]\n"
            )
            + "days = days_rows['purchased_at'].dt.date.nunique()\n"
            "per_hour = days_rows.groupby(days_rows['purchased_at'].dt.hour).size() / days"
        ),
        meaning=lambda s: (
            f"Right: on an average {day_type}, {s.max():.1f} shoppers pay in the busiest hour of "
            "our sample. The data holds only a sample of shoppers, so read the shape of the "
            "day here, not the size."
        ),
    )

    def peak() -> int:
        return int(profile().idxmax())

    q2 = ValueQuestion(
        number=2,
        title="the peak hour",
        variable="peak_hour",
        expected=peak,
        what=f"the clock hour (0 to 23) with the most shoppers at the till on a {day_type}",
        also_correct=lambda a: (
            isinstance(a, int | np.integer)
            and not isinstance(a, bool)
            and np.isclose(profile().get(int(a), -1.0), profile().max())
        ),
        misconceptions=[
            Misconception.equals(
                lambda: float(profile().max()),
                "`{name}` is the number of shoppers in the busiest hour. The task asks for the "
                "hour itself: `.idxmax()` gives the label of the largest value.",
            ),
        ],
        hints=[
            "The peak hour (高峰时段) is the hour whose average from task 1 is the largest.",
            "`per_hour.idxmax()` gives the hour (the row label) of the largest value.",
        ],
        solution="peak_hour = per_hour.idxmax()",
        meaning=lambda h: (
            f"Right: {int(h):02d}:00 to {int(h):02d}:59 is the peak. Nobody on the till in that "
            "hour should be doing deliveries or facing shelves."
        ),
    )

    def rule_cases() -> list[tuple[tuple, int]]:
        return [((n,), int(tills_to_open(n))) for n in RULE_CASES]

    q3 = FunctionQuestion(
        number=3,
        title="the till rule",
        variable="tills_for",
        expected=rule_cases,
        what="the number of tills to open: shoppers x minutes each / 60 / busy share, rounded "
        "up (none when there are no shoppers)",
        arg_words="one input, the number of shoppers in one hour",
        hints=[
            "One till serves 60 / minutes-per-shopper shoppers an hour if it never stops; the "
            "rule lets it be busy only `max_busy_share` of the hour. Round the result up.",
            "`math.ceil(shoppers * minutes_per_receipt / 60 / max_busy_share)` rounds up. "
            "Use the two names from the setup cell, not numbers you type.",
        ],
        solution=(
            "import math\n\n"
            "def tills_for(shoppers):\n"
            '    """Tills to open for this many shoppers in one hour (the course\'s rule)."""\n'
            "    return math.ceil(shoppers * minutes_per_receipt / 60 / max_busy_share)"
        ),
        meaning=(
            "Right: this is the rule the chapter uses. It keeps each till free part of every "
            "hour, because shoppers come in bunches and a till that is always busy builds a "
            "queue."
        ),
    )
    q4 = TableQuestion(
        number=4,
        title="tills needed each hour",
        variable="tills_needed",
        expected=needed,
        what=f"the tills the rule asks for in each hour of a {day_type}, when the store serves "
        f"{daily_receipts:,.0f} shoppers that day",
        row_word="hour",
        zero_rows=HOURS,
        misconceptions=[
            Misconception.equals(
                lambda: tills_to_open(profile()),
                "`{name}` applies the rule to the sample's shoppers per hour. Spread the store's "
                "real daily total over the day first: each hour's part of the day times "
                "`daily_receipts`.",
            ),
            Misconception.equals(
                lambda: np.round(load(DEFAULT_MINUTES_PER_RECEIPT, DEFAULT_MAX_BUSY_SHARE)),
                "`{name}` rounds to the nearest whole till. The rule rounds up: 2.1 tills means "
                "3 tills, or the queue grows.",
            ),
            Misconception.equals(
                lambda: np.ceil(load(DEFAULT_MINUTES_PER_RECEIPT, 1.0)),
                "`{name}` lets each till be busy the whole hour. Divide by `max_busy_share` too.",
            ),
        ],
        hints=[
            "First turn the sample into the store's real day: each hour's share of the day "
            "(task 1 divided by its total) times `daily_receipts`. Then apply your rule to "
            "each hour.",
            "`shoppers = per_hour / per_hour.sum() * daily_receipts`, then "
            "`shoppers.apply(tills_for)`.",
        ],
        solution=(
            "shoppers = per_hour / per_hour.sum() * daily_receipts\n"
            "tills_needed = shoppers.apply(tills_for)"
        ),
        meaning=lambda s: (
            f"Right: the rule asks for up to {int(s.max())} tills, at "
            f"{_hour_list(list(s[s == s.max()].index))}. The store has {tills}."
        ),
    )
    q5 = TableQuestion(
        number=5,
        title="hours short of tills",
        variable="short",
        expected=short,
        what="for each hour where the rota staffs fewer tills than the rule asks for, how "
        "many tills it is short (hours with enough tills left out)",
        row_word="short hour",
        misconceptions=[
            Misconception.equals(
                lambda: needed().sub(staffed, fill_value=0),
                "`{name}` keeps every hour. Keep only the hours where the rota is short "
                "(the difference is above 0).",
            ),
            Misconception.equals(
                lambda: staffed.sub(needed(), fill_value=0)[
                    staffed.sub(needed(), fill_value=0) > 0
                ],
                "`{name}` shows the hours with more tills staffed than needed. Subtract the "
                "other way round: tills needed minus tills on the rota.",
            ),
        ],
        hints=[
            "Subtract the tills on the rota from the tills needed, hour by hour, and keep the "
            "hours where the result is above 0.",
            "`gap = tills_needed - rota` lines the hours up by their labels; then `gap[gap > 0]`.",
        ],
        solution="gap = tills_needed - rota\nshort = gap[gap > 0]",
        meaning=lambda s: (
            f"Right: the rota is short at {_hour_list(list(s.index))}. Those are the hours "
            "when shoppers queue and staff are tempted to rush."
        ),
    )

    def why(move: Move) -> Any:
        def text() -> str:
            s = scores()
            if s[move.key] < s[_KEEP]:
                verdict = "fewer"
            elif s[move.key] == s[_KEEP]:
                verdict = "as many"
            else:
                verdict = "more"
            return (
                f"After this move the rota is short {s[move.key]} till-hours (tills needed, up to "
                f"the store's {tills}, minus tills staffed), against {s[_KEEP]} today: "
                f"{verdict} short till-hours."
            )

        return text

    def keep_why() -> str:
        s = scores()
        gain = s[_KEEP] - min(s[m.key] for m in MOVES)
        if gain > 0:
            return (
                f"Today the rota is short {s[_KEEP]} till-hours, and one move cuts that by "
                f"{gain}. Working faster does not replace a second till: queues grow when a "
                "till is always busy."
            )
        return (
            f"Today the rota is short {s[_KEEP]} till-hours and no move makes it shorter, so "
            "moving a shift only upsets someone's week."
        )

    shift_times = {s.name: s for s in shifts}

    def option_text(move: Move) -> str:
        old = shift_times[move.shift]
        length = old.end - old.start
        end = min(24, move.new_start + length)
        return (
            f"Move the {move.shift} ({old.start:02d}:00-{old.end:02d}:00) to "
            f"{move.new_start:02d}:00-{end:02d}:00."
        )

    q6 = ChoiceQuestion(
        number=6,
        title="which shift to move",
        variable="my_choice",
        expected=best,
        options=[
            *(Option(m.key, option_text(m), why(m)) for m in MOVES),
            Option(
                _KEEP,
                "Keep the rota as it is; the late cashier works faster when it gets busy.",
                keep_why,
            ),
        ],
        hints=[
            "For each option, redo task 5 with the new rota in your head: which short hours "
            "does it fix, and which hours does it leave with one till too few?",
            "A second person cannot help where all the store's tills are already staffed. "
            f"Count only up to the store's {tills} tills.",
        ],
        meaning=(
            "One shift moved, no extra cost: the second till is now open when the shoppers "
            "come. Tell the team why the shift moved, and check the queues in the first week."
        ),
    )
    q7 = ReflectionQuestion(
        number=7,
        title="what does this mean for the store",
        variable="my_answer",
        model_answer=lambda: _model_answer(profile(), needed(), short(), best(), tills),
        rubric=[
            "It names the hours that are short of tills, with a number from the tasks.",
            "It says which change to the rota the numbers support, and why.",
            "It says what to do where the rule asks for more tills than the store has.",
            "It avoids claims the data cannot support (the rule gives a minimum, from hourly "
            "averages; ten-minute rushes inside an hour are not in it).",
        ],
        hints=[
            "Put tasks 4, 5 and 6 side by side: where is the rota short, and what fixes it?",
            "Write two or three sentences for your store manager: what you see, and what you "
            "will change on next week's rota.",
        ],
    )
    return {"q1": q1, "q2": q2, "q3": q3, "q4": q4, "q5": q5, "q6": q6, "q7": q7}
