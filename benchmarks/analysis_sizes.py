"""Time and peak memory of the course's analysis steps on the small, medium and large data.

For each size and each step (load, RFM, member value, clusters, basket rules, campaign
results, retention) this runs the step as the course calls it, each in a fresh child
process so that its peak memory (``ru_maxrss``) is its own, and beside it the previous
implementation (kept in ``benchmarks/baselines.py``) in the same run, on the same machine,
at the same moment. A step's child loads only the tables the step reads (from the loader's
cache when it is warm) and times only the step; its peak memory includes those
tables, because a learner's notebook holds them too. Then one "whole analysis" child loads
the data set and runs every step, as a chapter-by-chapter session does.

Load is timed twice: "load (cold)" parses the CSV files (the cache switched off, as the
first load of a new data set does) and "load" reads the cache a first load left behind.

Usage::

    uv run python benchmarks/analysis_sizes.py                        # small, medium, large
    uv run python benchmarks/analysis_sizes.py --sizes small,medium
    uv run python benchmarks/analysis_sizes.py --data-dir /work/data  # DIR/medium, DIR/large

Medium and large data sets are generated (seed 2026) into ``_build/bench-data/<size>`` when
missing, with a progress bar, and reused after that.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from data_generation import SIZES, _peak_mb  # same folder: the generator benchmark's helpers
from tqdm import tqdm

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA_DIR = ROOT / "_build" / "bench-data"
#: A child that runs longer than this is stopped and shown as "timed out".
CHILD_TIMEOUT_S = 1800


# --- the steps, as the course calls them -------------------------------------------------------


def _load(folder: Path, impl: str) -> object:
    if impl == "baseline":
        import baselines

        return baselines.load(folder)
    from storecrm.data import load

    return load(folder)


def _rfm(d, impl: str) -> object:
    from storecrm.analysis.segments import rfm_segments

    return rfm_segments(d.receipts)


def _member_value(d, impl: str) -> object:
    from storecrm.analysis import customer_value as cv

    summary = cv.member_summary(d.receipts, d.customers)
    margin = cv.store_gross_margin_rate(d)  # lifetime value needs the chain's margin rate
    typical = summary.median(numeric_only=True)
    return cv.lifetime_value(typical["avg_basket_cny"], typical["visits_per_year"], margin, 5)


def _clusters(d, impl: str) -> object:
    if impl == "baseline":
        import baselines

        return baselines.store_clusters(d, k=5)
    from storecrm.analysis.segments import store_clusters

    return store_clusters(d, k=5)


def _basket_rules(d, impl: str) -> object:
    if impl == "baseline":
        import baselines as b
    else:
        from storecrm.analysis import baskets as b
    # Medium and large are past the dense table's size limit (medium: 3.2 GB); the course
    # tells a learner to pass sparse=True there, so that is what is timed.
    sparse = {"sparse": True} if impl != "baseline" and len(d.receipt_lines) > SPARSE_LINES else {}
    baskets = b.basket_matrix(d.receipt_lines, d.products, min_baskets=30, **sparse)
    return b.top_rules(baskets, min_baskets=50, min_confidence=0.25, top=12)


#: Above this many receipt lines the basket step builds the sparse table (small has 0.2 M).
SPARSE_LINES = 1_000_000


def _campaigns(d, impl: str) -> object:
    from storecrm.analysis import promotions as pr

    activity = pr.campaign_member_activity(d.campaigns, d.coupon_sends, d.receipts)
    return pr.campaign_uplift(pr.campaign_results(activity))


def _retention(d, impl: str) -> object:
    if impl == "baseline":
        import baselines as k
    else:
        from storecrm.analysis import kpis as k
    return k.cohort_retention(d.customers, d.receipts, months=6), k.monthly_retention(d.receipts)


#: step name -> (function, tables it reads, whether a previous implementation is kept).
STEPS: dict[str, tuple[Callable, tuple[str, ...], bool]] = {
    "load (cold)": (_load, (), True),
    "load": (_load, (), True),
    "RFM": (_rfm, ("receipts",), False),
    "member value": (_member_value, ("receipts", "customers", "receipt_lines", "products"), False),
    "clusters": (_clusters, ("receipts", "receipt_lines", "products"), True),
    "basket rules": (_basket_rules, ("receipt_lines", "products"), True),
    "campaign results": (_campaigns, ("campaigns", "coupon_sends", "receipts"), False),
    "retention": (_retention, ("customers", "receipts"), True),
}
WHOLE = "whole analysis"


def _tables(folder: Path, names: tuple[str, ...]):
    """A ``StoreData`` holding only the tables a step reads (the others empty), so a step's
    peak memory counts what it needs and not the whole data set."""
    import pandas as pd

    from storecrm.data import StoreData
    from storecrm.data.io import read_tables

    read = read_tables(folder, list(names))
    return StoreData(**{n: read.get(n, pd.DataFrame()) for n in StoreData.table_names()})


# --- one measurement, in a child process ------------------------------------------------------


def _import_everything() -> None:
    """Import what the steps use before the clock starts: imports are not the step's cost."""
    import baselines  # noqa: F401  (imports every module a step uses)
    import pyarrow.parquet  # noqa: F401
    import sklearn.cluster  # noqa: F401  (store_clusters imports it lazily: 6 s of CPU)


