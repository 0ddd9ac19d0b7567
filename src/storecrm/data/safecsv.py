"""Spreadsheet-safe text cells for every CSV file the course writes.

Supervisors open the course's files (generated data, an import, an at-risk or contact list,
an analysis result) in Excel or WPS. A text cell that starts with ``=``, ``+``, ``-`` or
``@`` (or a tab or carriage return, which some spreadsheets skip before looking) runs as a
formula there: ``=HYPERLINK("http://…", "Click")`` typed by a customer into a survey
comment becomes a live link, and worse formulas can reach other files (CSV injection,
OWASP). So every writer in the course passes its frame through :func:`neutralise_frame`,
which puts an apostrophe before such a cell. Numbers stay numbers, because ``-3.50`` is a
refund, not a formula; numeric columns are not touched at all.

A test (``tests/data/test_safecsv.py``) finds every CSV writer in the package and fails if
one bypasses this module.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["TRIGGERS", "neutralise", "neutralise_frame", "write_private", "write_safe_csv"]

#: First characters a spreadsheet treats as the start of a formula.
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_TRIGGER_START = "^[" + re.escape("".join(TRIGGERS)) + "]"


def neutralise(cell: str) -> str:
    """``cell`` with a leading apostrophe if a spreadsheet would read it as a formula.

    >>> neutralise("=1+2"), neutralise("-3.50"), neutralise("ok")
    ("'=1+2", '-3.50', 'ok')
    """
    if cell.startswith(TRIGGERS) and not _NUMBER.match(cell):
        return "'" + cell
    return cell


def _is_text(column: pd.Series) -> bool:
    return column.dtype == object or isinstance(column.dtype, pd.StringDtype | pd.CategoricalDtype)


def _starts_with_trigger(column: pd.Series) -> pd.Series:
    """True where a text cell starts with a trigger, scanned by Arrow's C++ kernels.

    Python's ``str.startswith`` per cell took 2.8 s for one 2-million-row id column of the
    medium data set; converting to Arrow and running its regex kernel takes about 1 s. An
    object column holding something other than text (a number) falls back to pandas.
    """
    try:
        values = pa.array(column, type=pa.string(), from_pandas=True)
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        return column.astype(object).str.startswith(TRIGGERS, na=False).astype(bool)
    found = pc.fill_null(pc.match_substring_regex(values, _TRIGGER_START), False)
    return pd.Series(found.to_numpy(zero_copy_only=False), index=column.index)


def neutralise_frame(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """``frame`` with every formula-like text cell and header neutralised, and how many changed.

    Only text columns are looked at, and only cells that start with a trigger are rewritten,
    so a large generated table costs one vectorised scan per text column and is returned
    as the same object when nothing needs changing (no copy of 11 million lines).
    """
    changed = 0
    fixed: dict[str, pd.Series] = {}
    for name in frame.columns:
        column = frame[name]
        if not _is_text(column):
            continue
        if isinstance(column.dtype, pd.CategoricalDtype):
            # one look per category, not per row: ids and codes repeat millions of times
            bad = column.cat.categories.astype(str).str.startswith(TRIGGERS)
            hits = pd.Series(column.isin(column.cat.categories[bad]), index=column.index)
        else:
            hits = _starts_with_trigger(column)
        if not hits.any():
            continue
        text = column.astype(object)
        safe = text.where(~hits, text[hits].map(neutralise))
        n = int((safe != text)[hits].sum())
        if n:
            fixed[name] = safe
            changed += n
    headers = [neutralise(str(c)) for c in frame.columns]
    renamed = headers != [str(c) for c in frame.columns]
    if not fixed and not renamed:
        return frame, 0
    out = frame.assign(**fixed) if fixed else frame.copy()
    if renamed:
        changed += sum(h != str(c) for h, c in zip(headers, frame.columns, strict=True))
        out.columns = headers
    return out, changed


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` with mode 0600 from the first byte (no readable window)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb", closefd=False) as f:
            f.write(data)
    finally:
        os.close(fd)


def write_safe_csv(frame: pd.DataFrame, path: Path, *, private: bool = True) -> int:
    """Write ``frame`` as UTF-8 CSV (no index) with formulas neutralised; return cells changed.

    ``private=True`` (the default, for anything derived from a store's data) creates the
    file readable by its owner only.
    """
    safe, changed = neutralise_frame(frame)
    text = safe.to_csv(index=False, lineterminator="\n")
    if private:
        write_private(path, text.encode("utf-8"))
    else:
        path.write_text(text, encoding="utf-8")
    return changed
