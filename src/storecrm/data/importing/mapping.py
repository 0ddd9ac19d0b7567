"""Read and check the mapping file: which export file and column is which course column.

A store's export names its columns in its own way (``小票号``, ``实收金额``), so the user
writes a small YAML file once; every later import of the same system reuses it. The file is
checked completely before any data is read, and each mistake is reported as one line naming
the place in the mapping (``mapping.yml: tables.receipts.columns.net_cny: ...``) and what to
write instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from storecrm.data.importing.readers import ENCODINGS
from storecrm.data.schema import TABLES
from storecrm.errors import CourseError

__all__ = ["KEEPABLE", "REQUIRED", "ColumnMap", "Mapping", "TableMap", "load_mapping"]

#: Tables every import needs; the others may be absent from a store's export.
REQUIRED = ("receipts", "receipt_lines")
#: Personal fields the mapping may keep on purpose (``keep:``); all are dropped or hashed
#: otherwise. ``customers.customer_id`` and ``staff_id`` mean those ids in every table.
KEEPABLE = ("customers.name", "customers.phone_masked", "customers.customer_id", "staff_id")
#: Source columns that are read only to be coarsened, never written as they are.
COARSENED = {"customers": {"birth_date": "age_band"}}


@dataclass(frozen=True)
class ColumnMap:
    """One course column: the export column it comes from and an optional value recoding."""

    source: str
    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TableMap:
    """One course table: the export file it comes from and its mapped columns."""

    name: str
    file: Path
    encoding: str
    sheet: str | None
    columns: dict[str, ColumnMap]


@dataclass(frozen=True)
class Mapping:
    """A checked mapping file."""

    path: Path
    currency: str
    timezone: str
    tables: dict[str, TableMap]
    keep: tuple[str, ...]

    def keeps(self, field_name: str) -> bool:
        """True if the mapping keeps ``field_name`` (one of :data:`KEEPABLE`) on purpose."""
        return field_name in self.keep


def _fail(mapping: Path, where: str, problem: str, hint: str) -> CourseError:
    return CourseError(problem, table=mapping.name, column=where, hint=hint)


def _text(value: Any) -> str | None:
    if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
        return str(value).strip()
    return None


def _column(path: Path, where: str, spec: Any) -> ColumnMap:
    if isinstance(spec, dict):
        source = _text(spec.get("from"))
        values = spec.get("values", {}) or {}
        unknown = set(spec) - {"from", "values"}
        if unknown or source is None or not isinstance(values, dict):
            raise _fail(
                path,
                where,
                "must be a column name, or `from:` (a column name) with "
                "optional `values:` (export value: course value)",
                "see datasets/import-example/mapping.yml",
            )
        return ColumnMap(source, {str(k): str(v) for k, v in values.items()})
    source = _text(spec)
    if source is None:
        raise _fail(
            path,
            where,
            f"{spec!r} is not a column name",
            "write the export's column header, e.g. 小票号",
        )
    return ColumnMap(source)


def _table(path: Path, name: str, spec: Any) -> TableMap:
    where = f"tables.{name}"
    if not isinstance(spec, dict):
        raise _fail(path, where, "must have `file:` and `columns:`", "see the example mapping")
    unknown = set(spec) - {"file", "encoding", "sheet", "columns", *COARSENED.get(name, {})}
    if unknown:
        raise _fail(
            path,
            f"{where}.{sorted(unknown)[0]}",
            "is not a setting of a table",
            "use file, encoding, sheet, columns"
            + "".join(f", {k}" for k in COARSENED.get(name, {})),
        )
    file = _text(spec.get("file"))
    if file is None:
        raise _fail(path, f"{where}.file", "is missing", "name the export file of this table")
    encoding = str(spec.get("encoding", "auto")).lower()
    if encoding not in ENCODINGS:
        raise _fail(
            path,
            f"{where}.encoding",
            f"{encoding!r} is not known",
            f"use one of {', '.join(ENCODINGS)}",
        )
    columns = spec.get("columns")
    if not isinstance(columns, dict) or not columns:
        raise _fail(
            path,
            f"{where}.columns",
            "is missing or empty",
            "list course column: export column pairs",
        )
    course = TABLES[name].names
    mapped: dict[str, ColumnMap] = {}
    for col, col_spec in columns.items():
        if col not in course:
            raise _fail(
                path,
                f"{where}.columns.{col}",
                f"is not a column of {name}",
                f"use one of {', '.join(course)}",
            )
        mapped[col] = _column(path, f"{where}.columns.{col}", col_spec)
    for extra, target in COARSENED.get(name, {}).items():
        if extra in spec:
            if target in mapped:
                raise _fail(
                    path,
                    f"{where}.{extra}",
                    f"and columns.{target} are both given",
                    f"map one of them; {extra} is turned into {target}",
                )
            mapped[extra] = _column(path, f"{where}.{extra}", spec[extra])
    base = path.parent
    return TableMap(name, (base / file), encoding, _text(spec.get("sheet")), mapped)


def load_mapping(path: Path) -> Mapping:
    """Read and check the mapping file at ``path``; raise one clear CourseError if it is wrong."""
    if not path.is_file():
        raise CourseError(
            "mapping file not found",
            table=str(path),
            hint="pass the path of your mapping.yml (see datasets/import-example/mapping.yml)",
        )
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise _fail(path, "-", "is not UTF-8 text", "save the mapping as UTF-8") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}" if mark else "-"
        raise _fail(
            path,
            line,
            f"is not valid YAML ({getattr(exc, 'problem', exc)})",
            "check the indentation and colons on that line",
        ) from None
    if not isinstance(raw, dict):
        raise _fail(path, "-", "must be a YAML mapping with `tables:`", "see the example mapping")
    unknown = set(raw) - {"currency", "timezone", "tables", "keep", "source"}
    if unknown:
        raise _fail(
            path,
            sorted(unknown)[0],
            "is not a setting",
            "use source, currency, timezone, tables, keep",
        )
    currency = str(raw.get("currency", "CNY")).strip().upper()
    timezone = str(raw.get("timezone", "Asia/Shanghai")).strip()
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise _fail(
            path, "timezone", f"{timezone!r} is not a time zone name", "write e.g. Asia/Shanghai"
        ) from None
    tables = raw.get("tables")
    if not isinstance(tables, dict):
        raise _fail(path, "tables", "is missing", "list the tables of your export under tables:")
    for name in tables:
        if name not in TABLES:
            raise _fail(
                path, f"tables.{name}", "is not a course table", f"use one of {', '.join(TABLES)}"
            )
    for name in REQUIRED:
        if name not in tables:
            raise _fail(
                path,
                f"tables.{name}",
                "is missing; every import needs receipts and receipt_lines",
                "add the file and columns of this table",
            )
    keep = raw.get("keep") or []
    if not isinstance(keep, list) or any(k not in KEEPABLE for k in keep):
        raise _fail(
            path,
            "keep",
            f"{keep!r} is not a list of personal fields",
            f"list only {', '.join(KEEPABLE)} (or leave keep out)",
        )
    maps = {name: _table(path, name, spec) for name, spec in tables.items()}
    return Mapping(path, currency, timezone, maps, tuple(keep))
