"""What ``storecrm data import`` prints: a summary, then the validation report.

The validation report (:func:`storecrm.data.validate.validate`) checks the written folder
against the course's full format, so an export that lacks whole tables or columns gives
findings the import already knows about. Those are summed up as "expected: not in your
export" instead of listed one by one, so the lines that need fixing stay visible.
"""

from __future__ import annotations

from storecrm.data.importing import MARKER, ImportResult
from storecrm.data.schema import TABLES
from storecrm.data.validate import Problem, validate

__all__ = ["import_lines", "validation_lines"]


def import_lines(result: ImportResult) -> list[str]:
    """The summary: tables written, personal data removed or kept, gaps and notes."""
    m = result.metadata
    lines = [f"Imported into {result.out} (folder and files readable by you only):"]
    for _name, t in m["tables"].items():
        lines.append(f"  {t['file']}: {t['rows']:,} rows from {t['from']}")
        if t["missing_columns"]:
            lines.append(f"    not in the export (left out): {', '.join(t['missing_columns'])}")
        for col, how in t["derived"].items():
            lines.append(f"    {col}: derived, {how}")
        for note in t["notes"]:
            lines.append(f"    {note}")
        unread = []
        for col, why in t["removed_export_columns"].items():
            if "personal" in why or "birth" in why:
                lines.append(f"    removed {col}: {why}")
            else:
                unread.append(col)
        if unread:
            lines.append(f"    export columns not read (not written): {', '.join(unread)}")
        for kept in t["kept_personal"]:
            lines.append(f"    KEPT ON PURPOSE (keep: in the mapping): {kept}")
    if m["tables_not_in_export"]:
        lines.append(f"  tables not in the export: {', '.join(m['tables_not_in_export'])}")
    removed = ", ".join(f"{k} {v}" for k, v in m["removed_from_free_text"].items())
    lines.append(f"  removed from free text: {removed or 'nothing found'}")
    lines.append(f"  spreadsheet formula cells neutralised: {m['formula_cells_neutralised']}")
    if m["currency"] != "CNY":
        lines.append(f"  amounts are in {m['currency']}, not yuan; they were not converted")
    key = "created" if result.key_created else "reused"
    lines.append(f"  key {m['key_fingerprint']} {key}; keep it outside {result.out} and private")
    lines.append(f"  what was mapped, kept and removed: {result.out / MARKER}")
    return lines


def _expected(p: Problem, meta: dict) -> bool:
    """True for a finding that only restates a gap the metadata already records."""
    absent = {TABLES[n].file for n in meta["tables_not_in_export"]}
    if p.file in absent:
        return True
    for t in meta["tables"].values():
        if p.file == t["file"]:
            if p.row == 1 and p.column in t["missing_columns"]:
                return True
            dates_only = any(n.startswith(f"{p.column}: the export has dates") for n in t["notes"])
            if dates_only and "date and time" in p.message:
                return True
    return p.knock_on > 0 and any(f in p.message for f in absent)


def validation_lines(result: ImportResult, limit: int = 30) -> tuple[list[str], int]:
    """The validation report for the written folder and how many problems need fixing."""
    problems = validate(result.out)
    expected = [p for p in problems if _expected(p, result.metadata)]
    fix = [p for p in problems if not _expected(p, result.metadata)]
    lines = [f"Validation of {result.out}:"]
    lines += [f"  {p}" for p in fix[:limit]]
    if len(fix) > limit:
        lines.append(
            f"  ...and {len(fix) - limit:,} more; run `storecrm data validate "
            f"{result.out} --max-problems 0` to see them all"
        )
    if expected:
        lines.append(
            f"  {len(expected):,} finding(s) expected because the export lacks those "
            f"tables, columns or times (recorded in {MARKER})"
        )
    if not fix:
        lines.append("  nothing to fix in what was imported.")
    return lines, len(fix)
