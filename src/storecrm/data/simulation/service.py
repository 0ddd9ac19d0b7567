"""Complaint tickets and satisfaction surveys.

Complaints are planned before visits are drawn, because how a complaint is handled changes
how often the member comes back: a ticket resolved within two days leaves the visit rate
as it was, a slow one (more than three days) cuts it to under half, and a share of slowly
handled members leave altogether within a few weeks (``COMPLAINT_LEAVE``: most of those
whose ticket stays unresolved).

Surveys come in two kinds: the visit survey about a quarter of shoppers answer, and an exit
survey, a phone call to members who have stopped coming, asking why (``EXIT_SURVEY``).
Members mostly give their real reason; the answers and the data point the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from storecrm.data.schema import CATEGORY_VALUES
from storecrm.data.simulation.calendar import N_DAYS
from storecrm.data.simulation.people import LEAVE_REASONS, NEVER, Members
from storecrm.data.simulation.staff import SLOW_HANDLER, handlers, staff_index

__all__ = [
    "COMPLAINT_LEAVE",
    "EXIT_SURVEY",
    "SLOW_HOURS",
    "Complaints",
    "plan_complaints",
    "surveys",
]

#: A complaint counts as slowly handled when it takes longer than this to resolve.
SLOW_HOURS = 72
_SLOW_MULT = 0.45
#: Chance a member leaves within 10-50 days of a slowly handled complaint, by whether the
#: ticket ended unresolved.
COMPLAINT_LEAVE = {"unresolved": 0.7, "resolved_slowly": 0.25}
#: Exit survey: share of leavers (with marketing consent, gone by early December) who
#: answer, how long after their leaving day they are called, and the chance they give
#: their real reason (otherwise another reason at random).
EXIT_SURVEY = {"answer_p": 0.4, "call_after_days": (30, 60), "true_reason_p": 0.8}


@dataclass
class Complaints:
    """One entry per ticket (member order)."""

    member: np.ndarray
    store: np.ndarray
    opened_s: np.ndarray  # seconds since 2025-01-01 00:00
    first_response_s: np.ndarray
    resolved_s: np.ndarray
    channel: np.ndarray
    category: np.ndarray
    outcome: np.ndarray
    satisfaction: np.ndarray
    slow: np.ndarray
    staff: np.ndarray  # global staff index of the handler


def plan_complaints(
    rng: np.random.Generator, m: Members
) -> tuple[Complaints, np.ndarray, np.ndarray]:
    """Plan tickets; return them with per-member (complaint day, visit multiplier).

    Members driven away by a slow ticket get their leaving day and reason set in ``m``.
    """
    first = np.maximum(m.signup_day, 0) + 7
    last = np.minimum(m.churn_day - m.fade_days - 14, N_DAYS - 20)
    ok = (last > first) & (rng.random(m.n) < 0.09)
    member = np.flatnonzero(ok)
    n = len(member)
    day = first[member] + (rng.random(n) * (last[member] - first[member])).astype(int)
    store = np.where(rng.random(n) < 0.85, m.home_store[member], rng.integers(0, 5, n))
    # The Old Town store (S04) is short of a supervisor: its tickets are slow more often,
    # mostly those of one shift lead.
    number = handlers(rng, store)
    at_s04 = store == SLOW_HANDLER[0]
    slow_p = np.where(at_s04, np.where(number == SLOW_HANDLER[1], 0.8, 0.35), 0.25)
    slow = rng.random(n) < slow_p
    channel = rng.choice(4, n, p=[0.45, 0.2, 0.25, 0.1])
    category = rng.choice(8, n, p=[0.14, 0.16, 0.14, 0.12, 0.14, 0.12, 0.08, 0.10])
    opened = day * 86400 + rng.integers(8 * 3600, 21 * 3600, n)
    resp_h = np.select(
        [channel == 0, channel == 1, channel == 3],
        [rng.uniform(0, 0.5, n), rng.uniform(0.2, 4, n), rng.uniform(0.3, 3, n)],
        rng.uniform(2, 30, n),
    )
    resp_h = np.where(slow, resp_h * rng.uniform(2, 4, n), resp_h)
    res_h = np.where(slow, rng.uniform(SLOW_HOURS + 1, 16 * 24, n), rng.uniform(1, 48, n))
    res_h = np.maximum(res_h, resp_h + 0.25)
    first_resp = opened + (resp_h * 3600).astype(np.int64)
    resolved = opened + (res_h * 3600).astype(np.int64)
    outcomes = CATEGORY_VALUES["outcome"]
    by_cat = {  # refund, replacement, voucher, apology, explanation, unresolved
        0: [0.55, 0.35, 0.05, 0.05, 0.0, 0.0],
        1: [0.35, 0.45, 0.1, 0.1, 0.0, 0.0],
        2: [0.0, 0.0, 0.35, 0.45, 0.2, 0.0],
        3: [0.45, 0.0, 0.05, 0.1, 0.4, 0.0],
    }
    default = [0.0, 0.0, 0.35, 0.5, 0.15, 0.0]
    probs = np.array([by_cat.get(c, default) for c in range(8)])
    cum = np.cumsum(probs, axis=1)
    outcome = (rng.random(n)[:, None] > cum[category]).sum(axis=1)
    outcome = np.minimum(outcome, len(outcomes) - 2)
    outcome = np.where(slow & (rng.random(n) < 0.3), len(outcomes) - 1, outcome)
    sat = np.where(slow, rng.choice([1, 2, 3], n, p=[0.4, 0.4, 0.2]),
                   rng.choice([3, 4, 5], n, p=[0.15, 0.45, 0.4]))  # fmt: skip
    unresolved = outcome == len(outcomes) - 1
    leave_p = np.where(
        unresolved, COMPLAINT_LEAVE["unresolved"], COMPLAINT_LEAVE["resolved_slowly"]
    )
    leave_day = day + rng.integers(10, 50, n)
    leaves = slow & (rng.random(n) < leave_p) & (leave_day < m.churn_day[member])
    who = member[leaves]
    m.churn_day[who] = leave_day[leaves]
    m.leave_reason[who] = LEAVE_REASONS.index("complaint")
    m.fade_days[who] = 1
    c_day = np.full(m.n, 10**6)
    c_day[member] = day
    c_mult = np.ones(m.n)
    c_mult[member[slow]] = _SLOW_MULT
    t = Complaints(member, store, opened, first_resp, resolved, channel, category, outcome,
                   sat, slow, staff_index(store, number))  # fmt: skip
    return t, c_day, c_mult


# Satisfaction means by store for checkout speed, staff, range, freshness, cleanliness,
# value. Planted: slow checkout at University Town (two tills, evening queues), friendly
# but less fresh Old Town, wide range at the supermarket.
_STORE_MEANS = np.array(
    [
        [3.4, 3.9, 3.6, 3.8, 3.7, 3.4],
        [3.9, 4.0, 3.5, 3.9, 4.1, 3.3],
        [2.8, 3.8, 3.7, 3.6, 3.5, 3.9],
        [4.1, 4.4, 3.3, 3.2, 3.6, 3.8],
        [3.6, 3.7, 4.4, 4.0, 4.0, 4.0],
    ]
)
_LOW = [
    ["The queue at the till was too long.", "Only one till open in the evening.",
     "Waited ages to pay."],
    ["The cashier was impatient.", "Staff did not greet me.", "Nobody helped me find things."],
    ["Often out of what I need.", "Small choice of fresh food.", "Please stock more brands."],
    ["The bread was stale.", "Vegetables looked old.", "Milk close to its date."],
    ["Floor was sticky near the drinks.", "Bins outside were full.",
     "The shelves were dusty."],
    ["Prices are higher than the market.", "Too expensive for what you get.",
     "Promotions are hard to understand."],
]  # fmt: skip
_HIGH = ["Friendly staff, always quick.", "My favourite shop on the street.",
         "Clean and well stocked.", "Handy and the members' offers are good.",
         "Staff remember my usual order."]  # fmt: skip


def surveys(
    rng: np.random.Generator,
    m: Members,
    r_member: np.ndarray,
    r_day: np.ndarray,
    r_store: np.ndarray,
    complaints: Complaints,
) -> dict[str, np.ndarray]:
    """Visit surveys (a quarter of members who shopped answer one) and exit surveys."""
    linked = np.flatnonzero(r_member >= 0)
    order = linked[
        np.argsort(r_member[linked].astype(np.int64) * len(r_member) + linked, kind="stable")
    ]
    mem = r_member[order]
    starts = np.flatnonzero(np.r_[True, mem[1:] != mem[:-1]])
    counts = np.diff(np.r_[starts, len(mem)])
    who = mem[starts]
    pick = rng.random(len(who)) < 0.25
    starts, counts, who = starts[pick], counts[pick], who[pick]
    rec = order[starts + (rng.random(len(who)) * counts).astype(int)]
    day = np.minimum(r_day[rec] + rng.integers(0, 4, len(who)), N_DAYS - 1)
    store = r_store[rec]
    n = len(who)
    slow = np.zeros(m.n, bool)
    slow[complaints.member[complaints.slow]] = True
    seg_shift = np.array([-0.1, -0.2, 0.1, 0.35, -0.3])[m.segment[who]]
    mean = _STORE_MEANS[store] + seg_shift[:, None]
    mean[:, 1] -= 1.2 * slow[who]
    scores = np.clip(np.rint(mean + rng.normal(0, 0.8, (n, 6))), 1, 5).astype(int)
    rec_mean = 2.1 * scores.mean(axis=1) - 0.6 - 2.5 * slow[who]
    recommend = np.clip(np.rint(rec_mean + rng.normal(0, 1.3, n)), 0, 10).astype(int)
    low_dim = scores.argmin(axis=1)
    pick3 = rng.integers(0, 3, n)
    low_text = np.array(_LOW)[low_dim, pick3]
    high_text = np.array(_HIGH)[rng.integers(0, len(_HIGH), n)]
    has = rng.random(n) < 0.45
    comment = np.where(
        has & (scores.min(axis=1) <= 2), low_text, np.where(has & (recommend >= 9), high_text, "")
    )
    visit = {
        "member": who,
        "store": store,
        "day": day,
        "recommend": recommend,
        "scores": scores,
        "comment": comment,
        "kind": np.zeros(n, np.int64),
        "reason": np.full(n, -1, np.int64),
    }
    exit_ = _exit_surveys(rng, m, slow)
    return {k: np.concatenate([visit[k], exit_[k]]) for k in visit}


#: What a leaver says on the phone, by stated reason (LEAVE_REASONS order).
_EXIT_WORDS = [
    ["Just got out of the habit.", "I shop online more now.", "Prices went up."],
    ["We moved to another district.", "Moved house last month.", "I work in another city now."],
    ["The new discount grocer is cheaper.", "The new shop next door has more offers.",
     "I go to the new market by the river now."],
    ["My complaint was never sorted out.", "Nobody called me back about my complaint.",
     "I was treated badly when I complained."],
    ["I graduated and left the university.", "Finished my studies in June.",
     "I left campus in the summer."],
    ["I was only passing through.", "I only signed up for the offer.",
     "I don't live near the shop."],
]  # fmt: skip


def _exit_surveys(rng: np.random.Generator, m: Members, slow: np.ndarray) -> dict:
    """Phone exit survey of members who have stopped coming (see ``EXIT_SURVEY``)."""
    lo, hi = EXIT_SURVEY["call_after_days"]
    call = m.churn_day + rng.integers(lo, hi, m.n)
    who = np.flatnonzero(
        (m.churn_day < NEVER) & (m.churn_day >= 0) & (call < N_DAYS) & m.consent
        & (rng.random(m.n) < EXIT_SURVEY["answer_p"])
    )  # fmt: skip
    n = len(who)
    true = m.leave_reason[who].astype(np.int64)
    other = (true + rng.integers(1, len(LEAVE_REASONS), n)) % len(LEAVE_REASONS)
    stated = np.where(rng.random(n) < EXIT_SURVEY["true_reason_p"], true, other)
    store = m.home_store[who].astype(np.int64)
    mean = _STORE_MEANS[store] - 0.3
    mean[:, 1] -= 1.5 * (slow[who] | (true == LEAVE_REASONS.index("complaint")))
    mean[:, 5] -= 1.0 * (true == LEAVE_REASONS.index("competitor"))
    scores = np.clip(np.rint(mean + rng.normal(0, 0.8, (n, 6))), 1, 5).astype(int)
    recommend = np.clip(np.rint(2.1 * scores.mean(axis=1) - 1.5 + rng.normal(0, 1.3, n)), 0, 10)
    words = np.array(_EXIT_WORDS)[stated, rng.integers(0, 3, n)]
    return {
        "member": who,
        "store": store,
        "day": call[who],
        "recommend": recommend.astype(int),
        "scores": scores,
        "comment": np.where(rng.random(n) < 0.7, words, ""),
        "kind": np.ones(n, np.int64),
        "reason": stated,
    }
