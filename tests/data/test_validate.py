"""``validate`` finds each kind of problem in deliberately broken copies of a data set."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from storecrm.data import DataError, load, validate, write

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


def _cell(folder: Path, file: str, line_no: int, column: str) -> str:
    """Read one cell (line_no counts the header as 1), so tests follow the data set."""
    lines = (folder / file).read_text(encoding="utf-8").split("\n")
    return lines[line_no - 1].split(",")[lines[0].split(",").index(column)]


def _first_line(folder: Path, file: str, column: str, predicate) -> int:
    """The first line number (header = 1) whose ``column`` satisfies ``predicate``."""
    lines = (folder / file).read_text(encoding="utf-8").split("\n")
    at = lines[0].split(",").index(column)
    return next(n for n, line in enumerate(lines[1:], 2) if line and predicate(line.split(",")[at]))


def _lines(problems) -> list[str]:
    return [str(p) for p in problems]


def test_clean_data_set_has_no_problems(clean_dir):
    assert validate(clean_dir, now=NOW) == []


def test_missing_column(copy):
    path = copy / "stores.csv"
    text = path.read_text(encoding="utf-8").replace(",tills", "", 1)
    path.write_text(text, encoding="utf-8")
    found = _lines(validate(copy, now=NOW))
    assert any(f.startswith("stores.csv:1:tills: missing column; add it") for f in found)


def test_wrong_type(copy):
    _edit(copy, "receipt_lines.csv", 5, "quantity", "two")
    found = _lines(validate(copy, now=NOW))
    expected = (
        "receipt_lines.csv:5:quantity: 'two' is not a whole number; write digits only, like 2"
    )
    assert expected in found


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
    found = _lines(validate(copy, now=NOW))
    assert any(f.startswith("complaints.csv:0:-: file is missing; export") for f in found)
    assert validate(tmp_path / "nope")[0].message.startswith("folder not found")


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


# --- issue 11: what load() and the helpers would trip on, cause first ---------------------


def _replace(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _load_fails(folder: Path) -> bool:
    try:
        load(folder)
    except DataError:
        return True
    return False


def test_every_message_says_where_and_what_to_do(copy):
    _edit(copy, "receipt_lines.csv", 5, "quantity", "two")
    _edit(copy, "products.csv", 4, "unit_price_cny", "-1.00")
    _edit(copy, "customers.csv", 6, "tier", "platinum")
    _edit(copy, "receipts.csv", 3, "receipt_id", "R0000001")
    _edit(copy, "complaints.csv", 2, "opened_at", "2031-05-01 10:00:00")
    _edit(copy, "stores.csv", 2, "tills", "")
    found = validate(copy, now=NOW)
    assert len(found) >= 7
    for p in found:
        assert p.file.endswith(".csv") and p.column, p
        assert "; " in p.message, f"{p} does not say what to do"


def test_ragged_row_is_caught_by_validate_as_load_would_fail(copy):
    _replace(copy, "products.csv", "\nP0002,", "\nP0002,extra,")
    _replace(copy, "stores.csv", ",Eastgate,", ",")  # one cell short
    found = _lines(validate(copy, now=NOW))
    assert found[0].startswith("stores.csv:")
    assert any(f.startswith("stores.csv:") and "has 6 cells but the header has 7" in f
               for f in found)  # fmt: skip
    header = (copy / "products.csv").read_text(encoding="utf-8").split("\n")[0]
    width = len(header.split(","))
    assert f"products.csv:3:-: has {width + 1} cells but the header has {width}" in " ".join(found)
    assert _load_fails(copy)


def test_ragged_rows_keep_the_row_numbers_of_the_rows_after_them(copy):
    _replace(copy, "products.csv", "\nP0002,", "\nP0002,extra,")
    _edit(copy, "products.csv", 5, "unit_price_cny", "-2.00")
    found = _lines(validate(copy, now=NOW))
    assert any(f.startswith("products.csv:5:unit_price_cny: must not be negative") for f in found)


def test_year_2999_is_out_of_range_not_a_bad_date(copy):
    _edit(copy, "customers.csv", 4, "signup_date", "2999-01-01")
    _edit(copy, "receipts.csv", 5, "purchased_at", "1000-01-01 10:00:00")
    found = _lines(validate(copy, now=NOW))
    assert any(f.startswith("customers.csv:4:signup_date: out of range: 2999-01-01 is after "
                            "2262-04-11") and "check the year" in f for f in found)  # fmt: skip
    assert any(f.startswith("receipts.csv:5:purchased_at: out of range: 1000-01-01 10:00:00 "
                            "is before 1677-09-22") for f in found)  # fmt: skip
    assert _load_fails(copy)


def test_bad_number_is_reported_first_and_knock_ons_in_one_line(copy):
    _edit(copy, "products.csv", 3, "unit_price_cny", "3,50")  # shifts cells: ragged
    _replace(copy, "products.csv", ",3,50,", ",3.5O,")  # a letter O for a zero
    lines = (copy / "receipt_lines.csv").read_text(encoding="utf-8").count(",P0002,")
    found = validate(copy, now=NOW)
    assert str(found[0]) == ("products.csv:3:unit_price_cny: '3.5O' is not a number; write "
                             "digits with a decimal point, like 12.50 (no ¥ sign, no "
                             "thousands separator)")  # fmt: skip
    assert len(found) == 2
    assert found[1].knock_on == lines > 1000
    assert str(found[1]) == (f"receipt_lines.csv:0:product_id: ...and {lines:,} rows of "
                             "receipt_lines.csv refer to the row of products.csv with a "
                             "problem above (P0002); fix that first")  # fmt: skip


def test_header_only_table_says_it_has_no_rows(copy):
    path = copy / "campaigns.csv"
    path.write_text(path.read_text(encoding="utf-8").split("\n")[0] + "\n", encoding="utf-8")
    sends = len((copy / "coupon_sends.csv").read_text(encoding="utf-8").splitlines()) - 1
    found = validate(copy, now=NOW)
    assert str(found[0]).startswith("campaigns.csv:2:-: has no rows, only the header")
    assert found[0].knock_on == 0
    # every later line is a summary of rows that point at the empty table, coupon sends first
    assert found[1].file == "coupon_sends.csv" and found[1].knock_on == sends
    assert all(p.knock_on > 0 for p in found[1:])
    assert all("refer to campaigns.csv, which has no rows" in p.message for p in found[1:])


def test_net_must_be_gross_minus_discount(copy):
    gross = _cell(copy, "receipts.csv", 2, "gross_cny")
    discount = _cell(copy, "receipts.csv", 2, "discount_cny")
    net = float(gross) - float(discount)
    _edit(copy, "receipts.csv", 2, "net_cny", f"{net + 2.5:.2f}")
    found = _lines(validate(copy, now=NOW))
    assert found == [f"receipts.csv:2:net_cny: {net + 2.5:.2f} is not gross_cny {gross} - "
                     f"discount_cny {discount} = {net:.2f}; correct whichever of gross_cny, "
                     "discount_cny and net_cny is wrong"]  # fmt: skip


def test_items_must_be_the_sum_of_line_quantities(copy):
    _edit(copy, "receipts.csv", 2, "items", "7")  # its lines add up to 6
    found = _lines(validate(copy, now=NOW))
    assert found == ["receipts.csv:2:items: 7 is not the sum of this receipt's line quantities "
                     "in receipt_lines.csv (6); correct items or the lines"]  # fmt: skip


def test_line_total_must_be_quantity_times_price_less_discount(copy):
    qty, price, discount = (
        _cell(copy, "receipt_lines.csv", 2, c)
        for c in ("quantity", "unit_price_cny", "discount_cny")
    )
    total = int(qty) * float(price) - float(discount)
    _edit(copy, "receipt_lines.csv", 2, "line_total_cny", f"{total + 1:.2f}")
    found = _lines(validate(copy, now=NOW))
    assert found == [
        f"receipt_lines.csv:2:line_total_cny: {total + 1:.2f} is not quantity {qty} x "
        f"unit_price_cny {price} - discount_cny {discount} = {total:.2f}; correct whichever of "
        "quantity, unit_price_cny, discount_cny and line_total_cny is wrong"
    ]


def test_gross_must_be_the_lines_at_shelf_price(copy):
    discount = float(_cell(copy, "receipts.csv", 2, "discount_cny"))
    _edit(copy, "receipts.csv", 2, "gross_cny", "43.80")  # net stays gross - discount
    _edit(copy, "receipts.csv", 2, "net_cny", f"{43.80 - discount:.2f}")
    found = _lines(validate(copy, now=NOW))
    assert len(found) == 1 and found[0].startswith("receipts.csv:2:gross_cny: 43.80 is not")


def test_member_receipt_needs_its_customer_id(copy):
    member = _first_line(copy, "receipts.csv", "is_member", lambda v: v == "True")
    walk_in = _first_line(copy, "receipts.csv", "is_member", lambda v: v == "False")
    _edit(copy, "receipts.csv", member, "customer_id", "")
    _edit(copy, "receipts.csv", walk_in, "customer_id", "M00001")
    found = {p.row: p.message for p in validate(copy, now=NOW) if p.column == "customer_id"}
    assert sorted(found) == sorted([member, walk_in])
    assert "'M00001' is filled in but is_member is False" in found[walk_in]
    assert found[member].startswith("is empty but is_member is True")


def test_id_with_a_trailing_space_is_rejected_by_validate_and_load(copy):
    _replace(copy, "products.csv", "\nP0005,", "\nP0005 ,")
    found = validate(copy, now=NOW)
    assert str(found[0]) == ("products.csv:6:product_id: 'P0005 ' has a space at the end; "
                             "delete it ('P0005' is meant)")  # fmt: skip
    assert all(p.knock_on for p in found[1:])
    with pytest.raises(DataError, match=r"products\.csv.*product_id.*'P0005 '.*space"):
        load(copy)


def test_repeated_line_number_is_a_duplicate_key(copy):
    _edit(copy, "receipt_lines.csv", 3, "line_no", "1")
    found = _lines(validate(copy, now=NOW))
    assert found[0] == (
        "receipt_lines.csv:3:line_no: repeats receipt_id R0000001, line_no 1 "
        "of row 2; delete the repeated row or give it its own number"
    )


def test_blank_lines_are_skipped_like_load_skips_them(copy):
    _replace(copy, "stores.csv", "\nS02,", "\n\nS02,")
    assert validate(copy, now=NOW) == []
    load(copy)


def test_quoted_commas_are_one_cell(copy):
    _replace(copy, "products.csv", "Green tea 500 ml", '"Green tea, 500 ml"')
    assert validate(copy, now=NOW) == []
    assert load(copy).products.loc[1, "product_name"] == "Green tea, 500 ml"


def test_header_name_with_a_space_is_named(copy):
    _replace(copy, "stores.csv", ",tills\n", ",tills \n")
    found = _lines(validate(copy, now=NOW))
    assert found == ["stores.csv:1:tills: 'tills ' in the header has a space before or after "
                     "it; delete the space"]  # fmt: skip
    assert _load_fails(copy)
