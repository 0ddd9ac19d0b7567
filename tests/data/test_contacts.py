"""``storecrm data contacts``: pseudonymous list to people to contact, with key and consent.

The import runs on a copy of the synthetic example export; the list is built from the ids
the import wrote, exactly as a supervisor's at-risk list would carry them.
"""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pandas as pd
import pytest
import yaml

from storecrm.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "datasets" / "import-example"


@pytest.fixture
def imported(tmp_path: Path) -> dict[str, Path]:
    """An import of the example export; returns the paths a contact run needs."""
    export = tmp_path / "export"
    shutil.copytree(EXAMPLE, export)
    key = tmp_path / "keys" / "import.key"
    out = tmp_path / "imported"
    assert main(["data", "import", str(export / "mapping.yml"), "--out", str(out),
                 "--key", str(key)]) == 0  # fmt: skip
    ids = pd.read_csv(out / "customers.csv", dtype=str)["customer_id"]
    listed = tmp_path / "at_risk.csv"
    pd.DataFrame({"customer_id": ids, "risk_score": [0.9, 0.8, 0.7, 0.6][: len(ids)]}).to_csv(
        listed, index=False
    )
    return {"export": export, "key": key, "list": listed, "calls": tmp_path / "calls.csv"}


def _run(p: dict[str, Path], *extra: str) -> int:
    return main(["data", "contacts", str(p["list"]), "--mapping", str(p["export"] / "mapping.yml"),
                 "--key", str(p["key"]), "--out", str(p["calls"]), *extra])  # fmt: skip


def test_only_consenting_members_come_back_with_name_and_phone(imported, capsys) -> None:
    assert _run(imported) == 0
    calls = pd.read_csv(imported["calls"], dtype=str)
    members = pd.read_csv(imported["export"] / "members.csv", dtype=str)
    consenting = members.loc[members["同意营销"] == "是", "姓名"]
    assert sorted(calls["姓名"]) == sorted(consenting)
    assert "李芳芳" not in set(calls["姓名"])  # 同意营销 = 否
    assert list(calls.columns) == ["customer_id", "risk_score", "姓名", "手机号"]
    assert calls["customer_id"].str.match(r"^C[0-9a-f]{16}$").all()
    printed = capsys.readouterr().out
    assert "1 left out: no marketing consent" in printed
    for name in members["姓名"]:  # counts only: nothing personal on the screen or in a log
        assert name not in printed
    assert stat.S_IMODE(imported["calls"].stat().st_mode) == 0o600


def test_chosen_columns_and_formula_cells_are_neutralised(imported) -> None:
    members = pd.read_csv(imported["export"] / "members.csv", dtype=str)
    members.loc[0, "姓名"] = '=HYPERLINK("http://x.example","点我")'
    members.to_csv(imported["export"] / "members.csv", index=False)
    assert _run(imported, "--column", "姓名") == 0
    calls = pd.read_csv(imported["calls"], dtype=str)
    assert list(calls.columns) == ["customer_id", "risk_score", "姓名"]
    assert not calls["姓名"].str.startswith("=").any()
    assert calls["姓名"].str.startswith("'=HYPERLINK").sum() == 1


def test_ids_hashed_with_another_key_match_nobody(imported, tmp_path, capsys) -> None:
    other = tmp_path / "other.key"
    other.write_text("f" * 64 + "\n")
    imported["key"] = other
    assert _run(imported) == 0
    assert "4 not found in the member export" in capsys.readouterr().out
    assert len(pd.read_csv(imported["calls"])) == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("no_key", "no import key at"),
        ("list_without_ids", "has no customer_id column"),
        ("no_consent_column", "does not say which column holds marketing consent"),
        ("out_in_course", "is inside the course folder"),
        ("unknown_column", "has no column '微信号'"),
    ],
)
def test_bad_input_is_one_line_naming_the_fix(imported, capsys, change, message) -> None:
    extra: list[str] = []
    if change == "no_key":
        imported["key"] = imported["key"].with_name("missing.key")
    elif change == "list_without_ids":
        pd.DataFrame({"id": ["x"]}).to_csv(imported["list"], index=False)
    elif change == "no_consent_column":
        path = imported["export"] / "mapping.yml"
        mapping = yaml.safe_load(path.read_text(encoding="utf-8"))
        del mapping["tables"]["customers"]["columns"]["marketing_consent"]
        path.write_text(yaml.safe_dump(mapping, allow_unicode=True), encoding="utf-8")
    elif change == "out_in_course":
        imported["calls"] = Path(__file__).resolve().parents[2] / "calls.csv"
    else:
        extra = ["--column", "微信号"]
    assert _run(imported, *extra) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert not (Path(__file__).resolve().parents[2] / "calls.csv").exists()
