"""The ``____`` placeholder that starter cells leave for the learner to fill in.

A starter cell says ``busiest_hour = ____``. The cell must still run (so a learner copy runs
top to bottom), and ``check()`` must recognise that nothing has been written yet and say
"not attempted" instead of comparing a sentinel with the answer. A dedicated object (rather
than ``None`` or ``...``) makes that recognition unambiguous: no real answer is ever this
object.
"""

from __future__ import annotations

from typing import Any

__all__ = ["PLACEHOLDER", "Placeholder", "____", "is_placeholder", "uses_placeholder"]


class Placeholder:
    """The blank a learner replaces. There is exactly one instance, ``____``."""

    _instance: Placeholder | None = None

    def __new__(cls) -> Placeholder:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "____"

    def __bool__(self) -> bool:
        # ``if ____:`` in a starter should not crash; a blank is "nothing yet".
        return False


PLACEHOLDER = Placeholder()
____ = PLACEHOLDER


def is_placeholder(value: Any) -> bool:
    """Return True if ``value`` is the blank, or a list/tuple/dict still holding a blank."""
    if value is PLACEHOLDER:
        return True
    if isinstance(value, list | tuple | set | frozenset):
        return any(item is PLACEHOLDER for item in value)
    if isinstance(value, dict):
        return any(item is PLACEHOLDER for item in value.values())
    return False


def uses_placeholder(function: Any) -> bool:
    """Return True if a function's code still mentions ``____`` (its body is not written yet).

    Looking at the compiled names, not the source text, works in notebooks, where
    ``inspect.getsource`` is not always available.
    """
    code = getattr(function, "__code__", None)
    if code is None:
        return False
    stack = [code]
    while stack:
        current = stack.pop()
        if "____" in current.co_names:
            return True
        stack.extend(c for c in current.co_consts if hasattr(c, "co_names"))
    return False
