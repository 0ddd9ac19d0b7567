"""Store visits: when members and walk-in shoppers come, to which store, and how they pay.

A member's expected visits on a day are their own rate times weekday, season and store
factors, faded towards zero before they stop (how fast depends on why they leave), lowered
after a slowly handled complaint and raised a little while they hold a campaign coupon.
Visits form a Poisson process over the members-by-days rate matrix, processed in blocks of
members so memory stays flat. Walk-in trade at the Riverside supermarket falls a little
once the competitor opens next door.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from storecrm.data.simulation import params as P
from storecrm.data.simulation.calendar import N_DAYS, day_factors, day_of, weekdays
from storecrm.data.simulation.people import COMPETITOR_OPENS, COMPETITOR_STORE, NEVER, Members
from storecrm.data.simulation.sampling import grouped_inverse_cdf

__all__ = [
    "COMPETITOR_WALK_IN_MULT",
    "Effects",
    "Visits",
    "member_visits",
    "visit_details",
    "walk_in_visits",
]

_BLOCK = 8192
#: Walk-in trade at the competitor's neighbour after it opens, relative to before.
COMPETITOR_WALK_IN_MULT = 0.85
_STORE_FORMAT = np.array([0 if s[3] == "convenience" else 1 for s in P.STORES])


@dataclass
class Effects:
    """Per-member multipliers on the visit rate from complaints and campaigns."""

    complaint_day: np.ndarray  # day of complaint, or a large number
    complaint_mult: np.ndarray  # multiplier from the day after the complaint
    windows: list[tuple[int, int, np.ndarray, float]]  # (start, end, treated bool, mult)


@dataclass
class Visits:
    """One entry per visit (receipt), unsorted."""

    member: np.ndarray  # member index, -1 for walk-ins
    day: np.ndarray
    store: np.ndarray
    profile: np.ndarray  # 0..4 member segments, 5 walk-in convenience, 6 walk-in super
    second: np.ndarray  # seconds after midnight
    channel: np.ndarray
    payment: np.ndarray


def member_visits(
    rng: np.random.Generator,
    m: Members,
    effects: Effects,
    rate_scale: np.ndarray | None = None,
    from_day: np.ndarray | None = None,
    tick: Callable[[int], None] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Draw visit days for every member; return (member index, day) per visit.

    ``rate_scale``/``from_day`` reuse the same machinery for win-back returners, who
    shop again at a reduced rate from the day they come back.
    """
    segs = list(P.SEGMENTS.values())
    wd = np.array([s["weekday"] for s in segs])[:, weekdays()]  # (segments, days)
    season = day_factors()
    # One (segment x store format) row of day factors, so each block needs one gather.
    day_rows = (wd[:, None, :] * season[None, :, :]).reshape(-1, N_DAYS).astype(np.float32)
    row_of = m.segment.astype(np.int64) * 2 + _STORE_FORMAT[m.home_store]
    days = np.arange(N_DAYS)
    out_m, out_d = [], []
    for lo in range(0, m.n, _BLOCK):
        hi = min(lo + _BLOCK, m.n)
        idx = np.arange(lo, hi)
        base = m.rate[idx] if rate_scale is None else m.rate[idx] * rate_scale[idx]
        rate = day_rows[row_of[idx]]
        rate *= base.astype(np.float32)[:, None]
        # New members' regular visits start the day after their first purchase (which the
        # caller adds); win-back returners' on the day they come back.
        start = m.first_day[idx] + 1 if from_day is None else from_day[idx]
        late = np.flatnonzero(start > 0)  # only members who start after 1 January
        rate[late] *= days[None, :] >= start[late, None]
        if from_day is None:
            churning = np.flatnonzero(m.churn_day[idx] < NEVER)
            churn = m.churn_day[idx][churning, None]
            fade_days = m.fade_days[idx][churning, None]
            fade = np.clip((churn - days[None, :]) / fade_days, 0.0, 1.0)
            rate[churning] *= np.where(days[None, :] >= churn, 0.0, 0.1 + 0.9 * fade).astype(
                np.float32
            )
        hurt = np.flatnonzero(effects.complaint_mult[idx] != 1.0)
        after = days[None, :] > effects.complaint_day[idx][hurt, None]
        rate[hurt] *= np.where(after, effects.complaint_mult[idx][hurt, None], 1.0).astype(
            np.float32
        )
        for s, e, treated, mult in effects.windows:
            rate[treated[idx], s : e + 1] *= np.float32(mult)
        # Poisson process per member: draw the member's total for the year, then place
        # each visit on a day by inverse CDF of their daily rates. Equivalent to a Poisson
        # draw per member-day, but random numbers are only needed for actual visits.
        cum = np.cumsum(rate, axis=1, dtype=np.float64)
        total = cum[:, -1].copy()
        n = rng.poisson(total)
        who = np.repeat(np.arange(hi - lo), n)
        step = float(total.max()) + 1.0
        offset = np.arange(hi - lo) * step
        cum += offset[:, None]
        u = rng.random(len(who)) * total[who] + offset[who]
        flat = np.searchsorted(cum.ravel(), u, side="right")
        out_m.append(who + lo)
        out_d.append(np.minimum(flat - who * N_DAYS, N_DAYS - 1))
        if tick:
            tick(hi - lo)
    return np.concatenate(out_m), np.concatenate(out_d)


