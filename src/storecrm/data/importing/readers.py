"""Read a store's export (CSV in UTF-8 or GBK, Excel .xlsx, Parquet) as a frame of text cells.

Everything becomes text first so one conversion step (:mod:`.convert`) handles every source
the same way, and nothing is lost to a reader's guess (a card number read as a float loses
its leading zeros and last digits). Chinese Excel saves CSV as GBK by default, so CSV that
is not UTF-8 is read as GB18030, which contains GBK.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from pathlib import Path
from typing import Any

import pandas as pd

from storecrm.errors import CourseError

__all__ = ["ENCODINGS", "read_source"]

#: Encodings a mapping may name; ``auto`` tries UTF-8 then GBK.
ENCODINGS = {"auto": None, "utf-8": "utf-8-sig", "gbk": "gb18030", "gb18030": "gb18030"}


def _cell(value: Any) -> str:
    """One cell as text: whole-number floats without ``.0``, times as ``YYYY-MM-DD HH:MM:SS``."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S") + (
            value.strftime("%z") if value.tzinfo is not None else ""
        )
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _decode(path: Path, raw: bytes, encoding: str) -> str:
    codec = ENCODINGS.get(encoding)
    tries = [codec] if codec else ["utf-8-sig", "gb18030"]
    for name in tries:
        try:
            return raw.decode(name)
        except UnicodeDecodeError as exc:
            error = exc
    line = raw[: error.start].count(b"\n") + 1
    raise CourseError(
        f"row {line}: cannot be read as {encoding if codec else 'UTF-8 or GBK'}",
        table=path.name,
        hint="set `encoding:` for this table in the mapping (utf-8 or gbk), or re-save the "
        "file as 'CSV UTF-8'",
    )


def _csv(path: Path, encoding: str) -> pd.DataFrame:
    text = _decode(path, path.read_bytes(), encoding)
    if not text.strip():
        raise CourseError("the file is empty", table=path.name, hint="export the table again")
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, index_col=False)
    except (pd.errors.ParserError, csv.Error) as exc:
        raise CourseError(
            f"cannot split into columns ({' '.join(str(exc).split())})",
            table=path.name,
            hint="check the commas and double quotes on that row",
        ) from None


def _xlsx(path: Path, sheet: str | None) -> pd.DataFrame:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise CourseError(
            f"is not a readable .xlsx workbook ({exc})",
            table=path.name,
            hint="save it from Excel or WPS as .xlsx",
        ) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise CourseError(
                f"has no sheet {sheet!r} (sheets: {', '.join(book.sheetnames)})",
                table=path.name,
                hint="fix `sheet:` in the mapping",
            )
        rows = list((book[sheet] if sheet else book.worksheets[0]).iter_rows(values_only=True))
    finally:
        book.close()
    rows = [r for r in rows if any(c is not None and str(c).strip() for c in r)]
    if not rows:
        raise CourseError("the sheet is empty", table=path.name, hint="export the table again")
    header = [_cell(c) for c in rows[0]]
    body = [[_cell(c) for c in r] + [""] * (len(header) - len(r)) for r in rows[1:]]
    return pd.DataFrame([r[: len(header)] for r in body], columns=header, dtype=str)


def _parquet(path: Path) -> pd.DataFrame:
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise CourseError(
            f"is not a readable Parquet file ({type(exc).__name__})",
            table=path.name,
            hint="export the table again",
        ) from None
    return pd.DataFrame(
        {str(c): [_cell(v) for v in frame[c].tolist()] for c in frame.columns}, dtype=str
    )


def read_source(path: Path, encoding: str = "auto", sheet: str | None = None) -> pd.DataFrame:
    """Read one export file as text cells (empty string for an empty cell).

    The reader is chosen by the file's ending: ``.csv``/``.txt``, ``.xlsx``, ``.parquet``.
    Raises :class:`~storecrm.errors.CourseError` naming the file for anything unreadable.
    """
    if not path.is_file():
        raise CourseError(
            "file not found",
            table=str(path),
            hint="check `file:` in the mapping (paths are relative to the mapping file)",
        )
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        frame = _csv(path, encoding)
    elif suffix == ".xlsx":
        frame = _xlsx(path, sheet)
    elif suffix in (".parquet", ".pq"):
        frame = _parquet(path)
    else:
        raise CourseError(
            f"files ending {suffix or '(nothing)'} cannot be read",
            table=path.name,
            hint="export as .csv, .xlsx or .parquet",
        )
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame
