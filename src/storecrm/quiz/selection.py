"""Choose and order the questions to show: all, a chosen list, or a seeded sample.

Both renderers use this, so the online quiz and the paper handout agree on what "module 3,
sample 5, seed 7" means.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from storecrm.quiz.errors import Problem, QuizError
from storecrm.quiz.model import Bank, Question

__all__ = ["select_questions"]


def select_questions(
    bank: Bank,
    ids: Sequence[str] | None = None,
    sample: int | None = None,
    seed: int = 0,
    shuffle: bool = False,
) -> list[Question]:
    """Pick questions from ``bank``.

    Parameters
    ----------
    ids
        Only these questions, in this order. Unknown ids raise :class:`QuizError`.
    sample
        Keep this many questions, drawn with ``seed``; the bank order is kept unless
        ``shuffle`` is set, so a sample reads like the full quiz.
    seed
        Seed for sampling and shuffling; the same seed always gives the same result.
    shuffle
        Shuffle the question order and, inside each choice question, the option order.
    """
    questions = list(bank.questions)
    if isinstance(ids, str):  # one id given as text, not a list: don't read it letter by letter
        ids = [ids]
    if ids is not None:
        by_id = {q.id: q for q in questions}
        unknown = [i for i in ids if i not in by_id]
        if unknown:
            raise QuizError(
                [Problem(bank.path, i, "no such question in this bank") for i in unknown]
            )
        questions = [by_id[i] for i in ids]
    rng = random.Random(seed)
    if sample is not None:
        if isinstance(sample, bool) or not isinstance(sample, int) or sample < 1:
            raise ValueError(f"sample must be a whole number from 1 up, not {sample!r}")
        if sample < len(questions):
            keep = set(rng.sample(range(len(questions)), sample))
            questions = [q for i, q in enumerate(questions) if i in keep]
    if shuffle:
        rng.shuffle(questions)
        shuffled = []
        for q in questions:
            if q.is_choice:
                options = list(q.options)
                rng.shuffle(options)
                q = q.with_options(tuple(options))
            shuffled.append(q)
        questions = shuffled
    return questions
