"""Run every benchmark script in this folder (``make bench``), one after another.

Each ``benchmarks/*.py`` script prints its own figures; this runner only starts them in
name order with the same interpreter and reports which, if any, failed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main() -> int:
    here = Path(__file__).resolve()
    failed = []
    for script in sorted(here.parent.glob("*.py")):
        if script == here:
            continue
        print(f"=== {script.name} ===", flush=True)
        if subprocess.run([sys.executable, str(script)], check=False).returncode != 0:
            failed.append(script.name)
        print(flush=True)
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
