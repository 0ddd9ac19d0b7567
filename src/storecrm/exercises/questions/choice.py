"""An interpretation task: choose the action the numbers support, from a few options.

The data decides which option is right (``expected`` returns its letter), so the task stays
honest when the data is regenerated: if the numbers turned the other way, the other action
becomes the right one. Every option carries its own explanation, shown when a learner picks
it, so a wrong choice is told *why* the numbers do not support it without naming the right
one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from storecrm.exercises.compare import describe_type
from storecrm.exercises.feedback import Feedback, Status
from storecrm.exercises.questions.base import ExpectingQuestion

__all__ = ["ChoiceQuestion", "Option"]


@dataclass(frozen=True)
class Option:
    """One action a learner can choose.

    ``why`` explains what the numbers say about this action; a callable (no arguments) lets it
    quote figures computed from the data. It is shown when the learner chooses the option,
    right or wrong, so write it for both cases: a wrong option's ``why`` says which number
    speaks against it.
    """

    key: str
    text: str
    why: str | Callable[[], str]

    def explanation(self) -> str:
        return self.why() if callable(self.why) else self.why


class ChoiceQuestion(ExpectingQuestion):
    """Choose one option by its letter: ``my_choice = "b"``.

    ``expected`` returns the letter of the option the data supports. ``ex.qN.options()``
    lists the options (the notebook shows them from here, so the text is written once).
    """

    kind = "choice"

    def __init__(self, *, options: Sequence[Option], **kwargs: Any) -> None:
        kwargs.setdefault("what", "the letter of one option, in quotes")
        super().__init__(**kwargs)
        keys = [o.key for o in options]
        if len(options) < 2 or len(set(keys)) != len(keys):
            raise ValueError(f"{self.heading}: a choice needs two or more options with own keys")
        if any(len(k) != 1 or not k.islower() for k in keys):
            raise ValueError(f"{self.heading}: option keys are single lower-case letters")
        self.choices = tuple(options)
        self._by_key = {o.key: o for o in options}

    @property
    def solution_code(self) -> str:
        """The model solution: the given code, or the assignment of the right letter (which
        the data decides, so it cannot be typed in advance)."""
        return self._solution_given or f'{self.variable} = "{self.expected}"'

    @solution_code.setter
    def solution_code(self, code: str) -> None:
        self._solution_given = code

    # -- what the learner calls -------------------------------------------------------
    def options(self) -> None:
        """Show the options with their letters."""
        from storecrm.exercises.feedback import show

        show(self.options_feedback())

    def options_feedback(self) -> Feedback:
        """The feedback object behind :meth:`options`."""
        lines = [f"({o.key}) {o.text}" for o in self.choices]
        return self._feedback(
            Status.HINT,
            "Choose the one the numbers support, and set `"
            + self.variable
            + "` to its letter in quotes, for example `"
            + f'{self.variable} = "{self.choices[0].key}"`.\n'
            + "\n".join(lines),
            label="Options",
        )

    def solution_feedback(self) -> Feedback:
        right = self._by_key.get(str(self.expected))
        if right is None:
            return self._broken(f"the right option {self.expected!r} is not one of the options")
        return self._feedback(
            Status.SOLUTION,
            f"({right.key}) {right.text}. {right.explanation()}",
            code=self.solution_code,
        )

    # -- checking ------------------------------------------------------------------------
    def _course_fault(self) -> Feedback | None:
        broken = super()._course_fault()
        if broken is None and str(self.expected) not in self._by_key:
            return self._broken(f"the right option {self.expected!r} is not one of the options")
        return broken

    def _evaluate(self, answer: Any) -> Feedback:
        letters = ", ".join(f'"{o.key}"' for o in self.choices)
        if not isinstance(answer, str):
            return self._feedback(
                Status.INCORRECT,
                f"`{self.variable}` is {describe_type(answer)}. Write the letter of one option "
                f'in quotes, one of {letters}, for example `{self.variable} = "'
                f'{self.choices[0].key}"`.',
            )
        key = answer.strip().strip("().").strip().lower()
        chosen = self._by_key.get(key)
        if chosen is None:
            return self._feedback(
                Status.INCORRECT,
                f"`{self.variable}` is {answer!r}, which is not one of the options. Write one "
                f"letter, one of {letters}. Run `{self.alias}.q{self.number}.options()` to see "
                "them again.",
            )
        if key == self.expected:
            return self._correct_choice(chosen)
        return self._feedback(
            Status.INCORRECT,
            f"({chosen.key}) is not what these numbers support. {chosen.explanation()} "
            "Look at your earlier results again and choose another option.",
        )

    def _correct_choice(self, chosen: Option) -> Feedback:
        meaning = self.meaning(chosen.key) if callable(self.meaning) else self.meaning
        return self._feedback(Status.CORRECT, f"{chosen.explanation()} {meaning}".strip())
