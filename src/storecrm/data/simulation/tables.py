"""Turn the simulation's arrays into the data set's DataFrames, one function per table.

The simulation works on integer codes (row numbers, seconds since 1 January 2025, tenths
of a yuan in fen); here they become the published columns: ids like ``R0000001``,
timestamps, yuan amounts and categoricals with the schema's categories. Each function
takes only what its table needs, so the arrays it creates are freed as soon as the frame
is built.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from storecrm.data.schema import CATEGORY_VALUES, TABLES
from storecrm.data.simulation import params as P
from storecrm.data.simulation.assortment import SUBCATEGORIES, product_range
from storecrm.data.simulation.calendar import START
from storecrm.data.simulation.loyalty import Points
from storecrm.data.simulation.marketing import CAMPAIGNS, Campaign, acquisition_spend
from storecrm.data.simulation.people import Members
from storecrm.data.simulation.service import Complaints

__all__ = [
    "campaign_table",
    "cat",
    "complaint_table",
    "coupon_send_table",
    "customer_table",
    "dates",
    "ids",
    "ledger_table",
    "line_table",
    "marketing_spend_table",
    "product_table",
    "receipt_table",
    "store_table",
    "survey_table",
    "tier_change_table",
    "timestamps",
]

_SECOND = np.timedelta64(1, "s")
_T0 = START.astype("datetime64[s]")

#: Ids are made this many at a time, so the temporary text buffer stays small.
_ID_RUN = 1 << 18


def ids(prefix: str, n: int, min_width: int) -> np.ndarray:
    """Ids like ``R0000001`` .. as an object array of ``str``.

    The number part has ``min_width`` digits, or as many as ``n`` needs if that is more:
    a fixed width would silently drop the leading digits (``M100001`` would become
    ``M00001`` again), so a large data set would repeat its ids. Every id of one run has
    the same width, so text order is number order.

    Written as UCS-4 code points into a small integer buffer that numpy can view as
    fixed-width text, so each run costs one conversion to Python strings and nothing else
    (formatting millions of ids one by one in Python takes seconds).
    """
    width = max(min_width, len(str(n)))
    chars = len(prefix) + width
    out = np.empty(n, dtype=object)
    buf = np.empty((min(n, _ID_RUN), chars), dtype=np.uint32)
    buf[:, : len(prefix)] = [ord(c) for c in prefix]
    for lo in range(0, n, _ID_RUN):
        k = min(_ID_RUN, n - lo)
        x = np.arange(lo + 1, lo + k + 1, dtype=np.int64)
        for pos in range(chars - 1, len(prefix) - 1, -1):
            x, digit = np.divmod(x, 10)
            buf[:k, pos] = 48 + digit
        out[lo : lo + k] = buf[:k].view(f"U{chars}").ravel()
    return out


def cat(codes: np.ndarray, name: str, ordered: bool = False) -> pd.Categorical:
    """A categorical with the schema's category list ``name``."""
    return pd.Categorical.from_codes(np.asarray(codes), CATEGORY_VALUES[name], ordered=ordered)


def timestamps(seconds: np.ndarray) -> np.ndarray:
    """Seconds since 2025-01-01 00:00 as datetime64[ns] (NaT where negative)."""
    out = (_T0 + seconds.astype(np.int64) * _SECOND).astype("datetime64[ns]")
    out[seconds < 0] = np.datetime64("NaT")
    return out


def dates(day: np.ndarray) -> np.ndarray:
    """Day numbers (0 = 1 January 2025) as midnight datetime64[ns]."""
    return (START + day.astype("timedelta64[D]")).astype("datetime64[ns]")


def _or_missing(valid: np.ndarray, id_of: np.ndarray, row: np.ndarray) -> np.ndarray:
    """``id_of[row]`` where ``valid``, else NaN (how pandas reads an empty CSV cell)."""
    out = id_of[np.maximum(row, 0)]
    out[~valid] = np.nan
    return out


