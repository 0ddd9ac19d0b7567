"""Reading and writing store data sets as a folder of UTF-8 CSV files.

Files are written byte-for-byte reproducibly: fixed column order (from the schema), rows
in a fixed order, money with two decimals, ``\\n`` line endings. That is what lets a test
regenerate the committed data set and compare checksums.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from storecrm.data.cache import SharedIds, cached_table
from storecrm.data.csvfast import write_csv, write_csv_pandas
from storecrm.data.model import StoreData
from storecrm.data.safecsv import neutralise_frame
from storecrm.data.schema import CATEGORY_VALUES, DATE_FORMAT, DATETIME_FORMAT, TABLES
from storecrm.errors import CourseError

__all__ = ["DEFAULT_DIR", "DataError", "default_dir", "load", "read_tables", "write"]

#: Where the committed default data set lives, relative to the repository root.
DEFAULT_DIR = Path("datasets") / "maple_street_mart"


class DataError(CourseError):
    """A data set cannot be read: missing folder or file, or a value of the wrong kind.

    The message is one sentence naming the file; for a full list of problems run
    ``storecrm data validate DIR``.
    """


def default_dir() -> Path:
    """The committed data set folder: next to the package source, else under the cwd."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / DEFAULT_DIR
        if (candidate / "receipts.csv").exists():
            return candidate
    return Path.cwd() / DEFAULT_DIR


def write(data: StoreData, out_dir: str | Path, *, fast: bool = True) -> list[Path]:
    """Write every table of ``data`` to ``out_dir/<table>.csv``; return the paths.

    ``fast=True`` formats the columns with numpy (:mod:`storecrm.data.csvfast`), which
    gives the same bytes as pandas' ``to_csv`` and falls back to it for anything it does
    not recognise; ``fast=False`` uses pandas throughout (the reference, for tests).
    Text cells a spreadsheet would run as formulas are neutralised
    (:mod:`storecrm.data.safecsv`); the simulator writes none, so its bytes do not change.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, df in data.tables().items():
        table = TABLES[name]
        # Big tables are written as they are (no copy), which keeps peak memory down
        # for the large size.
        frame = df if list(df.columns) == table.names else df[table.names]
        frame, _changed = neutralise_frame(frame)
        dates = {c.name: DATE_FORMAT for c in table.columns if c.kind == "date"}
        path = out / table.file
        writer = write_csv if fast else write_csv_pandas
        writer(frame, path, date_format=DATETIME_FORMAT, column_formats=dates)
        paths.append(path)
    return paths


#: Column kinds held as whole numbers.
_INTS = ("int", "points")


def _refuse_spaces(path: Path, folder: Path, column: str, ids: pd.Series) -> None:
    """Stop at an id with a space before or after it, as ``validate`` does.

    Keeping the space would make ``'P0005 '`` a different product from ``P0005``, so
    joins would silently lose rows; removing it quietly would hide a fault in the export.
    """
    values = ids.to_numpy(dtype=object)
    present = np.flatnonzero(pd.notna(values))
    # numpy's string functions strip the same characters as str.strip, in C: for the large
    # data set this check took longer than parsing the files when done value by value.
    text = values[present].astype(np.dtypes.StringDType())
    spaced = np.strings.str_len(np.strings.strip(text)) != np.strings.str_len(text)
    if spaced.any():
        at = int(present[np.argmax(spaced)])
        row = at + 2
        value = values[at]
        raise DataError(f"{path}, column {column}, row {row}: {value!r} has a space before or "
                        f"after it; delete it (run 'storecrm data validate {folder}' for "
                        "every problem).")  # fmt: skip


def _read_table(
    folder: Path, name: str, needed: list[str] | None = None, shared: SharedIds | None = None
) -> pd.DataFrame:
    """One table, typed and checked; from the cache when its CSV is unchanged.

    ``shared`` holds the id strings of tables read before this one, for its columns that
    refer to them to reuse (see :class:`storecrm.data.cache.SharedIds`).
    """
    table = TABLES[name]
    names = table.names if needed is None else [c for c in table.names if c in needed]
    path = folder / table.file
    if not path.is_file():
        raise DataError(f"{path} is missing: a data set folder needs all of "
                        f"{', '.join(t.file for t in TABLES.values())}.")  # fmt: skip
    build = partial(_parse_table, folder, name, names)
    return cached_table(path, name, names, build, shared=shared)


def _parse_table(folder: Path, name: str, names: list[str]) -> pd.DataFrame:
    """Parse one CSV file into the typed frame :func:`load` promises, checking every value."""
    table = TABLES[name]
    path = folder / table.file
    dtypes: dict[str, str] = {}
    for col in table.columns:
        if col.kind in _INTS:
            dtypes[col.name] = "Int64"
        elif col.kind == "money":
            dtypes[col.name] = "float64"
        else:
            dtypes[col.name] = "object"
    read = {"encoding": "utf-8", "keep_default_na": False, "na_values": [""]}
    # Whole numbers that may not be empty are parsed straight to int64 by the C parser;
    # pandas' nullable Int64 parses them as text first, which took a third of the time
    # on the large data. Anything that does not parse that way (an empty cell, 1.5, a
    # word) is read again the careful way below, which says what is wrong.
    fast = {c.name: "int64" for c in table.columns if c.kind in _INTS and not c.nullable}
    try:
        df = pd.read_csv(path, dtype={**dtypes, **fast}, **read)
    except (ValueError, TypeError, OverflowError, pd.errors.EmptyDataError):
        df = None
    try:
        if df is None:
            df = pd.read_csv(path, dtype=dtypes, **read)
    except UnicodeDecodeError:
        raise DataError(
            f"{path} is not UTF-8 text (perhaps saved as GBK); re-save it as UTF-8 CSV."
        ) from None
    except pd.errors.EmptyDataError:
        raise DataError(f"{path} is empty: it needs at least the header row.") from None
    except pd.errors.ParserError:
        hint = f"run 'storecrm data validate {folder}' to see which"
        raise DataError(f"{path} has a row with the wrong number of fields; {hint}.") from None
    except (ValueError, TypeError) as exc:
        hint = f"run 'storecrm data validate {folder}' for every problem"
        raise DataError(f"{path} has a value of the wrong type ({exc}); {hint}.") from None
    missing = [c for c in names if c not in df.columns]
    if missing:
        raise DataError(f"{path} lacks column(s) {', '.join(missing)}.")
    df = df[names]
    for col in table.columns:
        if col.kind == "id" and col.name in df.columns:
            _refuse_spaces(path, folder, col.name, df[col.name])
    try:
        for col in (c for c in table.columns if c.name in names):
            s = df[col.name]
            if col.kind in ("date", "datetime"):
                fmt = DATE_FORMAT if col.kind == "date" else DATETIME_FORMAT
                try:
                    df[col.name] = pd.to_datetime(s, format=fmt)
                except pd.errors.OutOfBoundsDatetime:
                    raise ValueError(f"column {col.name} has a date out of range (before "
                                     "1677 or after 2262); check the year") from None  # fmt: skip
            elif col.kind == "bool":
                # Same reading as `validate`, so a file it passes always loads. Each
                # distinct spelling is read once, not each of millions of cells.
                codes, spellings = pd.factorize(s)
                meaning = pd.Series(spellings).str.strip().str.lower()
                meaning = meaning.map({"true": True, "false": False})
                if (codes < 0).any() or meaning.isna().any():
                    raise ValueError(f"column {col.name} must be True or False")
                df[col.name] = meaning.to_numpy(dtype=bool)[codes]
            elif col.kind in ("int", "points") and not col.nullable:
                if s.isna().any():
                    raise ValueError(f"column {col.name} has empty values")
                df[col.name] = s.astype("int64")
            elif col.kind == "category":
                if col.values:
                    cat = pd.Categorical(
                        s, categories=CATEGORY_VALUES[col.values], ordered=col.ordered
                    )
                    unknown = s[s.notna() & pd.isna(cat)]
                    if len(unknown):  # pd.Categorical would silently turn them into NaN
                        raise ValueError(
                            f"column {col.name} has an unknown value {unknown.iloc[0]!r}"
                        )
                    df[col.name] = cat
                else:
                    df[col.name] = s.astype("category")
    except (ValueError, TypeError) as exc:
        raise DataError(f"{path} cannot be read: {exc}; run 'storecrm data validate "
                        f"{folder}' for every problem.") from None  # fmt: skip
    return df


def read_tables(
    path: str | Path, names: list[str], columns: dict[str, list[str]] | None = None
) -> dict[str, pd.DataFrame]:
    """Read only the named tables of a data set folder, typed as :func:`load` types them.

    For tools that need a few tables (``storecrm data profile`` reads receipts, lines and
    customers), so a store's own export does not need every file the course uses.
    ``columns`` optionally limits a table to the columns a tool needs (others may be
    absent from the file).

    Raises
    ------
    DataError
        If the folder, a file or a column is missing or unreadable.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise DataError(f"No data set folder at {folder}; pass the folder that holds the "
                        "CSV files.")  # fmt: skip
    unknown = [n for n in names if n not in TABLES]
    if unknown:
        raise DataError(f"unknown table(s) {', '.join(unknown)}; tables are "
                        f"{', '.join(TABLES)}.")  # fmt: skip
    columns = columns or {}
    # Read in the data set's order (a table after those it refers to, so it can reuse
    # their id strings), then hand back in the order asked for.
    shared = SharedIds()
    order = [name for name in StoreData.table_names() if name in names]
    read = {name: _read_table(folder, name, columns.get(name), shared) for name in order}
    return {name: read[name] for name in names}


def load(path: str | Path | None = None) -> StoreData:
    """Load a data set folder (default: the committed Maple Street Mart data).

    Dates and times are parsed, categorical columns are pandas categoricals (``tier`` is
    ordered standard < silver < gold < diamond), and empty cells are missing values.

    Raises
    ------
    DataError
        With one clear sentence if the folder or a file is missing or unreadable.
    """
    folder = Path(path) if path is not None else default_dir()
    if not folder.is_dir():
        raise DataError(f"No data set folder at {folder}; generate one with "
                        "'storecrm data generate --out DIR' or pass the right path.")  # fmt: skip
    # In this order every table comes after the tables it refers to, so the receipt and
    # member numbers of later tables can reuse the strings already made.
    shared = SharedIds()
    tables = {name: _read_table(folder, name, None, shared) for name in StoreData.table_names()}
    return StoreData(**tables)
