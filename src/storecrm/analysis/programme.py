"""Membership programme simulator: replay the store's year under different rules.

A trainer asks the room "what if silver started at ¥200?" or "what if Wednesday were
double-points day?". This module answers with the store's own members: it takes their real
receipts and replays the year's tier reviews and points under the proposed rules, next to
the current ones.

* The current rules come from :mod:`storecrm.rules` (``store_rules.yml``), the one place
  the data generator and Module 5 read; :func:`current_programme` only copies them.
* The tier review is the generator's own (:func:`storecrm.data.simulation.loyalty.tiers`),
  called with the proposed thresholds, and points are earned with the generator's
  :func:`~storecrm.data.simulation.loyalty.earned_points`. So with the current rules the
  replay gives back exactly the tiers and points in the data (a test holds it to that).
* Behaviour stays as it was: the same receipts, and each member uses the same share of
  their points as they did. The break-even (:func:`break_even`) then says how much more
  members would have to spend for a change to pay for itself.
* Costs follow the points-liability view of Module 5 (IFRS 15, paragraphs B39-B43): every
  point issued and not expired is a promise of its face value, used this year or still owed
  at the year end (the liability).
* A birthday bonus is a number of points given once a year. Members' birthdays are not in
  the data, so they are taken as spread evenly over the year: a member in the programme for
  half the year gets half the bonus on average.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
import pandas as pd

from storecrm.analysis.customer_value import gross_margin_rate
from storecrm.analysis.grouping import positions_in
from storecrm.data import StoreData, load
from storecrm.data.simulation.calendar import START, weekdays
from storecrm.data.simulation.loyalty import (
    earned_points,
    expiry_cutoff_day,
    review_days,
    tiers,
)
from storecrm.errors import CourseError
from storecrm.format import count, percent, yuan
from storecrm.rules import membership_rules

__all__ = [
    "WEEKDAYS",
    "BreakEven",
    "Programme",
    "ProgrammeData",
    "ProgrammeOutcome",
    "break_even",
    "break_even_text",
    "check_programme",
    "compare_programmes",
    "current_programme",
    "preset_programmes",
    "programme_data",
    "scenario_table",
    "simulate_programme",
    "store_programme_data",
    "summary_table",
]

#: Weekday names, Monday = 0, for the member-day setting.
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_YEAR_DAYS = 365


@dataclass(frozen=True)
class Programme:
    """One set of programme rules, tiers lowest first.

    Attributes
    ----------
    tier_ids
        Tier names, lowest first (``standard`` ... ``diamond``).
    entry_cny, keep_cny
        Qualifying spend over the review window needed to move up into / stay in each tier.
    points_per_yuan
        Points per whole yuan paid, per tier (at most one decimal, as on the till).
    point_value_cny
        What one point is worth when used (0.01: 100 points take ¥1 off).
    expire_after_months
        On 31 December, unused points earned more than this many months earlier expire
        (0: every unused point; 12: none of this year's).
    birthday_points
        Points given to each member once a year on their birthday (0: no birthday bonus).
    member_day, member_day_multiplier
        A weekday (Monday = 0) on which points are multiplied (1.0: no member day).
    """

    tier_ids: tuple[str, ...]
    entry_cny: tuple[float, ...]
    keep_cny: tuple[float, ...]
    points_per_yuan: tuple[float, ...]
    point_value_cny: float
    expire_after_months: int
    birthday_points: int = 0
    member_day: int = 2
    member_day_multiplier: float = 1.0

    def with_tier(self, tier_id: str, **values: float) -> Programme:
        """A copy with one tier's ``entry_cny``, ``keep_cny`` or ``points_per_yuan`` changed."""
        if tier_id not in self.tier_ids:
            raise CourseError(
                f"no tier {tier_id!r}",
                column="tier",
                hint=f"Use one of {', '.join(self.tier_ids)}",
            )
        i = self.tier_ids.index(tier_id)
        changed: dict[str, tuple[float, ...]] = {}
        for name, value in values.items():
            if name not in ("entry_cny", "keep_cny", "points_per_yuan"):
                raise CourseError(
                    f"{name!r} is not a tier setting",
                    column=name,
                    hint="Use entry_cny, keep_cny or points_per_yuan",
                )
            old = list(getattr(self, name))
            old[i] = value
            changed[name] = tuple(old)
        return replace(self, **changed)


def current_programme() -> Programme:
    """Today's rules, read from the store's rules file (never typed here).

    The current programme has no birthday bonus and no member day; those two settings start
    at "none" so a room can try them.
    """
    rules = membership_rules()
    return Programme(
        tier_ids=rules.tier_ids,
        entry_cny=tuple(t.entry_cny for t in rules.tiers),
        keep_cny=tuple(t.keep_cny for t in rules.tiers),
        points_per_yuan=tuple(t.points_per_yuan for t in rules.tiers),
        point_value_cny=rules.points.block_cny / rules.points.block_points,
        expire_after_months=rules.points.expire_after_months,
    )


def _setting(value: object, name: str, *, minimum: float = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
        raise CourseError(f"must be a number, not {value!r}", column=name)
    number = float(value)
    if not math.isfinite(number):
        raise CourseError(f"must be a finite number, not {value!r}", column=name)
    if number < minimum:
        what = "negative" if number < 0 else f"below {minimum:g}"
        raise CourseError(
            f"is {number:g}: it cannot be {what}", column=name, hint=f"Use {minimum:g} or more"
        )
    return number


def check_programme(programme: Programme) -> Programme:
    """Refuse rules the store could not run, with a message the room can act on.

    Each tier must need more spend than the one below (else nobody could tell which tier a
    member belongs to), keeping a tier cannot need more than entering it, rates cannot be
    negative, and a higher tier may not earn fewer points than a lower one (the rules file
    holds the store's own rules to the same).
    """
    if not isinstance(programme, Programme):
        raise CourseError(f"expected a Programme, not {type(programme).__name__}")
    n = len(programme.tier_ids)
    for name in ("entry_cny", "keep_cny", "points_per_yuan"):
        if len(getattr(programme, name)) != n:
            raise CourseError(f"needs one value per tier ({n})", column=name)
    ids = programme.tier_ids
    for i, tier in enumerate(ids):
        entry = _setting(programme.entry_cny[i], f"{tier} entry spend")
        keep = _setting(programme.keep_cny[i], f"{tier} keep spend")
        _setting(programme.points_per_yuan[i], f"{tier} points per yuan")
        if i == 0 and entry != 0:
            raise CourseError(
                f"is ¥{entry:,.0f}: the lowest tier is where everyone starts, so it needs ¥0",
                column=f"{tier} entry spend",
                hint="Set it to 0",
            )
        if keep > entry:
            raise CourseError(
                f"¥{keep:,.0f} is above the ¥{entry:,.0f} needed to enter {tier}: keeping a "
                "tier cannot be harder than reaching it",
                column=f"{tier} keep spend",
                hint=f"Set it at or below ¥{entry:,.0f}",
            )
        if i > 0 and entry <= programme.entry_cny[i - 1]:
            raise CourseError(
                f"¥{entry:,.0f} is not above {ids[i - 1]}'s ¥{programme.entry_cny[i - 1]:,.0f}: "
                "each tier must need more spend than the tier below",
                column=f"{tier} entry spend",
                hint=f"Raise {tier} or lower {ids[i - 1]}",
            )
        if i > 0 and programme.points_per_yuan[i] < programme.points_per_yuan[i - 1]:
            raise CourseError(
                f"{programme.points_per_yuan[i]:g} is below {ids[i - 1]}'s "
                f"{programme.points_per_yuan[i - 1]:g}: a higher tier may not earn fewer points",
                column=f"{tier} points per yuan",
                hint="Give it at least the rate of the tier below",
            )
    value = _setting(programme.point_value_cny, "point value (yuan per point)")
    if value <= 0 or value > 1:
        raise CourseError(
            f"is ¥{value:g} per point: it must be above ¥0 and at most ¥1",
            column="point value (yuan per point)",
            hint="Today 100 points are worth ¥1, i.e. 0.01 per point",
        )
    months = _setting(programme.expire_after_months, "expiry (months)")
    if months > 12 or not months.is_integer():
        raise CourseError(
            f"is {months:g}: use a whole number of months from 0 to 12", column="expiry (months)"
        )
    birthday = _setting(programme.birthday_points, "birthday points")
    if not birthday.is_integer():
        raise CourseError(
            f"is {birthday:g}: use a whole number of points", column="birthday points"
        )
    day = _setting(programme.member_day, "member day")
    if day > 6 or not day.is_integer():
        raise CourseError(
            f"is {day:g}: use a weekday number from 0 (Monday) to 6 (Sunday)", column="member day"
        )
    _setting(programme.member_day_multiplier, "member-day multiplier", minimum=1.0)
    return programme


@dataclass(frozen=True)
class ProgrammeData:
    """The store's members and their receipts as arrays, prepared once for fast replays.

    Member receipts are those linked to a card (after a member leaves, their shopping is no
    longer linked, exactly as the data records it).
    """

    member_ids: np.ndarray  # customer_id per member index
    signup_day: np.ndarray  # per member; days from 1 January of the data's year
    member: np.ndarray  # per member receipt: member index
    day: np.ndarray  # per member receipt: day number
    qualifying_fen: np.ndarray  # goods after shelf discounts (what the tier review counts)
    paid_fen: np.ndarray  # paid before points (what points are earned on)
    net_fen: np.ndarray  # what was paid (sales)
    used_share: np.ndarray  # per member: share of earned points the member used
    margin_rate: float  # gross margin on member sales

    @property
    def n_members(self) -> int:
        """How many members ever joined (rows of ``customers``)."""
        return len(self.member_ids)


def programme_data(data: StoreData) -> ProgrammeData:
    """Arrange a data set's members, receipts and points for :func:`simulate_programme`.

    Raises
    ------
    CourseError
        When the data is not of the generator's year (the replay follows its calendar) or
        has no member receipts.
    """
    customers = data.customers.sort_values("customer_id", kind="stable")
    ids = customers["customer_id"].astype(str).to_numpy()
    index = pd.Series(np.arange(len(ids)), index=ids)
    start = pd.Timestamp(str(START))
    signup = (pd.to_datetime(customers["signup_date"]) - start).dt.days.to_numpy()

    receipts = data.receipts[data.receipts["customer_id"].notna()]
    if receipts.empty:
        raise CourseError("has no member receipts", table="receipts", column="customer_id")
    when = pd.to_datetime(receipts["purchased_at"])
    day = (when.dt.normalize() - start).dt.days.to_numpy()
    if day.min() < 0 or day.max() >= _YEAR_DAYS:
        raise CourseError(
            f"runs from {when.min():%Y-%m-%d} to {when.max():%Y-%m-%d}; the simulator replays "
            f"the year from {start:%Y-%m-%d}",
            table="receipts",
            column="purchased_at",
            hint="Use a data set made by `storecrm data generate`",
        )
    member = index.reindex(receipts["customer_id"].astype(str)).to_numpy()
    if np.isnan(member.astype(float)).any():
        raise CourseError(
            "has member numbers that are not in customers",
            table="receipts",
            column="customer_id",
            hint="Run `storecrm data validate` on the data folder",
        )
    member = member.astype(np.int64)
    qualifying, member_lines = _member_line_totals(data.receipts, data.receipt_lines)

    ledger = data.points_ledger
    rules = membership_rules().points
    fen_per_point = 100 * rules.block_cny / rules.block_points
    used = ledger[ledger["kind"] == "redeem"].groupby("receipt_id")["points"].sum().abs()
    used_here = used.reindex(receipts["receipt_id"]).fillna(0).to_numpy()
    net = np.rint(receipts["net_cny"].to_numpy() * 100)
    paid = net + np.rint(used_here * fen_per_point)

    earned = ledger[ledger["kind"] == "earn"].groupby("customer_id")["points"].sum()
    redeemed = ledger[ledger["kind"] == "redeem"].groupby("customer_id")["points"].sum().abs()
    earned_m = earned.reindex(ids).fillna(0).to_numpy()
    redeemed_m = redeemed.reindex(ids).fillna(0).to_numpy()
    share = np.divide(redeemed_m, earned_m, out=np.zeros(len(ids)), where=earned_m > 0)

    if member_lines is None:
        margin = gross_margin_rate(
            data.receipt_lines, data.products, receipt_ids=receipts["receipt_id"], receipts=receipts
        )
    else:  # the same lines, already picked out: no second look-up of 11 M receipt numbers
        margin = gross_margin_rate(member_lines, data.products, receipts=receipts)
    order = np.lexsort((day, member))
    return ProgrammeData(
        member_ids=ids,
        signup_day=signup.astype(np.int64),
        member=member[order],
        day=day.astype(np.int64)[order],
        qualifying_fen=qualifying.astype(np.int64)[order],
        paid_fen=paid.astype(np.int64)[order],
        net_fen=net.astype(np.int64)[order],
        used_share=np.clip(share, 0.0, 1.0),
        margin_rate=float(margin),
    )


def _member_line_totals(
    all_receipts: pd.DataFrame, receipt_lines: pd.DataFrame
) -> tuple[np.ndarray, pd.DataFrame | None]:
    """Qualifying spend in fen of each member receipt (in table order), and those receipts' lines.

    The plain way groups 11 million lines by receipt number as text, then looks every member
    receipt up in that (8 s of CPU on the large data set, with the margin's own look-up).
    Here each run of a receipt's lines finds its row of ``receipts`` once
    (:func:`~storecrm.analysis.grouping.positions_in`) and the lines are summed by that row
    number: the same sums, each over its lines in table order. Returned lines are ``None``
    (so the caller filters them as before) when receipt numbers are not plain unique text.
    """
    member = all_receipts["customer_id"].notna().to_numpy()
    ids = all_receipts["receipt_id"]
    plain = not (ids.dtype == object and receipt_lines["receipt_id"].dtype == object)
    index = pd.Index(ids)  # its hash table, built once, answers is_unique and the look-ups
    if plain or not index.is_unique:
        lines = receipt_lines.groupby("receipt_id", sort=False)["line_total_cny"].sum()
        wanted = ids[member]
        return np.rint(lines.reindex(wanted).fillna(0).to_numpy() * 100), None
    row = positions_in(index, receipt_lines["receipt_id"])
    found = row >= 0
    sums = receipt_lines["line_total_cny"][found].groupby(row[found], sort=False).sum()
    per_receipt = sums.reindex(np.flatnonzero(member)).fillna(0).to_numpy()
    ours = found.copy()
    ours[found] = member[row[found]]
    return np.rint(per_receipt * 100), receipt_lines[ours]


@lru_cache(maxsize=1)
def store_programme_data() -> ProgrammeData:
    """:func:`programme_data` of the committed data set, prepared once per session."""
    return programme_data(load())


@dataclass(frozen=True)
class ProgrammeOutcome:
    """What one set of rules does to the store's year."""

    programme: Programme
    year_end_tier: pd.Series  # per member: tier id at the year end, or "left"
    moves_up: int  # upgrades at the monthly reviews (carried-over tiers not counted)
    moves_down: int
    exits: int
    points_issued: float
    points_used: float
    points_expired: float
    member_sales_cny: float

    @property
    def points_held(self) -> float:
        """Points still unused on 31 December, after the expiry."""
        return self.points_issued - self.points_used - self.points_expired

    @property
    def liability_cny(self) -> float:
        """What the unused points would cost if every one were used (face value)."""
        return self.points_held * self.programme.point_value_cny

    @property
    def reward_cost_cny(self) -> float:
        """Points used this year plus points still owed, in yuan: issued minus expired."""
        return (self.points_issued - self.points_expired) * self.programme.point_value_cny

    @property
    def reward_cost_share(self) -> float:
        """Reward cost as a share of members' sales (0-1)."""
        return self.reward_cost_cny / self.member_sales_cny if self.member_sales_cny else 0.0

    @property
    def tier_mix(self) -> pd.Series:
        """Members in each tier at the year end (members who left are not counted)."""
        counts = self.year_end_tier.value_counts()
        return counts.reindex(list(self.programme.tier_ids), fill_value=0).rename("members")


def simulate_programme(programme: Programme, data: ProgrammeData | None = None) -> ProgrammeOutcome:
    """Replay the year's reviews and points under ``programme`` on the store's members.

    Parameters
    ----------
    programme
        The rules to try; checked first by :func:`check_programme`.
    data
        Prepared members and receipts (:func:`programme_data`); the committed data set
        when omitted.
    """
    check_programme(programme)
    data = store_programme_data() if data is None else data
    n = data.n_members
    entry = np.rint(np.asarray(programme.entry_cny) * 100).astype(np.int64)
    keep = np.rint(np.asarray(programme.keep_cny) * 100).astype(np.int64)
    result = tiers(
        n,
        data.signup_day,
        data.member,
        data.day,
        data.qualifying_fen,
        entry_fen=entry,
        keep_fen=keep,
    )
    _, day_, _, _, kind = result.changes
    carried = (kind == 1) & (day_ == 0)  # tiers carried over on 1 January, not earned
    ups = int(((kind == 1) & ~carried).sum())
    downs = int((kind == 2).sum())
    exits = int((kind == 3).sum())

    # The tier held on each receipt's day: the period after the last review before it.
    period = np.searchsorted(review_days(), data.day, side="right")
    tier_now = np.maximum(result.history[period, data.member], 0)
    rate = np.asarray(programme.points_per_yuan, dtype=np.float64)[tier_now]
    on_member_day = weekdays()[data.day] == int(programme.member_day)
    rate = np.where(on_member_day, rate * float(programme.member_day_multiplier), rate)
    earned = earned_points(data.paid_fen, rate).astype(np.float64)

    cutoff = expiry_cutoff_day(int(programme.expire_after_months))
    earned_m = np.bincount(data.member, earned, n)
    early_m = np.bincount(data.member[data.day < cutoff], earned[data.day < cutoff], n)

    exited = result.exit_day < _YEAR_DAYS
    first = np.maximum(data.signup_day, 0)
    last = np.minimum(result.exit_day, _YEAR_DAYS)
    in_year = np.clip(last - first, 0, None)
    in_early = np.clip(np.minimum(last, cutoff) - first, 0, None)
    birthday = int(programme.birthday_points)
    earned_m = earned_m + birthday * in_year / _YEAR_DAYS
    early_m = early_m + birthday * in_early / _YEAR_DAYS

    used_m = earned_m * data.used_share
    expired_m = np.where(exited, earned_m - used_m, np.maximum(early_m - used_m, 0.0))

    final = result.history[-1]
    labels = np.array([*programme.tier_ids, "left"], dtype=object)
    year_end = pd.Series(labels[np.where(final < 0, len(programme.tier_ids), final)],
                         index=data.member_ids, name="tier")  # fmt: skip
    return ProgrammeOutcome(
        programme=programme,
        year_end_tier=year_end,
        moves_up=ups,
        moves_down=downs,
        exits=exits,
        points_issued=float(earned_m.sum()),
        points_used=float(used_m.sum()),
        points_expired=float(expired_m.sum()),
        member_sales_cny=float(data.net_fen.sum()) / 100,
    )


@dataclass(frozen=True)
class BreakEven:
    """What must change in members' spending for proposed rules to pay for themselves."""

    extra_cost_cny: float  # proposed reward cost minus current
    extra_sales_cny: float  # extra member sales needed (negative: sales may fall this much)
    extra_sales_share: float  # the same as a share of members' sales
    per_member_month_cny: float  # extra spend per member in the programme, per month
    possible: bool  # False when each extra yuan of sales costs more in points than it earns


def break_even(
    current: ProgrammeOutcome, proposed: ProgrammeOutcome, margin_rate: float
) -> BreakEven:
    """The change in member spending at which the proposed rules cost nothing extra.

    Extra sales ``S`` earn the gross margin ``m`` but also cost the proposed reward rate
    ``r`` in points, so the change pays when ``(m - r) x S`` covers the extra reward cost:
    ``S = extra cost / (m - r)``. A negative ``S`` means the new rules are cheaper and sales
    could fall that much before the store is worse off.
    """
    m = _setting(margin_rate, "margin_rate")
    if m > 1:
        raise CourseError(f"is {m:g}; a margin rate is a share from 0 to 1", column="margin_rate")
    extra_cost = proposed.reward_cost_cny - current.reward_cost_cny
    per_yuan = m - proposed.reward_cost_share
    members = max(int((current.year_end_tier != "left").sum()), 1)
    sales = current.member_sales_cny
    if per_yuan <= 0:
        return BreakEven(extra_cost, math.inf, math.inf, math.inf, False)
    extra_sales = extra_cost / per_yuan
    return BreakEven(
        extra_cost_cny=extra_cost,
        extra_sales_cny=extra_sales,
        extra_sales_share=extra_sales / sales if sales else 0.0,
        per_member_month_cny=extra_sales / members / 12,
        possible=True,
    )


def compare_programmes(
    proposed: Programme, data: ProgrammeData | None = None
) -> tuple[pd.DataFrame, BreakEven, pd.DataFrame]:
    """Current rules next to ``proposed``: the headline table, the break-even, the tier mix.

    Returns
    -------
    tuple
        ``summary`` (rows: members by tier ..., columns ``current``, ``proposed``), the
        :class:`BreakEven`, and ``moves``: members by current year-end tier (rows) and
        proposed year-end tier (columns).
    """
    data = store_programme_data() if data is None else data
    now = simulate_programme(current_programme(), data)
    new = simulate_programme(proposed, data)
    rows: dict[str, tuple[float, float]] = {}
    for tier in now.programme.tier_ids:
        rows[f"members in {tier} at year end"] = (now.tier_mix[tier], new.tier_mix[tier])
    rows["moves up at reviews"] = (now.moves_up, new.moves_up)
    rows["moves down at reviews"] = (now.moves_down, new.moves_down)
    rows["points issued"] = (now.points_issued, new.points_issued)
    rows["points expired"] = (now.points_expired, new.points_expired)
    rows["liability at year end (¥)"] = (now.liability_cny, new.liability_cny)
    rows["reward cost (¥)"] = (now.reward_cost_cny, new.reward_cost_cny)
    rows["reward cost share of sales"] = (now.reward_cost_share, new.reward_cost_share)
    summary = pd.DataFrame(rows, index=["current", "proposed"]).T
    moves = pd.crosstab(
        now.year_end_tier.rename("current rules"), new.year_end_tier.rename("proposed rules")
    )
    order = [*now.programme.tier_ids, "left"]
    moves = moves.reindex(index=order, columns=order, fill_value=0)
    return summary, break_even(now, new, data.margin_rate), moves


def break_even_text(result: BreakEven) -> str:
    """One plain sentence for the room: what members must do for the change to pay."""
    if not result.possible:
        return (
            "These rules give away more in points than the store earns on each extra yuan: "
            "no rise in spending can pay for them."
        )
    if abs(result.extra_cost_cny) < 0.5:
        return "These rules cost the same as today's: no change in spending is needed."
    if result.extra_cost_cny < 0:
        fall = percent(min(-result.extra_sales_share, 1.0), 2)
        return (
            f"These rules cost {yuan(-result.extra_cost_cny, 0)} a year less than today's. "
            f"They still pay if members' spending falls by up to {fall} "
            f"({yuan(-result.extra_sales_cny, 0)})."
        )
    share = result.extra_sales_share
    shown = percent(share, 2) if share <= 1 else f"{share:.1f} times"
    return (
        f"These rules cost {yuan(result.extra_cost_cny, 0)} a year more than today's. To pay, "
        f"members must spend {shown} more ({yuan(result.extra_sales_cny, 0)} a year, about "
        f"{yuan(result.per_member_month_cny)} per member per month)."
    )


def _cell(row: str, value: float) -> str:
    if row.endswith("(¥)"):
        return yuan(value, 0)
    if "share" in row:
        return percent(value, 2)
    return count(value)


def summary_table(summary: pd.DataFrame) -> pd.DataFrame:
    """:func:`compare_programmes`'s summary as display text, with a change column."""
    out = pd.DataFrame(index=summary.index)
    for col in summary.columns:
        out[col] = [_cell(row, v) for row, v in summary[col].items()]
    change = summary["proposed"] - summary["current"]
    out["change"] = [
        ("+" if d > 0 else "") + (_cell(row, d) if d else "0") for row, d in change.items()
    ]
    return out


def preset_programmes() -> dict[str, Programme]:
    """The scenarios a workshop starts from, each one change away from today's rules."""
    now = current_programme()
    silver = now.tier_ids[1]
    top = now.tier_ids[-1]
    return {
        "Today's rules": now,
        f"Easier {silver}: enter at ¥200": now.with_tier(silver, entry_cny=200.0),
        "Double points on Wednesdays": replace(now, member_day=2, member_day_multiplier=2.0),
        "Birthday gift of 500 points": replace(now, birthday_points=500),
        "Points expire after 3 months": replace(now, expire_after_months=3),
        f"{top.capitalize()} earns 3 points per ¥1": now.with_tier(top, points_per_yuan=3.0),
    }


def scenario_table(
    presets: dict[str, Programme] | None = None, data: ProgrammeData | None = None
) -> pd.DataFrame:
    """Preset scenarios side by side, as text: the kernel-free version of the simulator.

    One row per scenario (so it reads down a phone screen): members in the upper tiers at the
    year end, moves up and down, points issued, liability, reward cost share and the spending
    change needed to pay.
    """
    presets = preset_programmes() if presets is None else presets
    data = store_programme_data() if data is None else data
    rows = {}
    for name, programme in presets.items():
        summary, result, _ = compare_programmes(programme, data)
        new = summary["proposed"]
        upper = [r for r in summary.index if r.startswith("members in")][1:]
        if not result.possible:
            needed = "cannot pay"
        elif abs(result.extra_cost_cny) < 0.5:
            needed = "none"
        else:
            needed = ("+" if result.extra_sales_share > 0 else "") + percent(
                max(min(result.extra_sales_share, 1.0), -1.0), 2
            )
        rows[name] = {
            "members above the lowest tier": count(sum(new[r] for r in upper)),
            "moves up / down": f"{count(new['moves up at reviews'])} / "
            f"{count(new['moves down at reviews'])}",
            "points issued": count(new["points issued"]),
            "liability at year end": yuan(new["liability at year end (¥)"], 0),
            "reward cost, share of sales": percent(new["reward cost share of sales"], 2),
            "spending change needed to pay": needed,
        }
    table = pd.DataFrame(rows).T
    table.index.name = "scenario"
    return table
