"""Staff: who is on the till for each receipt and who handles each complaint.

Each store has a manager (``-01``), two shift leads (``-02``, ``-03``) who handle
complaints, and two cashiers per till, one team on the early shift (to 15:00) and one on
the late shift. Ids read ``S04-02``: the store, then the person.

Planted for Module 10's "measure staff fairly": cashiers differ only by the shift they
work (late-shift cashiers serve smaller student and walk-in baskets), not by skill, so a
raw ranking by sales per receipt is unfair; and at Old Town (S04) the late-shift lead
``S04-02`` leaves most complaint tickets unresolved for days (``SLOW_HANDLER``).
"""

from __future__ import annotations

import numpy as np

from storecrm.data.simulation import params as P

__all__ = [
    "LATE_SHIFT_FROM",
    "SLOW_HANDLER",
    "cashiers",
    "handlers",
    "staff_ids",
    "staff_index",
]

#: Hour the late shift starts.
LATE_SHIFT_FROM = 15
#: (store index, staff number): the shift lead whose complaints are mostly slow.
SLOW_HANDLER = (3, 2)
_TILLS = np.array([s[6] for s in P.STORES])
_N_STAFF = 3 + 2 * _TILLS
_OFFSET = np.r_[0, np.cumsum(_N_STAFF)[:-1]]


def staff_ids() -> np.ndarray:
    """Every staff id in index order (the codes the simulation's staff numbers point to)."""
    codes = [
        f"{P.STORES[s][0]}-{k:02d}" for s in range(len(P.STORES)) for k in range(1, _N_STAFF[s] + 1)
    ]
    return np.array(codes, dtype=object)


def cashiers(rng: np.random.Generator, store: np.ndarray, hour: np.ndarray) -> np.ndarray:
    """Staff index of the cashier for each receipt: one of the store's shift team."""
    late = hour >= LATE_SHIFT_FROM
    till = (rng.random(len(store)) * _TILLS[store]).astype(np.int64)
    number = 4 + till + np.where(late, _TILLS[store], 0)  # staff numbers from 1
    return _OFFSET[store] + number - 1


def handlers(rng: np.random.Generator, store: np.ndarray) -> np.ndarray:
    """Staff number (1-3: manager or a shift lead) handling each complaint ticket."""
    return rng.choice(3, len(store), p=[0.2, 0.4, 0.4]) + 1


def staff_index(store: np.ndarray, number: np.ndarray) -> np.ndarray:
    """Global staff index of staff ``number`` (from 1) at ``store``."""
    return _OFFSET[store] + number - 1
