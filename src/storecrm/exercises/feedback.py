"""What a learner sees after ``check()``, ``hint()`` or ``solution()``.

One :class:`Feedback` object renders twice: as a coloured box in Jupyter (``_repr_html_``)
and as plain text everywhere else (``__str__``), so the same message works in JupyterLab, in
the static book, in a terminal and in test assertions. Colour is never the only signal: every
message starts with a word ("Correct", "Not quite", ...), because some readers cannot tell
green from red.
"""

from __future__ import annotations

import enum
import html
import re
from dataclasses import dataclass

__all__ = ["Feedback", "Status", "show"]


class Status(enum.Enum):
    """The kind of message; it decides the label and the colour."""

    CORRECT = "correct"
    INCORRECT = "incorrect"
    NOT_ATTEMPTED = "not_attempted"
    ERROR = "error"
    HINT = "hint"
    SOLUTION = "solution"
    REFLECTION = "reflection"
    BROKEN = "broken"


# label, border colour (Okabe-Ito, colour-blind safe), background tint
_STYLE: dict[Status, tuple[str, str, str]] = {
    Status.CORRECT: ("Correct", "#009E73", "#e8f6f0"),
    Status.INCORRECT: ("Not quite", "#D55E00", "#fbeee6"),
    Status.NOT_ATTEMPTED: ("Not attempted", "#0072B2", "#e8f1f8"),
    Status.ERROR: ("Problem in your code", "#E69F00", "#fdf5e6"),
    Status.HINT: ("Hint", "#56B4E9", "#eef7fc"),
    Status.SOLUTION: ("Solution", "#555555", "#f3f3f3"),
    Status.REFLECTION: ("Model answer", "#CC79A7", "#f9eef4"),
    # The course's own fault (the right answer could not be computed): never the learner's.
    Status.BROKEN: ("Problem in the exercise", "#000000", "#eeeeee"),
}

_INLINE_CODE = re.compile(r"`([^`]+)`")


@dataclass(frozen=True)
class Feedback:
    """One message for the learner.

    Parameters
    ----------
    status
        What kind of message this is (correct, incorrect, hint, ...).
    message
        The text, in plain English. Inline code goes in backticks: it becomes ``<code>`` in
        HTML and stays as backticks in plain text.
    title
        The task it belongs to, e.g. ``"Task 3 - Busiest hour"``.
    label
        Overrides the status word, e.g. ``"Hint 2 of 3"``.
    code
        Optional code shown in a block below the message (solutions, rubrics).
    """

    status: Status
    message: str
    title: str = ""
    label: str = ""
    code: str = ""

    @property
    def heading(self) -> str:
        """The first words of the message: the label and, if known, the task."""
        word = self.label or _STYLE[self.status][0]
        return f"{word} ({self.title})" if self.title else word

    def __str__(self) -> str:
        text = f"{self.heading}: {self.message}"
        if self.code:
            text += "\n\n" + self.code
        return text

    def __repr__(self) -> str:
        # Jupyter's text/plain output and the terminal show this: keep it the readable text.
        return str(self)

    def _repr_html_(self) -> str:
        _, border, background = _STYLE[self.status]
        body = _INLINE_CODE.sub(r"<code>\1</code>", html.escape(self.message, quote=False))
        body = body.replace("\n", "<br>")
        parts = [
            f'<div class="storecrm-feedback storecrm-feedback-{self.status.value}" '
            f'style="border-left: 6px solid {border}; background: {background}; color: #1a1a1a; '
            f'padding: 0.5em 0.9em; margin: 0.4em 0; border-radius: 3px; line-height: 1.45;">',
            f"<strong>{html.escape(self.heading)}:</strong> {body}",
        ]
        if self.code:
            parts.append(
                '<pre style="background: #ffffff; padding: 0.5em; margin: 0.5em 0 0.1em; '
                'white-space: pre-wrap;">'
                f"<code>{html.escape(self.code, quote=False)}</code></pre>"
            )
        parts.append("</div>")
        return "".join(parts)


def show(feedback: Feedback) -> None:
    """Display feedback: a coloured box under IPython/Jupyter, plain text otherwise."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython is a dependency
        print(feedback)
        return
    if get_ipython() is None:
        print(feedback)
    else:
        display(feedback)
