"""Turn a solution notebook (trainer's edition) into the learner copy.

Rules, in the order they apply to each cell of the solution notebook:

* tagged ``solution-only``: left out of the learner copy (trainer notes, worked answers);
* tagged ``solution``: replaced by its starter. The starter is the cell metadata field
  ``starter`` (a string) if present; otherwise it is derived from the solution code by
  :func:`derive_starter`. The new cell keeps the id and the other tags, gets the tag
  ``starter`` instead of ``solution``, and has no outputs;
* anything else: copied unchanged, outputs included (they are replaced when the learner
  copy is executed, see :mod:`storecrm.authoring.execute`).

Keeping cell ids makes the learner copy's diff small and stable between builds.
"""

from __future__ import annotations

import ast
import copy
import json
from pathlib import Path
from typing import Any

import nbformat

__all__ = [
    "SOLUTION_ONLY_TAG",
    "SOLUTION_TAG",
    "STARTER_TAG",
    "derive_starter",
    "learner_path",
    "make_learner_copy",
    "structure",
]

SOLUTION_TAG = "solution"
SOLUTION_ONLY_TAG = "solution-only"
STARTER_TAG = "starter"
_METADATA_KEY = "storecrm"


def learner_path(solution: Path) -> Path:
    """Where the learner copy of ``exercises/solutions/ex01_x.ipynb`` lives:
    ``exercises/ex01_x.ipynb``."""
    return solution.parent.parent / solution.name


def derive_starter(source: str) -> str:
    """Make a starter from solution code when the author did not write one.

    Top-level comment lines and imports are kept; each variable assigned at top level becomes
    ``name = ____`` (once, in order of first assignment); each function keeps its ``def``
    line and docstring and gets the body ``return ____``. Everything else (method calls,
    prints) is dropped, because it would use the blanks.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return "____"
    lines = source.splitlines()
    out: list[tuple[int, str]] = []
    seen: set[str] = set()
    covered: set[int] = set()
    for node in tree.body:
        covered.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    for number, line in enumerate(lines, start=1):
        if number not in covered and line.lstrip().startswith("#"):
            out.append((number, line.rstrip()))
    for node in tree.body:
        text = _starter_for(node, lines, seen)
        if text:
            out.append((node.lineno, text))
    out.sort(key=lambda item: item[0])
    result = "\n".join(text for _, text in out)
    return result or "____"


def _starter_for(node: ast.stmt, lines: list[str], seen: set[str]) -> str:
    if isinstance(node, ast.Import | ast.ImportFrom):
        return "\n".join(lines[node.lineno - 1 : node.end_lineno])
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, ast.AnnAssign | ast.AugAssign):
        targets = [node.target]
    names = [t.id for t in targets if isinstance(t, ast.Name) and t.id not in seen]
    if names:
        seen.update(names)
        return "\n".join(f"{name} = ____" for name in names)
    if isinstance(node, ast.FunctionDef):
        header = lines[node.lineno - 1]
        body: list[str] = [header]
        indent = " " * (node.body[0].col_offset if node.body else 4)
        first = node.body[0] if node.body else None
        if (
            isinstance(first, ast.Expr)
            and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)
        ):
            body.extend(lines[first.lineno - 1 : first.end_lineno])
        body.append(f"{indent}return ____")
        return "\n".join(body)
    return ""


def _tags(cell: Any) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def make_learner_copy(solution: nbformat.NotebookNode, *, source_name: str = "") -> Any:
    """Return the learner copy of a solution notebook (a new notebook; the input is unchanged).

    Parameters
    ----------
    solution
        The trainer's edition, as read by ``nbformat.read(..., as_version=4)``.
    source_name
        Recorded in the copy's metadata so a reader of the file knows where it comes from.
    """
    learner = copy.deepcopy(solution)
    cells = []
    for cell in learner.cells:
        tags = _tags(cell)
        if SOLUTION_ONLY_TAG in tags:
            continue
        if SOLUTION_TAG in tags:
            starter = cell.metadata.get("starter")
            if isinstance(starter, list):
                starter = "".join(starter)
            if not starter:
                starter = derive_starter(cell.source)
            new_tags = [STARTER_TAG if t == SOLUTION_TAG else t for t in tags]
            metadata = {k: v for k, v in cell.metadata.items() if k not in ("starter", "tags")}
            metadata["tags"] = new_tags
            replacement = nbformat.v4.new_code_cell(source=starter, metadata=metadata)
            if "id" in cell:
                replacement["id"] = cell["id"]
            cells.append(replacement)
            continue
        cells.append(cell)
    learner.cells = cells
    meta = dict(learner.metadata.get(_METADATA_KEY, {}))
    meta["edition"] = "learner"
    if source_name:
        meta["generated_from"] = source_name
    meta["note"] = "Generated by 'storecrm exercises build'; edit the solution notebook instead."
    learner.metadata[_METADATA_KEY] = meta
    return learner


def structure(notebook: nbformat.NotebookNode) -> list[tuple[Any, ...]]:
    """What the drift check compares: cell types, ids, sources and tags (not outputs).

    Outputs are left out on purpose: they depend on the data and are checked by nbval; the
    drift check is about the learner copy still matching its solution notebook.
    """
    meta = json.dumps(notebook.metadata.get(_METADATA_KEY, {}), sort_keys=True)
    rows: list[tuple[Any, ...]] = [("metadata", meta)]
    for cell in notebook.cells:
        rows.append((cell.cell_type, cell.get("id"), cell.source.rstrip("\n"), tuple(_tags(cell))))
    return rows
