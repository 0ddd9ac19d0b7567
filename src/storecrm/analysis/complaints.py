"""Complaint handling in numbers: how fast we answer, how fast we fix, what it does to visits.

Module 3 teaches a complaint process with a time standard at each step. These functions
measure the store against those standards from the ``complaints`` table, and link each
complaint to the customer's ``receipts`` to see whether they kept coming back afterwards.

Definitions (the same as the course's glossary and formula sheet):

- **first response time**: ``first_response_at - opened_at``, in hours;
- **resolution time**: ``resolved_at - opened_at``, in hours;
- **satisfaction after**: the customer's 1-5 rating of how the complaint was handled
  (a CSAT-style score; Farris et al., *Marketing Metrics*, 2010, ch. 2);
- **visits before / after**: the customer's receipts in the ``window_days`` before the
  complaint was opened, and in the ``window_days`` after it was resolved.

Visits are compared per customer (after vs before), because a customer who shopped daily
before a complaint and weekly after has changed, whatever other customers do. Complaints
whose windows run past the start or end of the data are left out, so a complaint in late
December does not look like a lost customer just because the data ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from storecrm.analysis.checks import (
    MAX_WINDOW_DAYS,
    check_horizon,
    check_number,
    check_order,
    check_series,
    check_table,
    check_timestamp,
)
from storecrm.errors import CourseError
from storecrm.rules import complaint_rules

if TYPE_CHECKING:  # pragma: no cover - import only for type checkers
    pass

__all__ = [
    "FIRST_RESPONSE_STANDARD_H",
    "RESOLUTION_STANDARD_H",
    "SPEED_BANDS",
    "add_times",
    "median_resolution_hours",
    "resolution_summary",
    "share_first_response_on_time",
    "share_resolved_on_time",
    "speed_band",
    "survey_scores",
    "visit_change",
    "visits_around_complaints",
]

#: Maple Street Mart's time standards, from :mod:`storecrm.rules` (first reply within 2
#: hours, resolved within 24 hours: the longest channel limits). Measured in plain elapsed
#: hours for every channel: the data has no opening-hours calendar, and a complaint made at
#: the counter should be answered at once, so for those tickets it is the outer limit.
FIRST_RESPONSE_STANDARD_H: float = complaint_rules().first_reply_standard_hours
RESOLUTION_STANDARD_H: float = complaint_rules().resolution_standard_hours

#: Resolution-speed bands used on the data page, in hours: (label, lower, upper].
SPEED_BANDS: tuple[tuple[str, float, float], ...] = (
    ("within 24 hours", -np.inf, 24.0),
    ("1-3 days", 24.0, 72.0),
    ("over 3 days", 72.0, np.inf),
)


def _hours(delta: pd.Series) -> pd.Series:
    return delta.dt.total_seconds() / 3600.0


_TIMES = ["opened_at", "first_response_at", "resolved_at"]


def _check_times(complaints: pd.DataFrame, columns: Sequence[str] = ()) -> None:
    """A complaints table whose times run forwards: opened, first reply, resolved."""
    check_table(complaints, "complaints", [*_TIMES, *columns])
    check_order(complaints, "complaints", "opened_at", "first_response_at")
    check_order(complaints, "complaints", "opened_at", "resolved_at")
    check_order(complaints, "complaints", "first_response_at", "resolved_at")


def add_times(complaints: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``complaints`` with ``first_response_h`` and ``resolution_h`` columns.

    Hours (not days) because the standards at the counter are in hours: a complaint that
    waits 20 hours for a first reply is a different experience from one answered in 20
    minutes, though both are "same day".
    """
    _check_times(complaints)
    out = complaints.copy()
    out["first_response_h"] = _hours(out["first_response_at"] - out["opened_at"])
    out["resolution_h"] = _hours(out["resolved_at"] - out["opened_at"])
    return out


def speed_band(resolution_h: pd.Series) -> pd.Series:
    """Label each resolution time with its band from :data:`SPEED_BANDS` (ordered)."""
    check_series(resolution_h, "resolution_h", minimum=0, table="complaints")
    edges = [SPEED_BANDS[0][1]] + [upper for _, _, upper in SPEED_BANDS]
    labels = [label for label, _, _ in SPEED_BANDS]
    return pd.cut(resolution_h, bins=edges, labels=labels, right=True)


def _check_by(frame: object, by: object) -> None:
    if not isinstance(by, str):
        raise CourseError(f"must be a column name such as 'category', got {by!r}", column="by")
    if isinstance(frame, pd.DataFrame) and by in frame.columns and frame[by].isna().any():
        check_table(frame, "complaints", [by])  # a schema column: says which values
        raise CourseError(
            f"{int(frame[by].isna().sum())} empty values; they would be left out of every group",
            table="complaints",
            column=by,
            hint="Fill them in (e.g. 'unknown') or drop those rows first",
        )


