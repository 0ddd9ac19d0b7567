"""Find the module quiz banks, load them, and resolve computed numeric answers.

Banks live next to the pages they test (``chapters/NN_slug/quiz.yml``) so an author edits a
module's questions in the module's folder; this module is the one place that knows that
layout.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from storecrm.quiz.errors import Problem, QuizError
from storecrm.quiz.model import Bank, Option, Question
from storecrm.quiz.schema import read_bank_file
from storecrm.quiz.values import call_spec, fill, finite_number, resolve_value

__all__ = [
    "bank_paths",
    "find_project_root",
    "load_all_banks",
    "load_bank",
    "module_number_from_folder",
    "read_objectives",
    "resolve_bank",
    "resolve_compute",
    "resolve_question",
]

_FOLDER_RE = re.compile(r"^(\d+)_")
_OBJECTIVE_ITEM_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+`(m\d+-o\d+)`")


def find_project_root(start: Path | None = None) -> Path:
    """Return the course's root folder (the one holding ``_toc.yml`` and ``chapters/``).

    Book pages execute with their own folder as the working directory, so we walk up from
    ``start`` (default: the working directory); failing that we use the source checkout this
    package was imported from. An explicit ``start`` (``--root``) is never replaced by that
    fallback: checking another folder than the one asked for would report a false "all clear".
    """
    candidates = [Path(start or Path.cwd()).resolve()]
    if start is None:
        candidates.append(Path(__file__).resolve().parents[3])
    for base in candidates:
        for folder in (base, *base.parents):
            if (folder / "_toc.yml").is_file() and (folder / "chapters").is_dir():
                return folder
    raise QuizError(
        [Problem(candidates[0], None, "cannot find the course root (a folder with _toc.yml)")]
    )


def bank_paths(root: Path | None = None) -> list[Path]:
    """Every module bank ``chapters/*/quiz.yml`` under ``root``, in module-folder order."""
    root = find_project_root() if root is None else Path(root)
    return sorted((root / "chapters").glob("*/quiz.yml"))


def module_number_from_folder(path: Path) -> int | None:
    """The module number a bank's folder name promises (``03_complaints`` -> 3), if any."""
    match = _FOLDER_RE.match(Path(path).parent.name)
    return int(match.group(1)) if match else None


def load_bank(
    module: int | None = None,
    *,
    path: Path | str | None = None,
    root: Path | None = None,
    resolve: bool = True,
) -> Bank:
    """Load and validate one bank, by module number or by file path.

    Parameters
    ----------
    module
        The module number; the bank is the ``chapters/NN_*/quiz.yml`` whose folder starts
        with that number.
    path
        A bank file to load instead (fixtures, drafts).
    root
        The course root; found automatically when omitted.
    resolve
        Run ``compute:`` functions so numeric questions carry their value. Turn off to
        validate without loading the store data.

    Raises
    ------
    QuizError
        When the bank is missing or broken; the message names the file and question id.
    """
    if path is None:
        if module is None:
            raise TypeError("load_bank() needs a module number or a path")
        matches = [p for p in bank_paths(root) if module_number_from_folder(p) == module]
        if not matches:
            where = (find_project_root() if root is None else Path(root)) / "chapters"
            raise QuizError([Problem(where, None, f"no quiz bank for module {module} (quiz.yml)")])
        path = matches[0]
    bank = read_bank_file(Path(path))
    if module is not None and bank.module != module:
        raise QuizError([Problem(path, None, f"says module {bank.module}, expected {module}")])
    return resolve_bank(bank) if resolve else bank


def load_all_banks(root: Path | None = None, *, resolve: bool = True) -> list[Bank]:
    """Load every module bank; collect the problems of all files into one :class:`QuizError`."""
    banks: list[Bank] = []
    problems: list[Problem] = []
    for path in bank_paths(root):
        try:
            banks.append(load_bank(path=path, resolve=resolve))
        except QuizError as exc:
            problems.extend(exc.problems)
    if problems:
        raise QuizError(problems)
    return banks


def resolve_compute(spec: str) -> float:
    """Call the ``package.module:function`` named by ``spec`` and return its finite number.

    Numeric questions are computed from the data so they stay right when the data is
    regenerated. Raises ``ValueError`` with a one-line reason when the function is missing,
    fails or returns something that is not a finite number.
    """
    return float(finite_number(spec, call_spec(spec, "compute"), "compute"))


def resolve_bank(bank: Bank) -> Bank:
    """Return ``bank`` with every computed figure in place.

    ``compute:`` answers get their value (a share is shown as a percent when the question's
    unit is ``%``), and every ``{name:format}`` placeholder in a text is filled from the
    question's ``values:`` (see :mod:`storecrm.quiz.values`). Problems from all questions are
    collected into one :class:`QuizError`.
    """
    problems: list[Problem] = []
    questions: list[Question] = []
    for q in bank.questions:
        try:
            q = resolve_question(q)
        except ValueError as exc:
            problems.append(Problem(bank.path, q.id, str(exc)))
        questions.append(q)
    if problems:
        raise QuizError(problems)
    return replace(bank, questions=tuple(questions))


def resolve_question(q: Question) -> Question:
    """One question with its computed answer and filled texts; ``ValueError`` on a problem."""
    values: dict[str, str | float] = {name: resolve_value(spec) for name, spec in q.values}
    if q.type == "numeric" and q.value is None and q.compute:
        share = resolve_compute(q.compute)
        values["answer"] = share
        value = share
        if q.unit == "%":
            if not 0 <= share <= 1:
                raise ValueError(
                    f"compute {q.compute!r} returned {share:g}; with unit '%' it must return a "
                    "share from 0 to 1 (the quiz shows it as a percent)"
                )
            value = 100 * share
        q = replace(q, value=value)
    if not values:
        return q
    return replace(
        q,
        stem=fill(q.stem, values),
        situation=fill(q.situation, values) if q.situation else q.situation,
        options=tuple(
            Option(key=o.key, text=fill(o.text, values), feedback=fill(o.feedback, values))
            for o in q.options
        ),
        feedback_correct=fill(q.feedback_correct, values) if q.feedback_correct else None,
        feedback_incorrect=fill(q.feedback_incorrect, values) if q.feedback_incorrect else None,
        values=(),
    )


def read_objectives(index_md: Path) -> list[str]:
    """The objective ids a module index page lists, in page order.

    An objective is a list item that starts with its id in inline code, e.g.
    ``- `m3-o2` Follow the five complaint steps``. Returns an empty list if the page is
    missing, so callers can report that as a problem of their own.
    """
    try:
        text = Path(index_md).read_text(encoding="utf-8")
    except OSError:
        return []
    found = [m.group(1) for line in text.splitlines() if (m := _OBJECTIVE_ITEM_RE.match(line))]
    return list(dict.fromkeys(found))
