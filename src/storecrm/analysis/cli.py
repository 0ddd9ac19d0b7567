"""``storecrm analyse FOLDER --what rfm|rules|cohorts|members [--engine duckdb|pandas]``.

For a supervisor with an export bigger than the laptop's memory: the same tables the course
computes in pandas, computed by DuckDB over Parquet or CSV within a memory limit, written as
a CSV a spreadsheet can open safely.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["register"]


def _whole(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``analyse`` command."""
    from storecrm.analysis.engines import ENGINES, RESULTS
    from storecrm.data.duckfolder import DEFAULT_MEMORY_LIMIT

    results = "; ".join(f"{k}: {v}" for k, v in RESULTS.items())
    engines = "; ".join(f"{k}: {v}" for k, v in ENGINES.items())
    p = subparsers.add_parser(
        "analyse",
        help="compute RFM, basket rules, cohorts or member value for a data folder, "
        "with DuckDB when it is too big for memory",
        description="Compute one of the course's results for a course-format folder (from "
        "'storecrm data generate', 'storecrm data import' or 'storecrm data to-parquet'). "
        f"Results: {results}. Engines: {engines}. Both give the same numbers.",
    )
    p.add_argument("folder", type=Path, metavar="FOLDER", help="folder of .csv or .parquet tables")
    p.add_argument("--what", required=True, choices=list(RESULTS), help="which result")
    p.add_argument("--engine", choices=list(ENGINES), default="duckdb", help="default duckdb")
    p.add_argument(
        "--out", type=Path, default=None, help="CSV file to write (default: print the first rows)"
    )
    p.add_argument(
        "--memory-limit",
        default=None,
        metavar="SIZE",
        help=f"most memory DuckDB may use, e.g. 500MB (default {DEFAULT_MEMORY_LIMIT})",
    )
    spill = "where DuckDB writes what does not fit (default: a temporary folder)"
    p.add_argument("--temp-dir", type=Path, default=None, metavar="DIR", help=spill)
    p.add_argument("--threads", type=_whole, default=None, metavar="N",
                   help="processor cores DuckDB may use (default all)")  # fmt: skip
    p.add_argument("--top", type=_whole, default=10, metavar="N",
                   help="rules: how many, strongest lift first (0 = all; default 10)")  # fmt: skip
    p.add_argument("--min-baskets", type=_whole, default=50, metavar="N",
                   help="rules: fewest receipts a pair must share (default 50)")  # fmt: skip
    p.add_argument("--months", type=_whole, default=6, metavar="N",
                   help="cohorts: months to follow each cohort, 1-24 (default 6)")  # fmt: skip
    p.set_defaults(handler=_analyse)


def _analyse(args: argparse.Namespace) -> int:
    import pandas as pd

    from storecrm.analysis.engines import Options, run
    from storecrm.data.duckfolder import DEFAULT_MEMORY_LIMIT
    from storecrm.errors import CommandError

    folder: Path = args.folder
    if not folder.is_dir():
        raise CommandError(f"{folder} is not a folder",
                           hint="pass the folder that holds the course's tables")  # fmt: skip
    if args.engine == "pandas" and (args.memory_limit or args.temp_dir or args.threads):
        raise CommandError(
            "--memory-limit, --temp-dir and --threads are DuckDB's settings",
            hint="drop them, or use --engine duckdb",
        )
    if args.out is not None and (args.out.is_dir() or not args.out.parent.is_dir()):
        raise CommandError(
            f"{args.out} is a folder" if args.out.is_dir() else f"{args.out.parent} does not exist",
            hint="--out takes a file name in an existing folder, e.g. rfm.csv",
        )
    options = Options(top=args.top or None, min_baskets=args.min_baskets, months=args.months)
    result = run(
        args.what,
        folder,
        engine=args.engine,
        options=options,
        memory_limit=args.memory_limit or DEFAULT_MEMORY_LIMIT,
        temp_dir=args.temp_dir,
        threads=args.threads,
    )
    if args.out is None:
        with pd.option_context("display.width", 120, "display.max_columns", 20):
            print(result.head(20).to_string())
        if len(result) > 20:
            print(f"... {len(result):,} rows in all; add --out FILE.csv to save them.")
        return 0
    from storecrm.data.safecsv import write_safe_csv

    table = result.reset_index() if result.index.name is not None else result
    changed = write_safe_csv(table, args.out)
    note = f" ({changed} cell(s) starting with = + - @ got a leading ')" if changed else ""
    print(f"Wrote {len(result):,} rows of {args.what} ({args.engine}) to {args.out}{note}.",
          file=sys.stdout)  # fmt: skip
    return 0
