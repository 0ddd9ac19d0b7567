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
