"""Check a store data set folder and list every problem with file, row, column and what to do.

The checks are for a store's own export as much as for our generated data, so the
messages are written for the person who has to fix the spreadsheet: ``receipts.csv:17:
net_cny: must not be negative (value -3.50); correct the amount``. Rows are the row
numbers a spreadsheet shows (the header is row 1); row 0 means the whole file.

What ``validate`` passes, :func:`storecrm.data.load` reads and the analysis helpers can
use: every row has as many cells as the header, values have their column's kind and range
(dates within what pandas can hold), ids have no stray spaces (``load`` keeps spaces, so
``'P0002 '`` would not match ``P0002``), keys are unique, references resolve, and the
money adds up (net = gross - discount, line totals, items = sum of line quantities).

The cause comes first. A bad cell makes its whole row unusable, and other tables that
refer to that row would each report an "unknown id"; those knock-on findings are
collapsed into one line at the end (``...and 10,188 rows of receipt_lines.csv refer to
...; fix that first``), so the one line that needs fixing is not buried. Nothing is ever
written, and no input makes this raise.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from storecrm.data.schema import DATE_FORMAT, DATETIME_FORMAT, TABLES, Table, pandera_schema

__all__ = ["Problem", "validate"]

#: Money is written with two decimals; anything further apart than half a fen is a mistake.
_CENT = 0.005 + 1e-9


@dataclass(frozen=True, order=True)
class Problem:
    """One problem: where it is and what is wrong.

    ``row`` is the spreadsheet row (header = 1; 0 means the whole file). ``knock_on`` is 0
    for a problem to fix; a positive number marks a summary line standing for that many
    findings that follow from a problem listed before it.
    """

    file: str
    row: int
    column: str
    message: str
    knock_on: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.message}"


@dataclass
class _Checked:
    """One table after reading: its typed good rows and which raw rows had problems."""

    table: Table
    raw: pd.DataFrame  # text cells, index = spreadsheet row
    typed: pd.DataFrame  # rows without problems only, index = spreadsheet row
    bad: pd.Series  # True for rows that could not be read or converted
    problems: list[Problem] = field(default_factory=list)

    def suspect(self, column: str) -> set[str]:
        """Values of ``column`` (spaces removed) in rows that have problems of their own."""
        if column not in self.raw:
            return set()
        return set(self.raw.loc[self.bad, column].str.strip())


# --- reading -----------------------------------------------------------------------------


def _decode(path: Path, raw: bytes) -> tuple[str | None, Problem | None]:
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


def _records(raw: bytes, text: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The header's names, and the spreadsheet row and cell count of every data record.

    Blank lines are skipped, as ``load`` skips them, but still counted as rows. Files
    without quotes (all generated ones) are counted with numpy on the bytes, which takes
    a fraction of a second for millions of rows; others go through the ``csv`` module.
    """
    if b'"' not in raw:
        body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
        arr = np.frombuffer(body, dtype=np.uint8)
        ends = np.flatnonzero(arr == 10)
        if len(arr) and arr[-1] != 10:
            ends = np.append(ends, len(arr))
        starts = np.concatenate(([0], ends[:-1] + 1))
        length = ends - starts
        cr = np.zeros(len(ends), dtype=bool)
        has = length > 0
        cr[has] = arr[ends[has] - 1] == 13
        blank = (length - cr) == 0
        commas = np.bincount(np.searchsorted(ends, np.flatnonzero(arr == 44)), minlength=len(ends))
        header = body[: ends[0] if len(ends) else 0].decode("utf-8").rstrip("\r").split(",")
        rows = np.arange(1, len(ends) + 1)
        keep = ~blank
        keep[0] = False
        return header, rows[keep], commas[keep] + 1
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    rows, cells = [], []
    for n, rec in enumerate(reader, start=2):
        if rec:
            rows.append(n)
            cells.append(len(rec))
    return header, np.array(rows, dtype=np.int64), np.array(cells, dtype=np.int64)


