"""Checks that span a whole bank or all banks, beyond what one file's schema can say.

``storecrm quiz check`` runs these so authors see every problem before the book build does.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from storecrm.quiz.bank import (
    bank_paths,
    find_project_root,
    load_bank,
    module_number_from_folder,
    read_objectives,
)
from storecrm.quiz.errors import Problem, QuizError
from storecrm.quiz.model import Bank

__all__ = ["MIN_QUESTIONS_PER_OBJECTIVE", "check_bank_against_page", "check_project"]

#: Each learning objective on a module page must be tested by at least this many questions.
MIN_QUESTIONS_PER_OBJECTIVE = 2


def check_bank_against_page(bank: Bank) -> list[Problem]:
    """Compare a bank with its module index page (``index.md`` in the same folder).

    Finds questions whose objective the page does not list, objectives tested by too few
    questions, and a folder number that disagrees with the bank's ``module``.
    """
    problems: list[Problem] = []
    folder_module = module_number_from_folder(bank.path)
    if folder_module is not None and folder_module != bank.module:
        problems.append(
            Problem(
                bank.path,
                None,
                f"says module {bank.module} but its folder is module {folder_module}",
            )
        )
    index = bank.path.parent / "index.md"
    objectives = read_objectives(index)
    if not objectives:
        problems.append(
            Problem(index, None, "lists no objectives (list items starting with `m<N>-o<K>`)")
        )
        return problems
    counts = Counter(q.objective for q in bank.questions)
    for q in bank.questions:
        if q.objective not in objectives:
            problems.append(
                Problem(bank.path, q.id, f"objective {q.objective} is not listed on {index.name}")
            )
    for objective in objectives:
        if counts[objective] < MIN_QUESTIONS_PER_OBJECTIVE:
            problems.append(
                Problem(
                    bank.path,
                    None,
                    f"objective {objective} is tested by {counts[objective]} question(s); "
                    f"needs at least {MIN_QUESTIONS_PER_OBJECTIVE}",
                )
            )
    return problems


def check_project(
    root: Path | None = None, *, resolve: bool = True
) -> tuple[list[Bank], list[Problem]]:
    """Validate every bank under ``root`` and cross-check them; return banks and problems.

    A course with no banks at all is reported as a problem: the quiz pages would be empty.
    """
    root = find_project_root() if root is None else Path(root)
    paths = bank_paths(root)
    if not paths:
        return [], [Problem(root / "chapters", None, "no quiz banks found (chapters/*/quiz.yml)")]
    banks: list[Bank] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            banks.append(load_bank(path=path, resolve=resolve))
        except QuizError as exc:
            problems.extend(exc.problems)
    owner: dict[str, Path] = {}
    for bank in banks:
        for q in bank.questions:
            if q.id in owner and owner[q.id] != bank.path:
                problems.append(Problem(bank.path, q.id, f"id is also used in {owner[q.id]}"))
            owner.setdefault(q.id, bank.path)
        problems.extend(check_bank_against_page(bank))
    return banks, problems
