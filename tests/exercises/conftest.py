"""A small, hand-made Maple Street Mart: enough rows to exercise every check quickly.

The numbers are drawn from a seeded generator so the fixture is the same on every run, but no
test copies a result from it: tests compute what they expect with their own pandas code.
"""

from __future__ import annotations

from types import SimpleNamespace

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

TIERS = pd.CategoricalDtype(["standard", "silver", "gold", "diamond"], ordered=True)


def _receipts(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    # (store, day, number of receipts, hour weights peaking at 8 and 18)
    hours = np.arange(7, 23)
    weights = np.exp(-((hours - 8) ** 2) / 2) + 1.6 * np.exp(-((hours - 18) ** 2) / 3) + 0.15
    weights = weights / weights.sum()
    plan = [("S01", "2025-06-14", 70), ("S02", "2025-06-14", 40), ("S01", "2025-06-13", 50)]
    members = [f"M{n:05d}" for n in range(1, 12)]  # M00012 never buys
    for store, day, n in plan:
        chosen = rng.choice(hours, size=n, p=weights)
        for hour in chosen:
            minute = int(rng.integers(0, 60))
            member = rng.random() < 0.45
            gross = round(float(rng.uniform(5, 90)), 2)
            discount = round(gross * 0.1, 2) if member else 0.0
            rows.append(
                {
                    "store_id": store,
                    "purchased_at": pd.Timestamp(day)
                    + pd.Timedelta(hours=int(hour), minutes=minute),
                    "customer_id": members[int(rng.integers(0, len(members)))] if member else None,
                    "is_member": member,
                    "channel": str(rng.choice(["in_store", "app_pickup", "delivery"])),
                    "items": int(rng.integers(1, 9)),
                    "gross_cny": gross,
                    "discount_cny": discount,
                    "net_cny": round(gross - discount, 2),
                }
            )
    frame = pd.DataFrame(rows).sort_values("purchased_at", kind="stable").reset_index(drop=True)
    frame.insert(0, "receipt_id", [f"R{n:06d}" for n in range(1, len(frame) + 1)])
    return frame


def _customers() -> pd.DataFrame:
    ids = [f"M{n:05d}" for n in range(1, 13)]
    channels = ["in_store"] * 5 + ["app"] * 4 + ["mini_program"] * 2 + ["referral"]
    tiers = ["standard"] * 5 + [None] + ["silver"] * 3 + ["gold"] * 2 + ["diamond"]  # M00006 lapsed
    return pd.DataFrame(
        {
            "customer_id": ids,
            "signup_channel": pd.Categorical(channels),
            "tier": pd.Categorical(tiers, dtype=TIERS),
        }
    )


def _points_ledger() -> pd.DataFrame:
    # (member, when, kind, points): balances at the end are M1 500, M2 0, M3 50, M4 300.
    rows = [
        ("M00001", "2025-01-10 09:00", "earn", 500),
        ("M00002", "2025-02-01 18:30", "earn", 1000),
        ("M00001", "2025-03-05 08:15", "earn", 300),
        ("M00001", "2025-04-01 12:00", "redeem", -500),
        ("M00004", "2025-05-05 19:00", "earn", 800),
        ("M00004", "2025-06-30 09:00", "redeem", -300),
        ("M00003", "2025-06-30 20:00", "earn", 50),
        ("M00001", "2025-07-01 00:00", "earn", 200),  # at midnight: counts from 1 July on
        ("M00004", "2025-08-08 10:10", "redeem", -200),
        ("M00002", "2025-12-31 23:59", "expire", -1000),
    ]
    frame = pd.DataFrame(rows, columns=["customer_id", "occurred_at", "kind", "points"])
    frame["occurred_at"] = pd.to_datetime(frame["occurred_at"])
    frame["kind"] = pd.Categorical(frame["kind"], categories=["earn", "redeem", "expire"])
    frame.insert(0, "entry_id", [f"E{n:07d}" for n in range(1, len(frame) + 1)])
    return frame


def _tier_changes() -> pd.DataFrame:
    # Upgrades: two in April, one in July (plus one tier carried over on 1 January, recorded
    # as an upgrade); one downgrade in July; joins and an exit.
    rows = [
        ("M00001", "2025-01-01", None, "standard", "join"),
        ("M00005", "2025-01-01", "standard", "gold", "upgrade"),
        ("M00002", "2025-01-01", None, "standard", "join"),
        ("M00001", "2025-04-01", "standard", "silver", "upgrade"),
        ("M00002", "2025-04-01", "standard", "silver", "upgrade"),
        ("M00003", "2025-05-20", None, "standard", "join"),
        ("M00001", "2025-07-01", "silver", "gold", "upgrade"),
        ("M00002", "2025-07-01", "silver", "standard", "downgrade"),
        ("M00006", "2025-10-01", "standard", None, "exit"),
    ]
    frame = pd.DataFrame(rows, columns=["customer_id", "changed_on", "from_tier", "to_tier",
                                        "change"])  # fmt: skip
    frame["changed_on"] = pd.to_datetime(frame["changed_on"])
    for col in ("from_tier", "to_tier"):
        frame[col] = pd.Categorical(frame[col], dtype=TIERS)
    frame["change"] = pd.Categorical(
        frame["change"], categories=["join", "upgrade", "downgrade", "exit"]
    )
    return frame


@pytest.fixture(scope="session")
def toy() -> SimpleNamespace:
    """The hand-made data set (receipts, customers, points ledger and tier changes)."""
    rng = np.random.default_rng(20250614)
    return SimpleNamespace(
        receipts=_receipts(rng),
        customers=_customers(),
        points_ledger=_points_ledger(),
        tier_changes=_tier_changes(),
    )
