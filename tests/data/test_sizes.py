"""Every size ``storecrm data generate --size`` offers gives a data set that validates.

The large size once repeated 60,000 customer ids (the id width was fixed at five digits),
so ``validate`` reported 120,000 problems and ``member_summary`` crashed. Which check runs
for which size, and why:

- small: written and validated in full (``test_validate.py``, every run).
- medium: written and validated in full here (about 20 s to generate, 30 s of CPU to
  validate, 170 MB of CSV, 1.2 GB peak): marked ``slow`` but run by ``make test``.
- large: about 20 s and 2.4 GB to generate, but its CSV files are over 1 GB and reading
  them all as text for ``validate`` needs several more GB, too much for the machines the
  course is built on. So the large data is checked in memory for exactly what ``validate``
  checks across rows and tables (unique ids of one width, unique keys, references that
  resolve); the cell-level checks are the same code at every size. Also ``slow``.
"""

from __future__ import annotations

import pytest

from storecrm.data import SIZES, StoreData, generate, validate, write
from storecrm.data.schema import TABLES

NOW = "2026-01-01"


def test_the_cli_offers_these_sizes():
    # A new size needs a line in this file's tests, and a decision on how it is checked.
    assert list(SIZES) == ["small", "medium", "large"]


def _keys_and_references(data: StoreData) -> list[str]:
    """What validate checks across rows and tables, on the frames themselves."""
    found = []
    for name, table in TABLES.items():
        df = getattr(data, name)
        for col in table.columns:
            s = df[col.name]
            if col.unique:
                if not s.is_unique:
                    found.append(f"{name}.{col.name}: {int(s.duplicated().sum()):,} repeated ids")
                elif col.kind == "id" and s.str.len().nunique() > 1:
                    found.append(f"{name}.{col.name}: ids of different widths")
            if col.ref:
                ref_table, ref_col = col.ref.split(".")
                known = getattr(data, ref_table)[ref_col]
                unknown = int((~s.dropna().isin(known)).sum())
                if unknown:
                    found.append(f"{name}.{col.name}: {unknown:,} unknown {ref_col}")
        if len(table.key) > 1 and df.duplicated(list(table.key)).any():
            found.append(f"{name}: repeated key {table.key}")
    return found


@pytest.mark.slow
def test_medium_validates_in_full(tmp_path):
    data = generate("medium", 2026)
    assert _keys_and_references(data) == []
    write(data, tmp_path)
    del data
    problems = validate(tmp_path, now=NOW)
    assert problems == [], [str(p) for p in problems[:10]]


@pytest.mark.slow
def test_large_has_unique_ids_and_every_reference_resolves():
    data = generate("large", 2026)
    assert len(data.customers) > 99_999  # the count that broke the fixed id width
    assert _keys_and_references(data) == []


def test_the_check_itself_sees_repeated_ids(data):
    broken = data.customers.copy()
    broken.loc[1, "customer_id"] = broken.loc[0, "customer_id"]
    tables = data.tables() | {"customers": broken}
    found = _keys_and_references(StoreData(**tables))
    assert found[0] == "customers.customer_id: 1 repeated ids"
    assert any(f.endswith("unknown customer_id") for f in found[1:])
