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

    generate("small", seed=1)  # warm-up: imports and first allocations are not timed
    t0, c0 = time.perf_counter(), time.process_time()
    data = generate(size, seed=2026)
    gen_s, gen_cpu = time.perf_counter() - t0, time.process_time() - c0
    gen_peak = _peak_mb()
    out = {"size": size, "rows": data.row_counts(), "generate_s": gen_s, "generate_cpu_s": gen_cpu,
           "peak_mb": gen_peak}  # fmt: skip
    if write_files:
        with tempfile.TemporaryDirectory() as tmp:
            t1 = time.perf_counter()
            paths = write(data, tmp)
            out["write_s"] = time.perf_counter() - t1
            out["csv_mb"] = sum(p.stat().st_size for p in paths) / 2**20
        out["peak_with_write_mb"] = _peak_mb()
    return out


def naive_baseline(n_lines: int = 20_000) -> tuple[float, float]:
    """Receipt lines per second (wall, CPU) for a naive per-row faker loop (not to do).

    One Python iteration per receipt line, every field drawn from faker: the time, the
    shopper's name and phone, the store, the product and the quantity. This is how a
    first attempt usually looks, and what the vectorised generator is compared with.
    """
    from datetime import datetime

    from faker import Faker

    fake = Faker("zh_CN")
    Faker.seed(2026)
    products = [(f"P{i:04d}", i * 0.7) for i in range(1, 71)]
    stores = ["S01", "S02", "S03", "S04", "S05"]
    start, end = datetime(2025, 1, 1), datetime(2025, 12, 31, 23, 59, 59)
    rows = []
    t0, c0 = time.perf_counter(), time.process_time()
    for i in range(n_lines):
        pid, price = fake.random_element(products)
        qty = fake.random_int(1, 3)
        rows.append(
            {
                "receipt_id": f"R{i // 3 + 1:07d}",
                "purchased_at": fake.date_time_between(start_date=start, end_date=end),
                "store_id": fake.random_element(stores),
                "customer": fake.name(),
                "phone": fake.phone_number(),
                "product_id": pid,
                "quantity": qty,
                "line_total_cny": round(qty * price, 2),
            }
        )
    return len(rows) / (time.perf_counter() - t0), len(rows) / (time.process_time() - c0)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:
        print(json.dumps(run_one(argv[1], write_files="--write" in argv)))
        return 0
    sizes = [a for a in argv if a in SIZES] or list(SIZES)
    print("Maple Street Mart data generator benchmark (seed 2026)")
    print("Rates are given for wall-clock time and for CPU time of the process; on a shared")
    print("machine the CPU-time rate is the steadier figure.\n")
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
        print(f"        generate {r['generate_s']:6.1f} s wall ({lines / r['generate_s']:>10,.0f} "
              f"lines/s), {r['generate_cpu_s']:6.1f} s CPU ({lines / r['generate_cpu_s']:>10,.0f} "
              f"lines/s), peak memory {r['peak_mb']:,.0f} MB")  # fmt: skip
        print(f"        write    {r['write_s']:6.1f} s wall ({r['csv_mb']:,.0f} MB of CSV), "
              f"peak memory incl. writing {r['peak_with_write_mb']:,.0f} MB")  # fmt: skip
        print("        rows: " + ", ".join(f"{k} {v:,}" for k, v in r["rows"].items()))
    base_wall, base_cpu = naive_baseline()
    print(f"\nnaive per-row faker loop (20,000-line sample): {base_wall:,.0f} lines/s wall, "
          f"{base_cpu:,.0f} lines/s CPU")  # fmt: skip
    for r in results:
        lines = r["rows"]["receipt_lines"]
        wall = lines / r["generate_s"] / base_wall
        cpu = lines / r["generate_cpu_s"] / base_cpu
        print(f"  {r['size']:>6} generator: {cpu:,.0f}x the baseline rate (CPU time), "
              f"{wall:,.0f}x (wall clock)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
