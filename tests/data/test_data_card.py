"""The data card states the committed row counts and tier rules the code really uses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storecrm.data.io import default_dir
from storecrm.data.schema import TABLES
from storecrm.data.simulation import loyalty

CARD = Path(__file__).resolve().parents[2] / "datasets" / "README.md"


def _yuan(text: str) -> list[int]:
    return [int(v.replace(",", "")) * 100 for v in re.findall(r"¥([\d,]+)", text)]


def test_row_counts_match_committed_files():
    text = CARD.read_text(encoding="utf-8")
    for table in TABLES.values():
        m = re.search(rf"\| `{re.escape(table.file)}` \|[^|]*\| ([\d,]+) \|", text)
        assert m, f"{table.file} missing from the data card"
        with (default_dir() / table.file).open(encoding="utf-8") as fh:
            rows = sum(1 for _ in fh) - 1
        assert int(m.group(1).replace(",", "")) == rows, table.file


def test_tier_thresholds_match_the_generator():
    text = CARD.read_text(encoding="utf-8")
    entry = re.search(r"Entry thresholds: ([^.]+)\.", text).group(1)
    keep = re.search(r"Keep thresholds: ([^.]+)\.", text).group(1)
    assert _yuan(entry) == list(loyalty.TIER_ENTRY_FEN[1:])
    assert _yuan(keep) == list(loyalty.TIER_KEEP_FEN[1:])


def test_profile_table_matches_the_committed_set():
    """The card's profile table shows what `storecrm data profile` computes, inside its band."""
    from storecrm.data import load
    from storecrm.data import profile as pr

    text = CARD.read_text(encoding="utf-8")
    d = load()
    report = pr.band_report(pr.profile(d.receipts, d.receipt_lines, d.customers, d.stores))
    for _, row in report.iterrows():
        m = re.search(rf"\| `{re.escape(row['statistic'])}` \| ([\d.]+) \| ([\d.-]+) \|", text)
        assert m, f"{row['statistic']} missing from the data card's profile table"
        assert float(m.group(1)) == pytest.approx(row["value"], abs=0.0015), row["statistic"]
        assert m.group(2) == row["band"] and row["inside"]
