"""How fast this machine backs fresh memory, against memory it has already touched.

On the virtual machines this project is developed and tested on, the first write to
freshly allocated memory is slow (the host backs each page on demand), while writing to
memory the process already holds runs at normal speed. That gap is why the data generator
writes big tables straight into their final columns instead of concatenating parts.

Usage::

    uv run python benchmarks/memory_touch.py [MB]
"""

from __future__ import annotations

import sys
import time

import numpy as np


def main(argv: list[str]) -> int:
    mb = int(argv[0]) if argv else 512
    n = mb * 2**20 // 8
    t0 = time.perf_counter()
    a = np.ones(n)  # fresh pages: each is backed on first write
    fresh = time.perf_counter() - t0
    t0 = time.perf_counter()
    a.fill(2.0)  # the same pages again
    again = time.perf_counter() - t0
    print(f"first write to {mb} MB of new memory: {fresh:.2f} s ({mb / 1024 / fresh:.2f} GB/s)")
    print(f"second write to the same memory:    {again:.2f} s ({mb / 1024 / again:.2f} GB/s)")
    print(f"fresh memory costs {fresh / again:.0f}x as much to write")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
