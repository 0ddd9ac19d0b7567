"""Churn in a shop where nobody cancels: lapse, early-warning signs, a risk model, win-back.

A convenience-store member never phones to say goodbye; they just stop coming. Module 9
therefore defines **churn** as *lapse* and builds everything on the member's own rhythm:

* **Visit gaps** (:func:`visit_gaps`): one visit per member per calendar day (two receipts on
  the same day are one trip), and the whole days between a member's consecutive visits.
* **Personal lapse threshold k** (:func:`lapse_thresholds`): the 90th percentile of the
  member's own gaps, rounded up, floored at 14 days and capped at 90 days. *Why this
  choice:* a member who comes every third day and one who comes monthly cannot share one k;
  a gap longer than nine in ten of their own gaps is unusual *for them*. The floor stops a
  daily shopper from counting as lapsed after one missed weekend; the cap says that three
  months without a visit is a lapse for anyone. Members with fewer than ``min_gaps`` gaps
  (a new or rare shopper) have too little history for their own percentile, so they borrow
  the store's: the same percentile of every member's gaps pooled together, with the same
  floor and cap. This is the "recency relative to the customer's own inter-purchase time"
  idea of Fader, Hardie and Lee (2005, "RFM and CLV", *Journal of Marketing Research* 42(4))
  made into a simple rule staff can check by hand.
* **Lapsed** (:func:`lapse_status`, :func:`is_lapsed`): as of a date, more than k whole days
  since the member's last visit before that date.
* **Early-warning features** (:func:`warning_features`) measured at a **cut-off date** from
  the data *before* it only, and the **label** (:func:`leaver_labels`: did the member make no
  visit in the ``horizon_days`` after the cut-off?) taken from the period *after* it. Why:
  at the counter we only ever know the past; a feature that peeks past the cut-off (say,
  "visits in the next month") would make the model look brilliant in testing and useless on
  Monday morning. This is the standard train/test discipline of supervised learning
  (Hastie, Tibshirani and Friedman, *The Elements of Statistical Learning*, 2009, ch. 7).
* **A shallow decision tree** (:func:`fit_tree`: scikit-learn's ``DecisionTreeClassifier``,
  CART of Breiman et al. 1984, depth 3, fixed ``random_state``), read as if-then sentences
  (:func:`tree_rules`) and compared with the one-line rule "no visit in 30 days"
  (:func:`rule_flags`) on a later hold-out period (:func:`scorecard`): confusion matrix,
  precision, recall (Manning, Raghavan and Schütze, *Introduction to Information Retrieval*,
  2008, ch. 8) and the share of real leavers found in the top 10 % of risk
  (:func:`top_share_capture`, the "capture rate" or cumulative gains of a lift chart).
* **This week's at-risk list** (:func:`at_risk_list`): who, the strongest sign, what to
  offer; members without marketing consent are never on a contact list.
* **Win-back economics** (:func:`winback_plan`, :func:`measured_save_rate`): offer and
  contact costs against the margin of the members an offer really saves (compared with the
  campaign's control group), the break-even save rate and a budget decision.
* **Why they left** (:func:`lapse_reasons`): lapsed members against members still active, on
  complaints and survey answers.

Every public function raises :class:`storecrm.errors.CourseError` naming the table and
column when its input is wrong (empty table, missing column, wrong type, missing or
negative values, a cut-off outside the data), so nothing returns a silently wrong answer.
"""

from __future__ import annotations

import functools
import inspect
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import pandas as pd
from sklearn.metrics import confusion_matrix
from sklearn.tree import DecisionTreeClassifier, plot_tree

from storecrm.analysis.checks import (
    MAX_WINDOW_DAYS,
    check_data,
    check_number,
    check_table,
    check_timestamp,
    require_datetimes,
    require_numeric,
    require_within,
)
from storecrm.data.schema import TABLES
from storecrm.errors import CourseError

if TYPE_CHECKING:  # pragma: no cover - import only for type checkers
    from matplotlib.axes import Axes

    from storecrm.data import StoreData

__all__ = [
    "CONTACT_COST_CNY",
    "COUPON_GRACE_DAYS",
    "FEATURES",
    "FEATURE_WORDS",
    "HORIZON_DAYS",
    "LAPSE_CAP_DAYS",
    "LAPSE_FLOOR_DAYS",
    "LAPSE_QUANTILE",
    "MIN_GAPS",
    "RULE_DAYS",
    "SIGNS",
    "SLOW_COMPLAINT_HOURS",
    "WEEKLY_BUDGET_CNY",
    "WINBACK_CAMPAIGN",
    "WINDOW_DAYS",
    "at_risk_list",
    "churn_study",
    "confusion_table",
    "default_study",
    "draw_tree",
    "fit_tree",
    "is_lapsed",
    "lapse_reasons",
    "lapse_status",
    "lapse_thresholds",
    "leaver_labels",
    "measured_save_rate",
    "risk_scores",
    "rule_flags",
    "save_value_cny",
    "scorecard",
    "sign_summary",
    "study_cutoffs",
    "top_share_capture",
    "tree_rules",
    "visit_gaps",
    "warning_features",
    "week_inputs",
    "week_plan",
    "winback_plan",
]

#: Percentile of a member's own gaps used as their lapse threshold k (0.9: a gap longer than
#: nine in ten of their own gaps).
LAPSE_QUANTILE: float = 0.9
#: Shortest and longest k, in days (see the module docstring for why).
LAPSE_FLOOR_DAYS: int = 14
LAPSE_CAP_DAYS: int = 90
#: Fewer gaps than this and a member borrows the store-wide threshold.
MIN_GAPS: int = 4
#: Days after a cut-off in which a member must visit to count as staying. Equal to the cap,
#: so a member with no visit in the window has gone longer than their own k: the label is
#: "lapsed by their own rule at the end of the window".
HORIZON_DAYS: int = LAPSE_CAP_DAYS
#: The one-line rule the model is compared with: "no visit in the last 30 days".
RULE_DAYS: int = 30
#: A complaint that took longer than this to resolve counts as "not fixed" (Module 3's
#: "over 3 days" band, after which customers visit much less).
SLOW_COMPLAINT_HOURS: float = 72.0
#: Days before the cut-off that the "recent" features look at.
WINDOW_DAYS: int = 90
#: A coupon sent fewer than this many days before the cut-off has not yet been "ignored".
COUPON_GRACE_DAYS: int = 14

#: The campaign whose control group tells us how many lapsed members an offer really saves.
WINBACK_CAMPAIGN: str = "C05"
#: Planning inputs for the weekly win-back round (the store's own budget figures, not
#: measurements): what one contact costs in staff time and messaging, and the weekly budget.
CONTACT_COST_CNY: float = 2.0
WEEKLY_BUDGET_CNY: float = 300.0

#: The early-warning features, in the column order the model uses.
FEATURES: tuple[str, ...] = (
    "days_since_last",
    "overdue_ratio",
    "gap_trend",
    "recent_visits",
    "basket_trend",
    "complaint_not_fixed",
    "coupons_ignored",
    "tier_drop",
)

#: Plain words for each feature, used in tree sentences and at-risk reasons.
FEATURE_WORDS: dict[str, str] = {
    "days_since_last": "days since the last visit",
    "overdue_ratio": "days since the last visit ÷ their usual gap",
    "gap_trend": "recent gaps ÷ their usual gap",
    "recent_visits": f"visits in the last {WINDOW_DAYS} days",
    "basket_trend": "recent basket ÷ earlier basket",
    "complaint_not_fixed": "complaints not fixed (unresolved or over 3 days)",
    "coupons_ignored": "coupons sent and not used",
    "tier_drop": "tier drops",
}

