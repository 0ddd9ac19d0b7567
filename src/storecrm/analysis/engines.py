"""One result, two engines: the pandas helpers, or DuckDB for exports larger than memory.

``storecrm analyse`` and ``benchmarks/duckdb_vs_pandas.py`` both call :func:`run`, so the
command a supervisor runs and the figures the book quotes come from the same code. The pandas
engine reads the course CSV files (only the columns a result needs) and calls the helper the
chapters use; the DuckDB engine calls its twin in :mod:`storecrm.analysis.duck`, which reads
Parquet or CSV in pieces within a memory limit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from storecrm.analysis import duck
from storecrm.analysis.checks import check_choice, check_number
from storecrm.data.duckfolder import DEFAULT_MEMORY_LIMIT, DuckFolder
from storecrm.errors import CourseError

__all__ = ["ENGINES", "RESULTS", "Options", "run"]

#: The engines: name -> what it is, in the words ``--help`` shows.
ENGINES: dict[str, str] = {
    "pandas": "reads the CSV files into memory (the course's own helpers)",
    "duckdb": "reads Parquet or CSV in pieces within --memory-limit, spilling to disk",
}

#: The results: name -> what it is, in the words ``--help`` shows.
RESULTS: dict[str, str] = {
    "rfm": "recency, frequency, money, 1-5 scores and RFM group per member",
    "rules": "'bought together' pairs: support, confidence, lift",
    "cohorts": "monthly sign-up cohorts: share still buying 0..N months later",
    "members": "per member: visits, spend, basket, discount share, visits per year",
}


@dataclass(frozen=True)
class Options:
    """The knobs of the results, with the pandas helpers' defaults.

    ``top`` (rules) is how many rules to keep, ``None`` for all; ``min_baskets`` (rules) is
    the fewest receipts a pair must share; ``months`` (cohorts) how far to follow a cohort.
    """

    top: int | None = 10
    min_baskets: int = 50
    months: int = 6


def _pandas(what: str, folder: Path, options: Options) -> pd.DataFrame:
    from storecrm.analysis import baskets, customer_value, kpis, segments
    from storecrm.data.io import read_tables

    if not (folder / "receipts.csv").is_file() and (folder / "receipts.parquet").is_file():
        raise CourseError(
            f"{folder} holds Parquet files; the pandas engine reads the course's CSV files",
            column="engine",
            hint="use --engine duckdb for Parquet",
        )
    if what == "rfm":
        t = read_tables(
            folder, ["receipts"], {"receipts": ["customer_id", "purchased_at", "net_cny"]}
        )
        return segments.rfm_segments(t["receipts"])
    if what == "rules":
        t = read_tables(
            folder,
            ["receipt_lines", "products"],
            {
                "receipt_lines": ["receipt_id", "product_id"],
                "products": ["product_id", "product_name"],
            },
        )
        # sparse: memory grows with the receipt lines, not receipts x products (a dense table
        # of a medium export is 3.2 GB and is refused)
        matrix = baskets.basket_matrix(t["receipt_lines"], t["products"], sparse=True)
        return baskets.top_rules(matrix, min_baskets=options.min_baskets, top=options.top)
    if what == "cohorts":
        t = read_tables(
            folder,
            ["customers", "receipts"],
            {
                "customers": ["customer_id", "signup_date"],
                "receipts": ["customer_id", "purchased_at"],
            },
        )
        return kpis.cohort_retention(t["customers"], t["receipts"], months=options.months)
    money = ["customer_id", "purchased_at", "gross_cny", "discount_cny", "net_cny"]
    t = read_tables(
        folder,
        ["receipts", "customers"],
        {"receipts": money, "customers": ["customer_id", "signup_date"]},
    )
    return customer_value.member_summary(t["receipts"], t["customers"])


def _duckdb(what: str, db: DuckFolder, options: Options) -> pd.DataFrame:
    calls: dict[str, Callable[[], pd.DataFrame]] = {
        "rfm": lambda: duck.rfm(db),
        "rules": lambda: duck.pair_rules(db, min_baskets=options.min_baskets, top=options.top),
        "cohorts": lambda: duck.cohort_retention(db, months=options.months),
        "members": lambda: duck.member_summary(db),
    }
    return calls[what]()


def run(
    what: str,
    folder: str | Path,
    *,
    engine: str = "duckdb",
    options: Options | None = None,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
    temp_dir: str | Path | None = None,
    threads: int | None = None,
) -> pd.DataFrame:
    """Compute one result of :data:`RESULTS` for the course folder ``folder`` with ``engine``.

    ``memory_limit``, ``temp_dir`` and ``threads`` are DuckDB's (see
    :class:`~storecrm.data.duckfolder.DuckFolder`); pandas takes what memory it needs.

    Raises
    ------
    CourseError
        For an unknown result or engine, a bad option, or a folder that lacks a table or
        column the result needs (the message names it and what to do).
    """
    what = check_choice(what, "what", RESULTS)
    engine = check_choice(engine, "engine", ENGINES)
    options = options or Options()
    if options.top is not None:
        check_number(options.top, "top", minimum=1, whole=True, hint="Or None for all rules")
    check_number(options.min_baskets, "min_baskets", minimum=1, whole=True)
    check_number(options.months, "months", minimum=1, maximum=24, whole=True)
    folder = Path(folder)
    if engine == "pandas":
        if not folder.is_dir():
            raise CourseError(f"No data set folder at {folder}",
                              hint="pass the folder that holds the CSV files")  # fmt: skip
        return _pandas(what, folder, options)
    with DuckFolder(folder, memory_limit=memory_limit, temp_dir=temp_dir, threads=threads) as db:
        return _duckdb(what, db, options)
