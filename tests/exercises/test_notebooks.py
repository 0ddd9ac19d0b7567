"""The committed exercise notebooks keep their promises (read from the files, no kernel).

nbval re-runs the notebooks and compares outputs; these tests state what those outputs must
say: every check in a solution notebook passes, every check in a learner copy says
"Not attempted", and each exercise has 5-8 tasks with hints and one reflection task.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import nbformat
import pytest

from storecrm.exercises import Status

REPO = Path(__file__).resolve().parents[2]
SOLUTIONS = sorted((REPO / "exercises" / "solutions").glob("ex*.ipynb"))
CHECK = re.compile(r"^ex\.q(\d+)\.check\(\)$")


def _checks(path: Path) -> dict[int, str]:
    """Task number -> the plain-text output of its check cell."""
    found = {}
    for cell in nbformat.read(path, as_version=4).cells:
        match = CHECK.match(cell.source.strip()) if cell.cell_type == "code" else None
        if match:
            texts = [o.get("data", {}).get("text/plain", "") for o in cell.get("outputs", [])]
            found[int(match.group(1))] = "".join(texts)
    return found


def test_there_are_two_exercises_at_least() -> None:
    assert len(SOLUTIONS) >= 2


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_solution_checks_all_pass(path: Path) -> None:
    checks = _checks(path)
    assert 5 <= len(checks) <= 8, "an exercise has 5 to 8 tasks"
    assert sorted(checks) == list(range(1, len(checks) + 1))
    for number, text in checks.items():
        assert text.startswith(("Correct (", "Model answer (")), f"task {number}: {text!r}"
    assert sum(text.startswith("Model answer (") for text in checks.values()) == 1


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_learner_copy_checks_all_say_not_attempted(path: Path) -> None:
    learner = path.parent.parent / path.name
    checks = _checks(learner)
    assert sorted(checks) == sorted(_checks(path))
    for number, text in checks.items():
        assert text.startswith("Not attempted ("), f"task {number}: {text!r}"
    source = "".join(c.source for c in nbformat.read(learner, as_version=4).cells)
    assert "$" not in source, "money is written in yuan, never with a dollar sign"


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_every_task_offers_graduated_hints(path: Path) -> None:
    """The notebook's exercise module (``exNN``) defines one question per check cell."""
    module = importlib.import_module(f"storecrm.exercises.{path.name[:4]}")
    for number in _checks(path):
        question = getattr(module, f"q{number}")
        assert question.number == number
        assert len(question.hints) >= 2, f"q{number}"
        assert len(set(question.hints)) == len(question.hints), f"q{number}: a hint repeats"
        shown = question.solution_feedback()
        if question.kind == "reflection":
            assert shown.status is Status.REFLECTION
            assert question.model_answer in shown.message, f"q{number}"
        else:
            assert shown.status is Status.SOLUTION
            assert shown.code == question.solution_code and question.variable in shown.code


def _progress(path: Path) -> str:
    """The plain-text output of the notebook's last code cell, which must be the summary."""
    cells = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    assert cells[-1].source.strip() == "ex.progress()", "the last code cell shows progress"
    return "".join(o.get("data", {}).get("text/plain", "") for o in cells[-1].get("outputs", []))


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_a_finished_notebook_ends_with_its_progress(path: Path) -> None:
    n = len(_checks(path))
    solution = _progress(path)
    assert solution.startswith(f"Your progress (Exercise {int(path.name[2:4])}, ")
    assert f"All {n} tasks done." in solution
    assert solution.count("✓ Task ") == n
    learner = _progress(path.parent.parent / path.name)
    assert f"0 of {n} tasks done. Next: task 1;" in learner
    assert learner.count("✗ Task ") == n and "not attempted" in learner


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_each_exercise_states_its_module_time_and_objectives(path: Path) -> None:
    """A reader deciding whether to start needs the module it practises, the time and what
    they will be able to do; the module link must point at a real module page."""
    intro = "\n".join(
        c.source for c in nbformat.read(path, as_version=4).cells[:4] if c.cell_type == "markdown"
    )
    assert re.search(r"\*\*Time:\*\* \d+[–-]\d+ minutes", intro), path.name
    goals = re.search(r"\*\*You will:\*\*\n\n((?:- .+\n?)+)", intro)
    assert goals and 3 <= goals.group(1).count("\n- ") + 1 <= 6, path.name
    module = re.search(r"\]\(/(chapters/\d\d_[a-z_]+/index)\.md\)", intro)
    assert module and (REPO / f"{module.group(1)}.md").is_file(), path.name
    page = (REPO / f"{module.group(1)}.md").read_text(encoding="utf-8")
    assert f"{{doc}}`/exercises/{path.stem}`" in page, f"{module.group(1)} does not link it"


def test_the_exercise_index_lists_every_exercise() -> None:
    index = (REPO / "exercises" / "index.md").read_text(encoding="utf-8")
    for path in SOLUTIONS:
        assert f"]({path.name})" in index, path.name
