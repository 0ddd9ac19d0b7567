"""Basket analysis at product level on an export shaped like a real supermarket's.

A supermarket's own export (about 818,000 lines, 32,000 customers, 24,000 products, dates
without times) needed 14.1 GB and 114 s for basket analysis by product with the previous,
dense implementation, and found no rule. This script builds a seeded synthetic export of
that shape and measures, each run in a fresh child process (peak memory is the child's
``ru_maxrss``):

* the new path: ``basket_matrix(..., sparse=True)`` then ``top_rules`` (sparse pair
  counting), on the whole export;
* the previous path (``benchmarks/baselines_baskets.py``: a dense receipts x products table
  and mlxtend), only on a sample of customers small enough to fit in memory, and the new
  path on the same sample, whose rules must be identical;
* how many rules each minimum support finds on the whole export, to show why the course's
  minimum of 50 receipts, or a fixed share of receipts, is a choice to make per store.

The export: one basket per customer and shopping day (the dates carry no time, so two trips
on one day are one basket), basket sizes with a long right tail, product popularity with a
long tail (a Zipf-like law), and 400 planted pairs so that real rules exist.

Usage::

    uv run python benchmarks/basket_scale.py            # run by `make bench`
    uv run python benchmarks/basket_scale.py --child new 1.0 50   # one run, JSON out
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

SEED = 14
N_CUSTOMERS = 32_000
N_PRODUCTS = 24_000
TARGET_LINES = 818_000
N_PLANTED = 400
#: The previous path runs on this share of the customers (a dense table of all baskets and
#: products at full size would need several GB for the table alone, before mlxtend).
OLD_SAMPLE = 1 / 8
#: Product level: every product is a column (basket_matrix's min_baskets=1).
MATRIX_MIN_BASKETS = 1
#: The course's minimum for a rule (chapter 8: pairs in at least 50 receipts).
RULE_MIN_BASKETS = 50
SPARSE_LIMIT_MB = 2048
#: The course data's minimum support as a share: 50 of its 72,129 receipts (chapter 8).
COURSE_SHARE = 50 / 72_129


def synthetic_export(share: float = 1.0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The seeded export: (``receipt_lines``, ``products``), for the first ``share`` of customers.

    The whole export is always drawn (so a sample is a true subset), then cut.
    """
    rng = np.random.default_rng(SEED)
    # Popularity: Zipf-like, so a few hundred lines sell every day and most rarely.
    rank = np.arange(1, N_PRODUCTS + 1)
    popularity = 1 / (rank + 20.0) ** 1.05
    popularity /= popularity.sum()
    shuffled = rng.permutation(N_PRODUCTS)  # product codes are not in popularity order
    # Shopping days per customer: skewed (many occasional shoppers, a few daily ones).
    days = np.clip(rng.lognormal(np.log(6.0), 1.0, N_CUSTOMERS).round(), 1, 300).astype(int)
    customer = np.repeat(np.arange(N_CUSTOMERS), days)
    day = rng.integers(0, 365, len(customer))
    basket_key = np.unique(customer.astype(np.int64) * 365 + day)  # same day: one basket
    # Lines per basket: geometric plus Poisson, about 2.7 before the planted partners.
    size = rng.geometric(0.5, len(basket_key)) + rng.poisson(0.7, len(basket_key))
    base = np.repeat(basket_key, size)
    product = shuffled[rng.choice(N_PRODUCTS, len(base), p=popularity)]
    # Planted pairs among mid-popular products: a basket with A gets B 35% of the time.
    firsts = shuffled[rng.choice(np.arange(30, 3000), N_PLANTED, replace=False)]
    seconds = shuffled[rng.choice(np.arange(30, 3000), N_PLANTED, replace=True)]
    partner = np.full(N_PRODUCTS, -1)
    partner[firsts] = seconds
    adds = (partner[product] >= 0) & (rng.random(len(product)) < 0.35)
    keys = np.concatenate((base, base[adds]))
    product = np.concatenate((product, partner[product[adds]]))
    # Exactly the target number of lines: a seeded random choice, then in basket order.
    chosen = np.sort(rng.choice(len(keys), min(TARGET_LINES, len(keys)), replace=False))
    order = chosen[np.argsort(keys[chosen], kind="stable")]
    keys, product = keys[order], product[order]
    customer_of = keys // 365
    cut = customer_of < round(share * N_CUSTOMERS)
    keys, product, customer_of = keys[cut], product[cut], customer_of[cut]
    members = np.array([f"M{c:05d}-" for c in range(N_CUSTOMERS)], dtype=object)
    dates = pd.date_range("2025-01-01", periods=365, freq="D").strftime("%Y%m%d")
    product_ids = np.array([f"P{k:05d}" for k in range(N_PRODUCTS)], dtype=object)
    lines = pd.DataFrame(
        {
            # one basket per member and day: the export has no receipt number or time
            "receipt_id": members[customer_of] + dates.to_numpy(dtype=object)[keys % 365],
            "product_id": product_ids[product],
        }
    )
    products = pd.DataFrame(
        {"product_id": product_ids, "product_name": [f"Product {k:05d}" for k in range(N_PRODUCTS)]}
    )
    return lines, products


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KB


