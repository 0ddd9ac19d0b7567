"""A written answer with no single right version: checked for substance, never graded."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from storecrm.exercises.compare import describe_type
from storecrm.exercises.feedback import Feedback, Status
from storecrm.exercises.questions.base import Question, exception_words

__all__ = ["ReflectionQuestion", "words_in"]

# One CJK character counts as one word (Chinese is written without spaces); other words are
# runs of letters, digits and the signs that belong to numbers (¥12.50, 31%).
_WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W_]+(?:[.,'%][^\W_]+)*%?")
_NUMBER = re.compile(r"\d|[零一二三四五六七八九十百千万亿半]")


def words_in(text: str) -> list[str]:
    """The words of ``text``, casefolded; each Chinese character counts as one word."""
    return [w.casefold() for w in _WORD.findall(text)]


class ReflectionQuestion(Question):
    """A written answer with no single right version (what should the store do?).

    ``check()`` makes sure something real was written, then shows the model answer and a
    short rubric so the learner can compare; it never marks the answer right or wrong, and
    says so. "Something real" means: at least ``min_words`` words (a Chinese character
    counts as a word), not the same few words repeated (at least two thirds of them
    different), and, if ``needs_number``, at least one number, because every reflection asks
    the learner to use what they found. ``model_answer`` may be a function with no
    arguments, so the model answer can quote numbers computed from the data.
    """

    kind = "reflection"

    def __init__(
        self,
        *,
        model_answer: str | Callable[[], str],
        rubric: Sequence[str],
        min_words: int = 12,
        needs_number: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._model_answer = model_answer
        self.rubric = tuple(rubric)
        self.min_words = min_words
        self.needs_number = needs_number

    @property
    def model_answer(self) -> str:
        """The model answer; a callable lets it quote numbers computed from the data."""
        answer = self._model_answer
        return answer() if callable(answer) else answer

    def _course_fault(self) -> Feedback | None:
        try:
            _ = self.model_answer
        except Exception as exc:
            return self._broken(f"writing the model answer raised {exception_words(exc)}")
        return None

    def _expected_words(self) -> str:
        return "your answer written as text in quotes"

    def _evaluate(self, answer: Any) -> Feedback:
        name = self.variable
        if not isinstance(answer, str):
            return self._feedback(
                Status.INCORRECT,
                f"`{name}` should be your answer written as text in quotes, but it is "
                f"{describe_type(answer)}.",
            )
        words = words_in(answer)
        if len(words) < self.min_words:
            return self._feedback(
                Status.INCORRECT,
                f"`{name}` has {len(words)} words. Write at least {self.min_words}: what you "
                "see in the numbers and what the store should do about it.",
            )
        if len(set(words)) * 3 < self.min_words * 2:
            return self._feedback(
                Status.INCORRECT,
                f"`{name}` repeats the same few words. Write real sentences: what you see in "
                "the numbers and what the store should do about it.",
            )
        if self.needs_number and not _NUMBER.search(answer):
            return self._feedback(
                Status.INCORRECT,
                f"`{name}` has no number in it. Use at least one number you found in this "
                "exercise, so your team can see what your advice rests on.",
            )
        return self._feedback(Status.REFLECTION, self._model_text())

    def _model_text(self) -> str:
        rubric = "\n".join(f"- {item}" for item in self.rubric)
        number = " with a number in them" if self.needs_number else ""
        return (
            "There is no single right answer, so written answers are not marked right or "
            "wrong: this check only makes sure you "
            f"wrote real sentences{number}. Compare yours with this model answer, and tick "
            f"the checklist.\n\n{self.model_answer}\n\nA good answer:\n{rubric}"
        )

    def solution_feedback(self) -> Feedback:
        broken = self._course_fault()
        return broken or self._feedback(Status.REFLECTION, self._model_text())
