"""Shared paths and helpers for the quiz tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
COURSE = FIXTURES / "course"  # a tiny course: _toc.yml + chapters/99_demo/{index.md,quiz.yml}
DEMO_BANK = COURSE / "chapters" / "99_demo" / "quiz.yml"
BROKEN = FIXTURES / "broken"
REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def course() -> Path:
    """The fixture course root (read-only: copy it with ``course_copy`` to change it)."""
    return COURSE


@pytest.fixture()
def demo_bank_path() -> Path:
    """The demo bank: one question of each type, objectives m99-o1 and m99-o2."""
    return DEMO_BANK


@pytest.fixture()
def course_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture course, for tests that break it on purpose."""
    target = tmp_path / "course"
    shutil.copytree(COURSE, target)
    return target


@pytest.fixture()
def compute_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """An importable module of ``compute:`` functions (good and bad); returns its name."""
    (tmp_path / "quiz_compute_fixture.py").write_text(
        "import math\n"
        "def basket_total():\n    return 37.5\n"
        "def as_int():\n    return 12\n"
        "def not_a_number():\n    return '37.5'\n"
        "def infinite():\n    return math.inf\n"
        "def broken():\n    raise KeyError('receipts')\n"
        "not_callable = 3\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    return "quiz_compute_fixture"
