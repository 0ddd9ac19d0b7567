"""Tools for course authors: learner copies of exercise notebooks and stored outputs.

One source per exercise: the solution notebook (trainer's edition). :func:`make_learner_copy`
turns it into the learner copy; :func:`build_exercises` does that for every exercise and can
report drift; :func:`execute_notebook` re-runs a notebook and stores fresh outputs. See
``book/authoring-exercises.md``.
"""

from storecrm.authoring.execute import execute_notebook
from storecrm.authoring.learner import (
    SOLUTION_ONLY_TAG,
    SOLUTION_TAG,
    STARTER_TAG,
    derive_starter,
    learner_path,
    make_learner_copy,
    structure,
)
from storecrm.authoring.pipeline import BuildReport, build_exercises, find_solutions

__all__ = [
    "SOLUTION_ONLY_TAG",
    "SOLUTION_TAG",
    "STARTER_TAG",
    "BuildReport",
    "build_exercises",
    "derive_starter",
    "execute_notebook",
    "find_solutions",
    "learner_path",
    "make_learner_copy",
    "structure",
]
