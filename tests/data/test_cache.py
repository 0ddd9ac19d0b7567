"""The load cache gives exactly the frames the CSV files give, and never a stale one."""

from __future__ import annotations

import os
import shutil

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from storecrm.data import DataError, StoreData, load
from storecrm.data import cache as cache_module
from storecrm.data import io as data_io
from storecrm.data.io import default_dir


@pytest.fixture
def cache_everything(tmp_path, monkeypatch):
    """Cache every file, however small, into a fresh folder; return that folder."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache_module.CACHE_ENV, str(folder))
    monkeypatch.setattr(cache_module, "MIN_CACHE_BYTES", 0)
    return folder


@pytest.fixture
def copy_of_data(tmp_path):
    """A writable copy of the committed data set."""
    out = tmp_path / "data"
    shutil.copytree(default_dir(), out)
    return out


def _no_parsing(monkeypatch):
    """Make any CSV parse fail, to prove a load came from the cache."""

    def refuse(*args, **kwargs):
        raise AssertionError("parsed a CSV file that should have come from the cache")

    monkeypatch.setattr(data_io, "_parse_table", refuse)


def _assert_same_frames(first: StoreData, again: StoreData) -> None:
    for name in StoreData.table_names():
        # Same values, dtypes, category lists and order: a chapter cannot tell the difference.
        pd.testing.assert_frame_equal(
            getattr(first, name), getattr(again, name), check_exact=True, obj=name
        )
        assert isinstance(getattr(again, name).index, pd.RangeIndex)


def test_cached_load_equals_csv_load(cache_everything, copy_of_data, monkeypatch):
    first = load(copy_of_data)
    copies = sorted(cache_everything.glob("*.arrow"))
    assert len(copies) == len(StoreData.table_names())
    _no_parsing(monkeypatch)
    _assert_same_frames(first, load(copy_of_data))


def test_cached_ids_are_python_strings_shared_across_tables(cache_everything, copy_of_data):
    load(copy_of_data)
    data = load(copy_of_data)
    receipts, lines, ledger = data.receipts, data.receipt_lines, data.points_ledger
    assert receipts["receipt_id"].dtype == object
    assert type(lines["receipt_id"].iloc[0]) is str
    # One string object per receipt number, whichever table it is read from.
    assert lines["receipt_id"].iloc[0] is receipts["receipt_id"].iloc[0]
    earned = ledger["receipt_id"].dropna().iloc[-1]
    assert earned is receipts["receipt_id"][receipts["receipt_id"] == earned].iloc[0]
    member = receipts["customer_id"].dropna().iloc[0]
    customers = data.customers["customer_id"]
    assert member is customers[customers == member].iloc[0]
    assert data.receipt_lines["product_id"].iloc[0] in set(data.products["product_id"])


def test_cached_missing_ids_are_nan(cache_everything, copy_of_data):
    parsed = load(copy_of_data).receipts["customer_id"]
    cached = load(copy_of_data).receipts["customer_id"]
    walk_ins = parsed.isna()
    assert walk_ins.any() and (cached.isna() == walk_ins).all()
    assert all(isinstance(v, float) and np.isnan(v) for v in cached[walk_ins])


def test_ids_missing_from_the_referenced_table_or_out_of_order_are_kept(
    cache_everything, copy_of_data, monkeypatch
):
    """Ids a referenced table lacks, or of other lengths, take the slower ways, unchanged."""
    ledger = copy_of_data / "points_ledger.csv"
    rows = ledger.read_text(encoding="utf-8").splitlines(keepends=True)
    rows[1] = rows[1].replace(",R0000001\n", ",R99\n")  # no such receipt, and shorter
    rows[2] = rows[2].replace(",M", ",X")  # no such member
    ledger.write_text("".join(rows), encoding="utf-8")
    lines = copy_of_data / "receipt_lines.csv"
    rows = lines.read_text(encoding="utf-8").splitlines(keepends=True)
    rows[1], rows[-1] = rows[-1], rows[1]  # receipt numbers no longer in ascending order
    lines.write_text("".join(rows), encoding="utf-8")
    first = load(copy_of_data)
    assert first.points_ledger["receipt_id"].iloc[0] == "R99"
    _no_parsing(monkeypatch)
    _assert_same_frames(first, load(copy_of_data))


def test_cached_frames_can_be_changed_like_parsed_ones(cache_everything, copy_of_data):
    load(copy_of_data)
    receipts = load(copy_of_data).receipts
    receipts.loc[0, "channel"] = "delivery"  # Arrow lends categorical codes read-only
    receipts.loc[0, "items"] = 99
    receipts.loc[0, "receipt_id"] = "R-changed"
    assert receipts.loc[0, ["channel", "items", "receipt_id"]].tolist() == [
        "delivery",
        99,
        "R-changed",
    ]


def test_text_columns_in_several_chunks_read_right():
    """A copy written in several batches (another writer) still gives the same strings."""
    first = pa.array(["b", None, "a"]).dictionary_encode()
    second = pa.array(["c", "a"]).dictionary_encode()
    values, _dictionary, _strings = cache_module._text_column(
        pa.chunked_array([first, second]), None
    )
    assert values[[0, 2, 3, 4]].tolist() == ["b", "a", "c", "a"] and np.isnan(values[1])
    one = pa.array(["x", None, "y", "x"]).dictionary_encode()
    values, _dictionary, _strings = cache_module._text_column(
        pa.chunked_array([one.slice(0, 1), one.slice(1)]), None
    )
    assert values[[0, 2, 3]].tolist() == ["x", "y", "x"] and np.isnan(values[1])


@pytest.mark.parametrize(
    "values",
    [["a", "a", "b", None, "b", "c"], ["b", "a", "a"], [None, "x"], [None, None], [], ["x"]],
)
def test_encoding_keeps_every_value(values):
    text = pa.array(values, type=pa.string())
    encoded = cache_module._encode(text)
    assert encoded.cast(pa.string()).to_pylist() == values
    assert len(set(encoded.dictionary.to_pylist())) == len(encoded.dictionary)


def test_old_parquet_copies_are_ignored_but_purged(cache_everything, copy_of_data):
    first = load(copy_of_data)
    (copy,) = cache_everything.glob("receipts-*.arrow")
    old = copy.with_name(copy.name.replace(".arrow", ".parquet"))
    old.write_bytes(b"PAR1 a copy in the previous format")
    copy.unlink()
    pd.testing.assert_frame_equal(load(copy_of_data).receipts, first.receipts, check_exact=True)
    assert copy.is_file()  # rebuilt in the new format; the old file was not read
    found = cache_module.copies_of(copy_of_data / "receipts.csv")
    assert sorted(p.name for p in found) == sorted([copy.name, old.name])


def test_changed_file_is_read_again_even_with_the_same_size_and_date(
    cache_everything, copy_of_data
):
    path = copy_of_data / "receipts.csv"
    before = load(copy_of_data).receipts
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    first_row = text.splitlines()[1]
    net = first_row.split(",")[10]
    changed_net = ("9" if net[0] != "9" else "8") + net[1:]  # same length: same file size
    changed_row = ",".join([*first_row.split(",")[:10], changed_net, *first_row.split(",")[11:]])
    path.write_text(text.replace(first_row, changed_row, 1), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the same modification time
    assert path.stat().st_size == stat.st_size
    after = load(copy_of_data).receipts
    assert after.loc[0, "net_cny"] == float(changed_net) != before.loc[0, "net_cny"]
    assert len(list(cache_everything.glob("receipts-*.arrow"))) == 2


def test_a_file_that_fails_is_never_cached(cache_everything, copy_of_data):
    path = copy_of_data / "stores.csv"
    path.write_text(path.read_text(encoding="utf-8") + "S09,only,two\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DataError, match="tills has empty values"):
            load(copy_of_data)
    assert not list(cache_everything.glob("stores-*.arrow"))


def test_damaged_copy_is_rebuilt(cache_everything, copy_of_data):
    first = load(copy_of_data).receipts
    (copy,) = cache_everything.glob("receipts-*.arrow")
    copy.write_bytes(b"not an Arrow file")
    pd.testing.assert_frame_equal(load(copy_of_data).receipts, first, check_exact=True)
    assert copy.read_bytes()[:6] == b"ARROW1"


def test_nothing_is_written_next_to_the_data(cache_everything):
    before = sorted(p.name for p in default_dir().iterdir())
    load()
    assert sorted(p.name for p in default_dir().iterdir()) == before
    assert list(cache_everything.glob("*.arrow"))


def test_off_and_unwritable_cache_still_load(cache_everything, copy_of_data, monkeypatch):
    monkeypatch.setenv(cache_module.CACHE_ENV, "off")
    assert cache_module.cache_dir() is None
    assert len(load(copy_of_data).receipts) > 0
    blocker = cache_everything.parent / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv(cache_module.CACHE_ENV, str(blocker / "cache"))  # cannot be created
    assert len(load(copy_of_data).receipts) > 0


def test_small_files_are_not_cached_by_default(tmp_path, monkeypatch, copy_of_data):
    monkeypatch.setenv(cache_module.CACHE_ENV, str(tmp_path / "cache"))
    load(copy_of_data)
    assert not (tmp_path / "cache").exists()


def test_load_still_refuses_a_spaced_id_and_a_bad_flag(copy_of_data):
    """The faster checks at load give the same refusals as before."""
    path = copy_of_data / "receipts.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    original = list(lines)
    cells = original[3].split(",")
    cells[1] = cells[1] + "\u3000"  # a full-width space after the store id
    lines[3] = ",".join(cells)
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataError, match=r"store_id, row 4: .* space before or after"):
        load(copy_of_data)
    cells = original[3].split(",")
    cells[4] = "yes"
    lines[3] = ",".join(cells)
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataError, match="is_member must be True or False"):
        load(copy_of_data)
    cells[4] = " TRUE "
    lines[3] = ",".join(cells)
    path.write_text("".join(lines), encoding="utf-8")
    assert load(copy_of_data).receipts["is_member"].iloc[2]


def test_an_empty_count_is_still_named(copy_of_data):
    path = copy_of_data / "receipt_lines.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    cells = lines[1].split(",")
    cells[3] = ""  # quantity
    lines[1] = ",".join(cells)
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataError, match="quantity has empty values"):
        load(copy_of_data)


@pytest.mark.parametrize(
    ("known", "wanted", "expected"),
    [
        (["A1", "A2", "B0"], ["A2", "C9", "A1", "A0"], ["A2", "C9", "A1", "A0"]),  # search
        (["A1", "A2", "B0"], ["A", "A1\x00", "B0"], ["A", "A1\x00", "B0"]),  # other widths
        (["B0", "A1"], ["A1", "Z"], ["A1", "Z"]),  # not ascending: hashed
        (["0123456789", "0123456790"], ["0123456790"], ["0123456790"]),  # over 8 bytes
    ],
)
def test_ids_are_found_among_the_referenced_ones_exactly(known, wanted, expected):
    strings = np.array(known, dtype=object)
    shared = cache_module._Known(pa.array(known), strings)
    found = cache_module._python_strings(pa.array(wanted), shared)
    assert found.tolist() == expected
    for value, got in zip(wanted, found, strict=True):
        if value in known:
            assert got is strings[known.index(value)]
