"""The quiz bank's data model: plain frozen dataclasses, built only by :mod:`.schema`.

Keeping the model separate from validation means renderers (online quiz, paper handout) work
with objects that are already known to be consistent, so they never re-check the YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

__all__ = ["QUESTION_TYPES", "Bank", "Option", "Question"]

#: The question types a bank may use. ``scenario`` is a single choice preceded by a short
#: shop-floor situation.
QUESTION_TYPES: tuple[str, ...] = ("single", "multiple", "numeric", "scenario")


@dataclass(frozen=True)
class Option:
    """One answer option of a choice question, with the feedback shown when it is picked."""

    key: str
    text: str
    feedback: str


@dataclass(frozen=True)
class Question:
    """One validated question.

    Choice questions (``single``, ``scenario``, ``multiple``) use ``options`` and
    ``answer_keys``; numeric ones use ``value`` (or ``compute`` until it is resolved),
    ``tolerance``, ``unit`` and the two feedback texts. With ``unit == "%"`` a computed
    answer is a share 0-1 and is turned into a percent when the bank is resolved, because
    learners type "39.8", not "0.398".
    """

    id: str
    objective: str
    type: str
    stem: str
    situation: str | None = None
    options: tuple[Option, ...] = ()
    answer_keys: tuple[str, ...] = ()
    value: float | None = None
    compute: str | None = None
    tolerance: float = 0.0
    unit: str | None = None
    feedback_correct: str | None = None
    feedback_incorrect: str | None = None
    #: ``(name, package.module:function)`` pairs whose results fill ``{name:format}``
    #: placeholders in the texts (see :mod:`storecrm.quiz.values`); empty once resolved.
    values: tuple[tuple[str, str], ...] = ()

    @property
    def is_choice(self) -> bool:
        """True for the types answered by picking options."""
        return self.type != "numeric"

    @property
    def correct_options(self) -> tuple[Option, ...]:
        """The options that are right, in the question's option order."""
        return tuple(o for o in self.options if o.key in self.answer_keys)

    def with_options(self, options: tuple[Option, ...]) -> Question:
        """Return a copy with options reordered (keys are kept, so answers stay valid)."""
        return replace(self, options=options)


@dataclass(frozen=True)
class Bank:
    """A module's question bank, as read from ``chapters/NN_slug/quiz.yml``."""

    module: int
    title: str
    questions: tuple[Question, ...]
    path: Path = field(default=Path("quiz.yml"))

    def question(self, qid: str) -> Question:
        """Return the question with id ``qid``; raise ``KeyError`` naming the bank if absent."""
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(f"{self.path}: no question with id {qid!r}")
