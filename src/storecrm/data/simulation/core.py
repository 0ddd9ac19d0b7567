"""Run the whole simulation and assemble the tables.

The stages run in causal order: members and their plans (including when and why they will
leave), complaints (a slow one may make its member leave), campaign targets, visits (a new
member's first purchase first), win-back returns, baskets from the price list
(:mod:`.assortment`), cashiers, tier reviews (which unlink shopping after a membership
lapses), coupons, points, then visit and exit surveys and the marketing-spend table. Each
stage gets its own random stream (spawned from the seed) so changing one stage does not
reshuffle the others.

Each stage is a function, so its working arrays are freed when it returns: memory is the
main cost of the large size (see :mod:`storecrm.data.simulation.columns`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from storecrm.data.model import SIZES, StoreData
from storecrm.data.simulation import params as P
from storecrm.data.simulation import tables as T
from storecrm.data.simulation.assortment import product_range
from storecrm.data.simulation.baskets import make_lines
from storecrm.data.simulation.calendar import N_DAYS, periods
from storecrm.data.simulation.loyalty import Points, Tiers, points, review_days, tiers
from storecrm.data.simulation.marketing import (
    CAMPAIGNS,
    WINBACK,
    Campaign,
    redeem,
    regular_targets,
    winback,
)
from storecrm.data.simulation.people import LEAVE_REASONS, NEVER, Members, make_members
from storecrm.data.simulation.service import Complaints, plan_complaints, surveys
from storecrm.data.simulation.staff import cashiers, staff_ids
from storecrm.data.simulation.visits import (
    Effects,
    Visits,
    member_visits,
    visit_details,
    walk_in_visits,
)

__all__ = ["Truth", "simulate"]

Progress = Callable[[str, int], None]
Send = tuple[Campaign, np.ndarray, np.ndarray, np.ndarray]


@dataclass
class Truth:
    """What the simulation planted, for tests and trainers (never written to the CSVs)."""

    segment: pd.Series  # customer_id -> segment name
    churn_date: pd.Series  # customer_id -> planned last day of visits (NaT: no churn)
    leave_reason: pd.Series  # customer_id -> why they stop (LEAVE_REASONS), None if they stay
    winback_return: pd.Series  # customer_id -> day number a win-back target came back, -1
    slow_complaint: pd.Series  # ticket_id -> bool


@dataclass
class _Plans:
    """Who is targeted by what, decided before anyone shops."""

    tickets: Complaints
    complaint_day: np.ndarray
    complaint_mult: np.ndarray
    targets: dict[str, tuple[np.ndarray, np.ndarray]]
    winback: tuple[np.ndarray, np.ndarray, np.ndarray] = (np.empty(0),) * 3  # idx, treated, day


def _subset(m: Members, idx: np.ndarray) -> Members:
    return Members(**{f.name: getattr(m, f.name)[idx] for f in fields(m)})


def _member_visits(
    streams: list[np.random.Generator], m: Members, plans: _Plans, note: Progress
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(member, day, first purchase?) of every member visit, win-back returns included.

    A new member's first purchase (on the sign-up day for in-store sign-ups) is one visit
    of its own; regular visits follow from the next day. Sets ``plans.winback``.
    """
    by_id = {c.campaign_id: c for c in CAMPAIGNS}
    windows = []
    for cid, (idx, treated) in plans.targets.items():
        mask = np.zeros(m.n, bool)
        mask[idx[treated]] = True
        windows.append((by_id[cid].start, by_id[cid].end, mask, by_id[cid].uplift))
    effects = Effects(plans.complaint_day, plans.complaint_mult, windows)
    v_mem, v_day = member_visits(streams[3], m, effects, tick=lambda k: note("visits", k))
    first = np.flatnonzero((m.first_day >= 0) & (m.first_day < N_DAYS))
    v_mem, v_day = np.concatenate([first, v_mem]), np.concatenate([m.first_day[first], v_day])

    plans.winback = wb_idx, _, wb_ret = winback(streams[4], m, v_mem, v_day)
    back = wb_idx[wb_ret >= 0]
    sub = _subset(m, back)
    sub_eff = Effects(plans.complaint_day[back], plans.complaint_mult[back], [])
    r_mem, r_day = member_visits(
        streams[4], sub, sub_eff, rate_scale=np.full(len(back), 0.7), from_day=wb_ret[wb_ret >= 0]
    )
    # A returner shops on the day they come back, then at 70 % of their old rate.
    is_first = np.zeros(len(v_mem) + len(back) + len(r_mem), bool)
    is_first[: len(first)] = True
    return (
        np.concatenate([v_mem, back, back[r_mem]]),
        np.concatenate([v_day, wb_ret[wb_ret >= 0], r_day]),
        is_first,
    )


