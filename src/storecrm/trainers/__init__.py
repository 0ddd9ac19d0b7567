"""The trainer's kit as data: training programmes (induction week, workshops, data day).

``programmes.yml`` holds the timetables; :mod:`~storecrm.trainers.programmes` checks their
times and every reference against the book; :mod:`~storecrm.trainers.render` writes the MyST
that the ``{programme}`` directive (:mod:`~storecrm.trainers.sphinx_ext`) puts on the pages.
"""

from storecrm.trainers.programmes import (
    Block,
    BookIndex,
    Day,
    Programme,
    ProgrammeError,
    load_programmes,
    parse_programmes,
)

__all__ = [
    "Block",
    "BookIndex",
    "Day",
    "Programme",
    "ProgrammeError",
    "load_programmes",
    "parse_programmes",
]
