"""What every exercise module (``ex01``, ``ex02`` ...) does when a notebook imports it.

Kept in one place because the rule matters: the checkers build their right answers from
their own deep copy of the data. A learner who changes a table in place (``dropna``,
``fillna``, a new column) must not change the right answers too, or a wrong answer could
be marked correct.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from storecrm.data import StoreData
from storecrm.exercises.questions import Question

__all__ = ["questions_on_copy"]


def questions_on_copy(
    data: StoreData, build: Callable[..., dict[str, Question]], **options: Any
) -> dict[str, Question]:
    """The questions ``build`` makes on a deep copy of ``data`` (see the module docstring).

    ``options`` are passed on to ``build`` (exercise 1's day and store, for instance). The
    exercise module then names each question (``q1``, ``q2`` ...) so that notebooks and
    editors see them.
    """
    return build(copy.deepcopy(data), **options)