def _read(path: Path) -> tuple[pd.DataFrame | None, pd.Series | None, list[Problem]]:
    """The file as text cells, which rows are ragged, and the problems found reading it."""
    raw = path.read_bytes()
    text, problem = _decode(path, raw)
    if problem:
        return None, None, [problem]
    if not text.strip():
        msg = "file is empty (no header row); export the table again with its header row"
        return None, None, [Problem(path.name, 1, "-", msg)]
    try:
        header, rows, cells = _records(raw, text)
    except csv.Error as exc:
        return None, None, [Problem(path.name, 0, "-", f"cannot split into columns: {exc}; "
                                    "check the double quotes in the file")]  # fmt: skip
    problems = []
    names, seen = [], set()
    for name in header:
        if name != name.strip():  # load() would not find the column under its name
            problems.append(Problem(path.name, 1, name.strip(), f"{name!r} in the header has "
                                    "a space before or after it; delete the space"))  # fmt: skip
            name = name.strip()
        if name in seen:
            problems.append(Problem(path.name, 1, name, "column appears twice in the header; "
                                    "delete one of them"))  # fmt: skip
            name = f"{name} (again)"
        seen.add(name)
        names.append(name)
    width = max([len(names), *cells.tolist()]) if len(cells) else len(names)
    names += [f"(extra {i})" for i in range(1, width - len(names) + 1)]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", pd.errors.ParserWarning)
            df = pd.read_csv(io.StringIO(text), header=None, skiprows=1, names=names,
                             dtype=str, keep_default_na=False, index_col=False)  # fmt: skip
    except pd.errors.ParserError as exc:
        m = re.search(r"line (\d+)", str(exc))
        row = int(m.group(1)) if m else 0
        return None, None, [Problem(path.name, row, "-", f"cannot split into columns: {exc}; "
                                    "check the double quotes on this row")]  # fmt: skip
    if len(df) == len(rows):
        df.index = rows
    else:  # the two readers disagree (odd quoting): fall back to counting records
        df.index = np.arange(2, len(df) + 2)
        rows, cells = df.index.to_numpy(), np.full(len(df), len(header))
    ragged = pd.Series(cells != len(header), index=df.index)
    for row, n in zip(rows[ragged.to_numpy()], cells[ragged.to_numpy()], strict=True):
        msg = (f"has {n} cells but the header has {len(header)}; a value with a comma needs "
               f"double quotes around it, or a cell was added or lost: make the row "
               f"{len(header)} cells long")  # fmt: skip
        problems.append(Problem(path.name, int(row), "-", msg))
    df = df[[n for n in names if not n.startswith("(extra ")]]
    return df, ragged, problems


# --- one table ---------------------------------------------------------------------------

_LAST_DAY = pd.Timestamp.max.strftime("%Y-%m-%d")
_FIRST_DAY = (pd.Timestamp.min + pd.Timedelta(days=1)).strftime("%Y-%m-%d")


def _not_kind(value: str, kind: str) -> str:
    """What is wrong with a cell that did not convert, and how to write it instead."""
    if kind == "money":
        return (f"{value!r} is not a number; write digits with a decimal point, like 12.50 "
                "(no ¥ sign, no thousands separator)")  # fmt: skip
    if kind in ("int", "points"):
        return f"{value!r} is not a whole number; write digits only, like 2"
    if kind == "bool":
        return f"{value!r} is not True or False; write True or False"
    fmt, example = (DATE_FORMAT, "a date like 2025-03-01") if kind == "date" else (
        DATETIME_FORMAT, "a date and time like 2025-03-01 08:15:00")  # fmt: skip
    try:
        parsed = datetime.strptime(value, fmt)
    except ValueError:
        return f"{value!r} is not {example}; write it in that form (year-month-day)"
    side, limit = ("after", _LAST_DAY) if parsed > datetime(2000, 1, 1) else ("before", _FIRST_DAY)
    return (f"out of range: {value} is {side} {limit}, the {'last' if side == 'after' else 'first'}"
            " date the course's tools can hold; check the year")  # fmt: skip


#: Code points that ``str.strip`` removes and that may reach a CSV cell.
_SPACES = np.array([9, 11, 12, 32, 133, 160, 5760, *range(8192, 8203), 8232, 8233, 8239,
                    8287, 12288], dtype=np.uint32)  # fmt: skip
_BOOL = {"True": True, "False": False, "true": True, "false": False}


def _spaced(cells: pd.Series) -> np.ndarray:
    """Cells that start or end with a space, found without a Python call per cell.

    ``str.strip`` on every cell of a two-million-row column takes seconds; as fixed-width
    numpy text only the first and the last character of each cell need looking at.
    """
    text = cells.to_numpy(dtype=str)
    if len(text) == 0 or text.dtype.itemsize == 0:
        return np.zeros(len(text), dtype=bool)
    codes = text.view(np.uint32).reshape(len(text), -1)
    length = np.char.str_len(text)
    last = codes[np.arange(len(text)), np.maximum(length - 1, 0)]
    return (length > 0) & (np.isin(codes[:, 0], _SPACES) | np.isin(last, _SPACES))


