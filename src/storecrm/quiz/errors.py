"""The one exception the quiz package raises for bad banks, and the problems it carries.

Every problem names the file and the question id, because the person who must fix it is an
author looking at a YAML file, not a Python developer reading a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Problem", "QuizError", "display_path"]


def display_path(path: Path | str) -> str:
    """Show ``path`` relative to the working directory when it is inside it (shorter lines)."""
    p = Path(path)
    if p.is_absolute():
        try:
            return str(p.relative_to(Path.cwd()))
        except ValueError:
            return str(p)
    return str(p)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a bank: where (file, question id) and what."""

    path: Path | str
    question_id: str | None
    message: str

    def __str__(self) -> str:
        where = display_path(self.path)
        if self.question_id:
            return f"{where}: {self.question_id}: {self.message}"
        return f"{where}: {self.message}"


class QuizError(ValueError):
    """A quiz bank is broken; ``str(err)`` lists each problem as ``file: question id: problem``.

    The first line of the message is always a problem line (or a count followed by them), so a
    failed book build shows what to fix right at the top of the error.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self._message())

    def _message(self) -> str:
        lines = [str(p) for p in self.problems]
        if len(lines) == 1:
            return lines[0]
        head = f"{len(lines)} problems in the quiz bank(s):"
        return "\n".join([head, *(f"  {line}" for line in lines)])
