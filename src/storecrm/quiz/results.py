"""Quiz progress without a server: the panel learners see, and the trainer's group summary.

The site keeps each learner's answers in their own browser (``book/_static/quiz-progress.js``;
nothing leaves the device). A learner saves a small results file from the quizzes page and
hands it to the trainer; :func:`summarise` turns a group's files into the share of questions
answered right at the first try, per module and per learning objective, so the trainer sees
which topics to go over again. First tries count because a learner who clicks through every
option ends on the right one: later tries say little about what they knew.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from storecrm.errors import CourseError
from storecrm.quiz.bank import load_all_banks
from storecrm.quiz.model import Bank

__all__ = [
    "FORMAT",
    "REVISIT_BELOW",
    "LearnerResults",
    "progress_panel_html",
    "read_results",
    "summarise",
]

#: The ``format`` tag the site writes into every results file (quiz-progress.js).
FORMAT = "storecrm-quiz-results/1"
#: An objective that fewer than this share of first tries got right is marked "go over again".
#: Two in three is a common mastery line for formative self-checks; it is a course decision.
REVISIT_BELOW = 2 / 3
_ID = re.compile(r"m(\d+)-q\d+")
#: An answer given on an end-of-part assessment page (storecrm.quiz.assessment.record_id).
_ASSESSMENT_ID = re.compile(r"assessment-\d+:m\d+-q\d+")


@dataclass(frozen=True)
class LearnerResults:
    """One learner's answers: question id -> (objective, right at the first try)."""

    learner: str
    path: Path
    answers: dict[str, tuple[str, bool]]


def _bad(path: Path, problem: str) -> CourseError:
    return CourseError(
        problem,
        table=path.name,
        hint="Ask the learner to save the file again from the quizzes page "
        "('Save my results'), and pass that .json file",
    )


def read_results(path: Path | str) -> LearnerResults:
    """Read one results file saved from the quizzes page, refusing anything else clearly."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CourseError(f"no such file: {path}", hint="Check the file name") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _bad(path, f"not a quiz results file (not JSON: {exc})") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise _bad(path, f"not a quiz results file (no 'format: {FORMAT}')")
    learner = raw.get("learner")
    if not isinstance(learner, str) or not learner.strip():
        raise _bad(path, "the file has no learner name")
    answers = raw.get("answers")
    if not isinstance(answers, dict):
        raise _bad(path, "the file has no 'answers'")
    out: dict[str, tuple[str, bool]] = {}
    for qid, answer in answers.items():
        known_id = _ID.fullmatch(str(qid)) or _ASSESSMENT_ID.fullmatch(str(qid))
        if not known_id or not isinstance(answer, dict):
            raise _bad(path, f"answer {qid!r} is not a question id with its result")
        first = answer.get("first_right")
        if not isinstance(first, bool):
            raise _bad(path, f"answer {qid!r} has no true/false 'first_right'")
        out[str(qid)] = (str(answer.get("objective", "")), first)
    return LearnerResults(learner.strip(), path, out)


def summarise(
    files: list[Path | str], banks: list[Bank] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Group summary of results files: per module and per objective.

    Returns ``(modules, objectives)``. ``modules`` has one row per module any learner
    answered: ``learners``, ``answered`` (answers given), ``questions`` (in the bank),
    ``first_try_share``. ``objectives`` has one row per objective: ``module``, ``learners``,
    ``answers``, ``first_try_share`` and ``revisit`` (True below :data:`REVISIT_BELOW`),
    weakest first. The objective comes from today's bank, so a question moved to another
    objective counts where it is now; a question no longer in any bank is refused.
    """
    if not files:
        raise CourseError("no results files given", hint="Pass one .json file per learner")
    banks = load_all_banks(resolve=False) if banks is None else banks
    objective_of = {q.id: q.objective for b in banks for q in b.questions}
    size = {b.module: len(b.questions) for b in banks}
    rows = []
    assessed = 0
    for result in (read_results(f) for f in files):
        for qid, (_objective, first) in result.answers.items():
            if _ASSESSMENT_ID.fullmatch(qid):
                assessed += 1  # the assessment is marked on its own (storecrm.quiz.assessment)
                continue
            if qid not in objective_of:
                raise _bad(result.path, f"question {qid!r} is in no quiz bank of this edition")
            module = int(_ID.fullmatch(qid).group(1))  # type: ignore[union-attr]
            rows.append((result.learner, module, objective_of[qid], first))
    if not rows:
        hint = (
            "They hold only assessment answers: mark them with 'storecrm quiz assessment'"
            if assessed
            else "Learners answer some questions first"
        )
        raise CourseError("the results files hold no self-check answers", hint=hint)
    frame = pd.DataFrame(rows, columns=["learner", "module", "objective", "first_right"])
    modules = frame.groupby("module").agg(
        learners=("learner", "nunique"),
        answered=("first_right", "size"),
        first_try_share=("first_right", "mean"),
    )
    modules.insert(2, "questions", [size.get(m, 0) for m in modules.index])
    objectives = (
        frame.groupby("objective")
        .agg(
            module=("module", "first"),
            learners=("learner", "nunique"),
            answers=("first_right", "size"),
            first_try_share=("first_right", "mean"),
        )
        .sort_values(["first_try_share", "objective"], kind="stable")
    )
    objectives["revisit"] = objectives["first_try_share"] < REVISIT_BELOW
    return modules, objectives


def progress_panel_html(banks: list[Bank] | None = None) -> str:
    """The quizzes page's progress table, a name box and the save and reset buttons.

    Totals come from the banks; the browser fills in what this learner has answered
    (quiz-progress.js). Without JavaScript the table still lists every module's quiz.
    """
    banks = load_all_banks(resolve=False) if banks is None else banks
    rows = []
    for bank in sorted(banks, key=lambda b: b.module):
        folder = bank.path.parent.name
        link = f"../chapters/{folder}/quiz.html"
        rows.append(
            f'<tr data-module="{bank.module}" data-total="{len(bank.questions)}">'
            f'<td><a href="{link}">Module {bank.module}: {html.escape(bank.title)}</a></td>'
            f'<td class="sq-answered">0 of {len(bank.questions)}</td>'
            '<td class="sq-first">–</td></tr>'
        )
    return (
        '<table class="sq-progress table"><caption>Your quiz progress in this browser'
        "</caption><thead><tr><th scope='col'>Quiz</th><th scope='col'>Answered</th>"
        "<th scope='col'>Right at the first try</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
        '<p class="sq-progress-status" role="status">Progress shows here once the page has '
        "loaded.</p>"
        '<p><label for="sq-learner-name">Your name or initials (for the results file):</label> '
        '<input id="sq-learner-name" type="text" autocomplete="off" maxlength="40"> '
        '<button type="button" class="sq-progress-download">Save my results</button> '
        '<button type="button" class="sq-progress-reset">Forget my answers</button></p>'
    )
