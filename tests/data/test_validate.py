"""``validate`` finds each kind of problem in deliberately broken copies of a data set."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from storecrm.data import validate, write

NOW = "2026-01-01"


@pytest.fixture(scope="module")
def clean_dir(data, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("clean")
    write(data, folder)
    return folder


@pytest.fixture
def copy(clean_dir, tmp_path) -> Path:
    target = tmp_path / "export"
    shutil.copytree(clean_dir, target)
    return target


def _edit(folder: Path, file: str, line_no: int, column: str, value: str) -> None:
    """Set one cell (line_no counts the header as 1)."""
    path = folder / file
    lines = path.read_text(encoding="utf-8").split("\n")
    header = lines[0].split(",")
    cells = lines[line_no - 1].split(",")
    cells[header.index(column)] = value
    lines[line_no - 1] = ",".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")


def _lines(problems) -> list[str]:
    return [str(p) for p in problems]


def test_clean_data_set_has_no_problems(clean_dir):
    assert validate(clean_dir, now=NOW) == []


def test_missing_column(copy):
    path = copy / "stores.csv"
    text = path.read_text(encoding="utf-8").replace(",tills", "", 1)
    path.write_text(text, encoding="utf-8")
    assert "stores.csv:1:tills: missing column" in _lines(validate(copy, now=NOW))


def test_wrong_type(copy):
    _edit(copy, "receipt_lines.csv", 5, "quantity", "two")
    found = _lines(validate(copy, now=NOW))
    assert "receipt_lines.csv:5:quantity: 'two' is not a whole number" in found


def test_negative_price(copy):
    _edit(copy, "products.csv", 3, "unit_price_cny", "-3.50")
    found = _lines(validate(copy, now=NOW))
    assert any(f.startswith("products.csv:3:unit_price_cny: must not be negative") for f in found)


def test_unknown_product_id(copy):
    _edit(copy, "receipt_lines.csv", 7, "product_id", "P9999")
    found = _lines(validate(copy, now=NOW))
    assert any(f.startswith("receipt_lines.csv:7:product_id: unknown product id 'P9999'")
               for f in found)  # fmt: skip


def test_duplicate_receipt_id(copy):
    _edit(copy, "receipts.csv", 3, "receipt_id", "R0000001")
    found = _lines(validate(copy, now=NOW))
    assert any(f.startswith("receipts.csv:3:receipt_id: duplicate value") for f in found)
    assert any(f.startswith("receipts.csv:2:receipt_id: duplicate value") for f in found)


def test_date_in_future(copy):
    _edit(copy, "receipts.csv", 10, "purchased_at", "2031-05-01 10:00:00")
    found = _lines(validate(copy, now=NOW))
    assert any(f.startswith("receipts.csv:10:purchased_at: is in the future") for f in found)


def test_bad_date_and_category(copy):
    _edit(copy, "customers.csv", 4, "signup_date", "2025-13-40")
    _edit(copy, "customers.csv", 6, "tier", "platinum")
    found = _lines(validate(copy, now=NOW))
    assert any(
        f.startswith("customers.csv:4:signup_date: '2025-13-40' is not a date") for f in found
    )
    assert any(f.startswith("customers.csv:6:tier: is not one of") for f in found)


def test_gbk_file_is_named_with_advice(copy):
    path = copy / "products.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    found = _lines(validate(copy, now=NOW))
    msg = [f for f in found if f.startswith("products.csv:")]
    assert len(msg) == 1 and "not UTF-8" in msg[0] and "GBK" in msg[0] and "UTF-8" in msg[0]


def test_missing_file_and_folder(copy, tmp_path):
    (copy / "complaints.csv").unlink()
    assert "complaints.csv:0:-: file is missing" in _lines(validate(copy, now=NOW))
    assert validate(tmp_path / "nope")[0].message == "folder not found"


def test_garbage_never_raises(copy):
    (copy / "receipts.csv").write_text('a,b\n1,2,3,4\n"unclosed\n', encoding="utf-8")
    (copy / "stores.csv").write_text("", encoding="utf-8")
    found = validate(copy, now=NOW)
    assert any(p.file == "receipts.csv" for p in found)
    assert any(p.file == "stores.csv" and "empty" in p.message for p in found)


def test_validate_writes_nothing(copy):
    before = sorted((p.name, p.stat().st_mtime_ns) for p in copy.iterdir())
    _edit(copy, "receipts.csv", 3, "net_cny", "-1.00")
    before = sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in copy.iterdir())
    validate(copy, now=NOW)
    after = sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in copy.iterdir())
    assert before == after