def _convert(checked: _Checked) -> None:
    """Turn text columns into typed ones; report cells that are not of the column's kind.

    Spaces before or after an id, number, date or category are reported rather than
    removed, because ``load`` does not remove them either. Cells of a row that is ragged
    are not reported: they are shifted, and the row's own problem says why.
    """
    table, df = checked.table, checked.raw
    out = pd.DataFrame(index=df.index)
    ragged = checked.bad
    bad = ragged.copy()
    for col in table.columns:
        if col.name not in df.columns:
            continue
        cells = df[col.name]
        found = _spaced(cells)
        only = found.copy()
        only[found] = [not v.strip() for v in cells.to_numpy()[found]]
        spaced = pd.Series(found & ~only, index=cells.index)
        blank = pd.Series(only, index=cells.index)
        empty = (cells == "") | blank
        if col.kind == "text":
            out[col.name] = cells.where(~empty, None).astype(object)
            continue
        for row, value in cells[spaced & ~ragged].items():
            where = "at the start" if value[:1].isspace() else "at the end"
            msg = f"{value!r} has a space {where}; delete it ({value.strip()!r} is meant)"
            checked.problems.append(Problem(table.file, int(row), col.name, msg))
        for row, value in cells[blank & ~ragged].items():
            msg = f"{value!r} has only spaces; delete them, or fill in a value"
            checked.problems.append(Problem(table.file, int(row), col.name, msg))
        usable = cells.where(~empty & ~spaced)
        if col.kind in ("int", "points", "money"):
            conv = pd.to_numeric(usable, errors="coerce").astype(float)
            conv = conv.where(np.isfinite(conv))
        elif col.kind in ("date", "datetime"):
            fmt = DATE_FORMAT if col.kind == "date" else DATETIME_FORMAT
            conv = pd.to_datetime(usable, format=fmt, errors="coerce")
        elif col.kind == "bool":
            conv = usable.map(_BOOL)
            odd = usable.notna() & conv.isna()  # TRUE, tRUE ...: load reads these too
            conv[odd] = usable[odd].str.lower().map(_BOOL)
        else:
            conv = usable.astype(object)
        failed = ~empty & ~spaced & conv.isna()
        for row, value in cells[failed & ~ragged].items():
            checked.problems.append(Problem(table.file, int(row), col.name,
                                            _not_kind(value, col.kind)))  # fmt: skip
        bad |= failed | spaced | blank
        out[col.name] = conv.astype(object) if col.kind == "bool" else conv
    checked.bad = bad
    checked.typed = out[~bad]


_TODO = {  # first words of a schema check's message -> what to do about it
    "is not one of": "use one of these values exactly, in lower case",
    "must not be negative": "correct the value",
    "must not be below": "correct the value",
    "must not be above": "correct the value",
    "is in the future": "check the date, especially the year",
    "must be a whole number": "write a whole number",
}


def _schema_problems(checked: _Checked, now: object | None) -> None:
    import pandera.pandas as pa

    file, frame = checked.table.file, checked.typed.copy()
    for col in checked.table.columns:  # bools with empty cells cannot be bool dtype
        if col.kind == "bool" and col.name in frame and frame[col.name].notna().all():
            frame[col.name] = frame[col.name].astype(bool)
    try:
        pandera_schema(checked.table.name, now).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        for case in err.failure_cases.itertuples(index=False):
            row = int(case.index) if pd.notna(case.index) else 0
            check, value = str(case.check), case.failure_case
            if check == "not_nullable":
                msg = "is empty but a value is required; fill it in"
            elif check == "field_uniqueness":
                msg = (f"duplicate value {value!r} (must be unique); give each row its own "
                       "id, or delete the repeated row")  # fmt: skip
            elif check.startswith("dtype("):
                msg = "is empty or of the wrong type; fill in every cell of this column"
            else:
                shown = str(value) if isinstance(value, pd.Timestamp) else repr(value)
                todo = next((t for k, t in _TODO.items() if check.startswith(k)), "correct it")
                msg = f"{check} (value {shown}); {todo}"
            checked.problems.append(Problem(file, row, str(case.column), msg))


def _keys(checked: _Checked) -> None:
    """Keys of more than one column (a receipt's line numbers) must not repeat."""
    key = list(checked.table.key)
    frame = checked.typed
    if len(key) < 2 or not set(key) <= set(frame.columns):
        return
    dup = frame.duplicated(key, keep="first")
    if not dup.any():
        return
    first = frame.reset_index().drop_duplicates(key).set_index(key)["index"]
    for row, values in frame.loc[dup, key].iterrows():
        shown = ", ".join(f"{k} {v:g}" if isinstance(v, float) else f"{k} {v}"
                          for k, v in zip(key, values, strict=True))  # fmt: skip
        earlier = first.loc[tuple(values)]
        msg = (f"repeats {shown} of row {earlier}; delete the repeated row or give it "
               "its own number")  # fmt: skip
        checked.problems.append(Problem(checked.table.file, int(row), key[-1], msg))


