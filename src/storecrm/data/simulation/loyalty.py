"""Membership tiers and points, following the store's rules (:mod:`storecrm.rules`).

The thresholds, multipliers, review window, exit rule and points blocks are read from the
rules file; this module only applies them. The data card states the same rules in words.

Tier rules (checked by tests against the written tables):

* Everyone joins at ``standard`` on their sign-up day.
* Tiers held on 2025-01-01 were carried over from the old programme (recorded as an
  upgrade dated 2025-01-01).
* On the 1st of every month from April to December the chain reviews each member's
  *qualifying spend*: the sum of ``gross_cny - line discounts`` over their receipts in the
  90 days before the review day. A member reaching a higher tier's entry threshold moves
  up to the highest tier reached; a member below their tier's keep threshold drops one
  tier.
* From July (the first review with 180 days of history) a member with no purchase in the
  180 days before a review, who has been a member that long, exits; their points balance
  expires that day and later shopping is not linked to the lapsed card.

Points rules: a member earns ``floor(whole yuan paid before points) * multiplier`` (rounded
down) per receipt, the multiplier depending on the tier held on the day. Members who use
points redeem every full 500 points (worth ¥5) at the first receipt of at least ¥20 after
they have them. On 2025-12-31 points earned more than ``expire_after_months`` whole months
before the year end (6: before 1 July) and still unused expire (oldest points are used first).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from storecrm.data.simulation.calendar import N_DAYS, day_of, month_starts
from storecrm.rules import membership_rules

__all__ = [
    "BLOCK_FEN",
    "BLOCK_POINTS",
    "MIN_REDEEM_FEN",
    "TIER_ENTRY_FEN",
    "TIER_KEEP_FEN",
    "TIER_MULTIPLIER",
    "Points",
    "Tiers",
    "earned_points",
    "expiry_cutoff_day",
    "points",
    "review_days",
    "tiers",
]

_RULES = membership_rules()
#: Qualifying spend (fen) in the review window needed to enter each tier, lowest first.
TIER_ENTRY_FEN = np.array([round(t.entry_cny * 100) for t in _RULES.tiers], dtype=np.int64)
#: Spend needed to keep a tier; below it the member drops one tier at the review.
TIER_KEEP_FEN = np.array([round(t.keep_cny * 100) for t in _RULES.tiers], dtype=np.int64)
#: Points per whole yuan paid, by tier.
TIER_MULTIPLIER = np.array([t.points_per_yuan for t in _RULES.tiers], dtype=np.float64)
BLOCK_POINTS = _RULES.points.block_points
BLOCK_FEN = round(_RULES.points.block_cny * 100)
MIN_REDEEM_FEN = round(_RULES.points.min_receipt_cny * 100)
WINDOW_DAYS = _RULES.review_window_days
EXIT_AFTER_DAYS = _RULES.exit_after_days
EXIT_FROM = day_of("2025-07-01")


def expiry_cutoff_day(expire_after_months: int) -> int:
    """Day number from which points survive the year-end expiry (6 months: 1 July 2025).

    0 months: every unused point expires (the cut-off is the day after the year); 12: none
    of the year's points do.
    """
    if expire_after_months >= 12:
        return 0
    if expire_after_months <= 0:
        return N_DAYS
    return day_of(f"2025-{12 - expire_after_months + 1:02d}-01")


#: Points earned before this day and unused on 31 December expire then.
EXPIRE_FROM = expiry_cutoff_day(_RULES.points.expire_after_months)
CARRY_OVER_DAY = day_of("2025-01-01")


def review_days() -> np.ndarray:
    """Day numbers of the monthly tier reviews (1 April to 1 December 2025)."""
    return month_starts()[3:]


@dataclass
class Tiers:
    """Tier history and the change log."""

    history: np.ndarray  # (reviews + 1, members): tier index in force in each period
    exit_day: np.ndarray  # day of exit, or a large number
    changes: tuple[np.ndarray, ...]  # (member, day, from, to, kind) with -1 for "none"


def tiers(
    n_members: int,
    signup_day: np.ndarray,
    member: np.ndarray,
    day: np.ndarray,
    qual_fen: np.ndarray,
    *,
    entry_fen: np.ndarray = TIER_ENTRY_FEN,
    keep_fen: np.ndarray = TIER_KEEP_FEN,
) -> Tiers:
    """Apply the tier rules month by month to member receipts (member >= 0 rows only).

    Receipts after a member's exit must be unlinked by the caller (see ``exit_day``).
    ``entry_fen`` and ``keep_fen`` default to the store's rules; the membership programme
    simulator (:mod:`storecrm.analysis.programme`) passes proposed thresholds instead, so
    the review is written once.
    """
    reviews = review_days()
    big = 10**6
    exit_day = np.full(n_members, big)
    # Carried-over tiers for members who joined before 2025: what their first-quarter
    # spend would have earned under the new rules.
    q1 = np.bincount(member[day < reviews[0]], qual_fen[day < reviews[0]], n_members)
    cur = np.where(signup_day < 0, _entry_tier(q1, entry_fen), 0)
    log = [
        (np.arange(n_members), signup_day, np.full(n_members, -1), np.zeros(n_members, int),
         np.zeros(n_members, int)),
    ]  # fmt: skip
    carried = np.flatnonzero(cur > 0)
    log.append(
        (carried, np.full(len(carried), CARRY_OVER_DAY), np.zeros(len(carried), int),
         cur[carried], np.ones(len(carried), int)),
    )  # fmt: skip
    history = [cur.copy()]
    active = np.ones(n_members, bool)
    for r in reviews:
        linked = day < np.minimum(exit_day[member], big)
        win = linked & (day >= r - WINDOW_DAYS) & (day < r)
        spend = np.bincount(member[win], qual_fen[win], n_members)
        member_now = active & (signup_day < r)
        if r >= EXIT_FROM:
            past = linked & (day < r)
            last = np.full(n_members, -big)
            np.maximum.at(last, member[past], day[past])
            leaving = (
                member_now & (last < r - EXIT_AFTER_DAYS) & (signup_day <= r - EXIT_AFTER_DAYS)
            )
            idx = np.flatnonzero(leaving)
            log.append((idx, np.full(len(idx), r), cur[idx], np.full(len(idx), -1),
                        np.full(len(idx), 3)))  # fmt: skip
            exit_day[idx] = r
            active &= ~leaving
            member_now &= ~leaving
        reach = _entry_tier(spend, entry_fen)
        up = member_now & (reach > cur)
        down = member_now & ~up & (spend < keep_fen[cur]) & (cur > 0)
        new = np.where(up, reach, np.where(down, cur - 1, cur))
        for mask, kind in ((up, 1), (down, 2)):
            idx = np.flatnonzero(mask)
            log.append((idx, np.full(len(idx), r), cur[idx], new[idx], np.full(len(idx), kind)))
        cur = np.where(active, new, -1)
        history.append(cur.copy())
    changes = tuple(np.concatenate([entry[i] for entry in log]) for i in range(5))
    return Tiers(np.array(history), exit_day, changes)


def _entry_tier(spend: np.ndarray, entry_fen: np.ndarray) -> np.ndarray:
    return np.searchsorted(entry_fen, spend, side="right") - 1


def earned_points(paid_before_points_fen: np.ndarray, multiplier: np.ndarray) -> np.ndarray:
    """Points for each receipt: whole yuan paid times the multiplier, rounded down.

    Multipliers have at most one decimal (the rules file checks it), so the sum is done in
    tenths of a point with integers: 1.2 x 35 is exactly 42, never 41.99999.
    """
    mult10 = np.round(np.asarray(multiplier, dtype=np.float64) * 10).astype(np.int64)
    return (paid_before_points_fen // 100) * mult10 // 10


@dataclass
class Points:
    """Points per member receipt and the expiry entries."""

    earned: np.ndarray  # per receipt (member receipts, in the order given)
    redeemed: np.ndarray  # points used per receipt (positive number)
    expire_member: np.ndarray
    expire_day: np.ndarray
    expire_points: np.ndarray


def points(
    member: np.ndarray,
    day: np.ndarray,
    tier: np.ndarray,
    paid_before_points_fen: np.ndarray,
    redeemer: np.ndarray,
    exit_day: np.ndarray,
) -> Points:
    """Earn, redeem and expire points; receipts must be sorted by member then time."""
    earned = earned_points(paid_before_points_fen, TIER_MULTIPLIER[tier])
    first = np.r_[True, member[1:] != member[:-1]]
    start = np.maximum.accumulate(np.where(first, np.arange(len(member)), 0))
    cum = np.cumsum(earned)
    before = cum - earned - (cum - earned)[start]  # member's points before this receipt
    blocks_avail = before // BLOCK_POINTS
    eligible = redeemer[member] & (paid_before_points_fen >= MIN_REDEEM_FEN)
    # Blocks already available at the member's previous eligible receipt were used then.
    prev = np.where(eligible, blocks_avail, -1)
    last_seen = _ffill_prev(prev, start)
    blocks = np.where(eligible, blocks_avail - np.maximum(last_seen, 0), 0)
    blocks = np.minimum(blocks, paid_before_points_fen // BLOCK_FEN)
    redeemed = blocks * BLOCK_POINTS

    n = len(redeemer)
    total_earned = np.bincount(member, earned, n).astype(np.int64)
    total_red = np.bincount(member, redeemed, n).astype(np.int64)
    h1 = day < EXPIRE_FROM
    earned_h1 = np.bincount(member[h1], earned[h1], n).astype(np.int64)
    exited = exit_day < 10**6
    bal = total_earned - total_red
    year_end = np.where(exited, 0, np.maximum(earned_h1 - total_red, 0))
    at_exit = np.where(exited, bal, 0)
    ex_m = np.concatenate([np.flatnonzero(at_exit > 0), np.flatnonzero(year_end > 0)])
    ex_d = np.concatenate([exit_day[at_exit > 0], np.full((year_end > 0).sum(), 364)])
    ex_p = np.concatenate([at_exit[at_exit > 0], year_end[year_end > 0]])
    return Points(earned, redeemed, ex_m, ex_d, ex_p)


def _ffill_prev(values: np.ndarray, group_start: np.ndarray) -> np.ndarray:
    """For each row, the last value >= 0 strictly before it within its member (else -1).

    ``group_start[i]`` is the first row of row i's member. A running maximum of the rows
    holding a value finds the latest such row before each row; it belongs to the same
    member only if it is not before the member's first row.
    """
    n = len(values)
    held = np.where(values >= 0, np.arange(n), -1)
    last = np.empty(n, dtype=held.dtype)
    last[:1] = -1
    np.maximum.accumulate(held[:-1], out=last[1:])
    return np.where(last >= group_start, values[np.maximum(last, 0)], -1)