def resolution_summary(
    complaints: pd.DataFrame,
    by: str = "category",
    first_response_standard_h: float = FIRST_RESPONSE_STANDARD_H,
    resolution_standard_h: float = RESOLUTION_STANDARD_H,
) -> pd.DataFrame:
    """Summarise response and resolution times per group (category, channel or store).

    Medians, not means: a handful of tickets left open for weeks would drag a mean far from
    what a typical customer experiences. The on-time shares show how often we meet the
    standard, which is what the customer notices.

    Returns
    -------
    DataFrame indexed by ``by`` with ``tickets``, ``median_first_response_h``,
    ``median_resolution_h``, ``first_response_on_time_share``, ``resolved_on_time_share``
    (fractions 0-1) and ``mean_satisfaction_after``, sorted from slowest to fastest median
    resolution.
    """
    _check_by(complaints, by)
    _check_times(complaints, [by, "satisfaction_after"])
    check_number(first_response_standard_h, "first_response_standard_h", above=0)
    check_number(resolution_standard_h, "resolution_standard_h", above=0)
    timed = add_times(complaints)
    timed["_fr_ok"] = timed["first_response_h"] <= first_response_standard_h
    timed["_res_ok"] = timed["resolution_h"] <= resolution_standard_h
    grouped = timed.groupby(by, observed=True)
    summary = pd.DataFrame(
        {
            "tickets": grouped.size(),
            "median_first_response_h": grouped["first_response_h"].median(),
            "median_resolution_h": grouped["resolution_h"].median(),
            "first_response_on_time_share": grouped["_fr_ok"].mean(),
            "resolved_on_time_share": grouped["_res_ok"].mean(),
            "mean_satisfaction_after": grouped["satisfaction_after"].mean(),
        }
    )
    return summary.sort_values("median_resolution_h", ascending=False)


def visits_around_complaints(
    complaints: pd.DataFrame,
    receipts: pd.DataFrame,
    window_days: int = 60,
    period: tuple[Any, Any] | None = None,
) -> pd.DataFrame:
    """Count each complaining customer's visits before the complaint and after it was resolved.

    Parameters
    ----------
    complaints
        The ``complaints`` table (needs ``ticket_id``, ``customer_id``, ``opened_at``,
        ``resolved_at``).
    receipts
        The ``receipts`` table (needs ``customer_id``, ``purchased_at``); walk-in receipts
        without a customer are ignored.
    window_days
        Length of each window. Long enough to cover a few visits by a weekly shopper.
    period
        First and last moment of the data, ``(start, end)``. By default the first and last
        receipt. Tickets whose before-window starts before ``start`` or whose after-window
        ends after ``end`` are dropped: we cannot count visits we have no data for.

    Returns
    -------
    One row per kept ticket with the complaint's columns plus ``resolution_h``,
    ``visits_before`` and ``visits_after``.
    """
    _check_times(complaints, ["ticket_id", "customer_id"])
    check_table(receipts, "receipts", ["customer_id", "purchased_at"])
    check_horizon(window_days, "window_days", MAX_WINDOW_DAYS, "days")
    check_number(window_days, "window_days", above=0)
    window = pd.Timedelta(days=window_days)
    if period is None:
        start, end = receipts["purchased_at"].min(), receipts["purchased_at"].max()
    else:
        if not isinstance(period, tuple | list) or len(period) != 2:
            raise CourseError(
                f"must be (start, end), got {period!r}",
                column="period",
                hint="e.g. ('2025-01-01', '2025-12-31 23:59:59')",
            )
        start, end = check_timestamp(period[0], "period"), check_timestamp(period[1], "period")
        if end <= start:
            raise CourseError(
                f"ends ({end}) before it starts ({start})",
                column="period",
                hint="Write it as (start, end)",
            )
    tickets = add_times(complaints)
    keep = (tickets["opened_at"] - window >= start) & (tickets["resolved_at"] + window <= end)
    tickets = tickets.loc[keep].reset_index(drop=True)

    member_receipts = receipts.loc[receipts["customer_id"].notna(), ["customer_id", "purchased_at"]]
    member_receipts = member_receipts.astype({"customer_id": str})
    pairs = tickets[["ticket_id", "customer_id", "opened_at", "resolved_at"]].astype(
        {"customer_id": str}
    )
    pairs = pairs.merge(member_receipts, on="customer_id", how="inner")
    before = (pairs["purchased_at"] >= pairs["opened_at"] - window) & (
        pairs["purchased_at"] < pairs["opened_at"]
    )
    after = (pairs["purchased_at"] > pairs["resolved_at"]) & (
        pairs["purchased_at"] <= pairs["resolved_at"] + window
    )
    counts = pd.DataFrame(
        {
            "visits_before": before.groupby(pairs["ticket_id"]).sum(),
            "visits_after": after.groupby(pairs["ticket_id"]).sum(),
        }
    )
    out = tickets.merge(counts, left_on="ticket_id", right_index=True, how="left")
    out[["visits_before", "visits_after"]] = (
        out[["visits_before", "visits_after"]].fillna(0).astype(int)
    )
    return out