def walk_in_visits(rng: np.random.Generator, per_store_day: float) -> tuple[np.ndarray, ...]:
    """Visits by shoppers who are not members: (store, day) per visit.

    The busier stations and the supermarket get more walk-in trade than the quieter stores.
    """
    season = day_factors()
    weight = np.array([1.3, 1.0, 1.0, 0.8, 1.2])
    stores, days = [], []
    for s in range(len(P.STORES)):
        fmt = _STORE_FORMAT[s]
        prof = P.WALK_IN["convenience" if fmt == 0 else "supermarket"]
        lam = per_store_day * weight[s] * season[fmt] * np.array(prof["weekday"])[weekdays()]
        if s == COMPETITOR_STORE:  # the discount grocer next door takes some passing trade
            lam[day_of(COMPETITOR_OPENS) :] *= COMPETITOR_WALK_IN_MULT
        n = rng.poisson(lam)
        days.append(np.repeat(np.arange(N_DAYS), n))
        stores.append(np.full(n.sum(), s, dtype=np.int8))
    return np.concatenate(stores), np.concatenate(days)


def _draw(rng: np.random.Generator, probs: np.ndarray, group: np.ndarray) -> np.ndarray:
    """One category per row from the probability row ``probs[group]`` (as int8)."""
    cum = np.cumsum(probs, axis=1)
    cum /= cum[:, -1:]
    u = rng.random(len(group))
    out = grouped_inverse_cdf(cum, group, u)
    return np.minimum(out, probs.shape[1] - 1).astype(np.int8)


def visit_details(
    rng: np.random.Generator,
    m: Members,
    member: np.ndarray,
    day: np.ndarray,
    walk_store: np.ndarray,
    walk_day: np.ndarray,
    at_home: np.ndarray,
) -> Visits:
    """Give every visit a store, a time of day, a channel and a payment method.

    ``at_home`` marks member visits that happen at the member's home store (a sign-up
    purchase); the others are there 85 % of the time.
    """
    segs = list(P.SEGMENTS.values())
    seg = m.segment[member]
    pref = np.array([s["stores"] for s in segs])
    other = _draw(rng, pref, seg)
    home = at_home | (rng.random(len(member)) < 0.85)
    store = np.where(home, m.home_store[member], other).astype(np.int8)
    walk_fmt = _STORE_FORMAT[walk_store]
    profile = np.concatenate([seg.astype(np.int8), (5 + walk_fmt).astype(np.int8)])
    store = np.concatenate([store, walk_store])
    all_day = np.concatenate([day, walk_day])
    members = np.concatenate([member, np.full(len(walk_day), -1)])
    walk = [P.WALK_IN["convenience"], P.WALK_IN["supermarket"]]
    profiles = segs + walk
    hours = np.array([p["hours"] for p in profiles])
    hour = _draw(rng, hours, profile).astype(np.int64)
    # The supermarket opens 08:00-22:00: move early and late visits into its hours.
    sup = _STORE_FORMAT[store] == 1
    hour = np.where(sup & (hour < 8), 8 + hour % 2, hour)
    hour = np.where(sup & (hour > 21), 20 + hour % 2, hour)
    second = hour * 3600 + rng.integers(0, 3600, len(hour))
    channel = _draw(rng, np.array([p["channel"] for p in profiles]), profile)
    # A purchase at sign-up in the store is made in the store.
    channel[: len(member)][at_home & (m.signup_channel[member] == 0)] = 0
    payment = _draw(rng, np.array([p["payment"] for p in profiles]), profile)
    return Visits(members, all_day, store, profile, second, channel, payment)
