"""``load`` gives typed tables, works on any folder in the same layout, and fails clearly."""

from __future__ import annotations

import pandas as pd
import pytest

from storecrm.data import DataError, StoreData, load, validate, write
from storecrm.data.schema import TABLES


def test_default_load_has_typed_tables():
    d = load()
    assert isinstance(d, StoreData)
    assert pd.api.types.is_datetime64_any_dtype(d.receipts["purchased_at"])
    assert isinstance(d.customers["tier"].dtype, pd.CategoricalDtype)
    assert d.customers["tier"].cat.ordered
    assert list(d.customers["tier"].cat.categories) == ["standard", "silver", "gold", "diamond"]
    assert d.receipts["is_member"].dtype == bool
    assert d.receipts.loc[~d.receipts["is_member"], "customer_id"].isna().all()
    for name, table in TABLES.items():
        assert list(getattr(d, name).columns) == table.names


def test_load_matches_generated_frames(data, tmp_path):
    write(data, tmp_path)
    back = load(tmp_path)
    for name in StoreData.table_names():
        a, b = getattr(data, name), getattr(back, name)
        # Same values, dtypes and category lists: a chapter gets the same frames whether
        # it generates the data or reads the files.
        pd.testing.assert_frame_equal(a, b, check_exact=True, obj=name)


def test_missing_folder_and_file_are_clear(tmp_path):
    with pytest.raises(DataError, match="No data set folder"):
        load(tmp_path / "nowhere")
    with pytest.raises(DataError, match=r"stores\.csv is missing"):
        load(tmp_path)


def test_gbk_file_gives_clear_message(data, tmp_path):
    write(data, tmp_path)
    p = tmp_path / "stores.csv"
    p.write_bytes(p.read_text(encoding="utf-8").encode("gbk"))
    with pytest.raises(DataError, match="UTF-8"):
        load(tmp_path)


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_unknown_category_is_an_error_not_a_missing_value(data, tmp_path):
    write(data, tmp_path)
    _edit(tmp_path / "stores.csv", ",supermarket,", ",hypermarket,")
    with pytest.raises(DataError, match="unknown value 'hypermarket'"):
        load(tmp_path)


def test_true_false_read_the_same_way_as_validate(data, tmp_path):
    write(data, tmp_path)
    _edit(tmp_path / "customers.csv", ",True\n", ",TRUE\n")
    assert validate(tmp_path) == []
    assert load(tmp_path).customers["marketing_consent"].dtype == bool


def test_empty_file_and_ragged_row_are_named(data, tmp_path):
    write(data, tmp_path)
    (tmp_path / "stores.csv").write_text("", encoding="utf-8")
    with pytest.raises(DataError, match=r"stores\.csv is empty"):
        load(tmp_path)
    write(data, tmp_path)
    _edit(tmp_path / "products.csv", "\nP0002,", "\nP0002,extra,")
    with pytest.raises(DataError, match="wrong number of fields"):
        load(tmp_path)
