"""The end-of-part assessment: questions drawn from the module banks plus new scenarios.

Why: a self-check after each module tells a learner what to read again; at the end of a part
the trainer needs one fair test of the whole part, the same for everybody, with a pass mark.

How an assessment is made (course decisions, stated on the trainer's assessment page too):

- The parts are the ``Part ...`` captions of ``_toc.yml`` and the modules under them, so a
  module moved to another part is assessed there without touching this code.
- **The draw.** For every learning objective its module page lists, the same number of its
  choice questions is drawn: as many as it takes to reach :data:`DRAWN_TARGET` questions for
  the part (``ceil(DRAWN_TARGET / objectives)``), or all of them when it has fewer. Questions
  are drawn with ``random.Random("storecrm-assessment|part P|seed S")`` (default seed
  :data:`SEED`), so the same seed gives the same test on every machine; they are shown
  objective by objective in teaching order (bank order within an objective). Numeric
  questions are left out: they ask for a figure from a module's data pages, which a learner
  cannot open on paper.
- **The scenarios.** Then come the part's new scenario questions, from
  ``book/trainers/assessment/part-N.yml``: the bank schema (:mod:`.schema`) for every
  question, with ``part:`` instead of ``module:`` at the top, because one scenario file
  covers several modules. Their ids use the numbers from 91 (``m3-q91``), so they never clash
  with a module bank; a clash is refused.
- **The record.** On the site each answer is kept as ``assessment-P:<question id>``
  (:func:`record_id`), apart from the same question answered on a module quiz page.
- **The mark.** A part's score is the share of its questions right at the first try (an
  unanswered question is not right); it passes at the store rules' ``pass_share``
  (``workshop.assessment`` in ``store_rules.yml``), shown in pages as
  ``{{ assessment_pass_mark }}``.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from storecrm.errors import CourseError
from storecrm.quiz.bank import (
    find_project_root,
    load_all_banks,
    load_bank,
    read_objectives,
    resolve_question,
)
from storecrm.quiz.errors import Problem, QuizError
from storecrm.quiz.model import Bank, Question
from storecrm.quiz.schema import parse_bank

__all__ = [
    "ASSESSMENT_DIR",
    "DRAWN_TARGET",
    "SCENARIO_FIRST_NUMBER",
    "SEED",
    "Assessment",
    "Part",
    "assessment_handout_html",
    "assessment_panel_html",
    "assessment_results",
    "course_parts",
    "draw_assessment",
    "find_part",
    "pass_share",
    "read_scenarios",
    "record_id",
    "scenario_path",
    "show_assessment",
]

#: Where the assessment's pages and scenario files live, from the course root.
ASSESSMENT_DIR = "book/trainers/assessment"
#: About this many questions are drawn from the module banks for each part.
DRAWN_TARGET = 20
#: The default seed of the draw; a trainer who wants a second version prints another seed.
SEED = 1
#: Scenario questions are numbered from here (``m3-q91``) so they never clash with a bank.
SCENARIO_FIRST_NUMBER = 91

_CAPTION_RE = re.compile(r"^Part\s+([IVXLC]+)\s*[-–—:]\s*(.+)$")
_MODULE_FILE_RE = re.compile(r"^chapters/(\d+)_[^/]+/index$")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_RECORD_RE = re.compile(r"^assessment-(\d+):(m\d+-q\d+)$")


@dataclass(frozen=True)
class Part:
    """One part of the course as ``_toc.yml`` lists it."""

    number: int
    roman: str
    title: str
    modules: tuple[int, ...]

    @property
    def label(self) -> str:
        """``Part I``: how pages, sheets and certificates name it."""
        return f"Part {self.roman}"


@dataclass(frozen=True)
class Assessment:
    """A part's assessment: the drawn bank questions, then the part's scenarios."""

    part: Part
    seed: int
    drawn: tuple[Question, ...]
    scenarios: tuple[Question, ...]

    @property
    def questions(self) -> tuple[Question, ...]:
        """Every question in the order learners meet them."""
        return self.drawn + self.scenarios

    @property
    def objectives(self) -> list[str]:
        """The objectives the questions test, without repeats, in question order."""
        return list(dict.fromkeys(q.objective for q in self.questions))


def _roman(text: str) -> int:
    values = [_ROMAN[c] for c in text]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def course_parts(root: Path | None = None) -> list[Part]:
    """The course's parts, read from ``_toc.yml``: captions ``Part <roman> - <title>``.

    Raises :class:`CourseError` when the table of contents cannot be read or lists no part.
    """
    root = find_project_root(root)
    toc_path = root / "_toc.yml"
    try:
        toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CourseError(f"cannot read the table of contents: {exc}", table="_toc.yml") from None
    parts: list[Part] = []
    for entry in (toc or {}).get("parts", []) if isinstance(toc, dict) else []:
        match = _CAPTION_RE.match(str(entry.get("caption", "")).strip())
        if not match:
            continue
        modules = [
            int(m.group(1))
            for chapter in entry.get("chapters", [])
            if (m := _MODULE_FILE_RE.match(str(chapter.get("file", ""))))
        ]
        if modules:
            roman = match.group(1)
            parts.append(Part(_roman(roman), roman, match.group(2).strip(), tuple(modules)))
    if not parts:
        raise CourseError(
            "lists no 'Part <I, II, ...> - title' caption with module chapters",
            table="_toc.yml",
            hint="Keep the parts' captions as 'Part I - ...'",
        )
    return parts


def find_part(number: int | str, root: Path | None = None) -> Part:
    """The part numbered ``number`` (``2`` or ``"II"``); a clear error for an unknown one."""
    parts = course_parts(root)
    wanted = str(number).strip().upper()
    for part in parts:
        if wanted in (str(part.number), part.roman):
            return part
    known = ", ".join(f"{p.number} ({p.label})" for p in parts)
    raise CourseError(f"no part {wanted!r} in this course", hint=f"Use one of: {known}")


def pass_share() -> float:
    """The share of questions right at the first try that passes a part (the store rules)."""
    from storecrm.rules import store_rules

    return store_rules().workshop.assessment_pass_share


def scenario_path(part: Part, root: Path | None = None) -> Path:
    """The part's scenario file, ``book/trainers/assessment/part-N.yml``."""
    return find_project_root(root) / ASSESSMENT_DIR / f"part-{part.number}.yml"


