"""Helpers for the rules tests: a copy of the real rules file that a test may change."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from storecrm.rules import default_rules_path

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def rules_data() -> dict[str, Any]:
    """The course's rules file as plain data (do not change it: use ``write_rules``)."""
    return yaml.safe_load(default_rules_path().read_text(encoding="utf-8"))


@pytest.fixture()
def write_rules(
    tmp_path: Path, rules_data: dict[str, Any]
) -> Callable[[Callable[[dict[str, Any]], None]], Path]:
    """Write a changed copy of the rules: ``write_rules(lambda d: d[...].update(...))``."""

    def write(change: Callable[[dict[str, Any]], None]) -> Path:
        data = copy.deepcopy(rules_data)
        change(data)
        path = tmp_path / "store_rules.yml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return path

    return write
