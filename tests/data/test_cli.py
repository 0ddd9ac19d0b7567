"""``storecrm data generate|validate``: exit codes, messages and the no-overwrite rule."""

from __future__ import annotations

import shutil

from storecrm.cli import main
from storecrm.data import write
from storecrm.data.schema import TABLES


def test_validate_clean_and_broken(data, tmp_path, capsys):
    write(data, tmp_path)
    assert main(["data", "validate", str(tmp_path)]) == 0
    assert "no problems" in capsys.readouterr().out
    p = tmp_path / "receipts.csv"
    p.write_text(p.read_text(encoding="utf-8").replace(",True,", ",maybe,", 1), encoding="utf-8")
    assert main(["data", "validate", str(tmp_path)]) == 1
    out = capsys.readouterr()
    assert "receipts.csv:" in out.out and ":is_member: 'maybe' is not True or False" in out.out
    assert "Traceback" not in out.out + out.err


def test_validate_missing_folder_is_one_line(tmp_path, capsys):
    assert main(["data", "validate", str(tmp_path / "missing")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a folder" in err


def test_bad_arguments_exit_2_with_one_line(tmp_path, capsys):
    assert main(["data", "generate", "--size", "huge", "--out", str(tmp_path)]) == 2
    assert main(["data", "generate", "--seed", "abc", "--out", str(tmp_path)]) == 2
    assert main(["data", "generate", "--size", "small"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 3 and "Traceback" not in err


def test_generate_refuses_to_overwrite_without_force(tmp_path, capsys):
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    assert main(["data", "generate", "--out", str(tmp_path), "--quiet"]) == 1
    assert "--force" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


def test_generate_writes_every_table(tmp_path, capsys):
    out = tmp_path / "new"
    assert main(["data", "generate", "--size", "small", "--seed", "7", "--out", str(out),
                 "--quiet"]) == 0  # fmt: skip
    assert len(list(out.glob("*.csv"))) == len(TABLES)
    assert main(["data", "validate", str(out)]) == 0
    shutil.rmtree(out)


def test_validate_prints_the_cause_first_and_knock_ons_in_one_line(data, tmp_path, capsys):
    write(data, tmp_path)
    p = tmp_path / "products.csv"
    p.write_text(p.read_text(encoding="utf-8").replace(",3.50,", ",3.5O,", 1), encoding="utf-8")
    lines = (tmp_path / "receipt_lines.csv").read_text(encoding="utf-8").count(",P0002,")
    assert main(["data", "validate", str(tmp_path)]) == 1
    out = capsys.readouterr()
    printed = out.out.splitlines()
    assert len(printed) == 2
    assert printed[0].startswith("products.csv:3:unit_price_cny: '3.5O' is not a number")
    assert printed[1].startswith(f"receipt_lines.csv:0:product_id: ...and {lines:,} rows")
    assert printed[1].endswith("fix that first")
    assert out.err == (f"1 problem(s) found in {tmp_path}, and {lines:,} finding(s) that "
                       "follow from them.\n")  # fmt: skip


def test_validate_caps_the_lines_it_prints(data, tmp_path, capsys):
    write(data, tmp_path)
    p = tmp_path / "receipts.csv"
    p.write_text(p.read_text(encoding="utf-8").replace(",False,", ",maybe,"), encoding="utf-8")
    walk_ins = p.read_text(encoding="utf-8").count(",maybe,")
    assert main(["data", "validate", str(tmp_path), "--max-problems", "5"]) == 1
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 7 and all(":is_member: 'maybe'" in line for line in printed[:5])
    assert printed[5] == (f"...and {walk_ins - 5:,} more problem(s) not shown; add "
                          "--max-problems 0 to see them all.")  # fmt: skip
    # Their lines now point at receipts that could not be read: one line, not thousands.
    assert printed[6].startswith("receipt_lines.csv:0:receipt_id: ...and ")
    assert main(["data", "validate", str(tmp_path), "--max-problems", "0"]) == 1
    assert len(capsys.readouterr().out.splitlines()) == walk_ins + 1
