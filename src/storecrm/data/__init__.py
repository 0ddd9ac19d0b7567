"""Maple Street Mart's synthetic store data: generate, load and validate it.

>>> from storecrm.data import load
>>> d = load()              # the committed default data set
>>> d.receipts.head()       # one DataFrame per table

Column meanings live in :mod:`storecrm.data.schema` (also printed in the book's data
dictionary); what was planted for exercises to find is described in the data card,
``datasets/README.md``.
"""

from __future__ import annotations

from collections.abc import Callable

from storecrm.data.io import DataError, load, write
from storecrm.data.model import SIZES, SizeSpec, StoreData
from storecrm.data.validate import Problem, validate

__all__ = [
    "SIZES",
    "DataError",
    "Problem",
    "SizeSpec",
    "StoreData",
    "generate",
    "load",
    "validate",
    "write",
]


def generate(
    size: str = "small",
    seed: int = 2026,
    progress: Callable[[str, int], None] | None = None,
) -> StoreData:
    """Simulate a Maple Street Mart data set; the same size and seed give the same data.

    Parameters
    ----------
    size
        ``"small"`` (the committed default, about 3,000 members), ``"medium"`` or
        ``"large"`` (at least 10 million receipt lines); see :data:`SIZES`.
    seed
        Seed for numpy's random generator. 2026 gives the committed data set.
    progress
        Optional callback ``progress(stage, members_done)`` for progress bars.
    """
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}, not {size!r}")
    from storecrm.data.simulation import simulate

    data, _truth = simulate(size, seed, progress)
    return data