#: Warning signs in priority order (the first that applies is "the strongest sign"): name,
#: feature, test, reason shown to staff, suggested action. A complaint comes first because
#: it is the one sign the store can fix directly; coupon-ignorers get no further coupon.
SIGNS: tuple[tuple[str, str, str, str], ...] = (
    ("complaint_not_fixed", ">= 1", "a complaint was not fixed",
     "Personal call from the supervisor: apologise, fix it, then a small goodwill gift"),
    ("tier_drop", ">= 1", "dropped a membership tier",
     "Explain how to regain the tier; bonus points on the next two visits"),
    ("overdue_ratio", ">= 2", "at least twice their usual gap since the last visit",
     "'We miss you' coupon on the items they usually buy"),
    ("gap_trend", ">= 1.5", "visits are spacing out",
     "Reminder of their points balance and an offer valid this week"),
    ("basket_trend", "<= 0.7", "baskets are getting smaller",
     "A bundle on their usual categories"),
    ("coupons_ignored", ">= 2", "ignored the last coupons",
     "No more coupons: a friendly check-in message, asking what we could do better"),
)  # fmt: skip
_OTHER_SIGN = ("no single strong sign", "Keep an eye on them; greet them by name next visit")


# --------------------------------------------------------------------------------------
# Input checks
# --------------------------------------------------------------------------------------


def _datetimes(frame: pd.DataFrame, table: str, column: str, *, allow_missing: bool = False):
    """``frame[column]`` after the shared check that it holds dates (text dates are refused)."""
    require_datetimes(frame[column], table, column, allow_missing=allow_missing)
    return frame[column]


def _numbers(frame: pd.DataFrame, table: str, column: str, *, non_negative: bool = True):
    """``frame[column]`` as floats, after the shared checks: numbers, complete, not negative."""
    values = frame[column]
    require_numeric(values, table, column)
    if non_negative:
        require_within(values, table, column, minimum=0)
    return values.astype(float)


def _date(value: object, name: str) -> pd.Timestamp:
    """A date parameter (``"2025-07-01"``, a Timestamp ...) as midnight of that day."""
    return check_timestamp(value, name).normalize()


def _positive(value: object, name: str, *, allow_zero: bool = False) -> float:
    """A finite number parameter, at least 0 (or above 0 unless ``allow_zero``)."""
    if allow_zero:
        return float(check_number(value, name, minimum=0))
    return float(check_number(value, name, above=0))


def _days(value: object, name: str) -> int:
    """A whole number of days from 1 to :data:`MAX_WINDOW_DAYS` (ten years)."""
    check_number(value, name, minimum=1, maximum=MAX_WINDOW_DAYS, whole=True,
                 hint="It is in days; ten years is the longest window the helpers use")  # fmt: skip
    return int(value)


def _model(model: object) -> DecisionTreeClassifier:
    """A decision tree already fitted by :func:`fit_tree`."""
    if not isinstance(model, DecisionTreeClassifier) or not hasattr(model, "tree_"):
        raise CourseError(
            f"expected a fitted decision tree, got {type(model).__name__}",
            column="model",
            hint="Make it with fit_tree(features, labels)",
        )
    if model.n_features_in_ != len(FEATURES):
        raise CourseError(
            "was fitted on other columns than the early-warning features",
            column="model",
            hint="Make it with fit_tree(features, labels)",
        )
    return model


# --------------------------------------------------------------------------------------
# Visits, gaps and the personal lapse threshold
# --------------------------------------------------------------------------------------


#: Inside a :func:`reuses_visit_days` helper: ``[receipts, its visit days or None, answers
#: kept by :func:`_once_per_call`]``.
_KEPT_VISITS: ContextVar[list | None] = ContextVar("_KEPT_VISITS", default=None)

_F = TypeVar("_F", bound=Callable[..., Any])


@contextmanager
def _keeping_visit_days(receipts: object) -> Iterator[None]:
    """Within the block, :func:`_visit_days` of this very ``receipts`` object is worked out once.

    Why: ``week_plan`` asked for it twelve times and ``churn_study`` eight (2 s of CPU each
    on the large data set). The helpers only read the table, so inside one call the answer
    cannot change; nothing is kept after the call, so a learner who edits ``receipts``
    between two calls never gets an old answer.
    """
    kept = _KEPT_VISITS.get()
    if kept is not None and kept[0] is receipts:
        yield
        return
    token = _KEPT_VISITS.set([receipts, None, []])
    try:
        yield
    finally:
        _KEPT_VISITS.reset(token)


def reuses_visit_days(argument: str) -> Callable[[_F], _F]:
    """Decorate a helper so that, during one call, the member visit days of the receipts it
    reads are worked out once (:func:`_keeping_visit_days`). ``argument`` names its
    ``receipts`` parameter, or its ``data`` parameter (a ``StoreData``)."""

    def wrap(function: _F) -> _F:
        signature = inspect.signature(function)

        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                value = signature.bind(*args, **kwargs).arguments.get(argument)
            except TypeError:  # wrong arguments: let the call say so, as it always has
                return function(*args, **kwargs)
            receipts = getattr(value, "receipts", None) if argument == "data" else value
            with _keeping_visit_days(receipts):
                return function(*args, **kwargs)

        return run  # type: ignore[return-value]

    return wrap


def _visit_days(receipts: pd.DataFrame) -> pd.DataFrame:
    """Member visits: one row per member per calendar day, with the day's net spend.

    Inside a :func:`reuses_visit_days` helper, worked out once per call and then copied.
    """
    kept = _KEPT_VISITS.get()
    if kept is None or kept[0] is not receipts:
        return _member_days(receipts)
    if kept[1] is None:
        kept[1] = _member_days(receipts)
    return kept[1].copy()


def _once_per_call(
    name: str, tables: tuple[object, ...], key: tuple, work: Callable[[], pd.DataFrame]
) -> pd.DataFrame:
    """``work()``, worked out once per :func:`reuses_visit_days` call for the same ``tables``
    (the very same objects) and ``key``, and handed back as a copy.

    Why: ``dial_data`` runs ``churn_study`` and ``week_inputs``, which both measure the
    warning features on the hold-out cut-off, and every ``warning_features`` works out the
    lapse thresholds twice (once itself, once through ``lapse_status``) and the visit gaps
    twice more: on the large data set each repeat costs seconds. As with
    :func:`_visit_days`, nothing outlives the call.
    """
    kept = _KEPT_VISITS.get()
    if kept is None:
        return work()
    for kept_name, kept_tables, kept_key, value in kept[2]:
        if (
            kept_name == name
            and kept_key == key
            and all(a is b for a, b in zip(kept_tables, tables, strict=True))
        ):
            return value.copy()
    value = work()
    kept[2].append((name, tables, key, value))
    return value.copy()


def _member_days(receipts: pd.DataFrame) -> pd.DataFrame:
    """:func:`_visit_days`, worked out."""
    check_table(receipts, "receipts", ("customer_id", "purchased_at", "net_cny"))
    when = _datetimes(receipts, "receipts", "purchased_at")
    net = _numbers(receipts, "receipts", "net_cny")
    visits = pd.DataFrame(
        {"customer_id": receipts["customer_id"], "day": when.dt.normalize(), "net_cny": net}
    )
    visits = visits[visits["customer_id"].notna()]
    if visits.empty:
        raise CourseError("has no member receipts (customer_id is empty everywhere)",
                          table="receipts", column="customer_id")  # fmt: skip
    visits = visits.groupby(["customer_id", "day"], as_index=False, sort=True)["net_cny"].sum()
    return visits