def run_child(step: str, impl: str, folder: Path) -> dict:
    """Run one step (or the whole analysis) in this process; return its figures."""
    if impl == "baseline" and step.startswith("load"):
        os.environ["STORECRM_CACHE_DIR"] = "off"  # the previous loader had no cache
    if step == "load (cold)":
        os.environ["STORECRM_CACHE_DIR"] = "off"
    _import_everything()
    t0, c0 = time.perf_counter(), time.process_time()
    if step == WHOLE:
        if impl == "baseline":
            os.environ["STORECRM_CACHE_DIR"] = "off"
        data = _load(folder, impl)
        for name, (function, *_rest) in STEPS.items():
            if not name.startswith("load"):
                function(data, impl)
    else:
        function, tables, _kept = STEPS[step]
        if step.startswith("load"):
            function(folder, impl)
        else:
            data = _tables(folder, tables)
            t0, c0 = time.perf_counter(), time.process_time()
            function(data, impl)
    return {
        "seconds": time.perf_counter() - t0,
        "cpu_seconds": time.process_time() - c0,
        "peak_mb": _peak_mb(),
    }


def measure(step: str, impl: str, folder: Path) -> dict:
    """Run one step in a fresh child process; its figures, or why it failed."""
    cmd = [sys.executable, __file__, "--child", step, impl, str(folder)]
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=CHILD_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {CHILD_TIMEOUT_S} s"}
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no message"])[-1]
        return {"error": last}
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- data sets ---------------------------------------------------------------------------------


def data_folder(size: str, data_dir: Path | None) -> Path:
    """The folder of one size: the committed set for small, else ``<data_dir>/<size>``.

    A missing medium or large set is generated there (seed 2026) with the project's own
    ``storecrm data generate``, which shows a progress bar.
    """
    from storecrm.data.io import default_dir

    if size == "small" and data_dir is None:
        return default_dir()
    folder = (data_dir or DEFAULT_DATA_DIR) / size
    if not (folder / "receipts.csv").is_file():
        if size == "small" and data_dir is not None:
            return default_dir()
        print(f"generating the {size} data set into {folder} (once; reused after)", flush=True)
        cmd = [sys.executable, "-m", "storecrm", "data", "generate", "--size", size,
               "--seed", "2026", "--out", str(folder), "--force"]  # fmt: skip
        subprocess.run(cmd, check=True)
    return folder


# --- the table ----------------------------------------------------------------------------------


#: The figures of one run, in table order: (key, format).
COLUMNS = (("seconds", ".2f"), ("cpu_seconds", ".2f"), ("peak_mb", ",.0f"))


def _cell(figures: dict | None, key: str, fmt: str) -> str:
    if figures is None:
        return "-"
    if "error" in figures:
        return "failed"
    return format(figures[key], fmt)


