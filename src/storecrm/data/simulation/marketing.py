"""Campaigns: who is targeted, the random hold-out, and which coupons are used.

Every campaign splits its target list at random into a treatment group (coupon sent) and a
control group (nothing sent, but listed), so its effect can be measured honestly. Holding
a coupon raises a member's visit rate a little (a real but modest effect); the win-back
campaign brings back a share of lapsed members, more of them in treatment than in control.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from storecrm.data.simulation.calendar import day_of
from storecrm.data.simulation.people import Members

__all__ = [
    "ACQUISITION_COST",
    "CAMPAIGNS",
    "WINBACK",
    "Campaign",
    "acquisition_spend",
    "redeem",
    "regular_targets",
    "winback",
]


@dataclass(frozen=True)
class Campaign:
    """One campaign row plus the simulation knobs behind it."""

    campaign_id: str
    name: str
    offer_type: str
    target: str
    starts_on: str
    ends_on: str
    coupon_fen: int
    min_spend_fen: int
    control_share: float = 0.2
    uplift: float = 1.15
    redeem_p: float = 0.5
    setup_fen: int = 150_000  # design, posters and staff briefing
    per_send_fen: int = 5  # one SMS or app message per treated member

    @property
    def start(self) -> int:
        """First day number."""
        return day_of(self.starts_on)

    @property
    def end(self) -> int:
        """Last day number."""
        return day_of(self.ends_on)


CAMPAIGNS: list[Campaign] = [
    Campaign("C01", "Spring Festival basket", "spend_threshold",
             "consented members who joined before 2025-01-01", "2025-01-13", "2025-01-28",
             1000, 8800),
    Campaign("C02", "Breakfast club", "spend_threshold",
             "consented members who signed up at S01 or S02", "2025-03-03", "2025-03-30",
             300, 1500),
    Campaign("C03", "Summer drinks", "spend_threshold",
             "consented members who joined before 2025-06-01", "2025-06-16", "2025-07-13",
             500, 3000),
    Campaign("C04", "Back to campus", "spend_threshold",
             "consented members who signed up at S03", "2025-09-01", "2025-09-14",
             500, 2500),
    Campaign("C05", "We miss you", "win_back",
             "consented members whose last purchase was 90 to 150 days before 2025-09-15",
             "2025-09-15", "2025-10-14", 1500, 5000, control_share=0.4, uplift=1.0,
             redeem_p=0.8),
    Campaign("C06", "Mid-Autumn mooncakes", "spend_threshold",
             "consented members who signed up at S05", "2025-09-22", "2025-10-06",
             2000, 12800),
    Campaign("C07", "Year-end thank you", "spend_threshold",
             "consented members who joined before 2025-11-01", "2025-12-01", "2025-12-21",
             1000, 6000),
]  # fmt: skip
WINBACK = CAMPAIGNS[4]

#: What recruiting members costs, by sign-up channel: a fixed amount a month (fen) and an
#: amount per member signed up (fen). In store: a bonus for the cashier and a leaflet; app:
#: app-store advertising; mini-program: WeChat moments ads; referral: the reward paid to
#: the member who referred. Planted: app sign-ups cost most per member and, being drawn
#: by an install offer, most often never come back (``people.LEAVING``).
ACQUISITION_COST = {
    "in_store": (30_000, 300),
    "app": (150_000, 2_500),
    "mini_program": (60_000, 1_000),
    "referral": (0, 1_000),
}


def acquisition_spend(
    rng: np.random.Generator, m: Members
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Recruitment spend per (month, sign-up channel) of 2025: (month 0-11, channel, fen).

    Spend follows the month's sign-ups through the channel, with a little noise (invoices
    never match exactly).
    """
    from storecrm.data.simulation.calendar import month_starts
    from storecrm.data.simulation.params import SIGNUP_CHANNELS

    new = m.signup_day >= 0
    month = np.searchsorted(month_starts(), m.signup_day[new], side="right") - 1
    n_ch = len(SIGNUP_CHANNELS)
    counts = np.bincount(month * n_ch + m.signup_channel[new], minlength=12 * n_ch)
    fixed = np.array([ACQUISITION_COST[c][0] for c in SIGNUP_CHANNELS])
    per = np.array([ACQUISITION_COST[c][1] for c in SIGNUP_CHANNELS])
    months, channels = np.divmod(np.arange(12 * n_ch), n_ch)
    scale = m.n / 3000  # fixed costs grow with the chain's size, as the sizes do
    fen = (fixed[channels] * scale + per[channels] * counts) * rng.uniform(0.93, 1.07, 12 * n_ch)
    return months, channels, (np.round(fen / 100) * 100).astype(np.int64)


