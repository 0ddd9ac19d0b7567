"""Every CSV file the course writes is safe to open in a spreadsheet.

One module (:mod:`storecrm.data.safecsv`) neutralises formula-like text cells; these tests
check it on hand-made values, check the generator's writer with planted cells, and scan the
package so that a new writer that bypasses it fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest

from storecrm.data.safecsv import neutralise, neutralise_frame, write_safe_csv

SRC = Path(__file__).resolve().parents[2] / "src" / "storecrm"

#: The only places allowed to call a raw CSV writer, and why.
RAW_WRITERS = {
    "data/safecsv.py": "the safe writer itself",
    "data/csvfast.py": "formats columns for data.io.write, which neutralises the frame first",
    "data/importing/writer.py": "writes import tables cell by cell through neutralise()",
}


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+2", "'=1+2"),
        ("+86 138 0013 8000", "'+86 138 0013 8000"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=cmd", "'\t=cmd"),
        ("\r=cmd", "'\r=cmd"),
        ("-3.50", "-3.50"),
        ("+12", "+12"),
        ("1e-3", "1e-3"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise(cell: str, safe: str) -> None:
    assert neutralise(cell) == safe


def test_a_frame_keeps_numbers_and_fixes_text_and_headers() -> None:
    frame = pd.DataFrame(
        {
            "note": ['=HYPERLINK("http://x")', "fine", None, "-3.50"],
            "amount": [-3.5, 2.0, 1.0, 0.0],
            "tier": pd.Categorical(["@gold", "silver", "gold", "silver"]),
            "=head": ["a", "b", "c", "d"],
        }
    )
    safe, changed = neutralise_frame(frame)
    assert changed == 3
    assert safe["note"].tolist()[:2] == ['\'=HYPERLINK("http://x")', "fine"]
    assert pd.isna(safe["note"].iloc[2]) and safe["note"].iloc[3] == "-3.50"
    assert safe["amount"].tolist() == [-3.5, 2.0, 1.0, 0.0]
    assert safe["tier"].iloc[0] == "'@gold"
    assert list(safe.columns)[-1] == "'=head"
    assert frame["note"].iloc[0].startswith("=")  # the caller's frame is not changed


def test_a_clean_frame_is_returned_as_it_is() -> None:
    frame = pd.DataFrame({"a": ["x", "y"], "b": [1, -2]})
    safe, changed = neutralise_frame(frame)
    assert safe is frame and changed == 0


def test_write_safe_csv_is_owner_only_by_default(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    assert write_safe_csv(pd.DataFrame({"c": ["=1", "ok"]}), path) == 1
    assert path.read_text(encoding="utf-8") == "c\n'=1\nok\n"
    assert path.stat().st_mode & 0o777 == 0o600


def test_the_generators_writer_neutralises_planted_cells(tmp_path: Path) -> None:
    from storecrm.data import load, write

    data = load()
    data.products.loc[data.products.index[0], "product_name"] = '=cmd|" /C calc"!A0'
    write(data, tmp_path)
    text = (tmp_path / "products.csv").read_text(encoding="utf-8")
    assert "'=cmd|" in text
    assert "\n=cmd" not in text and ",=cmd" not in text


def _raw_csv_calls(path: Path) -> list[int]:
    """Line numbers of ``x.to_csv(``, ``x.to_excel(`` and ``csv.writer(`` calls in ``path``."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            owner = node.func.value
            is_csv_writer = name in ("writer", "DictWriter") and getattr(owner, "id", "") == "csv"
            if name in ("to_csv", "to_excel") or is_csv_writer:
                lines.append(node.lineno)
    return lines


def test_no_writer_in_the_package_bypasses_the_safe_module() -> None:
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel in RAW_WRITERS:
            continue
        offenders += [f"src/storecrm/{rel}:{n}" for n in _raw_csv_calls(path)]
    assert not offenders, (
        "these write CSV/Excel without storecrm.data.safecsv (use write_safe_csv, or "
        f"neutralise_frame first and add the file to RAW_WRITERS with the reason): {offenders}"
    )


def test_the_scan_finds_a_raw_writer(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import csv\ndef f(df, p):\n    df.to_csv(p)\n    csv.writer(open(p))\n")
    assert _raw_csv_calls(bad) == [3, 4]


def test_an_object_column_mixing_text_and_numbers_is_scanned_too() -> None:
    frame = pd.DataFrame({"mixed": ["=1+1", 3, None, "ok"]})
    safe, changed = neutralise_frame(frame)
    assert changed == 1
    assert safe["mixed"].tolist()[:2] == ["'=1+1", 3]
