"""Same seed and size give byte-identical files, and the committed data set is one of them."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from storecrm.data import write
from storecrm.data.io import default_dir
from storecrm.data.schema import TABLES


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.csv"))
    }


def test_committed_data_set_regenerates_bit_for_bit(data, tmp_path):
    committed = default_dir()
    assert committed.is_dir(), "datasets/maple_street_mart is missing"
    write(data, tmp_path)
    fresh, saved = _digests(tmp_path), _digests(committed)
    assert set(saved) == {t.file for t in TABLES.values()}
    changed = [name for name in saved if fresh.get(name) != saved[name]]
    assert not changed, (
        f"{changed} differ from a fresh run; regenerate with 'uv run storecrm data generate "
        "--size small --seed 2026 --out datasets/maple_street_mart --force'"
    )


def test_another_seed_gives_different_data():
    from storecrm.data import generate

    a = generate("small", 1)
    b = generate("small", 2)
    assert not a.receipts["purchased_at"].equals(b.receipts["purchased_at"])


def test_files_use_unix_line_endings_and_utf8():
    for path in default_dir().glob("*.csv"):
        raw = path.read_bytes()
        assert b"\r\n" not in raw, path.name
        raw.decode("utf-8")


@pytest.mark.parametrize("table", list(TABLES))
def test_columns_in_schema_order(table):
    header = (default_dir() / f"{table}.csv").open(encoding="utf-8").readline().strip()
    assert header.split(",") == TABLES[table].names


def test_total_size_is_light():
    total = sum(p.stat().st_size for p in default_dir().glob("*.csv"))
    assert total < 25 * 1024 * 1024