def read_scenarios(path: Path | str, part: Part) -> list[Question]:
    """Read and validate a part's scenario file; raise :class:`QuizError` listing problems.

    The file is a bank with ``part:`` instead of ``module:``. Its questions are grouped by the
    module their id names and each group is validated by :func:`.schema.parse_bank`, so the
    rules of every bank hold here too (objective ids, options with feedback, one answer, rule
    placeholders). On top: every question is a scenario of a module of this part, numbered
    from :data:`SCENARIO_FIRST_NUMBER`.
    """
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise QuizError([Problem(path, None, f"cannot read the file ({exc.strerror})")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise QuizError([Problem(path, None, f"is not valid YAML{where}: {reason}")]) from None
    if not isinstance(data, dict) or set(data) != {"part", "title", "questions"}:
        raise QuizError([Problem(path, None, "must be a mapping with part, title and questions")])
    if data["part"] != part.number:
        raise QuizError(
            [Problem(path, None, f"says part {data['part']!r}, expected {part.number}")]
        )
    raw = data["questions"] if isinstance(data["questions"], list) else []
    problems: list[Problem] = []
    groups: dict[int, list[Any]] = {}
    for number, item in enumerate(raw, start=1):
        qid = str(item.get("id", "")) if isinstance(item, dict) else ""
        match = re.fullmatch(r"m(\d+)-q(\d+)", qid)
        if not match:
            problems.append(Problem(path, qid or f"question #{number}", "id must be m<N>-q<NN>"))
            continue
        module, qnumber = int(match.group(1)), int(match.group(2))
        if module not in part.modules:
            problems.append(Problem(path, qid, f"module {module} is not in {part.label}"))
        elif qnumber < SCENARIO_FIRST_NUMBER:
            problems.append(Problem(path, qid, f"assessment ids start at q{SCENARIO_FIRST_NUMBER}"))
        elif item.get("type") != "scenario":
            problems.append(Problem(path, qid, "an assessment question here is a scenario"))
        else:
            groups.setdefault(module, []).append(item)
    if not raw:
        problems.append(Problem(path, None, "'questions' must be a non-empty list"))
    by_id: dict[str, Question] = {}
    for module, items in groups.items():
        try:
            bank = parse_bank({"module": module, "title": data["title"], "questions": items}, path)
        except QuizError as exc:
            problems.extend(exc.problems)
            continue
        by_id.update({q.id: q for q in bank.questions})
    if problems:
        raise QuizError(problems)
    return [by_id[str(item["id"])] for item in raw]


def _objective_order(objective: str) -> tuple[int, int]:
    module, number = objective[1:].split("-o")
    return int(module), int(number)


def draw_assessment(
    part: int | str | Part,
    *,
    seed: int = SEED,
    root: Path | None = None,
    banks: Sequence[Bank] | None = None,
) -> Assessment:
    """Draw a part's assessment (see the module docstring for the rule).

    Parameters
    ----------
    part
        The part's number, its Roman numeral or a :class:`Part`.
    seed
        The draw's seed; the same seed always gives the same questions.
    root
        The course root; found automatically when omitted.
    banks
        The module banks to draw from (default: the part's banks, read unresolved; only the
        drawn questions' stated figures are computed).

    Raises
    ------
    CourseError
        For an unknown part, or an objective with no choice question to draw.
    QuizError
        When a bank or the scenario file is broken, or a scenario id is used by a bank.
    """
    root = find_project_root(root)
    part = part if isinstance(part, Part) else find_part(part, root)
    if banks is None:
        banks = [load_bank(m, root=root, resolve=False) for m in part.modules]
    by_module = {b.module: b for b in banks}
    rng = random.Random(f"storecrm-assessment|part {part.number}|seed {seed}")
    objectives: list[tuple[str, list[Question]]] = []
    for module in part.modules:
        if module not in by_module:
            raise CourseError(f"module {module} has no quiz bank", table=f"{part.label}")
        bank = by_module[module]
        listed = read_objectives(bank.path.parent / "index.md") or sorted(
            {q.objective for q in bank.questions}, key=_objective_order
        )
        for objective in listed:
            pool = [q for q in bank.questions if q.objective == objective and q.is_choice]
            if not pool:
                raise CourseError(
                    f"objective {objective} has no choice question to draw",
                    table=bank.path.name,
                    hint="Add a single, multiple or scenario question for it",
                )
            objectives.append((objective, pool))
    per_objective = math.ceil(DRAWN_TARGET / len(objectives))
    drawn: list[Question] = []
    for _objective, pool in objectives:
        keep = sorted(rng.sample(range(len(pool)), min(per_objective, len(pool))))
        drawn.extend(pool[i] for i in keep)
    scenarios = read_scenarios(scenario_path(part, root), part)
    taken = {q.id: b.path for b in load_all_banks(root, resolve=False) for q in b.questions}
    clashes = [q.id for q in scenarios if q.id in taken]
    if clashes:
        raise QuizError(
            [
                Problem(scenario_path(part, root), i, f"id is also used in {taken[i]}")
                for i in clashes
            ]
        )
    drawn_resolved = tuple(resolve_question(q) if q.values else q for q in drawn)
    resolved = tuple(resolve_question(q) if q.values else q for q in scenarios)
    return Assessment(part, seed, drawn_resolved, resolved)


def record_id(part: Part | int, qid: str) -> str:
    """The id the site keeps an assessment answer under: ``assessment-P:m1-q03``."""
    number = part.number if isinstance(part, Part) else int(part)
    return f"assessment-{number}:{qid}"


def show_assessment(part: int | str | Assessment, *, seed: int = SEED) -> None:
    """Display a part's assessment as the interactive quiz every module quiz page uses.

    ``part`` is a part's number or Roman numeral (drawn with ``seed``), or an assessment
    already drawn.
    """
    from storecrm.quiz.render_jupyterquiz import display_payload, to_jupyterquiz

    test = part if isinstance(part, Assessment) else draw_assessment(part, seed=seed)
    payload = [
        to_jupyterquiz(q, n, record_id=record_id(test.part, q.id))
        for n, q in enumerate(test.questions, start=1)
    ]
    display_payload(payload, f"storecrm-assessment|{test.part.number}|{test.seed}")


def assessment_panel_html(test: Assessment) -> str:
    """The score box under a part's questions, with the save and start-again buttons.

    The browser fills it in (``book/_static/quiz-progress.js``) from the answers kept under
    this part's :func:`record_id` prefix: answered, right at the first try, and whether that
    reaches the pass mark. The name box and "Save my results" are the quizzes page's own, so
    the file a learner saves here is the one ``storecrm quiz assessment`` reads.
    """
    from storecrm.format import percent

    total = len(test.questions)
    needed = math.ceil(pass_share() * total - 1e-9)
    return (
        f'<div class="sq-assessment" data-sq-prefix="{record_id(test.part, "")}" '
        f'data-sq-total="{total}" data-sq-pass="{needed}">'
        f'<p class="sq-assessment-status" role="status">{total} questions. Pass mark: '
        f"{percent(pass_share(), 0)} ({needed} right at the first try). Your score shows here "
        "as you answer.</p>"
        '<p><label for="sq-learner-name">Your name (for the results file):</label> '
        '<input id="sq-learner-name" type="text" autocomplete="off" maxlength="40"> '
        '<button type="button" class="sq-progress-download">Save my results</button> '
        '<button type="button" class="sq-assessment-reset">Start this part again</button></p>'
        "</div>"
    )


def assessment_handout_html(test: Assessment, *, part: str) -> str:
    """The printable question sheet (``part="questions"``) or answer key (``"key"``).

    The same questions in the same order as the part's page, so a trainer can mix paper and
    screen in one group; the key says how many right answers pass.
    """
    from storecrm.format import percent
    from storecrm.quiz.handout import handout_html

    questions = list(test.questions)
    label = f"{test.part.label} assessment: {test.part.title}"
    needed = math.ceil(pass_share() * len(questions) - 1e-9)
    return handout_html(
        None,
        questions,
        shuffle=False,
        seed=test.seed,
        part=part,
        title=label,
        key_heading=f"Answer key - {test.part.label} assessment (pass: {needed} right)",
        instructions=(
            f"Answer on your own, without the book. Pass mark: {percent(pass_share(), 0)} "
            f"({needed} of {len(questions)} right)."
        ),
    )


def assessment_results(
    files: Sequence[Path | str], *, root: Path | None = None, seed: int = SEED
) -> pd.DataFrame:
    """Per learner and part: the assessment score and whether it reaches the pass mark.

    Reads the results files learners save from the site (:func:`.results.read_results`).
    Only answers recorded on an assessment page count (``assessment-P:...``). Returns one row
    per learner and part they answered, sorted by learner then part: ``learner``, ``part``,
    ``questions``, ``answered``, ``right`` (at the first try), ``score_share`` (right /
    questions: an unanswered question is not right) and ``passed``.

    Raises
    ------
    CourseError
        No files, a malformed file, no assessment answers at all, or an answer to a question
        that is not in this edition's assessment.
    """
    from storecrm.quiz.results import read_results

    if not files:
        raise CourseError("no results files given", hint="Pass one .json file per learner")
    root = find_project_root(root)
    results = [read_results(f) for f in files]
    tests: dict[int, Assessment] = {}
    rows = []
    for result in results:
        parts: dict[int, list[bool]] = {}
        for key, (_objective, first) in result.answers.items():
            match = _RECORD_RE.match(key)
            if not match:
                continue
            number, qid = int(match.group(1)), match.group(2)
            if number not in tests:
                try:
                    tests[number] = draw_assessment(number, seed=seed, root=root)
                except CourseError as exc:
                    raise CourseError(f"answer {key!r}: {exc}", table=result.path.name) from None
            if qid not in {q.id for q in tests[number].questions}:
                raise CourseError(
                    f"answer {key!r} is not a question of this edition's "
                    f"{tests[number].part.label} assessment",
                    table=result.path.name,
                    hint="The learner took another edition's test; let them sit it again",
                )
            parts.setdefault(number, []).append(first)
        for number, firsts in sorted(parts.items()):
            total = len(tests[number].questions)
            right = sum(firsts)
            rows.append((result.learner, number, total, len(firsts), right, right / total))
    if not rows:
        raise CourseError(
            "the results files hold no assessment answers",
            hint="Learners take a part's assessment page, then save their results",
        )
    frame = pd.DataFrame(
        rows, columns=["learner", "part", "questions", "answered", "right", "score_share"]
    )
    frame["passed"] = frame["score_share"] >= pass_share() - 1e-9
    return frame.sort_values(["learner", "part"], kind="stable").reset_index(drop=True)
