"""Finding and loading banks, computed answers, objectives, and cross-bank quality checks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from storecrm.quiz import (
    QuizError,
    bank_paths,
    check_project,
    find_project_root,
    load_all_banks,
    load_bank,
    read_objectives,
    resolve_compute,
)
from storecrm.quiz.bank import module_number_from_folder


def test_project_root_found_from_a_chapter_folder(course: Path) -> None:
    assert find_project_root(course / "chapters" / "99_demo") == course.resolve()


def test_load_bank_by_module_number(course: Path) -> None:
    bank = load_bank(99, root=course)
    assert bank.path == course / "chapters" / "99_demo" / "quiz.yml"
    assert [q.id for q in bank.questions] == ["m99-q01", "m99-q02", "m99-q03", "m99-q04"]


def test_missing_module_names_where_it_looked(course: Path) -> None:
    with pytest.raises(QuizError, match="no quiz bank for module 5"):
        load_bank(5, root=course)


def test_bank_whose_module_disagrees_with_request(course_copy: Path) -> None:
    wrong = course_copy / "chapters" / "98_other"
    shutil.copytree(course_copy / "chapters" / "99_demo", wrong)
    with pytest.raises(QuizError, match="says module 99, expected 98"):
        load_bank(98, root=course_copy)


@pytest.mark.parametrize(
    ("folder", "expected"), [("03_complaints", 3), ("11_team", 11), ("demo", None)]
)
def test_module_number_from_folder(folder: str, expected: int | None) -> None:
    assert module_number_from_folder(Path("chapters") / folder / "quiz.yml") == expected


def test_resolve_compute_returns_the_functions_number(compute_module: str) -> None:
    assert resolve_compute(f"{compute_module}:basket_total") == 37.5
    assert resolve_compute(f"{compute_module}:as_int") == 12.0


@pytest.mark.parametrize(
    ("func", "wording"),
    [
        ("not_a_number", "returned str, not a number"),
        ("infinite", "not a finite number"),
        ("broken", "failed: KeyError"),
        ("not_callable", "has no function not_callable"),
        ("missing", "has no function missing"),
    ],
)
def test_resolve_compute_reports_bad_functions(
    compute_module: str, func: str, wording: str
) -> None:
    with pytest.raises(ValueError, match=wording):
        resolve_compute(f"{compute_module}:{func}")


def test_resolve_compute_reports_missing_module() -> None:
    with pytest.raises(ValueError, match="cannot import"):
        resolve_compute("storecrm.no_such_module:f")


def _use_compute(course: Path, spec: str) -> Path:
    bank = course / "chapters" / "99_demo" / "quiz.yml"
    text = bank.read_text(encoding="utf-8").replace("    answer: 12.5\n", f"    compute: {spec}\n")
    bank.write_text(text, encoding="utf-8")
    return bank


def test_computed_answer_is_resolved_on_load(course_copy: Path, compute_module: str) -> None:
    _use_compute(course_copy, f"{compute_module}:basket_total")
    unresolved = load_bank(99, root=course_copy, resolve=False).question("m99-q04")
    assert unresolved.value is None
    assert load_bank(99, root=course_copy).question("m99-q04").value == 37.5


def test_failing_compute_names_file_and_question(course_copy: Path, compute_module: str) -> None:
    _use_compute(course_copy, f"{compute_module}:infinite")
    with pytest.raises(QuizError) as info:
        load_all_banks(course_copy)
    (problem,) = info.value.problems
    assert problem.question_id == "m99-q04"
    assert str(problem) == (
        f"chapters/99_demo/quiz.yml: m99-q04: compute '{compute_module}:infinite' "
        "returned inf, not a finite number"
    )


def test_read_objectives_takes_list_items_starting_with_the_id(
    course: Path, tmp_path: Path
) -> None:
    assert read_objectives(course / "chapters" / "99_demo" / "index.md") == ["m99-o1", "m99-o2"]
    page = tmp_path / "index.md"
    page.write_text(
        "* `m2-o1` Greet\n1. `m2-o2` Check out\n- Uses `m2-o3` later\n  - `m2-o1` again\n",
        encoding="utf-8",
    )
    assert read_objectives(page) == ["m2-o1", "m2-o2"]
    assert read_objectives(tmp_path / "missing.md") == []


def test_fixture_course_passes_every_check(course: Path) -> None:
    banks, problems = check_project(course)
    assert problems == []
    assert [b.module for b in banks] == [99]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_objective_tested_once_is_reported(course_copy: Path) -> None:
    _edit(course_copy / "chapters/99_demo/quiz.yml", "objective: m99-o2", "objective: m99-o1")
    _, problems = check_project(course_copy)
    # Paths are shown relative to the course root (the folder with _toc.yml).
    assert [str(p) for p in problems] == [
        "chapters/99_demo/quiz.yml: objective m99-o2 is tested by 1 question(s); needs at least 2"
    ]


def test_objective_missing_from_index_page_is_reported(course_copy: Path) -> None:
    _edit(course_copy / "chapters/99_demo/index.md", "- `m99-o2`", "- m99-o2")
    _, problems = check_project(course_copy)
    messages = {(p.question_id, p.message) for p in problems}
    assert ("m99-q03", "objective m99-o2 is not listed on index.md") in messages
    assert ("m99-q04", "objective m99-o2 is not listed on index.md") in messages


def test_index_page_without_objectives_is_reported(course_copy: Path) -> None:
    (course_copy / "chapters/99_demo/index.md").write_text("# Demo\n", encoding="utf-8")
    _, problems = check_project(course_copy)
    assert [p.message for p in problems] == [
        "lists no objectives (list items starting with `m<N>-o<K>`)"
    ]


def test_folder_number_must_match_module(course_copy: Path) -> None:
    (course_copy / "chapters/99_demo").rename(course_copy / "chapters/07_demo")
    _, problems = check_project(course_copy)
    assert [p.message for p in problems] == ["says module 99 but its folder is module 7"]


def test_ids_must_be_unique_across_banks(course_copy: Path) -> None:
    shutil.copytree(course_copy / "chapters/99_demo", course_copy / "chapters/99_copy")
    _, problems = check_project(course_copy)
    duplicates = [p for p in problems if p.message.startswith("id is also used in")]
    assert {p.question_id for p in duplicates} == {"m99-q01", "m99-q02", "m99-q03", "m99-q04"}


def test_no_banks_at_all_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "chapters").mkdir()
    assert bank_paths(tmp_path) == []
    banks, problems = check_project(tmp_path)
    assert banks == []
    assert [p.message for p in problems] == ["no quiz banks found (chapters/*/quiz.yml)"]
