"""Members: who they are (the customers table) and how they will behave (the hidden plan).

The plan holds what exercises should *discover* and the data never states: each member's
segment, visit rate, basket habit, whether, when and why they stop coming, and whether a
complaint of theirs will be handled slowly. Tests read the plan to check the planted
patterns are present.

Why members stop (``LEAVE_REASONS``, sizes in ``LEAVING``): some new members only ever
shop once; others drift away over weeks (visits thin out, baskets shrink); some move out
of the district (they stop at once); students leave University Town in summer; members
of the Riverside supermarket leave for a discount grocer that opens nearby on
``COMPETITOR_OPENS``; and a slowly handled complaint drives some away (planned in
:mod:`.service`, because it depends on the ticket).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from faker.providers.person.zh_CN import Provider as ZhNames

from storecrm.data.simulation import params as P
from storecrm.data.simulation.calendar import N_DAYS, day_of

__all__ = [
    "COMPETITOR_OPENS",
    "COMPETITOR_STORE",
    "FADE_DAYS",
    "LEAVE_REASONS",
    "LEAVING",
    "NEVER",
    "Members",
    "make_members",
    "phone_numbers",
]

#: Days over which a drifting member's visits fade before they stop.
FADE_DAYS = 90
#: ``leave_day`` of a member who does not leave.
NEVER = 10 * N_DAYS
#: Why a member stops coming (index = ``Members.leave_reason``; -1: they do not leave).
LEAVE_REASONS = ["drifted_away", "moved_away", "competitor", "complaint", "graduated", "one_off"]
#: Days a leaver's visits fade before they stop, by reason (moving is sudden).
FADE_BY_REASON = np.array([FADE_DAYS, 1, 1, 14, 60, 1])
#: A discount grocer opens next to the Riverside supermarket (S05) on this day.
COMPETITOR_OPENS = "2025-08-18"
COMPETITOR_STORE = 4
#: Planted leaving, by reason. ``one_off``: share of new members whose first purchase is
#: their only one, by sign-up channel (app sign-ups chase an install offer).
#: ``early_lifetime_days``: new members who stay past the first visit leave
#: after an exponential lifetime with this mean with probability ``early_leave`` (so the
#: share still coming falls month by month). ``moved_away``: share of members a year.
#: ``competitor``: share of S05's members who switch, by segment (bargain hunters most).
#: ``graduating_students``: share of students who leave University Town in late June.
LEAVING = {
    "one_off": {"in_store": 0.22, "app": 0.38, "mini_program": 0.25, "referral": 0.12},
    "early_leave": 0.35,
    "early_lifetime_days": 120.0,
    "moved_away": 0.04,
    "competitor": {"bargain_hunter": 0.6, "family": 0.35, "other": 0.15},
    "graduating_students": 0.3,
}
#: Spread (log scale) of members' visit rates and basket habits: what makes a few members
#: worth far more than most (top tenth about 45 % of member sales).
RATE_SIGMA = 0.6
BASKET_SIGMA = 0.35
_PHONE_PREFIXES = np.array(
    ["130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "152", "155",
     "158", "159", "177", "180", "185", "186", "187", "188", "189", "199"]
)  # fmt: skip


@dataclass
class Members:
    """Arrays with one entry per member, in customer_id order (earliest sign-up first)."""

    segment: np.ndarray  # int index into SEGMENTS
    signup_day: np.ndarray  # day number, negative before 2025
    home_store: np.ndarray  # 0..4
    rate: np.ndarray  # expected visits per day before weekday/season factors
    basket: np.ndarray  # multiplier on lines per basket beyond the first (own habit)
    churn_day: np.ndarray  # day visits stop; NEVER for members who stay
    leave_reason: np.ndarray  # index into LEAVE_REASONS, -1 for members who stay
    fade_days: np.ndarray  # days over which visits and baskets shrink before churn_day
    first_day: np.ndarray  # day of a new member's first purchase (-1: joined before 2025)
    consent: np.ndarray  # bool
    redeemer: np.ndarray  # bool: uses points when it can
    age_band: np.ndarray
    gender: np.ndarray
    district: np.ndarray
    signup_channel: np.ndarray
    names: np.ndarray
    phones: np.ndarray

    @property
    def n(self) -> int:
        """Number of members."""
        return len(self.segment)


def phone_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """Invented mobile numbers, masked as on a receipt: ``138****0427``."""
    prefix = _PHONE_PREFIXES[rng.integers(0, len(_PHONE_PREFIXES), n)]
    tail = np.char.zfill(rng.integers(0, 10_000, n).astype(str), 4)
    return np.char.add(np.char.add(prefix, "****"), tail)


def _names(rng: np.random.Generator, gender: np.ndarray) -> np.ndarray:
    """Chinese names drawn from faker's zh_CN name lists with our seeded generator.

    Sampling faker's lists with numpy gives faker-style names at numpy speed; calling
    ``Faker.name()`` once per member would dominate the large size's run time.
    """
    last = np.array(list(ZhNames.last_names.keys()))
    w = np.array(list(ZhNames.last_names.values()), dtype=float)
    surname = last[rng.choice(len(last), size=len(gender), p=w / w.sum())]
    female = np.array(ZhNames.first_names_female)
    male = np.array(ZhNames.first_names_male)
    given = np.where(
        gender == 0,
        female[rng.integers(0, len(female), len(gender))],
        male[rng.integers(0, len(male), len(gender))],
    )
    return np.char.add(surname, given)


def _pick(rng: np.random.Generator, probs: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Draw one category per row from the probability row ``probs[group]`` (vectorised)."""
    cum = np.cumsum(probs, axis=1)
    cum /= cum[:, -1:]
    u = rng.random(len(group))
    return (u[:, None] > cum[group]).sum(axis=1)


