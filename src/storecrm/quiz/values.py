"""Computed figures inside question text: ``{name:format}`` placeholders filled from the data.

A question that states a fact about Maple Street Mart ("our gross margin rate is 39.8 %",
"University Town has the lowest checkout score") must not type that fact: when the data is
regenerated, a typed figure silently becomes false. Instead the question lists the figures it
needs under ``values:`` (``name: package.module:function``, a no-argument function, usually in
:mod:`storecrm.quiz.answers`) and writes ``{name:format}`` where each one goes, in the stem,
the situation, an option's text or any feedback. A numeric question may also write
``{answer:format}`` for its own computed answer.

Formats (one formatter for the whole course, :mod:`storecrm.format`):

========== ==================================== ==================
format     value                                shows
========== ==================================== ==================
percent    a share 0-1                          ``39.8 %``
percent0   a share 0-1                          ``40 %``
yuan       money                                ``¥65.30``
yuan0      money                                ``¥3,600``
count      a whole number                       ``1,234``
decimal3   a number, three decimals (a rate)    ``0.398``
decimal2   a number, two decimals (for sums)    ``0.40``
decimal1   a number, one decimal                ``4.5``
text       a name (the default for text values) ``University Town``
========== ==================================== ==================
"""

from __future__ import annotations

import importlib
import math
import numbers
import re
from collections.abc import Callable, Mapping

from storecrm.format import count, percent, yuan

__all__ = [
    "FORMATS",
    "PLACEHOLDER_RE",
    "call_spec",
    "fill",
    "finite_number",
    "placeholders",
    "resolve_value",
]

#: ``{name}`` or ``{name:format}``; names are lower-case identifiers. A role followed by its
#: text in backticks, ``{say}`好。 / OK.```, is markup (a script line), not a placeholder.
PLACEHOLDER_RE = re.compile(r"\{([a-z_][a-z0-9_]*)(?::([a-z0-9]+))?\}(?!`)")


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"needs a number, got {type(value).__name__}")
    return float(value)


#: Format name -> function from the computed value to its text.
FORMATS: dict[str, Callable[[object], str]] = {
    "percent": lambda v: percent(_number(v), 1),
    "percent0": lambda v: percent(_number(v), 0),
    "yuan": lambda v: yuan(_number(v), 2),
    "yuan0": lambda v: yuan(_number(v), 0),
    "count": lambda v: count(_number(v)),
    "decimal3": lambda v: f"{_number(v):,.3f}",
    "decimal2": lambda v: f"{_number(v):,.2f}",
    "decimal1": lambda v: f"{_number(v):,.1f}",
    "text": lambda v: v if isinstance(v, str) else f"{v}",
}


def placeholders(text: str) -> list[tuple[str, str | None]]:
    """Every ``(name, format)`` placeholder in ``text``, in order (format None if not given)."""
    return [(m.group(1), m.group(2)) for m in PLACEHOLDER_RE.finditer(text)]


def call_spec(spec: str, kind: str = "value") -> object:
    """Call the no-argument ``package.module:function`` named by ``spec``; return its result.

    One place for the rule that a bank names a function instead of typing a figure, shared by
    ``values:`` (this module) and ``compute:`` (:func:`storecrm.quiz.bank.resolve_compute`).
    ``kind`` starts each message, so an author sees which key of the bank is at fault. Raises
    ``ValueError`` with a one-line reason when the module or function is missing or fails.
    """
    module_name, _, func_name = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ValueError(f"{kind} {spec!r}: cannot import {module_name} ({exc})") from None
    func = getattr(module, func_name, None)
    if not callable(func):
        raise ValueError(f"{kind} {spec!r}: {module_name} has no function {func_name}")
    try:
        return func()
    except Exception as exc:  # the author's function: report, don't crash the build
        raise ValueError(f"{kind} {spec!r} failed: {type(exc).__name__}: {exc}") from None


def finite_number(spec: str, result: object, kind: str = "value") -> int | float:
    """``result`` as a finite int or float, or ``ValueError`` naming the spec and what it was."""
    if isinstance(result, bool) or not isinstance(result, numbers.Real):
        raise ValueError(f"{kind} {spec!r} returned {type(result).__name__}, not a number")
    if not math.isfinite(float(result)):
        raise ValueError(f"{kind} {spec!r} returned {result}, not a finite number")
    return result if isinstance(result, int) else float(result)


def resolve_value(spec: str) -> str | float:
    """Call the no-argument ``package.module:function`` named by ``spec``.

    Returns its text or finite number. Raises ``ValueError`` with a one-line reason when the
    function is missing, fails or returns something else.
    """
    result = call_spec(spec, "value")
    return result if isinstance(result, str) else finite_number(spec, result, "value")


def fill(text: str, values: Mapping[str, str | float]) -> str:
    """Replace every placeholder in ``text`` with its formatted value.

    Raises ``ValueError`` naming the placeholder when a value is missing, a format is
    unknown, or a value cannot take its format (a share above 1 shown as ``percent``).
    """

    def one(match: re.Match[str]) -> str:
        name, fmt = match.group(1), match.group(2)
        if name not in values:
            raise ValueError(f"placeholder {{{name}}} has no value (list it under 'values:')")
        value = values[name]
        if fmt is None:
            fmt = "text" if isinstance(value, str) else "count" if isinstance(value, int) else ""
        if fmt not in FORMATS:
            known = ", ".join(FORMATS)
            raise ValueError(f"placeholder {{{name}}} needs a known format ({known})")
        try:
            return FORMATS[fmt](value)
        except ValueError as exc:
            raise ValueError(f"placeholder {{{name}:{fmt}}}: {exc}") from None

    return PLACEHOLDER_RE.sub(one, text)