def store_table() -> pd.DataFrame:
    """The stores, straight from the parameters."""
    return pd.DataFrame(
        {
            "store_id": np.array([s[0] for s in P.STORES], dtype=object),
            "store_name": [s[1] for s in P.STORES],
            "store_name_zh": [s[2] for s in P.STORES],
            "format": cat([CATEGORY_VALUES["format"].index(s[3]) for s in P.STORES], "format"),
            "district": cat([P.DISTRICTS.index(s[4]) for s in P.STORES], "district"),
            "opened_on": pd.to_datetime([s[5] for s in P.STORES]),
            "tills": np.array([s[6] for s in P.STORES], dtype=np.int64),
        }
    )


def product_table(product_ids: np.ndarray) -> pd.DataFrame:
    """The price list: hierarchy, brand and pack size, prices and costs in yuan."""
    r = product_range()
    cats = list(P.CATEGORIES)
    subs = SUBCATEGORIES
    return pd.DataFrame(
        {
            "product_id": product_ids,
            "product_name": r.name,
            "product_name_zh": r.name_zh,
            # Sorted categories, as `load` reads them (the list is open: a user's
            # export may have its own product categories).
            "category": pd.Categorical(np.array(cats, dtype=object)[r.category]),
            "category_zh": np.array(list(P.CATEGORIES.values()), dtype=object)[r.category],
            "subcategory": np.array([s[0] for s in subs], dtype=object)[r.subcategory],
            "subcategory_zh": np.array([s[2] for s in subs], dtype=object)[r.subcategory],
            "brand": r.brand,
            "pack_size": r.pack,
            "unit_price_cny": r.price_fen / 100,
            "unit_cost_cny": r.cost_fen / 100,
        }
    )


def customer_table(
    m: Members, customer_ids: np.ndarray, store_ids: np.ndarray, final_tier: np.ndarray
) -> pd.DataFrame:
    """Members with their tier at the end of the year."""
    return pd.DataFrame(
        {
            "customer_id": customer_ids,
            "name": m.names.astype(object),
            "phone_masked": m.phones.astype(object),
            "signup_date": dates(m.signup_day),
            "signup_channel": cat(m.signup_channel, "signup_channel"),
            "signup_store_id": store_ids[m.home_store],
            "tier": cat(final_tier, "tier", ordered=True),
            "age_band": cat(m.age_band, "age_band"),
            "gender": cat(m.gender, "gender"),
            "district": cat(m.district, "district"),
            "marketing_consent": m.consent,
        }
    )


def receipt_table(
    receipt_ids: np.ndarray,
    store_ids: np.ndarray,
    customer_ids: np.ndarray,
    staff_ids: np.ndarray,
    r: dict[str, np.ndarray],
) -> pd.DataFrame:
    """Receipts in time order. ``r`` holds per-receipt arrays (amounts in fen)."""
    is_m = r["member"] >= 0
    return pd.DataFrame(
        {
            "receipt_id": receipt_ids,
            "store_id": store_ids[r["store"]],
            "purchased_at": timestamps(r["at_s"]),
            "customer_id": _or_missing(is_m, customer_ids, r["member"]),
            "is_member": is_m,
            "channel": cat(r["channel"], "receipt_channel"),
            "payment_method": cat(r["payment"], "payment_method"),
            "items": r["items"],
            "gross_cny": r["gross_fen"] / 100,
            "discount_cny": r["discount_fen"] / 100,
            "net_cny": (r["gross_fen"] - r["discount_fen"]) / 100,
            "staff_id": staff_ids[r["staff"]],
        },
        copy=False,
    )


def line_table(
    receipt_ids: np.ndarray, product_ids: np.ndarray, lines: dict[str, np.ndarray]
) -> pd.DataFrame:
    """Receipt lines from the baskets step's columns (receipt and product row numbers)."""
    return pd.DataFrame(
        {
            "receipt_id": receipt_ids[lines["receipt"]],
            "line_no": lines["line_no"],
            "product_id": product_ids[lines["product"]],
            "quantity": lines["quantity"],
            "unit_price_cny": lines["unit_price_cny"],
            "discount_cny": lines["discount_cny"],
            "line_total_cny": lines["line_total_cny"],
        },
        copy=False,
    )


