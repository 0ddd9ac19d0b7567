"""One shared, read-only copy of the committed data set for the quiz-answer helpers.

Quiz questions with ``compute: module:function`` or ``values:`` call small no-argument
helpers in :mod:`storecrm.quiz.answers` (``value.one_visit_member_share``,
``service.convenience_weekday_peak_hour``, ``promotions.redemption_rate`` ...). Each of
them needs the default data, and checking every quiz bank calls about a dozen of them. If each
called :func:`storecrm.data.load` itself, the whole data set would be read from CSV a dozen
times. :func:`default_data` reads it once per process and hands the same object to all of
them.

Every such helper also takes ``data=`` so tests can pass a tiny hand-made
:class:`~storecrm.data.StoreData` whose answer is worked out by hand.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - import only for type checkers
    from storecrm.data import StoreData

__all__ = ["default_data", "resolve_data"]


@cache
def default_data() -> StoreData:
    """The committed Maple Street Mart data set, loaded once per process and then shared.

    Why sharing one copy is safe: the helpers that use it only *read* it (they copy, filter
    and group, never assign into a frame), and :class:`~storecrm.data.StoreData` is frozen,
    so no table can be swapped out. Chapters, exercises and widgets do not use this object:
    they call :func:`storecrm.data.load` and get their own copies, so a learner who edits a
    frame in a notebook cannot change a quiz answer. Do not hand this object to learner code;
    call ``load()`` instead.

    ``default_data.cache_clear()`` forgets the copy (the next call reads the files again),
    for example after regenerating the data set in the same process.
    """
    from storecrm.data import load

    return load()


def resolve_data(data: StoreData | None) -> StoreData:
    """``data`` if given, else :func:`default_data`: the ``data=`` default of every helper."""
    return default_data() if data is None else data
