"""Write import output owner-only, with spreadsheet formulas made harmless.

A store's export may hold text such as ``=HYPERLINK(...)`` typed by a customer into a
comment. Opened in Excel or WPS, a cell starting with ``=``, ``+``, ``-`` or ``@`` runs as a
formula (CSV injection), so every text cell we write gets a leading apostrophe; numbers stay
numbers, because ``-3.50`` is a refund, not a formula. The output holds customer data, so the
folder is created ``0700`` and every file ``0600``: other accounts on a shared till PC or
office computer cannot read it.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

import pandas as pd

from storecrm.data.safecsv import neutralise, write_private

__all__ = ["make_private_dir", "neutralise", "write_json", "write_private", "write_table"]


def make_private_dir(path: Path) -> None:
    """Create ``path`` (and missing parents) readable by its owner only."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)


def write_table(frame: pd.DataFrame, path: Path) -> int:
    """Write ``frame`` (text cells) as UTF-8 CSV; return how many cells were neutralised."""
    changed = 0
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([neutralise(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        out = []
        for cell in row:
            text = "" if cell is None else str(cell)
            safe = neutralise(text)
            changed += safe != text
            out.append(safe)
        writer.writerow(out)
    write_private(path, buf.getvalue().encode("utf-8"))
    return changed


def _safe(value: Any) -> Any:
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, dict):
        return {neutralise(str(k)): _safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_safe(v) for v in value]
    return value


def write_json(value: Any, path: Path) -> None:
    """Write ``value`` as indented UTF-8 JSON, owner-only, every string neutralised."""
    text = json.dumps(_safe(value), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    write_private(path, text.encode("utf-8"))
