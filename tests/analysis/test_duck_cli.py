"""``storecrm analyse`` and ``storecrm data to-parquet``: results out, bad arguments refused."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from storecrm.cli import main
from storecrm.data.io import default_dir
from storecrm.data.safecsv import write_safe_csv


def test_write_safe_csv_neutralises_formulas(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "product": ['=HYPERLINK("x")', "+1", "-3.50", "@SUM(A1)", "\tcmd", "Tea egg"],
            "kind": pd.Categorical(["=a", "b", "b", "b", "b", "b"]),
            "lift": [1.5, -2.0, np.nan, 3.0, 4.0, 5.0],
        },
        index=pd.Index(["=M1", "M2", "M3", "M4", "M5", "M6"], name="customer_id"),
    )
    path = tmp_path / "out.csv"
    assert write_safe_csv(frame.reset_index(), path) == 5
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "customer_id,product,kind,lift"
    assert lines[1] == '\'=M1,"\'=HYPERLINK(""x"")",\'=a,1.5'
    assert lines[2] == "M2,+1,b,-2.0"  # a number stays a number
    assert lines[3] == "M3,-3.50,b,"  # so does a refund; a gap stays empty
    assert lines[4].startswith("M4,'@SUM(A1),")
    assert lines[5].startswith("M5,'\tcmd,")
    assert (path.stat().st_mode & 0o777) == 0o600


def test_analyse_writes_the_result(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "cohorts.csv"
    assert main(["analyse", str(default_dir()), "--what", "cohorts", "--out", str(out),
                 "--memory-limit", "100MB", "--threads", "1"]) == 0  # fmt: skip
    assert "Wrote 12 rows of cohorts (duckdb)" in capsys.readouterr().out
    written = pd.read_csv(out)
    assert list(written.columns) == ["cohort", "members", *[str(k) for k in range(7)]]
    assert written["members"].sum() > 0


def test_analyse_prints_without_out(capsys: pytest.CaptureFixture) -> None:
    assert main(["analyse", str(default_dir()), "--what", "rules", "--top", "3"]) == 0
    printed = capsys.readouterr().out
    assert "if_bought" in printed and "lift" in printed


@pytest.mark.parametrize(
    ("argv", "status", "words"),
    [
        (["--what", "rfx"], 2, "invalid choice: 'rfx'"),
        (["--what", "rfm", "--memory-limit", "lots"], 1, "memory_limit: must be an amount"),
        (["--what", "rfm", "--engine", "pandas", "--threads", "2"], 1, "are DuckDB's settings"),
        (["--what", "rfm", "--months", "x"], 2, "must be a whole number"),
        (["--what", "cohorts", "--months", "30"], 1, "months:"),
    ],
)
def test_analyse_refuses_bad_arguments(
    argv: list[str], status: int, words: str, capsys: pytest.CaptureFixture
) -> None:
    assert main(["analyse", str(default_dir()), *argv]) == status
    assert words in capsys.readouterr().err


def test_analyse_refuses_bad_paths(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["analyse", str(tmp_path / "none"), "--what", "rfm"]) == 1
    assert "is not a folder" in capsys.readouterr().err
    bad_out = tmp_path / "no" / "such" / "rfm.csv"
    assert main(["analyse", str(default_dir()), "--what", "rfm", "--out", str(bad_out)]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_to_parquet_then_analyse(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "pq"
    assert main(["data", "to-parquet", str(default_dir()), "--out", str(out)]) == 0
    assert "Wrote 12 Parquet files" in capsys.readouterr().out
    assert main(["data", "to-parquet", str(default_dir()), "--out", str(out)]) == 1
    assert "already holds Parquet files" in capsys.readouterr().err
    assert main(["analyse", str(out), "--what", "rfm", "--engine", "pandas"]) == 1
    assert "use --engine duckdb for Parquet" in capsys.readouterr().err
    assert main(["analyse", str(out), "--what", "rfm", "--out", str(tmp_path / "rfm.csv")]) == 0
    rfm = pd.read_csv(tmp_path / "rfm.csv")
    assert list(rfm.columns)[:2] == ["customer_id", "last_purchase"]
    assert rfm["group"].notna().all()
