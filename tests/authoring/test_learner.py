"""Learner copies are generated from solution notebooks, and drift is detected."""

from __future__ import annotations

import argparse
from pathlib import Path

import nbformat
import pytest

from storecrm.authoring import (
    build_exercises,
    derive_starter,
    execute_notebook,
    find_solutions,
    learner_path,
    make_learner_copy,
    structure,
)
from storecrm.authoring import cli as authoring_cli

REPO = Path(__file__).resolve().parents[2]


def test_derive_starter_keeps_comments_imports_and_names() -> None:
    code = (
        "# Count receipts per hour\n"
        "import math\n"
        "by_hour = today.groupby(today['purchased_at'].dt.hour).size()\n"
        "by_hour = by_hour.sort_index()\n"
        "chart = by_hour.plot.bar()\n"
        "chart.set_title('x')\n"
    )
    assert derive_starter(code) == (
        "# Count receipts per hour\nimport math\nby_hour = ____\nchart = ____"
    )


def test_derive_starter_for_functions_keeps_signature_and_docstring() -> None:
    code = 'def spend(customer_id):\n    """Total paid."""\n    return 1.0\n'
    assert derive_starter(code) == 'def spend(customer_id):\n    """Total paid."""\n    return ____'
    assert derive_starter("def f(x):\n    return x\n") == "def f(x):\n    return ____"
    assert derive_starter("print(1)") == "____"
    assert derive_starter("this is not python (") == "____"


def _solution_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Exercise", id="title"),
        nbformat.v4.new_markdown_cell(
            "Trainer notes", id="notes", metadata={"tags": ["solution-only"]}
        ),
        nbformat.v4.new_code_cell("x = 40 + 2", id="t1", metadata={"tags": ["solution"]}),
        nbformat.v4.new_code_cell(
            "y = x * 2",
            id="t2",
            metadata={
                "tags": ["solution", "nbval-ignore-output"],
                "starter": "# double it\ny = ____",
            },
        ),
        nbformat.v4.new_code_cell("print('check')", id="check"),
    ]
    nb.metadata["storecrm"] = {"title": "Demo", "edition": "solution"}  # key order changes on write
    nb.cells[2].outputs = [nbformat.v4.new_output("stream", text="42\n")]
    nb.cells[2].execution_count = 1
    return nb


def test_make_learner_copy_replaces_solutions_and_drops_trainer_cells() -> None:
    solution = _solution_notebook()
    learner = make_learner_copy(solution, source_name="solutions/ex09_demo.ipynb")
    ids = [c.id for c in learner.cells]
    assert ids == ["title", "t1", "t2", "check"]
    t1, t2 = learner.cells[1], learner.cells[2]
    assert t1.source == "x = ____" and t1.outputs == [] and t1.execution_count is None
    assert t1.metadata.tags == ["starter"]
    assert t2.source == "# double it\ny = ____"
    assert t2.metadata.tags == ["starter", "nbval-ignore-output"]
    assert "starter" not in t2.metadata
    assert learner.metadata.storecrm["generated_from"] == "solutions/ex09_demo.ipynb"
    assert solution.cells[2].source == "x = 40 + 2", "the solution notebook is not changed"
    nbformat.validate(learner)


def _fake_execute(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    for n, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        cell.execution_count = n + 1
    nbformat.write(nb, path)


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "exercises"
    (root / "solutions").mkdir(parents=True)
    nbformat.write(_solution_notebook(), root / "solutions" / "ex09_demo.ipynb")
    return root


def test_build_then_check_then_drift(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert learner_path(root / "solutions" / "ex09_demo.ipynb") == root / "ex09_demo.ipynb"
    missing = build_exercises(root, check=True)
    assert missing.drifted == [root / "ex09_demo.ipynb"]

    report = build_exercises(root, execute=_fake_execute)
    assert report.written == [root / "ex09_demo.ipynb"]
    assert build_exercises(root, check=True).ok
    assert build_exercises(root, execute=_fake_execute).unchanged == [root / "ex09_demo.ipynb"]

    solution = nbformat.read(root / "solutions" / "ex09_demo.ipynb", as_version=4)
    solution.cells[0].source = "# Exercise, renamed"
    nbformat.write(solution, root / "solutions" / "ex09_demo.ipynb")
    assert build_exercises(root, check=True).drifted == [root / "ex09_demo.ipynb"]


def test_check_reports_copies_that_were_never_executed(tmp_path: Path) -> None:
    root = _project(tmp_path)
    build_exercises(root)  # written without outputs
    report = build_exercises(root, check=True)
    assert report.unexecuted == [root / "ex09_demo.ipynb"] and not report.ok


def _run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    authoring_cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.handler(args)


def test_cli_check_exits_1_and_lists_drifted_files(tmp_path: Path, capsys) -> None:
    root = _project(tmp_path)
    assert _run_cli(["exercises", "build", "--check", "--root", str(root)]) == 1
    assert f"drifted: {root / 'ex09_demo.ipynb'}" in capsys.readouterr().out
    assert _run_cli(["exercises", "build", "--no-execute", "--root", str(root)]) == 0
    _fake_execute(root / "ex09_demo.ipynb")
    assert _run_cli(["exercises", "build", "--check", "--root", str(root)]) == 0
    assert "up to date" in capsys.readouterr().out


def test_cli_rejects_a_folder_without_solutions(tmp_path: Path) -> None:
    from storecrm.errors import CommandError

    with pytest.raises(CommandError, match="no solutions folder"):
        _run_cli(["exercises", "build", "--root", str(tmp_path)])
    with pytest.raises(CommandError, match="is not a notebook file"):
        _run_cli(["exercises", "execute", str(tmp_path / "nothing.ipynb")])


def test_execute_notebook_stores_outputs(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import os\nprint(os.environ.get('PYTHONHASHSEED'))")]
    path = tmp_path / "run.ipynb"
    nbformat.write(nb, path)
    execute_notebook(path, timeout=120)
    stored = nbformat.read(path, as_version=4)
    assert stored.cells[0].outputs[0]["text"] == "0\n"
    assert stored.cells[0].execution_count == 1
    assert "execution" not in stored.cells[0].metadata


def test_committed_learner_copies_match_their_solutions() -> None:
    """The learner copies in the repository are what 'storecrm exercises build' makes."""
    root = REPO / "exercises"
    solutions = find_solutions(root)
    assert len(solutions) >= 2, "exercises/solutions should hold the solution notebooks"
    report = build_exercises(root, check=True)
    assert report.ok, f"drifted: {report.drifted}, never executed: {report.unexecuted}"
    for path in solutions:
        learner = nbformat.read(learner_path(path), as_version=4)
        assert all("solution" not in c.metadata.get("tags", []) for c in learner.cells)
        assert structure(learner) == structure(
            make_learner_copy(
                nbformat.read(path, as_version=4),
                source_name=path.relative_to(root).as_posix(),
            )
        )


def test_storecrm_command_line_runs_the_check(tmp_path: Path, capsys) -> None:
    from storecrm.cli import main

    root = _project(tmp_path)
    assert main(["exercises", "build", "--check", "--root", str(root)]) == 1
    assert "drifted:" in capsys.readouterr().out
    assert main(["exercises", "execute", str(tmp_path / "missing.ipynb")]) == 1
    assert "is not a notebook file" in capsys.readouterr().err