HEAD = ["step", "size", "time s", "cpu s", "peak MB", "baseline time s", "baseline cpu s",
        "baseline peak MB", "speed-up (cpu)"]  # fmt: skip


def table_row(step: str, size: str, now: dict, base: dict | None) -> str:
    """One Markdown table row: step, size, figures, the baseline's figures, speed-up."""
    ok = "error" not in now and base is not None and "error" not in base
    speed = f"{base['cpu_seconds'] / max(now['cpu_seconds'], 1e-9):.1f}x" if ok else "-"
    figures = [_cell(f, key, fmt) for f in (now, base) for key, fmt in COLUMNS]
    return "| " + " | ".join([step, size, *figures, speed]) + " |"


def add_data_arguments(parser: argparse.ArgumentParser) -> None:
    """``--sizes`` and ``--data-dir``, as every benchmark that reads the data sets takes them."""
    parser.add_argument("--sizes", default=",".join(SIZES),
                        help="comma-separated sizes (default: small,medium,large)")  # fmt: skip
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="folder holding <size>/ data sets (default: _build/bench-data, generated if missing)",
    )


def check_data_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Turn ``--sizes`` into a list and refuse an unknown size or a missing ``--data-dir``
    with a one-line message (argparse's exit status 2)."""
    args.sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in args.sizes if s not in SIZES]
    if unknown or not args.sizes:
        parser.error(f"unknown size {unknown[0] if unknown else ''!r}: choose from "
                     f"{', '.join(SIZES)}")  # fmt: skip
    if args.data_dir is not None and not args.data_dir.is_dir():
        parser.error(f"--data-dir {args.data_dir} is not a folder")


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_arguments(parser)
    parser.add_argument("--steps", default=None,
                        help=f"comma-separated steps (default: all): {', '.join(STEPS)}, "
                        f"{WHOLE}")  # fmt: skip
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip the previous implementations (faster)")  # fmt: skip
    args = parser.parse_args(argv)
    check_data_arguments(parser, args)
    known = [*STEPS, WHOLE]
    args.steps = known if args.steps is None else [s.strip() for s in args.steps.split(",")]
    wrong = [s for s in args.steps if s not in known]
    if wrong:
        parser.error(f"unknown step {wrong[0]!r}: choose from {', '.join(known)}")
    return args


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        print(json.dumps(run_child(argv[1], argv[2], Path(argv[3]))))
        return 0
    args = _parse(argv)
    folders = {size: data_folder(size, args.data_dir) for size in args.sizes}
    plan = [(step, size) for size in args.sizes for step in args.steps]
    print("Course analysis steps by data size (each in a fresh process; time is wall-clock")
    print("seconds, cpu the child's CPU seconds, speed-up the baseline's CPU time over the new;")
    print("on a shared machine compare a row's two implementations, not rows of different runs).\n")
    print("| " + " | ".join(HEAD) + " |")
    print("|" + "|".join("---" for _ in HEAD) + "|", flush=True)
    rows = []
    with tqdm(total=len(plan), desc="measuring", unit=" step", file=sys.stderr) as bar:
        for step, size in plan:
            bar.set_postfix_str(f"{size}: {step}")
            if not rows or rows[-1][1] != size:
                measure("load", "current", folders[size])  # warm the cache: "load" reads it
            now = measure(step, "current", folders[size])
            kept = step == WHOLE or STEPS[step][2]
            base = None
            if kept and not args.no_baseline:
                # The previous loader had no cache: its "load" is its "load (cold)" again.
                same = [b for s, z, _n, b in rows if (s, z) == ("load (cold)", size)]
                reuse = step == "load" and same and same[0] is not None
                base = same[0] if reuse else measure(step, "baseline", folders[size])
            rows.append((step, size, now, base))
            bar.write(table_row(step, size, now, base), file=sys.stdout)
            sys.stdout.flush()
            bar.update()
    for step, size, now, base in rows:
        for figures in (now, base):
            if figures and "error" in figures:
                print(f"\n{step} on {size} failed: {figures['error']}")
    return 1 if any("error" in n for _s, _z, n, _b in rows) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
