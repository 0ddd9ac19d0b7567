"""Benchmark the data generator: receipt lines per second and peak memory per size.

Each size runs in its own subprocess so that its peak memory (``ru_maxrss``) is its own.
Generation (simulation into DataFrames) and writing the CSV files are timed separately,
because for the large size writing text dominates. The baseline is a naive generator that
builds one receipt line at a time in a Python loop with faker, the way a first attempt
often looks; we time it on a small sample and compare rates.

Usage::

    uv run python benchmarks/data_generation.py                  # all sizes, 3 runs each
    uv run python benchmarks/data_generation.py large --repeat 5 --no-write
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
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


def _run_size(size: str, repeat: int, write_files: bool) -> dict:
    """Time one size ``repeat`` times, each in a fresh process; keep every timing.

    The first run also writes the CSV files (if asked). Peak memory is the largest seen.
    """
    runs = []
    for i in range(repeat):
        cmd = [sys.executable, __file__, "--one", size] + (
            ["--write"] if write_files and i == 0 else []
        )
        proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
        runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    out = dict(runs[0])
    out["generate_all_s"] = [r["generate_s"] for r in runs]
    out["generate_cpu_all_s"] = [r["generate_cpu_s"] for r in runs]
    out["peak_mb"] = max(r["peak_mb"] for r in runs)
    return out


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", metavar="SIZE",
                        help="sizes to run: small, medium, large (default: all)")  # fmt: skip
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="fresh-process runs per size and baseline samples (default 3)",
    )
    parser.add_argument("--no-write", action="store_true", help="skip writing the CSV files")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    unknown = [size for size in args.sizes if size not in SIZES]
    if unknown:
        parser.error(f"unknown size {unknown[0]!r}: choose from {', '.join(SIZES)}")
    return args


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:
        print(json.dumps(run_one(argv[1], write_files="--write" in argv)))
        return 0
    args = _parse(argv)
    sizes = args.sizes or list(SIZES)
    print("Maple Street Mart data generator benchmark (seed 2026)")
    print(f"Each size is generated {args.repeat} times, each in a fresh process; the fastest run")
    print("counts (as timeit does: slower runs measure other load on the machine, not the code),")
    print("and the median is shown beside it. Rates are lines per second of wall-clock time.\n")
    results = []
    for size in sizes:
        r = _run_size(size, args.repeat, write_files=not args.no_write)
        results.append(r)
        lines = r["rows"]["receipt_lines"]
        best, med = min(r["generate_all_s"]), statistics.median(r["generate_all_s"])
        print(f"{size:>6}: {lines:>11,} receipt lines, {r['rows']['receipts']:,} receipts, "
              f"{r['rows']['customers']:,} members")  # fmt: skip
        print(f"        generate {best:6.1f} s best, {med:6.1f} s median "
              f"({lines / best:>10,.0f} lines/s best), CPU {min(r['generate_cpu_all_s']):.1f} s, "
              f"peak memory {r['peak_mb']:,.0f} MB")  # fmt: skip
        if "write_s" in r:
            print(f"        write    {r['write_s']:6.1f} s ({r['csv_mb']:,.0f} MB of CSV), "
                  f"peak memory incl. writing {r['peak_with_write_mb']:,.0f} MB; generate + "
                  f"write {r['generate_s'] + r['write_s']:.1f} s")  # fmt: skip
        print("        rows: " + ", ".join(f"{k} {v:,}" for k, v in r["rows"].items()))
    samples = [naive_baseline() for _ in range(args.repeat)]
    base = max(w for w, _ in samples)  # the baseline's best rate, as for the generator
    shown = ", ".join(f"{w:,.0f}" for w, _ in samples)
    print(f"\nnaive per-row faker loop (20,000-line sample, best of {args.repeat}): "
          f"{base:,.0f} lines/s (samples: {shown})")  # fmt: skip
    for r in results:
        lines = r["rows"]["receipt_lines"]
        best = lines / min(r["generate_all_s"]) / base
        med = lines / statistics.median(r["generate_all_s"]) / base
        print(f"  {r['size']:>6} generator: {best:,.0f}x the baseline rate (best runs), "
              f"{med:,.0f}x (median run against the best baseline)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
