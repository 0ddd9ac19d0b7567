"""Questions for exercise 5, "Which complaints wait too long": complaint times and scores.

A shift lead reads a year of complaint tickets: how long each channel makes customers wait
for a first reply, how often it meets the store's rule, why the median and the average
tell different stories, how satisfied customers were afterwards, and whether unhappy
complainants came back less. The decision task asks which channel to fix first.
:func:`build` turns any data with ``complaints`` and ``receipts`` into the questions, so
tests can use small hand-made data and the notebook the real one (see ``ex05``).

Every right answer is computed with the Module 3 helpers in
:mod:`storecrm.analysis.complaints` (:func:`~storecrm.analysis.complaints.resolution_summary`,
:func:`~storecrm.analysis.complaints.share_first_response_on_time`,
:func:`~storecrm.analysis.complaints.visit_change`), so the exercise's numbers are the ones
the chapter page "Reading complaint data" shows. The time limits come from the store's
rules (:mod:`storecrm.rules`) through that module, never typed here.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from storecrm.analysis.complaints import (
    FIRST_RESPONSE_STANDARD_H,
    RESOLUTION_STANDARD_H,
    add_times,
    resolution_summary,
    share_first_response_on_time,
    visit_change,
    visits_around_complaints,
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
from storecrm.format import percent

__all__ = ["CHANNELS", "UNHAPPY_MAX", "WINDOW_DAYS", "build", "channel_to_fix"]

#: The complaint channels the decision task offers, in the order the options list them.
CHANNELS: tuple[str, ...] = ("in_store", "phone", "app", "social_media")
_LETTERS = "abcd"
#: Satisfaction scores (1-5) that count as "unhappy with the handling": 1 and 2.
UNHAPPY_MAX = 2
#: Days of visits counted before the complaint and after its resolution (as the chapter).
WINDOW_DAYS = 60


def channel_to_fix(summary: pd.DataFrame) -> str:
    """The channel to fix first: the lowest share of first replies on time.

    A tie goes to the channel with more tickets, because fixing it helps more customers.
    ``summary`` is :func:`~storecrm.analysis.complaints.resolution_summary` by channel.
    """
    ranked = summary.assign(_tickets=-summary["tickets"]).sort_values(
        ["first_response_on_time_share", "_tickets"], kind="stable"
    )
    return str(ranked.index[0])


def _readable(channel: str) -> str:
    return channel.replace("_", " ")


def build(data: Any) -> dict[str, Question]:
    """Build questions ``q1`` .. ``q7`` on ``data.complaints`` and ``data.receipts``."""
    complaints = data.complaints
    receipts = data.receipts

    def summary() -> pd.DataFrame:
        return resolution_summary(complaints, by="channel")

    def timed() -> pd.DataFrame:
        return add_times(complaints)

    def per_channel(column: str, how: str) -> pd.Series:
        t = timed()
        return t.groupby("channel", observed=True)[column].agg(how)

    q1 = TableQuestion(
        number=1,
        title="first reply per channel",
        variable="first_reply",
        expected=lambda: summary()["median_first_response_h"].rename("first_response_h"),
        what="the median hours from opening a complaint to the first reply, per channel",
        row_word="channel",
        misconceptions=[
            Misconception.equals(
                lambda: per_channel("first_response_h", "mean"),
                "`{name}` holds averages. Take the median (中位数): a few tickets left for "
                "days pull the average far from what a typical customer waits.",
            ),
            Misconception.equals(
                lambda: per_channel("resolution_h", "median"),
                "`{name}` measures until the complaint was resolved. The first reply is "
                "`first_response_at - opened_at`.",
            ),
            Misconception.equals(
                lambda: 60 * summary()["median_first_response_h"],
                "`{name}` is in minutes. The rule is in hours: divide the seconds by 3600.",
            ),
        ],
        hints=[
            "`add_times(complaints)` adds `first_response_h` (hours to the first reply) to "
            "each ticket. Group the tickets by `channel`.",
            "`timed.groupby('channel', observed=True)['first_response_h'].median()`",
        ],
        solution=(
            "timed = add_times(complaints)\n"
            "first_reply = timed.groupby('channel', observed=True)['first_response_h'].median()"
        ),
        meaning=lambda s: (
            f"Right: the slowest channel is the {_readable(str(s.idxmax()))}, with a median "
            f"first reply after {s.max():.1f} hours; the store's rule is "
            f"{first_reply_rule():g} hours."
        ),
    )

    def first_reply_rule() -> float:
        return FIRST_RESPONSE_STANDARD_H

    def on_time() -> float:
        return share_first_response_on_time(complaints)

    q2 = ValueQuestion(
        number=2,
        title="first replies on time",
        variable="on_time_share",
        expected=on_time,
        what="the share (0-1) of all complaints first answered within the store's rule "
        "(exactly on the limit counts as on time)",
        misconceptions=[
            Misconception.percent_not_fraction(),
            Misconception.equals(
                lambda: float((timed()["first_response_h"] < FIRST_RESPONSE_STANDARD_H).mean()),
                "`{name}` leaves out the replies that came exactly on the limit. The rule says "
                "*within* the limit: use `<=`.",
                **SHARE_TOLERANCE,
            ),
            Misconception.equals(
                lambda: float((timed()["resolution_h"] <= FIRST_RESPONSE_STANDARD_H).mean()),
                "`{name}` times the resolution. Use the hours to the first reply.",
                **SHARE_TOLERANCE,
            ),
        ],
        hints=[
            "A reply is on time when `first_response_h <= first_reply_standard_h`. The share "
            "is the mean of those True/False values.",
            "`(timed['first_response_h'] <= first_reply_standard_h).mean()`",
        ],
        solution="on_time_share = (timed['first_response_h'] <= first_reply_standard_h).mean()",
        meaning=lambda v: (
            f"Right: {percent(v)} of complaints got a first reply within "
            f"{FIRST_RESPONSE_STANDARD_H:g} hours. Every other customer waited longer than "
            "the store promises."
        ),
        **SHARE_TOLERANCE,
    )
    q3 = TableQuestion(
        number=3,
        title="on time, per channel",
        variable="on_time_by_channel",
        expected=lambda: summary()["first_response_on_time_share"],
        what="per channel, the share (0-1) of complaints first answered within the rule",
        row_word="channel",
        misconceptions=[
            Misconception.percent_not_fraction(plural=True),
            Misconception.equals(
                lambda: summary()["resolved_on_time_share"],
                "`{name}` is the share resolved within "
                f"{RESOLUTION_STANDARD_H:g} hours. The task asks about the first reply.",
            ),
        ],
        hints=[
            "Mark each ticket on time or not (task 2), then take the mean per channel.",
            "`timed.assign(ok=timed['first_response_h'] <= first_reply_standard_h)"
            ".groupby('channel', observed=True)['ok'].mean()`",
        ],
        solution=(
            "ok = timed['first_response_h'] <= first_reply_standard_h\n"
            "on_time_by_channel = ok.groupby(timed['channel'], observed=True).mean()"
        ),
        meaning=lambda s: (
            f"Right: the {_readable(str(s.idxmin()))} meets the rule for "
            f"{percent(float(s.min()))} of its complaints, the "
            f"{_readable(str(s.idxmax()))} for {percent(float(s.max()))}."
        ),
        rtol=SHARE_TOLERANCE["rtol"],
        atol=SHARE_TOLERANCE["atol"],
    )

    def mean_resolution() -> float:
        return float(timed()["resolution_h"].mean())

    q4 = ValueQuestion(
        number=4,
        title="average against median",
        variable="mean_resolution_h",
        expected=mean_resolution,
        what="the average (mean) hours from opening a complaint to resolving it, all tickets",
        misconceptions=[
            Misconception.equals(
                lambda: float(timed()["resolution_h"].median()),
                "`{name}` is the median. This task asks for the average, to compare the two.",
                rtol=1e-3,
            ),
            Misconception.equals(
                lambda: float(timed()["first_response_h"].mean()),
                "`{name}` averages the first reply. Use `resolution_h`.",
                rtol=1e-3,
            ),
        ],
        hints=[
            "`timed['resolution_h']` holds each ticket's hours to resolve.",
            "`.mean()` gives the average; compare it with `.median()`.",
        ],
        solution="mean_resolution_h = timed['resolution_h'].mean()",
        meaning=lambda v: (
            f"Right: the average is {v:.1f} hours, the median "
            f"{timed()['resolution_h'].median():.1f}. A few tickets left open for days pull "
            "the average up; the median is what a typical customer lives through."
        ),
        rtol=1e-3,
    )

    def satisfaction() -> pd.Series:
        return summary()["mean_satisfaction_after"]

    q5 = TableQuestion(
        number=5,
        title="satisfaction after, per channel",
        variable="satisfaction_by_channel",
        expected=satisfaction,
        what="per channel, the average satisfaction score (1-5) customers gave the handling",
        row_word="channel",
        misconceptions=[
            Misconception.equals(
                lambda: (
                    complaints.groupby("channel", observed=True)["satisfaction_after"]
                    .median()
                    .astype(float)
                ),
                "`{name}` holds medians. On a 1-5 score the median hides small shifts; "
                "the task asks for the average.",
            ),
        ],
        hints=[
            "`satisfaction_after` is the customer's 1-5 score for how the complaint was "
            "handled (a CSAT-style score, 满意度).",
            "`complaints.groupby('channel', observed=True)['satisfaction_after'].mean()`",
        ],
        solution=(
            "satisfaction_by_channel = complaints.groupby('channel', observed=True)"
            "['satisfaction_after'].mean()"
        ),
        meaning=lambda s: (
            f"Right: the {_readable(str(s.idxmin()))} has the lowest average score, "
            f"{s.min():.2f} out of 5."
        ),
    )

    def visits_change() -> float:
        visits = visits_around_complaints(complaints, receipts, window_days=WINDOW_DAYS)
        grouped = visits.assign(unhappy=visits["satisfaction_after"] <= UNHAPPY_MAX)
        table = visit_change(grouped, by="unhappy")
        if True not in table.index:
            raise CourseError(
                "no complainant in the kept tickets scored the handling 1 or 2",
                table="complaints",
                column="satisfaction_after",
                hint="The exercise needs the data set with the year's complaints",
            )
        return float(table.loc[True, "visits_change"])

    q6 = ValueQuestion(
        number=6,
        title="did unhappy complainants come back",
        variable="unhappy_change",
        expected=visits_change,
        what="the change in visits of complainants who scored the handling 1 or 2: their "
        f"total visits in the {WINDOW_DAYS} days after resolution against the {WINDOW_DAYS} "
        "days before the complaint (after / before - 1; -0.25 means a quarter fewer)",
        misconceptions=[
            Misconception.equals(
                lambda: 100 * visits_change(),
                "`{name}` is in percent. Give the change as a fraction (-0.25, not -25).",
                **SHARE_TOLERANCE,
            ),
            Misconception.equals(
                lambda: 1 + visits_change(),
                "`{name}` is after / before. Subtract 1 to get the change.",
                **SHARE_TOLERANCE,
            ),
        ],
        hints=[
            "`visits_around_complaints(complaints, receipts, window_days=60)` counts each "
            "complainant's visits before and after.",
            "Keep the rows with `satisfaction_after <= 2`, sum `visits_after` and "
            "`visits_before`, and take after / before - 1.",
        ],
        solution=(
            "visits = visits_around_complaints(complaints, receipts, window_days=60)\n"
            "unhappy = visits[visits['satisfaction_after'] <= 2]\n"
            "unhappy_change = unhappy['visits_after'].sum() / unhappy['visits_before'].sum() - 1"
        ),
        meaning=lambda v: (
            f"Right: visits changed by {percent(v)} for unhappy complainants. A pattern, not "
            "proof, but a strong reason to answer on time and well."
        ),
        **SHARE_TOLERANCE,
    )

    def best() -> str:
        return _LETTERS[CHANNELS.index(channel_to_fix(summary()))]

    def why(channel: str) -> Any:
        def text() -> str:
            s = summary()
            if channel not in s.index:
                return f"The data has no {_readable(channel)} complaints."
            row = s.loc[channel]
            return (
                f"The {_readable(channel)}: {int(row['tickets'])} complaints, "
                f"{percent(float(row['first_response_on_time_share']))} first answered on time, "
                f"median first reply {row['median_first_response_h']:.1f} hours."
            )

        return text

    q7 = ChoiceQuestion(
        number=7,
        title="which channel to fix first",
        variable="my_choice",
        expected=best,
        options=[
            Option(letter, f"Name one owner for {_readable(ch)} complaints first.", why(ch))
            for letter, ch in zip(_LETTERS, CHANNELS, strict=True)
        ],
        hints=[
            "Look at task 3: which channel meets the first-reply rule least often?",
            "If two channels are level, fix the one with more complaints: it helps more customers.",
        ],
        meaning=(
            "Fix the channel where customers most often wait past the rule: one named person "
            "per shift checks it every hour. Check the on-time share again after a month."
        ),
    )

    def model_answer() -> str:
        s = summary()
        worst = channel_to_fix(s)
        return (
            f"Only {percent(on_time())} of complaints got a first reply within "
            f"{FIRST_RESPONSE_STANDARD_H:g} hours, and the {_readable(worst)} is worst at "
            f"{percent(float(s.loc[worst, 'first_response_on_time_share']))}. "
            "Complainants unhappy with the handling changed their visits by "
            f"{percent(visits_change())}. We will name one owner per shift for that channel "
            "and check the share again next month."
        )

    q8 = ReflectionQuestion(
        number=8,
        title="what does this mean for the store",
        variable="my_answer",
        model_answer=model_answer,
        rubric=[
            "It names the channel to fix, with its on-time share from the tasks.",
            "It says why the median, not the average, describes a typical wait.",
            "It links slow or poor handling to fewer visits, as a pattern, not proof.",
            "It says one concrete action and when to check it.",
        ],
        hints=[
            "Put tasks 3, 6 and 7 side by side: where do customers wait, and what does it cost?",
            "Write two or three sentences for your store manager.",
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