def child(path: str, share: float, min_baskets: list[float]) -> dict:
    """One measured run in this (fresh) process; returns its figures."""
    from storecrm.analysis import baskets as new

    t0 = time.perf_counter()
    lines, products = synthetic_export(share)
    out = {
        "path": path,
        "share": share,
        "lines": len(lines),
        "customers": int(lines["receipt_id"].str[:6].nunique()),
        "products": int(lines["product_id"].nunique()),
        "data_s": time.perf_counter() - t0,
        "data_peak_mb": _peak_mb(),
    }
    t0 = time.perf_counter()
    if path == "old":
        sys.path.insert(0, str(Path(__file__).parent))
        import baselines_baskets as old

        table = old.basket_matrix(lines, products, min_baskets=MATRIX_MIN_BASKETS)
        rules_of = old.top_rules
    else:
        table = new.basket_matrix(lines, products, min_baskets=MATRIX_MIN_BASKETS, sparse=True)
        rules_of = new.top_rules
    out["baskets"], out["columns"] = table.shape
    out["matrix_s"] = time.perf_counter() - t0
    out["rules"] = {}
    for asked in min_baskets:
        # a whole number is a count of baskets; a fraction below 1 a share of the baskets
        m = int(asked) if asked >= 1 else int(np.ceil(asked * len(table)))
        t0 = time.perf_counter()
        rules = rules_of(table, min_baskets=m, one_per_pair=False, top=None)
        out["rules"][str(asked)] = {
            "min_baskets": m,
            "n": len(rules),
            "s": time.perf_counter() - t0,
            "digest": int(pd.util.hash_pandas_object(rules, index=True).sum()),
        }
    out["peak_mb"] = _peak_mb()
    return out


def run(path: str, share: float, min_baskets: list[float]) -> dict:
    """Run :func:`child` in a fresh interpreter, so each peak is that run's alone."""
    args = [sys.executable, __file__, "--child", path, str(share), *map(str, min_baskets)]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{path} run at {share:.3f} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _line(r: dict, m: float) -> str:
    rule = r["rules"][str(float(m))]
    return (
        f"  {r['path']:>3} path, {r['share']:6.1%} of customers: {r['lines']:,} lines, "
        f"{r['baskets']:,} baskets x {r['columns']:,} products; matrix {r['matrix_s']:.1f} s, "
        f"rules (>= {rule['min_baskets']} baskets) {rule['s']:.1f} s; peak {r['peak_mb']:,.0f} MB "
        f"(data alone {r['data_peak_mb']:,.0f} MB); {rule['n']:,} rules"
    )


def main() -> int:
    steps = [
        ("old", OLD_SAMPLE, [RULE_MIN_BASKETS, 10]),
        ("new", OLD_SAMPLE, [RULE_MIN_BASKETS, 10]),
        ("new", 1.0, [RULE_MIN_BASKETS, COURSE_SHARE, 0.01]),
    ]
    results = [run(p, s, m) for p, s, m in tqdm(steps, desc="basket runs", unit="run")]
    old, same, full = results
    print(
        f"Synthetic supermarket export (seed {SEED}): {full['lines']:,} lines, "
        f"{full['customers']:,} customers, {full['products']:,} products sold of "
        f"{N_PRODUCTS:,}, {full['baskets']:,} baskets (one per customer and day)."
    )
    dense_gb = full["baskets"] * full["columns"] / 2**30
    print(
        f"Product level, min_baskets={MATRIX_MIN_BASKETS} for the table, rules with at least "
        f"{RULE_MIN_BASKETS} baskets, both directions. A dense table of the whole export "
        f"would hold {dense_gb:.1f} GB of True/False cells before mlxtend starts, so the "
        f"previous path runs on {OLD_SAMPLE:.1%} of the customers only."
    )
    for m in (RULE_MIN_BASKETS, 10):
        print(_line(old, m))
        print(_line(same, m))
        if old["rules"][str(float(m))]["digest"] != same["rules"][str(float(m))]["digest"]:
            print(f"  MISMATCH: the two paths give different rules at {m} baskets")
            return 1
    print("  same sample, same rules (identical tables) from both paths")
    print(_line(full, RULE_MIN_BASKETS))
    ok = full["peak_mb"] < SPARSE_LIMIT_MB
    print(
        f"  whole export, sparse path: peak {full['peak_mb']:,.0f} MB "
        f"({'under' if ok else 'OVER'} the {SPARSE_LIMIT_MB:,} MB target), "
        f"{full['matrix_s'] + full['rules'][str(float(RULE_MIN_BASKETS))]['s']:.1f} s in all"
    )
    print("How many rules (both directions) each minimum support finds on the whole export:")
    for asked, label in (
        (RULE_MIN_BASKETS, "the course's count, 50 baskets"),
        (COURSE_SHARE, f"the course's share, {COURSE_SHARE:.3%} of baskets"),
        (0.01, "1% of baskets"),
    ):
        rule = full["rules"][str(float(asked))]
        print(f"  {label:<40} = at least {rule['min_baskets']:>5,} baskets: {rule['n']:,} rules")
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        figures = child(sys.argv[2], float(sys.argv[3]), [float(m) for m in sys.argv[4:]])
        print(json.dumps(figures))
        sys.exit(0)
    sys.exit(main())
