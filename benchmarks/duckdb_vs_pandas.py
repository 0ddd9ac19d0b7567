"""Time and peak memory of the course's results with pandas and with DuckDB, per data size.

For each size (default medium and large) and each result of
:data:`storecrm.analysis.engines.RESULTS` this runs, each in its own child process so that
its peak memory (``ru_maxrss``) is its own:

* ``pandas``: the course's helpers on the CSV files (what a laptop notebook does);
* ``duckdb-csv``: DuckDB reading the same CSV files;
* ``duckdb-parquet``: DuckDB on the Parquet copy (made once with ``storecrm data to-parquet``;
  the conversion time is printed too);
* ``duckdb-parquet-low``: the same with ``--low-limit`` (default 256MB), below the size of
  the data, so DuckDB has to spill to disk.

Every result is compared with the first engine's that finished, pandas' when it did
(``same``: yes/no; floats to 1e-9). A
pandas run is capped at ``--pandas-cap-gb`` of address space (default 8), so on a big size
it stops with "out of memory" instead of pushing a shared machine into swap.

Data: ``--data-dir DIR`` holds one course folder per size (``DIR/medium``, ``DIR/large``);
a missing one is generated there with ``storecrm data generate`` (with a progress bar).
Default ``_build/bench-data``; the Parquet copies go to ``--work-dir`` (the same default).

Usage::

    uv run python benchmarks/duckdb_vs_pandas.py
    uv run python benchmarks/duckdb_vs_pandas.py --sizes medium --data-dir /data --threads 2
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENGINES = ("pandas", "duckdb-csv", "duckdb-parquet", "duckdb-parquet-low")


def child(what: str, engine: str, folder: str, limit: str, threads: int, out: str) -> int:
    """Compute one result in this process and print its time, peak memory and rows as JSON."""
    from storecrm.analysis.engines import run

    t0 = time.perf_counter()
    if engine == "pandas":
        result = run(what, folder, engine="pandas")
    else:
        result = run(what, folder, engine="duckdb", memory_limit=limit, threads=threads)
    seconds = time.perf_counter() - t0
    result.to_pickle(out)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "rows": len(result)}))
    return 0


def _spawn(args: list[str], timeout: float, cap_gb: float | None) -> dict:
    """Run this script as a child; return its JSON, or why it did not finish."""

    def limit() -> None:  # runs in the child before Python starts
        if cap_gb:
            cap = int(cap_gb * 2**30)
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    command = [sys.executable, __file__, "--child", *args]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              preexec_fn=limit, cwd=ROOT)  # fmt: skip
    except subprocess.TimeoutExpired:
        return {"error": f"over {timeout:.0f} s"}
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["no message"]
        memory = "MemoryError" in done.stderr or "Unable to allocate" in done.stderr
        return {"error": "out of memory" if memory else tail[0][:80]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _same(a_path: Path, b_path: Path) -> str:
    import pandas as pd

    a, b = pd.read_pickle(a_path), pd.read_pickle(b_path)
    try:
        pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=0, atol=1e-9)
    except AssertionError:
        return "NO"
    return "yes"


def _folder(data_dir: Path, size: str) -> Path:
    """The CSV folder of ``size``, generated (with progress) if it is not there yet."""
    folder = data_dir / size
    if (folder / "receipts.csv").is_file():
        return folder
    print(f"Generating the {size} data set into {folder} (a few minutes) ...", flush=True)
    subprocess.run([sys.executable, "-m", "storecrm", "data", "generate", "--size", size,
                    "--out", str(folder), "--force"], check=True, cwd=ROOT)  # fmt: skip
    return folder


def _parquet(folder: Path, work: Path, size: str) -> tuple[Path, float, float]:
    """The Parquet copy of ``folder`` (made once); its path, MB and seconds to make it."""
    from storecrm.data.duckfolder import to_parquet

    target = work / f"{size}-parquet"
    t0 = time.perf_counter()
    if not (target / "receipts.parquet").is_file():
        to_parquet(folder, target, memory_limit="1GB")
    seconds = time.perf_counter() - t0
    mb = sum(p.stat().st_size for p in target.glob("*.parquet")) / 2**20
    return target, mb, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", nargs=6, help=argparse.SUPPRESS)
    parser.add_argument("--sizes", nargs="+", default=["medium", "large"],
                        choices=["small", "medium", "large"])  # fmt: skip
    parser.add_argument("--data-dir", type=Path, default=ROOT / "_build" / "bench-data")
    parser.add_argument("--work-dir", type=Path, default=ROOT / "_build" / "bench-data",
                        help="where the Parquet copies go (default _build/bench-data)")  # fmt: skip
    parser.add_argument("--what", nargs="+", default=None, help="results (default all)")
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=ENGINES)
    parser.add_argument("--limit", default="2GB", help="DuckDB memory limit (default 2GB)")
    parser.add_argument("--low-limit", default="256MB", help="the limit below the data's size")
    parser.add_argument("--threads", type=int, default=2, help="DuckDB threads (default 2)")
    parser.add_argument("--pandas-cap-gb", type=float, default=8.0)
    parser.add_argument("--timeout", type=float, default=1200.0, help="seconds per run")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    if args.child:
        what, engine, folder, limit, threads, out = args.child
        return child(what, engine, folder, limit, int(threads), out)

    from storecrm.analysis.engines import RESULTS

    results = args.what or list(RESULTS)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"# DuckDB vs pandas, {stamp}, {platform.machine()}, {_machine()}")
    print(f"# DuckDB threads {args.threads}, limit {args.limit}, low limit {args.low_limit}")
    rows = []
    work = args.work_dir
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            folder = _folder(args.data_dir, size)
            csv_mb = sum(p.stat().st_size for p in folder.glob("*.csv")) / 2**20
            parquet, pq_mb, pq_s = _parquet(folder, work, size)
            print(f"\n## {size}: CSV {csv_mb:,.0f} MB; Parquet {pq_mb:,.0f} MB "
                  f"(made in {pq_s:,.0f} s)", flush=True)  # fmt: skip
            print(f"{'result':8} {'engine':20} {'seconds':>8} {'peak MB':>8} {'rows':>8} same")
            for what in results:
                reference = None
                for engine in args.engines:
                    source = parquet if engine.startswith("duckdb-parquet") else folder
                    limit = args.low_limit if engine.endswith("-low") else args.limit
                    out = Path(tmp) / f"{size}-{what}-{engine}.pkl"
                    cap = args.pandas_cap_gb if engine == "pandas" else None
                    child_args = [what, engine, str(source), limit, str(args.threads), str(out)]
                    got = _spawn(child_args, args.timeout, cap)
                    same = ""
                    if "error" not in got:
                        if reference is None:
                            reference = out
                        else:
                            same = _same(reference, out)
                    row = {"size": size, "what": what, "engine": engine, **got, "same": same,
                           "csv_mb": csv_mb, "parquet_mb": pq_mb}  # fmt: skip
                    rows.append(row)
                    if "error" in got:
                        print(f"{what:8} {engine:20} {got['error']}", flush=True)
                    else:
                        print(f"{what:8} {engine:20} {got['seconds']:8.1f} {got['peak_mb']:8.0f} "
                              f"{got['rows']:8,} {same}", flush=True)  # fmt: skip
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        meta = {"when": stamp, "machine": _machine(), "threads": args.threads}
        args.json.write_text(json.dumps({"meta": meta, "rows": rows}, indent=1))
    return 0


def _machine() -> str:
    """Cores and memory of this machine, for the dated table in the book."""
    import os

    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            kb = int(f.readline().split()[1])
        memory = f"{kb / 2**20:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        memory = "RAM unknown"
    return f"{os.cpu_count()} cores, {memory}"


if __name__ == "__main__":
    sys.exit(main())
