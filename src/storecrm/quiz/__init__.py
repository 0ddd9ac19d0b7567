"""The self-check quiz bank and its renderers.

Questions live as data, one YAML file per module (``chapters/NN_slug/quiz.yml``), and are
validated before anything shows them. From one bank we render an interactive quiz
(:func:`show_quiz`, jupyterquiz: JupyterLab and the static book) and a paper handout with an
answer key (``storecrm quiz print``). Problems are reported as :class:`QuizError` whose lines
read ``file: question id: problem``.

Modules: ``model`` (dataclasses), ``schema`` (validation), ``bank`` (finding, loading,
``compute:`` answers), ``quality`` (cross-bank checks), ``selection`` (ids, samples,
shuffles), ``render_jupyterquiz`` (online quiz), ``handout`` (paper + PDF), ``cli``
(``storecrm quiz``) and ``sphinx_ext`` (re-run quiz pages when their bank changes).
"""

from storecrm.quiz.bank import (
    bank_paths,
    find_project_root,
    load_all_banks,
    load_bank,
    read_objectives,
    resolve_compute,
)
from storecrm.quiz.errors import Problem, QuizError
from storecrm.quiz.handout import handout_html, html_to_pdf, write_handout
from storecrm.quiz.model import QUESTION_TYPES, Bank, Option, Question
from storecrm.quiz.quality import check_project
from storecrm.quiz.render_jupyterquiz import quiz_payload, show_quiz, to_jupyterquiz
from storecrm.quiz.schema import parse_bank, read_bank_file
from storecrm.quiz.selection import select_questions

__all__ = [
    "QUESTION_TYPES",
    "Bank",
    "Option",
    "Problem",
    "Question",
    "QuizError",
    "bank_paths",
    "check_project",
    "find_project_root",
    "handout_html",
    "html_to_pdf",
    "load_all_banks",
    "load_bank",
    "parse_bank",
    "quiz_payload",
    "read_bank_file",
    "read_objectives",
    "resolve_compute",
    "select_questions",
    "show_quiz",
    "to_jupyterquiz",
    "write_handout",
]
