"""Check a store data set folder and list every problem with file, row and column.

The checks are for a store's own export as much as for our generated data, so the
messages are written for the person who has to fix the spreadsheet: ``receipts.csv:17:
net_cny: must not be negative (value -3.50)``. Rows are line numbers in the file (the
header is line 1). Nothing is ever written, and no input makes this raise.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from storecrm.data.schema import DATE_FORMAT, DATETIME_FORMAT, TABLES, pandera_schema

__all__ = ["Problem", "validate"]


@dataclass(frozen=True, order=True)
class Problem:
    """One problem: where it is and what is wrong (``row`` 0 means the whole file)."""

    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.message}"


def _decode(path: Path) -> tuple[str | None, Problem | None]:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            raw.decode("gb18030")
            guess = " (it looks like GBK/GB18030, as Excel saves Chinese text by default)"
        except UnicodeDecodeError:
            guess = ""
        msg = (f"file is not UTF-8{guess}: byte 0x{raw[exc.start]:02x} cannot be read; "
               "re-save the file as 'CSV UTF-8' and check again")  # fmt: skip
        return None, Problem(path.name, line, "-", msg)


def _read(path: Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    text, problem = _decode(path)
    if problem:
        return None, [problem]
    if not text.strip():
        return None, [Problem(path.name, 1, "-", "file is empty (no header row)")]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", pd.errors.ParserWarning)
            df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, index_col=False)
    except pd.errors.ParserError as exc:
        m = re.search(r"line (\d+)", str(exc))
        row = int(m.group(1)) if m else 0
        return None, [Problem(path.name, row, "-", f"cannot split into columns: {exc}")]
    df.index = df.index + 2  # file line numbers
    return df, []


def _convert(name: str, df: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Turn text columns into typed ones; report cells that are not of the column's kind."""
    problems: list[Problem] = []
    file = TABLES[name].file
    out = pd.DataFrame(index=df.index)
    bad_rows = pd.Series(False, index=df.index)
    for col in TABLES[name].columns:
        if col.name not in df.columns:
            continue
        s = df[col.name].str.strip()
        empty = s == ""
        if col.kind in ("int", "points", "money"):
            conv = pd.to_numeric(s.where(~empty), errors="coerce").astype(float)
            what = "a number" if col.kind == "money" else "a whole number"
        elif col.kind in ("date", "datetime"):
            fmt = DATE_FORMAT if col.kind == "date" else DATETIME_FORMAT
            conv = pd.to_datetime(s.where(~empty), format=fmt, errors="coerce")
            what = "a date like 2025-03-01" if col.kind == "date" else (
                "a date and time like 2025-03-01 08:15:00")  # fmt: skip
        elif col.kind == "bool":
            conv = s.str.lower().map({"true": True, "false": False})
            what = "True or False"
        else:
            conv = s.where(~empty, None).astype(object)
            what = ""
        failed = ~empty & conv.isna()
        for row, value in s[failed].items():
            problems.append(Problem(file, int(row), col.name, f"{value!r} is not {what}"))
        bad_rows |= failed
        if col.kind == "bool":
            conv = conv.astype(object)
        out[col.name] = conv
    return out[~bad_rows], problems


def _schema_problems(name: str, frame: pd.DataFrame, now: object | None) -> list[Problem]:
    import pandera.pandas as pa

    file = TABLES[name].file
    frame = frame.copy()
    for col in TABLES[name].columns:  # bools with empty cells cannot be bool dtype
        if col.kind == "bool" and col.name in frame and frame[col.name].notna().all():
            frame[col.name] = frame[col.name].astype(bool)
    try:
        pandera_schema(name, now).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        problems = []
        for case in err.failure_cases.itertuples(index=False):
            row = int(case.index) if pd.notna(case.index) else 0
            check = str(case.check)
            value = case.failure_case
            if check == "not_nullable":
                msg = "is empty but a value is required"
            elif check == "field_uniqueness":
                msg = f"duplicate value {value!r} (must be unique)"
            elif check.startswith("dtype("):
                msg = "is empty or of the wrong type" if row == 0 else f"wrong type: {value!r}"
            else:
                shown = str(value) if isinstance(value, pd.Timestamp) else repr(value)
                msg = f"{check} (value {shown})"
            problems.append(Problem(file, row, str(case.column), msg))
        return problems
    return []


def _references(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    problems = []
    for name, table in TABLES.items():
        if name not in frames:
            continue
        for col in table.columns:
            if not col.ref or col.name not in frames[name]:
                continue
            ref_table, ref_col = col.ref.split(".")
            if ref_table not in frames or ref_col not in frames[ref_table]:
                continue
            known = set(frames[ref_table][ref_col].dropna())
            values = frames[name][col.name]
            unknown = values.notna() & ~values.isin(known)
            label = ref_col.replace("_", " ")
            for row, value in values[unknown].items():
                msg = f"unknown {label} {value!r} (not in {ref_table}.csv)"
                problems.append(Problem(table.file, int(row), col.name, msg))
    return problems


def validate(path: str | Path, now: object | None = None) -> list[Problem]:
    """Check every table file in ``path``; return the problems found (empty if clean).

    Parameters
    ----------
    path
        A data set folder in the same layout as ``datasets/maple_street_mart``.
    now
        Dates after this are reported as "in the future" (default: now).
    """
    folder = Path(path)
    if not folder.is_dir():
        return [Problem(str(folder), 0, "-", "folder not found")]
    problems: list[Problem] = []
    frames: dict[str, pd.DataFrame] = {}
    for name, table in TABLES.items():
        file = folder / table.file
        if not file.is_file():
            problems.append(Problem(table.file, 0, "-", "file is missing"))
            continue
        try:
            raw, found = _read(file)
            problems += found
            if raw is None:
                continue
            for col in table.names:
                if col not in raw.columns:
                    problems.append(Problem(table.file, 1, col, "missing column"))
            typed, found = _convert(name, raw)
            problems += found
            problems += _schema_problems(name, typed, now)
            frames[name] = typed
        except Exception as exc:  # never a traceback for a user's file
            problems.append(Problem(table.file, 0, "-", f"could not be checked: {exc}"))
    try:
        problems += _references(frames)
    except Exception as exc:
        problems.append(Problem(str(folder), 0, "-", f"cross-table checks failed: {exc}"))
    return sorted(set(problems))
