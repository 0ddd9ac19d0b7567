"""A folder of course tables opened in DuckDB, for exports larger than one machine's memory.

pandas reads a whole table into memory before it computes anything, so a chain's year of
receipt lines (tens of millions of rows) can need more memory than a laptop has. DuckDB is
an embedded SQL engine (a library, no server) that reads Parquet or CSV files in pieces,
keeps within a ``memory_limit`` and writes what does not fit to a temporary folder on disk
("spilling"). :class:`DuckFolder` opens a course-format folder that way: each table found as
``<table>.parquet`` or ``<table>.csv`` becomes a view with the column types of
:mod:`storecrm.data.schema`, so the SQL in :mod:`storecrm.analysis.duck` sees the same types
the pandas loader gives.

Parquet is preferred where both files exist: it is columnar and compressed, so a query reads
only the columns it needs. :func:`to_parquet` converts a CSV folder (the generator's, or one
written by ``storecrm data import``) once, streaming, without loading it.

Nothing is read when a folder is opened; DuckDB reads the files when a query runs, and its
errors (a bad value, a full memory limit) are turned into :class:`DataError` with the folder
and what to do.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from storecrm.data.io import DataError
from storecrm.data.schema import DATE_FORMAT, DATETIME_FORMAT, TABLES
from storecrm.errors import CourseError

if TYPE_CHECKING:  # pragma: no cover - import only for type checkers
    import duckdb
    import pandas as pd

__all__ = ["DEFAULT_MEMORY_LIMIT", "DuckFolder", "check_memory_limit", "to_parquet"]

#: DuckDB's memory limit when none is given: small enough for any laptop of the last decade.
DEFAULT_MEMORY_LIMIT = "2GB"

#: SQL type for each column kind of the schema (ids, text and categories are text).
_SQL_TYPES = {
    "id": "VARCHAR",
    "text": "VARCHAR",
    "category": "VARCHAR",
    "int": "BIGINT",
    "points": "BIGINT",
    "money": "DOUBLE",
    "date": "DATE",
    "datetime": "TIMESTAMP",
    "bool": "BOOLEAN",
}

_LIMIT = re.compile(r"^\s*(\d+(\.\d+)?)\s*(KB|MB|GB|TB|KIB|MIB|GIB|TIB)\s*$", re.IGNORECASE)


def check_memory_limit(text: str) -> str:
    """``text`` if DuckDB can take it as a memory limit ("500MB", "2GB"), else a CourseError.

    DuckDB's own message for "2 GB please" is a parser error; this one says what to write.
    """
    if not isinstance(text, str) or not _LIMIT.match(text):
        raise CourseError(
            f"must be an amount of memory such as '500MB' or '2GB', got {text!r}",
            column="memory_limit",
        )
    return text.replace(" ", "").upper()


def _quote(path: Path) -> str:
    """A path as an SQL string literal (a quote in a folder name must not end the string)."""
    return "'" + str(path).replace("'", "''") + "'"


def _source(path: Path) -> str:
    """The table function that reads one file, every column as text for CSV.

    CSV cells are read as text and cast in the view, so a bad cell fails with the column
    named, and a date is parsed with the course's own format, not a guess.
    """
    if path.suffix == ".parquet":
        return f"read_parquet({_quote(path)})"
    return f"read_csv({_quote(path)}, header = true, all_varchar = true, auto_detect = true)"


def _cast(name: str, kind: str, text: bool) -> str:
    """SQL for one column of a view: the file's column in the schema's type."""
    col = '"' + name.replace('"', '""') + '"'
    sql_type = _SQL_TYPES[kind]
    if text and kind == "datetime":
        return f"strptime({col}, '{DATETIME_FORMAT}') AS {col}"
    if text and kind == "date":
        return f"CAST(strptime({col}, '{DATE_FORMAT}') AS DATE) AS {col}"
    return f"CAST({col} AS {sql_type}) AS {col}"


class DuckFolder:
    """A course-format folder opened in DuckDB: one typed view per table found.

    Parameters
    ----------
    folder
        The folder holding ``<table>.parquet`` or ``<table>.csv`` files (course names and
        columns; a store's own export goes through ``storecrm data import`` first).
    memory_limit
        Most memory DuckDB may use, e.g. ``"500MB"``. Work that needs more is written to
        ``temp_dir`` and read back: slower, but it finishes.
    temp_dir
        Where DuckDB spills. Default: a new temporary folder, removed on :meth:`close`.
        Give a disk with free space of at least the size of the data.
    threads
        How many processor cores DuckDB may use (default: all).

    Use it as a context manager, so the connection and its temporary files are closed::

        with DuckFolder("datasets/maple_street_mart", memory_limit="500MB") as db:
            db.query("SELECT count(*) AS n FROM receipts")
    """

    def __init__(
        self,
        folder: str | Path,
        *,
        memory_limit: str = DEFAULT_MEMORY_LIMIT,
        temp_dir: str | Path | None = None,
        threads: int | None = None,
    ) -> None:
        import duckdb

        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise DataError(
                f"No data set folder at {self.folder}; pass the folder that holds the "
                "course's .parquet or .csv files."
            )
        self.memory_limit = check_memory_limit(memory_limit)
        if threads is not None and (
            not isinstance(threads, int) or isinstance(threads, bool) or threads < 1
        ):
            raise CourseError(f"must be a whole number of 1 or more, got {threads!r}",
                              column="threads")  # fmt: skip
        self.files: dict[str, Path] = {}
        for name in TABLES:
            for suffix in (".parquet", ".csv"):
                path = self.folder / f"{name}{suffix}"
                if path.is_file():
                    self.files[name] = path
                    break
        if not self.files:
            raise DataError(
                f"{self.folder} holds no course table (receipts.parquet, receipts.csv, ...); "
                "pass a folder written by 'storecrm data generate', 'storecrm data import' "
                "or 'storecrm data to-parquet'."
            )
        self.con: duckdb.DuckDBPyConnection = duckdb.connect(":memory:")
        self.con.execute(f"SET memory_limit = '{self.memory_limit}'")
        # Keeping rows in file order costs memory and nothing here needs it: every query
        # says its own ORDER BY.
        self.con.execute("SET preserve_insertion_order = false")
        self.con.execute("SET enable_progress_bar = false")  # it would garble logs and tests
        self._own_temp = None
        if temp_dir is None:
            self._own_temp = tempfile.TemporaryDirectory(prefix="storecrm-duckdb-")
            temp_dir = self._own_temp.name
        Path(temp_dir).mkdir(parents=True, exist_ok=True)
        self.temp_dir = Path(temp_dir)
        self.con.execute(f"SET temp_directory = {_quote(self.temp_dir)}")
        if threads is not None:
            self.con.execute(f"SET threads = {threads}")
        self.columns: dict[str, list[str]] = {}
        try:
            for name, path in self.files.items():
                self._view(name, path)
        except CourseError:
            self.close()  # no open connection or temp folder left behind by a bad file
            raise

    def _view(self, name: str, path: Path) -> None:
        source = _source(path)
        try:
            found = [
                row[0] for row in self.con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
            ]
        except Exception as exc:  # duckdb.Error: an unreadable or empty file
            raise DataError(f"{path} cannot be read ({_first_line(exc)}); check that it is a "
                            "course table, or run 'storecrm data validate' on the CSV "
                            "folder.") from None  # fmt: skip
        text = path.suffix == ".csv"
        known = [c for c in TABLES[name].columns if c.name in found]
        self.columns[name] = [c.name for c in known]
        if not known:
            raise DataError(f"{path} has none of the columns of the {name} table "
                            f"({', '.join(TABLES[name].names)}).")  # fmt: skip
        select = ", ".join(_cast(c.name, c.kind, text) for c in known)
        self.con.execute(f'CREATE VIEW "{name}" AS SELECT {select} FROM {source}')

    def require(self, table: str, columns: Iterable[str]) -> None:
        """Stop with a clear message if ``table`` or one of ``columns`` is not in the folder."""
        if table not in self.files:
            raise DataError(
                f"{self.folder} has no {table}.parquet or {table}.csv",
                table=table,
                hint=f"add the {table} table to the folder (an import's mapping can name it)",
            )
        missing = [c for c in columns if c not in self.columns[table]]
        if missing:
            raise DataError(
                f"is missing from {self.files[table]}",
                table=table,
                column=", ".join(missing),
                hint="map it in the import, or re-export the table with that column",
            )

    def query(
        self, sql: str, params: list[Any] | None = None, *, in_order: bool = False
    ) -> pd.DataFrame:
        """Run ``sql`` and return a pandas frame; DuckDB's errors become a DataError.

        ``in_order=True`` keeps rows in file order where the SQL has no ORDER BY (it costs
        memory, so it is off for everything else).
        """
        import duckdb

        try:
            if in_order:
                self.con.execute("SET preserve_insertion_order = true")
            return self.con.execute(sql, params or []).fetchdf()
        except duckdb.OutOfMemoryException as exc:
            raise DataError(
                f"DuckDB needed more memory than its limit ({self.memory_limit}) for a step it "
                f"could not finish by writing to disk ({_first_line(exc)})",
                hint="raise --memory-limit (each step needs some tens of MB), or give "
                "--temp-dir a folder on a disk with free space",
            ) from None
        except (duckdb.ConversionException, duckdb.InvalidInputException) as exc:
            raise DataError(
                f"{self.folder}: a value cannot be read ({_first_line(exc)})",
                hint=f"run 'storecrm data validate {self.folder}' on the CSV files for every "
                "problem",
            ) from None
        finally:
            if in_order:
                self.con.execute("SET preserve_insertion_order = false")

    def close(self) -> None:
        """Close the connection (DuckDB removes its spill files) and our own temp folder."""
        self.con.close()
        if self._own_temp is not None:
            self._own_temp.cleanup()

    def __enter__(self) -> DuckFolder:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def to_parquet(
    folder: str | Path,
    out: str | Path,
    *,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
    temp_dir: str | Path | None = None,
) -> list[Path]:
    """Write every course table of ``folder`` as ``out/<table>.parquet``; return the paths.

    The copy streams through DuckDB (never the whole table in memory) with the schema's
    types, so a date is a date in the Parquet file and a later query does not parse text
    again. The folder and files are created owner-only, as an import's are: they hold the
    same (pseudonymised) customer data.

    Raises
    ------
    DataError
        If ``folder`` is not a course folder, a value cannot be read, or ``out`` is ``folder``.
    """
    from storecrm.data.importing.writer import make_private_dir

    source, target = Path(folder), Path(out)
    if target.exists() and not target.is_dir():
        raise DataError(f"{target} is a file, not a folder; choose a new folder for --out.")
    if target.resolve() == source.resolve():
        raise DataError(f"{target} is the folder being converted; choose a new folder for --out.")
    written = []
    with DuckFolder(source, memory_limit=memory_limit, temp_dir=temp_dir) as db:
        make_private_dir(target)
        for name in db.files:
            path = target / f"{name}.parquet"
            db.query(f'COPY (SELECT * FROM "{name}") TO {_quote(path)} (FORMAT parquet)')
            os.chmod(path, 0o600)
            written.append(path)
    return written
