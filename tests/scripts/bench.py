"""Where the benchmark scripts live, and how a test imports one of them.

The scripts import their neighbours by plain name (``from analysis_sizes import ...``), as
they do when run from the ``benchmarks`` folder, so that folder is on ``sys.path`` while one
is imported, and only then.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"


def bench_module(name: str) -> ModuleType:
    """Import ``benchmarks/<name>.py`` (and the neighbours it imports)."""
    sys.path.insert(0, str(BENCH))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(BENCH))