def _basket_size(m: Members, vis: Visits) -> np.ndarray:
    """Each receipt's basket-size multiplier: the member's habit, shrinking while they fade.

    A member who is drifting away buys less each time as well as coming less often: over
    their fade the multiplier falls to 0.3 of their habit. Walk-ins have 1.
    """
    is_m = vis.member >= 0
    who = vis.member[is_m]
    fade = np.clip((m.churn_day[who] - vis.day[is_m]) / m.fade_days[who], 0.0, 1.0)
    size = np.ones(len(vis.member))
    size[is_m] = m.basket[who] * (0.3 + 0.7 * fade)
    return size


def _in_time_order(vis: Visits, n_members: int) -> Visits:
    """Sort visits by time (ties: store, then member), one field at a time.

    One composite integer key gives one sort instead of a four-key lexsort; replacing the
    fields one by one keeps a single extra array alive instead of a second copy of all.
    """
    key = ((vis.day.astype(np.int64) * 86400 + vis.second) * 8 + vis.store) * (n_members + 1)
    key += vis.member + 1
    order = np.argsort(key, kind="stable")  # stable: ties keep visit order on any CPU
    del key
    for f in fields(vis):
        setattr(vis, f.name, getattr(vis, f.name)[order])
    return vis


def _loyalty(
    streams: list[np.random.Generator],
    m: Members,
    plans: _Plans,
    r: dict[str, np.ndarray],
) -> tuple[Tiers, Points, np.ndarray, list[Send]]:
    """Tier reviews, coupons and points; updates ``r`` in place.

    A receipt after a membership lapsed is no longer linked to the member; member-only
    payment (stored value, code 4) becomes cash. Returns the tiers, the points, the member
    receipts in (member, time) order the points were computed on, and the coupon sends.
    """
    member, day = r["member"], r["day"]
    basket = r["gross_fen"] - r["line_discount_fen"]
    is_m = member >= 0
    t = tiers(m.n, m.signup_day, member[is_m], day[is_m], basket[is_m])
    lapsed = is_m & (day >= t.exit_day[np.maximum(member, 0)])
    r["member"] = member = np.where(lapsed, -1, member)
    is_m = member >= 0
    r["payment"] = np.where(~is_m & (r["payment"] == 4), 0, r["payment"])

    # Coupons, one per receipt at most, campaigns in order.
    n_rec = len(member)
    taken = np.zeros(n_rec, bool)
    coupon = np.zeros(n_rec, np.int64)
    sends = []
    for c in CAMPAIGNS:
        idx, treated = plans.winback[:2] if c is WINBACK else plans.targets[c.campaign_id]
        used = redeem(streams[7], c, idx, treated, member, day, basket, taken)
        coupon[used[used >= 0]] = c.coupon_fen
        sends.append((c, idx, treated, used))

    # Points, member receipts in (member, time) order.
    mr = np.flatnonzero(is_m)
    mr = mr[
        np.argsort(member[mr].astype(np.int64) * n_rec + mr, kind="stable")
    ]  # member, then time
    period = np.searchsorted(review_days(), day[mr], side="right")
    tier_now = t.history[period, member[mr]]
    pts = points(member[mr], day[mr], tier_now, basket[mr] - coupon[mr], m.redeemer, t.exit_day)
    redeemed_fen = np.zeros(n_rec, np.int64)
    redeemed_fen[mr] = pts.redeemed  # 100 points = 1 yuan, so points == fen
    r["discount_fen"] = r.pop("line_discount_fen") + coupon + redeemed_fen
    return t, pts, mr, sends