_SIGNUP_STORES = {"C02": (0, 1), "C04": (2,), "C06": (4,)}
_JOINED_BEFORE = {"C01": "2025-01-01", "C03": "2025-06-01", "C07": "2025-11-01"}


def regular_targets(rng: np.random.Generator, m: Members) -> dict[str, tuple[np.ndarray, ...]]:
    """Targets and random groups for the campaigns chosen before they start.

    Returns, per campaign id, (member indices, treated bool) in member order.
    """
    out = {}
    for c in CAMPAIGNS:
        if c is WINBACK:
            continue
        if c.campaign_id in _SIGNUP_STORES:
            chosen = m.consent & np.isin(m.home_store, _SIGNUP_STORES[c.campaign_id])
            chosen &= m.signup_day < c.start
        else:
            chosen = m.consent & (m.signup_day < day_of(_JOINED_BEFORE[c.campaign_id]))
        idx = np.flatnonzero(chosen)
        treated = rng.random(len(idx)) >= c.control_share
        out[c.campaign_id] = (idx, treated)
    return out


def winback(
    rng: np.random.Generator, m: Members, member: np.ndarray, day: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Choose the win-back target from the visits so far and decide who comes back.

    Returns (target member indices, treated bool, return day or -1). Treated members come
    back with probability 0.4 within a few weeks; control members with 0.05, spread over
    the following two months (people do drift back on their own).
    """
    c = WINBACK
    last = np.full(m.n, -(10**6))
    before = day < c.start
    np.maximum.at(last, member[before], day[before])
    gap = c.start - last
    idx = np.flatnonzero(m.consent & (gap >= 90) & (gap <= 150))
    treated = rng.random(len(idx)) >= c.control_share
    p = np.where(treated, 0.4, 0.05)
    back = rng.random(len(idx)) < p
    delay = np.where(
        treated,
        np.minimum(rng.exponential(8.0, len(idx)).astype(int), 29),
        rng.integers(0, 60, len(idx)),
    )
    ret = np.where(back, c.start + delay, -1)
    return idx, treated, ret


def redeem(
    rng: np.random.Generator,
    c: Campaign,
    targets: np.ndarray,
    treated: np.ndarray,
    r_member: np.ndarray,
    r_day: np.ndarray,
    basket_fen: np.ndarray,
    taken: np.ndarray,
) -> np.ndarray:
    """Pick the receipt (index, or -1) on which each target used the coupon.

    A treated member uses it, with probability ``redeem_p``, on their first receipt in the
    campaign window whose basket reaches the minimum spend; one coupon per receipt
    (``taken`` marks receipts that already carry one and is updated).
    """
    size = max(int(r_member.max(initial=0)), int(targets.max(initial=0))) + 2
    lookup = np.full(size, -1)
    lookup[targets[treated]] = np.arange(treated.sum())
    ok = (r_member >= 0) & (r_day >= c.start) & (r_day <= c.end) & ~taken
    ok &= basket_fen >= c.min_spend_fen
    ok &= lookup[np.maximum(r_member, 0)] >= 0
    cand = np.flatnonzero(ok)  # receipts are in time order
    who = lookup[r_member[cand]]
    first_idx = np.full(treated.sum(), -1)
    # reverse assignment keeps the earliest receipt per member
    first_idx[who[::-1]] = cand[::-1]
    willing = rng.random(len(first_idx)) < c.redeem_p
    first_idx = np.where(willing, first_idx, -1)
    out = np.full(len(targets), -1)
    out[np.flatnonzero(treated)] = first_idx
    used = first_idx[first_idx >= 0]
    taken[used] = True
    return out