def visit_gaps(receipts: pd.DataFrame, *, before: object = None) -> pd.DataFrame:
    """Each member's visit days and the whole days since their previous visit.

    Two receipts on the same day count as one visit: a member who pops back for milk has not
    started a new shopping trip.

    Parameters
    ----------
    receipts
        The ``receipts`` table (``customer_id``, ``purchased_at``, ``net_cny``); walk-in
        receipts (no ``customer_id``) are ignored.
    before
        Optional date: only visits on days before it are used (the data a cut-off allows).

    Returns
    -------
    pandas.DataFrame
        ``customer_id``, ``day``, ``net_cny`` (spent that day) and ``gap_days`` (days since
        the previous visit; missing on a member's first visit), sorted by member and day.
    """
    if before is not None and not isinstance(before, pd.Timestamp):
        return _gaps(receipts, before)  # only the helpers' own cut-offs (Timestamps) are kept
    return _once_per_call("visit_gaps", (receipts,), (before,), lambda: _gaps(receipts, before))


def _gaps(receipts: pd.DataFrame, before: object) -> pd.DataFrame:
    """:func:`visit_gaps`, worked out."""
    visits = _visit_days(receipts)
    if before is not None:
        visits = visits[visits["day"] < _date(before, "before")]
    visits = visits.reset_index(drop=True)
    # Rows are sorted by member then day, so a member's gaps are the day-to-day differences
    # with each member's first row left empty: what groupby("customer_id").diff() gives,
    # without hashing every member number again.
    first = visits["customer_id"].ne(visits["customer_id"].shift())
    visits["gap_days"] = visits["day"].diff().mask(first).dt.days
    return visits


def lapse_thresholds(
    receipts: pd.DataFrame,
    *,
    before: object = None,
    quantile: float = LAPSE_QUANTILE,
    floor_days: int = LAPSE_FLOOR_DAYS,
    cap_days: int = LAPSE_CAP_DAYS,
    min_gaps: int = MIN_GAPS,
) -> pd.DataFrame:
    """Every member's own lapse threshold k, from their gaps between visits.

    k = the ``quantile`` of the member's own gaps (numpy's linear interpolation), rounded up
    to whole days, then floored at ``floor_days`` and capped at ``cap_days``. A member with
    fewer than ``min_gaps`` gaps uses the store-wide value instead: the same quantile of all
    members' gaps pooled, rounded, floored and capped the same way. The module docstring says
    why each piece is there.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id``: ``visits``, ``n_gaps``, ``usual_gap_days`` (median own
        gap, or the store's median gap for the borrowers), ``threshold_days`` (k) and
        ``source`` (``"own"`` or ``"store"``).
    """
    check_number(quantile, "quantile", above=0, below=1)
    check_number(floor_days, "floor_days", minimum=1, maximum=MAX_WINDOW_DAYS, whole=True)
    check_number(cap_days, "cap_days", minimum=1, maximum=MAX_WINDOW_DAYS, whole=True)
    check_number(min_gaps, "min_gaps", minimum=1, whole=True)
    if floor_days > cap_days:
        raise CourseError("floor_days must be at least 1 and not above cap_days",
                          column="floor_days")  # fmt: skip
    settings = (quantile, floor_days, cap_days, min_gaps)

    def work() -> pd.DataFrame:
        return _thresholds(receipts, before, *settings)

    if before is not None and not isinstance(before, pd.Timestamp):
        return work()  # only the helpers' own cut-offs (Timestamps) are kept
    key = (before, *((type(value), value) for value in settings))
    return _once_per_call("lapse_thresholds", (receipts,), key, work)


def _thresholds(
    receipts: pd.DataFrame,
    before: object,
    quantile: float,
    floor_days: int,
    cap_days: int,
    min_gaps: int,
) -> pd.DataFrame:
    """:func:`lapse_thresholds`, worked out (its settings already checked)."""
    visits = visit_gaps(receipts, before=before)
    if visits.empty:
        raise CourseError("has no member visits before the cut-off", table="receipts",
                          column="purchased_at")  # fmt: skip
    gaps = visits.dropna(subset=["gap_days"])
    per = visits.groupby("customer_id").agg(visits=("day", "size"))
    by_member = gaps.groupby("customer_id")  # one grouping (hashing) for all three answers
    per["n_gaps"] = by_member.size().reindex(per.index, fill_value=0)
    own_q = by_member["gap_days"].quantile(quantile)
    own_med = by_member["gap_days"].median()
    if gaps.empty:
        store_q, store_med = float(cap_days), float(cap_days)
    else:
        store_q = float(np.quantile(gaps["gap_days"], quantile))
        store_med = float(gaps["gap_days"].median())

    def clip(days: pd.Series | float) -> pd.Series | float:
        return np.clip(np.ceil(days), floor_days, cap_days)

    own = per["n_gaps"] >= min_gaps
    per["usual_gap_days"] = np.where(own, own_med.reindex(per.index), store_med).astype(float)
    per["threshold_days"] = np.where(
        own, clip(own_q.reindex(per.index).fillna(0.0)), clip(store_q)
    ).astype(int)
    per["source"] = np.where(own, "own", "store")
    return per


