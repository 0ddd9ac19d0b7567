"""Benchmark the data generator: receipt lines per second and peak memory per size.

Each size runs in its own subprocess so that its peak memory (``ru_maxrss``) is its own.
Generation (simulation into DataFrames) and writing the CSV files are timed separately,
because for the large size writing text dominates. The baseline is a naive generator that
builds one receipt line at a time in a Python loop with faker, the way a first attempt
often looks; we time it on a small sample and compare rates.

Usage::

    uv run python benchmarks/data_generation.py            # all sizes
    uv run python benchmarks/data_generation.py small medium
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time

SIZES = ("small", "medium", "large")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def run_one(size: str, write_files: bool) -> dict:
    """Generate (and optionally write) one size in this process; return the figures."""
    from storecrm.data import generate, write

    t0 = time.perf_counter()
    data = generate(size, seed=2026)
    gen_s = time.perf_counter() - t0
    gen_peak = _peak_mb()
    out = {"size": size, "rows": data.row_counts(), "generate_s": gen_s, "peak_mb": gen_peak}
    if write_files:
        with tempfile.TemporaryDirectory() as tmp:
            t1 = time.perf_counter()
            paths = write(data, tmp)
            out["write_s"] = time.perf_counter() - t1
            out["csv_mb"] = sum(p.stat().st_size for p in paths) / 2**20
        out["peak_with_write_mb"] = _peak_mb()
    return out


def naive_baseline(n_lines: int = 20_000) -> float:
    """Receipt lines per second for a per-row faker loop (the thing not to do)."""
    import random

    from faker import Faker

    fake = Faker("zh_CN")
    Faker.seed(2026)
    random.seed(2026)
    products = [(f"P{i:04d}", round(random.uniform(1, 50), 2)) for i in range(1, 71)]
    rows = []
    t0 = time.perf_counter()
    receipt = 0
    while len(rows) < n_lines:
        receipt += 1
        when = fake.date_time_between(start_date="-1y", end_date="now")
        customer = fake.name() if random.random() < 0.6 else None
        phone = fake.phone_number()
        store = random.choice(["S01", "S02", "S03", "S04", "S05"])
        for line_no in range(1, random.randint(1, 5) + 1):
            pid, price = random.choice(products)
            qty = random.randint(1, 3)
            rows.append((f"R{receipt:07d}", line_no, pid, qty, price, qty * price, when,
                         customer, phone, store))  # fmt: skip
    return len(rows) / (time.perf_counter() - t0)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:
        print(json.dumps(run_one(argv[1], write_files="--write" in argv)))
        return 0
    sizes = [a for a in argv if a in SIZES] or list(SIZES)
    print("Maple Street Mart data generator benchmark (seed 2026)\n")
    results = []
    for size in sizes:
        proc = subprocess.run(
            [sys.executable, __file__, "--one", size, "--write"],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        results.append(r)
        lines = r["rows"]["receipt_lines"]
        print(f"{size:>6}: {lines:>11,} receipt lines, {r['rows']['receipts']:,} receipts, "
              f"{r['rows']['customers']:,} members")  # fmt: skip
        print(f"        generate {r['generate_s']:6.1f} s  ({lines / r['generate_s']:>12,.0f} "
              f"lines/s)  peak memory {r['peak_mb']:,.0f} MB")  # fmt: skip
        print(f"        write    {r['write_s']:6.1f} s  ({r['csv_mb']:,.0f} MB of CSV)  "
              f"peak memory incl. writing {r['peak_with_write_mb']:,.0f} MB")  # fmt: skip
        print("        rows: " + ", ".join(f"{k} {v:,}" for k, v in r["rows"].items()))
    base = naive_baseline()
    print(f"\nnaive per-row faker loop: {base:,.0f} receipt lines/s (20,000-line sample)")
    for r in results:
        rate = r["rows"]["receipt_lines"] / r["generate_s"]
        print(f"  {r['size']:>6} generator is {rate / base:,.0f}x the baseline rate")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