def _truth(m: Members, plans: _Plans, customer_ids: np.ndarray, complaints: pd.DataFrame,
           tickets_order: np.ndarray) -> Truth:  # fmt: skip
    seg_names = np.array(list(P.SEGMENTS))
    wb_idx, _, wb_ret = plans.winback
    ret = np.full(m.n, -1)
    ret[wb_idx] = np.where(wb_ret >= 0, wb_ret, -1)
    churn = np.where(m.churn_day < NEVER, m.churn_day, -1)
    reasons = np.array([*LEAVE_REASONS, None], dtype=object)
    return Truth(
        segment=pd.Series(seg_names[m.segment], index=customer_ids, name="segment"),
        churn_date=pd.Series(
            np.where(churn >= 0, T.dates(np.maximum(churn, 0)), np.datetime64("NaT")),
            index=customer_ids,
            name="churn_date",
        ),
        leave_reason=pd.Series(reasons[m.leave_reason], index=customer_ids, name="leave_reason"),
        winback_return=pd.Series(ret, index=customer_ids, name="winback_return_day"),
        slow_complaint=pd.Series(
            plans.tickets.slow[tickets_order], index=complaints["ticket_id"], name="slow"
        ),
    )


def simulate(
    size: str = "small",
    seed: int = 2026,
    progress: Progress | None = None,
) -> tuple[StoreData, Truth]:
    """Simulate a data set and return it with the planted truth.

    ``progress(stage, members_done)`` is called as work proceeds (for a progress bar).
    """
    spec = SIZES[size]
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(11)]
    note = progress or (lambda stage, k: None)

    m = make_members(streams[0], spec.members)
    note("members", 0)
    tickets, c_day, c_mult = plan_complaints(streams[1], m)
    plans = _Plans(tickets, c_day, c_mult, regular_targets(streams[2], m))
    v_mem, v_day, v_first = _member_visits(streams, m, plans, note)
    w_store, w_day = walk_in_visits(streams[5], spec.walk_ins_per_store_day)
    vis = _in_time_order(visit_details(streams[5], m, v_mem, v_day, w_store, w_day, v_first), m.n)
    del v_mem, v_day, v_first, w_store, w_day
    note("baskets", 0)

    period_of_day = periods(np.arange(N_DAYS))
    hour = vis.second // 3600
    baskets = make_lines(
        streams[6], vis.profile, vis.store, period_of_day[vis.day], hour, _basket_size(m, vis)
    )
    r = {
        "member": vis.member,
        "day": vis.day,
        "store": vis.store,
        "at_s": vis.day * 86400 + vis.second,
        "channel": vis.channel,
        "payment": vis.payment,
        "items": baskets.items,
        "gross_fen": baskets.gross_fen,
        "line_discount_fen": baskets.line_discount_fen,
        "staff": cashiers(streams[9], vis.store, hour),
    }
    del vis, hour
    note("loyalty", 0)
    t, pts, member_rows, sends = _loyalty(streams, m, plans, r)
    note("tables", 0)

    customer_ids = T.ids("M", m.n, 5)
    receipt_ids = T.ids("R", len(r["member"]), 7)
    product_ids = T.ids("P", product_range().n, 4)
    stores = T.store_table()
    store_ids = stores["store_id"].to_numpy()
    receipt_lines = T.line_table(receipt_ids, product_ids, baskets.lines)
    del baskets
    # Surveys draw from the last stream; they need the receipts before the table is built.
    sv = surveys(streams[8], m, r["member"], r["day"], r["store"], tickets)
    tickets_order = np.argsort(tickets.opened_s, kind="stable")
    staff = staff_ids()
    complaints = T.complaint_table(customer_ids, store_ids, staff, tickets, tickets_order)
    data = StoreData(
        stores=stores,
        products=T.product_table(product_ids),
        customers=T.customer_table(m, customer_ids, store_ids, t.history[-1]),
        receipts=T.receipt_table(receipt_ids, store_ids, customer_ids, staff, r),
        receipt_lines=receipt_lines,
        points_ledger=T.ledger_table(
            customer_ids, receipt_ids, member_rows, r["member"], r["at_s"], pts
        ),
        tier_changes=T.tier_change_table(customer_ids, t.changes),
        campaigns=T.campaign_table(),
        marketing_spend=T.marketing_spend_table(streams[10], m, sends),
        coupon_sends=T.coupon_send_table(customer_ids, receipt_ids, r["at_s"], sends),
        complaints=complaints,
        survey_responses=T.survey_table(customer_ids, store_ids, sv),
    )
    return data, _truth(m, plans, customer_ids, complaints, tickets_order)