@reuses_visit_days("receipts")
def lapse_status(
    receipts: pd.DataFrame, as_of: object, *, thresholds: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Who is lapsed on ``as_of``: more than their own k days since their last visit.

    Only visits before ``as_of`` count, and (unless ``thresholds`` is given) k is worked out
    from those visits too, so the answer uses nothing the store could not have known that
    morning.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer_id`` (members with a visit before ``as_of``): ``last_visit``,
        ``days_since_last``, ``threshold_days``, ``usual_gap_days`` and ``lapsed`` (bool).
    """
    day = _date(as_of, "as_of")
    visits = visit_gaps(receipts)
    first, last = visits["day"].min(), visits["day"].max()
    if not first < day <= last + pd.Timedelta(days=LAPSE_CAP_DAYS * 4):
        raise CourseError(
            f"{day.date()} is outside the data ({first.date()} to {last.date()})",
            column="as_of",
            hint="choose a date after the first receipt",
        )
    before = visits[visits["day"] < day]
    if thresholds is None:
        thresholds = lapse_thresholds(receipts, before=day)
    else:
        check_table(thresholds, "thresholds", ("threshold_days", "usual_gap_days"))
        _numbers(thresholds, "thresholds", "threshold_days")
        _numbers(thresholds, "thresholds", "usual_gap_days")
    out = before.groupby("customer_id").agg(last_visit=("day", "max"))
    out["days_since_last"] = (day - out["last_visit"]).dt.days
    out = out.join(thresholds[["threshold_days", "usual_gap_days"]], how="left")
    if out["threshold_days"].isna().any():
        raise CourseError("has no row for some members who visited", table="thresholds",
                          column="threshold_days")  # fmt: skip
    out["threshold_days"] = out["threshold_days"].astype(int)
    out["lapsed"] = out["days_since_last"] > out["threshold_days"]
    return out


def is_lapsed(receipts: pd.DataFrame, as_of: object) -> pd.Series:
    """``True`` for each member lapsed on ``as_of`` (see :func:`lapse_status`)."""
    return lapse_status(receipts, as_of)["lapsed"]


# --------------------------------------------------------------------------------------
# Early-warning features and labels
# --------------------------------------------------------------------------------------


def study_cutoffs(
    receipts: pd.DataFrame, horizon_days: int = HORIZON_DAYS
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The training cut-off and the later hold-out cut-off for a churn study.

    The hold-out cut-off leaves exactly ``horizon_days`` of data after it for its labels; the
    training cut-off is ``horizon_days`` earlier, so the training labels are all known by the
    time the hold-out period starts, as they would be in real life.
    """
    _days(horizon_days, "horizon_days")
    visits = _visit_days(receipts)
    first, last = visits["day"].min(), visits["day"].max()
    holdout = last + pd.Timedelta(days=1) - pd.Timedelta(days=horizon_days)
    train = holdout - pd.Timedelta(days=horizon_days)
    if train - first < pd.Timedelta(days=WINDOW_DAYS):
        raise CourseError(
            f"covers {(last - first).days + 1} days; a churn study needs at least "
            f"{2 * horizon_days + WINDOW_DAYS}",
            table="receipts",
            column="purchased_at",
        )
    return train, holdout


def _check_cutoff(visits: pd.DataFrame, cutoff: pd.Timestamp, horizon_days: int = 0) -> None:
    first, last = visits["day"].min(), visits["day"].max()
    if cutoff <= first or cutoff + pd.Timedelta(days=horizon_days) > last + pd.Timedelta(days=1):
        need = f" and {horizon_days} days after it" if horizon_days else ""
        raise CourseError(
            f"{cutoff.date()} needs receipts before it{need}, but the receipts run from "
            f"{first.date()} to {last.date()}",
            column="cutoff",
            hint="choose a cut-off inside the data",
        )


@reuses_visit_days("receipts")
def warning_features(
    receipts: pd.DataFrame,
    cutoff: object,
    *,
    complaints: pd.DataFrame | None = None,
    coupon_sends: pd.DataFrame | None = None,
    tier_changes: pd.DataFrame | None = None,
    window_days: int = WINDOW_DAYS,
) -> pd.DataFrame:
    """Early-warning features for every member still active on ``cutoff``.

    Only data from before ``cutoff`` is read. "Active" means not yet lapsed by their own k
    (:func:`lapse_status`): the model is for members we can still keep.

    Features (see :data:`FEATURE_WORDS`):

    - ``days_since_last``: whole days from the last visit to the cut-off;
    - ``overdue_ratio``: ``days_since_last`` ÷ the member's usual (median) gap;
    - ``gap_trend``: the mean of the last three gaps ÷ the usual gap (1 = steady, above 1 =
      spacing out; 1 for members who borrow the store's threshold);
    - ``recent_visits``: visits in the ``window_days`` before the cut-off;
    - ``basket_trend``: average spend per visit in that window ÷ before it (1 when either
      side has no visit);
    - ``complaint_not_fixed``: complaints opened in the window that were ``unresolved``, not
      resolved by the cut-off, or resolved after more than :data:`SLOW_COMPLAINT_HOURS`;
    - ``coupons_ignored``: coupons sent to the member (treatment group) in the window, at
      least 14 days before the cut-off, and not redeemed before it;
    - ``tier_drop``: downgrades in the window.

    Tables left out (``None``) give a column of zeros, so a store without complaint data can
    still use the rest.
    """
    day = _date(cutoff, "cutoff")
    window_days = _days(window_days, "window_days")
    tables = (receipts, complaints, coupon_sends, tier_changes)
    return _once_per_call(
        "warning_features",
        tables,
        (day, window_days),
        lambda: _features(*tables, day=day, window_days=window_days),
    )


def _features(
    receipts: pd.DataFrame,
    complaints: pd.DataFrame | None,
    coupon_sends: pd.DataFrame | None,
    tier_changes: pd.DataFrame | None,
    *,
    day: pd.Timestamp,
    window_days: int,
) -> pd.DataFrame:
    """:func:`warning_features`, worked out (its cut-off and window already checked)."""
    visits = visit_gaps(receipts)
    _check_cutoff(visits, day)
    status = lapse_status(receipts, day)
    active = status[~status["lapsed"]].copy()
    window_start = day - pd.Timedelta(days=window_days)

    past = visits[(visits["day"] < day) & visits["customer_id"].isin(active.index)]
    thresholds = lapse_thresholds(receipts, before=day)
    out = pd.DataFrame(index=active.index)
    out["days_since_last"] = active["days_since_last"].astype(float)
    out["overdue_ratio"] = out["days_since_last"] / active["usual_gap_days"].clip(lower=1.0)

    gaps = past.dropna(subset=["gap_days"])
    last3 = gaps.groupby("customer_id").tail(3).groupby("customer_id")["gap_days"].mean()
    own = thresholds["source"].reindex(out.index) == "own"
    trend = last3.reindex(out.index) / active["usual_gap_days"].clip(lower=1.0)
    out["gap_trend"] = np.where(own, trend, 1.0)

    recent = past[past["day"] >= window_start]
    earlier = past[past["day"] < window_start]
    recent_by_member = recent.groupby("customer_id")  # one grouping for both answers
    out["recent_visits"] = recent_by_member.size().reindex(out.index, fill_value=0)
    ratio = recent_by_member["net_cny"].mean() / earlier.groupby("customer_id")["net_cny"].mean()
    out["basket_trend"] = ratio.reindex(out.index).replace([np.inf, -np.inf], np.nan).fillna(1.0)

    out["complaint_not_fixed"] = _complaint_counts(complaints, window_start, day, out.index)
    out["coupons_ignored"] = _ignored_coupons(coupon_sends, window_start, day, out.index)
    out["tier_drop"] = _tier_drops(tier_changes, window_start, day, out.index)
    out["gap_trend"] = out["gap_trend"].astype(float)
    out.index.name = "customer_id"
    return out[list(FEATURES)]


def _complaint_counts(complaints, start, day, index) -> pd.Series:
    if complaints is None:
        return pd.Series(0, index=index)
    check_table(
        complaints,
        "complaints",
        ("customer_id", "opened_at", "resolved_at", "outcome"),
        nullable=("resolved_at",),
    )
    opened = _datetimes(complaints, "complaints", "opened_at")
    resolved = _datetimes(complaints, "complaints", "resolved_at", allow_missing=True)
    inside = (opened >= start) & (opened < day)
    hours = (resolved - opened).dt.total_seconds() / 3600
    not_fixed = (
        (complaints["outcome"].astype(str) == "unresolved")
        | resolved.isna()
        | (resolved >= day)
        | (hours > SLOW_COMPLAINT_HOURS)
    )
    ids = complaints.loc[inside & not_fixed, "customer_id"]
    return ids.value_counts().reindex(index, fill_value=0).astype(int)


def _ignored_coupons(coupon_sends, start, day, index) -> pd.Series:
    if coupon_sends is None:
        return pd.Series(0, index=index)
    check_table(
        coupon_sends, "coupon_sends", ("customer_id", "group", "assigned_at", "redeemed_at")
    )
    sent = _datetimes(coupon_sends, "coupon_sends", "assigned_at")
    used = _datetimes(coupon_sends, "coupon_sends", "redeemed_at", allow_missing=True)
    late = day - pd.Timedelta(days=COUPON_GRACE_DAYS)
    ignored = (
        (coupon_sends["group"].astype(str) == "treatment")
        & (sent >= start)
        & (sent < late)
        & (used.isna() | (used >= day))
    )
    ids = coupon_sends.loc[ignored, "customer_id"]
    return ids.value_counts().reindex(index, fill_value=0).astype(int)


def _tier_drops(tier_changes, start, day, index) -> pd.Series:
    if tier_changes is None:
        return pd.Series(0, index=index)
    check_table(tier_changes, "tier_changes", ("customer_id", "changed_on", "change"))
    when = _datetimes(tier_changes, "tier_changes", "changed_on")
    drops = (tier_changes["change"].astype(str) == "downgrade") & (when >= start) & (when < day)
    ids = tier_changes.loc[drops, "customer_id"]
    return ids.value_counts().reindex(index, fill_value=0).astype(int)


def leaver_labels(
    receipts: pd.DataFrame, members: pd.Index, cutoff: object, horizon_days: int = HORIZON_DAYS
) -> pd.Series:
    """``True`` for each member in ``members`` with no visit in the ``horizon_days`` after
    ``cutoff`` (the cut-off day included): the outcome the model learns to foresee.

    The label is read only from the period *after* the cut-off, and the features only from
    before it, so the model is tested on the question staff really face: "who, of the
    members we see today, will not be back?". The window must lie inside the data; a window
    running past the last receipt would count everyone as a leaver.
    """
    day = _date(cutoff, "cutoff")
    horizon_days = _days(horizon_days, "horizon_days")
    if isinstance(members, str) or not isinstance(members, pd.Index | pd.Series | list | tuple):
        raise CourseError(
            f"expected a list of member ids, got {type(members).__name__}",
            column="members",
            hint="Pass features.index (the members the features were measured for)",
        )
    visits = _visit_days(receipts)
    _check_cutoff(visits, day, horizon_days)
    end = day + pd.Timedelta(days=horizon_days)
    came = visits.loc[(visits["day"] >= day) & (visits["day"] < end), "customer_id"].unique()
    return pd.Series(~pd.Index(members).isin(came), index=pd.Index(members), name="left")


# --------------------------------------------------------------------------------------
# The tree, the rule and their scorecard
# --------------------------------------------------------------------------------------


def _matrix(features: pd.DataFrame) -> pd.DataFrame:
    check_table(features, "features", FEATURES)
    for column in FEATURES:
        _numbers(features, "features", column, non_negative=True)
    return features[list(FEATURES)].astype(float)


def fit_tree(
    features: pd.DataFrame,
    labels: pd.Series,
    *,
    max_depth: int = 3,
    random_state: int = 0,
    min_samples_leaf: int = 20,
) -> DecisionTreeClassifier:
    """A shallow decision tree that learns "left" from the early-warning features.

    Depth 3 gives at most eight groups, each described by at most three conditions: small
    enough to read aloud at a team meeting. ``class_weight="balanced"`` counts each leaver
    as much as all stayers together would otherwise, so a rare outcome is not ignored; the
    tree's "likely to leave" then means "more likely than average", which is what a contact
    list needs. ``random_state`` fixes the tie-breaking between equally good splits, so the
    same data gives the same tree on every run.
    """
    check_number(max_depth, "max_depth", minimum=1, maximum=10, whole=True)
    check_number(min_samples_leaf, "min_samples_leaf", minimum=1, whole=True)
    check_number(random_state, "random_state", minimum=0, whole=True)
    X = _matrix(features)
    if not isinstance(labels, pd.Series) or not pd.api.types.is_bool_dtype(labels):
        raise CourseError("should be a Series of True/False", table="labels", column="left")
    y = labels.reindex(X.index)
    if y.isna().any():
        raise CourseError("has no label for some members", table="labels", column="left")
    if y.nunique() < 2:
        raise CourseError("holds only one outcome; the tree needs leavers and stayers",
                          table="labels", column="left")  # fmt: skip
    model = DecisionTreeClassifier(
        max_depth=int(max_depth),
        random_state=int(random_state),
        min_samples_leaf=int(min_samples_leaf),
        class_weight="balanced",
    )
    return model.fit(X, y.astype(bool).to_numpy())


def risk_scores(model: DecisionTreeClassifier, features: pd.DataFrame) -> pd.Series:
    """Each member's risk: the tree's (class-balanced) probability of leaving, 0 to 1."""
    model = _model(model)
    X = _matrix(features)
    classes = list(model.classes_)
    return pd.Series(model.predict_proba(X)[:, classes.index(True)], index=X.index, name="risk")


def rule_flags(features: pd.DataFrame, days: int = RULE_DAYS) -> pd.Series:
    """The one-line rule: flag every member with no visit in the last ``days`` days."""
    days = _days(days, "days")
    X = _matrix(features)
    return (X["days_since_last"] > days).rename("flagged")


def _aligned(
    actual: pd.Series, other: pd.Series, name: str, actual_name: str = "actual"
) -> tuple[np.ndarray, np.ndarray]:
    """The real outcome and a second per-member column, lined up member by member."""
    for series, what in ((actual, actual_name), (other, name)):
        if not isinstance(series, pd.Series) or series.empty:
            raise CourseError(
                f"expected a non-empty column (a pandas Series), got {type(series).__name__}"
                + (" with no rows" if isinstance(series, pd.Series) else ""),
                column=what,
                hint="Make the outcome with leaver_labels(receipts, features.index, cutoff)",
            )
    if not pd.api.types.is_bool_dtype(actual):
        raise CourseError("should hold True/False (left or stayed)", column=actual_name)
    if not actual.index.equals(other.index):
        other = other.reindex(actual.index)
    if other.isna().any():
        raise CourseError("has missing values or members not in the outcome", column=name)
    return actual.astype(bool).to_numpy(), other.to_numpy()


def confusion_table(actual: pd.Series, flagged: pd.Series) -> pd.DataFrame:
    """2 × 2 counts: rows what really happened, columns what the warning said."""
    y, f = _aligned(actual, flagged, "flagged")
    counts = confusion_matrix(y, f.astype(bool), labels=[True, False])
    return pd.DataFrame(
        counts,
        index=pd.Index(["really left", "really stayed"], name="what happened"),
        columns=pd.Index(["flagged", "not flagged"], name="warning"),
    )


def top_share_capture(actual: pd.Series, risk: pd.Series, share: float = 0.10) -> float:
    """Share of all real leavers who are among the ``share`` of members with the highest risk.

    The top group is ``ceil(share × members)`` members, ranked by risk (highest first) and,
    on equal risk, by member id, so the answer never depends on row order. If there are no
    leavers the answer is undefined and a CourseError says so.
    """
    check_number(share, "share", above=0, maximum=1)
    y, r = _aligned(actual, risk, "risk")
    if not y.any():
        raise CourseError("has no leavers, so no share of them can be found", table="left")
    order = pd.DataFrame({"id": actual.index.astype(str), "risk": r.astype(float), "y": y})
    order = order.sort_values(["risk", "id"], ascending=[False, True], kind="stable")
    top = order.head(math.ceil(share * len(order)))
    return float(top["y"].sum() / y.sum())


def _scores(actual: pd.Series, flagged: pd.Series, risk: pd.Series, share: float) -> dict:
    table = confusion_table(actual, flagged)
    tp, fn = table.iloc[0]
    fp, _tn = table.iloc[1]
    return {
        "flagged": int(tp + fp),
        "leavers_found": int(tp),
        "false_alarms": int(fp),
        "leavers_missed": int(fn),
        "precision": float(tp / (tp + fp)) if tp + fp else float("nan"),
        "recall": float(tp / (tp + fn)) if tp + fn else float("nan"),
        "top_share_capture": top_share_capture(actual, risk, share),
    }


def scorecard(
    model: DecisionTreeClassifier,
    features: pd.DataFrame,
    actual: pd.Series,
    *,
    rule_days: int = RULE_DAYS,
    share: float = 0.10,
) -> pd.DataFrame:
    """The tree against the one-line rule on the same members (ideally a hold-out period).

    The tree flags a member when its risk is at least 0.5; the rule when there was no visit
    in ``rule_days`` days. For the top-``share`` capture the rule ranks by days since the last
    visit, the tree by its risk. Precision = leavers found ÷ flagged (how many calls are not
    wasted); recall = leavers found ÷ all leavers (how many leavers we reach).
    """
    rule_days = _days(rule_days, "rule_days")
    check_number(share, "share", above=0, maximum=1)
    risk = risk_scores(model, features)
    rows = {
        "decision tree": _scores(actual, risk >= 0.5, risk, share),
        f"no visit in {rule_days} days": _scores(
            actual, rule_flags(features, rule_days), features["days_since_last"], share
        ),
    }
    return pd.DataFrame(rows).T


# --------------------------------------------------------------------------------------
# Reading and drawing the tree
# --------------------------------------------------------------------------------------


#: Singular names of the count features, for "no ..." / "at least one ..." conditions.
_ONE = {
    "complaint_not_fixed": "complaint not fixed",
    "coupons_ignored": "coupon ignored",
    "tier_drop": "tier drop",
}


def _condition(feature: str, threshold: float, goes_left: bool) -> str:
    words = FEATURE_WORDS.get(feature, feature)
    if feature in {*_ONE, "recent_visits"}:
        cut = math.floor(threshold)
        if feature in _ONE and cut == 0:
            return f"{'no' if goes_left else 'at least one'} {_ONE[feature]}"
        return f"{words} {'at most' if goes_left else 'more than'} {cut}"
    if feature == "days_since_last":
        cut = math.floor(threshold)
        return f"{words} {'at most' if goes_left else 'more than'} {cut}"
    return f"{words} {'at most' if goes_left else 'above'} {threshold:.2f}"


def tree_rules(
    model: DecisionTreeClassifier, features: pd.DataFrame, actual: pd.Series
) -> pd.DataFrame:
    """The tree as if-then sentences, one per leaf, with what really happened in each group.

    The shares come from ``features`` and ``actual`` (the training members, or a hold-out),
    not from the tree's internal class-weighted counts, so they are real shares of members.

    Returns
    -------
    pandas.DataFrame
        One row per leaf, riskiest first: ``rule`` (the sentence), ``members``,
        ``left_share`` (share who really left) and ``flagged`` (the tree says "likely to
        leave").
    """
    model = _model(model)
    X = _matrix(features)
    y, _ = _aligned(actual, pd.Series(0, index=X.index), "features")
    tree = model.tree_
    names = list(X.columns)
    paths: dict[int, list[str]] = {}

    def walk(node: int, conditions: list[str]) -> None:
        left, right = tree.children_left[node], tree.children_right[node]
        if left == right:  # a leaf
            paths[node] = conditions
            return
        feature, threshold = names[tree.feature[node]], float(tree.threshold[node])
        walk(left, [*conditions, _condition(feature, threshold, True)])
        walk(right, [*conditions, _condition(feature, threshold, False)])

    walk(0, [])
    leaf = pd.Series(model.apply(X), index=X.index)
    classes = list(model.classes_)
    rows = []
    for node, conditions in paths.items():
        inside = (leaf == node).to_numpy()
        members = int(inside.sum())
        share = float(y[inside].mean()) if members else float("nan")
        flagged = bool(tree.value[node][0].argmax() == classes.index(True))
        verdict = "likely to leave" if flagged else "likely to stay"
        when = " and ".join(conditions) if conditions else "always"
        rows.append(
            {
                "rule": f"If {when}, then {verdict}",
                "members": members,
                "left_share": share,
                "flagged": flagged,
            }
        )
    out = pd.DataFrame(rows).sort_values(["left_share", "members"], ascending=[False, False])
    return out.reset_index(drop=True)


def draw_tree(model: DecisionTreeClassifier, ax: Axes | None = None) -> Axes:
    """Draw the tree with scikit-learn's ``plot_tree``, feature names in plain words."""
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    model = _model(model)
    if ax is not None and not isinstance(ax, Axes):
        raise CourseError(f"expected a matplotlib Axes, got {type(ax).__name__}", column="ax",
                          hint="Leave it out, or pass one from plt.subplots()")  # fmt: skip
    if ax is None:
        _fig, ax = plt.subplots(figsize=(12, 5.5))
    names = [FEATURE_WORDS[f] for f in FEATURES]
    plot_tree(
        model,
        feature_names=names,
        class_names=["stays", "leaves"],
        filled=True,
        impurity=False,
        proportion=True,
        rounded=True,
        fontsize=7,
        ax=ax,
    )
    return ax


# --------------------------------------------------------------------------------------
# This week's list and the money
# --------------------------------------------------------------------------------------


def _strongest_sign(row: pd.Series) -> tuple[str, str]:
    for feature, test, reason, action in SIGNS:
        if bool(_has_sign(row.to_frame().T, feature, test).iloc[0]):
            return reason, action
    return _OTHER_SIGN


def _has_sign(features: pd.DataFrame, feature: str, test: str) -> pd.Series:
    op, limit = test.split()
    values = features[feature].astype(float)
    return values >= float(limit) if op == ">=" else values <= float(limit)


def sign_summary(features: pd.DataFrame, left: pd.Series) -> pd.DataFrame:
    """For each warning sign in :data:`SIGNS`: how many members show it at the cut-off, and
    what share of them really left, next to the share among members without it.

    Returns
    -------
    pandas.DataFrame
        One row per sign (its plain-word reason): ``members``, ``left_share`` and
        ``left_share_without``.
    """
    X = _matrix(features)
    y, _ = _aligned(left, pd.Series(0, index=X.index), "features", "left")
    rows = {}
    for feature, test, reason, _action in SIGNS:
        has = _has_sign(X, feature, test).to_numpy()
        rows[reason] = {
            "members": int(has.sum()),
            "left_share": float(y[has].mean()) if has.any() else float("nan"),
            "left_share_without": float(y[~has].mean()) if (~has).any() else float("nan"),
        }
    return pd.DataFrame(rows).T.astype({"members": int})


def at_risk_list(
    features: pd.DataFrame,
    risk: pd.Series,
    customers: pd.DataFrame,
    *,
    top: int = 20,
) -> pd.DataFrame:
    """This week's contact list: the ``top`` riskiest members who agreed to hear from us.

    Each row says who (the pseudonymous member id and tier only: no names or phone numbers
    leave the system in a list like this), why (the strongest warning sign, in the priority
    order of :data:`SIGNS`) and what to offer. Members without ``marketing_consent`` are left
    out: a win-back message is marketing, and sending it without consent breaks the law
    (Personal Information Protection Law, 2021) and the member's trust. They can still be
    greeted warmly when they next come in. A shallow tree gives many members the same risk;
    among them the most overdue (highest ``overdue_ratio``) come first, then by member id.
    """
    X = _matrix(features)
    check_table(customers, "customers", ("customer_id", "marketing_consent", "tier"))
    consent = customers["marketing_consent"]
    if not pd.api.types.is_bool_dtype(consent):
        raise CourseError("should hold True/False", table="customers", column="marketing_consent")
    check_number(top, "top", minimum=1, whole=True)
    top = int(top)
    if not isinstance(risk, pd.Series):
        raise CourseError(
            f"expected a column of risks, got {type(risk).__name__}",
            table="risk",
            hint="Make it with risk_scores(model, features)",
        )
    require_numeric(risk, "risk", "risk", allow_missing=True)
    require_within(risk, "risk", "risk", minimum=0, maximum=1)
    info = customers.set_index("customer_id")[["marketing_consent", "tier"]]
    scored = X.assign(risk=risk.reindex(X.index)).join(info, how="left")
    if scored["risk"].isna().any():
        raise CourseError("has no risk for some members", table="risk")
    allowed = scored[scored["marketing_consent"].fillna(False).astype(bool)]
    allowed = allowed.assign(member=allowed.index.astype(str))
    allowed = allowed.sort_values(
        ["risk", "overdue_ratio", "member"], ascending=[False, False, True], kind="stable"
    )
    chosen = allowed.head(top)
    signs = chosen.apply(_strongest_sign, axis=1, result_type="expand")
    out = pd.DataFrame(
        {
            "customer_id": chosen.index,
            "tier": chosen["tier"].astype(str).to_numpy(),
            "risk": chosen["risk"].round(2).to_numpy(),
            "days_since_last": chosen["days_since_last"].astype(int).to_numpy(),
            "why": signs[0].to_numpy() if len(chosen) else [],
            "offer": signs[1].to_numpy() if len(chosen) else [],
        }
    )
    return out


@dataclass(frozen=True)
class WinBackPlan:
    """The money side of a win-back list; every field is computed by :func:`winback_plan`."""

    members: int
    contact_cost_cny: float
    offer_cost_cny: float
    save_rate: float
    value_per_save_cny: float
    expected_saves: float
    total_cost_cny: float
    expected_value_cny: float
    net_cny: float
    breakeven_save_rate: float
    budget_cny: float | None
    affordable_members: int
    decision: str


def winback_plan(
    members: int,
    *,
    contact_cost_cny: float,
    offer_cost_cny: float,
    save_rate: float,
    value_per_save_cny: float,
    budget_cny: float | None = None,
) -> WinBackPlan:
    """Is a win-back round worth it, and how many members can the budget cover?

    Definitions (break-even analysis, Farris et al., *Marketing Metrics*, 2010, ch. 5 and 9):

    - every contacted member costs ``contact_cost_cny`` (staff time, a message);
    - a member who is saved uses the offer, costing ``offer_cost_cny``; members who would
      have come back anyway are not counted as saves (that is why ``save_rate`` should be
      measured against a control group, see :func:`measured_save_rate`);
    - a save is worth ``value_per_save_cny`` of margin (not sales);
    - expected saves = members × save rate; cost = members × contact cost + saves × offer
      cost; value = saves × value per save;
    - **break-even save rate** = contact cost ÷ (value per save − offer cost): the save rate
      at which the round pays for itself. Infinite if a save is worth no more than the offer.

    The decision is "go" when the save rate is above break-even, and the budget (if given)
    caps the number of members: ``floor(budget ÷ expected cost per member)``.
    """
    if isinstance(members, bool) or not isinstance(members, int | np.integer) or members < 0:
        raise CourseError("should be a whole number of 0 or more", column="members")
    contact = _positive(contact_cost_cny, "contact_cost_cny", allow_zero=True)
    offer = _positive(offer_cost_cny, "offer_cost_cny", allow_zero=True)
    rate = _positive(save_rate, "save_rate", allow_zero=True)
    if rate > 1:
        raise CourseError(
            f"is {rate}: a rate is a fraction from 0 to 1",
            column="save_rate",
            hint=f"for {rate:g} % write {rate / 100:g}",
        )
    value = _positive(value_per_save_cny, "value_per_save_cny", allow_zero=True)
    budget = None if budget_cny is None else _positive(budget_cny, "budget_cny", allow_zero=True)
    if contact == 0 and offer == 0:
        raise CourseError("and offer_cost_cny are both 0; a round always costs something",
                          column="contact_cost_cny")  # fmt: skip
    saves = members * rate
    cost = members * contact + saves * offer
    gain = saves * value
    breakeven = contact / (value - offer) if value > offer else float("inf")
    per_member = contact + rate * offer
    affordable = members if budget is None else min(members, int(budget // per_member))
    if rate <= breakeven:
        decision = "stop: each save costs more than it brings"
    elif affordable < members:
        decision = f"go, but the budget covers only the {affordable} riskiest members"
    else:
        decision = "go: contact the whole list"
    return WinBackPlan(
        members=int(members),
        contact_cost_cny=contact,
        offer_cost_cny=offer,
        save_rate=rate,
        value_per_save_cny=value,
        expected_saves=saves,
        total_cost_cny=cost,
        expected_value_cny=gain,
        net_cny=gain - cost,
        breakeven_save_rate=breakeven,
        budget_cny=budget,
        affordable_members=affordable,
        decision=decision,
    )


def measured_save_rate(activity: pd.DataFrame, campaign_id: str) -> pd.Series:
    """How many lapsed members a win-back campaign really brought back, against its control.

    ``activity`` is :func:`storecrm.analysis.promotions.campaign_member_activity`'s table.
    A member "came back" if they made at least one visit during the campaign dates.

    Returns
    -------
    pandas.Series
        ``treatment_return_rate``, ``control_return_rate``, ``save_rate`` (the difference:
        members who came back *because of* the offer; floored at 0), ``treatment_members``
        and ``control_members``.
    """
    check_table(activity, "activity", ("campaign_id", "group", "visits"))
    visits = _numbers(activity, "activity", "visits")
    rows = activity["campaign_id"].astype(str) == str(campaign_id)
    if not rows.any():
        raise CourseError(f"has no rows for campaign {campaign_id!r}", table="activity",
                          column="campaign_id")  # fmt: skip
    group = activity.loc[rows, "group"].astype(str)
    came = visits[rows] > 0
    rates = {}
    for name in ("treatment", "control"):
        inside = group == name
        if not inside.any():
            raise CourseError(f"has no {name} members for {campaign_id}", table="activity",
                              column="group")  # fmt: skip
        rates[name] = (float(came[inside].mean()), int(inside.sum()))
    return pd.Series(
        {
            "treatment_return_rate": rates["treatment"][0],
            "control_return_rate": rates["control"][0],
            "save_rate": max(0.0, rates["treatment"][0] - rates["control"][0]),
            "treatment_members": rates["treatment"][1],
            "control_members": rates["control"][1],
        }
    )


# --------------------------------------------------------------------------------------
# Why they left
# --------------------------------------------------------------------------------------


def lapse_reasons(
    status: pd.DataFrame, complaints: pd.DataFrame, survey_responses: pd.DataFrame
) -> pd.DataFrame:
    """Lapsed members against active members: complaints and survey answers side by side.

    ``status`` is :func:`lapse_status`'s table. For each group: members, the share who
    complained, the share with a complaint not fixed (unresolved or over
    :data:`SLOW_COMPLAINT_HOURS`), the share who answered a survey, and the average of each
    1-5 survey item among those who answered. Only ordinary visit surveys count: an exit
    survey (``survey_type = "exit"``) is asked only of members who already stopped, so it
    would make every lapsed member look like a survey answerer. A difference is a lead to
    follow up with an exit survey, not proof of why they left.
    """
    check_table(status, "status", ("lapsed",))
    check_table(
        complaints,
        "complaints",
        ("customer_id", "opened_at", "resolved_at", "outcome"),
        nullable=("resolved_at",),
    )
    check_table(survey_responses, "survey_responses", ("customer_id",))
    opened = _datetimes(complaints, "complaints", "opened_at")
    resolved = _datetimes(complaints, "complaints", "resolved_at", allow_missing=True)
    if not pd.api.types.is_bool_dtype(status["lapsed"]):
        raise CourseError("should hold True/False", table="status", column="lapsed",
                          hint="Make it with lapse_status(receipts, as_of)")  # fmt: skip
    hours = (resolved - opened).dt.total_seconds() / 3600
    bad = (
        (complaints["outcome"].astype(str) == "unresolved")
        | resolved.isna()
        | (hours > SLOW_COMPLAINT_HOURS)
    )
    items = [c.name for c in TABLES["survey_responses"].columns if c.name.startswith("sat_")]
    check_table(survey_responses, "survey_responses", items)
    if "survey_type" in survey_responses.columns:  # exit calls reach only leavers: leave out
        survey_responses = survey_responses[survey_responses["survey_type"].astype(str) != "exit"]
    answers = survey_responses.groupby("customer_id")[items].mean()
    group = status["lapsed"].map({True: "lapsed", False: "active"})
    rows = {}
    for name in ("lapsed", "active"):
        ids = group.index[group == name]
        answered = answers.reindex(ids).dropna(how="all")
        row: dict[str, Any] = {
            "members": len(ids),
            "complained_share": float(pd.Index(ids).isin(complaints["customer_id"]).mean())
            if len(ids)
            else float("nan"),
            "complaint_not_fixed_share": float(
                pd.Index(ids).isin(complaints.loc[bad, "customer_id"]).mean()
            )
            if len(ids)
            else float("nan"),
            "answered_survey_share": len(answered) / len(ids) if len(ids) else float("nan"),
        }
        row.update({c: float(answered[c].mean()) for c in items})
        rows[name] = row
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------
# The whole study on one data set
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChurnStudy:
    """Everything the chapter and the quiz need, built once by :func:`churn_study`."""

    train_cutoff: pd.Timestamp
    holdout_cutoff: pd.Timestamp
    train_features: pd.DataFrame
    train_left: pd.Series
    holdout_features: pd.DataFrame
    holdout_left: pd.Series
    model: DecisionTreeClassifier
    scores: pd.DataFrame


def _features_for(data: StoreData, cutoff: pd.Timestamp) -> pd.DataFrame:
    return warning_features(
        data.receipts,
        cutoff,
        complaints=data.complaints,
        coupon_sends=data.coupon_sends,
        tier_changes=data.tier_changes,
    )


@reuses_visit_days("data")
def churn_study(data: StoreData, *, random_state: int = 0) -> ChurnStudy:
    """Train on the earlier cut-off, test on the later one (:func:`study_cutoffs`)."""
    check_data(data)
    check_number(random_state, "random_state", minimum=0, whole=True)
    train_cut, hold_cut = study_cutoffs(data.receipts)
    train = _features_for(data, train_cut)
    train_left = leaver_labels(data.receipts, train.index, train_cut)
    hold = _features_for(data, hold_cut)
    hold_left = leaver_labels(data.receipts, hold.index, hold_cut)
    model = fit_tree(train, train_left, random_state=random_state)
    return ChurnStudy(
        train_cutoff=train_cut,
        holdout_cutoff=hold_cut,
        train_features=train,
        train_left=train_left,
        holdout_features=hold,
        holdout_left=hold_left,
        model=model,
        scores=scorecard(model, hold, hold_left),
    )


@cache
def _default_study() -> ChurnStudy:
    from storecrm.data import load

    return churn_study(load())


def default_study(data: StoreData | None = None) -> ChurnStudy:
    """:func:`churn_study` on ``data``, or a cached one on the committed data set.

    The cached study is built from its own :func:`storecrm.data.load` copy, so it is read
    once per process however many pages and quiz answers ask for it.
    """
    return _default_study() if data is None else churn_study(check_data(data))


def save_value_cny(
    receipts: pd.DataFrame, cutoff: object, margin_rate: float, *, days: int = WINDOW_DAYS
) -> float:
    """Margin one saved member is worth: the median member's net spend in the ``days`` before
    ``cutoff`` (members who visited in that window) × the gross margin rate.

    The median, not the mean, because a few very large spenders would make every save look
    more valuable than a typical one is. Margin, not sales, because the offer is paid out of
    margin (Farris et al., *Marketing Metrics*, 2010, ch. 3).
    """
    rate = _positive(margin_rate, "margin_rate")
    if rate >= 1:
        raise CourseError(f"is {rate}: a margin rate is a fraction below 1", column="margin_rate")
    day = _date(cutoff, "cutoff")
    days = _days(days, "days")
    visits = _visit_days(receipts)
    _check_cutoff(visits, day)
    inside = visits[(visits["day"] < day) & (visits["day"] >= day - pd.Timedelta(days=days))]
    if inside.empty:
        raise CourseError(f"has no member visits in the {days} days before {day.date()}",
                          table="receipts", column="purchased_at")  # fmt: skip
    return float(inside.groupby("customer_id")["net_cny"].sum().median() * rate)


@dataclass(frozen=True)
class WeekInputs:
    """What a Monday-morning win-back round starts from, built once by :func:`week_inputs`.

    Shared by :func:`week_plan` (the chapter's list) and the churn dial
    (:mod:`storecrm.widgets.churn`), so both score members and cost the round the same way.
    """

    cutoff: pd.Timestamp  # the day after the data ends
    features: pd.DataFrame  # warning features of every member, as of the cut-off
    risk: pd.Series  # the refitted tree's risk for each member
    consent: pd.Series  # marketing_consent by customer_id
    save_rates: pd.Series  # measured_save_rate of the win-back campaign
    offer_cost_cny: float  # the campaign's coupon value
    value_per_save_cny: float  # save_value_cny at the cut-off


@reuses_visit_days("data")
def week_inputs(data: StoreData, *, campaign_id: str = WINBACK_CAMPAIGN) -> WeekInputs:
    """Score every member for the day after the data ends and price a win-back save.

    The tree is refitted on the most recent period whose outcome is known (the hold-out
    cut-off of :func:`study_cutoffs`), because a model learnt on older behaviour ages. The
    save rate and the offer's cost come from the win-back campaign and its control group;
    the value of a save from :func:`save_value_cny`.
    """
    from storecrm.analysis.customer_value import gross_margin_rate
    from storecrm.analysis.promotions import campaign_member_activity

    check_data(data)
    if str(campaign_id) not in set(data.campaigns["campaign_id"].astype(str)):
        raise CourseError(f"{campaign_id!r} is not in the campaigns table", column="campaign_id",
                          hint="Pick the win-back campaign's id from data.campaigns")  # fmt: skip
    _train, recent_cut = study_cutoffs(data.receipts)
    recent = _features_for(data, recent_cut)
    model = fit_tree(recent, leaver_labels(data.receipts, recent.index, recent_cut))
    today = _visit_days(data.receipts)["day"].max() + pd.Timedelta(days=1)
    now = _features_for(data, today)
    activity = campaign_member_activity(data.campaigns, data.coupon_sends, data.receipts)
    campaigns = data.campaigns.set_index("campaign_id")
    margin = gross_margin_rate(data.receipt_lines, data.products, receipts=data.receipts)
    return WeekInputs(
        cutoff=today,
        features=now,
        risk=risk_scores(model, now),
        consent=data.customers.set_index("customer_id")["marketing_consent"],
        save_rates=measured_save_rate(activity, campaign_id),
        offer_cost_cny=float(campaigns.loc[campaign_id, "coupon_value_cny"]),
        value_per_save_cny=save_value_cny(data.receipts, today, margin),
    )


@dataclass(frozen=True)
class WeekPlan:
    """This week's list and its economics, built by :func:`week_plan`.

    ``features`` and ``risk`` are every active member's warning signs and risk on ``cutoff``
    (the list is their top rows), kept so an exercise can rebuild the list from them.
    """

    cutoff: pd.Timestamp
    candidates: int
    no_consent: int
    features: pd.DataFrame
    risk: pd.Series
    at_risk: pd.DataFrame
    save_rates: pd.Series
    offer_cost_cny: float
    plan: WinBackPlan


def week_plan(
    data: StoreData,
    *,
    top: int = 40,
    contact_cost_cny: float = CONTACT_COST_CNY,
    budget_cny: float = WEEKLY_BUDGET_CNY,
    campaign_id: str = WINBACK_CAMPAIGN,
) -> WeekPlan:
    """The Monday-morning list for the day after the data ends, with its win-back budget.

    The tree is refitted on the most recent period whose outcome is known (the hold-out
    cut-off of :func:`study_cutoffs`), because a model learnt on older behaviour ages. The
    save rate and the offer's cost come from the win-back campaign and its control group;
    the value of a save from :func:`save_value_cny`.
    """
    check_data(data)
    check_number(top, "top", minimum=1, whole=True)
    _positive(contact_cost_cny, "contact_cost_cny", allow_zero=True)
    _positive(budget_cny, "budget_cny", allow_zero=True)
    week = week_inputs(data, campaign_id=campaign_id)
    today, risk = week.cutoff, week.risk
    flagged = risk[risk >= 0.5]
    no_consent = int((~week.consent.reindex(flagged.index).fillna(False).astype(bool)).sum())
    listing = at_risk_list(week.features, risk, data.customers, top=top)
    rates, offer = week.save_rates, week.offer_cost_cny
    plan = winback_plan(
        len(listing),
        contact_cost_cny=contact_cost_cny,
        offer_cost_cny=offer,
        save_rate=float(rates["save_rate"]),
        value_per_save_cny=week.value_per_save_cny,
        budget_cny=budget_cny,
    )
    return WeekPlan(
        cutoff=today,
        candidates=len(flagged),
        no_consent=no_consent,
        features=week.features,
        risk=risk,
        at_risk=listing,
        save_rates=rates,
        offer_cost_cny=offer,
        plan=plan,
    )
