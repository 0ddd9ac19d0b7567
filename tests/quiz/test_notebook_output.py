"""A notebook that shows a quiz produces byte-identical outputs in two fresh kernels.

This is what keeps nbval (which compares stored with fresh outputs) stable without relying
on the sanitise rules; those rules are tested separately in test_render.py.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.slow


def _run(source: str, cwd: Path) -> list[dict]:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source)]
    NotebookClient(
        nb, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    ).execute()
    return nb.cells[0].outputs


def test_quiz_outputs_identical_across_kernels(demo_bank_path: Path, tmp_path: Path) -> None:
    source = (
        "from storecrm.quiz import show_quiz\n"
        f"show_quiz(path={str(demo_bank_path)!r})\n"
        f"show_quiz(path={str(demo_bank_path)!r}, sample=2, seed=4, shuffle=True)\n"
    )
    first, second = _run(source, tmp_path), _run(source, tmp_path)
    assert first == second
    kinds = [sorted(out.get("data", {})) for out in first]
    assert ["application/javascript", "text/plain"] in kinds  # the quiz script
    assert all(out["output_type"] == "display_data" for out in first)  # no errors, no prints