def _check_table(folder: Path, table: Table, now: object | None) -> _Checked | list[Problem]:
    path = folder / table.file
    if not path.is_file():
        return [Problem(table.file, 0, "-", "file is missing; export this table into "
                        f"{folder} (a data set needs all {len(TABLES)} files)")]  # fmt: skip
    raw, ragged, problems = _read(path)
    if raw is None or ragged is None:
        return problems
    for col in table.names:
        if col not in raw.columns:
            msg = "missing column; add it to the header (see the data dictionary)"
            problems.append(Problem(table.file, 1, col, msg))
    if raw.empty:
        msg = ("has no rows, only the header; export the table again with its rows "
               "(every table needs at least one)")  # fmt: skip
        problems.append(Problem(table.file, 2, "-", msg))
    checked = _Checked(table, raw, raw.iloc[:0], ragged, problems)
    _convert(checked)
    _schema_problems(checked, now)
    _keys(checked)
    return checked


# --- across tables -----------------------------------------------------------------------


def _knock_on(file: str, column: str, count: int, what: str) -> Problem:
    rows = f"{count:,} row{'s' if count != 1 else ''} of {file}"
    return Problem(file, 0, column, f"...and {rows} {what}; fix that first", count)


def _references(tables: dict[str, _Checked]) -> Iterable[Problem]:
    for checked in tables.values():
        for col in checked.table.columns:
            if not col.ref or col.name not in checked.typed:
                continue
            ref_name, ref_col = col.ref.split(".")
            target = tables.get(ref_name)
            ref_file = TABLES[ref_name].file
            values = checked.typed[col.name]
            if target is None or ref_col not in target.raw:
                continue  # the missing file or column is reported already
            if target.raw.empty:
                n = int(values.notna().sum())
                if n:
                    yield _knock_on(checked.table.file, col.name, n,
                                    f"refer to {ref_file}, which has no rows")  # fmt: skip
                continue
            unknown = values.notna() & ~values.isin(set(target.typed[ref_col].dropna()))
            suspect = target.suspect(ref_col)
            follows = unknown & values.isin(suspect)
            label = ref_col.replace("_", " ")
            for row, value in values[unknown & ~follows].items():
                msg = (f"unknown {label} {value!r} (not in {ref_file}); correct the id, or add "
                       f"the missing row to {ref_file}")  # fmt: skip
                yield Problem(checked.table.file, int(row), col.name, msg)
            if follows.any():
                hit = sorted(set(values[follows]))
                shown = ", ".join(hit[:3]) + (", ..." if len(hit) > 3 else "")
                which = "the row" if len(hit) == 1 else f"the {len(hit)} rows"
                yield _knock_on(checked.table.file, col.name, int(follows.sum()),
                                f"refer to {which} of {ref_file} with a problem above "
                                f"({shown})")  # fmt: skip


def _money(file: str, frame: pd.DataFrame, total: str, parts: str, expected: pd.Series,
           explain: Callable[[int], str]) -> Iterable[Problem]:  # fmt: skip
    """Rows where ``total`` is not ``expected`` to the fen; ``explain(row)`` shows the sum."""
    wrong = (frame[total] - expected).abs() > _CENT
    for row in frame.index[wrong.to_numpy()]:
        msg = (f"{frame.at[row, total]:.2f} is not {explain(row)} = {expected[row]:.2f}; "
               f"correct whichever of {parts} is wrong")  # fmt: skip
        yield Problem(file, int(row), total, msg)