def make_members(rng: np.random.Generator, n: int) -> Members:
    """Plan ``n`` members with segments, sign-up dates, visit rates and churn."""
    seg_names = list(P.SEGMENTS)
    segs = [P.SEGMENTS[s] for s in seg_names]
    share = np.array([s["share"] for s in segs])
    segment = rng.choice(len(segs), size=n, p=share / share.sum())
    # 62 % joined before 2025 (from mid-2021), the rest during the year.
    early = rng.random(n) < 0.62
    signup = np.where(
        early,
        rng.integers(day_of("2021-06-01"), 0, n),
        rng.integers(0, N_DAYS, n),
    )
    order = np.argsort(signup, kind="stable")
    segment, signup = segment[order], signup[order]

    home = _pick(rng, np.array([s["stores"] for s in segs]), segment)
    weekly = np.array([s["visits_per_week"] for s in segs])[segment]
    rate = weekly / 7 * rng.lognormal(-(RATE_SIGMA**2) / 2, RATE_SIGMA, n)
    basket = rng.lognormal(-(BASKET_SIGMA**2) / 2, BASKET_SIGMA, n)
    channel = _pick(rng, np.array([s["signup"] for s in segs]), segment)
    # A new member signing up in store does so at a purchase; app and mini-program
    # sign-ups make their first purchase a few days later.
    delay = np.where(channel == 0, 0, rng.exponential(5.0, n).astype(np.int64))
    first_day = np.where(signup >= 0, signup + delay, -1)
    churn_day, reason = _plan_leaving(rng, segment, signup, first_day, home, channel, seg_names)
    gender = rng.choice(3, size=n, p=[0.52, 0.43, 0.05])
    age = _pick(rng, np.array([s["age"] for s in segs]), segment)
    district_of_store = np.array([P.DISTRICTS.index(s[4]) for s in P.STORES])
    district = np.where(
        rng.random(n) < 0.75, district_of_store[home], rng.integers(0, len(P.DISTRICTS), n)
    )
    return Members(
        segment=segment.astype(np.int8),
        signup_day=signup.astype(np.int64),
        home_store=home.astype(np.int8),
        rate=rate,
        basket=basket,
        churn_day=churn_day,
        leave_reason=reason.astype(np.int8),
        fade_days=np.where(reason >= 0, FADE_BY_REASON[reason], 1).astype(np.int64),
        first_day=first_day.astype(np.int64),
        consent=rng.random(n) < 0.68,
        redeemer=rng.random(n) < 0.55,
        age_band=age,
        gender=gender,
        district=district,
        signup_channel=channel,
        names=_names(rng, gender),
        phones=phone_numbers(rng, n),
    )


def _plan_leaving(
    rng: np.random.Generator,
    segment: np.ndarray,
    signup: np.ndarray,
    first_day: np.ndarray,
    home: np.ndarray,
    channel: np.ndarray,
    seg_names: list[str],
) -> tuple[np.ndarray, np.ndarray]:
    """Day each member stops coming and why (``NEVER`` and -1 for members who stay).

    Reasons are drawn one after another; a later, earlier-dated reason replaces an earlier
    one, because a member can only leave once.
    """
    n = len(segment)
    churn_day = np.full(n, NEVER, dtype=np.int64)
    reason = np.full(n, -1, dtype=np.int64)

    def leave(mask: np.ndarray, day: np.ndarray, why: str) -> None:
        sooner = mask & (day < churn_day)
        churn_day[sooner] = day[sooner]
        reason[sooner] = LEAVE_REASONS.index(why)

    start = np.maximum(signup, 0) + 45
    # Drifting away: each segment's yearly share, any time in the year (students mostly
    # leave by graduating instead, below).
    drift_p = np.array([P.SEGMENTS[s]["churn"] for s in seg_names])[segment]
    student = segment == seg_names.index("student")
    drift_p = np.where(student, drift_p / 3, drift_p)
    leave(rng.random(n) < drift_p, start + rng.integers(0, N_DAYS + 60, n), "drifted_away")
    # New members: some never come back; of the rest, some leave after a short lifetime.
    new = first_day >= 0
    lifetime = rng.exponential(LEAVING["early_lifetime_days"], n).astype(np.int64)
    leave(new & (rng.random(n) < LEAVING["early_leave"]), first_day + 14 + lifetime,
          "drifted_away")  # fmt: skip
    once = np.array([LEAVING["one_off"][c] for c in P.SIGNUP_CHANNELS])[channel]
    leave(new & (rng.random(n) < once), first_day + 1, "one_off")
    # Moving away: sudden, any day of the year.
    leave(rng.random(n) < LEAVING["moved_away"], np.maximum(signup, 0) + rng.integers(
        1, N_DAYS, n), "moved_away")  # fmt: skip
    # The competitor: Riverside members switch one to eight weeks after it opens.
    comp = LEAVING["competitor"]
    p_comp = np.where(
        segment == seg_names.index("bargain_hunter"),
        comp["bargain_hunter"],
        np.where(segment == seg_names.index("family"), comp["family"], comp["other"]),
    )
    opens = day_of(COMPETITOR_OPENS)
    switch = (home == COMPETITOR_STORE) & (signup < opens) & (rng.random(n) < p_comp)
    leave(switch, opens + rng.integers(7, 56, n), "competitor")
    # Students leave the area when they graduate (late June).
    grads = student & (rng.random(n) < LEAVING["graduating_students"])
    grad_day = np.maximum(start, day_of("2025-06-25") + rng.integers(0, 20, n))
    leave(grads & (grad_day < day_of("2025-07-20")), grad_day, "graduated")
    return churn_day, reason
