"""Members: who they are (the customers table) and how they will behave (the hidden plan).

The plan holds what exercises should *discover* and the data never states: each member's
segment, visit rate, whether and when they fade away, and whether a complaint of theirs
will be handled slowly. Tests read the plan to check the planted patterns are present.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from faker.providers.person.zh_CN import Provider as ZhNames

from storecrm.data.simulation import params as P
from storecrm.data.simulation.calendar import N_DAYS, day_of

__all__ = ["FADE_DAYS", "Members", "make_members", "phone_numbers"]

#: Days over which a churning member's visits fade before they stop.
FADE_DAYS = 90
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
    churn_day: np.ndarray  # day visits stop; >= N_DAYS + FADE_DAYS means no churn
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
    rate = weekly / 7 * rng.lognormal(-0.125, 0.5, n)
    churn_p = np.array([s["churn"] for s in segs])[segment]
    churns = rng.random(n) < churn_p
    first = np.maximum(signup, 0) + 45
    churn_day = np.where(churns, first + rng.integers(0, N_DAYS + 60, n), 10 * N_DAYS).astype(
        np.int64
    )
    # Students mostly leave the area when they graduate (late June).
    student = seg_names.index("student")
    grads = churns & (segment == student) & (rng.random(n) < 0.6)
    churn_day[grads] = np.maximum(
        first[grads], day_of("2025-06-25") + rng.integers(0, 20, n)[grads]
    )

    gender = rng.choice(3, size=n, p=[0.52, 0.43, 0.05])
    age = _pick(rng, np.array([s["age"] for s in segs]), segment)
    district_of_store = np.array([P.DISTRICTS.index(s[4]) for s in P.STORES])
    district = np.where(
        rng.random(n) < 0.75, district_of_store[home], rng.integers(0, len(P.DISTRICTS), n)
    )
    channel = _pick(rng, np.array([s["signup"] for s in segs]), segment)
    return Members(
        segment=segment.astype(np.int8),
        signup_day=signup.astype(np.int64),
        home_store=home.astype(np.int8),
        rate=rate,
        churn_day=churn_day,
        consent=rng.random(n) < 0.68,
        redeemer=rng.random(n) < 0.55,
        age_band=age,
        gender=gender,
        district=district,
        signup_channel=channel,
        names=_names(rng, gender),
        phones=phone_numbers(rng, n),
    )
