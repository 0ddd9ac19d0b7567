"""Words for computed comparisons, so a page never states a direction the data may reverse.

Course pages glue every number from the data. A sentence such as "leavers had *longer* gaps"
is a number too: when the data set is regenerated the direction could flip. :func:`compare_word`
picks the word from the values, and the page glues the word.
"""

from __future__ import annotations

from storecrm.analysis.checks import check_number
from storecrm.errors import CourseError

__all__ = ["compare_word"]


def compare_word(
    a: float,
    b: float,
    *,
    more: str = "higher than",
    less: str = "lower than",
    same: str = "about the same as",
    tolerance: float = 0.02,
) -> str:
    """``more`` if ``a`` is clearly above ``b``, ``less`` if clearly below, else ``same``.

    "Clearly" means by more than ``tolerance`` as a share of the larger of the two absolute
    values (2 % by default), so 0.501 against 0.499 reads "about the same as".

    >>> compare_word(3.0, 2.0)
    'higher than'
    >>> compare_word(0.500, 0.505)
    'about the same as'
    """
    a = float(check_number(a, "a"))
    b = float(check_number(b, "b"))
    check_number(tolerance, "tolerance", minimum=0, below=1)
    for name, word in (("more", more), ("less", less), ("same", same)):
        if not isinstance(word, str):
            raise CourseError(f"must be text, got {word!r}", column=name)
    scale = max(abs(a), abs(b))
    if scale == 0 or abs(a - b) <= tolerance * scale:
        return same
    return more if a > b else less
