"""Table columns filled run by run, straight into their final arrays.

Why this exists: on the virtual machines this project is built on (CI included), the
first touch of fresh memory is the largest single cost of generating the large data set
(about 0.4 GB/s, against tens of GB/s for memory already touched; see
``benchmarks/memory_touch.py``). Building a big table as per-run parts and concatenating
them at the end needs the parts and the result in memory together, and touches twice the
memory. Here each run is written into its place in the final columns instead.

The columns are reserved larger than needed with ``np.empty``; the operating system only
backs the pages that are written, so the unused tail costs address space, not memory.
Object columns would be filled with ``None`` (every page touched), so they are not
allowed here: keep integer codes and turn them into strings once, at the end.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import DTypeLike

__all__ = ["GrowingColumns"]


class GrowingColumns:
    """Numeric columns of one table that grow together, run by run.

    >>> cols = GrowingColumns({"a": np.int64}, capacity=2)
    >>> cols.append(a=np.array([1, 2, 3]))
    >>> cols.columns()["a"].tolist()
    [1, 2, 3]
    """

    def __init__(self, dtypes: dict[str, DTypeLike], capacity: int) -> None:
        for name, dtype in dtypes.items():
            if np.dtype(dtype).hasobject:
                raise TypeError(f"column {name!r}: object columns cannot be reserved lazily")
        self._buffers = {name: np.empty(max(capacity, 1), dtype) for name, dtype in dtypes.items()}
        self.n = 0

    @property
    def capacity(self) -> int:
        """Rows that fit before the columns must be copied to larger ones."""
        return len(next(iter(self._buffers.values())))

    def reserve(self, k: int) -> slice:
        """Make room for ``k`` more rows and return where they go.

        Grows by half again when full (a copy, so the first capacity should be generous).
        """
        if self.n + k > self.capacity:
            new_capacity = max(self.n + k, self.capacity * 3 // 2)
            for name, old in self._buffers.items():
                grown = np.empty(new_capacity, old.dtype)
                grown[: self.n] = old[: self.n]
                self._buffers[name] = grown
        where = slice(self.n, self.n + k)
        self.n += k
        return where

    def append(self, **values: np.ndarray) -> None:
        """Append one run of rows; every column must be given, all the same length."""
        if values.keys() != self._buffers.keys():
            raise ValueError(f"expected columns {sorted(self._buffers)}, got {sorted(values)}")
        lengths = {len(v) for v in values.values()}
        if len(lengths) != 1:
            raise ValueError(f"columns of one run differ in length: {sorted(lengths)}")
        where = self.reserve(lengths.pop())
        for name, v in values.items():
            self._buffers[name][where] = v

    def column(self, name: str) -> np.ndarray:
        """Writable view of the rows filled so far in one column."""
        return self._buffers[name][: self.n]

    def columns(self) -> dict[str, np.ndarray]:
        """Views of the rows filled so far (no copy)."""
        return {name: buf[: self.n] for name, buf in self._buffers.items()}