def _consistency(tables: dict[str, _Checked]) -> Iterable[Problem]:
    """The sums a receipt must satisfy, and member receipts must name their member."""
    rec, lines = tables.get("receipts"), tables.get("receipt_lines")
    if rec is not None and {"gross_cny", "discount_cny", "net_cny"} <= set(rec.typed):
        r = rec.typed
        yield from _money(rec.table.file, r, "net_cny", "gross_cny, discount_cny and net_cny",
                          r["gross_cny"] - r["discount_cny"],
                          lambda i: f"gross_cny {r.at[i, 'gross_cny']:.2f} - discount_cny "
                                    f"{r.at[i, 'discount_cny']:.2f}")  # fmt: skip
    if rec is not None and {"is_member", "customer_id"} <= set(rec.typed):
        r = rec.typed
        member = r["is_member"].astype(bool)
        for row in r.index[(member & r["customer_id"].isna()).to_numpy()]:
            msg = ("is empty but is_member is True; fill in the member number, or set "
                   "is_member to False for a walk-in shopper")  # fmt: skip
            yield Problem(rec.table.file, int(row), "customer_id", msg)
        for row, value in r.loc[~member & r["customer_id"].notna(), "customer_id"].items():
            msg = (f"{value!r} is filled in but is_member is False; set is_member to True, "
                   "or empty customer_id for a walk-in shopper")  # fmt: skip
            yield Problem(rec.table.file, int(row), "customer_id", msg)
    need = {"receipt_id", "quantity", "unit_price_cny", "discount_cny", "line_total_cny"}
    if lines is None or not need <= set(lines.typed):
        return
    ln = lines.typed
    yield from _money(lines.table.file, ln, "line_total_cny",
                      "quantity, unit_price_cny, discount_cny and line_total_cny",
                      ln["quantity"] * ln["unit_price_cny"] - ln["discount_cny"],
                      lambda i: f"quantity {ln.at[i, 'quantity']:g} x unit_price_cny "
                                f"{ln.at[i, 'unit_price_cny']:.2f} - discount_cny "
                                f"{ln.at[i, 'discount_cny']:.2f}")  # fmt: skip
    if rec is None or not {"receipt_id", "items", "gross_cny"} <= set(rec.typed):
        return
    by_receipt = pd.DataFrame({"items": ln["quantity"],
                               "gross": ln["quantity"] * ln["unit_price_cny"],
                               "id": ln["receipt_id"]}).groupby("id").sum()  # fmt: skip
    r = rec.typed
    unsure = r["receipt_id"].isin(lines.suspect("receipt_id"))
    sums = by_receipt.reindex(r["receipt_id"]).fillna(0.0).set_axis(r.index)
    wrong_items = ~unsure & (r["items"] != sums["items"])
    for row in r.index[wrong_items.to_numpy()]:
        msg = (
            f"{r.at[row, 'items']:g} is not the sum of this receipt's line quantities in "
            f"{lines.table.file} ({sums.at[row, 'items']:g}); correct items or the lines"
        )
        yield Problem(rec.table.file, int(row), "items", msg)
    yield from _money(rec.table.file, r[~unsure], "gross_cny",
                      f"gross_cny and the lines in {lines.table.file}", sums["gross"][~unsure],
                      lambda i: "the sum of this receipt's lines at shelf price")  # fmt: skip
    if unsure.any():
        yield _knock_on(rec.table.file, "items", int(unsure.sum()),
                        f"could not be added up because some of their lines in "
                        f"{lines.table.file} have a problem above")  # fmt: skip


def validate(path: str | Path, now: object | None = None) -> list[Problem]:
    """Check every table file in ``path``; return the problems found (empty if clean).

    Problems to fix come first, table by table in data dictionary order (stores and
    products before the tables that refer to them) and row by row; lines that only
    summarise knock-on findings (``knock_on > 0``) come last.

    Parameters
    ----------
    path
        A data set folder in the same layout as ``datasets/maple_street_mart``.
    now
        Dates after this are reported as "in the future" (default: now).
    """
    folder = Path(path)
    if not folder.is_dir():
        return [Problem(str(folder), 0, "-", "folder not found; check the path")]
    problems: list[Problem] = []
    tables: dict[str, _Checked] = {}
    for name, table in TABLES.items():
        try:
            result = _check_table(folder, table, now)
        except Exception as exc:  # never a traceback for a user's file
            result = [Problem(table.file, 0, "-", f"could not be checked: {exc}")]
        if isinstance(result, list):
            problems += result
        else:
            tables[name] = result
            problems += result.problems
    try:
        problems += _references(tables)
        problems += _consistency(tables)
    except Exception as exc:
        problems.append(Problem(str(folder), 0, "-", f"cross-table checks failed: {exc}"))
    order = {t.file: i for i, t in enumerate(TABLES.values())}
    columns = {t.file: {c: i for i, c in enumerate(["-", *t.names])} for t in TABLES.values()}

    def key(p: Problem) -> tuple:
        cols = columns.get(p.file, {})
        return (p.knock_on > 0, order.get(p.file, -1), p.row, cols.get(p.column, len(cols)),
                p.message)  # fmt: skip

    return sorted(dict.fromkeys(problems), key=key)