def visit_change(visits: pd.DataFrame, by: str = "satisfaction_after") -> pd.DataFrame:
    """Average visits before and after a complaint, per group, and the change as a fraction.

    ``visits_change`` compares the group's total visits after with its total before
    (``after / before - 1``, a fraction: -0.25 means a quarter of the visits have gone), so
    customers who shop often weigh more, as they do in the till. It is empty (NaN) for a
    group with no visits before, where a change has no meaning.

    Parameters
    ----------
    visits
        Output of :func:`visits_around_complaints`.
    by
        Column to group by, e.g. ``satisfaction_after`` or a speed band.
    """
    if not isinstance(by, str):
        raise CourseError(f"must be a column name, got {by!r}", column="by")
    check_table(visits, "visits", ["visits_before", "visits_after", by])
    if visits[by].isna().any():
        raise CourseError(
            f"{int(visits[by].isna().sum())} empty values; they would be left out of every group",
            table="visits",
            column=by,
            hint="Fill them in or drop those rows first",
        )
    grouped = visits.groupby(by, observed=True)
    table = pd.DataFrame(
        {
            "tickets": grouped.size(),
            "mean_visits_before": grouped["visits_before"].mean(),
            "mean_visits_after": grouped["visits_after"].mean(),
        }
    )
    totals_before = grouped["visits_before"].sum()
    table["visits_change"] = grouped["visits_after"].sum() / totals_before - 1
    table.loc[totals_before == 0, "visits_change"] = np.nan
    return table


#: Readable names for the 1-5 questions of the satisfaction survey.
SURVEY_QUESTIONS: dict[str, str] = {
    "sat_checkout_speed": "Checkout speed",
    "sat_staff_friendliness": "Staff friendliness",
    "sat_product_range": "Product range",
    "sat_freshness": "Freshness",
    "sat_cleanliness": "Cleanliness",
    "sat_value_for_money": "Value for money",
}


def survey_scores(responses: pd.DataFrame) -> pd.DataFrame:
    """Summarise each 1-5 survey question: average, share of low (1-2) and high (4-5) scores.

    The average alone hides a split: a question where most people give 5 and a few give 1
    needs a different action from one where everybody gives 3. The low-score share shows how
    many customers were actually unhappy, which is what a store can act on (a CSAT-style
    "top-two-box" reading; Farris et al., *Marketing Metrics*, 2010, ch. 2).

    Returns
    -------
    DataFrame indexed by the question's readable name, with ``responses``, ``mean_score``,
    ``low_share`` and ``high_share`` (fractions 0-1), sorted from the lowest average up.
    """
    check_table(
        responses, "survey_responses", list(SURVEY_QUESTIONS), nullable=list(SURVEY_QUESTIONS)
    )
    rows = {}
    for column, label in SURVEY_QUESTIONS.items():
        scores = responses[column].dropna()
        if scores.empty:
            raise CourseError(
                "has no answers at all",
                table="survey_responses",
                column=column,
                hint="Check the filter that made the table",
            )
        rows[label] = {
            "responses": int(scores.size),
            "mean_score": scores.mean(),
            "low_share": float((scores <= 2).mean()),
            "high_share": float((scores >= 4).mean()),
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "question"
    return table.sort_values("mean_score")


# --- headline numbers (the KPI review sheet and the quiz read these) ---------------------------


def _on_time_share(hours: pd.Series, standard_h: float) -> float:
    return float((hours <= standard_h).mean())


def median_resolution_hours(complaints: pd.DataFrame) -> float:
    """Median hours from opening a complaint to resolving it, rounded to one decimal."""
    timed = add_times(complaints)
    return float(round(timed["resolution_h"].median(), 1))


def share_first_response_on_time(complaints: pd.DataFrame) -> float:
    """Share (0-1) of complaints first answered within the 2-hour standard.

    Exactly 2 hours counts as on time.
    """
    timed = add_times(complaints)
    return _on_time_share(timed["first_response_h"], FIRST_RESPONSE_STANDARD_H)


def share_resolved_on_time(complaints: pd.DataFrame) -> float:
    """Share (0-1) of complaints resolved within the 24-hour standard.

    Exactly 24 hours counts as on time.
    """
    timed = add_times(complaints)
    return _on_time_share(timed["resolution_h"], RESOLUTION_STANDARD_H)