def ledger_table(
    customer_ids: np.ndarray,
    receipt_ids: np.ndarray,
    receipt_rows: np.ndarray,
    member: np.ndarray,
    at_s: np.ndarray,
    pts: Points,
) -> pd.DataFrame:
    """Points ledger: redeem (-) and earn (+) per member receipt, then expiries.

    ``receipt_rows`` are the member receipts in (member, time) order that ``pts`` was
    computed on; ``member`` and ``at_s`` are per receipt of the whole table.
    """
    r_member, r_sec = member[receipt_rows], at_s[receipt_rows]
    e = pts.earned > 0
    rd = pts.redeemed > 0
    ex_sec = np.where(pts.expire_day == 364, 364 * 86400 + 86399, pts.expire_day * 86400)
    led_member = np.concatenate([r_member[rd], r_member[e], pts.expire_member])
    led_sec = np.concatenate([r_sec[rd], r_sec[e], ex_sec])
    led_kind = np.concatenate([np.full(rd.sum(), 1), np.zeros(e.sum(), int),
                               np.full(len(ex_sec), 2)])  # fmt: skip
    led_pts = np.concatenate([-pts.redeemed[rd], pts.earned[e], -pts.expire_points])
    led_rec = np.concatenate([receipt_rows[rd], receipt_rows[e], np.full(len(ex_sec), -1)])
    kind_rank = np.array([1, 0, 2])[led_kind]  # redeem before earn at the same till
    n_members = len(customer_ids)
    o = np.argsort(
        (led_sec.astype(np.int64) * (n_members + 1) + led_member) * 3 + kind_rank, kind="stable"
    )
    return pd.DataFrame(
        {
            "entry_id": ids("E", len(o), 7),
            "customer_id": customer_ids[led_member[o]],
            "occurred_at": timestamps(led_sec[o]),
            "kind": cat(led_kind[o], "ledger_kind"),
            "points": led_pts[o].astype(np.int64),
            "receipt_id": _or_missing(led_rec[o] >= 0, receipt_ids, led_rec[o]),
        },
        copy=False,
    )


def tier_change_table(customer_ids: np.ndarray, changes: tuple[np.ndarray, ...]) -> pd.DataFrame:
    """Tier changes by date, then member, then kind of change."""
    tm, tday, tfrom, tto, tkind = changes
    o = np.lexsort((tkind, tm, tday))
    return pd.DataFrame(
        {
            "customer_id": customer_ids[tm[o]],
            "changed_on": dates(tday[o]),
            "from_tier": cat(tfrom[o], "tier", ordered=True),
            "to_tier": cat(tto[o], "tier", ordered=True),
            "change": cat(tkind[o], "tier_change"),
        }
    )


