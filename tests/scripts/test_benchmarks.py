"""The analysis benchmark refuses bad arguments clearly, and compares like with like."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from tests.scripts.bench import BENCH, bench_module


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sizes", "huge"], "unknown size 'huge': choose from small, medium, large"),
        (["--steps", "RFM,nope"], "unknown step 'nope'"),
        (["--data-dir", "/no/such/folder"], "--data-dir /no/such/folder is not a folder"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(args, message):
    proc = subprocess.run(
        [sys.executable, str(BENCH / "analysis_sizes.py"), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert message in proc.stderr


@pytest.fixture(scope="module")
def baselines():
    return bench_module("baselines")


def test_previous_implementations_give_the_same_answers(baselines):
    """The benchmark's speed-ups compare code that gives the same results on the course data."""
    from storecrm.analysis import kpis, segments
    from storecrm.data import load

    d = baselines.load()
    pd.testing.assert_frame_equal(d.receipts, load().receipts, check_exact=True)
    pd.testing.assert_frame_equal(
        baselines.member_features(d.receipts, d.receipt_lines, d.products),
        segments.member_features(d.receipts, d.receipt_lines, d.products),
        check_exact=True,
    )
    pd.testing.assert_frame_equal(
        baselines.cohort_retention(d.customers, d.receipts, months=6),
        kpis.cohort_retention(d.customers, d.receipts, months=6),
        check_exact=True,
    )
    pd.testing.assert_series_equal(
        baselines.monthly_retention(d.receipts), kpis.monthly_retention(d.receipts)
    )
    pd.testing.assert_series_equal(
        baselines.store_clusters(d, k=5)["profile"], segments.store_clusters(d, k=5)["profile"]
    )
