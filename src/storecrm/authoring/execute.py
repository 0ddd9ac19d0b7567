"""Re-run a notebook with the project's kernel and store its outputs in the file.

Exercise notebooks are shown in the book with stored outputs (the book does not execute
them) and nbval compares fresh runs with those outputs, so after changing the package or
the data an author re-executes and commits the result. Execution uses a fixed hash seed so
set and dict orders are the same as under nbval, and the inline backend so charts are stored
as images for the book (nbval ignores images).
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import nbformat

__all__ = ["execute_notebook"]


@contextmanager
def _kernel_environment():
    saved = {key: os.environ.get(key) for key in ("PYTHONHASHSEED", "MPLBACKEND")}
    os.environ["PYTHONHASHSEED"] = "0"
    os.environ.pop("MPLBACKEND", None)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def execute_notebook(
    path: Path, *, kernel_name: str = "python3", timeout: int = 600, allow_errors: bool = False
) -> nbformat.NotebookNode:
    """Execute the notebook at ``path`` in its own folder and write the outputs back.

    Raises ``nbclient.exceptions.CellExecutionError`` if a cell fails (unless
    ``allow_errors``), so a broken exercise is noticed by its author, not by a learner.
    """
    from nbclient import NotebookClient

    path = Path(path)
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name=kernel_name,
        allow_errors=allow_errors,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent.resolve())}},
    )
    with _kernel_environment():
        client.execute()
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(notebook, path)
    return notebook
