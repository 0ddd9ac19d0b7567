"""Turn one export table (text cells) into one course table, recording every decision.

Each course column is filled only from the export column the mapping names: nothing is
invented (no midnight for a date without a time, no store, channel or name). Values are
written the way the course's files write them (money with two decimals, ``YYYY-MM-DD
HH:MM:SS``, ``True``/``False``); a value that cannot be converted is written as it came so
the validation report shows the user exactly which cell to fix. Personal fields are
hashed, coarsened or dropped here, and free text is scrubbed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from storecrm.data.importing.mapping import Mapping, TableMap
from storecrm.data.importing.pseudonymise import Pseudonymiser
from storecrm.data.importing.scrub import Scrubber
from storecrm.data.schema import TABLES
from storecrm.errors import CourseError

__all__ = ["BOOL_VALUES", "Converted", "age_band", "check_columns", "convert_table", "parse_when"]

#: Spellings of yes/no in exports, lower-cased, to the course's ``True``/``False``.
BOOL_VALUES = {
    "true": "True",
    "false": "False",
    "1": "True",
    "0": "False",
    "y": "True",
    "n": "False",
    "yes": "True",
    "no": "False",
    "是": "True",
    "否": "False",
    "t": "True",
    "f": "False",
}
_MONEY_JUNK = re.compile(r"[¥￥,\s]|元$|RMB|CNY", re.IGNORECASE)
_BANDS = [(18, 24), (25, 34), (35, 44), (45, 54), (55, 64), (65, 200)]


@dataclass
class Converted:
    """One written table and the notes the metadata file and the summary need."""

    name: str
    frame: pd.DataFrame
    mapped: dict[str, str] = field(default_factory=dict)  # course column -> export column
    derived: dict[str, str] = field(default_factory=dict)  # course column -> how
    missing: list[str] = field(default_factory=list)  # course columns not in the export
    removed: dict[str, str] = field(default_factory=dict)  # export column -> why
    kept_personal: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unconverted: dict[str, int] = field(default_factory=dict)  # course column -> cells


def age_band(born: date, on: date) -> str:
    """The course's age band on ``on`` for someone born on ``born``; empty under 18."""
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    for low, high in _BANDS:
        if low <= age <= high:
            return f"{low}+" if high == 200 else f"{low}-{high}"
    return ""


def _number(cell: str, whole: bool) -> str | None:
    text = _MONEY_JUNK.sub("", cell)
    try:
        value = float(text)
    except ValueError:
        return None
    if whole:
        return str(int(value)) if value.is_integer() else None
    return f"{value:.2f}"


def parse_when(cell: str, zone: ZoneInfo) -> pd.Timestamp | None:
    try:
        stamp = pd.Timestamp(cell.replace("年", "-").replace("月", "-").replace("日", " ").strip())
    except (ValueError, TypeError, OverflowError):
        return None
    if stamp is pd.NaT:
        return None
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert(zone).tz_localize(None)
    return stamp


def _convert(kind: str, cells: pd.Series, zone: ZoneInfo, out: Converted, col: str) -> pd.Series:
    """Cells of one column written the course's way; unconvertible cells are kept as given."""
    filled = cells[cells != ""]
    if kind in ("money", "int", "points"):
        done = filled.map(lambda c: _number(c, kind != "money"))
    elif kind == "bool":
        done = filled.map(lambda c: BOOL_VALUES.get(c.strip().lower()))
    elif kind in ("date", "datetime"):
        stamps = filled.map(lambda c: parse_when(c, zone))
        ok = stamps.dropna()
        only_days = kind == "date" or (len(ok) > 0 and all(s == s.normalize() for s in ok))
        if kind == "datetime" and only_days:
            out.notes.append(
                f"{col}: the export has dates without times; written as dates "
                "only (no time of day invented)"
            )
        day, full = "%Y-%m-%d", "%Y-%m-%d %H:%M:%S"
        # a cell without a time stays a date even among timed cells: never an invented 00:00
        timed = filled.str.contains(r"\d:\d", regex=True)
        done = pd.Series(
            [
                None if s is None else s.strftime(full if t and not only_days else day)
                for s, t in zip(stamps, timed, strict=True)
            ],
            index=filled.index,
            dtype=object,
        )
        untimed = int((~timed & stamps.notna()).sum())
        if kind == "datetime" and not only_days and untimed:
            out.notes.append(
                f"{col}: {untimed} cell(s) have a date but no time; written as "
                "dates only (no time of day invented)"
            )
    else:
        done = filled.map(str.strip)
    bad = done.isna()
    if bad.any():
        out.unconverted[col] = int(bad.sum())
    result = cells.copy()
    result.loc[filled.index] = done.where(~bad, filled)
    return result


def _mask_phone(cell: str) -> str:
    digits = re.sub(r"\D", "", cell)[-11:]
    return f"{digits[:3]}****{digits[7:]}" if len(digits) == 11 else ""


