"""Build every learner copy from its solution notebook, or check that none has drifted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from storecrm.authoring.learner import learner_path, make_learner_copy, structure

__all__ = ["BuildReport", "build_exercises", "find_solutions"]


@dataclass
class BuildReport:
    """What a build did (or, with ``check=True``, would have to do)."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    drifted: list[Path] = field(default_factory=list)
    unexecuted: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.drifted and not self.unexecuted


def find_solutions(root: Path) -> list[Path]:
    """The solution notebooks: ``<root>/solutions/ex*.ipynb``, sorted."""
    return sorted((Path(root) / "solutions").glob("ex*.ipynb"))


def _executed(notebook: nbformat.NotebookNode) -> bool:
    code = [c for c in notebook.cells if c.cell_type == "code" and c.source.strip()]
    return all(c.get("execution_count") is not None for c in code)


def build_exercises(
    root: Path,
    *,
    check: bool = False,
    execute: Callable[[Path], object] | None = None,
) -> BuildReport:
    """Generate the learner copy of every solution notebook under ``root``.

    Parameters
    ----------
    root
        The ``exercises`` folder (solutions in ``root/solutions``).
    check
        Only compare: list learner copies that are missing, differ from what would be
        generated (sources, cell ids, tags), or were never executed. Nothing is written.
    execute
        Called with the path of each learner copy that was (re)written, to store fresh
        outputs (normally :func:`storecrm.authoring.execute_notebook`). ``None`` writes
        the copy without outputs.
    """
    report = BuildReport()
    root = Path(root)
    for solution_path in find_solutions(root):
        target = learner_path(solution_path)
        solution = nbformat.read(solution_path, as_version=4)
        name = solution_path.relative_to(root).as_posix()
        generated = make_learner_copy(solution, source_name=name)
        current = nbformat.read(target, as_version=4) if target.exists() else None
        same = current is not None and structure(current) == structure(generated)
        if check:
            if not same:
                report.drifted.append(target)
            elif not _executed(current):
                report.unexecuted.append(target)
            continue
        if same:
            report.unchanged.append(target)
            continue
        for cell in generated.cells:
            if cell.cell_type == "code":
                cell.outputs = []
                cell.execution_count = None
        nbformat.write(generated, target)
        report.written.append(target)
        if execute is not None:
            execute(target)
    return report
