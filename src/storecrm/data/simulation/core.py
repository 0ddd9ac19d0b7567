"""Run the whole simulation and assemble the tables.

The stages run in causal order: members and their plans, campaign targets, visits,
win-back returns, baskets, tier reviews (which unlink shopping after a membership lapses),
coupons, points, then complaints and surveys. Each stage gets its own random stream
(spawned from the seed) so changing one stage does not reshuffle the others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from storecrm.data.model import SIZES, StoreData
from storecrm.data.schema import CATEGORY_VALUES, TABLES
from storecrm.data.simulation import params as P
from storecrm.data.simulation.baskets import make_lines, product_arrays
from storecrm.data.simulation.calendar import N_DAYS, START, periods
from storecrm.data.simulation.loyalty import points, review_days, tiers
from storecrm.data.simulation.marketing import CAMPAIGNS, WINBACK, redeem, regular_targets, winback
from storecrm.data.simulation.people import Members, make_members
from storecrm.data.simulation.service import plan_complaints, surveys
from storecrm.data.simulation.visits import Effects, member_visits, visit_details, walk_in_visits

__all__ = ["Truth", "simulate"]

_SECOND = np.timedelta64(1, "s")
_T0 = START.astype("datetime64[s]")


@dataclass
class Truth:
    """What the simulation planted, for tests and trainers (never written to the CSVs)."""

    segment: pd.Series  # customer_id -> segment name
    churn_date: pd.Series  # customer_id -> planned last day of visits (NaT: no churn)
    winback_return: pd.Series  # customer_id -> day number a win-back target came back, -1
    slow_complaint: pd.Series  # ticket_id -> bool


def _ids(prefix: str, n: int, width: int) -> np.ndarray:
    """Ids like ``R0000001`` as an object array, built digit by digit (fast for millions)."""
    x = np.arange(1, n + 1, dtype=np.int64)
    p = prefix.encode()
    buf = np.empty((n, len(p) + width), dtype=np.uint8)
    buf[:, : len(p)] = np.frombuffer(p, dtype=np.uint8)
    for k in range(width):
        buf[:, len(p) + width - 1 - k] = 48 + (x // 10**k) % 10
    return buf.view(f"S{len(p) + width}").ravel().astype(f"U{len(p) + width}").astype(object)


def _subset(m: Members, idx: np.ndarray) -> Members:
    return Members(**{f.name: getattr(m, f.name)[idx] for f in fields(m)})


def _cat(codes: np.ndarray, name: str, ordered: bool = False) -> pd.Categorical:
    return pd.Categorical.from_codes(np.asarray(codes), CATEGORY_VALUES[name], ordered=ordered)


def _ts(seconds: np.ndarray) -> np.ndarray:
    """Seconds since 2025-01-01 00:00 as datetime64[ns] (NaT where negative)."""
    out = (_T0 + seconds.astype(np.int64) * _SECOND).astype("datetime64[ns]")
    return np.where(seconds >= 0, out, np.datetime64("NaT"))


def _days(day: np.ndarray) -> np.ndarray:
    return (START + day.astype("timedelta64[D]")).astype("datetime64[ns]")


def simulate(
    size: str = "small",
    seed: int = 2026,
    progress: Callable[[str, int], None] | None = None,
) -> tuple[StoreData, Truth]:
    """Simulate a data set and return it with the planted truth.

    ``progress(stage, members_done)`` is called as work proceeds (for a progress bar).
    """
    spec = SIZES[size]
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(10)]
    note = progress or (lambda stage, k: None)

    m = make_members(streams[0], spec.members)
    note("members", 0)
    tickets, c_day, c_mult = plan_complaints(streams[1], m)
    targets = regular_targets(streams[2], m)
    by_id = {c.campaign_id: c for c in CAMPAIGNS}
    windows = []
    for cid, (idx, treated) in targets.items():
        mask = np.zeros(m.n, bool)
        mask[idx[treated]] = True
        windows.append((by_id[cid].start, by_id[cid].end, mask, by_id[cid].uplift))
    effects = Effects(c_day, c_mult, windows)
    v_mem, v_day = member_visits(streams[3], m, effects, tick=lambda k: note("visits", k))

    wb_idx, wb_treated, wb_ret = winback(streams[4], m, v_mem, v_day)
    back = wb_idx[wb_ret >= 0]
    sub = _subset(m, back)
    sub_eff = Effects(c_day[back], c_mult[back], [])
    r_mem, r_day = member_visits(
        streams[4], sub, sub_eff, rate_scale=np.full(len(back), 0.7), from_day=wb_ret[wb_ret >= 0]
    )
    # A returner shops on the day they come back, then at 70 % of their old rate.
    v_mem = np.concatenate([v_mem, back, back[r_mem]])
    v_day = np.concatenate([v_day, wb_ret[wb_ret >= 0], r_day])

    w_store, w_day = walk_in_visits(streams[5], spec.walk_ins_per_store_day)
    vis = visit_details(streams[5], m, v_mem, v_day, w_store, w_day)
    # Time order (ties: store, then member) via one composite integer key: one sort
    # instead of a four-key lexsort.
    sort_key = ((vis.day.astype(np.int64) * 86400 + vis.second) * 8 + vis.store) * (m.n + 1)
    order = np.argsort(sort_key + vis.member + 1)  # unique up to identical visits
    del sort_key
    member = vis.member[order]
    day = vis.day[order]
    store = vis.store[order]
    second = vis.second[order]
    profile = vis.profile[order]
    channel = vis.channel[order]
    payment = vis.payment[order]
    n_rec = len(order)
    note("baskets", 0)

    fmt = np.array([0 if s[3] == "convenience" else 1 for s in P.STORES])[store]
    period_of_day = periods(np.arange(N_DAYS))
    lines = make_lines(streams[6], profile, fmt, period_of_day[day], second // 3600)
    gross = np.bincount(lines.receipt, lines.price_fen * lines.quantity, n_rec).astype(np.int64)
    line_disc = np.bincount(lines.receipt, lines.discount_fen, n_rec).astype(np.int64)
    items = np.bincount(lines.receipt, lines.quantity, n_rec).astype(np.int64)
    basket = gross - line_disc
    note("loyalty", 0)

    is_m = member >= 0
    t = tiers(m.n, m.signup_day, member[is_m], day[is_m], basket[is_m])
    lapsed = is_m & (day >= t.exit_day[np.maximum(member, 0)])
    member = np.where(lapsed, -1, member)
    is_m = member >= 0
    payment = np.where(~is_m & (payment == 4), 0, payment)

    # Coupons, one per receipt at most, campaigns in order.
    taken = np.zeros(n_rec, bool)
    coupon = np.zeros(n_rec, np.int64)
    sends = []
    for c in CAMPAIGNS:
        idx, treated = (wb_idx, wb_treated) if c is WINBACK else targets[c.campaign_id]
        used = redeem(streams[7], c, idx, treated, member, day, basket, taken)
        coupon[used[used >= 0]] = c.coupon_fen
        sends.append((c, idx, treated, used))

    # Points, member receipts in (member, time) order.
    mr = np.flatnonzero(is_m)
    mr = mr[np.argsort(member[mr].astype(np.int64) * n_rec + mr)]  # member, then time
    period = np.searchsorted(review_days(), day[mr], side="right")
    tier_now = t.history[period, member[mr]]
    pts = points(member[mr], day[mr], tier_now, basket[mr] - coupon[mr], m.redeemer, t.exit_day)
    redeemed_fen = np.zeros(n_rec, np.int64)
    redeemed_fen[mr] = pts.redeemed  # 100 points = 1 yuan, so points == fen
    discount = line_disc + coupon + redeemed_fen
    note("tables", 0)

    # ---- assemble tables ------------------------------------------------------------
    cust_ids = _ids("M", m.n, 5)
    rec_ids = _ids("R", n_rec, 7)
    prod = product_arrays()
    prod_ids = _ids("P", len(P.PRODUCTS), 4)
    store_ids = np.array([s[0] for s in P.STORES], dtype=object)
    cust_or_none = np.where(is_m, cust_ids[np.maximum(member, 0)], np.nan)

    stores = pd.DataFrame(
        {
            "store_id": store_ids,
            "store_name": [s[1] for s in P.STORES],
            "store_name_zh": [s[2] for s in P.STORES],
            "format": _cat([CATEGORY_VALUES["format"].index(s[3]) for s in P.STORES], "format"),
            "district": _cat([P.DISTRICTS.index(s[4]) for s in P.STORES], "district"),
            "opened_on": pd.to_datetime([s[5] for s in P.STORES]),
            "tills": np.array([s[6] for s in P.STORES], dtype=np.int64),
        }
    )
    cats = list(P.CATEGORIES)
    products = pd.DataFrame(
        {
            "product_id": prod_ids,
            "product_name": [p[0] for p in P.PRODUCTS],
            "product_name_zh": [p[1] for p in P.PRODUCTS],
            "category": pd.Categorical([p[2] for p in P.PRODUCTS], categories=cats),
            "category_zh": [P.CATEGORIES[p[2]] for p in P.PRODUCTS],
            "unit_price_cny": prod["price_fen"] / 100,
            "unit_cost_cny": prod["cost_fen"] / 100,
        }
    )
    final_tier = t.history[-1]
    customers = pd.DataFrame(
        {
            "customer_id": cust_ids,
            "name": m.names.astype(object),
            "phone_masked": m.phones.astype(object),
            "signup_date": _days(m.signup_day),
            "signup_channel": _cat(m.signup_channel, "signup_channel"),
            "signup_store_id": store_ids[m.home_store],
            "tier": _cat(final_tier, "tier", ordered=True),
            "age_band": _cat(m.age_band, "age_band"),
            "gender": _cat(m.gender, "gender"),
            "district": _cat(m.district, "district"),
            "marketing_consent": m.consent,
        }
    )
    receipts = pd.DataFrame(
        {
            "receipt_id": rec_ids,
            "store_id": store_ids[store],
            "purchased_at": _ts(day * 86400 + second),
            "customer_id": cust_or_none,
            "is_member": is_m,
            "channel": _cat(channel, "receipt_channel"),
            "payment_method": _cat(payment, "payment_method"),
            "items": items,
            "gross_cny": gross / 100,
            "discount_cny": discount / 100,
            "net_cny": (gross - discount) / 100,
        },
        copy=False,
    )
    receipt_lines = pd.DataFrame(
        {
            "receipt_id": rec_ids[lines.receipt],
            "line_no": lines.line_no.astype(np.int64),
            "product_id": prod_ids[lines.product],
            "quantity": lines.quantity,
            "unit_price_cny": lines.price_fen / 100,
            "discount_cny": lines.discount_fen / 100,
            "line_total_cny": (lines.price_fen * lines.quantity - lines.discount_fen) / 100,
        },
        copy=False,
    )
    del lines  # the frame holds what is needed; free the rest before the next tables

    # Points ledger: redeem (-) and earn (+) per receipt, then expiries.
    r_sec = (day * 86400 + second)[mr]
    e = pts.earned > 0
    rd = pts.redeemed > 0
    ex_sec = np.where(pts.expire_day == 364, 364 * 86400 + 86399, pts.expire_day * 86400)
    led_member = np.concatenate([member[mr][rd], member[mr][e], pts.expire_member])
    led_sec = np.concatenate([r_sec[rd], r_sec[e], ex_sec])
    led_kind = np.concatenate([np.full(rd.sum(), 1), np.zeros(e.sum(), int),
                               np.full(len(ex_sec), 2)])  # fmt: skip
    led_pts = np.concatenate([-pts.redeemed[rd], pts.earned[e], -pts.expire_points])
    led_rec = np.concatenate([mr[rd], mr[e], np.full(len(ex_sec), -1)])
    kind_rank = np.array([1, 0, 2])[led_kind]  # redeem before earn at the same till
    o = np.argsort((led_sec.astype(np.int64) * (m.n + 1) + led_member) * 3 + kind_rank,
                   )  # fmt: skip
    points_ledger = pd.DataFrame(
        {
            "entry_id": _ids("E", len(o), 7),
            "customer_id": cust_ids[led_member[o]],
            "occurred_at": _ts(led_sec[o]),
            "kind": _cat(led_kind[o], "ledger_kind"),
            "points": led_pts[o].astype(np.int64),
            "receipt_id": np.where(led_rec[o] >= 0, rec_ids[np.maximum(led_rec[o], 0)], np.nan),
        },
        copy=False,
    )

    tm, tday, tfrom, tto, tkind = t.changes
    o = np.lexsort((tkind, tm, tday))
    tier_changes = pd.DataFrame(
        {
            "customer_id": cust_ids[tm[o]],
            "changed_on": _days(tday[o]),
            "from_tier": _cat(tfrom[o], "tier", ordered=True),
            "to_tier": _cat(tto[o], "tier", ordered=True),
            "change": _cat(tkind[o], "tier_change"),
        }
    )

    campaigns = pd.DataFrame(
        {
            "campaign_id": [c.campaign_id for c in CAMPAIGNS],
            "campaign_name": [c.name for c in CAMPAIGNS],
            "offer_type": pd.Categorical(
                [c.offer_type for c in CAMPAIGNS], CATEGORY_VALUES["offer_type"]
            ),
            "target": [c.target for c in CAMPAIGNS],
            "starts_on": pd.to_datetime([c.starts_on for c in CAMPAIGNS]),
            "ends_on": pd.to_datetime([c.ends_on for c in CAMPAIGNS]),
            "coupon_value_cny": [c.coupon_fen / 100 for c in CAMPAIGNS],
            "min_spend_cny": [c.min_spend_fen / 100 for c in CAMPAIGNS],
        }
    )
    s_cid, s_mem, s_grp, s_at, s_red = [], [], [], [], []
    for c, idx, treated, used in sends:
        s_cid.append(np.full(len(idx), c.campaign_id, dtype=object))
        s_mem.append(idx)
        s_grp.append(np.where(treated, 0, 1))
        s_at.append(np.full(len(idx), (c.start - 1) * 86400 + 10 * 3600))  # 10:00 the day before
        s_red.append(used)
    s_red_all = np.concatenate(s_red)
    coupon_sends = pd.DataFrame(
        {
            "send_id": _ids("CS", len(s_red_all), 6),
            "campaign_id": np.concatenate(s_cid),
            "customer_id": cust_ids[np.concatenate(s_mem)],
            "group": _cat(np.concatenate(s_grp), "group"),
            "assigned_at": _ts(np.concatenate(s_at)),
            "redeemed_at": _ts(np.where(s_red_all >= 0, (day * 86400 + second)[s_red_all], -1)),
            "redeemed_receipt_id": np.where(
                s_red_all >= 0, rec_ids[np.maximum(s_red_all, 0)], np.nan
            ),
        }
    )

    tk = tickets
    o = tk_order = np.argsort(tk.opened_s, kind="stable")
    complaints = pd.DataFrame(
        {
            "ticket_id": _ids("T", len(o), 5),
            "customer_id": cust_ids[tk.member[o]],
            "store_id": store_ids[tk.store[o]],
            "channel": _cat(tk.channel[o], "complaint_channel"),
            "category": _cat(tk.category[o], "complaint_category"),
            "opened_at": _ts(tk.opened_s[o]),
            "first_response_at": _ts(tk.first_response_s[o]),
            "resolved_at": _ts(tk.resolved_s[o]),
            "outcome": _cat(tk.outcome[o], "outcome"),
            "satisfaction_after": tk.satisfaction[o].astype(np.int64),
        }
    )

    sv = surveys(streams[8], m, member, day, store, tickets)
    o = np.lexsort((sv["member"], sv["day"]))
    sc = sv["scores"][o]
    survey_responses = pd.DataFrame(
        {
            "response_id": _ids("Q", len(o), 5),
            "customer_id": cust_ids[sv["member"][o]],
            "store_id": store_ids[sv["store"][o]],
            "responded_on": _days(sv["day"][o]),
            "recommend_0_10": sv["recommend"][o].astype(np.int64),
            **{
                name: sc[:, i].astype(np.int64)
                for i, name in enumerate(TABLES["survey_responses"].names[5:11])
            },
            "comment": np.where(sv["comment"][o] == "", np.nan, sv["comment"][o].astype(object)),
        }
    )

    data = StoreData(
        stores=stores,
        products=products,
        customers=customers,
        receipts=receipts,
        receipt_lines=receipt_lines,
        points_ledger=points_ledger,
        tier_changes=tier_changes,
        campaigns=campaigns,
        coupon_sends=coupon_sends,
        complaints=complaints,
        survey_responses=survey_responses,
    )
    seg_names = np.array(list(P.SEGMENTS))
    ret = np.full(m.n, -1)
    ret[wb_idx] = np.where(wb_ret >= 0, wb_ret, -1)
    churn = np.where(m.churn_day < 400, m.churn_day, -1)
    truth = Truth(
        segment=pd.Series(seg_names[m.segment], index=cust_ids, name="segment"),
        churn_date=pd.Series(
            np.where(churn >= 0, _days(np.maximum(churn, 0)), np.datetime64("NaT")),
            index=cust_ids,
            name="churn_date",
        ),
        winback_return=pd.Series(ret, index=cust_ids, name="winback_return_day"),
        slow_complaint=pd.Series(tk.slow[tk_order], index=complaints["ticket_id"], name="slow"),
    )
    return data, truth