def check_columns(tmap: TableMap, source: pd.DataFrame, mapping: Mapping) -> None:
    """Raise a CourseError naming the file and column if a mapped column is not in the export.

    Called for every table before anything is created (key, output folder), so a typo in
    the mapping leaves no trace behind.
    """
    for col, cmap in tmap.columns.items():
        if cmap.source not in source.columns:
            raise CourseError(
                f"has no column {cmap.source!r} (mapped to {tmap.name}.{col}); its columns are "
                f"{', '.join(map(str, source.columns))}",
                table=tmap.file.name,
                hint=f"fix tables.{tmap.name}.columns.{col} in {mapping.path.name}",
            )


def convert_table(
    tmap: TableMap,
    source: pd.DataFrame,
    mapping: Mapping,
    hasher: Pseudonymiser,
    scrubber: Scrubber,
    age_on: date,
) -> Converted:
    """Build the course table ``tmap.name`` from the export frame ``source``."""
    table = TABLES[tmap.name]
    zone = ZoneInfo(mapping.timezone)
    check_columns(tmap, source, mapping)
    out = Converted(tmap.name, pd.DataFrame(index=source.index))
    used = {c.source for c in tmap.columns.values()}
    for extra in source.columns:
        if extra not in used:
            out.removed[str(extra)] = "not mapped to a course column; not read"
    kinds = {c.name: c.kind for c in table.columns}
    for col in table.names:
        cmap = tmap.columns.get(col)
        if cmap is None:
            if col == "age_band" and "birth_date" in tmap.columns:
                src = tmap.columns["birth_date"].source
                born = source[src].map(lambda c: parse_when(c, zone) if c else None)
                out.frame[col] = born.map(lambda s: "" if s is None else age_band(s.date(), age_on))
                out.derived[col] = f"from birth dates in {src!r}, on {age_on:%Y-%m-%d}"
                out.removed[src] = "exact birth date: coarsened to age_band, then dropped"
                under = int(((out.frame[col] == "") & born.notna()).sum())
                if under:
                    out.notes.append(f"age_band: {under} member(s) under 18 left without a band")
            else:
                out.missing.append(col)
            continue
        cells = source[cmap.source].astype(str)
        if cmap.values:
            cells = cells.map(lambda c, v=cmap.values: v.get(c.strip(), c))
        personal = f"{tmap.name}.{col}"
        if personal in ("customers.name", "customers.phone_masked") and not mapping.keeps(personal):
            out.removed[cmap.source] = f"personal ({col}); dropped (not in keep:)"
            out.missing.append(col)
            continue
        out.mapped[col] = cmap.source
        if personal == "customers.phone_masked":
            cells = cells.map(_mask_phone)
            out.kept_personal.append(f"{col} (middle four digits masked)")
        elif personal == "customers.name":
            out.kept_personal.append(col)
        elif col == "customer_id" or table_ref(tmap.name, col) == "customers.customer_id":
            if mapping.keeps("customers.customer_id"):
                out.kept_personal.append(f"{col} (real ids kept)")
            else:
                cells = cells.map(hasher)
                out.notes.append(f"{col}: replaced by keyed hashes")
        elif col == "staff_id":
            if mapping.keeps("staff_id"):
                out.kept_personal.append(f"{col} (real ids kept)")
            else:
                cells = cells.map(lambda c: hasher(c, "staff"))
                out.notes.append(f"{col}: replaced by keyed hashes")
        if personal in ("customers.name", "customers.phone_masked"):
            pass  # kept on purpose (checked above): written as kept, not scrubbed
        elif kinds[col] == "text":
            cells = cells.map(lambda c: scrubber(c) if c else c)
        else:
            cells = _convert(kinds[col], cells, zone, out, col)
        out.frame[col] = cells
    _derive(out)
    if mapping.currency != "CNY" and any(k == "money" for k in kinds.values()):
        out.notes.append(
            f"money columns are in {mapping.currency}, not yuan; amounts were not "
            "converted (the _cny in their names does not apply)"
        )
    order = [c for c in table.names if c in out.frame.columns]
    out.frame = out.frame[order].reset_index(drop=True)
    return out


def table_ref(table: str, column: str) -> str | None:
    """The ``table.column`` a course column refers to, if it is a foreign key."""
    for c in TABLES[table].columns:
        if c.name == column:
            return c.ref
    return None


def _derive(out: Converted) -> None:
    """Fill the columns that follow exactly from mapped ones (never from guesses)."""
    f = out.frame
    if out.name == "receipts" and "is_member" in out.missing and "customer_id" in f:
        f["is_member"] = (f["customer_id"] != "").map({True: "True", False: "False"})
        out.missing.remove("is_member")
        out.derived["is_member"] = "True where the receipt has a customer_id"
    if out.name == "receipt_lines" and "line_no" in out.missing and "receipt_id" in f:
        f["line_no"] = (f.groupby("receipt_id", sort=False).cumcount() + 1).astype(str)
        out.missing.remove("line_no")
        out.derived["line_no"] = "numbered 1, 2, ... in file order within each receipt"


def known_names(source: pd.DataFrame, tmap: TableMap) -> list[Any]:
    """Members' names from the export (if mapped), so free text can be scrubbed of them."""
    cmap = tmap.columns.get("name")
    if cmap is None or cmap.source not in source.columns:
        return []
    return [n for n in source[cmap.source].astype(str) if n.strip()]


__all__ += ["known_names", "table_ref"]
