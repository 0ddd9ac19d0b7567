"""The book's data dictionary page covers every table the schema defines."""

from __future__ import annotations

from pathlib import Path

from storecrm.data.schema import TABLES, dictionary_frame

PAGE = Path(__file__).resolve().parents[2] / "book" / "data-dictionary.md"


def test_page_shows_every_table():
    text = PAGE.read_text(encoding="utf-8")
    for name, table in TABLES.items():
        assert f"## `{table.file}`" in text, table.file
        assert f'show("{name}")' in text, name


def test_every_column_has_unit_and_meaning():
    for name, table in TABLES.items():
        df = dictionary_frame(name)
        assert list(df["column"]) == table.names
        assert df["meaning"].str.len().min() > 5
        assert df["unit"].str.len().min() >= 1
