"""``storecrm data import`` and ``purge`` on a planted corpus in CSV (UTF-8, GBK), xlsx, Parquet.

The corpus is the synthetic example export (``datasets/import-example``) with extra personal
values planted in free text. Every test reads the bytes the import wrote, so a leak anywhere
(a table, the metadata file) fails.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import stat
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml

from storecrm.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "datasets" / "import-example"

#: Extra free text planted in the survey comments: mobiles and IDs in other spellings, an
#: e-mail with a plus sign, a name, and ordinary numbers that must survive.
EXTRA_COMMENT = (
    "陈静的朋友 0086 137 1234 5678 或 +8613612345678，证件 44030520010701003x，"
    "邮箱 a.b+c@shop.example.cn；订单号20250301，共123456789012分，2瓶水9.00元"
)

PLANTED = [
    # names (members and cashiers)
    "王小明", "李芳芳", "赵大海", "陈静", "小张", "阿强", "小李",
    # mobiles in the spellings of the export
    "138 0013 8000", "+86 139-0000-1234", "15000001111", "186-0000-2222", "13800138000",
    "139 0000 1234", "0086 137 1234 5678", "+8613612345678",
    # ID-card numbers, with upper- and lower-case X
    "11010519900412001X", "310101198511300026", "44030520010701003X", "44030520010701003x",
    "330102195802140048",
    # e-mails, addresses, exact birth dates, member card numbers
    "wxm.test@example.com", "a.b+c@shop.example.cn", "幸福路12号3栋", "光明街7号", "学府路88号",
    "老城巷1号", "1990-04-12", "1985-11-30", "2001-07-01", "1958-02-14",
    "VIP000101", "VIP000102", "VIP000103", "VIP000104",
]  # fmt: skip
MOBILE_DIGITS = ["13800138000", "13900001234", "15000001111", "18600002222", "13712345678",
                 "13612345678"]  # fmt: skip
SURVIVORS = ["订单号20250301", "123456789012", "2瓶水9.00元", "排队太久"]


def _frames() -> dict[str, pd.DataFrame]:
    frames = {
        p.stem: pd.read_csv(p, dtype=str, keep_default_na=False) for p in EXAMPLE.glob("*.csv")
    }
    s = frames["surveys"]
    s.loc[0, "评论"] = s.loc[0, "评论"] + "；" + EXTRA_COMMENT
    return frames


def _mapping(folder: Path, ext: str, encoding: str = "auto", **change) -> Path:
    spec = yaml.safe_load((EXAMPLE / "mapping.yml").read_text(encoding="utf-8"))
    for t in spec["tables"].values():
        t["file"] = Path(t["file"]).stem + ext
        t["encoding"] = encoding
    spec.update(change)
    path = folder / "mapping.yml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    return path


def make_corpus(folder: Path, fmt: str) -> Path:
    """Write the planted corpus in ``fmt`` into ``folder``; return its mapping file."""
    folder.mkdir(parents=True, exist_ok=True)
    frames = _frames()
    if fmt in ("csv-utf8", "csv-gbk"):
        codec = "utf-8" if fmt == "csv-utf8" else "gbk"
        for stem, f in frames.items():
            (folder / f"{stem}.csv").write_bytes(f.to_csv(index=False).encode(codec))
        return _mapping(folder, ".csv", "gbk" if fmt == "csv-gbk" else "auto")
    if fmt == "parquet":
        for stem, f in frames.items():
            f.to_parquet(folder / f"{stem}.parquet", index=False)
        return _mapping(folder, ".parquet")
    for stem, f in frames.items():  # xlsx: real date cells and numbers, as Excel keeps them
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(list(f.columns))
        for row in f.itertuples(index=False):
            cells = []
            for col, value in zip(f.columns, row, strict=True):
                if col in ("交易时间",):
                    value = datetime.strptime(value, "%Y/%m/%d %H:%M")
                elif col == "出生日期":
                    value = datetime.strptime(value, "%Y-%m-%d")
                elif col in ("数量", "件数") or (col == "手机号" and value.isdigit()):
                    value = int(value)
                cells.append(value)
            sheet.append(cells)
        for row in sheet.iter_rows():  # text starting with = stays text, as a typed comment
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
        book.save(folder / f"{stem}.xlsx")
    return _mapping(folder, ".xlsx")


def run(mapping: Path, out: Path, key: Path, *extra: str) -> int:
    return main(["data", "import", str(mapping), "--out", str(out), "--key", str(key), *extra])


def output_bytes(out: Path) -> bytes:
    return b"\n".join(p.read_bytes() for p in sorted(out.iterdir()))


FORMATS = ["csv-utf8", "csv-gbk", "xlsx", "parquet"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_planted_value_reaches_the_output(fmt, tmp_path, capsys):
    mapping = make_corpus(tmp_path / "export", fmt)
    out = tmp_path / "out"
    assert run(mapping, out, tmp_path / "keys" / "k") == 0
    printed = capsys.readouterr()
    assert "Traceback" not in printed.out + printed.err
    data = output_bytes(out)
    text = data.decode("utf-8")
    leaked = [v for v in PLANTED if v.encode("utf-8") in data]
    assert leaked == []
    squeezed = re.sub(r"[\s\-+]", "", text)
    assert [m for m in MOBILE_DIGITS if m in squeezed] == []
    for word in SURVIVORS:
        assert word in text
    assert "removed from free text: email 2, id_number 2, mobile 4, name 2" in printed.out
    assert "spreadsheet formula cells neutralised: 1" in printed.out
    for path in out.glob("*.csv"):
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"))):
            assert not [c for c in row if c[:1] in ("=", "@", "\t", "\r")]
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in out.iterdir()} == {0o600}


def test_every_format_gives_the_same_tables(tmp_path, capsys):
    key = tmp_path / "key"
    tables = {}
    for fmt in FORMATS:
        out = tmp_path / f"out-{fmt}"
        assert run(make_corpus(tmp_path / fmt, fmt), out, key) == 0
        tables[fmt] = {p.name: p.read_bytes() for p in sorted(out.glob("*.csv"))}
    assert len(tables["csv-utf8"]) == 4
    for fmt in FORMATS[1:]:
        assert tables[fmt] == tables["csv-utf8"], fmt
    capsys.readouterr()


def _ids(out: Path) -> list[str]:
    return pd.read_csv(out / "customers.csv", dtype=str)["customer_id"].tolist()


def test_same_key_same_ids_and_key_is_private(tmp_path, capsys):
    mapping = make_corpus(tmp_path / "export", "csv-utf8")
    key = tmp_path / "secret" / "import.key"
    assert run(mapping, tmp_path / "a", key) == 0
    assert "created" in capsys.readouterr().out
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert run(mapping, tmp_path / "b", key) == 0
    assert "reused" in capsys.readouterr().out
    assert _ids(tmp_path / "a") == _ids(tmp_path / "b")
    assert len(set(_ids(tmp_path / "a"))) == 4
    assert run(mapping, tmp_path / "c", tmp_path / "other.key") == 0
    assert not set(_ids(tmp_path / "a")) & set(_ids(tmp_path / "c"))
    receipts = pd.read_csv(tmp_path / "a" / "receipts.csv", dtype=str, keep_default_na=False)
    assert set(receipts["customer_id"]) - {""} <= set(_ids(tmp_path / "a"))
    assert key.read_bytes().strip() not in output_bytes(tmp_path / "a")


def test_key_inside_the_output_is_refused(tmp_path, capsys):
    mapping = make_corpus(tmp_path / "export", "csv-utf8")
    out = tmp_path / "out"
    assert run(mapping, out, out / "import.key") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "inside the output folder" in err
    assert not out.exists()


def test_key_from_environment(tmp_path, capsys, monkeypatch):
    mapping = make_corpus(tmp_path / "export", "csv-utf8")
    key = tmp_path / "env.key"
    monkeypatch.setenv("STORECRM_IMPORT_KEY", str(key))
    assert main(["data", "import", str(mapping), "--out", str(tmp_path / "out")]) == 0
    assert key.is_file()
    capsys.readouterr()


def test_only_receipts_and_lines(tmp_path, capsys):
    mapping = make_corpus(tmp_path / "export", "csv-utf8")
    spec = yaml.safe_load(mapping.read_text(encoding="utf-8"))
    spec["tables"] = {k: spec["tables"][k] for k in ("receipts", "receipt_lines")}
    mapping.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    assert run(mapping, out, tmp_path / "key") == 0
    printed = capsys.readouterr().out
    meta = json.loads((out / "import-metadata.json").read_text(encoding="utf-8"))
    assert "customers" in meta["tables_not_in_export"]
    assert sorted(p.name for p in out.glob("*.csv")) == ["receipt_lines.csv", "receipts.csv"]
    assert "nothing to fix in what was imported" in printed
    # without the members' table the cashiers' names are still hashed, not written
    assert "小张".encode() not in output_bytes(out)


def test_dates_without_times_and_other_currency_are_shown_not_invented(tmp_path, capsys):
    folder = tmp_path / "export"
    mapping = make_corpus(folder, "csv-utf8")
    r = pd.read_csv(folder / "receipts.csv", dtype=str, keep_default_na=False)
    r["交易时间"] = r["交易时间"].str.split(" ").str[0]
    r.to_csv(folder / "receipts.csv", index=False)
    spec = yaml.safe_load(mapping.read_text(encoding="utf-8"))
    spec["currency"] = "HKD"
    mapping.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    assert run(mapping, out, tmp_path / "key") == 0
    printed = capsys.readouterr().out
    written = pd.read_csv(out / "receipts.csv", dtype=str)["purchased_at"]
    assert written.tolist()[0] == "2025-03-01" and ":" not in "".join(written)
    assert "dates without times" in printed and "amounts are in HKD" in printed
    meta = json.loads((out / "import-metadata.json").read_text(encoding="utf-8"))
    assert meta["currency"] == "HKD" and meta["amounts_converted"] is False
    assert pd.read_csv(out / "receipts.csv", dtype=str)["net_cny"].tolist()[0] == "19.00"


def test_a_missing_time_among_timed_cells_is_not_made_midnight(tmp_path, capsys):
    folder = tmp_path / "export"
    mapping = make_corpus(folder, "csv-utf8")
    r = pd.read_csv(folder / "receipts.csv", dtype=str, keep_default_na=False)
    r.loc[1, "交易时间"] = "2025/3/1"
    r.to_csv(folder / "receipts.csv", index=False)
    out = tmp_path / "out"
    assert run(mapping, out, tmp_path / "key") == 0
    printed = capsys.readouterr().out
    written = pd.read_csv(out / "receipts.csv", dtype=str)["purchased_at"].tolist()
    assert written[:3] == ["2025-03-01 08:15:00", "2025-03-01", "2025-03-02 18:40:00"]
    assert "purchased_at: 1 cell(s) have a date but no time" in printed
    assert "receipts.csv:3:purchased_at: '2025-03-01' is not a date and time" in printed


def test_keep_on_purpose_is_recorded_and_printed(tmp_path, capsys):
    mapping = make_corpus(tmp_path / "export", "csv-utf8")
    spec = yaml.safe_load(mapping.read_text(encoding="utf-8"))
    spec["keep"] = ["customers.name", "customers.phone_masked"]
    mapping.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    assert run(mapping, out, tmp_path / "key") == 0
    printed = capsys.readouterr().out
    assert "KEPT ON PURPOSE (keep: in the mapping): name" in printed
    customers = pd.read_csv(out / "customers.csv", dtype=str)
    assert customers["name"].tolist()[0] == "王小明"
    assert customers["phone_masked"].tolist()[:2] == ["138****8000", "139****1234"]
    meta = json.loads((out / "import-metadata.json").read_text(encoding="utf-8"))
    assert meta["kept_on_purpose"] == ["customers.name", "customers.phone_masked"]


def _bad(tmp_path: Path, edit, capsys) -> str:
    mapping = make_corpus(tmp_path / "export", "csv-utf8")
    spec = yaml.safe_load(mapping.read_text(encoding="utf-8"))
    edit(spec)
    mapping.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    assert run(mapping, out, tmp_path / "key") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists() and not (tmp_path / "key").exists()
    return err


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda s: s["tables"]["receipts"]["columns"].update(net_cny="实收"),
         "receipts.csv: has no column '实收' (mapped to receipts.net_cny)"),
        (lambda s: s["tables"]["receipts"]["columns"].update(price="单价"),
         "mapping.yml.tables.receipts.columns.price: is not a column of receipts"),
        (lambda s: s["tables"].pop("receipt_lines"),
         "mapping.yml.tables.receipt_lines: is missing"),
        (lambda s: s["tables"]["customers"].update(file="nope.csv"),
         "nope.csv: file not found"),
        (lambda s: s.update(timezone="Mars/Olympus"),
         "mapping.yml.timezone: 'Mars/Olympus' is not a time zone name"),
        (lambda s: s.update(keep=["customers.address"]),
         "mapping.yml.keep:"),
        (lambda s: s["tables"].update(orders={"file": "x.csv", "columns": {"a": "b"}}),
         "mapping.yml.tables.orders: is not a course table"),
    ],
)  # fmt: skip
def test_bad_mapping_is_one_line_exit_2(tmp_path, capsys, edit, expected):
    assert expected in _bad(tmp_path, edit, capsys)


def test_gbk_file_read_as_utf8_names_the_file_and_row(tmp_path, capsys):
    mapping = make_corpus(tmp_path / "export", "csv-gbk")
    spec = yaml.safe_load(mapping.read_text(encoding="utf-8"))
    spec["tables"]["customers"]["encoding"] = "utf-8"
    mapping.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    assert run(mapping, tmp_path / "out", tmp_path / "key") == 2
    err = capsys.readouterr().err
    assert "members.csv: row 1: cannot be read as utf-8" in err and "encoding" in err


def test_broken_yaml_names_the_line(tmp_path, capsys):
    mapping = tmp_path / "mapping.yml"
    mapping.write_text("tables:\n  receipts: [\n", encoding="utf-8")
    assert run(mapping, tmp_path / "out", tmp_path / "key") == 2
    assert "mapping.yml.line 3: is not valid YAML" in capsys.readouterr().err


def test_not_empty_output_needs_force_and_an_earlier_import(tmp_path, capsys):
    mapping = make_corpus(tmp_path / "export", "csv-utf8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    assert run(mapping, out, tmp_path / "key", "--force") == 2
    assert (out / "notes.txt").is_file()
    assert run(mapping, tmp_path / "imp", tmp_path / "key") == 0
    assert run(mapping, tmp_path / "imp", tmp_path / "key") == 2
    assert run(mapping, tmp_path / "imp", tmp_path / "key", "--force") == 0
    capsys.readouterr()


def test_purge_removes_an_import_and_refuses_other_folders(tmp_path, capsys):
    mapping = make_corpus(tmp_path / "export", "csv-utf8")
    out = tmp_path / "out"
    assert run(mapping, out, tmp_path / "key") == 0
    capsys.readouterr()
    assert main(["data", "purge", str(tmp_path / "export")]) == 1
    err = capsys.readouterr().err
    assert "has no import-metadata.json" in err and err.count("\n") == 1
    assert (tmp_path / "export" / "members.csv").is_file()
    assert main(["data", "purge", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Removed 5 file(s)" in printed and "customers.csv" in printed
    assert "Removed the folder" in printed
    assert not out.exists() and (tmp_path / "key").is_file()


def test_purge_leaves_files_it_did_not_write(tmp_path, capsys):
    mapping = make_corpus(tmp_path / "export", "csv-utf8")
    out = tmp_path / "out"
    assert run(mapping, out, tmp_path / "key") == 0
    (out / "my-notes.txt").write_text("mine", encoding="utf-8")
    assert main(["data", "purge", str(out)]) == 0
    assert "Left 1 file(s) the import did not write: my-notes.txt" in capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == ["my-notes.txt"]


def test_the_committed_example_imports_cleanly(tmp_path, capsys):
    out = tmp_path / "out"
    assert run(EXAMPLE / "mapping.yml", out, tmp_path / "key") == 0
    printed = capsys.readouterr().out
    assert "nothing to fix in what was imported" in printed
    assert main(["data", "purge", str(out)]) == 0
    shutil.rmtree(tmp_path / "key", ignore_errors=True)
    capsys.readouterr()


def test_purge_removes_the_imports_caches_too(tmp_path, capsys, monkeypatch):
    from storecrm.data.cache import cached_table, copies_of

    monkeypatch.setenv("STORECRM_CACHE_DIR", str(tmp_path / "cache"))
    mapping = make_corpus(tmp_path / "export", "csv-utf8")
    out = tmp_path / "out"
    assert run(mapping, out, tmp_path / "key") == 0
    receipts = out / "receipts.csv"
    frame = pd.read_csv(receipts, dtype=str)
    cached_table(receipts, "receipts", list(frame.columns), lambda: frame, min_bytes=0)
    (out / "receipts.parquet").write_bytes(b"PAR1")  # as storecrm data to-parquet would leave
    (tmp_path / "cache" / "receipts-other-file.parquet").write_bytes(b"PAR1")  # not ours
    assert len(copies_of(receipts)) == 1
    capsys.readouterr()
    assert main(["data", "purge", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "cached copy receipts-" in printed and "receipts.parquet" in printed
    assert not out.exists()
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["receipts-other-file.parquet"]
