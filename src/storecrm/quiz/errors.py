"""The one exception the quiz package raises for bad banks, and the problems it carries.

Every problem names the file and the question id, because the person who must fix it is an
author looking at a YAML file, not a Python developer reading a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from storecrm.errors import CourseError

__all__ = ["Problem", "QuizError", "display_path"]


def display_path(path: Path | str) -> str:
    """Show ``path`` relative to the course root (``chapters/03_x/quiz.yml``) when inside it.

    Book pages run from their own folder, so paths relative to the working directory would
    read differently in the build log and on the command line; the course root is stable.
    """
    p = Path(path)
    if not p.is_absolute():
        p = Path.cwd() / p
    p = Path(os.path.normpath(p))
    for folder in p.parents:
        if (folder / "_toc.yml").is_file():
            return p.relative_to(folder).as_posix()
    try:
        return p.relative_to(Path.cwd()).as_posix()
    except ValueError:
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


class QuizError(CourseError):
    """A quiz bank is broken; ``str(err)`` lists each problem as ``file: question id: problem``.

    The first line of the message is always a problem line (or a count followed by them), so a
    failed book build shows what to fix right at the top of the error.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self._message())

    def _render_traceback_(self) -> list[str]:
        """What IPython shows instead of a traceback: the problems, nothing else.

        A failed book build prints the cell's "traceback"; code frames from inside the
        package would push the one line an author needs off the screen.
        """
        return [f"QuizError: {self}", "Fix the quiz bank, then rebuild (storecrm quiz check)."]

    def _message(self) -> str:
        lines = [str(p) for p in self.problems]
        if len(lines) == 1:
            return lines[0]
        head = f"{len(lines)} problems in the quiz bank(s):"
        return "\n".join([head, *(f"  {line}" for line in lines)])