def campaign_table() -> pd.DataFrame:
    """The campaigns, straight from the parameters."""
    return pd.DataFrame(
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


def coupon_send_table(
    customer_ids: np.ndarray,
    receipt_ids: np.ndarray,
    at_s: np.ndarray,
    sends: list[tuple[Campaign, np.ndarray, np.ndarray, np.ndarray]],
) -> pd.DataFrame:
    """One row per member a campaign targeted, treated or held out, with redemptions.

    ``sends`` holds (campaign, member rows, treated, receipt row used or -1) per campaign.
    """
    s_cid, s_mem, s_grp, s_at, s_red = [], [], [], [], []
    for c, idx, treated, used in sends:
        s_cid.append(np.full(len(idx), c.campaign_id, dtype=object))
        s_mem.append(idx)
        s_grp.append(np.where(treated, 0, 1))
        s_at.append(np.full(len(idx), (c.start - 1) * 86400 + 10 * 3600))  # 10:00 the day before
        s_red.append(used)
    used_all = np.concatenate(s_red)
    return pd.DataFrame(
        {
            "send_id": ids("CS", len(used_all), 6),
            "campaign_id": np.concatenate(s_cid),
            "customer_id": customer_ids[np.concatenate(s_mem)],
            "group": cat(np.concatenate(s_grp), "group"),
            "assigned_at": timestamps(np.concatenate(s_at)),
            "redeemed_at": timestamps(np.where(used_all >= 0, at_s[used_all], -1)),
            "redeemed_receipt_id": _or_missing(used_all >= 0, receipt_ids, used_all),
        }
    )


def complaint_table(
    customer_ids: np.ndarray,
    store_ids: np.ndarray,
    staff_ids: np.ndarray,
    tk: Complaints,
    order: np.ndarray,
) -> pd.DataFrame:
    """Complaint tickets in the given (opening time) order."""
    o = order
    return pd.DataFrame(
        {
            "ticket_id": ids("T", len(o), 5),
            "customer_id": customer_ids[tk.member[o]],
            "store_id": store_ids[tk.store[o]],
            "channel": cat(tk.channel[o], "complaint_channel"),
            "category": cat(tk.category[o], "complaint_category"),
            "opened_at": timestamps(tk.opened_s[o]),
            "first_response_at": timestamps(tk.first_response_s[o]),
            "resolved_at": timestamps(tk.resolved_s[o]),
            "outcome": cat(tk.outcome[o], "outcome"),
            "satisfaction_after": tk.satisfaction[o].astype(np.int64),
            "staff_id": staff_ids[tk.staff[o]],
        }
    )


def survey_table(
    customer_ids: np.ndarray, store_ids: np.ndarray, sv: dict[str, np.ndarray]
) -> pd.DataFrame:
    """Survey responses by date, then member, then kind (visit before exit)."""
    o = np.lexsort((sv["kind"], sv["member"], sv["day"]))
    sc = sv["scores"][o]
    return pd.DataFrame(
        {
            "response_id": ids("Q", len(o), 5),
            "customer_id": customer_ids[sv["member"][o]],
            "store_id": store_ids[sv["store"][o]],
            "responded_on": dates(sv["day"][o]),
            "recommend_0_10": sv["recommend"][o].astype(np.int64),
            **{
                name: sc[:, i].astype(np.int64)
                for i, name in enumerate(TABLES["survey_responses"].names[5:11])
            },
            "comment": np.where(sv["comment"][o] == "", np.nan, sv["comment"][o].astype(object)),
            "survey_type": cat(sv["kind"][o], "survey_type"),
            "leave_reason": cat(sv["reason"][o], "leave_reason"),
        }
    )


def marketing_spend_table(
    rng: np.random.Generator,
    m: Members,
    sends: list[tuple[Campaign, np.ndarray, np.ndarray, np.ndarray]],
) -> pd.DataFrame:
    """Marketing spend: each campaign's running cost, then recruitment by month and channel.

    Coupon values are not listed here: what the coupons cost is in the receipts' discounts
    (the coupon_sends table says which receipts used one).
    """
    scale = m.n / 3000
    c_month = [int(c.starts_on[5:7]) - 1 for c, *_ in sends]
    c_fen = [round(c.setup_fen * scale + c.per_send_fen * int(t.sum()))
             for c, _i, t, _u in sends]  # fmt: skip
    c_item = [f"{c.name}: design, posters and {int(t.sum())} messages" for c, _i, t, _u in sends]
    a_month, a_channel, a_fen = acquisition_spend(rng, m)
    month = np.concatenate([c_month, a_month]).astype(np.int64)
    first = (np.datetime64("2025-01", "M") + month.astype("timedelta64[M]")).astype(
        "datetime64[ns]"
    )
    n_c = len(sends)
    channel = np.concatenate([np.full(n_c, -1), a_channel])
    return pd.DataFrame(
        {
            "spend_id": ids("MS", len(month), 4),
            "month": first,
            "campaign_id": np.concatenate(
                [
                    np.array([c.campaign_id for c, *_ in sends], dtype=object),
                    np.full(len(a_month), np.nan, dtype=object),
                ]
            ),
            "signup_channel": cat(channel, "signup_channel"),
            "item": np.concatenate(
                [
                    np.array(c_item, dtype=object),
                    np.array(
                        [f"recruiting members: {P.SIGNUP_CHANNELS[c]}" for c in a_channel],
                        dtype=object,
                    ),
                ]
            ),
            "spend_cny": np.concatenate([c_fen, a_fen]) / 100,
        }
    )
