"""``load`` gives typed tables, works on any folder in the same layout, and fails clearly."""

from __future__ import annotations

import pandas as pd
import pytest

from storecrm.data import DataError, StoreData, load, write
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
        pd.testing.assert_frame_equal(a, b, check_dtype=False, check_categorical=False,
                                      check_exact=False, obj=name)  # fmt: skip


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
