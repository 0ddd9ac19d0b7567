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


@pytest.fixture(scope="session")
def toy() -> SimpleNamespace:
    """The hand-made data set (receipts and customers tables)."""
    rng = np.random.default_rng(20250614)
    return SimpleNamespace(receipts=_receipts(rng), customers=_customers())
