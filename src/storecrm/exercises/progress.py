"""The summary a learner sees at the end of a notebook: which tasks are done.

Each question remembers the verdict of its last ``check()`` in this kernel
(:attr:`Question.last_status`); :func:`progress_feedback` lists them with ✓ (correct, or a
written answer compared with the model), ✗ (checked, not right yet) and · (not checked yet),
and says which task to go back to first.
"""

from __future__ import annotations

from collections.abc import Iterable

from storecrm.exercises.feedback import Feedback, Status
from storecrm.exercises.questions import Question

__all__ = ["progress_feedback"]

_DONE = {Status.CORRECT, Status.REFLECTION}


def progress_feedback(questions: Iterable[Question], *, exercise: str = "") -> Feedback:
    """A summary of the checks run so far in this kernel, one line per task."""
    questions = sorted(questions, key=lambda q: q.number)
    lines = []
    for q in questions:
        status = q.last_status
        if status in _DONE:
            mark, word = "✓", "done"
        elif status is None:
            mark, word = "·", "not checked yet"
        elif status is Status.NOT_ATTEMPTED:
            mark, word = "✗", "not attempted"
        else:
            mark, word = "✗", "not right yet"
        lines.append(f"{mark} Task {q.number}, {q.title}: {word}")
    done = sum(q.last_status in _DONE for q in questions)
    todo = [q for q in questions if q.last_status not in _DONE]
    if not todo:
        summary = f"All {len(questions)} tasks done. Well done!"
    else:
        first = todo[0]
        summary = (
            f"{done} of {len(questions)} tasks done. Next: task {first.number}; run its "
            f"cell and then `{first.alias}.q{first.number}.check()`."
        )
    status = Status.CORRECT if not todo else Status.HINT
    return Feedback(
        status, summary + "\n\n" + "\n".join(lines), title=exercise, label="Your progress"
    )
