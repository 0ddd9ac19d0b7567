"""The one error type of the course: a problem the user can fix, said in one clear message.

Every public helper and command raises :class:`CourseError` (or a subclass) on bad input, so
a notebook, a test or the command line can catch one type, and a learner pointing a helper at
a store's own export sees *which table, which column, what is wrong and what to do next*
instead of a traceback from deep inside pandas.

The class derives from :class:`ValueError` because almost every case is "a value of the right
type but the wrong content"; code written before this module that caught ``ValueError`` keeps
working.

In IPython and Jupyter the error shows as its message only (``_render_traceback_``): frames
from inside the package would push the one line a learner needs off the screen.
"""

from __future__ import annotations

__all__ = ["CommandError", "CourseError"]


class CourseError(ValueError):
    """A problem the user can fix: bad data, a bad argument, a missing file.

    Parameters
    ----------
    problem:
        What is wrong, in plain words ("has 3 negative values", "is empty").
    table, column:
        Where it is, when it is about a table; both appear at the start of the message so the
        reader knows where to look before reading what is wrong.
    hint:
        What to do next ("run `storecrm data validate DIR`"); appended as its own sentence.

    Examples
    --------
    >>> str(CourseError("has 2 negative values", table="receipts", column="net_cny"))
    'receipts.net_cny: has 2 negative values.'
    """

    def __init__(
        self,
        problem: str,
        *,
        table: str | None = None,
        column: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.problem = problem
        self.table = table
        self.column = column
        self.hint = hint
        super().__init__(self._message())

    @property
    def where(self) -> str | None:
        """``table.column``, ``table`` or ``column``: the place the message starts with."""
        parts = [p for p in (self.table, self.column) if p]
        return ".".join(parts) if parts else None

    def _message(self) -> str:
        text = self.problem.rstrip()
        if text and text[-1] not in ".!?:":
            text += "."
        if self.where:
            text = f"{self.where}: {text}"
        if self.hint:
            hint = self.hint.rstrip()
            text += f" {hint}" if hint[-1] in ".!?" else f" {hint}."
        return text

    def _render_traceback_(self) -> list[str]:
        """What IPython shows instead of a traceback: the class name and the message."""
        return [f"{type(self).__name__}: {self}"]


class CommandError(CourseError):
    """A command-line problem (bad file, bad value); printed as one line, exit status 1."""
